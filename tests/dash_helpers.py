"""Test helpers (importable as ``dash_helpers``): build interchange documents without repeating the
24 answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dash_desktop.assessment import AssessmentDocument, parse_document

RIC_ITEMS = [f"q{i}" for i in range(1, 25)]
ASSESSED_ON = "2026-11-20"


def ric_answers(yes: int = 0, *, dont_know: int = 0, **extra: Any) -> dict[str, Any]:
    """A complete DASH: the first ``yes`` indicators "yes", the next ``dont_know`` "dont_know", the
    rest "no", plus the required context items; ``extra`` overrides or adds answers."""
    answers: dict[str, Any] = {}
    for n, item in enumerate(RIC_ITEMS):
        answers[item] = "yes" if n < yes else "dont_know" if n < yes + dont_know else "no"
    answers.update(incidents_12m=0, children_count=0, honour_concern="no", unsafe_at_home="no")
    answers.update(extra)
    return {k: v for k, v in answers.items() if v is not None}


def ric_doc(answers: dict[str, Any], assessed_on: str = ASSESSED_ON, **envelope: Any) -> AssessmentDocument:
    return parse_document(
        {
            "format": "dash-desktop.assessment/1",
            "questionnaire": {"id": "dash-ric"},
            "assessed_on": assessed_on,
            "answers": answers,
            **envelope,
        }
    )


def days_before(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date) - dt.timedelta(days=days)).isoformat()
