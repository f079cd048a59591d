"""Shared helpers for the store benchmarks: a store over SQLCipher, and the *same* store code over plain
SQLite (same pragmas, same transactions), so a ratio isolates the cost of encryption."""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from dash_desktop.store import PractitionerProfile, Store, migrate
from dash_desktop.store.engine import CONNECTION_PRAGMAS
from dash_desktop.store.keys import KdfParams, KeyHeader
from dash_desktop.store.location import StorePaths
from dash_desktop.store.models import Practitioner

PASSPHRASE = "benchmark passphrase"


def encrypted_store(root: Path, kdf: KdfParams | None = None) -> Store:
    return Store.create(PASSPHRASE, PractitionerProfile("Bench Practitioner"), root, kdf=kdf)


def plain_engine(path: Path) -> Engine:
    def creator() -> Any:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        for pragma in CONNECTION_PRAGMAS:
            conn.execute(pragma).fetchall()
        return conn

    engine = create_engine("sqlite://", creator=creator, poolclass=QueuePool, pool_size=2)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def plain_store(root: Path) -> Store:
    """The same Store class over an unencrypted SQLite file: for comparison only."""
    root.mkdir(parents=True, exist_ok=True)
    paths = StorePaths.resolve(root)
    engine = plain_engine(paths.database)
    with engine.begin() as conn:
        migrate.upgrade(conn)
    header, key = KeyHeader.new(PASSPHRASE, KdfParams(iterations=1, lanes=1, memory_kib=8 * 1024))
    store = Store(paths, header, key, engine)
    with store.unit.write() as s:
        s.add(Practitioner(name="Bench Practitioner"))
    return store


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def summary(label: str, encrypted: list[float], baseline: list[float], goal: float | None = None) -> str:
    e, b = statistics.median(encrypted), statistics.median(baseline)
    ratio = e / b if b else float("inf")
    verdict = "" if goal is None else (f"  (goal <= {goal}x: {'met' if ratio <= goal else 'NOT met'})")
    return f"{label}: {e * 1000:.3f} ms vs {b * 1000:.3f} ms -> ratio {ratio:.2f}x{verdict}"
