"""The audit chain as the store's readers see it: check it (its links, its anchored end and the
completed records it covers), read its newest events, and record exports done outside the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dash_desktop.store import anchor, audit
from dash_desktop.store.anchor import AnchorUnreadable, Mark, problem_with
from dash_desktop.store.assessments import content_hash
from dash_desktop.store.audit import Action, Link
from dash_desktop.store.models import Assessment, SignedDocument
from dash_desktop.store.records import AuditRecord
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import AssessmentStatus


@dataclass(frozen=True)
class Verification:
    ok: bool
    count: int
    head: str
    broken_seq: int | None = None
    problem: str | None = None
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.ok:
            text = f"audit chain intact: {self.count} events, head {self.head}"
        else:
            text = f"audit chain broken at event {self.broken_seq}: {self.problem} ({self.count} events in the chain)"
        return "\n".join([text, *(f"  note: {n}" for n in self.notes)])


@dataclass
class _Seen:
    """What the walk keeps of the chain (never every event: a store has millions of autosaves)."""

    anchored_at_creation: bool = False
    anchor_events: list[Link] = field(default_factory=list)
    completed: dict[int, Link] = field(default_factory=dict)  # assessment id -> its newest 'complete'
    signed: dict[int, Link] = field(default_factory=dict)  # signed document id -> its 'sign'

    def visit(self, link: Link) -> None:
        if link.action == Action.CREATE and link.entity == "store":
            self.anchored_at_creation = link.detail.get("anchored") is True
        elif link.action == Action.ANCHOR:
            self.anchor_events.append(link)
        elif link.action == Action.COMPLETE and link.entity == "assessment" and link.entity_id is not None:
            self.completed[link.entity_id] = link
        elif link.action == Action.SIGN and isinstance(link.detail.get("document"), int):
            self.signed[link.detail["document"]] = link


def _anchor_findings(seen: _Seen) -> tuple[list[tuple[int, str]], list[str]]:
    """The anchor events in the chain as (seq, break) and notes."""
    breaks: list[tuple[int, str]] = []
    notes: list[str] = []
    for number, link in enumerate(seen.anchor_events):
        kind, events, sealed = link.detail.get("problem"), link.detail.get("events"), link.detail.get("sealed")
        if kind == anchor.MISSING and number == 0 and not seen.anchored_at_creation:
            notes.append(f"the chain is anchored from event {link.seq} on (the store was made before anchoring)")
        elif kind == anchor.MISSING:
            breaks.append((link.seq, "the chain's anchor file was missing (removed?) when this event was written"))
        elif kind == anchor.UNSAVED:
            notes.append(f"before event {link.seq} the program stopped after sealing a change and before saving "
                         "it: that change was not saved")
        elif kind == anchor.MISMATCH:
            breaks.append((link.seq, f"the chain did not end where its anchor said: it had {events} events, the "
                                     f"anchor had sealed {sealed} (events removed, replaced or added outside "
                                     "DASH Desktop)"))
        else:
            breaks.append((link.seq, "the chain's anchor file could not be read or was not sealed with this "
                                     "store's key"))
    return breaks, notes


def _record_findings(s: Session, seen: _Seen) -> list[tuple[int, str]]:
    """Completed assessments and signed documents that no longer say what their events recorded."""
    found: list[tuple[int, str]] = []
    for a in s.scalars(select(Assessment).execution_options(yield_per=200)):
        link = seen.completed.get(a.id)
        if link is None:
            if a.status != AssessmentStatus.DRAFT:
                found.append((0, f"assessment {a.id} is {a.status}, but the chain never recorded its completion"))
            continue
        recorded = link.detail.get("content")
        if a.status == AssessmentStatus.DRAFT:
            found.append((link.seq, f"assessment {a.id} was completed, and is a draft again"))
        elif isinstance(recorded, str) and recorded != content_hash(a):
            found.append((link.seq, f"assessment {a.id} was changed after it was completed (what it holds no "
                                    "longer matches the content hash of its 'complete' event)"))
    for doc_id, sha in s.execute(select(SignedDocument.id, SignedDocument.sha256)):
        sign = seen.signed.get(doc_id)
        if sign is None or sign.detail.get("sha256") != sha:
            found.append((sign.seq if sign else 0, f"signed document {doc_id} is not the one its 'sign' event "
                                                   "recorded"))
    return found


class AuditTrail:
    """``store.audit``: every change, in a hash chain."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    def verify(self) -> Verification:
        """Walk the chain; then check its end against the anchor, the anchor events it holds, and
        every completed assessment and signed document against the event that recorded it."""
        seen = _Seen()
        with self._unit.read() as s:
            walked = audit.walk(s, seen.visit)
            if walked.broken_seq is not None:
                return Verification(False, walked.count, walked.head, walked.broken_seq, walked.problem)
            breaks, notes = _anchor_findings(seen)
            breaks += self._end_findings(Mark(walked.count, walked.head), notes)
            breaks += _record_findings(s, seen)
        if breaks:
            seq, problem = min(breaks, key=lambda b: b[0] or walked.count + 1)
            more = f"; and {len(breaks) - 1} more finding(s)" if len(breaks) > 1 else ""
            return Verification(False, walked.count, walked.head, seq or walked.count, problem + more, tuple(notes))
        return Verification(True, walked.count, walked.head, notes=tuple(notes))

    def _end_findings(self, end: Mark, notes: list[str]) -> list[tuple[int, str]]:
        if self._unit.anchor is None:
            return []
        try:
            problem = problem_with(self._unit.anchor.read(), end)
        except AnchorUnreadable:
            return [(end.count, "the chain's anchor file cannot be read or was not sealed with this store's key")]
        if problem is None:
            return []
        if problem["problem"] == anchor.UNSAVED:
            notes.append("the newest change sealed in the anchor was not saved (the program stopped)")
            return []
        if problem["problem"] == anchor.MISSING:
            return [(end.count, "the chain's anchor file is missing")]
        return [(end.count, f"the chain ends at event {end.count}, but its anchor sealed {problem['sealed']} "
                            "events (events removed, replaced or added outside DASH Desktop)")]

    def events(self, limit: int = 100) -> list[AuditRecord]:
        """The newest events, newest first."""
        with self._unit.read() as s:
            return [AuditRecord(*row) for row in audit.newest(s, limit)]

    def record_export(self, entity: str, entity_id: int | None, detail: Mapping[str, Any]) -> None:
        """For exports done outside the store (a PDF saved to a file, a JSON export)."""
        with self._unit.write() as s:
            self._unit.audit(s, Action.EXPORT, entity, entity_id, detail)
