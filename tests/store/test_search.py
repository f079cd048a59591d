"""The case-list search (issue 9, defect 15): one rule, any part of the reference, the area or a
person's name, ignoring case and accents; kept in step with every change; index-backed at 50,000
cases (the plan of the very statement the store runs)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert, text
from store_helpers import PASSPHRASE

from dash_desktop.store import Store, migrate
from dash_desktop.store.case_list import COMMON
from dash_desktop.store.models import Case
from dash_desktop.store.search import search_key, search_text


def refs(store: Store, query: str) -> list[str]:
    return sorted(r.reference for r in store.case_list.page(search=query))


@pytest.fixture
def households(store: Store) -> Store:
    store.cases.add("HX-2026-0043", area="Havant", people=[("victim", "Zoë Ó Briain"), ("perpetrator", "Kev Smith")])
    store.cases.add("SO-2026-0100", area="Southampton", people=[("victim", "Jo Straße")])
    store.cases.add("BA-2026-0007", area="Basingstoke and Deane", people=[("child", "50% Smith_Jones")])
    return store


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("0043", ["HX-2026-0043"]),  # inside the reference, not only from its start
        ("hx-2026", ["HX-2026-0043"]),
        ("2026", ["BA-2026-0007", "HX-2026-0043", "SO-2026-0100"]),
        ("havant", ["HX-2026-0043"]),  # the area
        ("and dea", ["BA-2026-0007"]),
        ("zoe", ["HX-2026-0043"]),  # accents ignored
        ("ZOË", ["HX-2026-0043"]),
        ("o briain", ["HX-2026-0043"]),
        ("strasse", ["SO-2026-0100"]),  # full case folding: ß is ss
        ("smith", ["BA-2026-0007", "HX-2026-0043"]),
        ("  kev   SMITH ", ["HX-2026-0043"]),  # spaces collapsed
        ("zo", ["HX-2026-0043"]),  # shorter than a trigram: the same rule
        ("43", ["HX-2026-0043"]),
        ("oë", ["HX-2026-0043"]),  # the accent ignored in a short search too
        ("50%", ["BA-2026-0007"]),  # LIKE's wildcards taken literally
        ("h_j", ["BA-2026-0007"]),
        ("%", ["BA-2026-0007"]),
        ("_", ["BA-2026-0007"]),
        ('"', []),
        ("havant zoe", []),  # no match spans two fields
        ("nobody", []),
    ],
)
def test_one_rule_for_reference_area_and_names(households: Store, query: str, found: list[str]) -> None:
    assert refs(households, query) == found


def test_a_name_stored_decomposed_is_found_as_typed(store: Store) -> None:
    store.cases.add("HX-1", people=[("victim", unicodedata.normalize("NFD", "Zoë Renée"))])
    assert refs(store, "zoë renée") == ["HX-1"]
    assert refs(store, "zoe renee") == ["HX-1"]


def test_the_search_follows_every_change(store: Store) -> None:
    case = store.cases.add("HX-1", people=[("victim", "Zebedee Quartermaine")])
    other = store.cases.add("HX-2", area="Gosport", people=[("child", "Child 1")])
    assert refs(store, "quarter") == ["HX-1"]
    person = case.people[0]
    store.people.update(person.id, name="Zebedee Marchbanks")
    assert refs(store, "quarter") == []
    assert refs(store, "marchbank") == ["HX-1"]
    store.people.add(case.id, "perpetrator", "Éamonn Walsh")
    assert refs(store, "eamonn") == ["HX-1"]
    store.cases.update(case.id, reference="FA-0099", area="Fareham")
    assert refs(store, "hx-1") == []
    assert refs(store, "0099") == ["FA-0099"]
    assert refs(store, "fareham") == ["FA-0099"]
    store.cases.update(other.id, status="closed")  # a change of neither: still found
    assert refs(store, "gosport") == ["HX-2"]
    store.cases.delete(case.id)
    assert refs(store, "zebedee") == []
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO case_search(case_search) VALUES ('integrity-check')"))


def test_search_goes_with_the_filters(households: Store) -> None:
    households.cases.update("SO-2026-0100", status="closed")
    assert [r.reference for r in households.case_list.page(search="2026", status="open")] == [
        "BA-2026-0007", "HX-2026-0043"]


def _plan(store: Store, **query: Any) -> tuple[list[str], str]:
    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if "FROM cases" in statement and "LIMIT" in statement:
            captured.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        found = [r.reference for r in store.case_list.page(**query)]
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    statement, parameters = captured[-1]
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        plan = " | ".join(str(row[-1]) for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters))
    return found, plan


@pytest.fixture
def fifty_thousand(store: Store) -> Store:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = [{"id": i + 1, "reference": f"HX-{i:06d}", "area": ("Havant", "Gosport")[i % 2],
             "created_at": start, "updated_at": start + dt.timedelta(minutes=i),
             "search_text": search_text(f"HX-{i:06d}", ("Havant", "Gosport")[i % 2], [])}
            for i in range(50_000)]
    with store.engine.begin() as conn:
        conn.execute(insert(Case), rows)
    store.cases.add("ZZ-1", people=[("victim", "Zoë Ó Briain")])
    return store


def test_a_search_reads_the_trigram_index_not_every_case(fifty_thousand: Store) -> None:
    found, plan = _plan(fifty_thousand, search="o brian")
    assert found == []
    found, plan = _plan(fifty_thousand, search="o briain")
    assert found == ["ZZ-1"]
    assert "VIRTUAL TABLE INDEX 0:M" in plan, plan  # the MATCH goes through the full-text index
    assert "SEARCH cases USING INTEGER PRIMARY KEY" in plan, plan  # and each case found is fetched by id
    assert "SCAN cases" not in plan, plan
    found, plan = _plan(fifty_thousand, search="0043")  # 100 references hold it
    assert len(found) == 50 and all("0043" in r for r in found)
    assert "SCAN cases" not in plan, plan


def test_a_common_search_reads_the_list_in_order_and_stops_at_the_page(fifty_thousand: Store) -> None:
    found, plan = _plan(fifty_thousand, search="havant")  # 25,000 cases: far more than COMMON
    assert len(found) == 50
    assert found[0] == "HX-049998"  # the most recently changed first
    assert "SCAN cases USING INDEX ix_cases_updated_at" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # read in the list's own order, so it stops at the page
    assert COMMON < 25_000


def test_stores_from_before_the_search_column_are_searchable_after_the_migration(store: Store,
                                                                                 data_dir: Path) -> None:
    store.cases.add("HX-2026-0043", area="Havant", people=[("victim", "Zoë Ó Briain")])
    with store.engine.begin() as conn:
        ours = next(r for r in migrate.script_directory().walk_revisions() if r.path.endswith("_search_anywhere.py"))
        assert isinstance(ours.down_revision, str)
        migrate.downgrade(conn, ours.down_revision)
    store.close()
    with Store.open(PASSPHRASE, data_dir) as reopened:
        assert refs(reopened, "0043") == refs(reopened, "havant") == refs(reopened, "zoe") == ["HX-2026-0043"]


def test_search_key() -> None:
    assert search_key("  Zoë  Ó BRIAIN ") == "zoe o briain"
    assert search_key("Straße") == "strasse"
    assert search_text("HX-1", None, ["Jo", "Sam"]) == "hx-1\n\njo\nsam"
