"""The scenarios a trainer has beside the shipped library: written from a training assessment, or
imported from another trainer's file. They are kept as files in the training store's ``scenarios``
folder, one per scenario, named by its id; a file is taken in only when it loads and validates (its
model answers score, under the current rules, to its model outcome)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dash_desktop.questionnaires import Registry
from dash_desktop.questionnaires.loader import SUFFIXES
from dash_desktop.training import Scenario, ScenarioError, load_library, load_scenario, validate
from dash_desktop.training.authoring import scenario_text
from dash_desktop.training.library import scenario_files
from dash_desktop.training_store.files import write_new
from dash_desktop.training_store.location import TrainingPaths


@dataclass(frozen=True)
class Library:
    """The shipped scenarios and the trainer's own, sorted by id; ``problems`` says why any of the
    trainer's files was left out (a malformed file, one that no longer validates, a clashing id)."""

    scenarios: tuple[Scenario, ...]
    own: frozenset[str]  # ids of the trainer's scenarios
    problems: tuple[str, ...] = ()


def library(paths: TrainingPaths | None, registry: Registry | None = None) -> Library:
    """The shipped library (a fault there is a :class:`ScenarioError`: it is the program's), with the
    trainer's scenarios from ``paths`` (none when ``paths`` is None)."""
    registry = registry if registry is not None else Registry.default()
    shipped = {s.id: s for s in load_library(registry=registry)}
    own: dict[str, Scenario] = {}
    problems: list[str] = []
    for path in scenario_files([paths.scenarios] if paths else []):
        try:
            scenario = checked(load_scenario(path, registry))
        except ScenarioError as exc:
            problems.append(f"left out: {exc}")
            continue
        if scenario.id in shipped or scenario.id in own:
            problems.append(f"left out: {path}: id: {scenario.id!r} is already in the library")
            continue
        own[scenario.id] = scenario
    every = shipped | own
    return Library(tuple(every[k] for k in sorted(every)), frozenset(own), tuple(problems))


def checked(scenario: Scenario) -> Scenario:
    """The scenario, if its model answers score to its model outcome; else a :class:`ScenarioError`
    naming each disagreement."""
    disagreements = validate(scenario)
    if disagreements:
        where = str(scenario.source or scenario.id)
        raise ScenarioError(where, "model_outcome", "does not agree with the current rules: "
                            + "; ".join(d.text for d in disagreements))
    return scenario


def keep(paths: TrainingPaths, scenario: Scenario, *, replace: bool = False,
         registry: Registry | None = None) -> Path:
    """Keep a checked scenario in the training store as ``scenarios/ID.yaml``. Refused when the id is a
    shipped scenario's, or already the trainer's (unless ``replace``)."""
    checked(scenario)
    registry = registry if registry is not None else Registry.default()
    if scenario.id in {s.id for s in load_library(registry=registry)}:
        raise ScenarioError(str(scenario.source or scenario.id), "id",
                            f"{scenario.id!r} is a scenario shipped with the program; give yours another id")
    target = paths.scenarios / f"{scenario.id}.yaml"
    existing = [p for p in scenario_files([paths.scenarios]) if p.stem == scenario.id]
    if existing and not replace:
        raise ScenarioError(str(scenario.source or scenario.id), "id",
                            f"{scenario.id!r} is already one of your scenarios ({existing[0].name}); "
                            "replace it, or give this one another id")
    write_new(target, scenario_text(scenario, ".yaml").encode("utf-8"), force=True)
    for old in existing:
        if old != target:
            old.unlink()
    return target


def import_file(paths: TrainingPaths, file: str | os.PathLike[str], *, replace: bool = False,
                registry: Registry | None = None) -> Scenario:
    """Take in another trainer's scenario file: it must load and validate, or nothing is kept."""
    registry = registry if registry is not None else Registry.default()
    scenario = load_scenario(Path(file), registry)
    keep(paths, scenario, replace=replace, registry=registry)
    return scenario


def export_file(scenario: Scenario, out: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the scenario to ``out`` (YAML, or JSON by the suffix) for another trainer to import."""
    path = Path(out)
    if path.suffix.lower() not in SUFFIXES:
        raise ScenarioError(str(path), "file", f"unknown file type {path.suffix!r}: use .yaml, .yml or .json")
    write_new(path, scenario_text(scenario, path.suffix).encode("utf-8"), force=force)
    return path
