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
from dash_desktop.store.models import Practitioner


class Unit:
    """Transactions over one engine, and who is signed in (the actor named in audit events)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(engine.execution_options(immediate=True), expire_on_commit=False)
        #: The practitioner's name, recorded with every audit event.
        self.actor: str | None = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One ``BEGIN IMMEDIATE`` transaction: the change and its audit event commit together."""
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
