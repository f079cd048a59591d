"""What the store hands out: frozen records with their related lists loaded, readable after the
store is closed; and the edits of notes and referrals (defect 16, store side), each audited."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from dash_desktop.store import Conflict, NotFound, Store
from dash_desktop.store.records import AssessmentRecord, CaseRecord


def test_a_case_is_plain_frozen_data_readable_after_the_store_is_closed(store: Store) -> None:
    case = store.cases.add("HX-1", area="Havant", people=[("victim", "V"), ("perpetrator", "P")])
    store.records.add_note(case.id, "Called.")
    store.records.add_referral(case.id, "marac")
    draft = store.assessments.start(case.id, "dash-ric", answers={"q1": "yes"})
    got = store.cases.get("HX-1")
    store.close()
    assert isinstance(got, CaseRecord)
    assert [p.role for p in got.people] == ["victim", "perpetrator"]
    (a,) = got.assessments
    assert isinstance(a, AssessmentRecord)
    assert (a.id, a.case_reference, dict(a.answers)) == (draft.id, "HX-1", {"q1": "yes"})
    assert [n.text for n in got.notes] == ["Called."]
    assert [r.kind for r in got.referrals] == ["marac"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.reference = "changed"  # type: ignore[misc]


def test_a_record_is_a_copy(store: Store) -> None:
    draft = store.assessments.start(store.cases.add("HX-1").id, "dash-ric", answers={"q1": "yes"})
    got = store.assessments.get(draft.id)
    got.answers["q1"] = "no"  # type: ignore[index]
    assert store.assessments.get(draft.id).answers == {"q1": "yes"}


def test_a_note_is_edited_and_the_edit_audited(store: Store) -> None:
    case = store.cases.add("HX-1")
    note = store.records.add_note(case.id, "Called; no answer.", happened_on=dt.date(2026, 11, 20))
    assert note.updated_at is None
    before = store.case_list.page()[0].updated_at
    edited = store.records.update_note(note.id, text="Called; spoke to Jo, safe to call after 6pm.",
                                       happened_on=dt.date(2026, 11, 21))
    assert (edited.text, edited.happened_on, edited.author) == (
        "Called; spoke to Jo, safe to call after 6pm.", dt.date(2026, 11, 21), "Alex Practitioner")
    assert edited.updated_at is not None
    (kept,) = store.cases.get(case.id).notes
    assert kept == edited
    assert store.case_list.page()[0].updated_at > before
    event = store.audit.events(1)[0]
    assert (event.action, event.entity, event.entity_id) == ("change", "note", note.id)
    assert dict(event.detail) == {"case": case.id, "fields": ["happened_on", "text"]}  # never the text itself
    assert store.audit.verify().ok


@pytest.mark.parametrize(
    ("fields", "fault", "message"),
    [({"text": "  "}, Conflict, "some text"), ({"author": "Someone"}, Conflict, "unknown note fields"),
     ({"case_id": 2}, Conflict, "unknown note fields")],
)
def test_a_bad_note_edit_changes_nothing(store: Store, fields: dict[str, str], fault: type[Exception],
                                         message: str) -> None:
    note = store.records.add_note(store.cases.add("HX-1").id, "Called.")
    with pytest.raises(fault, match=message):
        store.records.update_note(note.id, **fields)
    assert store.cases.get("HX-1").notes == (note,)
    with pytest.raises(NotFound):
        store.records.update_note(9999, text="x")


def test_a_referral_status_is_changed_and_audited(store: Store) -> None:
    case = store.cases.add("HX-1")
    referral = store.records.add_referral(case.id, "marac", referred_on=dt.date(2026, 11, 20))
    changed = store.records.update_referral(referral.id, status="accepted", meeting_on=dt.date(2026, 12, 3),
                                            detail="Heard at the December MARAC")
    assert (changed.status, changed.meeting_on, changed.detail) == ("accepted", dt.date(2026, 12, 3),
                                                                    "Heard at the December MARAC")
    assert store.cases.get(case.id).referrals == (changed,)
    assert store.case_list.page()[0].marac_on == dt.date(2026, 12, 3)
    event = store.audit.events(1)[0]
    assert (event.action, event.entity, event.entity_id) == ("change", "referral", referral.id)
    assert event.detail["status"] == "accepted"
    with pytest.raises(Conflict, match="status"):
        store.records.update_referral(referral.id, status="lost")
    with pytest.raises(Conflict, match="unknown referral fields"):
        store.records.update_referral(referral.id, kind="dapp")
