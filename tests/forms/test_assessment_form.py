"""The guided form, driven by the keyboard as a practitioner would (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QRadioButton, QTextEdit, QWidget

from dash_desktop.forms.form import AssessmentForm
from dash_desktop.forms.items import ChoiceItem, LineItem
from dash_desktop.forms.session import FormSession
from dash_desktop.questionnaires import Registry, parse_definition
from dash_desktop.questionnaires.loader import read_data_file

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture
def form(qtbot: Any, registry: Registry) -> AssessmentForm:
    session = FormSession(registry.get("dash-ric"), assessed_on=dt.date(2026, 11, 20))
    widget = AssessmentForm(session)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    widget.start()
    return widget


class Keyboard:
    """Types into whatever has focus, counting every key, as the 30-key budget counts them."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.presses = 0

    def press(self, keys: str | list[Any], modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        for key in keys:
            target = QApplication.focusWidget()
            assert target is not None, "nothing has the keyboard"
            qt_key = key if isinstance(key, Qt.Key) else getattr(Qt.Key, f"Key_{key.upper()}")
            self.qtbot.keyClick(target, qt_key, modifier)
            self.presses += 1


def current(form: AssessmentForm) -> str:
    widget: QWidget | None = QApplication.focusWidget()
    while widget is not None and widget not in form.items.values():
        widget = widget.parentWidget()
    assert widget is not None
    return next(i for i, w in form.items.items() if w is widget)


def answer_checklist(kb: Keyboard, answers: str) -> None:
    """24 answers as a string of Y / N / D, then the required context the way a practitioner types it."""
    kb.press(answers)
    kb.press(["2", Qt.Key.Key_Return])  # incidents in the past 12 months
    kb.press("N")  # honour concern
    kb.press("N")  # unsafe at home
    kb.press(["1", Qt.Key.Key_Return])  # children in the household


@pytest.mark.parametrize(
    "answers",
    ["N" * 24, "Y" * 24, "YYNYNYYYNNYYYYNNYNNYYNYN", "DDDDDDDDDDDDDDDDDDDDDDDD", "YNDYNDYNDYNDYNDYNDYNDYND"],
)
def test_checklist_completes_in_thirty_keys(form: AssessmentForm, qtbot: Any, answers: str) -> None:
    kb = Keyboard(qtbot)
    assert current(form) == "q1"  # the keyboard starts on the first question
    answer_checklist(kb, answers)
    session = form.session
    assert kb.presses <= 30
    assert session.unanswered() == []
    expected = {"Y": "yes", "N": "no", "D": "dont_know"}
    assert [session.answer(f"q{i}") for i in range(1, 25)] == [expected[a] for a in answers]
    result = session.result()
    assert not isinstance(result, str)
    assert result.complete
    assert result.yes_count == answers.count("Y")
    assert "Risk level" in form.result_panel.label.text()


def test_shift_stops_at_the_follow_up_and_enter_returns(form: AssessmentForm, qtbot: Any) -> None:
    kb = Keyboard(qtbot)
    kb.press("Y", Qt.KeyboardModifier.ShiftModifier)
    assert current(form) == "q1_detail"
    form.items["q1_detail"].edit.insertPlainText("Bruised ribs; the first time she went to A&E.")
    kb.press([Qt.Key.Key_Return])
    assert current(form) == "q2"
    assert form.session.answer("q1_detail") == "Bruised ribs; the first time she went to A&E."
    kb.press("Y")  # plain Y: past the detail box to the next question
    assert current(form) == "q3"
    assert form.items["q2_detail"].isVisible()


def test_follow_ups_appear_only_when_relevant(form: AssessmentForm, qtbot: Any) -> None:
    kb = Keyboard(qtbot)
    assert form.items["q1_detail"].isHidden()
    kb.press("Y")
    assert form.items["q1_detail"].isVisible()
    form.focus_item("q1")
    kb.press("N")
    assert form.items["q1_detail"].isHidden()
    assert form.session.answer("q1") == "no"


def test_live_result_shows_each_criterion_with_its_reason(form: AssessmentForm, qtbot: Any) -> None:
    kb = Keyboard(qtbot)
    kb.press("Y" * 14 + "N" * 10)
    text = form.result_panel.label.text()
    assert "HIGH" in text
    assert "MARAC: refer" in text
    assert "☑ met: visible high risk — 14 yes answers, at or over the threshold of 14." in text
    assert "Threats to kill were reported" in text  # a prompt, with its reason


def test_judgement_needs_a_reason_and_can_only_raise(form: AssessmentForm, qtbot: Any) -> None:
    kb = Keyboard(qtbot)
    kb.press("N" * 24)
    form.focus_item("professional_judgement")
    kb.press("3")  # the third choice: high
    assert form.session.answer("professional_judgement") == "high"
    waiting = form.result_panel.label.text()
    # The last result stays in view while its reason is typed, marked as not yet counting the judgement.
    assert "Result paused" not in waiting
    assert "Risk level so far: STANDARD" in waiting
    assert "☐ not met: professional judgement" in waiting
    assert "Pending" in waiting and "needs its reason" in waiting
    assert "Pending" in form.result_panel.label.accessibleDescription()
    assert current(form) == "professional_judgement_reason"  # required now: the keyboard goes there
    reason = form.items["professional_judgement_reason"].edit
    reason.insertPlainText("Strangulation last week, disclosed after the call.")
    kb.press([Qt.Key.Key_Return])
    text = form.result_panel.label.text()
    assert "HIGH" in text
    assert "☑ met: professional judgement" in text
    assert "Pending" not in text


def test_a_result_that_cannot_be_worked_out_yet_says_so(qtbot: Any, registry: Registry) -> None:
    """Opened with a judgement but no reason: no earlier result to keep, so the panel says what is pending."""
    session = FormSession(registry.get("dash-ric"), assessed_on=dt.date(2026, 11, 20),
                          answers={"professional_judgement": "high"})
    widget = AssessmentForm(session)
    qtbot.addWidget(widget)
    text = widget.result_panel.label.text()
    assert "Pending" in text and "needs its reason" in text
    assert "Risk level" not in text


def test_a_wrong_number_is_explained_and_nothing_is_lost(form: AssessmentForm, qtbot: Any) -> None:
    kb = Keyboard(qtbot)
    kb.press("NNY")
    form.focus_item("incidents_12m")
    widget = form.items["incidents_12m"]
    assert isinstance(widget, LineItem)
    widget.edit.insert("two")
    kb.press([Qt.Key.Key_Return])
    assert current(form) == "incidents_12m"  # does not move on
    assert widget.error.isVisible()
    assert "not a number" in widget.error.text()
    assert form.session.answers == {"q1": "no", "q2": "no", "q3": "yes"}
    widget.edit.selectAll()
    widget.edit.insert("4")
    kb.press([Qt.Key.Key_Return])
    assert form.session.answer("incidents_12m") == 4
    assert widget.error.isHidden()


def test_autosave_signal_on_every_answer(form: AssessmentForm, qtbot: Any) -> None:
    kb = Keyboard(qtbot)
    with qtbot.waitSignals([form.answers_changed] * 3, timeout=1000):
        kb.press("YNN")


def test_sidebar_shows_progress_in_words(form: AssessmentForm, qtbot: Any) -> None:
    kb = Keyboard(qtbot)
    kb.press("NNNNN")
    first = form.sidebar.item(0).text()
    assert first.startswith("✓ What is happening now")
    assert "(5/5)" in first
    assert "(0/4)" in form.sidebar.item(1).text()


def test_every_input_has_an_accessible_name_and_a_label(form: AssessmentForm) -> None:
    for item_id, widget in form.items.items():
        inputs = (widget.findChildren(QRadioButton) + widget.findChildren(QLineEdit) + widget.findChildren(QCheckBox)
                  + widget.findChildren(QTextEdit))
        assert inputs, item_id
        for child in inputs:
            assert child.accessibleName(), f"{item_id}: {child!r} has no accessible name"
        assert widget.prompt.buddy() is not None, item_id
        if isinstance(widget, ChoiceItem):
            assert all(b.accessibleDescription() for b in widget.buttons.values())


def test_screenshot(form: AssessmentForm, qtbot: Any) -> None:
    kb = Keyboard(qtbot)
    kb.press("YYNYNNYYNYYYNYNNNNNYNNYN")
    SHOTS.mkdir(exist_ok=True)
    qtbot.wait(50)  # let the layout settle as it would on screen
    assert form.grab().save(str(SHOTS / "assessment-form.png"))
    labels = [w.text() for w in form.findChildren(QLabel)]
    assert any("Risk level" in t for t in labels)


def test_the_form_serves_the_perpetrator_instrument_too(qtbot: Any, registry: Registry) -> None:
    session = FormSession(registry.get("perpetrator-risk-needs"), assessed_on=dt.date(2026, 11, 20))
    widget = AssessmentForm(session)
    qtbot.addWidget(widget)
    session.set_answer("age", 34)
    session.set_answer("incidents_12m", 3)
    session.set_answer("victims_count", 2)
    session.set_answer("gravity", "physical")
    session.set_answer("motivation", "motivated")
    text = widget.result_panel.label.text()
    assert "Priority perpetrator" in text
    assert "DAPP pathway" in text
    assert "victim safety" in text.lower()
    SHOTS.mkdir(exist_ok=True)
    widget.resize(1400, 900)
    assert widget.grab().save(str(SHOTS / "perpetrator-form.png"))


def test_usable_at_double_font_size(qtbot: Any, registry: Registry) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    big = QFont(font)
    big.setPointSizeF(font.pointSizeF() * 2)
    app.setFont(big)
    try:
        session = FormSession(registry.get("dash-ric"), assessed_on=dt.date(2026, 11, 20))
        widget = AssessmentForm(session)
        qtbot.addWidget(widget)
        widget.resize(1400, 900)
        widget.show()
        qtbot.waitExposed(widget)
        widget.focus_item("q14")
        qtbot.wait(50)
        for item in ("q1", "q14", "q21"):
            prompt = widget.items[item].prompt
            assert prompt.height() >= prompt.heightForWidth(prompt.width()), f"{item}'s question is cut off"
        SHOTS.mkdir(exist_ok=True)
        assert widget.grab().save(str(SHOTS / "assessment-form-200pc-font.png"))
    finally:
        app.setFont(font)


def test_an_unfinished_checklist_never_looks_safe(form: AssessmentForm, qtbot: Any) -> None:
    Keyboard(qtbot).press("NNN")
    text = form.result_panel.label.text()
    assert "Risk level so far: STANDARD" in text
    assert "can rise" in text
    assert "#2e7d32" not in text  # no reassuring green until every required question is answered


def test_what_changed_is_shown_in_words(qtbot: Any, registry: Registry) -> None:
    session = FormSession(registry.get("dash-ric"), assessed_on=dt.date(2026, 11, 20),
                          answers={"previous_marac_on": "2026-06-02"}, baseline={"previous_marac_on": "2026-05-01"})
    widget = AssessmentForm(session)
    qtbot.addWidget(widget)
    assert widget.items["previous_marac_on"].change.text() == "↻ Changed since the last assessment (was: 1 May 2026)"


MARKUP = "Risk <b>bold</b> & <i>co</i>"


def shown(label: QLabel) -> str:
    """What a label puts on screen: its text, as Qt reads it (markup obeyed where it is rich text)."""
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    return QTextDocumentFragment.fromHtml(text).toPlainText() if rich else text


def test_text_from_a_definition_is_shown_not_obeyed(qtbot: Any, registry: Registry) -> None:
    """A questionnaire file's title, description, section titles, guidance and prompts are text: a
    "<b>" or an "&" in them is shown as written, never taken as markup."""
    source = registry.get("dash-ric").source
    assert source is not None
    data = read_data_file(source)
    data["title"] = f"Title {MARKUP}"
    data["description"] = f"Description {MARKUP}"
    section = data["sections"][0]
    section["title"] = f"Section {MARKUP}"
    section["description"] = f"Section note {MARKUP}"
    section["items"][0]["prompt"] = f"Prompt {MARKUP}?"
    section["items"][0]["guidance"] = f"Guidance {MARKUP}"
    questionnaire = parse_definition(data)
    widget = AssessmentForm(FormSession(questionnaire, assessed_on=dt.date(2026, 11, 20)))
    qtbot.addWidget(widget)
    texts = [shown(label) for label in widget.findChildren(QLabel)]
    for part in ("Title", "Description", "Section", "Section note", "Prompt", "Guidance"):
        assert any(f"{part} {MARKUP}" in t for t in texts), f"{part} is not shown as written"
    count = widget.items["incidents_12m"]
    assert isinstance(count, LineItem)
    count.edit.setText("<b>two</b>")
    assert not count.save()
    assert "'<b>two</b>' is not a number" in shown(count.error)  # what was typed, quoted as typed


def test_the_question_the_keyboard_is_on_is_outlined(form: AssessmentForm, qtbot: Any) -> None:
    Keyboard(qtbot).press("YN")
    assert [i for i, w in form.items.items() if w.is_current] == ["q3"] == [current(form)]
    image = form.items["q3"].grab().toImage()
    assert image.pixelColor(1, image.height() // 2).name() == "#1565c0"  # drawn, not only flagged
    assert form.items["q2"].grab().toImage().pixelColor(1, 10).name() != "#1565c0"
