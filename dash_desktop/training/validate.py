"""``validate``: score a scenario's model answers with the current rules and compare the result with
its stated model outcome, so that a scenario can never teach a wrong rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dash_desktop.assessment import AssessmentDocument, ProfileError, Result, score
from dash_desktop.questionnaires import AnswerError, Registry
from dash_desktop.training.outcome import KEYS, Outcome, from_result, same, words
from dash_desktop.training.scenario import Scenario, ScenarioError


@dataclass(frozen=True)
class Disagreement:
    """One key where the model outcome and the rules differ."""

    key: str  # a score JSON key, dotted where nested: risk_level, marac.criteria, idash.tier, ...
    model: Any  # None: the model outcome does not say
    rules: Any
    text: str  # "risk_level: model says high, the rules give medium"

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "model": _json(self.model), "rules": _json(self.rules), "text": self.text}


def _json(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def score_document(scenario: Scenario, doc: AssessmentDocument) -> Result:
    """Score ``doc`` on the scenario's questionnaire and profile. Raises ``AnswerError``."""
    try:
        return score(doc, profile=scenario.profile, registry=Registry([scenario.questionnaire]))
    except ProfileError as exc:
        raise ScenarioError(str(scenario.source or scenario.id), "profile", str(exc)) from None


def rules_outcome(scenario: Scenario) -> Outcome:
    """What the current rules give for the model answers. A model answer the rules refuse (a
    previous MARAC date after the assessment, say) is a malformed scenario: :class:`ScenarioError`."""
    try:
        result = score_document(scenario, scenario.model_document())
    except AnswerError as exc:
        raise ScenarioError(str(scenario.source or scenario.id), f"model_answers.{exc.field}", exc.message) from None
    return from_result(result.to_dict())


def compare(model: Outcome, rules: Outcome) -> list[Disagreement]:
    """Every key the model states, and every key the rules give a value for (but ``yes_count``, which
    is compared only when stated), must agree; lists agree whatever their order."""
    found = []
    for key in KEYS:
        m, r = model.get(key), rules.get(key)
        if key != "risk_level" and m is None:
            if key == "yes_count" or r is None or r == ():
                continue
            found.append(Disagreement(key, m, r, f"{key}: the model outcome does not say, the rules give "
                                                 f"{words(key, r)}"))
        elif not same(key, m, r):
            found.append(Disagreement(key, m, r, f"{key}: model says {words(key, m)}, the rules give {words(key, r)}"))
    return found


def validate(scenario: Scenario) -> list[Disagreement]:
    """The disagreements between the scenario's model outcome and the current rules (none: it
    validates)."""
    return compare(scenario.model_outcome, rules_outcome(scenario))
