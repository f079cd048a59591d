"""A trainee in a class, at the keyboard: picks a scenario, reads it, answers the same form a real
assessment uses with two deliberate mistakes, and sees exactly those two in the feedback, with their
teaching notes; the class export then holds their result (pytest-qt, offscreen)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton
from training_helpers import ESCALATION, shot
from training_window_helpers import answer_with_two_mistakes, pick, press, start_class

from dash_desktop.training import Scenario
from dash_desktop.training_store import TrainingStore
from dash_desktop.ui.training.window import TrainingWindow


def test_two_mistakes_are_exactly_the_two_in_the_feedback_and_the_class_export_holds_them(
    window: TrainingWindow, qtbot: Any, by_id: dict[str, Scenario], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = by_id[ESCALATION]
    start_class(window, qtbot, "Alex")
    page = pick(window, qtbot, "Alex", "four police")
    assert "four times since last May" in page.story.toPlainText()  # the trainee reads the story
    assert window.banner.who.text() == "Alex · Housing officers, spring"
    assert page.result_hidden  # they judge the risk before they see it
    answer_with_two_mistakes(page, qtbot, model)
    assert page.result_hidden
    press(qtbot, [Qt.Key.Key_Return], Qt.KeyboardModifier.ControlModifier)

    feedback = window.feedback
    assert window.pages.currentWidget() is feedback
    assert feedback.shown_items == ("q5", "incidents_12m")
    text = feedback.browser.toPlainText()
    assert "Where your answers differ (2)" in text
    assert f"Why: {model.notes['q5']}" in " ".join(text.split())
    assert " ".join(model.notes["incidents_12m"].split()) in " ".join(text.split())
    assert model.notes["q4"] not in text  # a note is shown only where the trainee differs
    assert "Score: 31 of 33 items as the model answers (93%)" in text
    assert "Risk level standard high ✗ differs" in " ".join(text.split())

    out = tmp_path / "class.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "CSV (*.csv)"))
    window.show_class()
    next(b for b in window.class_page.findChildren(QPushButton) if b.text() == "Export &CSV…").click()
    (row,) = csv.DictReader(io.StringIO(out.read_text("utf-8-sig")))
    assert (row["trainee"], row["scenario"], row["agreeing"], row["items"], row["percent"]) == (
        "Alex", ESCALATION, "31", "33", "93")
    assert row["differences"] == "q5 incidents_12m"
    assert row["outcome_differs"] == "risk_level yes_count marac.refer marac.criteria idash.tier"


def test_every_answer_is_autosaved_and_an_attempt_continues_where_it_stopped(
    window: TrainingWindow, qtbot: Any, training_dir: Path
) -> None:
    page = pick(window, qtbot, "Practising", "four police")
    press(qtbot, "NNNY")
    with TrainingStore.open(training_dir) as other:  # what a crash would leave: every answer given
        (attempt,) = other.attempts()
        assert attempt.document.answers == {"q1": "no", "q2": "no", "q3": "no", "q4": "yes"}
        assert attempt.document.meta == {"training": True, "scenario": ESCALATION}
    page._back()
    again = pick(window, qtbot, "Practising", "")
    assert again.attempt.id == attempt.id
    assert again.session.answers == {"q1": "no", "q2": "no", "q3": "no", "q4": "yes"}
    assert again.form.current == "q5"  # the keyboard is on the first question still to answer


def test_finishing_asks_for_every_required_answer_first(
    window: TrainingWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr("dash_desktop.ui.training.attempt_page.show_error", lambda _p, _t, text: said.append(text))
    page = pick(window, qtbot, "Practising", "four police")
    press(qtbot, "NNNY")
    page.finish()
    assert window.attempt_page is page and said and said[0].startswith("Answer every required question first")
    assert page.form.current == "q5"


def test_the_picker_the_scenario_and_the_feedback_at_1366_by_768_and_large(
    window: TrainingWindow, qtbot: Any, by_id: dict[str, Scenario]
) -> None:
    for width, height, size in ((1366, 768, "1366x768"), (1920, 1080, "large")):
        window.resize(width, height)
        window.show_picker()
        window.picker.select(ESCALATION)
        qtbot.wait(50)
        assert window.width() == width  # nothing forces the window wider than the screen
        shot(window, f"training-picker-{size}")
    page = pick(window, qtbot, "Practising", "four police")
    answer_with_two_mistakes(page, qtbot, by_id[ESCALATION])
    window.resize(1366, 768)
    shot(window, "training-scenario-1366x768")
    page.finish()
    for width, height, size in ((1366, 768, "1366x768"), (1920, 1080, "large")):
        window.resize(width, height)
        qtbot.wait(50)
        assert window.width() == width
        shot(window, f"training-feedback-{size}")
