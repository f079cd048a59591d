from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import text
from store_helpers import PASSPHRASE

from dash_desktop.store import Store
from dash_desktop.store.audit import GENESIS


@pytest.fixture
def busy_store(store: Store) -> Store:
    case = store.cases.add("HX-1")
    draft = store.assessments.start(case.id, "dash-ric")
    for n in range(1, 6):
        store.assessments.save_answer(draft.id, f"q{n}", "yes")
    store.assessments.complete(draft.id, result={}, risk_level="standard", yes_count=5)
    store.audit.record_export("assessment", draft.id, {"format": "json"})
    store.cases.delete(case.id)
    return store


def test_every_kind_of_event_is_chained(busy_store: Store) -> None:
    events = list(reversed(busy_store.audit.events(1000)))
    actions = [e.action for e in events]
    for action in ("create", "change", "complete", "export", "delete"):
        assert action in actions
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    report = busy_store.audit.verify()
    assert report.ok
    assert report.count == len(events)
    assert report.head == events[-1].hash


def test_unlock_is_recorded(busy_store: Store, data_dir: Path) -> None:
    busy_store.close()
    with Store.open(PASSPHRASE, data_dir) as s:
        assert s.audit.events(1)[0].action == "unlock"


def _sql(store: Store, statement: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement))


@pytest.mark.parametrize(
    ("statement", "first_broken"),
    [
        ("UPDATE audit_events SET detail = '{\"revision\": 99}' WHERE seq = 5", 5),
        ("UPDATE audit_events SET action = 'change' WHERE seq = 3", 3),
        ("UPDATE audit_events SET at = '2020-01-01 00:00:00.000000' WHERE seq = 7", 7),
        ("DELETE FROM audit_events WHERE seq = 4", 5),
        ("UPDATE audit_events SET prev_hash = hash WHERE seq = 6", 6),
    ],
)
def test_tampering_reports_the_first_broken_link(busy_store: Store, statement: str, first_broken: int) -> None:
    _sql(busy_store, statement)
    report = busy_store.audit.verify()
    assert not report.ok
    assert report.broken_seq == first_broken
    assert f"event {first_broken}" in report.describe()


def test_rehashing_one_event_still_breaks_the_next_link(busy_store: Store) -> None:
    """Recomputing a tampered event's own hash is not enough: the next event points at the old one."""
    from dash_desktop.store.audit import digest
    from dash_desktop.store.models import AuditEvent

    with busy_store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET detail = '{}' WHERE seq = 5"))
    with busy_store.unit.write() as s:  # the same access an attacker with the key would have
        event = s.get(AuditEvent, 5)
        assert event is not None
        event.hash = digest(event.prev_hash, event)
    report = busy_store.audit.verify()
    assert report.broken_seq == 6
