"""The signing identity's place in the store (issue 4): opaque PKCS#12 bytes in the encrypted
database, with an audit event whenever one is made, imported or retired.

The store knows nothing of certificates or PDF signing (that is ``dash_desktop.reports``); it keeps
the bytes and the few facts a person needs to tell identities apart. Nothing secret goes into the
audit chain: only the certificate's fingerprint and where the identity came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dash_desktop.store.audit import Action
from dash_desktop.store.models import SigningIdentity, utcnow
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
