"""The worklist (issue 12): reviews overdue and due, MARAC meetings soon, referrals without a reply,
drafts; open cases only, soonest first. And closing a case with its outcome, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from dash_desktop.store import Conflict, Store

TODAY = dt.date(2026, 12, 2)


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def test_the_worklist_lists_what_is_due_soonest_first(store: Store) -> None:
    overdue = store.cases.add("HX-OVERDUE", review_on=_days(-3))
    store.cases.add("HX-DUE", review_on=_days(7))
    store.cases.add("HX-LATER", review_on=_days(8))  # more than a week ahead: not yet
    meeting = store.cases.add("HX-MEETING")
    store.records.add_referral(meeting.id, "marac", status="sent", referred_on=_days(-5), meeting_on=_days(14))
    store.records.add_referral(meeting.id, "marac", status="declined", referred_on=_days(-5), meeting_on=_days(2))
    waiting = store.cases.add("HX-WAITING")
    store.records.add_referral(waiting.id, "childrens_services", status="sent", referred_on=_days(-15))
    store.records.add_referral(waiting.id, "dapp", status="sent", referred_on=_days(-14))  # not yet 14 days over
    store.records.add_referral(waiting.id, "idash", status="accepted", referred_on=_days(-40))  # replied
    draft = store.assessments.start(waiting.id, "dash-ric")
    closed = store.cases.add("HX-CLOSED", review_on=_days(-10))
    store.assessments.start(closed.id, "dash-ric")
    store.cases.close(closed.id, "moved_away", closed_on=_days(-1))

    items = store.worklist.items(TODAY)
    saved = store.assessments.get(draft.id).updated_at.date()
    assert sorted((i.kind, i.case_reference, i.due_on) for i in items) == sorted([
        ("review_overdue", "HX-OVERDUE", _days(-3)),
        ("review_due", "HX-DUE", _days(7)),
        ("marac_soon", "HX-MEETING", _days(14)),
        ("no_reply", "HX-WAITING", _days(-1)),
        ("draft", "HX-WAITING", saved),
    ])
    assert [i.due_on for i in items] == sorted(i.due_on for i in items)
    first = min(items, key=lambda i: i.due_on)
    assert (first.kind, first.case_id) == ("review_overdue", overdue.id)
    assert "29 Nov 2026" in first.detail
    by_kind = {i.kind: i for i in items}
    assert "children's services" in by_kind["no_reply"].detail
    assert [i.kind for i in store.worklist.items(TODAY, reply_days=30)].count("no_reply") == 0


def test_a_review_that_has_fallen_due_appears_the_day_after(store: Store) -> None:
    case = store.cases.add("HX-1")
    store.cases.set_review(case.id, TODAY)
    assert [(i.kind, i.due_on) for i in store.worklist.items(TODAY)] == [("review_due", TODAY)]
    assert [(i.kind, i.due_on) for i in store.worklist.items(_days(1))] == [("review_overdue", TODAY)]
    store.cases.set_review(case.id, None)
    assert store.worklist.items(_days(1)) == []


def test_closing_a_case_records_its_outcome_in_the_audit_trail(store: Store) -> None:
    case = store.cases.add("HX-1")
    closed = store.cases.close("HX-1", "risk_reduced", closed_on=dt.date(2026, 12, 1))
    assert (closed.status, closed.closed_on, closed.close_outcome) == ("closed", dt.date(2026, 12, 1), "risk_reduced")
    event = store.audit.events(1)[0]
    assert (event.action, event.entity, event.entity_id) == ("change", "case", case.id)
    assert dict(event.detail) == {"status": "closed", "outcome": "risk_reduced", "closed_on": "2026-12-01"}
    assert store.case_list.page(status="closed")[0].reference == "HX-1"
    again = store.cases.reopen(case.id)
    assert (again.status, again.closed_on, again.close_outcome) == ("open", None, None)
    with pytest.raises(Conflict, match="risk_reduced, abuse_stopped, disengaged, moved_away, transferred, other"):
        store.cases.close(case.id, "bored")
    assert store.cases.get(case.id).status == "open"
    assert store.audit.verify().ok


@pytest.mark.parametrize("reference", ["9" * 31, "9" * 4400, "9223372036854775808"])
def test_a_reference_of_more_digits_than_an_id_is_not_found_not_a_fault(store: Store, reference: str) -> None:
    """``cases show 99…9`` (31 digits) stopped with an OverflowError: the digits were tried as an id."""
    from dash_desktop.store import NotFound

    with pytest.raises(NotFound):
        store.cases.get(reference)
