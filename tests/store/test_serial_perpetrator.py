"""A serial perpetrator across cases (issue 6; MATAC: two or more victims): the same person by
normalised name and date of birth, a name alone marked as a possible match, and an index lookup."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert, text
from store_helpers import PASSPHRASE

from dash_desktop.store import Store, migrate
from dash_desktop.store.links import SerialPerpetratorLink
from dash_desktop.store.models import Case, Person, name_key

DOB = dt.date(1988, 4, 2)


def household(store: Store, reference: str, perpetrator: str, dob: dt.date | None, *victims: str) -> int:
    case = store.cases.add(reference)
    for victim in victims:
        store.people.add(case.id, "victim", victim)
    store.people.add(case.id, "perpetrator", perpetrator, date_of_birth=dob)
    return case.id


def only(links: list[SerialPerpetratorLink]) -> SerialPerpetratorLink:
    assert len(links) == 1
    return links[0]


def test_name_key_folds_case_and_whitespace_but_keeps_accents() -> None:
    assert name_key("  Kev   BLOGGS ") == name_key("kev bloggs")
    assert name_key("Zoë") != name_key("Zoe")
    assert name_key("Zoe\u0308") == name_key("Zoë")  # decomposed and composed are the same name


def test_same_name_and_date_of_birth_in_two_cases_is_flagged_on_both(store: Store) -> None:
    first = household(store, "HX-1", "Kev Bloggs", DOB, "Jo Bloggs")
    second = household(store, "HX-2", "  kev   BLOGGS", DOB, "Sam Smith")
    household(store, "HX-3", "Someone Else", DOB, "Pat Jones")
    a = only(store.links.for_case(first))
    assert a.serial and not a.possible
    assert [c.reference for c in a.cases] == ["HX-2"]
    assert a.victims == 2
    b = only(store.links.for_case(second))
    assert b.serial
    assert [c.reference for c in b.cases] == ["HX-1"]
    assert b.victims == 2


def test_different_date_of_birth_is_not_flagged(store: Store) -> None:
    first = household(store, "HX-1", "Kev Bloggs", DOB, "Jo Bloggs")
    household(store, "HX-2", "Kev Bloggs", dt.date(1990, 1, 1), "Sam Smith")
    link = only(store.links.for_case(first))
    assert not link.serial
    assert link.cases == ()
    assert link.victims == 1


def test_unknown_date_of_birth_is_a_possible_match(store: Store) -> None:
    first = household(store, "HX-1", "Kev Bloggs", DOB, "Jo Bloggs")
    second = household(store, "HX-2", "Kev Bloggs", None, "Sam Smith")
    link = only(store.links.for_case(first))
    assert link.serial and link.possible
    assert [(c.reference, c.possible) for c in link.cases] == [("HX-2", True)]
    assert only(store.links.for_case(second)).possible


def test_a_known_date_wins_over_a_name_only_match_in_the_same_case(store: Store) -> None:
    first = household(store, "HX-1", "Kev Bloggs", DOB, "Jo Bloggs")
    second = household(store, "HX-2", "Kev Bloggs", None, "Sam Smith")
    store.people.add(second, "perpetrator", "Kev Bloggs", date_of_birth=DOB)  # recorded twice there
    link = only(store.links.for_case(first))
    assert [(c.reference, c.possible) for c in link.cases] == [("HX-2", False)]


def test_one_case_with_two_victims_is_flagged(store: Store) -> None:
    case = household(store, "HX-1", "Kev Bloggs", DOB, "Jo Bloggs", "Sam Smith")
    link = only(store.links.for_case(case))
    assert link.serial
    assert link.cases == ()
    assert link.victims == 2


def test_a_single_case_and_victim_is_not_flagged(store: Store) -> None:
    case = household(store, "HX-1", "Kev Bloggs", DOB, "Jo Bloggs")
    link = only(store.links.for_case(case))
    assert not link.serial
    assert link.victims == 1
    assert store.links.for_case(store.cases.add("HX-9").id) == []


def test_the_same_victim_in_two_cases_counts_once(store: Store) -> None:
    first = household(store, "HX-1", "Kev Bloggs", DOB, "Jo Bloggs")
    household(store, "HX-2", "Kev Bloggs", DOB, "jo  bloggs")
    link = only(store.links.for_case(first))
    assert link.serial  # two cases, even with one victim
    assert link.victims == 1


def test_a_victim_or_child_of_the_same_name_is_not_a_perpetrator_link(store: Store) -> None:
    first = household(store, "HX-1", "Kev Bloggs", DOB, "Jo Bloggs")
    other = store.cases.add("HX-2")
    store.people.add(other.id, "child", "Kev Bloggs", date_of_birth=DOB)
    assert not only(store.links.for_case(first)).serial


def test_renaming_keeps_the_key_in_step(store: Store) -> None:
    first = household(store, "HX-1", "Kev Bloggs", DOB, "Jo Bloggs")
    second = household(store, "HX-2", "Kevin Bloggs", DOB, "Sam Smith")
    assert not only(store.links.for_case(first)).serial
    perpetrator = next(p for p in store.cases.get(second).people if p.role == "perpetrator")
    store.people.update(perpetrator.id, name="KEV BLOGGS")
    assert only(store.links.for_case(first)).serial


def test_lookup_uses_indexes_and_is_fast_on_50000_cases(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(insert(Case), [{"reference": f"BULK-{i:05d}"} for i in range(50_000)])
        ids = [row[0] for row in conn.execute(text("SELECT id FROM cases WHERE reference LIKE 'BULK-%'"))]
        people = []
        for i, case_id in enumerate(ids):
            for role, name in (("perpetrator", f"Person {i}"), ("victim", f"Victim {i}"), ("child", "Child 1")):
                people.append({"case_id": case_id, "role": role, "name": name, "name_key": name_key(name)})
        conn.execute(insert(Person), people)
    first = household(store, "HX-1", "Person 7", None, "Jo Bloggs")
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, _context: Any, _many: bool) -> None:
        statements.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        started = time.perf_counter()
        link = only(store.links.for_case(first))
        took = time.perf_counter() - started
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    assert [c.reference for c in link.cases] == ["BULK-00007"]
    assert link.victims == 2
    assert took < 0.2, took
    plans = []
    with store.engine.connect() as conn:
        for statement, params in statements:
            if "FROM people" in statement:
                plans.append(" | ".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                                               params)))
    assert len(plans) == 3, plans
    assert not any("SCAN" in plan for plan in plans), plans  # every step is an index search
    assert not any("(role=?)" in plan for plan in plans), plans  # nor a walk through every perpetrator/victim
    assert any("ix_people_role_name (role=? AND name_key=?)" in plan for plan in plans), plans
    assert sum("ix_people_case_id (case_id=?)" in plan for plan in plans) == 2, plans


def test_people_stored_before_the_migration_are_linked_after_it(store: Store, data_dir: Path) -> None:
    first = household(store, "HX-1", "Kev Bloggs", DOB, "Jo Bloggs")
    household(store, "HX-2", "KEV  Bloggs", DOB, "Sam Smith")
    with store.engine.begin() as conn:
        # To the revision before the one adding name_key (found by file name: it may be renumbered).
        ours = next(r for r in migrate.script_directory().walk_revisions()
                    if r.path.endswith("_perpetrator_names.py"))
        assert isinstance(ours.down_revision, str)
        migrate.downgrade(conn, ours.down_revision)
        assert "name_key" not in [row[1] for row in conn.execute(text("PRAGMA table_info(people)"))]
    store.close()
    with Store.open(PASSPHRASE, data_dir) as reopened:
        link = only(reopened.links.for_case(first))
        assert link.serial and [c.reference for c in link.cases] == ["HX-2"]
