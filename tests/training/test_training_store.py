"""The training store: sessions named by the trainer, trainees by a name or number, answers autosaved,
results kept; a damaged, foreign or newer file is a message, never a traceback or a loss."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from training_helpers import ESCALATION, Cli, trainee_doc

from dash_desktop.training import Scenario
from dash_desktop.training_store import TrainingStore, TrainingStoreError
from dash_desktop.training_store.attempts import begin, finish, record


def test_a_session_keeps_its_trainees_and_each_ones_results(training_dir: Path, by_id: dict[str, Scenario]) -> None:
    scenario = by_id[ESCALATION]
    with TrainingStore.open(training_dir) as store:
        session = store.new_session("  Health visitors,   May ", "Jo Trainer", "Solent NHS")
        alex = store.add_trainee(session.id, "Alex")
        seven = store.add_trainee(session.id, "7")
        record(store, scenario, trainee_doc(scenario, q5="no"), alex.id)
    with TrainingStore.open(training_dir) as store:
        assert store.session(session.id).name == "Health visitors, May"
        assert [t.label for t in store.trainees(session.id)] == ["Alex", "7"]
        (kept,) = store.attempts(trainee_id=alex.id)
        assert kept.completed and kept.percent == 96 and kept.differing_items == ["q5"]
        assert kept.items["q5"] is False and kept.items["q4"] is True
        assert kept.document.meta == {"training": True, "scenario": ESCALATION}
        assert store.attempts(trainee_id=seven.id) == []


def test_answers_are_autosaved_until_completed_then_kept_as_they_were(
    training_dir: Path, by_id: dict[str, Scenario]
) -> None:
    scenario = by_id[ESCALATION]
    with TrainingStore.open(training_dir) as store:
        attempt = begin(store, scenario)
        partial = trainee_doc(scenario)
        store.save_answers(attempt.id, partial)
    with TrainingStore.open(training_dir) as store:  # as after a crash: the answers are there
        again = store.attempt(attempt.id)
        assert again.document.answers == partial.answers and not again.completed
        done, feedback = finish(store, attempt.id, scenario, again.document)
        assert feedback.score.percent == 100 and done.completed
        with pytest.raises(TrainingStoreError, match="is completed"):
            store.save_answers(attempt.id, trainee_doc(scenario, q1="yes"))
        assert store.attempt(attempt.id).document.answers == partial.answers
        assert store.attempts() == [done]  # practice outside a class


def test_names_are_checked(training_dir: Path) -> None:
    with TrainingStore.open(training_dir) as store:
        session = store.new_session("Class", "Jo Trainer", "Org")
        store.add_trainee(session.id, "Sam")
        with pytest.raises(TrainingStoreError, match="already in this session"):
            store.add_trainee(session.id, " Sam ")
        with pytest.raises(TrainingStoreError, match="is blank"):
            store.add_trainee(session.id, "   ")
        with pytest.raises(TrainingStoreError, match="longer than 64"):
            store.add_trainee(session.id, "x" * 65)
        with pytest.raises(TrainingStoreError, match="cannot be shown"):
            store.add_trainee(session.id, "Sam\x07")
        with pytest.raises(TrainingStoreError, match="no class session 99"):
            store.add_trainee(99, "Ann")
        with pytest.raises(TrainingStoreError, match="no class session"):
            store.session(2**70)


def test_the_store_is_private_to_its_user(training_dir: Path) -> None:
    with TrainingStore.open(training_dir) as store:
        store.new_session("Class", "Jo Trainer", "Org")
    if os.name == "posix":
        assert (training_dir.stat().st_mode & 0o777) == 0o700
        assert ((training_dir / "training.db").stat().st_mode & 0o777) == 0o600


def test_a_damaged_file_is_a_message_and_is_left_as_it_was(training_dir: Path) -> None:
    training_dir.mkdir()
    damaged = training_dir / "training.db"
    damaged.write_bytes(b"this is not a database at all" * 100)
    before = damaged.read_bytes()
    with pytest.raises(TrainingStoreError, match="cannot be read as a training store"):
        TrainingStore.open(training_dir)
    assert damaged.read_bytes() == before


def test_another_database_or_a_newer_store_is_refused(training_dir: Path) -> None:
    training_dir.mkdir()
    with sqlite3.connect(training_dir / "training.db") as conn:
        conn.execute("CREATE TABLE cases (id INTEGER)")
    conn.close()
    with pytest.raises(TrainingStoreError, match="not a training store"):
        TrainingStore.open(training_dir)
    (training_dir / "training.db").unlink()
    TrainingStore.open(training_dir).close()
    with sqlite3.connect(training_dir / "training.db") as conn:
        conn.execute("PRAGMA user_version = 9")
    conn.close()
    with pytest.raises(TrainingStoreError, match="made by a newer DASH Desktop"):
        TrainingStore.open(training_dir)


def test_the_class_commands_report_faults_as_messages(cli: Cli, training_dir: Path) -> None:
    training_dir.mkdir()
    (training_dir / "training.db").write_bytes(b"\x00" * 4096)
    code, _, err = cli("training", "class", "list")
    assert code == 2 and "cannot be read as a training store" in err
    (training_dir / "training.db").unlink()
    code, _, err = cli("training", "class", "show", "3")
    assert code == 2 and "there is no class session 3" in err
    code, _, err = cli("training", "class", "new", "Class", "--trainer", "  ", "--organisation", "Org")
    assert code == 2 and "the trainer's name is blank" in err
