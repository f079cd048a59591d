"""A training scenario (``dash-desktop.scenario/1``): a synthetic case with the model answer to every
question, a teaching note where the answer teaches something, and the model outcome.

A file is checked in two passes, like a questionnaire definition: the JSON Schema
(``resources/training/scenario.schema.json``: structure and types), then the checks a schema cannot
express (the questionnaire and profile exist, every answer fits its item, every question the form
asks is answered, real dates, a consistent outcome). Every fault is a :class:`ScenarioError` naming
the field. The format is described in docs/training.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dash_desktop.assessment import DEFAULT_PROFILE, AssessmentDocument, available_profiles, bind
from dash_desktop.paths import resource
from dash_desktop.questionnaires import AnswerError, ItemType, Questionnaire, Registry
from dash_desktop.questionnaires.loader import SUFFIXES, read_data_file
from dash_desktop.training.outcome import Outcome, from_data

if TYPE_CHECKING:
    import jsonschema

FORMAT = "dash-desktop.scenario/1"


class ScenarioError(ValueError):
    """A scenario file that cannot be used. ``field`` names the field (``model_answers.q7``)."""

    def __init__(self, source: str, field: str, message: str) -> None:
        super().__init__(f"{source}: {field}: {message}")
        self.source = source
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Person:
    """Someone in the story (never a real person)."""

    role: str  # victim, perpetrator, child, referrer, other
    name: str = ""
    age: int | None = None
    about: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": self.role}
        if self.name:
            out["name"] = self.name
        if self.age is not None:
            out["age"] = self.age
        if self.about:
            out["about"] = self.about
        return out


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    questionnaire: Questionnaire  # the definition the scenario is answered on
    assessed_on: dt.date
    narrative: str
    model_answers: Mapping[str, Any]  # item id -> canonical answer, as the interchange format has it
    notes: Mapping[str, str]
    model_outcome: Outcome
    profile: str = DEFAULT_PROFILE
    setting: str = ""
    area: str = ""
    people: tuple[Person, ...] = ()
    topics: tuple[str, ...] = ()
    teaching_points: tuple[str, ...] = ()
    source: Path | None = field(default=None, compare=False)

    @property
    def instrument(self) -> str:
        return self.questionnaire.instrument

    def note(self, item_id: str) -> str | None:
        return self.notes.get(item_id)

    def model_document(self) -> AssessmentDocument:
        """The model answers as an interchange document, marked as training."""
        return AssessmentDocument(
            questionnaire_id=self.questionnaire.id,
            questionnaire_version=self.questionnaire.version,
            assessed_on=self.assessed_on,
            answers=dict(self.model_answers),
            meta={"training": True, "scenario": self.id},
        )

    def to_dict(self) -> dict[str, Any]:
        """The scenario file's structure: what ``training show ID --format json`` prints, and what
        :func:`parse_scenario` reads back to an equal scenario."""
        out: dict[str, Any] = {
            "format": FORMAT,
            "id": self.id,
            "title": self.title,
            "questionnaire": {"id": self.questionnaire.id, "version": self.questionnaire.version},
        }
        if self.profile != DEFAULT_PROFILE:
            out["profile"] = self.profile
        out |= {"assessed_on": self.assessed_on.isoformat(), "narrative": self.narrative}
        context: dict[str, Any] = {}
        if self.setting:
            context["setting"] = self.setting
        if self.area:
            context["area"] = self.area
        if self.people:
            context["people"] = [p.to_dict() for p in self.people]
        if context:
            out["context"] = context
        if self.topics:
            out["topics"] = list(self.topics)
        if self.teaching_points:
            out["teaching_points"] = list(self.teaching_points)
        out |= {
            "model_answers": dict(self.model_answers),
            "notes": dict(self.notes),
            "model_outcome": self.model_outcome.to_dict(),
        }
        return out


Fault = Callable[[str, str], ScenarioError]
#: What the schema's patterns ask for, in words.
_PATTERN_WORDS = {
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "{!r} is not a date (use YYYY-MM-DD)",
    "^[a-z0-9][a-z0-9_-]*$": "{!r} is not an id (lower-case letters, digits, - and _)",
    "^[0-9]+(\\.[0-9]+)*$": "{!r} is not a version (numbers and dots, e.g. 1.1.0)",
    "\\S": "is blank",
}


@cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema  # loaded when a scenario is first read, not at start-up

    schema = json.loads(resource("training", "scenario.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _schema_fault(data: Any) -> tuple[str, str] | None:
    """The first fault the schema finds, as (field, message), or ``None``."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    if not errors:
        return None
    error = errors[0]
    path = [str(p) for p in error.absolute_path]
    fields = error.schema.get("properties", {})
    if error.validator == "required":
        missing = sorted(set(error.validator_value) - set(error.instance))
        return ".".join([*path, missing[0]]), "is missing"
    if error.validator == "additionalProperties" and fields:
        extra = sorted(k for k in error.instance if k not in fields)
        return ".".join([*path, extra[0]]), f"is not a field here (fields: {', '.join(fields)})"
    if error.validator == "pattern" and error.validator_value in _PATTERN_WORDS:
        return ".".join(path), _PATTERN_WORDS[error.validator_value].format(error.instance)
    return ".".join(path) or "top level", error.message


def _dates(data: Any) -> Any:
    """YAML reads a bare 2026-05-01 as a date: turn dates back into the text the format uses."""
    if isinstance(data, dict):
        return {k: _dates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates(v) for v in data]
    if isinstance(data, dt.date) and not isinstance(data, dt.datetime):
        return data.isoformat()
    return data


def _unanswered(q: Questionnaire, answers: Mapping[str, Any]) -> Iterator[str]:
    for item in q.items:
        if item.required and q.is_relevant(item, answers) and answers.get(item.id) is None:
            yield item.id


def parse_scenario(data: Any, source: str = "<scenario>", registry: Registry | None = None,
                   path: Path | None = None) -> Scenario:
    """Check plain data as a scenario and build it; every fault is a :class:`ScenarioError`."""
    data = _dates(data)

    def fault(where: str, message: str) -> ScenarioError:
        return ScenarioError(source, where, message)

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise fault("format", f"must be {FORMAT!r} (found {found!r})")
    problem = _schema_fault(data)
    if problem:
        raise fault(*problem)
    try:
        assessed_on = dt.date.fromisoformat(data["assessed_on"])
    except ValueError:
        raise fault("assessed_on", f"{data['assessed_on']!r} is not a real date") from None
    registry = registry if registry is not None else Registry.default()
    ref = data["questionnaire"]
    try:
        q = registry.get(ref["id"], ref["version"])
    except KeyError as exc:
        raise fault("questionnaire", str(exc.args[0])) from None
    profile = data.get("profile", DEFAULT_PROFILE)
    if profile not in available_profiles():
        raise fault("profile", f"no profile named {profile!r} (known: {', '.join(available_profiles())})")
    answers = _model_answers(data["model_answers"], q, fault)
    for item_id in data["notes"]:
        if not q.has_item(item_id):
            raise fault(f"notes.{item_id}", f"is not an item of {q.id} {q.version}")
    outcome = from_data(data["model_outcome"])
    _check_outcome(outcome, registry, fault)
    context = data.get("context", {})
    return Scenario(
        id=data["id"],
        title=data["title"],
        questionnaire=q,
        assessed_on=assessed_on,
        narrative=data["narrative"].strip(),
        model_answers=answers,
        notes=dict(data["notes"]),
        model_outcome=outcome,
        profile=profile,
        setting=context.get("setting", ""),
        area=context.get("area", ""),
        people=tuple(Person(**p) for p in context.get("people", [])),
        topics=tuple(data.get("topics", [])),
        teaching_points=tuple(data.get("teaching_points", [])),
        source=path,
    )


def _model_answers(raw: Mapping[str, Any], q: Questionnaire, fault: Fault) -> dict[str, Any]:
    """Check every model answer against its item (through the interchange format's own binding) and
    that every question the form asks is answered."""
    empty = [k for k, v in raw.items() if v in ("", [])]
    if empty:
        raise fault(f"model_answers.{empty[0]}", "is empty: give the model answer, or leave the item out")
    doc = AssessmentDocument(q.id, dt.date.min, dict(raw), questionnaire_version=q.version)
    try:
        _, answers = bind(doc, Registry([q]))
    except AnswerError as exc:
        raise fault(f"model_answers.{exc.field}", exc.message) from None
    missing = list(_unanswered(q, answers))
    if missing:
        also = f" (also: {', '.join(missing[1:])})" if missing[1:] else ""
        raise fault(f"model_answers.{missing[0]}",
                    f"is not answered: every question the form asks needs a model answer{also}")
    for item_id, value in answers.items():
        if q.item(item_id).type is ItemType.TEXT and not value.strip():
            raise fault(f"model_answers.{item_id}", "is blank")
    return answers


def _check_outcome(outcome: Outcome, registry: Registry, fault: Fault) -> None:
    if outcome.marac_refer is not None and outcome.marac_refer != bool(outcome.marac_criteria):
        raise fault("model_outcome.marac.refer",
                    "must be true when a criterion is met, and false when none is")
    known = {q.id for q in registry}
    for offered in outcome.offered or ():
        if offered not in known:
            names = ", ".join(sorted(known))
            raise fault("model_outcome.offered", f"{offered!r} is not a questionnaire (known: {names})")


def load_scenario(path: Path | str, registry: Registry | None = None) -> Scenario:
    """Read and check one scenario file (YAML or JSON, by suffix)."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ScenarioError(str(path), "file", f"unknown file type {path.suffix!r}: use .yaml, .yml or .json")
    try:
        data = read_data_file(path)
    except OSError as exc:
        raise ScenarioError(str(path), "file", f"cannot be read: {exc.strerror or exc}") from None
    except (ValueError, RecursionError) as exc:
        raise ScenarioError(str(path), "file", str(exc)) from None
    try:
        return parse_scenario(data, str(path), registry, path)
    except RecursionError:
        raise ScenarioError(str(path), "file", "is nested too deeply to be a scenario") from None

