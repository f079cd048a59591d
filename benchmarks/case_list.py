"""Case list first page and search over 50,000 cases: the store's query against a raw indexed SELECT.

The store is timed against the very SQL it runs (captured from it), executed directly on the DB-API
connection of the same encrypted database, so the ratio is the store's own overhead (goal <= 2x). The raw SELECT on an
identical plain SQLite file is shown too, for the cost of encryption itself. Run:
    .venv/bin/python benchmarks/case_list.py [--cases 50000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import encrypted_store, plain_store, summary, timed
from sqlalchemy import event

from dash_desktop.store import Store
from dash_desktop.store.search import search_text


def same_sql(store: Store, **kwargs: Any) -> list[tuple[str, tuple[Any, ...]]]:
    """The exact SQL texts and parameters that ``store.case_list.page(**kwargs)`` runs (a search of
    three characters or more first asks the index how common it is), for the raw side."""
    captured: list[tuple[str, tuple[Any, ...]]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, tuple(parameters)))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        store.case_list.page(**kwargs)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    return captured


AREAS = ["Havant", "Portsmouth", "Southampton", "Basingstoke", "Winchester", "Eastleigh", "Gosport", "Fareham"]
NAMES = ["Alex", "Sam", "Jo", "Chris", "Priya", "Tomasz", "Aisha", "Ewan", "Grace", "Mohammed", "Olu", "Kim"]


def fill(store: Store, n: int) -> None:
    """Bulk-insert n cases with a victim and a perpetrator each, through the store's own connection."""
    rng = random.Random(7)
    start = dt.datetime(2020, 1, 1)
    cases, people = [], []
    for i in range(n):
        when = (start + dt.timedelta(minutes=37 * i)).strftime("%Y-%m-%d %H:%M:%S.000000")
        level = rng.choice(["standard", "standard", "medium", "high", None])
        review = (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(365))).isoformat()
        names = [f"{rng.choice(NAMES)} {rng.choice(NAMES)}son-{i}" for _role in ("victim", "perpetrator")]
        area = rng.choice(AREAS)
        cases.append((i + 1, f"HX-{i:06d}", area, "open", review, level, when, when,
                      search_text(f"HX-{i:06d}", area, names)))
        for role, name in zip(("victim", "perpetrator"), names, strict=True):
            people.append((i + 1, role, name, when))
    with store.engine.begin() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.executemany(
            "INSERT INTO cases (id, reference, area, status, review_on, risk_level, created_at, updated_at, "
            "search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            cases,
        )
        raw.executemany("INSERT INTO people (case_id, role, name, created_at) VALUES (?, ?, ?, ?)", people)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def raw_runner(store: Store) -> Any:
    conn = store.engine.raw_connection()

    def run(statements: list[tuple[str, tuple[Any, ...]]]) -> list[Any]:
        rows: list[Any] = []
        for sql, params in statements:
            rows = conn.execute(sql, params).fetchall()
        return rows

    return conn, run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        enc, plain = encrypted_store(Path(tmp) / "enc"), plain_store(Path(tmp) / "plain")
        for s in (enc, plain):
            fill(s, args.cases)
        enc_conn, enc_raw = raw_runner(enc)
        plain_conn, plain_raw = raw_runner(plain)
        assert isinstance(plain_conn.dbapi_connection, sqlite3.Connection)
        ref = f"{args.cases // 2:06d}"[1:-2]  # a fragment inside the references, not their start
        name = f"son-{args.cases // 3}"  # a name fragment matching one household, anywhere in the list
        queries = [
            ("case list, first page", {}),
            ("filter risk = high", {"risk_level": "high"}),
            ("search part of reference", {"search": ref}),
            ("search part of a name", {"search": name}),
            ("sort by reference", {"order_by": "reference", "descending": False}),
        ]
        checks = []
        for label, kwargs in queries:
            statements = same_sql(enc, **kwargs)
            checks.append(
                (label, lambda k=kwargs: enc.case_list.page(**k), lambda r, q=statements: r(q))  # type: ignore[misc]
            )
        print(f"{args.cases} cases, {2 * args.cases} people; median of {args.repeat}")
        for label, store_call, raw_call in checks:
            assert len(store_call()) == len(raw_call(enc_raw)) > 0, label
            store_times: list[float] = []
            raw_times: list[float] = []
            plain_times: list[float] = []
            for _ in range(10):  # interleaved rounds, so drift in the machine hits all three alike
                store_times += timed(store_call, args.repeat // 10)
                raw_times += timed(lambda rc=raw_call: rc(enc_raw), args.repeat // 10)
                plain_times += timed(lambda rc=raw_call: rc(plain_raw), args.repeat // 10)
            print(summary(f"  {label:<24} store vs raw SELECT (both encrypted)", store_times, raw_times, goal=2.0))
            print(summary(f"  {'':<24} raw SELECT encrypted vs plain", raw_times, plain_times))
        enc_conn.close()
        plain_conn.close()
        enc.close()
        plain.close()


if __name__ == "__main__":
    main()
