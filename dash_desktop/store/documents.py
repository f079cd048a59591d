"""Signed documents: the signed PDF of a completed assessment or of a referral, kept byte for byte
with its SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dash_desktop.store.assessments import complete_in, draft_in, find_assessment
from dash_desktop.store.audit import Action
from dash_desktop.store.errors import Conflict, NotFound, StoreDamaged
from dash_desktop.store.models import Assessment, Referral, SignedDocument, utcnow
from dash_desktop.store.records import SignedDocumentRecord
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import AssessmentStatus


class Documents:
    """``store.documents``: what was signed, checked against its checksum whenever it is read."""

    def __init__(self, unit: Unit, database: Path) -> None:
        self._unit = unit
        self._database = database  # named when a document no longer matches its checksum

    def attach(self, assessment_id: int, filename: str, pdf: bytes) -> SignedDocumentRecord:
        """Keep a signed PDF of a completed assessment; the assessment becomes ``signed``."""
        with self._unit.write() as s:
            a = find_assessment(s, assessment_id)
            if a.status == AssessmentStatus.DRAFT:
                raise Conflict(f"assessment {assessment_id} is a draft; complete it before signing")
            return self._keep(s, a, filename, pdf)

    def complete_signed(
        self,
        assessment_id: int,
        filename: str,
        pdf: bytes,
        *,
        result: Mapping[str, Any],
        risk_level: str | None,
        yes_count: int | None,
        questionnaire_version: str | None,
        questionnaire_hash: str | None,
        case_level: bool = True,
    ) -> SignedDocumentRecord:
        """Complete a draft and keep its signed report, in one transaction: the report is made first,
        so nothing is ever locked that could not be signed (and a failure leaves the draft as it was)."""
        with self._unit.write() as s:
            a = draft_in(s, assessment_id)
            complete_in(self._unit, s, a, result=result, risk_level=risk_level, yes_count=yes_count, document=None,
                        questionnaire_version=questionnaire_version, questionnaire_hash=questionnaire_hash,
                        case_level=case_level)
            return self._keep(s, a, filename, pdf)

    def _keep(self, s: Session, a: Assessment, filename: str, pdf: bytes) -> SignedDocumentRecord:
        doc = SignedDocument(assessment_id=a.id, filename=filename, content=pdf, sha256=hashlib.sha256(pdf).hexdigest())
        s.add(doc)
        a.status = AssessmentStatus.SIGNED.value
        a.signed_at = utcnow()
        s.flush()
        self._unit.audit(s, Action.SIGN, "assessment", a.id, {"document": doc.id, "sha256": doc.sha256})
        return SignedDocumentRecord.of(doc)

    def attach_referral(self, referral_id: int, filename: str, pdf: bytes) -> SignedDocumentRecord:
        """Keep a referral's signed PDF (the referral form, as sent)."""
        with self._unit.write() as s:
            referral = s.get(Referral, referral_id)
            if referral is None:
                raise NotFound(f"no referral {referral_id} in this store")
            return SignedDocumentRecord.of(attach_to_referral(self._unit, s, referral, filename, pdf))

    def get(self, document_id: int) -> SignedDocumentRecord:
        """The document, after checking its bytes still match the SHA-256 recorded when it was stored."""
        with self._unit.read() as s:
            row = s.get(SignedDocument, document_id)
            if row is None:
                raise NotFound(f"no signed document {document_id} in this store")
            doc = SignedDocumentRecord.of(row)
        if hashlib.sha256(doc.content).hexdigest() != doc.sha256:
            raise StoreDamaged(self._database, f"signed document {document_id} no longer matches its checksum")
        return doc

    def ids(self, assessment_id: int) -> list[int]:
        """The ids of an assessment's signed documents, oldest first."""
        with self._unit.read() as s:
            return list(s.scalars(select(SignedDocument.id).where(SignedDocument.assessment_id == assessment_id)
                                  .order_by(SignedDocument.id)))

    def for_referral(self, referral_id: int) -> list[int]:
        """The ids of a referral's signed documents, oldest first."""
        with self._unit.read() as s:
            return list(s.scalars(select(SignedDocument.id).where(SignedDocument.referral_id == referral_id)
                                  .order_by(SignedDocument.id)))


def attach_to_referral(unit: Unit, s: Session, referral: Referral, filename: str, pdf: bytes) -> SignedDocument:
    """Keep a referral's signed PDF in the transaction ``s`` (with its audit event)."""
    doc = SignedDocument(referral_id=referral.id, filename=filename, content=pdf,
                         sha256=hashlib.sha256(pdf).hexdigest())
    s.add(doc)
    referral.updated_at = utcnow()
    s.flush()
    unit.audit(s, Action.SIGN, "referral", referral.id, {"document": doc.id, "sha256": doc.sha256})
    return doc
