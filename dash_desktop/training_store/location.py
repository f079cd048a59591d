"""Where the training store lives: its own folder, never the case store's."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

TRAINING_ENV = "DASH_DESKTOP_TRAINING"
APP_NAME = "dash-desktop-training"


def default_training_dir() -> Path:
    """``DASH_DESKTOP_TRAINING`` if set, else a per-user data folder of its own (not the case store's)."""
    env = os.environ.get(TRAINING_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class TrainingPaths:
    """The files of one training store: the database of class sessions and results, and the folder of
    scenarios a trainer wrote or imported."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "training.db"

    @property
    def scenarios(self) -> Path:
        return self.root / "scenarios"

    @classmethod
    def resolve(cls, training_dir: str | os.PathLike[str] | None = None) -> TrainingPaths:
        root = Path(training_dir).expanduser() if training_dir is not None else default_training_dir()
        return cls(root.resolve())
