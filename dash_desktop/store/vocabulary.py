"""The store's words for things (roles, statuses, kinds of referral, equality fields, case outcomes),
as plain enumerations: no SQLAlchemy here, so the command line can offer them as choices without
loading the database layer.

The equality categories are those of the SafeLives MARAC dataset (SafeLives, "Marac data: the
national dataset and guidance", the quarterly Marac data form: gender, ethnicity, disability, LGBT+
and armed forces of the victim), with "not known" and "prefer not to say" for an answer not given.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping


class CaseStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class CloseOutcome(enum.StrEnum):
    """Why a case was closed (recorded with the close, and in the audit trail)."""

    RISK_REDUCED = "risk_reduced"
    ABUSE_STOPPED = "abuse_stopped"
    DISENGAGED = "disengaged"
    MOVED_AWAY = "moved_away"
    TRANSFERRED = "transferred"
    OTHER = "other"


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
    CHILDRENS_SERVICES = "childrens_services"
    DAPP = "dapp"
    IDASH = "idash"


class ReferralStatus(enum.StrEnum):
    """A referral's course: proposed -> sent -> accepted / declined -> heard (a MARAC's meeting,
    which needs its date) -> closed."""

    PROPOSED = "proposed"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    HEARD = "heard"
    CLOSED = "closed"


class IdentitySource(enum.StrEnum):
    """Where a signing identity came from."""

    SELF_SIGNED = "self-signed"  # made from the practitioner's profile
    IMPORTED = "imported"  # the organisation's own PKCS#12


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    OTHER = "other"
    NOT_KNOWN = "not_known"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


class Ethnicity(enum.StrEnum):
    WHITE_BRITISH = "white_british"
    WHITE_OTHER = "white_other"
    GYPSY_ROMA_TRAVELLER = "gypsy_roma_traveller"
    MIXED = "mixed"
    ASIAN = "asian"
    BLACK = "black"
    ARAB = "arab"
    OTHER = "other"
    NOT_KNOWN = "not_known"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


class YesNo(enum.StrEnum):
    """The answer to disability, LGBT+ and armed forces (serving, veteran or a forces family)."""

    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


#: The equality fields recorded as one of a category (the SafeLives MARAC dataset's).
EQUALITY_CHOICES: Mapping[str, type[enum.StrEnum]] = {
    "gender": Gender,
    "ethnicity": Ethnicity,
    "disability": YesNo,
    "lgbt_plus": YesNo,
    "armed_forces": YesNo,
}

#: The optional equality-monitoring fields a person may carry: the categories above, and the age band
#: and first language (free text).
EQUALITY_FIELDS = ("age_band", "gender", "ethnicity", "disability", "lgbt_plus", "armed_forces", "first_language")
#: Free text the categories did not take: kept word for word when migration 0012 turned the old
#: free-text equality fields into categories ("gender: Woman (trans)"), and editable after.
EQUALITY_NOTE = "equality_note"

#: A person's contact and household details (the referral forms' fields): text, except the two flags.
DETAIL_TEXT_FIELDS = ("address", "phone", "relationship_to_victim", "relationship_to_perpetrator", "school")
DETAIL_FLAG_FIELDS = ("safe_to_call", "interpreter_needed")
DETAIL_FIELDS = DETAIL_TEXT_FIELDS + DETAIL_FLAG_FIELDS

#: "Black, Asian and racially minoritised" in the SafeLives dataset's sense: every ethnicity recorded
#: other than white British and white other (Gypsy, Roma and Traveller people counted in).
MINORITISED = frozenset({Ethnicity.GYPSY_ROMA_TRAVELLER, Ethnicity.MIXED, Ethnicity.ASIAN, Ethnicity.BLACK,
                         Ethnicity.ARAB, Ethnicity.OTHER})


#: Each category's words for a person (combo boxes, reports).
CHOICE_LABELS: Mapping[str, str] = {
    "female": "Female", "male": "Male", "non_binary": "Non-binary", "other": "Other",
    "not_known": "Not known", "prefer_not_to_say": "Prefer not to say",
    "white_british": "White British", "white_other": "White other", "gypsy_roma_traveller": "Gypsy, Roma or Traveller",
    "mixed": "Mixed or multiple heritage", "asian": "Asian or Asian British", "black": "Black or Black British",
    "arab": "Arab", "yes": "Yes", "no": "No",
}


def choice_label(field: str, value: str | None) -> str | None:
    """A field's value in words: a category's label, or the free text as recorded (None stays None)."""
    if value is not None and field in EQUALITY_CHOICES:
        return CHOICE_LABELS.get(value, value)
    return value


def is_minoritised(ethnicity: str | None) -> bool:
    """Whether an ethnicity recorded counts as Black, Asian and racially minoritised (not known: no)."""
    return ethnicity in MINORITISED
