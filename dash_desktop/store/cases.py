"""Cases (households): add, read with everything in them, change, delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from dash_desktop.store import search
from dash_desktop.store.audit import Action
from dash_desktop.store.errors import Conflict, NotFound
from dash_desktop.store.models import Case, Person, Referral, utcnow
from dash_desktop.store.records import CaseRecord
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import CaseStatus, CloseOutcome, Role

CASE_FIELDS = frozenset({"reference", "area", "status", "review_on"})
#: The largest id SQLite can hold (a longer number given as a reference is not an id).
MAX_ID = 2**63 - 1


def find_case(s: Session, ref: int | str) -> Case:
    """A case by id, or by reference (ignoring case; a reference of digits alone may also be an id)."""
    if isinstance(ref, int):
        case = s.get(Case, ref)
    else:
        case = s.scalar(select(Case).where(Case.reference == ref.strip()))
        digits = ref.strip()
        if case is None and digits.isascii() and digits.isdigit() and len(digits) <= 19 and int(digits) <= MAX_ID:
            case = s.get(Case, int(digits))
    if case is None:
        raise NotFound(f"no case {ref!r} in this store")
    return case


def check_person(role: str, name: str) -> None:
    """Refuse a person the store cannot keep: an unknown role, or no name."""
    if role not in set(Role):
        raise Conflict(f"a person's role is one of: {', '.join(Role)}")
    if not isinstance(name, str) or not name.strip():
        raise Conflict("a person needs a name (or a placeholder such as 'Child 1')")


def load_case(s: Session, case_id: int) -> CaseRecord:
    """The case as a record, with its people, assessments, referrals (and their actions) and notes."""
    query = (
        select(Case)
        .where(Case.id == case_id)
        .options(*(selectinload(rel) for rel in (Case.people, Case.assessments, Case.notes)),
                 selectinload(Case.referrals).selectinload(Referral.actions))
        .execution_options(populate_existing=True)
    )
    return CaseRecord.of(s.scalars(query).one())


class Cases:
    """``store.cases``: the households in the store."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    def add(
        self,
        reference: str,
        *,
        area: str | None = None,
        review_on: dt.date | None = None,
        people: Sequence[tuple[str, str]] = (),
    ) -> CaseRecord:
        """A new case, with its people given as (role, name) pairs, all in one transaction."""
        reference = reference.strip()
        if not reference:
            raise Conflict("a case needs a reference")
        for role, name in people:
            check_person(role, name)
        try:
            with self._unit.write() as s:
                case = Case(reference=reference, area=area, review_on=review_on)
                s.add(case)
                s.flush()
                self._unit.audit(s, Action.CREATE, "case", case.id)
                for role, name in people:
                    person = Person(case_id=case.id, role=role, name=name.strip())
                    s.add(person)
                    s.flush()
                    self._unit.audit(s, Action.CREATE, "person", person.id, {"case": case.id, "role": role})
                search.refresh(s, case.id)
                return load_case(s, case.id)
        except IntegrityError:
            raise Conflict(f"there is already a case with reference {reference!r}") from None

    def get(self, ref: int | str) -> CaseRecord:
        """The case with its people, assessments, referrals and notes (by id or reference)."""
        with self._unit.read() as s:
            return load_case(s, find_case(s, ref).id)

    def update(self, ref: int | str, **fields: Any) -> CaseRecord:
        """Change a case's ``reference``, ``area``, ``status`` or ``review_on``."""
        if unknown := set(fields) - CASE_FIELDS:
            raise Conflict(f"unknown case fields: {', '.join(sorted(unknown))}")
        if "status" in fields and fields["status"] not in set(CaseStatus):
            raise Conflict(f"a case's status is one of: {', '.join(CaseStatus)}")
        try:
            with self._unit.write() as s:
                case = find_case(s, ref)
                for name, value in fields.items():
                    setattr(case, name, value)
                case.updated_at = utcnow()
                if {"reference", "area"} & set(fields):
                    search.refresh(s, case.id)
                self._unit.audit(s, Action.CHANGE, "case", case.id, {"fields": sorted(fields)})
                return load_case(s, case.id)
        except IntegrityError:
            raise Conflict(f"there is already a case with reference {fields.get('reference')!r}") from None

    def close(self, ref: int | str, outcome: str, *, closed_on: dt.date | None = None) -> CaseRecord:
        """Close a case with its outcome (a :class:`CloseOutcome`) on ``closed_on`` (default today);
        the audit trail records the outcome."""
        if outcome not in set(CloseOutcome):
            raise Conflict(f"a case's outcome is one of: {', '.join(CloseOutcome)}")
        if closed_on is not None and not isinstance(closed_on, dt.date):
            raise Conflict("closed_on is a date")
        day = closed_on or dt.date.today()
        with self._unit.write() as s:
            case = find_case(s, ref)
            case.status, case.closed_on, case.close_outcome = CaseStatus.CLOSED.value, day, outcome
            case.updated_at = utcnow()
            self._unit.audit(s, Action.CHANGE, "case", case.id,
                             {"status": CaseStatus.CLOSED.value, "outcome": outcome, "closed_on": day.isoformat()})
            return load_case(s, case.id)

    def reopen(self, ref: int | str) -> CaseRecord:
        """Open a closed case again (its close date and outcome are cleared; the audit trail keeps them)."""
        with self._unit.write() as s:
            case = find_case(s, ref)
            case.status, case.closed_on, case.close_outcome = CaseStatus.OPEN.value, None, None
            case.updated_at = utcnow()
            self._unit.audit(s, Action.CHANGE, "case", case.id, {"status": CaseStatus.OPEN.value})
            return load_case(s, case.id)

    def set_review(self, ref: int | str, review_on: dt.date | None) -> CaseRecord:
        """Set (or, with None, clear) the day the case is next to be reviewed."""
        if review_on is not None and not isinstance(review_on, dt.date):
            raise Conflict("review_on is a date")
        with self._unit.write() as s:
            case = find_case(s, ref)
            case.review_on = review_on
            case.updated_at = utcnow()
            self._unit.audit(s, Action.CHANGE, "case", case.id, {"fields": ["review_on"]})
            return load_case(s, case.id)

    def delete(self, ref: int | str) -> None:
        """Remove a case and everything in it. The audit chain keeps the fact, not the content."""
        with self._unit.write() as s:
            case = find_case(s, ref)
            case_id = case.id
            s.delete(case)
            self._unit.audit(s, Action.DELETE, "case", case_id)
