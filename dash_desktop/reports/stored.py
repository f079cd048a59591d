"""Signing what is in the case store: the practitioner's identity kept in the store, and a completed
assessment turned into its signed report, stored (locked) and audited. Shared by the command line
and the app; pyHanko is imported only when a report is actually signed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dash_desktop.assessment import AssessmentDocument, Profile, ProfileError, parse_document
from dash_desktop.questionnaires import AnswerError, Registry
from dash_desktop.reports.header import ReportHeader, Subject
from dash_desktop.reports.identity import Identity, IdentityError, create_identity, load_pkcs12, to_pkcs12
from dash_desktop.store.identities import NewIdentity
from dash_desktop.store.interchange import document_of
from dash_desktop.store.records import AssessmentRecord, PractitionerProfile, SignedDocumentRecord
from dash_desktop.store.store import Store
from dash_desktop.store.vocabulary import IdentitySource

if TYPE_CHECKING:
    from dash_desktop.reports.export import Report

#: Warn this long before the signing certificate expires.
EXPIRY_WARNING_DAYS = 30


class SigningError(Exception):
    """Why a report could not be signed, in words the practitioner can act on."""


@dataclass(frozen=True)
class SignedReport:
    document: SignedDocumentRecord
    already_signed: bool  # the stored copy of an earlier signature, not a new one
    notes: tuple[str, ...] = ()  # e.g. "made your signing identity", "certificate expires soon"


def to_keep(identity: Identity, source: IdentitySource) -> NewIdentity:
    """An identity as the store keeps it: PKCS#12 without a password of its own, and its fingerprint
    and subject to tell it apart."""
    return NewIdentity(to_pkcs12(identity, None), identity.fingerprint,
                       identity.certificate.subject.rfc4514_string(), source)


def self_signed_identity(practitioner: PractitionerProfile) -> Identity:
    """A new key and self-signed certificate naming the practitioner (not yet kept anywhere)."""
    if not (practitioner.organisation or "").strip():
        raise SigningError("your profile has no organisation, and a signing certificate names one; "
                           "recreate the profile with 'dash-desktop init --organisation ORG'")
    try:
        return create_identity(practitioner.name, practitioner.organisation or "", practitioner.role or "")
    except IdentityError as exc:
        raise SigningError(str(exc)) from None


def imported_identity(data: bytes, password: bytes | None) -> Identity:
    """The organisation's identity from its PKCS#12; it must name a person, who signs."""
    identity = load_pkcs12(data, password)
    if not identity.name:
        raise IdentityError("the certificate names no person; ask for a personal signing certificate")
    return identity


def new_identity(store: Store) -> Identity:
    """A self-signed identity from the store's practitioner profile, kept in the store."""
    identity = self_signed_identity(store.practitioner())
    store.identities.save(to_keep(identity, IdentitySource.SELF_SIGNED))
    return identity


def signing_identity(store: Store, *, create: bool) -> tuple[Identity, list[str]]:
    """The stored identity (made from the profile on first use when ``create``), with notes to show."""
    stored = store.identities.active()
    if stored is None:
        if not create:
            raise SigningError("you have no signing identity yet: 'dash-desktop identity create' makes one from "
                               "your profile, 'dash-desktop identity import FILE.p12' uses your organisation's")
        identity = new_identity(store)
        return identity, [f"Made your signing identity (self-signed, {identity.name}, {identity.organisation}); "
                          f"fingerprint {identity.fingerprint}"]
    try:
        identity = load_pkcs12(stored.pkcs12, None)
    except IdentityError as exc:
        raise SigningError(f"your signing identity cannot sign: {exc}") from None
    notes = []
    left = identity.certificate.not_valid_after_utc - dt.datetime.now(dt.UTC)
    if left < dt.timedelta(days=EXPIRY_WARNING_DAYS):
        notes.append(f"Your signing certificate expires on {identity.certificate.not_valid_after_utc:%d %B %Y}; "
                     "make a new identity ('identity create --replace') or import your organisation's new one")
    return identity, notes


def report_header(store: Store, *, subject: Subject = Subject.FULL, training: bool = False) -> ReportHeader:
    p = store.practitioner()
    return ReportHeader(practitioner=p.name, organisation=p.organisation or "", role=p.role or "",
                        subject_mode=subject, training=training)


def stored_document(store: Store, a: AssessmentRecord) -> tuple[AssessmentDocument, str | None]:
    """The stored assessment as an interchange document, with its case reference and subject's name,
    and the area profile it was scored with."""
    try:
        doc = parse_document(document_of(a))
    except AnswerError as exc:
        raise SigningError(f"assessment {a.id} is stored in a form this version cannot read: {exc}") from None
    case = store.cases.get(a.case_id)
    meta = dict(doc.meta)
    meta["case_reference"] = case.reference
    person = next((p for p in case.people if p.id == a.subject_person_id), None)
    if person is not None:
        meta["subject"] = person.name
    profile = (a.result or {}).get("profile", {}).get("id")
    return dataclasses.replace(doc, meta=meta), profile


def sign_stored(
    store: Store, assessment_id: int, filename: str, *, subject: Subject = Subject.FULL, training: bool = False
) -> SignedReport:
    """Sign a completed assessment and keep the signed bytes (with their SHA-256) in the store, which
    locks it; an assessment already signed gives back its stored copy. Never signs a report whose
    result differs from the one stored when the assessment was completed."""
    a = store.assessments.get(assessment_id)
    if a.status == "draft":
        raise SigningError(f"assessment {a.id} is a draft; complete it before it can be signed")
    if a.status == "signed":
        ids = store.documents.ids(a.id)
        if not ids:
            raise SigningError(f"assessment {a.id} is marked signed but has no signed document in the store")
        return SignedReport(store.documents.get(ids[-1]), already_signed=True)
    doc, area_profile = stored_document(store, a)
    report, notes = _signed_report(store, a.id, doc, area_profile, subject=subject, training=training,
                                   refusal="cannot be scored by this version")
    if json.loads(json.dumps(report.result.to_dict())) != json.loads(json.dumps(a.result)):
        raise SigningError(
            f"assessment {a.id}: this version of DASH Desktop scores it differently from the result stored when "
            "it was completed; nothing was signed (report this: the rules or definitions changed)"
        )
    kept = store.documents.attach(a.id, filename, report.pdf)  # locks it; audited with the SHA-256
    return SignedReport(kept, already_signed=False, notes=tuple(notes))


def _signed_report(
    store: Store, assessment_id: int, doc: AssessmentDocument, area_profile: Profile | str | None, *,
    subject: Subject, training: bool, refusal: str,
) -> tuple[Report, list[str]]:
    """The signed report of ``doc`` with the store's identity (made if there is none yet) and the
    notes about it; every fault a SigningError (``refusal`` says what a scoring fault means)."""
    from dash_desktop.reports.export import build_report

    identity, notes = signing_identity(store, create=True)
    try:
        report = build_report(doc, report_header(store, subject=subject, training=training), identity=identity,
                              area_profile=area_profile)
    except (AnswerError, ProfileError) as exc:
        raise SigningError(f"assessment {assessment_id} {refusal}: {exc}") from None
    except IdentityError as exc:
        raise SigningError(str(exc)) from None
    return report, notes


def complete_and_sign(
    store: Store,
    assessment_id: int,
    filename: str,
    *,
    profile: Profile | str | None = None,
    subject: Subject = Subject.FULL,
    training: bool = False,
) -> SignedReport:
    """Complete a draft by making its signed report first, then locking it and keeping the report in
    one transaction: if the report cannot be made (or signed), the draft stays a draft with every
    answer, and nothing is locked. The draft's stored answers are what is scored and signed."""
    a = store.assessments.get(assessment_id)
    if a.status != "draft":
        return sign_stored(store, assessment_id, filename, subject=subject, training=training)
    doc, _ = stored_document(store, a)
    report, notes = _signed_report(store, a.id, doc, profile, subject=subject, training=training,
                                   refusal="cannot be scored")
    result = report.result
    if not result.complete:
        raise SigningError(f"assessment {a.id} has {len(result.unanswered)} required question(s) unanswered "
                           f"({', '.join(result.unanswered)}); answer them before completing it")
    q = result.questionnaire
    kept = store.documents.complete_signed(
        a.id, filename, report.pdf, result=result.to_dict(), risk_level=result.risk_level,
        yes_count=result.yes_count, questionnaire_version=q.get("version"), questionnaire_hash=q.get("hash"),
        case_level=Registry.default().get(q["id"], q.get("version")).subject == "victim",
    )
    return SignedReport(kept, already_signed=False, notes=tuple(notes))


def check_report_renders(doc: AssessmentDocument, profile: Profile | str | None) -> None:
    """Raise :class:`SigningError` unless ``doc``'s report can be made: checked before an assessment
    is stored completed (locked), so that nothing is locked that cannot be signed later."""
    from dash_desktop.reports.export import build_report

    try:
        build_report(doc, ReportHeader(practitioner="-", organisation="-"), identity=None, area_profile=profile)
    except (AnswerError, ProfileError):
        raise
    except Exception as exc:  # a layout fault of ReportLab: refuse to lock what cannot be printed
        raise SigningError(f"its report cannot be made ({type(exc).__name__}); nothing was stored") from None
