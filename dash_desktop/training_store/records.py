"""What the training store hands out: plain, frozen records (no database objects)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dash_desktop.assessment import AssessmentDocument


@dataclass(frozen=True)
class ClassSession:
    """A class the trainer runs: its name, who runs it, for which organisation, and when."""

    id: int
    name: str
    trainer: str
    organisation: str
    held_on: dt.date

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "trainer": self.trainer, "organisation": self.organisation,
                "held_on": self.held_on.isoformat()}


@dataclass(frozen=True)
class Trainee:
    """Someone in a class, by the name or number the trainer chose."""

    id: int
    session_id: int
    label: str


@dataclass(frozen=True)
class Attempt:
    """One trainee's answers to one scenario: autosaved while they answer, then completed with the
    feedback (``Feedback.to_dict()``) and, per item compared, whether they agreed with the model."""

    id: int
    trainee_id: int | None  # None: practice outside a class
    scenario_id: str
    scenario_title: str
    document: AssessmentDocument
    started_at: dt.datetime
    saved_at: dt.datetime
    completed_at: dt.datetime | None = None
    feedback: Mapping[str, Any] | None = None
    items: Mapping[str, bool] = field(default_factory=dict)

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    @property
    def agreeing(self) -> int:
        return int(self.feedback["score"]["agreeing"]) if self.feedback else 0

    @property
    def compared(self) -> int:
        return int(self.feedback["score"]["items"]) if self.feedback else 0

    @property
    def percent(self) -> int | None:
        return int(self.feedback["score"]["percent"]) if self.feedback else None

    @property
    def outcome_agrees(self) -> bool | None:
        return not self.feedback["outcome"]["differs"] if self.feedback else None

    @property
    def differing_items(self) -> list[str]:
        return [d["item"] for d in self.feedback["differences"]] if self.feedback else []
