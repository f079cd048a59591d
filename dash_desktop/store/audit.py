"""The audit chain: every create, change, complete, sign, export, delete and unlock appends one event.

Each event's hash is ``SHA-256(prev_hash || canonical JSON of the event)``, and each event stores the
previous event's hash, so altering, removing or reordering any event breaks the chain from that point
on. :func:`verify` walks the chain and reports the first broken link. Events name what happened and to
which record; they never copy answers, names or notes.

What the chain cannot show on its own: someone holding the data key who rewrites the whole chain after
their change, or who removes events from the end. ``audit verify`` prints the head hash so a practitioner
or auditor can note it; a later head that does not descend from it shows truncation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dash_desktop.store.models import AuditEvent, utcnow

GENESIS = "0" * 64


class Action:
    """The event names (strings in the database)."""

    CREATE = "create"
    CHANGE = "change"
    COMPLETE = "complete"
    SIGN = "sign"
    EXPORT = "export"
    DELETE = "delete"
    UNLOCK = "unlock"
    RECOVER = "recover"
    PASSPHRASE_CHANGE = "passphrase_change"  # noqa: S105 - an event name, not a secret
    BACKUP = "backup"
    RESTORE = "restore"
    MIGRATE = "migrate"
    IMPORT = "import"


def _canonical(
    seq: int,
    at: datetime,
    actor: str | None,
    action: str,
    entity: str | None,
    entity_id: int | None,
    detail: Mapping[str, Any],
) -> bytes:
    body = {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "detail": detail,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest(prev_hash: str, event: AuditEvent) -> str:
    body = _canonical(event.seq, event.at, event.actor, event.action, event.entity, event.entity_id, event.detail)
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + body).hexdigest()


def append(
    session: Session,
    action: str,
    *,
    actor: str | None,
    entity: str | None = None,
    entity_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add the next event to ``session`` (it commits with the change it records, or not at all)."""
    last = session.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last is not None else (1, GENESIS)
    event = AuditEvent(
        seq=seq,
        at=utcnow(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=dict(detail or {}),
        prev_hash=prev,
        hash="",
    )
    event.hash = digest(prev, event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class Verification:
    ok: bool
    count: int
    head: str
    broken_seq: int | None = None
    problem: str | None = None

    def describe(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.count} events, head {self.head}"
        return f"audit chain broken at event {self.broken_seq}: {self.problem} ({self.count} events checked before it)"


def verify(session: Session) -> Verification:
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=500)):
        if event.seq != expected_seq:
            return Verification(False, count, expected_prev, event.seq, f"expected event {expected_seq} here")
        if event.prev_hash != expected_prev:
            return Verification(False, count, expected_prev, event.seq, "it does not link to the event before it")
        if digest(event.prev_hash, event) != event.hash:
            return Verification(False, count, expected_prev, event.seq, "its content does not match its hash")
        expected_prev = event.hash
        expected_seq += 1
        count += 1
    return Verification(True, count, expected_prev)
