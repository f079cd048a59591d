"""An assessment in the app: every answer saved as it is given, a draft that survives closing the
window, review, and completion that locks it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dash_desktop.assessment import load_profile
from dash_desktop.questionnaires import Registry
from dash_desktop.reports.stored import complete_and_sign
from dash_desktop.store import Store
from dash_desktop.ui.assessment_page import AssessmentPage, ReviewDialog, answers_html


def open_page(qtbot: Any, store: Store, assessment_id: int) -> AssessmentPage:
    page = AssessmentPage(store, assessment_id, profile=load_profile("hampshire"), registry=Registry.default())
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    page.start()
    return page


def focused(page: AssessmentPage) -> Any:
    """Where the page's keyboard focus is (offscreen windows are not always made active)."""
    return QApplication.focusWidget() or page.focusWidget()


def type_keys(qtbot: Any, page: AssessmentPage, keys: str) -> None:
    for key in keys:
        target = focused(page)
        assert target is not None
        qtbot.keyClick(target, getattr(Qt.Key, f"Key_{key}"))


@pytest.fixture
def draft(store: Store, registry: Registry) -> int:
    case = store.cases.add("HX-2026-0042", area="Havant")
    q = registry.get("dash-ric")
    return store.assessments.start(case.id, q.id, questionnaire_version=q.version,
                                   questionnaire_hash=q.content_hash).id


def test_every_answer_is_in_the_store_at_once(qtbot: Any, store: Store, draft: int) -> None:
    page = open_page(qtbot, store, draft)
    type_keys(qtbot, page, "YN")
    assert store.assessments.get(draft).answers == {"q1": "yes", "q2": "no"}
    type_keys(qtbot, page, "D")
    assert store.assessments.get(draft).answers["q3"] == "dont_know"
    assert page.saved.text().startswith("Saved")


def test_a_closed_window_loses_nothing(qtbot: Any, store: Store, draft: int) -> None:
    page = open_page(qtbot, store, draft)
    type_keys(qtbot, page, "YYNN")
    page.form.focus_item("q1_detail")
    page.form.items["q1_detail"].edit.insertPlainText("Black eye; the first injury.")  # typed, not yet moved on
    page.close()  # the window goes mid-assessment
    page.flush()
    page.deleteLater()
    reopened = open_page(qtbot, store, draft)
    assert reopened.session.answers["q1_detail"] == "Black eye; the first injury."
    assert [reopened.session.answer(f"q{i}") for i in range(1, 5)] == ["yes", "yes", "no", "no"]
    assert reopened.form.items["q1"].buttons["yes"].isChecked()


def test_sources_are_kept_with_the_draft(qtbot: Any, store: Store, draft: int) -> None:
    page = open_page(qtbot, store, draft)
    type_keys(qtbot, page, "Y")
    widget = page.form.items["q1"]
    assert widget.source is not None
    widget.source.setText("Police report")
    widget.source.editingFinished.emit()
    reopened = open_page(qtbot, store, draft)
    assert reopened.session.sources == {"q1": "Police report"}


def test_review_blocks_completion_until_required_answers(qtbot: Any, store: Store, draft: int) -> None:
    page = open_page(qtbot, store, draft)
    type_keys(qtbot, page, "Y" * 14)
    result = page.session.result()
    assert not isinstance(result, str)
    dialog = ReviewDialog(page.session, result, page)
    qtbot.addWidget(dialog)
    assert not dialog.complete_button.isEnabled()
    assert "Still to answer" in dialog.blocker.text()
    html = answers_html(page.session.questionnaire, page.session.answers, page.session.sources)
    assert "NOT ANSWERED" in html
    assert "Current injury" in html


def test_complete_locks_the_assessment_with_its_result(qtbot: Any, store: Store, draft: int) -> None:
    page = open_page(qtbot, store, draft)
    type_keys(qtbot, page, "Y" * 14 + "N" * 10)
    type_keys(qtbot, page, "3")
    qtbot.keyClick(focused(page), Qt.Key.Key_Return)
    type_keys(qtbot, page, "NN0")
    qtbot.keyClick(focused(page), Qt.Key.Key_Return)
    assert page.session.unanswered() == []
    result = page.session.result()
    assert not isinstance(result, str)
    with qtbot.waitSignal(page.completed, timeout=2000):
        page.complete(result)
    assert store.assessments.get(draft).status == "draft"  # not locked before its report is made
    complete_and_sign(store, draft, "a.pdf", profile=load_profile("hampshire"))
    record = store.assessments.get(draft)
    assert record.status == "signed"
    assert record.risk_level == "high"
    assert record.yes_count == 14
    assert record.result is not None
    assert record.result["marac"]["criteria"] == ["visible_high_risk", "potential_escalation"]
    assert record.document is not None
    assert record.document["questionnaire"]["hash"] == page.session.questionnaire.content_hash
    with pytest.raises(Exception, match="locked"):
        store.assessments.save_answer(draft, "q1", "no")


def test_a_new_assessment_shows_what_changed_since_the_last(qtbot: Any, store: Store, registry: Registry) -> None:
    case = store.cases.add("HX-2026-0777")
    q = registry.get("dash-ric")
    earlier = store.assessments.start(case.id, q.id, questionnaire_version=q.version, questionnaire_hash=q.content_hash,
                                      answers={"q1": "no", "q2": "yes", "q3": "no"})
    store.assessments.complete(earlier.id, result={}, risk_level="standard", yes_count=1)
    prefilled = store.assessments.start(case.id, q.id, questionnaire_version=q.version,
                                        questionnaire_hash=q.content_hash,
                                        answers={"q1": "no", "q2": "yes", "q3": "no"})
    page = open_page(qtbot, store, prefilled.id)
    assert all(page.form.items[i].change.isHidden() for i in ("q1", "q2", "q3"))
    page.form.focus_item("q1")
    type_keys(qtbot, page, "Y")  # q1: no -> yes
    marker = page.form.items["q1"].change
    assert marker.isVisible()
    assert marker.text() == "↻ Changed since the last assessment (was: No)"
    assert page.form.items["q2"].change.isHidden()


def test_a_perpetrator_assessment_leaves_the_case_level_as_the_victims(
    qtbot: Any, store: Store, registry: Registry
) -> None:
    case = store.cases.add("HX-2026-0888")
    victim_dash = store.assessments.start(case.id, "dash-ric")
    store.assessments.complete(victim_dash.id, result={}, risk_level="standard", yes_count=3)
    q = registry.get("perpetrator-risk-needs")
    draft = store.assessments.start(case.id, q.id, questionnaire_version=q.version, questionnaire_hash=q.content_hash)
    page = open_page(qtbot, store, draft.id)
    answers = {"age": 40, "referral_source": "police", "relationship_to_victim": "partner", "incidents_12m": 1,
               "victims_count": 1,
               "children_present": "no", "charged": "yes", "gravity": "serious_physical", "motivation": "ambivalent",
               "justice_route": "none"}
    for item in q.items:
        if item.required and item.id not in answers and page.session.is_relevant(item):
            answers[item.id] = "yes" if item.id in ("strangulation", "threats_to_kill", "weapon_use") else "no"
    for item_id, value in answers.items():
        page.session.set_answer(item_id, value)
    result = page.session.result()
    assert not isinstance(result, str)
    assert result.complete, result.unanswered
    assert result.risk_level == "high"
    page.complete(result)
    complete_and_sign(store, draft.id, "p.pdf", profile=load_profile("hampshire"))
    assert store.assessments.get(draft.id).risk_level == "high"
    assert store.cases.get(case.id).risk_level == "standard"  # the case list keeps showing the victim's level


def test_the_review_words_every_answer_as_the_report_does(qtbot: Any, registry: Registry) -> None:
    from dash_desktop.forms.session import FormSession

    session = FormSession(registry.get("dash-ric"), answers={"q1": "dont_know", "previous_marac_on": "2026-05-01",
                                                              "q21": "yes", "q21_which": ["alcohol"]})
    html = answers_html(session.questionnaire, session.answers, session.sources)
    assert "1 May 2026" in html and "2026-05-01" not in html  # a date in words, not as stored
    assert "<b>Don&#x27;t know</b>" in html
    label = session.questionnaire.item("q21_which").choice_label("alcohol")
    assert label != "alcohol" and f"<td>{label}</td>" in html and "<td>alcohol</td>" not in html


def test_answers_rescore_with_the_profile_loaded_once(qtbot: Any, store: Store, draft: int, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The main window reads and validates the area profile once and hands the page the object: an
    answer rescores without reading the profile's file again."""
    from dash_desktop.assessment import profiles
    from dash_desktop.ui.main_window import MainWindow
    from dash_desktop.ui.settings import Settings

    window = MainWindow(store, tmp_path / "data", settings=Settings(area_profile="cambridgeshire"),
                        registry=Registry.default())
    qtbot.addWidget(window)
    window.open_assessment(draft)
    page = window.assessment
    assert page is not None
    assert page.session.profile is window.area_profile
    assert page.session.profile.id == "cambridgeshire"  # the profile the settings name
    reads: list[Path] = []
    real = profiles.read_data_file
    monkeypatch.setattr(profiles, "read_data_file", lambda path: reads.append(path) or real(path))
    page.form.focus_item("q1")
    type_keys(qtbot, page, "YNNYD")
    assert [page.session.answer(f"q{i}") for i in range(1, 6)] == ["yes", "no", "no", "yes", "dont_know"]
    assert "Risk level so far" in page.form.result_panel.label.text()  # rescored on each answer
    assert reads == []
    window.open_assessment(draft)  # opened again: still the same profile object
    assert window.assessment is not None and window.assessment.session.profile is page.session.profile
