"""Signed documents: the signed PDF of a completed assessment, kept byte for byte with its SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select

from dash_desktop.store.assessments import find_assessment
from dash_desktop.store.audit import Action
from dash_desktop.store.errors import Conflict, NotFound, StoreDamaged
from dash_desktop.store.models import SignedDocument, utcnow
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
            doc = SignedDocument(
                assessment_id=a.id, filename=filename, content=pdf, sha256=hashlib.sha256(pdf).hexdigest()
            )
            s.add(doc)
            a.status = AssessmentStatus.SIGNED.value
            a.signed_at = utcnow()
            s.flush()
            self._unit.audit(s, Action.SIGN, "assessment", a.id, {"document": doc.id, "sha256": doc.sha256})
            return SignedDocumentRecord.of(doc)

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
