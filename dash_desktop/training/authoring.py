"""A trainer's new scenario from a completed training assessment: its answers become the model
answers, the current rules give the model outcome (so it validates by construction), and the trainer
adds the narrative, the title and the teaching notes. Also a scenario written out as a file, for
sharing with another trainer."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from dash_desktop.assessment import DEFAULT_PROFILE, AssessmentDocument, bind
from dash_desktop.questionnaires import AnswerError, Registry
from dash_desktop.training.outcome import from_result
from dash_desktop.training.scenario import FORMAT, Scenario, ScenarioError, parse_scenario
from dash_desktop.training.validate import score_document

#: The first lines of a scenario file the program writes.
FILE_HEADER = (
    "# A synthetic training scenario (not a real case), written with DASH Desktop's training mode.\n"
    "# Format: dash-desktop.scenario/1 (docs/training.md).\n"
)


@dataclasses.dataclass(frozen=True)
class Draft:
    """What the trainer writes around the answers."""

    id: str
    title: str
    narrative: str
    notes: Mapping[str, str] = dataclasses.field(default_factory=dict)
    setting: str = ""
    area: str = ""
    topics: Sequence[str] = ()
    teaching_points: Sequence[str] = ()
    profile: str = DEFAULT_PROFILE


def author_scenario(doc: AssessmentDocument, draft: Draft, registry: Registry | None = None) -> Scenario:
    """A scenario whose model answers are ``doc``'s answers and whose model outcome is what the
    current rules give for them (on ``doc``'s date, under ``draft.profile``). Every fault, in the
    answers or in what the trainer wrote, is a :class:`ScenarioError` naming the field."""
    registry = registry if registry is not None else Registry.default()
    source = f"scenario {draft.id!r}"
    try:
        questionnaire, answers = bind(doc, registry)
    except AnswerError as exc:
        raise ScenarioError(source, f"model_answers.{exc.field}", exc.message) from None
    data: dict[str, Any] = {
        "format": FORMAT,
        "id": draft.id,
        "title": draft.title.strip(),
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "assessed_on": doc.assessed_on.isoformat(),
        "narrative": draft.narrative.strip(),
        "model_answers": answers,
        "notes": {k: v.strip() for k, v in draft.notes.items() if v.strip()},
        # a placeholder the loader accepts; replaced below by what the rules give
        "model_outcome": {"risk_level": None, "prompts": []},
    }
    if draft.profile != DEFAULT_PROFILE:
        data["profile"] = draft.profile
    context = {k: v for k, v in (("setting", draft.setting.strip()), ("area", draft.area.strip())) if v}
    if context:
        data["context"] = context
    if draft.topics:
        data["topics"] = list(draft.topics)
    points = [p.strip() for p in draft.teaching_points if p.strip()]
    if points:
        data["teaching_points"] = points
    scenario = parse_scenario(data, source, Registry([questionnaire]))
    try:
        result = score_document(scenario, scenario.model_document())
    except AnswerError as exc:
        raise ScenarioError(source, f"model_answers.{exc.field}", exc.message) from None
    return dataclasses.replace(scenario, model_outcome=from_result(result.to_dict()))


def scenario_text(scenario: Scenario, suffix: str = ".yaml") -> str:
    """The scenario as a file's text: YAML (with a header comment) or JSON, by ``suffix``; read back
    by :func:`~dash_desktop.training.load_scenario` to an equal scenario."""
    data = scenario.to_dict()
    if suffix.lower() == ".json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return FILE_HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
