"""The case list query: sorting by every column, the MARAC date and filter, and that sorting by an
indexed column reads its index instead of sorting the whole table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import event

from dash_desktop.store import Conflict, NotFound, Store
from dash_desktop.store.case_list import SORT_KEYS


@pytest.fixture
def filled(store: Store) -> Store:
    a = store.cases.add("HX-2", area="Havant", review_on=dt.date(2026, 12, 10))
    b = store.cases.add("AL-1", area="Aldershot", review_on=dt.date(2026, 12, 1))
    c = store.cases.add("SO-3", area="Southampton")
    store.cases.update(b.id, status="closed")
    store.records.add_referral(a.id, "marac", meeting_on=dt.date(2026, 12, 3))
    store.records.add_referral(a.id, "marac", meeting_on=dt.date(2027, 1, 7))
    store.records.add_referral(c.id, "marac", meeting_on=dt.date(2026, 12, 17), status="declined")  # not counted
    store.records.add_referral(c.id, "idash", meeting_on=dt.date(2026, 12, 2))  # not a MARAC
    store.records.add_referral(b.id, "marac", meeting_on=dt.date(2026, 12, 17))
    return store


def refs(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.reference for r in rows]


def test_marac_date_is_the_latest_meeting_not_declined(filled: Store) -> None:
    by_ref = {r.reference: r.marac_on for r in filled.case_list.page()}
    assert by_ref == {"HX-2": dt.date(2027, 1, 7), "AL-1": dt.date(2026, 12, 17), "SO-3": None}


@pytest.mark.parametrize(
    ("key", "ascending"),
    [
        ("reference", ["AL-1", "HX-2", "SO-3"]),
        ("area", ["AL-1", "HX-2", "SO-3"]),
        ("status", ["AL-1", "HX-2", "SO-3"]),  # closed before open, ties by id
        ("review_on", ["SO-3", "AL-1", "HX-2"]),  # no date first
        ("marac_on", ["SO-3", "AL-1", "HX-2"]),
        ("updated_at", ["HX-2", "SO-3", "AL-1"]),
    ],
)
def test_sorting(filled: Store, key: str, ascending: list[str]) -> None:
    assert refs(filled.case_list.page(order_by=key, descending=False)) == ascending
    assert refs(filled.case_list.page(order_by=key, descending=True)) == ascending[::-1]


def test_sorting_pages_without_gaps_or_repeats(store: Store) -> None:
    for i in range(23):
        store.cases.add(f"C-{i:02d}", area=["North", "South"][i % 2])
    seen: list[str] = []
    for offset in range(0, 30, 5):
        seen += refs(store.case_list.page(order_by="area", descending=False, limit=5, offset=offset))
    assert sorted(seen) == sorted(f"C-{i:02d}" for i in range(23))
    assert len(seen) == len(set(seen))


def test_unknown_sort_key_is_refused(store: Store) -> None:
    with pytest.raises(Conflict, match="sorted by one of"):
        store.case_list.page(order_by="name; DROP TABLE cases")


def test_marac_filter(filled: Store) -> None:
    assert refs(filled.case_list.page(marac_from=dt.date(2026, 12, 1), marac_to=dt.date(2026, 12, 31))) == [
        "AL-1", "HX-2"]  # HX-2 has one meeting in December as well
    assert refs(filled.case_list.page(marac_from=dt.date(2027, 1, 1))) == ["HX-2"]
    assert refs(filled.case_list.page(marac_to=dt.date(2026, 12, 2))) == []  # the IDASH one does not count
    assert refs(filled.case_list.page(marac_from=dt.date(2026, 12, 17), marac_to=dt.date(2026, 12, 17))) == ["AL-1"]


@pytest.mark.parametrize("key", [k for k in SORT_KEYS if k != "marac_on"])
@pytest.mark.parametrize("descending", [False, True])
def test_sorting_by_an_indexed_column_reads_the_index(store: Store, key: str, descending: bool) -> None:
    """The plan of the very statement list_cases runs: no sort of the whole table."""
    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM cases" in statement:
            captured.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        store.case_list.page(order_by=key, descending=descending)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    (statement, parameters) = captured[-1]
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        plan = " | ".join(str(row[-1]) for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters))
    assert "TEMP B-TREE" not in plan, plan
    assert "SCAN cases USING INDEX" in plan or "SCAN cases" not in plan, plan


def test_update_person(store: Store) -> None:
    case = store.cases.add("HX-1")
    person = store.people.add(case.id, "child", "Child 1")
    store.people.update(person.id, name="  Sam  ", role="other_dependant", age_band="16-17", gender=None)
    (again,) = store.cases.get(case.id).people
    assert (again.name, again.role, again.age_band) == ("Sam", "other_dependant", "16-17")
    with pytest.raises(Conflict, match="role"):
        store.people.update(person.id, role="neighbour")
    with pytest.raises(Conflict, match="unknown"):
        store.people.update(person.id, case_id=99)
    with pytest.raises(Conflict, match="name"):
        store.people.update(person.id, name=" ")
    with pytest.raises(NotFound):
        store.people.update(9999, name="X")
    assert store.audit.events(1)[0].entity == "person"
    assert store.audit.verify().ok
