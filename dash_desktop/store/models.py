"""The case store's tables, as SQLAlchemy 2 ORM models.

The schema is created and changed only by the Alembic migrations in ``migrations/versions``; a test
checks that the migrated schema and these models agree.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from dash_desktop.store.vocabulary import (
    AssessmentStatus,
    CaseStatus,
    ReferralKind,
    ReferralStatus,
    Role,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stored as naive UTC (SQLite has no time zones); always read back as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime(), dict[str, Any]: JSON()}


def _choices(column: str, enum_type: type[enum.StrEnum]) -> CheckConstraint:
    values = ", ".join(f"'{m.value}'" for m in enum_type)
    return CheckConstraint(f"{column} IN ({values})", name=f"{column}_valid")


class Practitioner(Base):
    __tablename__ = "practitioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    #: How a referral's recipient reaches the referrer (migration 0012).
    phone: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Case(Base):
    """A household: one reference, its people, and the chronology of their assessments and referrals."""

    __tablename__ = "cases"
    __table_args__ = (
        _choices("status", CaseStatus),
        Index("ix_cases_updated_at", "updated_at"),
        Index("ix_cases_risk_level", "risk_level", "updated_at"),
        Index("ix_cases_review_on", "review_on"),
        Index("ix_cases_area", "area"),
        Index("ix_cases_status", "status"),
        Index("ix_cases_risk_level_sort", "risk_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(64, collation="NOCASE"), unique=True)
    area: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.OPEN.value)
    review_on: Mapped[dt.date | None] = mapped_column(Date)
    #: When and why the case was closed (a :class:`CloseOutcome`); None while it is open.
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    close_outcome: Mapped[str | None] = mapped_column(String(24))
    #: The risk level of the newest completed assessment: kept here so the case list can filter on it.
    risk_level: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: What the case-list search looks through: the reference, the area and every person's name, each
    #: folded by :func:`dash_desktop.store.search.search_key` (set by the store on every change of them).
    search_text: Mapped[str | None] = mapped_column(Text)

    people: Mapped[list[Person]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True, order_by="Person.id"
    )
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True, order_by="Assessment.id"
    )
    referrals: Mapped[list[Referral]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True, order_by="Referral.id"
    )
    notes: Mapped[list[Note]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True, order_by="Note.id"
    )


#: The trigram full-text index over each case's ``search_text`` (migration 0008), kept in step by
#: triggers; not a model: SQLAlchemy only queries it, in the case-list search.
CASE_SEARCH_INDEX = "case_search"


def name_key(name: str) -> str:
    """A name as compared when looking for the same person in other cases: Unicode NFC, whitespace
    collapsed, case folded; accents are kept (“Zoë” and “Zoe” are different names)."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (_choices("role", Role), Index("ix_people_role_name", "role", "name_key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(200))
    #: :func:`name_key` of the name, set whenever the name is: finds the same person in other cases.
    name_key: Mapped[str | None] = mapped_column(String(200))
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    age_band: Mapped[str | None] = mapped_column(String(40))
    gender: Mapped[str | None] = mapped_column(String(80))
    ethnicity: Mapped[str | None] = mapped_column(String(120))
    disability: Mapped[str | None] = mapped_column(String(120))
    lgbt_plus: Mapped[str | None] = mapped_column(String(40))
    armed_forces: Mapped[str | None] = mapped_column(String(40))
    first_language: Mapped[str | None] = mapped_column(String(80))
    #: Free text the equality categories did not take (kept word for word by migration 0012).
    equality_note: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(60))
    safe_to_call: Mapped[bool | None] = mapped_column(Boolean)
    relationship_to_victim: Mapped[str | None] = mapped_column(String(120))
    relationship_to_perpetrator: Mapped[str | None] = mapped_column(String(120))
    school: Mapped[str | None] = mapped_column(String(200))
    interpreter_needed: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="people")

    @validates("name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = name_key(value)
        return value


class Assessment(Base):
    """One run of a questionnaire for one person. A completed or signed one is never edited again."""

    __tablename__ = "assessments"
    __table_args__ = (_choices("status", AssessmentStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    subject_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    #: the completed assessment this one replaces: a signed assessment is never edited, it is amended
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    questionnaire_id: Mapped[str] = mapped_column(String(80))
    questionnaire_version: Mapped[str | None] = mapped_column(String(40))
    questionnaire_hash: Mapped[str | None] = mapped_column(String(64))
    assessed_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The interchange document's answers, item id -> value, as the practitioner left them.
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: The full interchange document (``AssessmentDocument.to_dict()``) where there is one.
    document: Mapped[dict[str, Any] | None] = mapped_column()
    #: The scored result (``Result.to_dict()``) as it was when completed: a snapshot, not recomputed.
    result: Mapped[dict[str, Any] | None] = mapped_column()
    risk_level: Mapped[str | None] = mapped_column(String(16))
    yes_count: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=AssessmentStatus.DRAFT.value, index=True)
    #: Incremented on every autosave: how many times the draft was written.
    revision: Mapped[int] = mapped_column(default=0)
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id", ondelete="SET NULL"))
    practitioner_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column()
    signed_at: Mapped[dt.datetime | None] = mapped_column()

    case: Mapped[Case] = relationship(back_populates="assessments")
    documents: Mapped[list[SignedDocument]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )


class Referral(Base):
    __tablename__ = "referrals"
    __table_args__ = (_choices("kind", ReferralKind), _choices("status", ReferralStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), default=ReferralStatus.PROPOSED.value)
    referred_on: Mapped[dt.date | None] = mapped_column(Date)
    meeting_on: Mapped[dt.date | None] = mapped_column(Date)
    detail: Mapped[str | None] = mapped_column(Text)
    #: The referral form's answers, as JSON text (``dash_desktop.referrals``' ``ReferralForm.to_json()``).
    form: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="referrals")
    actions: Mapped[list[ReferralAction]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", passive_deletes=True, order_by="ReferralAction.id"
    )
    documents: Mapped[list[SignedDocument]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", passive_deletes=True
    )


class ReferralAction(Base):
    """An action a meeting (a MARAC's) gave an agency, with its due date and when it was done."""

    __tablename__ = "referral_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    agency: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    referral: Mapped[Referral] = relationship(back_populates="actions")


class Note(Base):
    """A chronology entry."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    happened_on: Mapped[dt.date | None] = mapped_column(Date)
    author: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    #: Whether the note records an incident (counted for the ``incidents_12m`` hint).
    incident: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: When the note was last edited; None if never.
    updated_at: Mapped[dt.datetime | None] = mapped_column()

    case: Mapped[Case] = relationship(back_populates="notes")


class SignedDocument(Base):
    """A signed PDF, kept byte for byte with its SHA-256: of a completed assessment, or of a referral
    (exactly one of the two)."""

    __tablename__ = "signed_documents"
    __table_args__ = (
        CheckConstraint("(assessment_id IS NULL) != (referral_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    assessment: Mapped[Assessment | None] = relationship(back_populates="documents")
    referral: Mapped[Referral | None] = relationship(back_populates="documents")


class AuditEvent(Base):
    """One link of the audit chain: ``hash = SHA-256(prev_hash + canonical JSON of this event)``."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column()
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class SigningIdentity(Base):
    """A practitioner's signing key and certificate, as a PKCS#12 (issue 4). It lives only here, in
    the encrypted database, so the key is encrypted at rest with everything else and travels with
    the store's backups. The newest row without ``retired_at`` is the one in use; retired ones stay,
    so that what was signed with them can still be explained."""

    __tablename__ = "signing_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id", ondelete="SET NULL"))
    #: The key and certificate (and any issuer certificates) as PKCS#12 without a password of its own.
    pkcs12: Mapped[bytes] = mapped_column(LargeBinary)
    #: SHA-256 of the certificate, colon-separated hex: what a recipient compares.
    fingerprint: Mapped[str] = mapped_column(String(95))
    subject: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(16))  # "self-signed" or "imported"
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column()


class TrustedCertificate(Base):
    """A certificate the practitioner trusts as the signer (or the issuer of the signer) of reports
    brought into this store: a colleague's, or their organisation's CA. Public data, no key."""

    __tablename__ = "trusted_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The certificate, DER.
    certificate: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(95), unique=True)
    subject: Mapped[str] = mapped_column(String(500))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
