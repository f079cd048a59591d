"""The perpetrator record: the single-point-of-contact view of one perpetrator across their cases
(identity, linked cases and victims, assessments over time as stored, referrals, engagement), opened
from the case view (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from case_helpers import SHOTS, mnemonics
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget
from record_helpers import DOB, example, two_cases

from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store
from dash_desktop.store.interchange import import_document
from dash_desktop.ui.case_view import CaseView
from dash_desktop.ui.perpetrator_record import POSSIBLE_MATCH, SAME_PERSON, THIS_CASE, PerpetratorRecord

TODAY = dt.date(2026, 11, 25)


def rows(tree: QTreeWidget) -> list[list[str]]:
    return [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
            for i in range(tree.topLevelItemCount())]


def make_record(store: Store, case_id: int, person_id: int, qtbot: Any, registry: Registry) -> PerpetratorRecord:
    record = PerpetratorRecord(store, case_id, person_id, registry=registry)
    qtbot.addWidget(record)
    record.show()
    qtbot.waitExposed(record)
    return record


def test_the_record_across_two_cases(store: Store, qtbot: Any, registry: Registry) -> None:
    case_id, kev, older_id, _old_kev = two_cases(store)
    record = make_record(store, case_id, kev, qtbot, registry)

    assert record.identity_values["name"].text() == "Kev Bloggs"
    assert record.identity_values["date_of_birth"].text() == "2 Apr 1988"
    assert record.identity_values["ethnicity"].accessibleName() == "Ethnicity: White British"
    assert record.identity_values["disability"].text() == "not recorded"
    assert record.summary.text() == "The perpetrator in 2 cases; 2 victims known across them."

    assert rows(record.case_table) == [["HX-2026-0500", "Open", "Jo Bloggs", THIS_CASE],
                                       ["HX-2023-0117", "Closed", "Sam Smith", SAME_PERSON]]

    # oldest first, across both cases, read from the stored snapshots
    stored = {a.id: a for cid in (case_id, older_id) for a in store.cases.get(cid).assessments}
    assessments = rows(record.assessment_table)
    assert [r[:2] for r in assessments] == [["10 May 2023", "HX-2023-0117"], ["20 Nov 2026", "HX-2026-0500"]]
    for row, (a, _ref) in zip(assessments, record.assessments, strict=True):
        snapshot = stored[a.id].result or {}
        names = [step["name"] for step in snapshot["dapp"]["pathway"]]
        assert names and row[5] == "\n".join(names)
        assert row[2] == registry.get("perpetrator-risk-needs").title
        assert row[3] == {"high": "High", "medium": "Medium", "standard": "Standard"}[stored[a.id].risk_level]
        assert row[4] == ("Yes" if snapshot["priority"] else "No")
    assert "RADAR (DAPP behaviour-change programme)" in assessments[1][5]

    assert rows(record.referral_table) == [
        ["3 Nov 2026", "HX-2026-0500", "MARAC", "Sent", "27 Nov 2026", ""],
        ["21 Nov 2026", "HX-2026-0500", "DAPP", "Accepted", "", "RADAR intake booked"],
    ]
    assert record.engagement.text() == ("Willingness to change: Willing and motivated; Justice route: A conditional "
                                        "caution (CARA) (assessed 20 Nov 2026, case HX-2026-0500).")

    # every table named, every section's label a buddy, and no Alt key used twice
    for table in (record.case_table, record.assessment_table, record.referral_table):
        assert table.accessibleName()
    buddies = {label.buddy() for label in record.findChildren(QLabel) if label.buddy() is not None}
    assert {record.case_table, record.assessment_table, record.referral_table, record.engagement} <= buddies
    keys = mnemonics(record)
    assert len(keys) == len(set(keys))

    record.resize(1100, 900)
    qtbot.wait(50)
    assert record.grab().save(str(SHOTS / "perpetrator-record.png"))


def test_a_name_only_match_is_a_possible_match_in_words(store: Store, qtbot: Any, registry: Registry) -> None:
    case = store.cases.add("HX-2026-0042")
    store.people.add(case.id, "victim", "Jo Bloggs")
    kev = store.people.add(case.id, "perpetrator", "Kev Bloggs", date_of_birth=DOB)
    other = store.cases.add("HX-2025-0007")
    store.people.add(other.id, "victim", "Ali Khan")
    store.people.add(other.id, "perpetrator", "kev bloggs")  # no date of birth: the name alone links
    record = make_record(store, case.id, kev.id, qtbot, registry)
    assert rows(record.case_table)[1] == ["HX-2025-0007", "Open", "Ali Khan", POSSIBLE_MATCH]
    assert POSSIBLE_MATCH.startswith("Possible match")
    assert "Possible match" in record.summary.text()
    assert rows(record.assessment_table) == [["", "", "No completed assessment of this person", "", "", ""]]
    assert record.engagement.text().startswith("Not known: no completed perpetrator risk and needs assessment")


def test_activating_a_linked_case_emits_open_case(store: Store, qtbot: Any, registry: Registry) -> None:
    case_id, kev, older_id, _ = two_cases(store)
    record = make_record(store, case_id, kev, qtbot, registry)
    record.case_table.setFocus()
    record.case_table.setCurrentItem(record.case_table.topLevelItem(1))
    with qtbot.waitSignal(record.open_case) as blocker:
        qtbot.keyClick(record.case_table, Qt.Key.Key_Return)
    assert blocker.args == [older_id]
    assert not record.isVisible()


def test_the_case_view_opens_the_record_for_a_perpetrator_only(
    store: Store, qtbot: Any, registry: Registry
) -> None:
    case_id, kev, older_id, _ = two_cases(store)
    view = CaseView(store, case_id, registry=registry, today=TODAY)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    items = {view.people.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): view.people.topLevelItem(i)
             for i in range(view.people.topLevelItemCount())}
    assert not view.perpetrator_record_button.isEnabled()
    victim = next(pid for pid, item in items.items() if item.text(0) == "Adult victim")
    view.people.setCurrentItem(items[victim])
    assert not view.perpetrator_record_button.isEnabled()
    view.people.setCurrentItem(items[kev])
    assert view.perpetrator_record_button.isEnabled()

    view.people.setFocus()
    qtbot.keyClick(view.people, Qt.Key.Key_Return)  # Enter on the perpetrator's row
    record = view.dialog
    assert isinstance(record, PerpetratorRecord) and record.person_id == kev
    with qtbot.waitSignal(view.open_case) as blocker:
        record.case_table.itemActivated.emit(record.case_table.topLevelItem(1), 0)
    assert blocker.args == [older_id]
    qtbot.waitUntil(lambda: view.dialog is None)

    view.people.setCurrentItem(items[victim])
    qtbot.keyClick(view.people, Qt.Key.Key_Return)  # anyone else: their details, as before
    assert view.dialog is not None and not isinstance(view.dialog, PerpetratorRecord)
    view.dialog.reject()


def test_engagement_is_worded_as_every_screen_words_an_answer(store: Store, qtbot: Any, registry: Registry) -> None:
    """In the words of the version answered, by the items' one function (``Item.answer_text``)."""
    case = store.cases.add("HX-2026-0600")
    kev = store.people.add(case.id, "perpetrator", "Kev Bloggs", date_of_birth=DOB)
    a = import_document(store, case.id, example("perpetrator-priority-high-harm.json", "2026-11-20",
                                                motivation="ambivalent", justice_route="none"),
                        subject_person_id=kev.id)
    record = make_record(store, case.id, kev.id, qtbot, registry)
    stored = store.assessments.get(a.id)
    q = registry.get("perpetrator-risk-needs", stored.questionnaire_version)
    expected = "; ".join(f"{q.item(i).name}: {q.item(i).answer_text(stored.answers[i])}"
                         for i in ("motivation", "justice_route"))
    assert expected == "Willingness to change: Unsure or ambivalent; Justice route: None"
    assert record.engagement.text() == f"{expected} (assessed 20 Nov 2026, case HX-2026-0600)."
