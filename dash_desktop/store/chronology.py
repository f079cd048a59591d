"""A case's referrals (with their forms and meeting actions) and chronology notes: add, and edit
(every change audited); and what the case's own history says for a new assessment (its last MARAC
referral, its incidents)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dash_desktop.assessment.facts import months_later
from dash_desktop.store.audit import Action
from dash_desktop.store.cases import find_case
from dash_desktop.store.documents import attach_to_referral
from dash_desktop.store.errors import Conflict, NotFound
from dash_desktop.store.models import Case, Note, Referral, ReferralAction, utcnow
from dash_desktop.store.records import ActionRecord, NoteRecord, ReferralRecord
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import ReferralKind, ReferralStatus

REFERRAL_FIELDS = frozenset({"status", "referred_on", "meeting_on", "detail", "form"})
NOTE_FIELDS = frozenset({"text", "happened_on", "incident"})
#: How far back the case's last MARAC referral counts (SafeLives: a repeat is within 12 months).
MARAC_WINDOW_MONTHS = 12


def _check_referral(fields: Mapping[str, Any]) -> None:
    if "kind" in fields and fields["kind"] not in set(ReferralKind):
        raise Conflict(f"a referral's kind is one of: {', '.join(ReferralKind)}")
    if "status" in fields and fields["status"] not in set(ReferralStatus):
        raise Conflict(f"a referral's status is one of: {', '.join(ReferralStatus)}")
    for name in ("referred_on", "meeting_on"):
        if fields.get(name) is not None and not isinstance(fields[name], dt.date):
            raise Conflict(f"a referral's {name} is a date")


def _check_heard(referral: Referral) -> None:
    if referral.kind == ReferralKind.MARAC and referral.status == ReferralStatus.HEARD and referral.meeting_on is None:
        raise Conflict("a MARAC referral is heard at its meeting: give the meeting date (meeting_on)")


def form_text(form: str | Mapping[str, Any] | None) -> str | None:
    """The referral form as the ``form`` column keeps it: JSON text of an object (given as that
    text, or as the mapping itself)."""
    if form is None:
        return None
    if isinstance(form, str):
        try:
            parsed = json.loads(form)
        except ValueError:
            raise Conflict("a referral's form is JSON text (of an object)") from None
    else:
        parsed = dict(form)
    if not isinstance(parsed, dict):
        raise Conflict("a referral's form is JSON text (of an object)")
    return json.dumps(parsed, ensure_ascii=False, sort_keys=True)


def _check_note(fields: Mapping[str, Any]) -> None:
    if "text" in fields and not (isinstance(fields["text"], str) and fields["text"].strip()):
        raise Conflict("a note needs some text")
    if "incident" in fields and not isinstance(fields["incident"], bool):
        raise Conflict("a note's incident is true or false")


def _touch_case(s: Session, case_id: int) -> None:
    case = s.get(Case, case_id)
    if case is not None:
        case.updated_at = utcnow()


def _referral(s: Session, referral_id: int) -> Referral:
    referral = s.get(Referral, referral_id)
    if referral is None:
        raise NotFound(f"no referral {referral_id} in this store")
    return referral


class Chronology:
    """``store.records``: the referrals made and the notes kept in each case."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    # --- notes ------------------------------------------------------------------------------------

    def add_note(
        self, case: int | str, text: str, *, happened_on: dt.date | None = None, incident: bool = False
    ) -> NoteRecord:
        """A chronology note; ``incident``: it records an incident (counted by :meth:`incidents`)."""
        _check_note({"text": text, "incident": incident})
        with self._unit.write() as s:
            c = find_case(s, case)
            note = Note(case_id=c.id, text=text, happened_on=happened_on, author=self._unit.actor, incident=incident)
            s.add(note)
            c.updated_at = utcnow()
            s.flush()
            self._unit.audit(s, Action.CREATE, "note", note.id, {"case": c.id, "incident": incident})
            return NoteRecord.of(note)

    def update_note(self, note_id: int, **fields: Any) -> NoteRecord:
        """Change a note's ``text``, ``happened_on`` or ``incident``; its author stays the one who wrote it."""
        if unknown := set(fields) - NOTE_FIELDS:
            raise Conflict(f"unknown note fields: {', '.join(sorted(unknown))}")
        _check_note(fields)
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

    def incidents(self, case: int | str, since: dt.date) -> int:
        """How many of the case's notes mark an incident on or after ``since`` (a note without a
        date counts by the day it was written)."""
        with self._unit.read() as s:
            c = find_case(s, case)
            notes = s.execute(select(Note.happened_on, Note.created_at)
                              .where(Note.case_id == c.id, Note.incident.is_(True))).all()
        return sum(1 for on, created in notes if (on or created.date()) >= since)

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
        form: str | Mapping[str, Any] | None = None,
        signed: tuple[str, bytes] | None = None,
    ) -> ReferralRecord:
        """A referral of ``kind`` (a :class:`ReferralKind`); ``form``: the referral form's answers,
        as JSON text of an object (``ReferralForm.to_json()``) or the mapping; ``signed``: its
        signed PDF as (filename, bytes), kept in the same transaction (both are saved or neither)."""
        _check_referral({"kind": kind, "status": status, "referred_on": referred_on, "meeting_on": meeting_on})
        text = form_text(form)
        with self._unit.write() as s:
            c = find_case(s, case)
            referral = Referral(case_id=c.id, kind=kind, status=status, referred_on=referred_on,
                                meeting_on=meeting_on, detail=detail, assessment_id=assessment_id, form=text)
            _check_heard(referral)
            s.add(referral)
            c.updated_at = utcnow()
            s.flush()
            self._unit.audit(s, Action.CREATE, "referral", referral.id, {"case": c.id, "kind": kind, "status": status})
            if signed is not None:
                attach_to_referral(self._unit, s, referral, *signed)
            return ReferralRecord.of(referral)

    def update_referral(self, referral_id: int, **fields: Any) -> ReferralRecord:
        """Change a referral's ``status``, ``referred_on``, ``meeting_on``, ``detail`` or ``form``."""
        if unknown := set(fields) - REFERRAL_FIELDS:
            raise Conflict(f"unknown referral fields: {', '.join(sorted(unknown))}")
        _check_referral(fields)
        if "form" in fields:
            fields = {**fields, "form": form_text(fields["form"])}
        with self._unit.write() as s:
            referral = _referral(s, referral_id)
            for name, value in fields.items():
                setattr(referral, name, value)
            _check_heard(referral)
            referral.updated_at = utcnow()
            _touch_case(s, referral.case_id)
            detail = {"case": referral.case_id, "fields": sorted(fields)}
            if "status" in fields:
                detail["status"] = fields["status"]
            self._unit.audit(s, Action.CHANGE, "referral", referral.id, detail)
            return ReferralRecord.of(referral)

    def referral(self, referral_id: int) -> ReferralRecord:
        with self._unit.read() as s:
            return ReferralRecord.of(_referral(s, referral_id))

    def referrals(self, case: int | str) -> list[ReferralRecord]:
        """The case's referrals, newest first (by the day referred, then as recorded)."""
        with self._unit.read() as s:
            c = find_case(s, case)
            rows = s.scalars(select(Referral).where(Referral.case_id == c.id).options(selectinload(Referral.actions)))
            found = [ReferralRecord.of(r) for r in rows]
        return sorted(found, key=lambda r: (r.referred_on or r.created_at.date(), r.id), reverse=True)

    def last_marac_on(self, case: int | str, before: dt.date) -> dt.date | None:
        """The day the case's newest MARAC referral was made, within the 12 months up to ``before``
        (on or before it); None when there is none."""
        start = months_later(before, -MARAC_WINDOW_MONTHS)
        with self._unit.read() as s:
            c = find_case(s, case)
            newest: dt.date | None = s.scalar(
                select(Referral.referred_on).where(
                    Referral.case_id == c.id, Referral.kind == ReferralKind.MARAC.value,
                    Referral.referred_on >= start, Referral.referred_on <= before,
                ).order_by(Referral.referred_on.desc()).limit(1))
        return newest

    # --- a meeting's actions ----------------------------------------------------------------------

    def add_action(self, referral_id: int, agency: str, action: str, *, due_on: dt.date | None = None) -> ActionRecord:
        """An action the referral's meeting gave ``agency``, due on ``due_on``."""
        if not (isinstance(agency, str) and agency.strip()):
            raise Conflict("an action needs the agency it was given to")
        if not (isinstance(action, str) and action.strip()):
            raise Conflict("an action needs its text")
        if due_on is not None and not isinstance(due_on, dt.date):
            raise Conflict("an action's due_on is a date")
        with self._unit.write() as s:
            referral = _referral(s, referral_id)
            row = ReferralAction(referral_id=referral.id, agency=agency.strip(), action=action.strip(), due_on=due_on)
            s.add(row)
            referral.updated_at = utcnow()
            _touch_case(s, referral.case_id)
            s.flush()
            self._unit.audit(s, Action.CREATE, "referral_action", row.id,
                             {"case": referral.case_id, "referral": referral.id})
            return ActionRecord.of(row)

    def complete_action(self, action_id: int, done_on: dt.date | None) -> ActionRecord:
        """Mark an action done on ``done_on`` (None: not done after all)."""
        if done_on is not None and not isinstance(done_on, dt.date):
            raise Conflict("an action's done_on is a date")
        with self._unit.write() as s:
            row = s.get(ReferralAction, action_id)
            if row is None:
                raise NotFound(f"no referral action {action_id} in this store")
            row.done_on = done_on
            case_id = row.referral.case_id
            _touch_case(s, case_id)
            self._unit.audit(s, Action.CHANGE, "referral_action", row.id,
                             {"case": case_id, "referral": row.referral_id, "done": done_on is not None})
            return ActionRecord.of(row)

    def actions(self, referral_id: int) -> list[ActionRecord]:
        """The referral's meeting actions, in the order they were recorded."""
        with self._unit.read() as s:
            referral = _referral(s, referral_id)
            return [ActionRecord.of(a) for a in referral.actions]
