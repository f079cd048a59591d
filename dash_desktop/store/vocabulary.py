"""The store's words for things (roles, statuses, kinds of referral, equality fields), as plain
enumerations: no SQLAlchemy here, so the command line can offer them as choices without loading
the database layer."""

from __future__ import annotations

import enum


class CaseStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Role(enum.StrEnum):
    VICTIM = "victim"
    PERPETRATOR = "perpetrator"
    CHILD = "child"
    OTHER_DEPENDANT = "other_dependant"


class AssessmentStatus(enum.StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"
    SIGNED = "signed"


class ReferralKind(enum.StrEnum):
    MARAC = "marac"
    IDASH = "idash"
    DAPP = "dapp"


class ReferralStatus(enum.StrEnum):
    PROPOSED = "proposed"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CLOSED = "closed"


class IdentitySource(enum.StrEnum):
    """Where a signing identity came from."""

    SELF_SIGNED = "self-signed"  # made from the practitioner's profile
    IMPORTED = "imported"  # the organisation's own PKCS#12


#: The optional equality-monitoring fields a person may carry (all free text or a code from a list).
EQUALITY_FIELDS = ("age_band", "gender", "ethnicity", "disability", "lgbt_plus", "armed_forces", "first_language")
