"""The case view: household, chronology, dialogs that write to the store, the risk chart, and the
signals that start or reopen an assessment (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from case_helpers import SHOTS, mnemonics
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QPushButton, QWidget

from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store
from dash_desktop.ui.assessment_view import AssessmentView
from dash_desktop.ui.case_view import CaseView
from dash_desktop.ui.dialogs import CaseDialog, NewAssessmentDialog, NoteDialog, PersonDialog, ReferralDialog
from dash_desktop.ui.risk_chart import RiskPoint, RiskTrajectoryChart
from dash_desktop.ui.widgets import EQUALITY_NAMES

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def case_id(store: Store) -> int:
    case = store.cases.add("HX-2026-0042", area="Havant", review_on=dt.date(2026, 12, 9))
    store.people.add(case.id, "child", "Child 1", age_band="5-9")
    store.people.add(case.id, "perpetrator", "Kev Bloggs")
    store.people.add(case.id, "victim", "Jo Bloggs", gender="female", first_language="Nepali")
    for day, level, yes in ((dt.date(2026, 3, 2), "medium", 11), (dt.date(2026, 6, 15), "high", 15),
                            (dt.date(2026, 10, 1), "standard", 6)):
        a = store.assessments.start(case.id, "dash-ric", assessed_on=day)
        store.assessments.complete(a.id, result={}, risk_level=level, yes_count=yes)
    store.records.add_referral(case.id, "marac", status="sent", referred_on=dt.date(2026, 6, 16),
                               meeting_on=dt.date(2026, 7, 2), detail="High risk on the checklist")
    store.records.add_note(case.id, "Called Jo; safe to call on the mobile after 6pm.",
                           happened_on=dt.date(2026, 6, 20))
    draft = store.assessments.start(case.id, "dash-stalking", assessed_on=dt.date(2026, 11, 24))
    store.assessments.save_answer(draft.id, "s1", "yes")
    return case.id


@pytest.fixture
def view(store: Store, case_id: int, qtbot: Any, registry: Registry) -> CaseView:
    widget = CaseView(store, case_id, registry=registry, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1400, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def rows(tree: Any) -> list[list[str]]:
    return [[tree.topLevelItem(r).text(c) for c in range(tree.columnCount())] for r in range(tree.topLevelItemCount())]


def test_household(view: CaseView) -> None:
    people = rows(view.people)
    assert [(p[0], p[1]) for p in people] == [
        ("Adult victim", "Jo Bloggs"), ("Perpetrator", "Kev Bloggs"), ("Child", "Child 1")]
    assert people[0][3] == "Gender: Female; First language: Nepali"  # the category in words
    assert people[2][3] == "Age band: 5-9"
    assert "Case HX-2026-0042" in view.heading.text()
    assert "Current risk level: Standard" in view.summary.text()


def test_chronology_newest_first(view: CaseView) -> None:
    entries = rows(view.chronology)
    assert [e[0] for e in entries] == ["24 Nov 2026", "1 Oct 2026", "20 Jun 2026", "16 Jun 2026", "15 Jun 2026",
                                       "2 Mar 2026"]
    assert entries[0][1] == "Assessment: Stalking and harassment screen (S-DASH)"
    assert entries[0][2].startswith("draft")
    assert entries[1][2].startswith("completed; risk level standard, 6 yes")
    assert entries[2][1] == "Note (Ana Practitioner)"
    assert entries[3][1:] == ["Referral: MARAC", "Sent; meeting 2 Jul 2026; High risk on the checklist"]


def test_adding_a_note_appears_at_the_top(view: CaseView, qtbot: Any, store: Store) -> None:
    view.add_note_button.click()
    dialog = view.dialog
    assert isinstance(dialog, NoteDialog)
    dialog.text.insertPlainText("Jo moved to the refuge in Portsmouth — café meeting cancelled.")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: view.dialog is None)
    top = rows(view.chronology)[0]
    assert top[0] == "25 Nov 2026"
    assert top[2] == "Jo moved to the refuge in Portsmouth — café meeting cancelled."
    assert store.cases.get(view.case_id).notes[-1].happened_on == TODAY


def test_an_empty_note_is_refused_in_words(view: CaseView) -> None:
    dialog = view.add_note()
    assert isinstance(dialog, NoteDialog)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == "Not saved: a note needs some text"
    dialog.reject()


def test_adding_a_referral(view: CaseView, qtbot: Any, store: Store) -> None:
    dialog = view.add_referral()
    assert isinstance(dialog, ReferralDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("idash"))
    dialog.meeting_on.insert("9/12/2026")
    dialog.detail.insertPlainText("Outreach")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: view.dialog is None)
    assert rows(view.chronology)[0][1:] == ["Referral: IDASH", "Proposed; meeting 9 Dec 2026; Outreach"]
    assert store.cases.get(view.case_id).referrals[-1].kind == "idash"


def test_adding_and_editing_a_person(view: CaseView, qtbot: Any, store: Store) -> None:
    dialog = view.add_person()
    assert isinstance(dialog, PersonDialog)
    dialog.role.setCurrentIndex(dialog.role.findData("child"))
    dialog.name.insert("Aoife Ní Bhriain")
    dialog.dob.insert("1 April 2019")
    dialog.fields.texts["first_language"].insert("Irish")
    assert dialog.grab().save(str(SHOTS / "case-view-person-dialog.png"))
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: view.dialog is None)
    assert ["Child", "Aoife Ní Bhriain", "1 Apr 2019", "First language: Irish"] in rows(view.people)

    row = next(i for i, r in enumerate(rows(view.people)) if r[1] == "Kev Bloggs")
    view.people.setCurrentItem(view.people.topLevelItem(row))
    assert view.edit_person_button.isEnabled()
    view.edit_person_button.click()
    dialog = view.dialog
    assert isinstance(dialog, PersonDialog)
    assert dialog.name.text() == "Kev Bloggs"
    dialog.name.clear()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "needs a name" in dialog.error.text()  # refused; the dialog stays open
    dialog.name.insert("Kevin Bloggs")
    forces = dialog.fields.categories["armed_forces"]
    forces.setCurrentIndex(forces.findText("Yes"))
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: view.dialog is None)
    assert ["Perpetrator", "Kevin Bloggs", "", "Armed forces: Yes"] in rows(view.people)
    assert {p.name for p in store.cases.get(view.case_id).people} >= {"Kevin Bloggs", "Aoife Ní Bhriain"}


def test_every_equality_field_is_offered(view: CaseView) -> None:
    dialog = view.add_person()
    assert isinstance(dialog, PersonDialog)
    fields = dialog.fields
    assert {*fields.categories, *fields.texts, "age_band"} >= set(EQUALITY_NAMES)
    dialog.reject()


def test_new_assessment_with_and_without_prefill(view: CaseView, qtbot: Any, store: Store) -> None:
    last_ric = max(a.id for a in store.cases.get(view.case_id).assessments if a.questionnaire_id == "dash-ric")
    dialog = view.new_assessment()
    assert isinstance(dialog, NewAssessmentDialog)
    assert dialog.questionnaire_id() == "dash-ric"
    assert dialog.prefill.isEnabled()
    assert "1 Oct 2026, standard" in dialog.prefill.text()
    dialog.prefill.setChecked(True)
    assert dialog.grab().save(str(SHOTS / "case-view-new-assessment.png"))
    with qtbot.waitSignal(view.start_assessment) as blocker:
        dialog.accept()
    assert blocker.args == [view.case_id, "dash-ric", last_ric]

    dialog = view.new_assessment()
    assert isinstance(dialog, NewAssessmentDialog)
    dialog.questionnaire.setCurrentIndex(dialog.questionnaire.findData("dash-hbv"))
    assert not dialog.prefill.isEnabled()  # no honour-based abuse screen done before
    with qtbot.waitSignal(view.start_assessment) as blocker:
        dialog.accept()
    assert blocker.args == [view.case_id, "dash-hbv", None]

    ids = [dialog.questionnaire.itemData(i) for i in range(dialog.questionnaire.count())]
    assert ids == [q.id for q in view.registry.latest()]


def test_resume_draft(view: CaseView, qtbot: Any, store: Store) -> None:
    (draft,) = store.assessments.drafts(view.case_id)
    assert "Stalking" in view.drafts.currentText()
    assert "(1 answered)" in view.drafts.currentText()
    with qtbot.waitSignal(view.open_assessment) as blocker:
        view.resume_button.click()
    assert blocker.args == [draft.id]


def test_no_drafts_means_nothing_to_resume(store: Store, qtbot: Any, registry: Registry) -> None:
    case = store.cases.add("EMPTY-1")
    widget = CaseView(store, case.id, registry=registry, today=TODAY)
    qtbot.addWidget(widget)
    assert not widget.resume_button.isEnabled()
    assert widget.drafts.currentText() == "No unfinished assessments"
    assert rows(widget.chronology) == [["", "Nothing recorded yet", ""]]
    assert not widget.edit_person_button.isEnabled()
    assert widget.chart.points == []


def test_opening_a_draft_from_the_chronology(view: CaseView, qtbot: Any) -> None:
    view.chronology.setFocus()
    view.chronology.setCurrentItem(view.chronology.topLevelItem(0))
    expected = view.chronology_entries()[0]
    assert (expected.kind, expected.title) == ("assessment", "Assessment: Stalking and harassment screen (S-DASH)")
    with qtbot.waitSignal(view.open_assessment) as blocker:
        qtbot.keyClick(view.chronology, Qt.Key.Key_Return)
    assert blocker.args == [expected.entity_id]


def test_a_completed_assessment_opens_read_only(view: CaseView, qtbot: Any) -> None:
    """Defect 5: Enter on a completed assessment opens it, read-only (it used to say only that it
    cannot be changed)."""
    view.chronology.setFocus()
    view.chronology.setCurrentItem(view.chronology.topLevelItem(1))
    emitted: list[int] = []
    view.open_assessment.connect(emitted.append)
    qtbot.keyClick(view.chronology, Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, AssessmentView)
    assert emitted == []  # not sent to the assessment page, which edits drafts only
    assert dialog.record.id == view.chronology_entries()[1].entity_id
    assert "read-only" in dialog.heading.text()
    assert not dialog.save_button.isEnabled()  # not signed: nothing to save
    with qtbot.waitSignal(view.start_assessment) as blocker:
        dialog.start_button.click()
    assert blocker.args == [view.case_id, "dash-ric", dialog.record.id]


def test_refresh_shows_changes_made_elsewhere(view: CaseView, store: Store) -> None:
    store.records.add_note(view.case_id, "Added from another window", happened_on=TODAY)
    assert rows(view.chronology)[0][2] != "Added from another window"
    view.refresh()
    assert rows(view.chronology)[0][2] == "Added from another window"


def test_chart_points_and_description(view: CaseView) -> None:
    chart = view.chart
    assert [(p.day, p.level) for p in chart.points] == [
        (dt.date(2026, 3, 2), "medium"), (dt.date(2026, 6, 15), "high"), (dt.date(2026, 10, 1), "standard")]
    assert chart.accessibleDescription().endswith("2 Mar 2026: medium; 15 Jun 2026: high; 1 Oct 2026: standard.")
    xs = [chart.point_position(i).x() for i in range(3)]
    ys = [chart.point_position(i).y() for i in range(3)]
    assert xs == sorted(xs)
    assert ys[1] < ys[0] < ys[2]  # high above medium above standard


def test_chart_paints(view: CaseView, qtbot: Any) -> None:
    SHOTS.mkdir(exist_ok=True)
    image = view.chart.grab().toImage()
    assert image.save(str(SHOTS / "case-view-risk-chart.png"))
    high = view.chart.point_position(1)
    colour = QColor(image.pixel(int(high.x()), int(high.y())))
    assert colour.red() > 150 and colour.green() < 100  # the high point is drawn where it should be
    assert view.grab().save(str(SHOTS / "case-view.png"))


def test_chart_with_one_point_and_with_none(qtbot: Any) -> None:
    chart = RiskTrajectoryChart()
    qtbot.addWidget(chart)
    chart.resize(420, 180)
    assert chart.grab().save(str(SHOTS / "case-view-risk-chart-empty.png"))
    chart.set_points([RiskPoint(dt.date(2026, 5, 1), "high"), RiskPoint(dt.date(2026, 5, 2), "unknown")])
    assert len(chart.points) == 1
    assert chart.point_position(0).x() == pytest.approx(chart.MARGIN_LEFT + (420 - chart.MARGIN_LEFT
                                                                               - chart.MARGIN_RIGHT) / 2)
    assert chart.grab().save(str(SHOTS / "case-view-risk-chart-one.png"))


def test_every_control_is_named(view: CaseView) -> None:
    for kind in (QPushButton, QComboBox, QCheckBox):
        for widget in view.findChildren(kind):
            assert widget.accessibleName(), type(widget).__name__
    buddies = {label.buddy() for label in view.findChildren(QLabel) if label.buddy() is not None}
    for control in (view.people, view.chronology, view.drafts, view.chart):
        assert control in buddies


def test_dialog_controls_are_named_and_labelled(view: CaseView) -> None:
    for open_dialog in (view.add_person, view.add_note, view.add_referral, view.new_assessment):
        dialog = open_dialog()
        assert dialog is not None
        inputs = [w for w in dialog.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus
                  and not isinstance(w, QPushButton | QLabel) and w.isVisibleTo(dialog) and w.accessibleName() == ""
                  and type(w).__name__ not in {"QWidget", "QCalendarWidget"} and w.parentWidget() is dialog]
        assert inputs == [], [type(w).__name__ for w in inputs]
        dialog.reject()
    QApplication.processEvents()


def test_editing_the_case(view: CaseView, qtbot: Any, store: Store) -> None:
    view.edit_case_button.click()
    dialog = view.dialog
    assert isinstance(dialog, CaseDialog)
    assert dialog.reference.text() == "HX-2026-0042"
    assert dialog.review_on.date() == dt.date(2026, 12, 9)
    dialog.area.setCurrentIndex(dialog.area.findText("Gosport"))
    dialog.review_on.edit.clear()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: view.dialog is None)
    assert view.summary.text() == ("District: Gosport · Status: Open · Current risk level: Standard · "
                                   "Review date: none set")
    case = store.cases.get(view.case_id)
    assert (case.area, case.review_on, case.status) == ("gosport", None, "open")


def test_a_new_case_and_a_clashing_reference(store: Store, case_id: int, qtbot: Any) -> None:
    dialog = CaseDialog(store, None, today=TODAY)
    qtbot.addWidget(dialog)
    form = dialog.form
    labels = [form.itemAt(r, form.ItemRole.LabelRole).widget().text() for r in range(form.rowCount())]
    assert labels == ["&Reference:", "&District:", "Re&view date:"]  # no status: a case closes with its outcome
    dialog.reference.insert("hx-2026-0042")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "already a case with reference" in dialog.error.text()
    assert dialog.saved_case_id is None
    dialog.reference.clear()
    dialog.reference.insert("SO-2026-0001")
    with qtbot.waitSignal(dialog.accepted):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.saved_case_id is not None
    case = store.cases.get(dialog.saved_case_id)
    assert (case.reference, case.review_on) == ("SO-2026-0001", dt.date(2026, 12, 23))


def test_no_two_controls_share_an_alt_key(view: CaseView) -> None:
    keys = mnemonics(view)
    assert len(keys) == len(set(keys)), sorted(keys)


def test_no_two_controls_in_a_dialog_share_an_alt_key(view: CaseView) -> None:
    for open_dialog in (view.add_person, view.add_note, view.add_referral, view.new_assessment, view.edit_case):
        dialog = open_dialog()
        assert dialog is not None
        keys = mnemonics(dialog)
        if hasattr(dialog, "buttons"):  # Save and Cancel: some desktop themes give them Alt+S and Alt+C
            keys += ["s", "c"]
        assert len(keys) == len(set(keys)), (dialog.windowTitle(), sorted(keys))
        dialog.reject()


def test_back_to_the_case_list(view: CaseView, qtbot: Any) -> None:
    with qtbot.waitSignal(view.back):
        view.back_button.click()
    view.chronology.setFocus()
    with qtbot.waitSignal(view.back):
        qtbot.keyClick(view.chronology, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)


def test_enter_on_a_person_opens_the_edit_dialog(view: CaseView, qtbot: Any) -> None:
    view.people.setFocus()
    view.people.setCurrentItem(view.people.topLevelItem(0))
    qtbot.keyClick(view.people, Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, PersonDialog)
    assert dialog.name.text() == "Jo Bloggs"
    assert dialog.fields.texts["first_language"].text() == "Nepali"
    dialog.reject()
    qtbot.waitUntil(lambda: view.dialog is None)


def test_two_assessments_on_one_day_are_two_points(qtbot: Any) -> None:
    """Defect 14: two assessments on one day were drawn as one dot."""
    chart = RiskTrajectoryChart()
    qtbot.addWidget(chart)
    chart.resize(560, 240)
    day = dt.date(2026, 11, 2)
    chart.set_points([RiskPoint(dt.date(2026, 10, 1), "medium"), RiskPoint(day, "high"), RiskPoint(day, "high")])
    xs = [chart.point_position(i).x() for i in range(3)]
    assert xs[2] - xs[1] >= 2 * chart.RADIUS + 4  # apart, not one over the other
    assert xs[2] <= chart.width() - chart.MARGIN_RIGHT  # and still inside the chart
    assert chart.accessibleDescription().endswith("2 Nov 2026: high; 2 Nov 2026: high.")
    assert chart.grab().save(str(SHOTS / "case-view-risk-chart-same-day.png"))


def test_a_long_chronology_entry_wraps_rather_than_ends_in_an_ellipsis(view: CaseView, store: Store) -> None:
    text = ("Jo called from a friend's phone: he has been outside the refuge twice this week, and she wants "
            "the police told before the contact visit on Friday.")
    store.records.add_note(view.case_id, text, happened_on=TODAY)
    view.refresh()
    item = view.chronology.topLevelItem(0)
    assert item.text(2) == text
    QApplication.processEvents()
    rect = view.chronology.visualItemRect(item)
    width = view.chronology.columnWidth(2)
    needed = view.chronology.fontMetrics().boundingRect(0, 0, width - 10, 10_000, int(Qt.TextFlag.TextWordWrap),
                                                        text).height()
    assert needed > view.chronology.fontMetrics().lineSpacing() * 1.5  # it takes more than a line here
    assert rect.height() >= needed  # and the row is tall enough for all of it
