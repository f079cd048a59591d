"""A case's referrals and chronology notes: add, and edit (every change audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from dash_desktop.store.audit import Action
from dash_desktop.store.cases import find_case
from dash_desktop.store.errors import Conflict, NotFound
from dash_desktop.store.models import Case, Note, Referral, utcnow
from dash_desktop.store.records import NoteRecord, ReferralRecord
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import ReferralKind, ReferralStatus

REFERRAL_FIELDS = frozenset({"status", "referred_on", "meeting_on", "detail"})
NOTE_FIELDS = frozenset({"text", "happened_on"})


def _check_referral(fields: dict[str, Any]) -> None:
    if "kind" in fields and fields["kind"] not in set(ReferralKind):
        raise Conflict(f"a referral is one of: {', '.join(ReferralKind)}")
    if "status" in fields and fields["status"] not in set(ReferralStatus):
        raise Conflict(f"a referral's status is one of: {', '.join(ReferralStatus)}")


def _check_note_text(text: str) -> None:
    if not text.strip():
        raise Conflict("a note needs some text")


def _touch_case(s: Session, case_id: int) -> None:
    case = s.get(Case, case_id)
    if case is not None:
        case.updated_at = utcnow()


class Chronology:
    """``store.records``: the referrals made and the notes kept in each case."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    # --- notes ------------------------------------------------------------------------------------

    def add_note(self, case: int | str, text: str, *, happened_on: dt.date | None = None) -> NoteRecord:
        _check_note_text(text)
        with self._unit.write() as s:
            c = find_case(s, case)
            note = Note(case_id=c.id, text=text, happened_on=happened_on, author=self._unit.actor)
            s.add(note)
            c.updated_at = utcnow()
            s.flush()
            self._unit.audit(s, Action.CREATE, "note", note.id, {"case": c.id})
            return NoteRecord.of(note)

    def update_note(self, note_id: int, **fields: Any) -> NoteRecord:
        """Change a note's ``text`` or ``happened_on``; its author stays the one who wrote it."""
        if unknown := set(fields) - NOTE_FIELDS:
            raise Conflict(f"unknown note fields: {', '.join(sorted(unknown))}")
        if "text" in fields:
            _check_note_text(fields["text"])
        with self._unit.write() as s:
            note = s.get(Note, note_id)
            if note is None:
                raise NotFound(f"no note {note_id} in this store")
            for name, value in fields.items():
                setattr(note, name, value)
            note.updated_at = utcnow()
            _touch_case(s, note.case_id)
            self._unit.audit(s, Action.CHANGE, "note", note.id, {"case": note.case_id, "fields": sorted(fields)})
            return NoteRecord.of(note)

    # --- referrals --------------------------------------------------------------------------------

    def add_referral(
        self,
        case: int | str,
        kind: str,
        *,
        status: str = ReferralStatus.PROPOSED.value,
        referred_on: dt.date | None = None,
        meeting_on: dt.date | None = None,
        detail: str | None = None,
        assessment_id: int | None = None,
    ) -> ReferralRecord:
        _check_referral({"kind": kind, "status": status})
        with self._unit.write() as s:
            c = find_case(s, case)
            referral = Referral(case_id=c.id, kind=kind, status=status, referred_on=referred_on,
                                meeting_on=meeting_on, detail=detail, assessment_id=assessment_id)
            s.add(referral)
            c.updated_at = utcnow()
            s.flush()
            self._unit.audit(s, Action.CREATE, "referral", referral.id, {"case": c.id, "kind": kind, "status": status})
            return ReferralRecord.of(referral)

    def update_referral(self, referral_id: int, **fields: Any) -> ReferralRecord:
        """Change a referral's ``status``, ``referred_on``, ``meeting_on`` or ``detail``."""
        if unknown := set(fields) - REFERRAL_FIELDS:
            raise Conflict(f"unknown referral fields: {', '.join(sorted(unknown))}")
        _check_referral(fields)
        with self._unit.write() as s:
            referral = s.get(Referral, referral_id)
            if referral is None:
                raise NotFound(f"no referral {referral_id} in this store")
            for name, value in fields.items():
                setattr(referral, name, value)
            referral.updated_at = utcnow()
            _touch_case(s, referral.case_id)
            detail = {"case": referral.case_id, "fields": sorted(fields)}
            if "status" in fields:
                detail["status"] = fields["status"]
            self._unit.audit(s, Action.CHANGE, "referral", referral.id, detail)
            return ReferralRecord.of(referral)
