"""The signing identity's place in the store (issue 4): opaque PKCS#12 bytes in the encrypted
database, with an audit event whenever one is made, imported or retired.

The store knows nothing of certificates or PDF signing (that is ``dash_desktop.reports``); it keeps
the bytes and the few facts a person needs to tell identities apart. Nothing secret goes into the
audit chain: only the certificate's fingerprint and where the identity came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from dash_desktop.store.audit import Action
from dash_desktop.store.models import Practitioner, SigningIdentity, utcnow
from dash_desktop.store.store import Store

SOURCES = ("self-signed", "imported")


@dataclass(frozen=True)
class StoredIdentity:
    id: int
    pkcs12: bytes
    fingerprint: str
    subject: str
    source: str


def active_identity(store: Store) -> StoredIdentity | None:
    """The identity in use, or None when the practitioner has none yet."""
    with store._read() as s:
        row = s.scalars(
            select(SigningIdentity).where(SigningIdentity.retired_at.is_(None)).order_by(SigningIdentity.id.desc())
        ).first()
        if row is None:
            return None
        return StoredIdentity(row.id, bytes(row.pkcs12), row.fingerprint, row.subject, row.source)


def save_identity(store: Store, pkcs12: bytes, *, fingerprint: str, subject: str, source: str) -> StoredIdentity:
    """Keep a new identity and retire the one in use (in one transaction, audited)."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}")
    with store._write() as s:
        now = utcnow()
        for old in s.scalars(select(SigningIdentity).where(SigningIdentity.retired_at.is_(None))):
            old.retired_at = now
            store._audit(s, Action.CHANGE, "signing_identity", old.id, {"retired": True})
        practitioner = s.scalars(select(Practitioner).order_by(Practitioner.id).limit(1)).first()
        row = SigningIdentity(
            practitioner_id=practitioner.id if practitioner else None,
            pkcs12=pkcs12,
            fingerprint=fingerprint,
            subject=subject,
            source=source,
        )
        s.add(row)
        s.flush()
        action = Action.IMPORT if source == "imported" else Action.CREATE
        store._audit(s, action, "signing_identity", row.id, {"fingerprint": fingerprint, "source": source})
        return StoredIdentity(row.id, pkcs12, fingerprint, subject, source)


def signed_document_ids(store: Store, assessment_id: int) -> list[int]:
    """The ids of an assessment's signed documents, oldest first."""
    from dash_desktop.store.models import SignedDocument

    with store._read() as s:
        return list(s.scalars(select(SignedDocument.id).where(SignedDocument.assessment_id == assessment_id)
                              .order_by(SignedDocument.id)))
