"""Defect 9: long-text items are multi-line boxes across the question that grow with what is typed,
and the keyboard still moves on (Enter or Tab; Shift+Enter starts a new line)."""

from __future__ import annotations

from typing import Any

import pytest
from case_helpers import SHOTS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTextEdit

from dash_desktop.forms.form import AssessmentForm
from dash_desktop.forms.items import TextItem
from dash_desktop.forms.session import FormSession
from dash_desktop.forms.text_box import MAX_LINES, MIN_LINES
from dash_desktop.questionnaires import Registry


@pytest.fixture
def form(qtbot: Any, registry: Registry) -> AssessmentForm:
    session = FormSession(registry.get("dash-ric"), answers={"q1": "yes", "professional_judgement": "high"})
    widget = AssessmentForm(session)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("item_id", ["q1_detail", "professional_judgement_reason", "children_details",
                                     "other_relevant_information"])
def test_long_text_is_a_wide_multi_line_box(form: AssessmentForm, item_id: str) -> None:
    widget = form.items[item_id]
    assert isinstance(widget, TextItem)
    assert isinstance(widget.edit, QTextEdit)  # a one-line box before
    form.session.set_answer("children_count", 2)
    form.focus_item(item_id)
    QApplication.processEvents()
    if widget.isVisible():
        assert widget.edit.width() >= 0.85 * widget.contentsRect().width()  # about 330 px before
        assert widget.edit.lines_shown() == MIN_LINES
    assert "Enter moves on; Shift+Enter starts a new line" in widget.edit.placeholderText()


def test_the_box_grows_with_what_is_typed(form: AssessmentForm, qtbot: Any) -> None:
    widget = form.items["q1_detail"]
    assert isinstance(widget, TextItem)
    form.focus_item("q1_detail")
    widget.edit.insertPlainText("Bruised ribs.\nA cut above the eye.\nSeen at A&E.\nThe first time she went.")
    QApplication.processEvents()
    assert widget.edit.lines_shown() == 4
    widget.edit.insertPlainText("\nmore" * 20)
    QApplication.processEvents()
    assert widget.edit.lines_shown() == MAX_LINES  # then it scrolls
    assert form.grab().save(str(SHOTS / "long-text-box.png"))


def test_enter_moves_on_and_shift_enter_starts_a_line(form: AssessmentForm, qtbot: Any) -> None:
    widget = form.items["q1_detail"]
    assert isinstance(widget, TextItem)
    form.focus_item("q1_detail")
    qtbot.keyClicks(widget.edit, "Split lip")
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(widget.edit, "and a black eye")
    assert form.current == "q1_detail"
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    assert form.session.answer("q1_detail") == "Split lip\nand a black eye"
    assert form.current == "q2"  # moved on to the next question
    form.focus_item("professional_judgement_reason")
    reason = form.items["professional_judgement_reason"]
    assert isinstance(reason, TextItem)
    qtbot.keyClicks(reason.edit, "Strangulation disclosed")
    qtbot.keyClick(reason.edit, Qt.Key.Key_Tab)  # Tab moves on too (never types a tab)
    assert form.session.answer("professional_judgement_reason") == "Strangulation disclosed"
    assert "\t" not in reason.edit.toPlainText()
