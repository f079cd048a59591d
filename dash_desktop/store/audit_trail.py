"""The audit chain as the store's readers see it: check it, read its newest events, and record
exports done outside the store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from dash_desktop.store import audit
from dash_desktop.store.audit import Action
from dash_desktop.store.models import AuditEvent
from dash_desktop.store.records import AuditRecord
from dash_desktop.store.unit import Unit


class AuditTrail:
    """``store.audit``: every change, in a hash chain."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    def verify(self) -> audit.Verification:
        with self._unit.read() as s:
            return audit.verify(s)

    def events(self, limit: int = 100) -> list[AuditRecord]:
        """The newest events, newest first."""
        with self._unit.read() as s:
            return [AuditRecord.of(e) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())
                                                         .limit(limit))]

    def record_export(self, entity: str, entity_id: int | None, detail: Mapping[str, Any]) -> None:
        """For exports done outside the store (a PDF saved to a file, a JSON export)."""
        with self._unit.write() as s:
            self._unit.audit(s, Action.EXPORT, entity, entity_id, detail)
