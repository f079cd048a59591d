"""The training store: class sessions, their trainees, each trainee's answers (autosaved) and results,
and the trainer's signing identity for completion certificates.

It is a plain SQLite file (Python's own ``sqlite3``) in a folder of its own, never the case store:
it holds no case data (scenarios are synthetic, trainees are named by whatever name or number the
trainer chooses), so it has no key of its own, and it is kept private to the user (mode 0600 in a
0700 folder on POSIX). It imports nothing of the case store (the architecture test checks).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from dash_desktop.assessment import AssessmentDocument, parse_document
from dash_desktop.questionnaires import AnswerError
from dash_desktop.training_store.location import TrainingPaths
from dash_desktop.training_store.records import Attempt, ClassSession, Trainee

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    trainer TEXT NOT NULL,
    organisation TEXT NOT NULL,
    held_on TEXT NOT NULL
);
CREATE TABLE trainees (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    UNIQUE (session_id, label)
);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    trainee_id INTEGER REFERENCES trainees(id) ON DELETE CASCADE,
    scenario_id TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    document TEXT NOT NULL,
    started_at TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    completed_at TEXT,
    feedback TEXT,
    items TEXT
);
CREATE INDEX attempts_by_trainee ON attempts (trainee_id, scenario_id);
CREATE TABLE identities (
    trainer TEXT NOT NULL,
    organisation TEXT NOT NULL,
    pkcs12 BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (trainer, organisation)
);
"""
#: Limits on what the trainer types (a certificate's name fields hold at most 64 characters).
NAME_CHARS = 64
SESSION_NAME_CHARS = 120


class TrainingStoreError(Exception):
    """Something about the training store the trainer must know; the message says what to do."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def clean_name(text: str, what: str, limit: int = NAME_CHARS) -> str:
    """A name as kept: spaces collapsed; refused when blank, too long or holding control characters."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise TrainingStoreError(f"the {what} is blank")
    if len(cleaned) > limit:
        raise TrainingStoreError(f"the {what} is longer than {limit} characters; shorten it")
    if any(not ch.isprintable() for ch in cleaned):
        raise TrainingStoreError(f"the {what} holds a character that cannot be shown")
    return cleaned


def _private(path: Path, mode: int) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, mode)


class TrainingStore:
    """Open with :meth:`open` (made on first use); close with :meth:`close` or a ``with`` block."""

    def __init__(self, paths: TrainingPaths, conn: sqlite3.Connection) -> None:
        self.paths = paths
        self._conn = conn

    @classmethod
    def open(cls, training_dir: str | os.PathLike[str] | None = None) -> TrainingStore:
        paths = TrainingPaths.resolve(training_dir)
        try:
            paths.root.mkdir(parents=True, exist_ok=True)
            _private(paths.root, 0o700)
            conn = sqlite3.connect(paths.database, timeout=5)
        except (OSError, sqlite3.Error) as exc:
            raise TrainingStoreError(f"the training store in {paths.root} cannot be opened: {exc}") from None
        try:
            _prepare(conn, paths.database)
        except BaseException:
            conn.close()
            raise
        _private(paths.database, 0o600)
        return cls(paths, conn)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> TrainingStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            with self._conn:
                yield self._conn
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise TrainingStoreError(f"the training store could not be written ({exc}); nothing was changed") from None

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        try:
            return list(self._conn.execute(sql, params))
        except OverflowError:
            return []  # an id beyond what SQLite can hold names nothing
        except sqlite3.Error as exc:
            raise TrainingStoreError(f"the training store could not be read ({exc})") from None

    # --- class sessions ----------------------------------------------------------------------------

    def new_session(self, name: str, trainer: str, organisation: str, held_on: dt.date | None = None) -> ClassSession:
        values = (clean_name(name, "session name", SESSION_NAME_CHARS), clean_name(trainer, "trainer's name"),
                  clean_name(organisation, "organisation"), (held_on or dt.date.today()).isoformat())
        with self._write() as conn:
            cursor = conn.execute("INSERT INTO sessions (name, trainer, organisation, held_on) VALUES (?, ?, ?, ?)",
                                  values)
        return self.session(int(cursor.lastrowid or 0))

    def sessions(self) -> list[ClassSession]:
        return [_session(r) for r in self._rows("SELECT * FROM sessions ORDER BY held_on DESC, id DESC")]

    def session(self, session_id: int) -> ClassSession:
        rows = self._rows("SELECT * FROM sessions WHERE id = ?", (session_id,))
        if not rows:
            raise TrainingStoreError(f"there is no class session {session_id} in the training store "
                                     "('dash-desktop training class list' shows them)")
        return _session(rows[0])

    def last_trainer(self) -> tuple[str, str]:
        """The trainer and organisation of the newest session, to offer for the next one."""
        rows = self._rows("SELECT trainer, organisation FROM sessions ORDER BY id DESC LIMIT 1")
        return (rows[0]["trainer"], rows[0]["organisation"]) if rows else ("", "")

    # --- trainees ----------------------------------------------------------------------------------

    def add_trainee(self, session_id: int, label: str) -> Trainee:
        self.session(session_id)
        label = clean_name(label, "trainee's name or number")
        try:
            with self._write() as conn:
                cursor = conn.execute("INSERT INTO trainees (session_id, label) VALUES (?, ?)", (session_id, label))
        except sqlite3.IntegrityError:
            raise TrainingStoreError(f"{label!r} is already in this session; give each trainee a name or "
                                     "number of their own") from None
        return Trainee(int(cursor.lastrowid or 0), session_id, label)

    def trainees(self, session_id: int) -> list[Trainee]:
        self.session(session_id)
        rows = self._rows("SELECT * FROM trainees WHERE session_id = ? ORDER BY id", (session_id,))
        return [Trainee(r["id"], r["session_id"], r["label"]) for r in rows]

    def trainee(self, session_id: int, label: str) -> Trainee:
        """A trainee of the session by their name or number (as given, spaces collapsed)."""
        wanted = " ".join(label.split())
        for trainee in self.trainees(session_id):
            if trainee.label == wanted:
                return trainee
        raise TrainingStoreError(f"no trainee {wanted!r} in session {session_id}")

    # --- attempts ----------------------------------------------------------------------------------

    def start_attempt(self, scenario_id: str, scenario_title: str, document: AssessmentDocument,
                      trainee_id: int | None = None) -> Attempt:
        """A new attempt at a scenario, with the answers so far (often none)."""
        now = _now().isoformat()
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO attempts (trainee_id, scenario_id, scenario_title, document, started_at, saved_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (trainee_id, scenario_id, scenario_title, _json(document.to_dict()), now, now))
        return self.attempt(int(cursor.lastrowid or 0))

    def save_answers(self, attempt_id: int, document: AssessmentDocument) -> None:
        """Autosave: the answers as they stand. A completed attempt is not changed."""
        self._open_attempt(attempt_id)
        with self._write() as conn:
            conn.execute("UPDATE attempts SET document = ?, saved_at = ? WHERE id = ?",
                         (_json(document.to_dict()), _now().isoformat(), attempt_id))

    def complete(self, attempt_id: int, document: AssessmentDocument, feedback: Mapping[str, Any],
                 items: Mapping[str, bool]) -> Attempt:
        """Keep the final answers with their feedback and, per item compared, whether it agreed."""
        self._open_attempt(attempt_id)
        now = _now().isoformat()
        with self._write() as conn:
            conn.execute("UPDATE attempts SET document = ?, saved_at = ?, completed_at = ?, feedback = ?, items = ? "
                         "WHERE id = ?",
                         (_json(document.to_dict()), now, now, _json(dict(feedback)), _json(dict(items)), attempt_id))
        return self.attempt(attempt_id)

    def _open_attempt(self, attempt_id: int) -> None:
        if self.attempt(attempt_id).completed:
            raise TrainingStoreError(f"attempt {attempt_id} is completed; its answers are kept as they were")

    def attempt(self, attempt_id: int) -> Attempt:
        rows = self._rows("SELECT * FROM attempts WHERE id = ?", (attempt_id,))
        if not rows:
            raise TrainingStoreError(f"there is no training attempt {attempt_id}")
        return _attempt(rows[0])

    def attempts(self, *, session_id: int | None = None, trainee_id: int | None = None) -> list[Attempt]:
        """Attempts of one trainee, of a session's trainees, or (neither given) practice outside a class."""
        if trainee_id is not None:
            rows = self._rows("SELECT * FROM attempts WHERE trainee_id = ? ORDER BY id", (trainee_id,))
        elif session_id is not None:
            rows = self._rows("SELECT a.* FROM attempts a JOIN trainees t ON a.trainee_id = t.id "
                              "WHERE t.session_id = ? ORDER BY a.id", (session_id,))
        else:
            rows = self._rows("SELECT * FROM attempts WHERE trainee_id IS NULL ORDER BY id")
        return [_attempt(r) for r in rows]

    # --- the trainer's signing identity ---------------------------------------------------------------

    def identity(self, trainer: str, organisation: str) -> bytes | None:
        """The PKCS#12 of the trainer's certificate-signing identity, if one was made."""
        rows = self._rows("SELECT pkcs12 FROM identities WHERE trainer = ? AND organisation = ?",
                          (trainer, organisation))
        return bytes(rows[0]["pkcs12"]) if rows else None

    def keep_identity(self, trainer: str, organisation: str, pkcs12: bytes, fingerprint: str) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO identities (trainer, organisation, pkcs12, fingerprint) VALUES (?, ?, ?, ?)",
                         (trainer, organisation, pkcs12, fingerprint))


def _prepare(conn: sqlite3.Connection, database: Path) -> None:
    """Make the schema in a new file; refuse a file that is not a training store, or a newer one."""
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise TrainingStoreError(f"{database} is a database, but not a training store; nothing was changed")
            with conn:
                conn.executescript(f"BEGIN; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
        elif version > SCHEMA_VERSION:
            raise TrainingStoreError(f"{database} was made by a newer DASH Desktop (training store version "
                                     f"{version}); update this one to open it")
    except sqlite3.DatabaseError as exc:
        raise TrainingStoreError(f"{database} cannot be read as a training store ({exc}); "
                                 "move it aside to start a new one") from None


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _session(row: sqlite3.Row) -> ClassSession:
    return ClassSession(row["id"], row["name"], row["trainer"], row["organisation"],
                        dt.date.fromisoformat(row["held_on"]))


def _attempt(row: sqlite3.Row) -> Attempt:
    try:
        document = parse_document(json.loads(row["document"]))
    except (ValueError, AnswerError) as exc:
        raise TrainingStoreError(f"training attempt {row['id']} is damaged in the store ({exc})") from None
    completed = row["completed_at"]
    return Attempt(
        id=row["id"],
        trainee_id=row["trainee_id"],
        scenario_id=row["scenario_id"],
        scenario_title=row["scenario_title"],
        document=document,
        started_at=dt.datetime.fromisoformat(row["started_at"]),
        saved_at=dt.datetime.fromisoformat(row["saved_at"]),
        completed_at=dt.datetime.fromisoformat(completed) if completed else None,
        feedback=json.loads(row["feedback"]) if row["feedback"] else None,
        items=json.loads(row["items"]) if row["items"] else {},
    )
