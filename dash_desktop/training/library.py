"""The scenario library: the scenarios shipped in ``resources/training/scenarios/`` (and any other
folders given), found by id, and listed as ``training list`` shows them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dash_desktop.paths import resource
from dash_desktop.questionnaires import Registry
from dash_desktop.questionnaires.loader import SUFFIXES
from dash_desktop.training.scenario import Scenario, ScenarioError, load_scenario


@dataclass(frozen=True)
class ScenarioSummary:
    """One line of ``training list``."""

    id: str
    title: str
    instrument: str

    @classmethod
    def of(cls, scenario: Scenario) -> ScenarioSummary:
        return cls(scenario.id, scenario.title, scenario.instrument)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "instrument": self.instrument}


def builtin_dir() -> Path:
    return resource("training", "scenarios")


def scenario_files(dirs: Iterable[Path]) -> list[Path]:
    return [
        path
        for folder in dirs
        if folder.is_dir()
        for path in sorted(folder.iterdir())
        if path.suffix.lower() in SUFFIXES and path.is_file()
    ]


def load_library(dirs: Iterable[Path] | None = None, registry: Registry | None = None) -> tuple[Scenario, ...]:
    """Every scenario in ``dirs`` (default: the shipped ones), sorted by id. A malformed file, or two
    files with one id, is a :class:`ScenarioError`."""
    registry = registry if registry is not None else Registry.default()
    found: dict[str, Scenario] = {}
    for path in scenario_files([builtin_dir()] if dirs is None else dirs):
        scenario = load_scenario(path, registry)
        if scenario.id in found:
            raise ScenarioError(str(path), "id", f"{scenario.id!r} is also the id of {found[scenario.id].source}")
        found[scenario.id] = scenario
    return tuple(found[k] for k in sorted(found))


def find_scenario(scenario_id: str, scenarios: Sequence[Scenario]) -> Scenario:
    for scenario in scenarios:
        if scenario.id == scenario_id:
            return scenario
    known = ", ".join(s.id for s in scenarios) or "none"
    raise ScenarioError("library", "id", f"no scenario {scenario_id!r} (known: {known})")


def summaries(scenarios: Iterable[Scenario]) -> list[ScenarioSummary]:
    return [ScenarioSummary.of(s) for s in scenarios]
