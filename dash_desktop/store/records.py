"""What the store hands out: plain frozen data, never a database object.

Each record is filled inside the store's transaction, with the related lists its readers use
already loaded (a case with its people, assessments, referrals and notes), so nothing is fetched
later and nothing raises when touched after the transaction. Field names are the database's.
Mappings (answers, documents, results) are the record's own copies, typed read-only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dash_desktop.store.models import (
    Assessment,
    AuditEvent,
    Case,
    Note,
    Person,
    Practitioner,
    Referral,
    ReferralAction,
    SignedDocument,
)


@dataclass(frozen=True)
class PractitionerProfile:
    """The practitioner whose store it is: named on the reports they sign and in the audit trail."""

    name: str
    role: str | None = None
    organisation: str | None = None
    #: the referrer's contact details on a referral
    phone: str | None = None
    email: str | None = None

    @classmethod
    def of(cls, row: Practitioner) -> PractitionerProfile:
        return cls(row.name, row.role, row.organisation, row.phone, row.email)


@dataclass(frozen=True)
class PersonRecord:
    id: int
    case_id: int
    role: str
    name: str
    date_of_birth: dt.date | None
    age_band: str | None
    gender: str | None
    ethnicity: str | None
    disability: str | None
    lgbt_plus: str | None
    armed_forces: str | None
    first_language: str | None
    created_at: dt.datetime
    #: Free text the equality categories did not take (see migration 0012).
    equality_note: str | None = None
    address: str | None = None
    phone: str | None = None
    safe_to_call: bool | None = None
    relationship_to_victim: str | None = None
    relationship_to_perpetrator: str | None = None
    school: str | None = None
    interpreter_needed: bool | None = None

    @classmethod
    def of(cls, row: Person) -> PersonRecord:
        return cls(row.id, row.case_id, row.role, row.name, row.date_of_birth, row.age_band, row.gender,
                   row.ethnicity, row.disability, row.lgbt_plus, row.armed_forces, row.first_language,
                   row.created_at, row.equality_note, row.address, row.phone, row.safe_to_call,
                   row.relationship_to_victim, row.relationship_to_perpetrator, row.school, row.interpreter_needed)


@dataclass(frozen=True)
class NoteRecord:
    id: int
    case_id: int
    happened_on: dt.date | None
    author: str | None
    text: str
    created_at: dt.datetime
    updated_at: dt.datetime | None  # None: never edited
    incident: bool = False  # the note records an incident

    @classmethod
    def of(cls, row: Note) -> NoteRecord:
        return cls(row.id, row.case_id, row.happened_on, row.author, row.text, row.created_at, row.updated_at,
                   row.incident)


@dataclass(frozen=True)
class ActionRecord:
    """An action a referral's meeting gave an agency."""

    id: int
    referral_id: int
    agency: str
    action: str
    due_on: dt.date | None
    done_on: dt.date | None  # None: not done yet

    @classmethod
    def of(cls, row: ReferralAction) -> ActionRecord:
        return cls(row.id, row.referral_id, row.agency, row.action, row.due_on, row.done_on)


@dataclass(frozen=True)
class ReferralRecord:
    id: int
    case_id: int
    assessment_id: int | None
    kind: str
    status: str
    referred_on: dt.date | None
    meeting_on: dt.date | None
    detail: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    #: The referral form's answers (the ``form`` column's JSON, parsed); None when none was kept.
    form: Mapping[str, Any] | None = None
    #: The meeting's actions, in the order they were recorded.
    actions: tuple[ActionRecord, ...] = ()

    @classmethod
    def of(cls, row: Referral) -> ReferralRecord:
        return cls(row.id, row.case_id, row.assessment_id, row.kind, row.status, row.referred_on, row.meeting_on,
                   row.detail, row.created_at, row.updated_at, None if row.form is None else json.loads(row.form),
                   tuple(ActionRecord.of(a) for a in row.actions))


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    case_id: int
    case_reference: str
    subject_person_id: int | None
    amends_id: int | None
    questionnaire_id: str
    questionnaire_version: str | None
    questionnaire_hash: str | None
    assessed_on: dt.date | None
    answers: Mapping[str, Any]
    document: Mapping[str, Any] | None
    result: Mapping[str, Any] | None
    risk_level: str | None
    yes_count: int | None
    status: str
    revision: int
    practitioner_id: int | None
    practitioner_name: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    completed_at: dt.datetime | None
    signed_at: dt.datetime | None

    @classmethod
    def of(cls, row: Assessment, case_reference: str) -> AssessmentRecord:
        return cls(
            row.id, row.case_id, case_reference, row.subject_person_id, row.amends_id, row.questionnaire_id,
            row.questionnaire_version, row.questionnaire_hash, row.assessed_on, dict(row.answers),
            None if row.document is None else dict(row.document), None if row.result is None else dict(row.result),
            row.risk_level, row.yes_count, row.status, row.revision, row.practitioner_id, row.practitioner_name,
            row.created_at, row.updated_at, row.completed_at, row.signed_at,
        )


@dataclass(frozen=True)
class CaseRecord:
    """A case with its household and chronology, each list in the order it was recorded."""

    id: int
    reference: str
    area: str | None
    status: str
    review_on: dt.date | None
    risk_level: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    people: tuple[PersonRecord, ...]
    assessments: tuple[AssessmentRecord, ...]
    referrals: tuple[ReferralRecord, ...]
    notes: tuple[NoteRecord, ...]
    closed_on: dt.date | None = None
    close_outcome: str | None = None  # a CloseOutcome, while closed

    @classmethod
    def of(cls, row: Case) -> CaseRecord:
        """From a case whose people, assessments, referrals (with their actions) and notes are loaded."""
        return cls(
            row.id, row.reference, row.area, row.status, row.review_on, row.risk_level, row.created_at,
            row.updated_at, tuple(PersonRecord.of(p) for p in row.people),
            tuple(AssessmentRecord.of(a, row.reference) for a in row.assessments),
            tuple(ReferralRecord.of(r) for r in row.referrals), tuple(NoteRecord.of(n) for n in row.notes),
            row.closed_on, row.close_outcome,
        )


@dataclass(frozen=True)
class SignedDocumentRecord:
    """A signed PDF: of an assessment or of a referral (exactly one of the two ids is set)."""

    id: int
    assessment_id: int | None
    filename: str
    content: bytes
    sha256: str
    signed_at: dt.datetime
    created_at: dt.datetime
    referral_id: int | None = None

    @classmethod
    def of(cls, row: SignedDocument) -> SignedDocumentRecord:
        return cls(row.id, row.assessment_id, row.filename, bytes(row.content), row.sha256, row.signed_at,
                   row.created_at, row.referral_id)


@dataclass(frozen=True)
class AuditRecord:
    """One event of the audit chain (what happened to which record, and who was signed in)."""

    seq: int
    at: dt.datetime
    actor: str | None
    action: str
    entity: str | None
    entity_id: int | None
    detail: Mapping[str, Any]
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, row: AuditEvent) -> AuditRecord:
        return cls(row.seq, row.at, row.actor, row.action, row.entity, row.entity_id, dict(row.detail), row.prev_hash,
                   row.hash)
