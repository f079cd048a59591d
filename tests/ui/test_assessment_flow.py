"""Through the main window, as a practitioner: prefilling from the last assessment copies only what
persists (defect 10); a follow-on screen starts in one click with what is known filled in
(defect 7); the subject is asked before signing and Enter never signs (defects 11, 12); a completed
assessment opens read-only, and its signed PDF can be saved after the first save was cancelled
(defect 5) (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from case_helpers import SHOTS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dash_desktop.questionnaires import Registry
from dash_desktop.reports.verify import verify_report
from dash_desktop.store import PractitionerProfile, Store
from dash_desktop.store.keys import TEST_KDF
from dash_desktop.ui.assessment_page import AssessmentPage, ReviewDialog
from dash_desktop.ui.assessment_view import AssessmentView
from dash_desktop.ui.main_window import SAVE_LATER, MainWindow

TODAY = dt.date.today()


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> MainWindow:
    profile = PractitionerProfile(name="Ana Practitioner", role="IDVA", organisation="Example IDVA Service")
    store = Store.create("correct horse battery staple", profile, tmp_path / "data", kdf=TEST_KDF)
    win = MainWindow(store, tmp_path / "data", registry=Registry.default())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    return win


def answer_the_rest(page: AssessmentPage, **given: Any) -> None:
    """Every required question still to answer: "no", and 0 for a count."""
    for item_id, value in given.items():
        page.session.set_answer(item_id, value)
    while missing := page.session.unanswered():
        item = missing[0]
        page.session.set_answer(item.id, 0 if item.type == "number" else "no")


def complete_and_sign(window: MainWindow, qtbot: Any, page: AssessmentPage) -> int:
    result = page.session.result()
    assert not isinstance(result, str) and result.complete
    with qtbot.waitSignal(window.signed, timeout=30_000):
        page.complete(result)
    return page.assessment_id


def test_prefill_copies_only_what_persists(window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store = window.store
    case = store.cases.add("HX-2026-0300")
    store.people.add(case.id, "victim", "Jo Bloggs")
    for n in (1, 2):
        store.people.add(case.id, "child", f"Child {n}")
    window.open_case(case.id)
    window.start_assessment(case.id, "dash-ric", None)
    page = window.assessment
    assert page is not None
    assert page.session.answer("children_count") == 2  # from the household, not asked again
    answer_the_rest(page, q1="yes", q1_detail="Black eye from Saturday", q4="yes", q13="yes",
                    q13_detail="A kitchen knife", professional_judgement="high",
                    professional_judgement_reason="Strangulation disclosed last week")
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: "")
    first = complete_and_sign(window, qtbot, page)

    window.start_assessment(case.id, "dash-ric", first)  # "Prefill from the last assessment"
    page = window.assessment
    assert page is not None and page.assessment_id != first
    answers = store.assessments.get(page.assessment_id).answers
    for this_incident in ("q1", "q1_detail", "professional_judgement", "professional_judgement_reason"):
        assert this_incident not in answers  # copied before: the old injury and the old judgement
    assert (answers["q4"], answers["q13"], answers["q13_detail"]) == ("yes", "yes", "A kitchen knife")
    assert page.form.current == "q1"  # the keyboard starts on this incident's first question


def test_a_follow_on_screen_starts_in_one_click(window: MainWindow, qtbot: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    store = window.store
    case = store.cases.add("HX-2026-0301")
    store.people.add(case.id, "victim", "Jo Bloggs", date_of_birth=dt.date(1991, 8, 14))
    window.open_case(case.id)
    window.start_assessment(case.id, "dash-ric", None)
    page = window.assessment
    assert page is not None
    answer_the_rest(page, q2="yes", q8="yes", honour_concern="no")
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: "")
    complete_and_sign(window, qtbot, page)
    view = window.case_view
    assert view is not None and window.workspace.currentWidget() is view
    assert list(view.follow_on.buttons) == ["dash-stalking"]
    button = view.follow_on.buttons["dash-stalking"]
    assert button.text() == "Start: Stalking and harassment screen (S-DASH)"  # "Also complete: dash-stalking" before
    assert view.follow_on.isVisible()
    button.click()
    screen = window.assessment
    assert screen is not None and screen.session.questionnaire.id == "dash-stalking"
    assert screen.session.answer("s1") == "yes"  # the DASH's q2: not asked again
    s1 = screen.form.items["s1"]
    assert s1.buttons["yes"].isChecked()
    assert s1.prefilled.isVisible()
    assert s1.prefilled.text().startswith("⤷ Filled in from the DASH risk identification checklist (victim) of")
    assert screen.form.current == "s2"  # the keyboard starts at the first question still to answer
    qtbot.wait(50)
    assert window.grab().save(str(SHOTS / "follow-on-stalking-screen.png"))
    screen.form.focus_item("s1")
    qtbot.keyClick(QApplication.focusWidget() or screen.focusWidget(), Qt.Key.Key_N)  # editable, by keyboard
    assert screen.session.answer("s1") == "no" and not s1.prefilled.isVisible()
    screen.back.emit()
    assert view.follow_on.buttons == {}  # begun: resumed from the drafts now


def test_the_subject_is_asked_before_signing_and_enter_never_signs(window: MainWindow, qtbot: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: "")
    store = window.store
    case = store.cases.add("HX-2026-0302")  # no victim recorded
    window.open_case(case.id)
    window.start_assessment(case.id, "dash-ric", None)
    page = window.assessment
    assert page is not None
    answer_the_rest(page)
    page.review()
    dialog = page.dialog
    assert isinstance(dialog, ReviewDialog) and dialog.subject is not None
    assert not dialog.complete_button.isEnabled()  # completed and signed as "Subject: not recorded" before
    assert "Say who was assessed" in dialog.blocker.text()
    added = dialog.subject.add_person()
    added.name.insert("Jo Bloggs")  # type: ignore[attr-defined]
    added.buttons.button(added.buttons.StandardButton.Save).click()  # type: ignore[attr-defined]
    assert dialog.subject.people.currentText() == "Jo Bloggs"
    assert dialog.complete_button.isEnabled()
    assert not dialog.complete_button.isDefault() and not dialog.complete_button.autoDefault()
    accepted: list[bool] = []
    dialog.accepted.connect(lambda: accepted.append(True))
    dialog.activateWindow()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter completed and signed before
    assert accepted == [] and store.assessments.get(page.assessment_id).status == "draft"
    page.review()
    dialog = page.dialog
    assert isinstance(dialog, ReviewDialog)
    assert dialog.subject is not None  # named when completing: asked again, Jo (now the household's victim) chosen
    assert dialog.subject.people.currentText() == "Jo Bloggs" and dialog.complete_button.isEnabled()
    with qtbot.waitSignal(window.signed, timeout=30_000):
        dialog.complete_button.click()
    record = store.assessments.get(page.assessment_id)
    assert record.status == "signed"
    jo = next(p for p in store.cases.get(case.id).people if p.name == "Jo Bloggs")
    assert record.subject_person_id == jo.id


def test_a_completed_assessment_opens_read_only_and_its_pdf_can_be_saved_later(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = window.store
    case = store.cases.add("HX-2026-0303")
    store.people.add(case.id, "victim", "Jo Bloggs")
    window.open_case(case.id)
    window.start_assessment(case.id, "dash-ric", None)
    page = window.assessment
    assert page is not None
    answer_the_rest(page, q14="yes", q15="yes", professional_judgement="high",
                    professional_judgement_reason="Threats to kill, believed")
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: "")  # the practitioner cancels the save
    assessment_id = complete_and_sign(window, qtbot, page)
    assert window.statusBar().currentMessage() == SAVE_LATER  # the way back is said, in the app
    view = window.case_view
    assert view is not None
    dialog = view.open_record(assessment_id)
    assert isinstance(dialog, AssessmentView)
    assert "Completed by Ana Practitioner" in dialog.signature.text() and "signed on" in dialog.signature.text()
    assert "Threats to kill, believed" in dialog.answers_view.toPlainText()
    result = dialog.result_view.toPlainText()
    assert "Risk level: HIGH" in result and "Professional judgement: high" in result
    assert "Shown as stored" not in result  # scored again to the very result stored
    qtbot.wait(50)
    assert dialog.grab().save(str(SHOTS / "assessment-read-only.png"))
    out = tmp_path / "saved-later.pdf"
    monkeypatch.setattr(dialog, "ask_save_path", lambda suggested: str(out))
    dialog.save_button.click()
    stored = store.documents.get(store.documents.ids(assessment_id)[-1])
    assert out.read_bytes() == stored.content
    assert verify_report(out.read_bytes()).sound  # intact and valid (no trust anchor given)
    assert dialog.verified.text() == "Saved: saved-later.pdf"
    dialog.verify_button.click()
    assert dialog.verified.text().startswith("✓ Intact and valid: signed by Ana Practitioner, Example IDVA Service")
    events = store.audit.events(20)
    assert any(e.action == "export" and e.entity_id == assessment_id for e in events)
    dialog.reject()
    qtbot.waitUntil(lambda: view.dialog is None)
