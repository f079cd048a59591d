"""A trainer's class: the export (CSV, and a PDF summary of how many got each item right) holds each
trainee's result; the completion certificate is signed by the trainer and marked as training."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from report_helpers import pdftotext, run_tool
from training_helpers import ESCALATION, Cli, write_answers

from dash_desktop.reports.render import TRAINING_MARK
from dash_desktop.reports.verify import verify_report
from dash_desktop.training import Scenario
from dash_desktop.training_store import TrainingStore


@pytest.fixture
def session(cli: Cli, tmp_path: Path, by_id: dict[str, Scenario]) -> str:
    """Session 1: Alex answered q5 wrongly, Sam as the model does, "=17" has done nothing yet."""
    out = cli.ok("training", "class", "new", "Housing officers, spring", "--trainer", "Jo Trainer",
                 "--organisation", "Hampshire DA Partnership", "--held-on", "2026-03-10")
    assert out.startswith("Class session 1:")
    cli.ok("training", "class", "add", "1", "Alex", "Sam", "=17")
    scenario = by_id[ESCALATION]
    cli.ok("training", "class", "record", "1", "Alex", ESCALATION,
           str(write_answers(tmp_path / "alex.json", scenario, q5="no")))
    cli.ok("training", "class", "record", "1", "Sam", ESCALATION, str(write_answers(tmp_path / "sam.json", scenario)))
    return "1"


def test_the_csv_holds_each_trainees_result(cli: Cli, session: str, tmp_path: Path) -> None:
    out = tmp_path / "class.csv"
    cli.ok("training", "class", "export", session, "--csv", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    by_trainee = {r["trainee"]: r for r in rows}
    alex = by_trainee["Alex"]
    assert (alex["scenario"], alex["agreeing"], alex["items"], alex["percent"]) == (ESCALATION, "32", "33", "96")
    assert (alex["differences"], alex["outcome_agrees"], alex["outcome_differs"]) == ("q5", "no", "yes_count")
    assert by_trainee["Sam"]["percent"] == "100" and by_trainee["Sam"]["outcome_agrees"] == "yes"
    # a trainee with nothing done is still listed; a label a spreadsheet would run as a formula is quoted
    assert by_trainee["'=17"]["scenario"] == ""
    assert {r["session"] for r in rows} == {"Housing officers, spring"}


def test_the_pdf_summary_says_per_item_how_many_got_it_right(cli: Cli, session: str, tmp_path: Path) -> None:
    out = tmp_path / "class.pdf"
    cli.ok("training", "class", "export", session, "--pdf", str(out))
    text = " ".join(pdftotext(out).split())
    assert "Housing officers, spring" in text
    assert "Where the class needs teaching: Depressed or suicidal thoughts (1 of 2)" in text
    rows = [" ".join(line.split()) for line in run_tool("pdftotext", "-layout", str(out), "-").stdout.splitlines()]
    assert "Depressed or suicidal thoughts q5 1 2" in rows  # item, right, of
    assert "Isolated q4 2 2" in rows
    assert "Alex 1 32 of 33 (96%) 0 of 1 right" in rows
    pages = int(next(line.split()[-1] for line in run_tool("pdfinfo", str(out)).stdout.splitlines()
                     if line.startswith("Pages:")))
    assert all(TRAINING_MARK in pdftotext(out, page) for page in range(1, pages + 1))


def test_the_certificate_is_signed_by_the_trainer_and_marked_as_training(
    cli: Cli, session: str, tmp_path: Path, training_dir: Path
) -> None:
    out = tmp_path / "alex.pdf"
    code, _, err = cli("training", "class", "certificate", session, "Alex", str(out))
    assert code == 0, err
    assert "Made the trainer's certificate-signing identity for Jo Trainer" in err
    text = " ".join(pdftotext(out).split())
    for words in ("Certificate of completion", "Alex", "Housing officers, spring", "10 March 2026", "Jo Trainer",
                  "Housing officer: a disabled tenant, her carer and four police call-outs", "32 of 33 (96%)",
                  TRAINING_MARK):
        assert words in text
    verification = verify_report(out.read_bytes())
    (signature,) = verification.signatures
    assert signature.intact and signature.valid and signature.whole_file
    assert (signature.signer, signature.role, signature.organisation) == ("Jo Trainer", "Trainer",
                                                                         "Hampshire DA Partnership")
    assert verification.document is None  # no assessment inside: nothing the case store could take in
    # the same trainer signs every certificate with the same identity, kept in the training store only
    second = tmp_path / "sam.pdf"
    code, _, err = cli("training", "class", "certificate", session, "Sam", str(second))
    assert code == 0 and "Made" not in err
    assert verify_report(second.read_bytes()).signatures[0].fingerprint == signature.fingerprint
    assert sorted(p.name for p in training_dir.iterdir()) == ["training.db"]


def test_the_certificate_carries_what_it_states_as_json(cli: Cli, session: str, tmp_path: Path) -> None:
    out = tmp_path / "alex.pdf"
    cli.ok("training", "class", "certificate", session, "Alex", str(out))
    run_tool("pdfdetach", "-saveall", "-o", str(tmp_path), str(out))
    data = json.loads((tmp_path / "training-certificate.json").read_text("utf-8"))
    assert data["format"] == "dash-desktop.training-certificate/1" and data["training"] is True
    assert (data["trainee"], data["held_on"], data["score"]["percent"]) == ("Alex", "2026-03-10", 96)
    assert [s["id"] for s in data["scenarios"]] == [ESCALATION]


def test_no_certificate_for_a_trainee_who_completed_nothing(
    cli: Cli, session: str, tmp_path: Path, training_dir: Path
) -> None:
    out = tmp_path / "none.pdf"
    code, _, err = cli("training", "class", "certificate", session, "=17", str(out))
    assert code == 2 and "=17 has completed no scenario in this session" in err
    assert not out.exists()
    with TrainingStore.open(training_dir) as store:
        assert store.identity("Jo Trainer", "Hampshire DA Partnership") is None


def test_an_export_never_replaces_a_file_unless_asked(cli: Cli, session: str, tmp_path: Path) -> None:
    out = tmp_path / "class.csv"
    out.write_text("the trainer's own notes", "utf-8")
    code, _, err = cli("training", "class", "export", session, "--csv", str(out))
    assert code == 2 and "already exists" in err
    assert out.read_text("utf-8") == "the trainer's own notes"
    cli.ok("training", "class", "export", session, "--csv", str(out), "--force")
    assert out.read_text("utf-8-sig").startswith("session,held_on,trainee")


def test_show_json_gives_the_results_per_trainee_and_per_item(cli: Cli, session: str) -> None:
    data = json.loads(cli.ok("training", "class", "show", session, "--format", "json"))
    assert [t["trainee"] for t in data["trainees"]] == ["Alex", "Sam", "=17"]
    assert data["trainees"][0]["scenarios"][0]["differences"] == ["q5"]
    (tally,) = data["scenarios"]
    assert {"item": "q5", "label": "Depressed or suicidal thoughts", "right": 1, "of": 2} in tally["items"]
