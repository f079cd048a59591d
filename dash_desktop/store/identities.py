"""The signing identity's place in the store (issue 4): opaque PKCS#12 bytes in the encrypted
database, with an audit event whenever one is made, imported or retired.

The store knows nothing of certificates or PDF signing (that is ``dash_desktop.reports``); it keeps
the bytes and the few facts a person needs to tell identities apart. Nothing secret goes into the
audit chain: only the certificate's fingerprint and where the identity came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dash_desktop.store.audit import Action
from dash_desktop.store.errors import Conflict
from dash_desktop.store.models import SigningIdentity, TrustedCertificate, utcnow
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import IdentitySource


@dataclass(frozen=True)
class NewIdentity:
    """An identity to keep: its PKCS#12 (without a password of its own) and what tells it apart."""

    pkcs12: bytes
    fingerprint: str
    subject: str
    source: IdentitySource


@dataclass(frozen=True)
class StoredIdentity:
    id: int
    pkcs12: bytes
    fingerprint: str
    subject: str
    source: IdentitySource


def keep_identity(unit: Unit, s: Session, new: NewIdentity) -> StoredIdentity:
    """In the transaction ``s``: keep ``new`` and retire the identity in use, each audited."""
    now = utcnow()
    for old in s.scalars(select(SigningIdentity).where(SigningIdentity.retired_at.is_(None))):
        old.retired_at = now
        unit.audit(s, Action.CHANGE, "signing_identity", old.id, {"retired": True})
    practitioner = unit.practitioner(s)
    row = SigningIdentity(practitioner_id=practitioner.id if practitioner else None, pkcs12=new.pkcs12,
                          fingerprint=new.fingerprint, subject=new.subject, source=IdentitySource(new.source).value)
    s.add(row)
    s.flush()
    action = Action.IMPORT if new.source == IdentitySource.IMPORTED else Action.CREATE
    unit.audit(s, action, "signing_identity", row.id, {"fingerprint": new.fingerprint, "source": row.source})
    return StoredIdentity(row.id, new.pkcs12, new.fingerprint, new.subject, IdentitySource(row.source))


class Identities:
    """``store.identities``: the practitioner's signing identity, and the ones it replaced."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    def active(self) -> StoredIdentity | None:
        """The identity in use, or None when the practitioner has none yet."""
        with self._unit.read() as s:
            row = s.scalars(
                select(SigningIdentity).where(SigningIdentity.retired_at.is_(None)).order_by(SigningIdentity.id.desc())
            ).first()
            if row is None:
                return None
            return StoredIdentity(row.id, bytes(row.pkcs12), row.fingerprint, row.subject, IdentitySource(row.source))

    def save(self, new: NewIdentity) -> StoredIdentity:
        """Keep a new identity and retire the one in use (in one transaction, audited)."""
        with self._unit.write() as s:
            return keep_identity(self._unit, s, new)

    def all(self) -> list[StoredIdentity]:
        """Every identity this store has had, the one in use and the retired ones, oldest first."""
        with self._unit.read() as s:
            return [StoredIdentity(r.id, bytes(r.pkcs12), r.fingerprint, r.subject, IdentitySource(r.source))
                    for r in s.scalars(select(SigningIdentity).order_by(SigningIdentity.id))]

    # -- certificates trusted as the signers of reports brought in -----------------------------------

    def trust(self, certificate_der: bytes, fingerprint: str, subject: str) -> TrustedSigner:
        """Trust a certificate (a colleague's, or an issuing CA's) as a signer of reports to import."""
        with self._unit.write() as s:
            if s.scalars(select(TrustedCertificate).where(TrustedCertificate.fingerprint == fingerprint)).first():
                raise Conflict(f"the certificate {fingerprint} is already trusted; nothing was changed")
            row = TrustedCertificate(certificate=certificate_der, fingerprint=fingerprint, subject=subject)
            s.add(row)
            s.flush()
            self._unit.audit(s, Action.CHANGE, "trusted_certificate", row.id, {"trusted": fingerprint})
            return TrustedSigner.of(row)

    def trusted(self) -> list[TrustedSigner]:
        with self._unit.read() as s:
            return [TrustedSigner.of(r) for r in s.scalars(select(TrustedCertificate).order_by(TrustedCertificate.id))]


@dataclass(frozen=True)
class TrustedSigner:
    id: int
    certificate_der: bytes
    fingerprint: str
    subject: str
    added_at: datetime

    @classmethod
    def of(cls, row: TrustedCertificate) -> TrustedSigner:
        return cls(row.id, bytes(row.certificate), row.fingerprint, row.subject, row.added_at)
