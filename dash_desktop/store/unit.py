"""The one seam between the store's parts and the database: read, write, audit.

Every part of the store (cases, people, assessments, …) is given the same :class:`Unit` and does
all its work through it: :meth:`Unit.read` for a read-only transaction, :meth:`Unit.write` for a
``BEGIN IMMEDIATE`` transaction in which the change and its audit event commit together (both are
saved or neither is), and :meth:`Unit.audit` to append that event.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session, sessionmaker

from dash_desktop.store import audit
from dash_desktop.store.errors import StoreLocked
from dash_desktop.store.models import Practitioner


class Unit:
    """Transactions over one engine, and who is signed in (the actor named in audit events).

    While the store is locked the unit has no engine (:meth:`close`), and every read or write raises
    :class:`~dash_desktop.store.errors.StoreLocked` until :meth:`open` gives it one again."""

    def __init__(self, engine: Engine) -> None:
        #: The practitioner's name, recorded with every audit event.
        self.actor: str | None = None
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._write_sessions: sessionmaker[Session] | None = None
        self.open(engine)

    def open(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(engine.execution_options(immediate=True), expire_on_commit=False)

    def close(self) -> None:
        """Close every connection and let go of the engine (and with it the key its connections use)."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = self._sessions = self._write_sessions = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StoreLocked()
        return self._engine

    @contextmanager
    def read(self) -> Iterator[Session]:
        if self._sessions is None:
            raise StoreLocked()
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One ``BEGIN IMMEDIATE`` transaction: the change and its audit event commit together."""
        if self._write_sessions is None:
            raise StoreLocked()
        with self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A Core connection, for reads that need no identity map (the case list)."""
        with self.engine.connect() as conn:
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
