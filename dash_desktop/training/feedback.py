"""``check``: the feedback on a trainee's answers to a scenario — the items where they differ from
the model answers (with the teaching notes), the outcome theirs give against the model outcome, and
a score. How each part is worked out is in docs/training.md."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from dash_desktop.assessment import AssessmentDocument, bind
from dash_desktop.questionnaires import AnswerError, Item, ItemType, Questionnaire, Registry
from dash_desktop.training.outcome import Outcome, from_result, same
from dash_desktop.training.scenario import Scenario
from dash_desktop.training.validate import score_document

SCORE_METHOD = (
    "Items agreeing with the model answer, of the items compared: every question that is not free text, "
    "asked on both the model's answers and yours, and answered in at least one of them."
)


@dataclass(frozen=True)
class Difference:
    """An item where the trainee's answer differs from the model answer (``None``: not answered)."""

    item: str
    given: Any
    model: Any
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class OutcomeCheck:
    """The outcome the trainee's answers give, against the model outcome, on the keys it states."""

    given: Outcome
    model: Outcome
    differs: tuple[str, ...]  # the keys where they differ, e.g. ("risk_level", "marac.criteria")
    prompts_missed: tuple[str, ...]  # prompts of the model outcome that the trainee's answers do not raise

    @property
    def agrees(self) -> bool:
        return not self.differs

    def to_dict(self) -> dict[str, Any]:
        return {
            "given": self.given.to_dict(only=self.model.stated()),
            "model": self.model.to_dict(),
            "differs": list(self.differs),
            "prompts_missed": list(self.prompts_missed),
        }


@dataclass(frozen=True)
class Score:
    agreeing: int
    items: int

    @property
    def percent(self) -> int:
        """Rounded down, so that 100 means every item agrees."""
        return 100 if self.items == 0 else self.agreeing * 100 // self.items

    def to_dict(self) -> dict[str, Any]:
        return {"agreeing": self.agreeing, "items": self.items, "percent": self.percent, "method": SCORE_METHOD}


@dataclass(frozen=True)
class Feedback:
    scenario: str
    differences: tuple[Difference, ...]
    outcome: OutcomeCheck
    score: Score
    compared: tuple[str, ...] = ()  # the ids of the items the score counts, in questionnaire order

    def agreement(self) -> dict[str, bool]:
        """Per item compared, whether the trainee agreed with the model (what a class summary counts)."""
        differing = {d.item for d in self.differences}
        return {item: item not in differing for item in self.compared}

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "differences": [d.to_dict() for d in self.differences],
            "outcome": self.outcome.to_dict(),
            "score": self.score.to_dict(),
        }


def _on_scenario(scenario: Scenario, doc: AssessmentDocument) -> AssessmentDocument:
    """The trainee's document on the scenario's questionnaire version and date (the story's date: the
    repeat window and recency count from it). Refuses answers to another questionnaire."""
    q = scenario.questionnaire
    if doc.questionnaire_id != q.id:
        raise AnswerError("questionnaire.id", f"is {doc.questionnaire_id!r}, but scenario {scenario.id!r} "
                                              f"is answered on {q.id!r}")
    if doc.questionnaire_version not in (None, q.version):
        raise AnswerError("questionnaire.version", f"is {doc.questionnaire_version!r}, but scenario "
                                                   f"{scenario.id!r} is answered on {q.id} {q.version}")
    return dataclasses.replace(doc, questionnaire_version=q.version, assessed_on=scenario.assessed_on)


def compared_items(q: Questionnaire, model: Mapping[str, Any], given: Mapping[str, Any]) -> Iterator[Item]:
    """The items the score counts: not free text, asked on both sets of answers (a follow-up to an
    answer only one side gave is part of that answer's difference), answered by at least one."""
    for item in q.items:
        if item.type is ItemType.TEXT:
            continue
        if not (q.is_relevant(item, model) and q.is_relevant(item, given)):
            continue
        if model.get(item.id) is None and given.get(item.id) is None:
            continue
        yield item


def check(scenario: Scenario, doc: AssessmentDocument) -> Feedback:
    """The feedback on ``doc``, a trainee's interchange document for ``scenario``. Raises
    ``AnswerError`` (naming the field) for answers the questionnaire refuses."""
    doc = _on_scenario(scenario, doc)
    q = scenario.questionnaire
    _, given = bind(doc, Registry([q]))
    model = scenario.model_answers
    items = list(compared_items(q, model, given))
    differences = tuple(
        Difference(i.id, given.get(i.id), model.get(i.id), scenario.note(i.id))
        for i in items
        if given.get(i.id) != model.get(i.id)
    )
    theirs = from_result(score_document(scenario, doc).to_dict())
    wanted = scenario.model_outcome
    differs = tuple(k for k in wanted.stated() if not same(k, theirs.get(k), wanted.get(k)))
    missed = tuple(p for p in wanted.prompts or () if p not in (theirs.prompts or ()))
    return Feedback(
        scenario=scenario.id,
        differences=differences,
        outcome=OutcomeCheck(theirs, wanted, differs, missed),
        score=Score(len(items) - len(differences), len(items)),
        compared=tuple(i.id for i in items),
    )
