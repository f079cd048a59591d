"""The training store: class sessions, trainees, their autosaved answers and results, the trainer's
own scenarios and the certificate-signing identity. Its own folder and file, never the case store:
this package imports nothing of ``dash_desktop.store`` (the architecture test checks)."""

from dash_desktop.training_store.location import TRAINING_ENV, TrainingPaths, default_training_dir
from dash_desktop.training_store.records import Attempt, ClassSession, Trainee
from dash_desktop.training_store.store import TrainingStore, TrainingStoreError

__all__ = [
    "TRAINING_ENV",
    "Attempt",
    "ClassSession",
    "Trainee",
    "TrainingPaths",
    "TrainingStore",
    "TrainingStoreError",
    "default_training_dir",
]
