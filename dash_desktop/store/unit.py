"""The one seam between the store's parts and the database: read, write, audit.

Every part of the store (cases, people, assessments, …) is given the same :class:`Unit` and does
all its work through it: :meth:`Unit.read` for a read-only transaction, :meth:`Unit.write` for a
``BEGIN IMMEDIATE`` transaction in which the change and its audit event commit together (both are
saved or neither is), and :meth:`Unit.audit` to append that event.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from dash_desktop.store import audit
from dash_desktop.store.anchor import UNREADABLE, Anchor, AnchorState, AnchorUnreadable, Mark, problem_with
from dash_desktop.store.audit import CHAIN_AFTER, CHAIN_BEFORE, Action
from dash_desktop.store.engine import DEFAULT_BUSY_SECONDS
from dash_desktop.store.errors import StoreError, StoreLocked, StoreWriteBusy
from dash_desktop.store.models import Practitioner


class Unit:
    """Transactions over one engine, and who is signed in (the actor named in audit events).

    While the store is locked the unit has no engine (:meth:`close`), and every read or write raises
    :class:`~dash_desktop.store.errors.StoreLocked` until :meth:`open` gives it one again."""

    def __init__(self, engine: Engine, root: Path | None = None, busy_seconds: float = DEFAULT_BUSY_SECONDS) -> None:
        self._root = root or Path(".")
        self._busy_seconds = busy_seconds
        #: The practitioner's name, recorded with every audit event.
        self.actor: str | None = None
        #: Where the chain's end is sealed before each write commits (None while a store is being made).
        self.anchor: Anchor | None = None
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._write_sessions: sessionmaker[Session] | None = None
        self.open(engine)

    def open(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(engine.execution_options(immediate=True), expire_on_commit=False)

    def close(self) -> None:
        """Close every connection and let go of the engine (and with it the key its connections use)
        and of the anchor (which holds the key too)."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = self._sessions = self._write_sessions = None
        self.anchor = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StoreLocked()
        return self._engine

    @contextmanager
    def read(self) -> Iterator[Session]:
        if self._sessions is None:
            raise StoreLocked()
        with self._busy_is_an_error(), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One ``BEGIN IMMEDIATE`` transaction: the change and its audit event commit together.
        :class:`StoreWriteBusy` when another program holds the write lock for longer than the wait."""
        if self._write_sessions is None:
            raise StoreLocked()
        with self._busy_is_an_error(), self._write_sessions() as session, session.begin():
            yield session
            if self.anchor is not None and CHAIN_BEFORE in session.info:
                self._seal_chain_end(session, self.anchor)

    @contextmanager
    def _busy_is_an_error(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            text = str(exc.orig).lower()
            if "locked" in text or "busy" in text:
                raise StoreWriteBusy(self._root, self._busy_seconds) from None
            raise

    def _seal_chain_end(self, s: Session, anchor: Anchor) -> None:
        """Before the commit: compare where the chain ended with the anchor (recording any difference
        as an ``anchor`` event in this transaction), then seal where it will end (see ``anchor.py``)."""
        before = Mark(*s.info[CHAIN_BEFORE])
        try:
            problem = problem_with(anchor.read(), before)
        except AnchorUnreadable as exc:
            problem = {"problem": UNREADABLE, "events": before.count, "why": str(exc)[:200]}
        if problem is not None:
            self.audit(s, Action.ANCHOR, "store", None, problem)
        try:
            anchor.write(AnchorState(committed=before, pending=Mark(*s.info[CHAIN_AFTER])))
        except OSError as exc:  # nothing is committed: the change is not saved, and says why
            raise StoreError(f"the change was not saved: {anchor.path} could not be written "
                             f"({exc.strerror or exc})") from None

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A Core connection, for reads that need no identity map (the case list)."""
        with self._busy_is_an_error(), self.engine.connect() as conn:
            yield conn

    def audit(
        self,
        s: Session,
        action: str,
        entity: str | None,
        entity_id: int | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        audit.append(s, action, actor=self.actor, entity=entity, entity_id=entity_id, detail=detail)

    @staticmethod
    def practitioner(s: Session) -> Practitioner | None:
        """The store's practitioner: the first profile (a store has one, made when it was created)."""
        return s.scalars(select(Practitioner).order_by(Practitioner.id).limit(1)).first()
