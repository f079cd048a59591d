"""A form being filled in, without Qt: the answers, which items are relevant, where the keyboard
goes next, progress, and the live result. The widgets in this package only display it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dash_desktop.assessment import AssessmentDocument, Profile, ProfileError, Result, load_profile
from dash_desktop.assessment.engine import score_answers
from dash_desktop.assessment.facts import Subject
from dash_desktop.assessment.services import load_directory
from dash_desktop.forms.prefill import Known
from dash_desktop.questionnaires import AnswerError, Item, Questionnaire, Registry, Section


@dataclass(frozen=True)
class Progress:
    answered: int
    required: int

    @property
    def done(self) -> bool:
        return self.answered >= self.required


class FormSession:
    """Answers to one questionnaire. ``set_answer`` checks each answer as it is given."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        *,
        assessed_on: dt.date | None = None,
        answers: dict[str, Any] | None = None,
        sources: dict[str, str] | None = None,
        profile: Profile | None = None,
        registry: Registry | None = None,
        baseline: dict[str, Any] | None = None,
        known: Mapping[str, Known] | None = None,
        hints: Mapping[str, str] | None = None,
        area: str | None = None,
        subject: Subject | None = None,
    ) -> None:
        """``area``: the case's district id, ``subject``: the assessed person's recorded details; both go
        into the document (so the signed report is scored with them, as the live result is)."""
        self.questionnaire = questionnaire
        self.assessed_on = assessed_on or dt.date.today()
        self.answers: dict[str, Any] = {}
        self.sources: dict[str, str] = dict(sources or {})
        #: the area profile and its services directory, loaded once: every answer rescores with them
        self.profile = profile if profile is not None else load_profile()
        self.directory = load_directory(self.profile.services_directory)
        self.registry = registry or Registry([questionnaire])
        #: the answers of the last completed assessment, to show what changed since
        self.baseline: dict[str, Any] = dict(baseline or {})
        #: what the case already answers (the household, another questionnaire): marked as prefilled
        self.known: dict[str, Known] = dict(known or {})
        #: what the case suggests for an item without answering it (the incidents its chronology records)
        self.hints: dict[str, str] = dict(hints or {})
        self.area = area
        self.subject = subject or Subject()
        self.listeners: list[Callable[[str], None]] = []
        for item_id, value in (answers or {}).items():
            self.set_answer(item_id, value)

    # --- answers ---------------------------------------------------------------------------------

    def set_answer(self, item_id: str, value: Any) -> None:
        """Record an answer (``None`` clears it); raises ``AnswerError`` for one the item can't take."""
        canonical = self.questionnaire.item(item_id).check_answer(value)
        if canonical is None:
            self.answers.pop(item_id, None)
        else:
            self.answers[item_id] = canonical
        for listener in self.listeners:
            listener(item_id)

    def set_source(self, item_id: str, source: str) -> None:
        if source.strip():
            self.sources[item_id] = source.strip()
        else:
            self.sources.pop(item_id, None)
        for listener in self.listeners:
            listener(item_id)

    def answer(self, item_id: str) -> Any:
        return self.answers.get(item_id)

    def prefilled(self, item_id: str) -> Known | None:
        """Where the answer came from, while it is still the one the case gave."""
        known = self.known.get(item_id)
        return known if known is not None and self.answers.get(item_id) == known.value else None

    def changed_since_baseline(self, item_id: str) -> bool:
        """Answered differently from the last completed assessment (which answered it)."""
        return item_id in self.baseline and self.baseline[item_id] != self.answers.get(item_id)

    # --- relevance and navigation -------------------------------------------------------------------

    def is_relevant(self, item: Item) -> bool:
        return self.questionnaire.is_relevant(item, self.answers)

    def relevant_items(self) -> list[Item]:
        return [i for i in self.questionnaire.items if self.is_relevant(i)]

    def next_stop(self, after: str | None, follow_ups: bool = False) -> Item | None:
        """Where the keyboard goes after answering ``after``: the next relevant required item, or
        with ``follow_ups`` also the next relevant follow-up (a detail box that an answer opened).
        Optional stand-alone items are reached with Tab or a click."""
        items = list(self.questionnaire.items)
        start = 0 if after is None else [i.id for i in items].index(after) + 1
        for item in items[start:]:
            if self.is_relevant(item) and (item.required or (follow_ups and item.relevant is not None)):
                return item
        return None

    def progress(self, section: Section) -> Progress:
        required = [i for i in section.items if i.required and self.is_relevant(i)]
        return Progress(sum(1 for i in required if i.id in self.answers), len(required))

    def unanswered(self) -> list[Item]:
        return [i for i in self.relevant_items() if i.required and i.id not in self.answers]

    # --- the document and the result -----------------------------------------------------------------

    def document(self) -> AssessmentDocument:
        q = self.questionnaire
        return AssessmentDocument(
            questionnaire_id=q.id,
            questionnaire_version=q.version,
            questionnaire_hash=q.content_hash,
            assessed_on=self.assessed_on,
            answers=dict(self.answers),
            sources={k: v for k, v in self.sources.items() if k in self.answers},
            area=self.area,
            subject=self.subject,
        )

    def to_dict(self) -> dict[str, Any]:
        return self.document().to_dict()

    def result(self) -> Result | str:
        """The live result, or a sentence saying what stops it (e.g. a judgement with no reason)."""
        try:
            return score_answers(self.questionnaire, self.answers, self.assessed_on, self.profile, self.registry,
                                 self.directory, area=self.area, subject=self.subject)
        except AnswerError as exc:
            item = self.questionnaire.item(exc.field) if self.questionnaire.has_item(exc.field) else None
            return f"{item.name if item else exc.field}: {exc.message}"
        except ProfileError as exc:
            return str(exc)
