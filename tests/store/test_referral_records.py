"""Issue 12, the store side: people's details and equality categories, referrals (kinds, statuses,
forms, meeting actions), signed referral documents, incidents and the case's last MARAC referral."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dash_desktop.store import Conflict, NotFound, Store
from dash_desktop.store.vocabulary import is_minoritised

DAY = dt.date(2026, 11, 20)


def test_a_person_keeps_their_contact_and_household_details(store: Store) -> None:
    case = store.cases.add("HX-1")
    jo = store.people.add(case.id, "victim", "Jo Bloggs", address="1 Quay St, Havant", phone=" 07700 900123 ",
                          safe_to_call=False, gender="female", ethnicity="black", interpreter_needed=True,
                          first_language="Somali", disability="prefer_not_to_say")
    child = store.people.add(case.id, "child", "Ava", relationship_to_victim="daughter",
                             relationship_to_perpetrator="stepdaughter", school="Park Primary")
    again = store.cases.get("HX-1")
    got = {p.id: p for p in again.people}
    assert got[jo.id].phone == "07700 900123"
    assert (got[jo.id].safe_to_call, got[jo.id].interpreter_needed, got[jo.id].address) == (
        False, True, "1 Quay St, Havant")
    assert (got[jo.id].gender, got[jo.id].ethnicity, got[jo.id].disability) == ("female", "black", "prefer_not_to_say")
    assert (got[child.id].relationship_to_victim, got[child.id].relationship_to_perpetrator, got[child.id].school) == (
        "daughter", "stepdaughter", "Park Primary")
    changed = store.people.update(jo.id, safe_to_call=True, phone="", lgbt_plus="yes")
    assert (changed.safe_to_call, changed.phone, changed.lgbt_plus, changed.gender) == (True, None, "yes", "female")


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"gender": "Woman"}, ["gender is one of", "female", "prefer_not_to_say", "'Woman'"]),
        ({"ethnicity": "White British"}, ["ethnicity is one of", "white_british", "gypsy_roma_traveller"]),
        ({"armed_forces": "Veteran"}, ["armed_forces is one of", "yes", "not_known"]),
        ({"safe_to_call": "yes"}, ["safe_to_call"]),
        ({"shoe_size": "9"}, ["unknown person fields: shoe_size"]),
    ],
)
def test_a_value_outside_the_vocabulary_is_refused_naming_the_field(
    store: Store, fields: dict[str, object], words: list[str]
) -> None:
    case = store.cases.add("HX-1")
    person = store.people.add(case.id, "victim", "Jo")
    with pytest.raises(Conflict) as add_fault:
        store.people.add(case.id, "victim", "Sam", **fields)
    with pytest.raises(Conflict) as update_fault:
        store.people.update(person.id, **fields)
    for fault in (add_fault, update_fault):
        for word in words:
            assert word in str(fault.value)
    assert [p.name for p in store.cases.get(case.id).people] == ["Jo"]


def test_minoritised_is_every_ethnicity_but_white_and_the_unknown() -> None:
    assert [e for e in ("white_british", "white_other", "gypsy_roma_traveller", "mixed", "asian", "black", "arab",
                        "other", "not_known", "prefer_not_to_say", None) if is_minoritised(e)] == [
        "gypsy_roma_traveller", "mixed", "asian", "black", "arab", "other"]


def test_referrals_of_every_kind_newest_first_with_their_form(store: Store) -> None:
    case = store.cases.add("HX-1")
    older = store.records.add_referral(case.id, "childrens_services", referred_on=dt.date(2026, 9, 1))
    form = {"victim": {"name": "Jo"}, "consent": False}
    newer = store.records.add_referral(case.id, "marac", referred_on=DAY, form=json.dumps(form))
    store.records.add_referral(case.id, "dapp", referred_on=dt.date(2026, 10, 1), form=form)
    assert [r.kind for r in store.records.referrals("HX-1")] == ["marac", "dapp", "childrens_services"]
    assert store.records.referral(newer.id).form == form
    assert store.records.referral(older.id).form is None
    with pytest.raises(Conflict, match="form is JSON text"):
        store.records.add_referral(case.id, "marac", form="[1, 2]")
    with pytest.raises(Conflict, match="kind is one of: marac, childrens_services, dapp, idash"):
        store.records.add_referral(case.id, "police")
    with pytest.raises(NotFound):
        store.records.referrals("HX-404")


def test_a_marac_is_heard_only_with_its_meeting_date(store: Store) -> None:
    case = store.cases.add("HX-1")
    referral = store.records.add_referral(case.id, "marac", status="sent", referred_on=DAY)
    with pytest.raises(Conflict, match="meeting date"):
        store.records.update_referral(referral.id, status="heard")
    assert store.records.referral(referral.id).status == "sent"
    heard = store.records.update_referral(referral.id, status="heard", meeting_on=dt.date(2026, 12, 3))
    assert (heard.status, heard.meeting_on) == ("heard", dt.date(2026, 12, 3))
    with pytest.raises(Conflict, match="meeting date"):
        store.records.update_referral(referral.id, meeting_on=None)
    idash = store.records.add_referral(case.id, "idash", status="heard")  # not a meeting: no date needed
    assert idash.status == "heard"


def test_a_meetings_actions_are_kept_completed_and_audited(store: Store) -> None:
    case = store.cases.add("HX-1")
    referral = store.records.add_referral(case.id, "marac", referred_on=DAY)
    police = store.records.add_action(referral.id, "Police", "Flag the address for urgent response",
                                      due_on=dt.date(2026, 12, 10))
    store.records.add_action(referral.id, "Housing", "Install a door camera")
    done = store.records.complete_action(police.id, dt.date(2026, 12, 8))
    assert done.done_on == dt.date(2026, 12, 8)
    assert [(a.agency, a.done_on) for a in store.records.actions(referral.id)] == [
        ("Police", dt.date(2026, 12, 8)), ("Housing", None)]
    (kept,) = store.cases.get(case.id).referrals
    assert [a.agency for a in kept.actions] == ["Police", "Housing"]
    event = store.audit.events(1)[0]
    assert (event.action, event.entity, event.entity_id) == ("change", "referral_action", police.id)
    assert "Flag" not in json.dumps(dict(event.detail))
    with pytest.raises(Conflict, match="agency"):
        store.records.add_action(referral.id, " ", "Something")
    with pytest.raises(NotFound):
        store.records.add_action(9999, "Police", "x")
    assert store.audit.verify().ok


def test_the_last_marac_referral_within_twelve_months(store: Store) -> None:
    case = store.cases.add("HX-1")
    store.records.add_referral(case.id, "marac", referred_on=dt.date(2025, 11, 19))  # 12 months and a day
    store.records.add_referral(case.id, "idash", referred_on=dt.date(2026, 11, 1))  # not a MARAC
    assert store.records.last_marac_on(case.id, DAY) is None
    store.records.add_referral(case.id, "marac", referred_on=dt.date(2025, 11, 20))
    assert store.records.last_marac_on(case.id, DAY) == dt.date(2025, 11, 20)
    store.records.add_referral(case.id, "marac", referred_on=dt.date(2026, 8, 12))
    store.records.add_referral(case.id, "marac", referred_on=dt.date(2026, 11, 21))  # after the day asked about
    assert store.records.last_marac_on("HX-1", DAY) == dt.date(2026, 8, 12)


def test_incidents_are_the_notes_marked_so_since_a_day(store: Store) -> None:
    case = store.cases.add("HX-1")
    store.records.add_note(case.id, "Police called out", happened_on=dt.date(2026, 3, 1), incident=True)
    store.records.add_note(case.id, "Called Jo", happened_on=dt.date(2026, 6, 1))
    late = store.records.add_note(case.id, "Threats by text", happened_on=dt.date(2026, 10, 1))
    store.records.add_note(case.id, "Went to the house", happened_on=dt.date(2025, 10, 1), incident=True)
    assert store.records.incidents(case.id, dt.date(2025, 11, 20)) == 1
    marked = store.records.update_note(late.id, incident=True)
    assert marked.incident
    assert store.records.incidents(case.id, dt.date(2025, 11, 20)) == 2
    assert [n.incident for n in store.cases.get(case.id).notes] == [True, False, True, True]


def test_a_referral_and_its_signed_pdf_are_kept_together_or_not_at_all(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = store.cases.add("HX-2")
    referral = store.records.add_referral(case.id, "marac", referred_on=DAY, signed=("HX-2-marac.pdf", b"%PDF signed"))
    (doc_id,) = store.documents.for_referral(referral.id)
    assert store.documents.get(doc_id).content == b"%PDF signed"

    def fails(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("dash_desktop.store.chronology.attach_to_referral", fails)
    with pytest.raises(OSError, match="disk full"):
        store.records.add_referral(case.id, "marac", referred_on=DAY, signed=("again.pdf", b"%PDF"))
    assert [r.id for r in store.records.referrals(case.id)] == [referral.id]  # no referral without its PDF


def test_a_referrals_signed_document_is_kept_and_checked(store: Store) -> None:
    case = store.cases.add("HX-1")
    referral = store.records.add_referral(case.id, "marac", referred_on=DAY)
    doc = store.documents.attach_referral(referral.id, "HX-1-marac.pdf", b"%PDF-1.7 signed")
    assert (doc.referral_id, doc.assessment_id) == (referral.id, None)
    assert store.documents.for_referral(referral.id) == [doc.id]
    assert store.documents.get(doc.id).content == b"%PDF-1.7 signed"
    event = store.audit.events(1)[0]
    assert (event.action, event.entity, event.entity_id) == ("sign", "referral", referral.id)
    with pytest.raises(NotFound):
        store.documents.attach_referral(9999, "x.pdf", b"x")
    store.cases.delete(case.id)
    with pytest.raises(NotFound):
        store.documents.get(doc.id)


def test_the_referrers_contact_details_are_the_practitioners(store: Store) -> None:
    assert (store.practitioner().phone, store.practitioner().email) == (None, None)
    changed = store.update_practitioner(phone=" 023 9200 0000 ", email="alex@sdas.example")
    assert (changed.name, changed.phone, changed.email) == ("Alex Practitioner", "023 9200 0000", "alex@sdas.example")
    assert store.practitioner() == changed
    assert store.audit.events(1)[0].entity == "practitioner"
    with pytest.raises(Conflict, match="name"):
        store.update_practitioner(name="Someone Else")
