"""Assessments: drafts saved as they are answered, completed ones locked with their scored result,
and ones brought in from interchange files. A completed or signed assessment is never edited: a
change is a new assessment that ``amends`` it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dash_desktop.store.audit import Action
from dash_desktop.store.cases import find_case
from dash_desktop.store.errors import Conflict, NotFound
from dash_desktop.store.models import Assessment, Case, Person, utcnow
from dash_desktop.store.records import AssessmentRecord
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import AssessmentStatus


def record_of(a: Assessment) -> AssessmentRecord:
    """The assessment as a record (inside its session: its case is read for the reference)."""
    return AssessmentRecord.of(a, a.case.reference)


def content_hash(a: Assessment) -> str:
    """SHA-256 of what a completed assessment says (its questionnaire, date, answers, document and
    result): kept in its ``complete`` event, so ``audit verify`` sees any later edit of the record."""
    content = {
        "case": a.case_id, "subject": a.subject_person_id,
        "questionnaire": [a.questionnaire_id, a.questionnaire_version, a.questionnaire_hash],
        "assessed_on": a.assessed_on.isoformat() if a.assessed_on else None,
        "answers": a.answers, "document": a.document, "result": a.result,
        "risk_level": a.risk_level, "yes_count": a.yes_count,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def find_assessment(s: Session, assessment_id: int) -> Assessment:
    a = s.get(Assessment, assessment_id)
    if a is None:
        raise NotFound(f"no assessment {assessment_id} in this store")
    return a


def draft_in(s: Session, assessment_id: int) -> Assessment:
    a = find_assessment(s, assessment_id)
    if a.status != AssessmentStatus.DRAFT:
        raise Conflict(
            f"assessment {assessment_id} is {a.status} and locked; a change needs a new assessment, "
            "never an edit of a completed one"
        )
    return a


def _check_subject(s: Session, case: Case, person_id: int | None) -> None:
    if person_id is None:
        return
    person = s.get(Person, person_id)
    if person is None or person.case_id != case.id:
        raise NotFound(f"person {person_id} is not part of case {case.reference!r}")


def _check_amends(s: Session, case: Case, amends: int | None) -> None:
    if amends is None:
        return
    earlier = s.get(Assessment, amends)
    if earlier is None or earlier.case_id != case.id:
        raise NotFound(f"assessment {amends} is not part of case {case.reference!r}")
    if earlier.status == AssessmentStatus.DRAFT:
        raise Conflict(f"assessment {amends} is a draft: carry on with it rather than amending it")


def document_date(document: Mapping[str, Any] | None) -> dt.date | None:
    """The assessment date an interchange document carries (``assessed_on``), if it is a date."""
    value = (document or {}).get("assessed_on")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _keep_document(a: Assessment, document: Mapping[str, Any] | None) -> None:
    """Store the draft's document; its date becomes the assessment's."""
    if document is not None:
        a.document = dict(document)
        a.assessed_on = document_date(document) or a.assessed_on


class Assessments:
    """``store.assessments``: every run of a questionnaire in every case."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    def start(
        self,
        case: int | str,
        questionnaire_id: str,
        *,
        questionnaire_version: str | None = None,
        questionnaire_hash: str | None = None,
        subject_person_id: int | None = None,
        assessed_on: dt.date | None = None,
        answers: Mapping[str, Any] | None = None,
        amends: int | None = None,
    ) -> AssessmentRecord:
        """A new draft, saved at once. ``amends`` names the completed assessment of the same case that
        this one replaces (a completed or signed assessment is never edited)."""
        with self._unit.write() as s:
            c = find_case(s, case)
            _check_subject(s, c, subject_person_id)
            _check_amends(s, c, amends)
            practitioner = self._unit.practitioner(s)
            a = Assessment(
                case_id=c.id, questionnaire_id=questionnaire_id, questionnaire_version=questionnaire_version,
                questionnaire_hash=questionnaire_hash, subject_person_id=subject_person_id, assessed_on=assessed_on,
                answers=dict(answers or {}), amends_id=amends, status=AssessmentStatus.DRAFT.value,
                practitioner_id=practitioner.id if practitioner else None,
                practitioner_name=practitioner.name if practitioner else None,
            )
            s.add(a)
            c.updated_at = utcnow()
            s.flush()
            detail: dict[str, Any] = {"case": c.id, "questionnaire": questionnaire_id}
            if amends is not None:
                detail["amends"] = amends
            self._unit.audit(s, Action.CREATE, "assessment", a.id, detail)
            return record_of(a)

    def save_answer(self, assessment_id: int, item_id: str, value: Any) -> int:
        """Autosave one answer (``None`` clears it) in its own transaction; returns the draft's revision.

        Called on every answer change, so a crash loses at most the answer being typed.
        """
        with self._unit.write() as s:
            a = draft_in(s, assessment_id)
            answers = dict(a.answers)
            if value is None:
                answers.pop(item_id, None)
            else:
                answers[item_id] = value
            a.answers = answers
            a.revision += 1
            a.updated_at = utcnow()
            self._unit.audit(s, Action.CHANGE, "assessment", a.id, {"item": item_id, "revision": a.revision})
            return a.revision

    def save_draft(
        self,
        assessment_id: int,
        answers: Mapping[str, Any],
        *,
        assessed_on: dt.date | None = None,
        document: Mapping[str, Any] | None = None,
    ) -> int:
        """Autosave the whole answer set at once (replacing it), with the draft's interchange
        ``document`` (answers, their sources and the date) when given; returns the draft's revision."""
        with self._unit.write() as s:
            a = draft_in(s, assessment_id)
            a.answers = dict(answers)
            _keep_document(a, document)
            if assessed_on is not None:
                a.assessed_on = assessed_on
            a.revision += 1
            a.updated_at = utcnow()
            self._unit.audit(s, Action.CHANGE, "assessment", a.id, {"items": len(answers), "revision": a.revision})
            return a.revision

    def set_subject(self, assessment_id: int, person_id: int) -> AssessmentRecord:
        """Name the person a draft assesses (the app asks before completing one that names nobody)."""
        with self._unit.write() as s:
            a = draft_in(s, assessment_id)
            _check_subject(s, a.case, person_id)
            a.subject_person_id = person_id
            a.updated_at = utcnow()
            self._unit.audit(s, Action.CHANGE, "assessment", a.id, {"subject": person_id})
            return record_of(a)

    def drafts(self, case: int | str | None = None) -> list[AssessmentRecord]:
        """Unfinished assessments, newest first: what the app offers to recover after a crash."""
        query = (select(Assessment).where(Assessment.status == AssessmentStatus.DRAFT.value)
                 .options(selectinload(Assessment.case)))
        with self._unit.read() as s:
            if case is not None:
                query = query.where(Assessment.case_id == find_case(s, case).id)
            found = s.scalars(query.order_by(Assessment.updated_at.desc(), Assessment.id.desc()))
            return [record_of(a) for a in found]

    def add_imported(
        self,
        case: int | str,
        *,
        document: Mapping[str, Any],
        result: Mapping[str, Any] | None,
        questionnaire_id: str,
        questionnaire_version: str | None,
        questionnaire_hash: str | None,
        assessed_on: dt.date | None,
        answers: Mapping[str, Any],
        risk_level: str | None,
        yes_count: int | None,
        complete: bool,
        subject_person_id: int | None = None,
        source: str | None = None,
    ) -> AssessmentRecord:
        """Store an assessment brought in from an interchange file, in one transaction: completed with
        its result snapshot when ``complete``, else as a draft to finish in the app."""
        with self._unit.write() as s:
            c = find_case(s, case)
            _check_subject(s, c, subject_person_id)
            practitioner = self._unit.practitioner(s)
            now = utcnow()
            a = Assessment(
                case_id=c.id, subject_person_id=subject_person_id, questionnaire_id=questionnaire_id,
                questionnaire_version=questionnaire_version, questionnaire_hash=questionnaire_hash,
                assessed_on=assessed_on, answers=dict(answers), document=dict(document),
                result=dict(result) if result is not None else None,
                risk_level=risk_level if complete else None, yes_count=yes_count if complete else None,
                status=(AssessmentStatus.COMPLETED if complete else AssessmentStatus.DRAFT).value,
                completed_at=now if complete else None,
                practitioner_id=practitioner.id if practitioner else None,
                practitioner_name=practitioner.name if practitioner else None,
            )
            s.add(a)
            if complete and risk_level is not None:
                c.risk_level = risk_level
            c.updated_at = now
            s.flush()
            detail: dict[str, Any] = {"case": c.id, "questionnaire": questionnaire_id, "status": a.status}
            if source:
                detail["file"] = source
            self._unit.audit(s, Action.IMPORT, "assessment", a.id, detail)
            if complete:
                self._unit.audit(s, Action.COMPLETE, "assessment", a.id,
                                 {"risk_level": risk_level, "yes_count": yes_count, "content": content_hash(a)})
            return record_of(a)

    def recover(self, assessment_id: int) -> AssessmentRecord:
        """Reopen a draft explicitly (never silently): recorded in the audit chain."""
        with self._unit.write() as s:
            a = draft_in(s, assessment_id)
            self._unit.audit(s, Action.RECOVER, "assessment", a.id, {"revision": a.revision})
            return record_of(a)

    def get(self, assessment_id: int) -> AssessmentRecord:
        with self._unit.read() as s:
            return record_of(find_assessment(s, assessment_id))

    def complete(
        self,
        assessment_id: int,
        *,
        result: Mapping[str, Any],
        risk_level: str | None,
        yes_count: int | None,
        document: Mapping[str, Any] | None = None,
        questionnaire_version: str | None = None,
        questionnaire_hash: str | None = None,
        case_level: bool = True,
    ) -> AssessmentRecord:
        """Lock a draft with its scored result (a snapshot that is never recomputed). ``case_level``:
        whether its risk level becomes the case's (the victim's checklist does; a perpetrator's
        assessment has its own level, shown beside the victim's, not in place of it). The date in
        ``document`` becomes the assessment's date."""
        with self._unit.write() as s:
            a = draft_in(s, assessment_id)
            complete_in(self._unit, s, a, result=result, risk_level=risk_level, yes_count=yes_count,
                        document=document, questionnaire_version=questionnaire_version,
                        questionnaire_hash=questionnaire_hash, case_level=case_level)
            return record_of(a)


def complete_in(
    unit: Unit,
    s: Session,
    a: Assessment,
    *,
    result: Mapping[str, Any],
    risk_level: str | None,
    yes_count: int | None,
    document: Mapping[str, Any] | None,
    questionnaire_version: str | None,
    questionnaire_hash: str | None,
    case_level: bool,
) -> None:
    """In the transaction ``s``: lock the draft ``a`` with its result, audited with its content hash."""
    a.result = dict(result)
    a.risk_level = risk_level
    a.yes_count = yes_count
    _keep_document(a, document)
    if questionnaire_version is not None:
        a.questionnaire_version = questionnaire_version
    if questionnaire_hash is not None:
        a.questionnaire_hash = questionnaire_hash
    a.status = AssessmentStatus.COMPLETED.value
    a.completed_at = a.updated_at = utcnow()
    if risk_level is not None and case_level:
        a.case.risk_level = risk_level
    a.case.updated_at = utcnow()
    unit.audit(s, Action.COMPLETE, "assessment", a.id,
               {"risk_level": risk_level, "yes_count": yes_count, "content": content_hash(a)})
