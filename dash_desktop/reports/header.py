"""Who a report is by and how it shows its subject: plain data, importable without ReportLab."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Subject(enum.StrEnum):
    """How much of the subject's name a report shows (the practitioner profile's redaction setting)."""

    FULL = "full"
    INITIALS = "initials"
    NONE = "none"


def redact_subject(name: str | None, mode: Subject) -> str | None:
    """The subject's name as the report may show it; ``None`` when there is no name to show."""
    if not name or not name.strip():
        return None
    if mode is Subject.FULL:
        return name.strip()
    if mode is Subject.INITIALS:
        parts = name.replace("-", " ").split()
        return " ".join(p[0].upper() + "." for p in parts)
    return None


@dataclass(frozen=True)
class ReportHeader:
    """Who made the report: the practitioner profile, and how the subject is shown."""

    practitioner: str
    organisation: str
    role: str = ""
    subject_mode: Subject = Subject.FULL
    training: bool = False  # the practitioner is in training mode: every report is marked
