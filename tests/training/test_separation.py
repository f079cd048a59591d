"""Training never touches real case data: no training action opens, reads or writes the case store
(its files' bytes and times stay as they were, and not one file under it is even opened), and
nothing training makes can be imported into it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from store_helpers import PASSPHRASE
from training_helpers import ESCALATION, Cli, write_answers

from dash_desktop.store import PractitionerProfile, Store
from dash_desktop.store.keys import TEST_KDF
from dash_desktop.training import Scenario
from dash_desktop.training_store import TrainingStore

#: Runs dash-desktop commands in a fresh interpreter that records every audited event naming a path
#: under the case store's folder (open, listdir, scandir, mkdir, remove, rename, sqlite3.connect, ...).
WATCHER = """
import json, os, sys
case_dir = os.path.realpath(sys.argv[1])
touched = []

def watch(event, args):
    for arg in args[:2]:
        if isinstance(arg, (str, bytes, os.PathLike)):
            try:
                path = os.path.realpath(os.fsdecode(arg))
            except (TypeError, ValueError):
                continue
            if path == case_dir or path.startswith(case_dir + os.sep):
                touched.append([event, path])

sys.addaudithook(watch)
from dash_desktop.cli import main
codes = [main(argv) for argv in json.loads(sys.argv[2])]
loaded = sorted(m for m in sys.modules if m.startswith(("dash_desktop.store", "sqlcipher3", "sqlalchemy")))
print(json.dumps({"codes": codes, "touched": touched, "store_modules": loaded}))
"""


@pytest.fixture
def case_dir(tmp_path: Path) -> Iterator[Path]:
    """A real case store with a case in it, closed: what a practitioner's machine holds."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        path = tmp_path / "case-store"
        with Store.create(PASSPHRASE, PractitionerProfile("Alex Practitioner", "IDVA", "SDAS"), path,
                          kdf=TEST_KDF) as store:
            store.cases.add("HX-2026-001")
        yield path
    finally:
        keyring.set_keyring(previous)


def fingerprint(directory: Path) -> dict[str, tuple[str, int, int]]:
    """Every file under ``directory``: its content's hash, size and modification time."""
    return {str(p.relative_to(directory)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_size,
                                            p.stat().st_mtime_ns)
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_no_training_action_opens_reads_or_writes_the_case_store(
    case_dir: Path, tmp_path: Path, by_id: dict[str, Scenario], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DASH_DESKTOP_DATA", str(case_dir))  # the default case store is the real one
    monkeypatch.setenv("DASH_DESKTOP_PASSPHRASE", PASSPHRASE)  # and it could be unlocked without asking
    before = fingerprint(case_dir)
    answers = write_answers(tmp_path / "answers.json", by_id[ESCALATION], q5="no")
    story = tmp_path / "story.txt"
    story.write_text("A synthetic story, long enough to be the narrative of a scenario.", "utf-8")
    shared = tmp_path / "shared.yaml"
    commands = [
        ["training", "list"], ["training", "show", ESCALATION, "--format", "json"],
        ["training", "validate", str(Path(by_id[ESCALATION].source or ""))],
        ["training", "check", ESCALATION, str(answers), "--format", "json"],
        ["training", "class", "new", "Class", "--trainer", "Jo Trainer", "--organisation", "Org"],
        ["training", "class", "add", "1", "Alex"], ["training", "class", "list"],
        ["training", "class", "record", "1", "Alex", ESCALATION, str(answers)],
        ["training", "class", "show", "1"],
        ["training", "class", "export", "1", "--csv", str(tmp_path / "c.csv"), "--pdf", str(tmp_path / "c.pdf")],
        ["training", "class", "certificate", "1", "Alex", str(tmp_path / "alex.pdf")],
        ["training", "author", "--attempt", "1", "--id", "mine", "--title", "Mine", "--narrative-file", str(story)],
        ["training", "export", "mine", str(shared)],
        ["training", "import", str(shared), "--training-dir", str(tmp_path / "other")],
    ]
    run = subprocess.run([sys.executable, "-c", WATCHER, str(case_dir), json.dumps(commands)], capture_output=True,
                         text=True, check=False, timeout=300,
                         env={**os.environ, "DASH_DESKTOP_TRAINING": str(tmp_path / "training")})
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["codes"] == [0] * len(commands), run.stderr
    assert report["touched"] == []
    # the case store's code is not even loaded: only the words the command line registers its options with
    assert report["store_modules"] == ["dash_desktop.store", "dash_desktop.store.vocabulary"]
    assert fingerprint(case_dir) == before


def test_nothing_training_makes_can_be_imported_into_the_case_store(
    case_dir: Path, tmp_path: Path, by_id: dict[str, Scenario], capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(capsys)
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text(PASSPHRASE, "utf-8")
    store = ["--data-dir", str(case_dir), "--passphrase-file", str(passphrase)]
    cli.ok("training", "class", "new", "Class", "--trainer", "Jo Trainer", "--organisation", "Org")
    cli.ok("training", "class", "add", "1", "Alex")
    cli.ok("training", "class", "record", "1", "Alex", ESCALATION,
           str(write_answers(tmp_path / "answers.json", by_id[ESCALATION])))
    certificate, summary = tmp_path / "alex.pdf", tmp_path / "class.pdf"
    cli.ok("training", "class", "certificate", "1", "Alex", str(certificate))
    cli.ok("training", "class", "export", "1", "--pdf", str(summary))
    training_report = tmp_path / "training-report.pdf"
    cli.ok("export", "--from-json", str(tmp_path / "answers.json"), str(training_report), "--training", *store)
    with TrainingStore.open() as training:  # a trainee's answers as the training window saves them
        (attempt,) = training.attempts(session_id=1)
    handed_in = tmp_path / "handed-in.json"
    handed_in.write_text(json.dumps(attempt.document.to_dict()), "utf-8")
    for made, words in ((certificate, "has no attachment named assessment.json"), (summary, "has no signature"),
                        (training_report, "is a training report"), (handed_in, "meta.training: this is a training")):
        code, _, err = cli("assess", "import", str(made), "--case", "HX-2026-001", *store)
        assert code == 2 and words in err, err
    with Store.open(PASSPHRASE, case_dir) as opened:
        assert opened.cases.get("HX-2026-001").assessments == ()
