"""The audit chain: every create, change, complete, sign, export, delete and unlock appends one event.

Each event's hash is ``SHA-256(prev_hash || canonical JSON of the event)``, and each event stores the
previous event's hash, so altering, removing or reordering any event breaks the chain from that point
on. :func:`verify` walks the chain and reports the first broken link. Events name what happened and to
which record; they never copy answers, names or notes.

What the chain cannot show on its own, its end (a truncated tail, an emptied table, an event forged
onto the end), the anchor shows (``anchor.py``). Each completed assessment's content hash is in its
``complete`` event, so a direct edit of a completed record is seen too (``audit_trail.py``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dash_desktop.store.models import AuditEvent, utcnow

GENESIS = "0" * 64
#: Keys of ``Session.info``: the chain's end before the transaction's first event, and after its last.
CHAIN_BEFORE = "audit_chain_before"
CHAIN_AFTER = "audit_chain_after"


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
    ANCHOR = "anchor"  # the chain did not match its anchor (or had none): see anchor.py


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
    return _hash(prev_hash, body)


def _hash(prev_hash: str, body: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii", "replace") + b"\n" + body).hexdigest()


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
    # Where the chain ended before this transaction, and where it ends now: for the anchor (unit.py).
    session.info.setdefault(CHAIN_BEFORE, (seq - 1, prev))
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
    session.info[CHAIN_AFTER] = (seq, event.hash)
    return event


@dataclass(frozen=True)
class Link:
    """One event as stored, read without trusting its columns to be what they should be."""

    seq: int
    action: str
    entity: str | None
    entity_id: int | None
    detail: dict[str, Any]
    hash: str


@dataclass(frozen=True)
class Walk:
    """The chain walked from its first event: how far it holds, and the first broken link if any."""

    count: int
    head: str
    broken_seq: int | None = None
    problem: str | None = None


_ROWS = text("SELECT seq, CAST(at AS TEXT), actor, action, entity, entity_id, CAST(detail AS TEXT), prev_hash, hash "
             "FROM audit_events ORDER BY seq")


def _parse(row: Any) -> tuple[datetime, dict[str, Any]]:
    """The event's time and detail as they were hashed; ``ValueError`` naming what is not as it should be."""
    try:
        at = datetime.fromisoformat(str(row[1])).replace(tzinfo=UTC)
    except ValueError:
        raise ValueError("its time is not a date and time") from None
    try:
        detail = json.loads(row[6]) if isinstance(row[6], str) else None
    except (ValueError, RecursionError):
        detail = None
    if not isinstance(detail, dict):
        raise ValueError("its detail is not a JSON object")
    return at, detail


def walk(session: Session, visit: Callable[[Link], None] | None = None) -> Walk:
    """Walk the chain, handing each intact event to ``visit``; a row whose time is not a date or whose
    detail is not JSON is a broken link, never an exception."""
    expected_prev = GENESIS
    count = 0
    for row in session.execute(_ROWS.execution_options(yield_per=500)):
        seq = row[0]
        if seq != count + 1:
            return Walk(count, expected_prev, seq, f"expected event {count + 1} here")
        if row[7] != expected_prev:
            return Walk(count, expected_prev, seq, "it does not link to the event before it")
        try:
            at, detail = _parse(row)
        except ValueError as exc:
            return Walk(count, expected_prev, seq, str(exc))
        body = _canonical(seq, at, row[2], row[3], row[4], row[5], detail)
        if _hash(row[7], body) != row[8]:
            return Walk(count, expected_prev, seq, "its content does not match its hash")
        if visit is not None:
            visit(Link(seq, str(row[3]), row[4], row[5] if isinstance(row[5], int) else None, detail, str(row[8])))
        expected_prev = str(row[8])
        count += 1
    return Walk(count, expected_prev)


#: The time shown for an event whose stored time is not a date (``audit log`` still lists it).
UNREADABLE_TIME = datetime.min.replace(tzinfo=UTC)


def newest(session: Session, limit: int) -> list[tuple[Any, ...]]:
    """The newest ``limit`` events, newest first, as (seq, at, actor, action, entity, entity_id,
    detail, prev_hash, hash): a damaged time or detail is shown as unreadable, never an exception."""
    rows = session.execute(text(f"{_ROWS.text} DESC LIMIT :limit"), {"limit": limit})
    out = []
    for row in rows:
        try:
            at, detail = _parse(row)
        except ValueError:
            at, detail = UNREADABLE_TIME, {"unreadable": True}
        out.append((row[0], at, row[2], str(row[3]), row[4], row[5] if isinstance(row[5], int) else None, detail,
                    str(row[7]), str(row[8])))
    return out


def chain_end(conn: Any) -> tuple[int, str]:
    """(the last event's number, its hash) over a DB-API connection; (0, genesis) when there is none."""
    row = conn.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))
