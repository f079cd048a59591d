"""The training window on a fresh training store of each test's (no case store anywhere near)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dash_desktop.training import Scenario, load_library
from dash_desktop.ui.training.window import TrainingWindow, open_training


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASH_DESKTOP_TRAINING", str(tmp_path / "training"))
    monkeypatch.setenv("DASH_DESKTOP_DATA", str(tmp_path / "no-case-store"))


@pytest.fixture
def training_dir(tmp_path: Path) -> Path:
    return tmp_path / "training"


@pytest.fixture(scope="session")
def by_id() -> dict[str, Scenario]:
    return {s.id: s for s in load_library()}


@pytest.fixture
def window(qtbot: Any, training_dir: Path) -> Iterator[TrainingWindow]:
    win = open_training(training_dir)
    assert win is not None
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    yield win
    win.close()
