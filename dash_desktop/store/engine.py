"""Connections to the encrypted database: SQLCipher 4 keyed with the raw 32-byte data key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

#: Set on every connection, after the key. WAL keeps readers and the autosaving writer apart;
#: ``synchronous = FULL`` makes each commit durable; ``temp_store = MEMORY`` keeps SQLite's own
#: temporary files (sorts, indexes) out of the file system.
CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
)
#: How long a connection waits for another program's write to finish before it gives up with
#: "database is locked" (``Unit`` turns that into :class:`~dash_desktop.store.errors.StoreBusy`).
#: Short by default, because the app saves on its UI thread; the command line waits longer.
DEFAULT_BUSY_SECONDS = 1.0


def key_pragma_value(data_key: bytes) -> str:
    """SQLCipher's raw-key syntax: the key is used as is, without SQLCipher's own KDF."""
    if len(data_key) != 32:
        raise ValueError("the data key must be 32 bytes")
    return f"x'{data_key.hex()}'"


def connect_raw(
    path: Path, data_key: bytes, *, create: bool = False, busy_seconds: float = DEFAULT_BUSY_SECONDS
) -> sqlcipher3.Connection:
    """A keyed DB-API connection in autocommit mode (transactions are begun explicitly).

    Unless ``create``, the file must exist: SQLite would otherwise make a new empty database in
    its place, and a missing case file must never turn silently into an empty one. Raises
    ``sqlcipher3.DatabaseError`` on a wrong key or a file that is not a database.
    """
    target = str(path) if create else path.resolve().as_uri() + "?mode=rw"
    conn = sqlcipher3.connect(target, uri=not create, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{key_pragma_value(data_key)}"')
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails fast on a wrong key
        for pragma in CONNECTION_PRAGMAS:
            conn.execute(pragma).fetchall()
        conn.execute(f"PRAGMA busy_timeout = {round(busy_seconds * 1000)}").fetchall()
    except BaseException:
        conn.close()
        raise
    return conn


def make_engine(
    path: Path, data_key: bytes, *, create: bool = False, busy_seconds: float = DEFAULT_BUSY_SECONDS
) -> Engine:
    def creator() -> Any:
        return connect_raw(path, data_key, create=create, busy_seconds=busy_seconds)

    engine = create_engine("sqlite://", module=sqlcipher3, creator=creator, poolclass=QueuePool, pool_size=2)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # The driver is in autocommit mode; SQLAlchemy's transactions map to real BEGIN ... COMMIT.
        # Writers ask for ``immediate`` (see Store._write): BEGIN IMMEDIATE takes the write lock up
        # front, so two writers (the app and a CLI) queue on busy_timeout instead of one failing
        # half-way through a read-modify-write such as an autosaved answer.
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
