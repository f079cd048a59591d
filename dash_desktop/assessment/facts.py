"""What is known about a case beyond the answers: the person's recorded details (the interchange
document's ``subject``) and a date from the case's own history (the last MARAC referral the store
holds). Both are optional; the rules say so when they are not known."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dash_desktop.questionnaires.model import AnswerError

#: The keys of a document's ``subject`` block: the store's equality fields that the rules read
#: (``armed_forces``, ``first_language``), and whether an interpreter is needed.
SUBJECT_KEYS = ("armed_forces", "first_language", "interpreter_needed")
#: What an armed-forces field holds when the person has no forces connection (the store's category
#: ``no``, or the plain words of free text recorded before the categories).
_NO_FORCES = {"", "no", "none", "n", "not applicable", "n/a", "false"}
#: What it holds when it is not known: no answer either way.
_FORCES_NOT_KNOWN = {"not_known", "prefer_not_to_say"}


@dataclass(frozen=True)
class Subject:
    """The recorded details of the person assessed that the services depend on."""

    armed_forces: bool | None = None  # serving, a veteran, or in a forces family
    first_language: str | None = None  # as recorded, e.g. "Nepali"
    interpreter_needed: bool | None = None

    def facts(self) -> dict[str, Any]:
        """The details a profile's ``subject_needs`` conditions read, by key (language in lower case)."""
        return {
            "armed_forces": self.armed_forces,
            "first_language": self.first_language.casefold() if self.first_language else None,
            "interpreter_needed": self.interpreter_needed,
        }

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in (("armed_forces", self.armed_forces), ("first_language", self.first_language),
                                  ("interpreter_needed", self.interpreter_needed)) if v is not None}

    @classmethod
    def from_equality(cls, fields: Mapping[str, Any], interpreter_needed: bool | None = None) -> Subject:
        """From a person's equality fields as the store records them: ``armed_forces`` (the category
        ``yes`` / ``no``; ``not_known`` and ``prefer_not_to_say`` are not known) is true unless empty or
        a plain no ("no", "none", "n/a"...)."""
        forces = fields.get("armed_forces")
        words = None if forces is None else str(forces).strip().casefold()
        language = fields.get("first_language")
        return cls(
            armed_forces=None if words is None or words in _FORCES_NOT_KNOWN else words not in _NO_FORCES,
            first_language=str(language).strip() or None if language is not None else None,
            interpreter_needed=interpreter_needed,
        )


def parse_subject(data: Any) -> Subject:
    """A document's ``subject`` block; every fault an ``AnswerError`` naming ``subject.<key>``."""
    if not isinstance(data, dict):
        raise AnswerError("subject", "must be an object (keys: " + ", ".join(SUBJECT_KEYS) + ")")
    unknown = sorted(set(data) - set(SUBJECT_KEYS))
    if unknown:
        raise AnswerError(f"subject.{unknown[0]}", "is not a key of subject (keys: " + ", ".join(SUBJECT_KEYS) + ")")
    for key in ("armed_forces", "interpreter_needed"):
        if data.get(key) is not None and not isinstance(data[key], bool):
            raise AnswerError(f"subject.{key}", "must be true or false")
    language = data.get("first_language")
    if language is not None and (not isinstance(language, str) or not language.strip() or len(language) > 80):
        raise AnswerError("subject.first_language", "must be a language name (text of 1 to 80 characters)")
    return Subject(data.get("armed_forces"), language.strip() if language else None, data.get("interpreter_needed"))


@dataclass(frozen=True)
class KnownDate:
    """A date the case's own history supplies (e.g. its last MARAC referral), and where it comes
    from, in words that finish "the last MARAC referral (1 May 2026, ...)": "from the case record"."""

    on: dt.date
    source: str


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later; the month's last day when it is shorter
    (29 February plus 12 months is 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
