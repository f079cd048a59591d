"""Fixtures for the training tests: the shipped library, and scenario files written from a shipped
scenario's data with one change."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from training_helpers import Cli

from dash_desktop.questionnaires import Registry
from dash_desktop.questionnaires.loader import read_data_file
from dash_desktop.training import Scenario, builtin_dir, load_library, load_scenario


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default training store is a fresh folder of each test's, and no default case store exists."""
    monkeypatch.setenv("DASH_DESKTOP_TRAINING", str(tmp_path / "training"))
    monkeypatch.setenv("DASH_DESKTOP_DATA", str(tmp_path / "no-case-store"))


@pytest.fixture
def training_dir(tmp_path: Path) -> Path:
    return tmp_path / "training"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


@pytest.fixture(scope="session")
def library(registry: Registry) -> tuple[Scenario, ...]:
    return load_library(registry=registry)


@pytest.fixture(scope="session")
def by_id(library: tuple[Scenario, ...]) -> dict[str, Scenario]:
    return {s.id: s for s in library}


def _shipped_data(scenario_id: str) -> dict[str, Any]:
    data = read_data_file(builtin_dir() / f"{scenario_id}.yaml")
    assert isinstance(data, dict)
    return copy.deepcopy(data)


@pytest.fixture
def shipped_data() -> Callable[[str], dict[str, Any]]:
    """A shipped scenario file's data, as plain data to change."""
    return _shipped_data


@pytest.fixture
def write_scenario(tmp_path: Path) -> Callable[..., Path]:
    """Write scenario data to a JSON file and return its path."""

    def write(data: dict[str, Any], name: str = "scenario.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data, default=str), encoding="utf-8")
        return path

    return write


@pytest.fixture
def changed(write_scenario: Callable[..., Path], registry: Registry) -> Callable[..., Scenario]:
    """Load a shipped scenario after ``change`` has altered its data."""

    def load(scenario_id: str, change: Callable[[dict[str, Any]], None]) -> Scenario:
        data = _shipped_data(scenario_id)
        change(data)
        return load_scenario(write_scenario(data), registry)

    return load
