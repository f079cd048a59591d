"""The store's commands, end to end through ``dash_desktop.cli.main`` (one real subprocess too)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from dash_helpers import ric_answers
from store_helpers import PASSPHRASE, snapshot

from dash_desktop.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], data_dir: Path, passphrase_file: Path) -> None:
        self.capsys = capsys
        self.common = ["--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)]

    def __call__(self, *args: str, common: bool = True) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main([*args, *(self.common if common else [])])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        assert "Traceback" not in err
        return out


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], data_dir: Path, passphrase_file: Path) -> Cli:
    c = Cli(capsys, data_dir, passphrase_file)
    c.ok("init", "--name", "Alex Practitioner", "--role", "IDVA", "--organisation", "SDAS")
    return c


def _doc(tmp_path: Path, answers: dict[str, Any], name: str = "a.json") -> Path:
    path = tmp_path / name
    doc = {"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"}, "assessed_on": "2026-11-20"}
    path.write_text(json.dumps({**doc, "answers": answers}), "utf-8")
    return path


def test_round_trip(cli: Cli, tmp_path: Path) -> None:
    assert "added case HX-1" in cli.ok("cases", "add", "HX-1", "--area", "Havant", "--victim", "V One", "--child", "C")
    out = cli.ok("assess", "import", str(EXAMPLES / "dash-ric-14-yes.json"), "--case", "HX-1", "--person", "1")
    assert "completed, risk high, 14 yes" in out
    listing = cli.ok("cases", "list")
    assert "HX-1" in listing
    assert "high" in listing
    shown = json.loads(cli.ok("cases", "show", "HX-1", "--json"))
    assert [p["role"] for p in shown["people"]] == ["victim", "child"]
    (assessment,) = shown["assessments"]
    assert assessment["status"] == "completed"
    assert assessment["subject_person_id"] == 1
    assert "Assessments:" in cli.ok("cases", "show", "HX-1")

    exported = json.loads(cli.ok("assess", "export", str(assessment["id"]), "--json"))
    original = json.loads((EXAMPLES / "dash-ric-14-yes.json").read_text("utf-8"))
    assert exported["answers"] == original["answers"]
    assert exported["sources"] == original["sources"]
    # The export is itself a valid interchange file: it scores and imports the same.
    again = tmp_path / "exported.json"
    cli.ok("assess", "export", str(assessment["id"]), "--json", "--output", str(again))
    cli.ok("cases", "add", "HX-2")
    assert "risk high, 14 yes" in cli.ok("assess", "import", str(again), "--case", "HX-2")
    with_result = json.loads(cli.ok("assess", "export", "1", "--json", "--result"))
    assert with_result["result"]["risk_level"] == "high"
    assert "export" in cli.ok("audit", "log")
    assert "audit chain intact" in cli.ok("audit", "verify")


def test_incomplete_import_is_a_draft(cli: Cli, tmp_path: Path) -> None:
    cli.ok("cases", "add", "HX-1")
    answers = ric_answers(3)
    del answers["q24"]
    out = cli.ok("assess", "import", str(_doc(tmp_path, answers)), "--case", "HX-1")
    assert "as a draft" in out
    assert "dash-ric" in cli.ok("assess", "drafts")
    recovered = json.loads(cli.ok("assess", "recover", "1"))
    assert "q24" not in recovered["answers"]
    assert "status draft" in cli.ok("assess", "show", "1")


@pytest.mark.parametrize(
    ("answers", "field"),
    [({"q1": "maybe"}, "q1"), ({"q99": "yes"}, "q99")],
)
def test_invalid_assessment_is_refused(cli: Cli, tmp_path: Path, answers: dict[str, Any], field: str) -> None:
    cli.ok("cases", "add", "HX-1")
    code, out, err = cli("assess", "import", str(_doc(tmp_path, {**ric_answers(1), **answers})), "--case", "HX-1")
    assert code == 2
    assert field in err
    assert out == ""
    assert "no drafts" in cli.ok("assess", "drafts")


def test_import_into_unknown_case(cli: Cli) -> None:
    code, _, err = cli("assess", "import", str(EXAMPLES / "dash-ric-14-yes.json"), "--case", "NOPE")
    assert code == 2
    assert "no case 'NOPE'" in err


def test_wrong_passphrase_exit_code_and_nothing_written(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    cli.ok("cases", "add", "HX-1")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    before = snapshot(data_dir)
    for args in (["cases", "list"], ["cases", "add", "HX-2"], ["backup"], ["audit", "verify"]):
        code, out, err = cli(*args, "--data-dir", str(data_dir), "--passphrase-file", str(wrong), common=False)
        assert code == 3
        assert "passphrase is not right" in err
        assert "Traceback" not in err
        assert out == ""
    assert snapshot(data_dir) == before


def test_passphrase_from_environment(cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASH_DESKTOP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("DASH_DESKTOP_DATA", str(data_dir))
    code, out, err = cli("cases", "list", common=False)
    assert code == 0, err
    assert "no cases" in out


def test_no_passphrase_and_no_terminal(cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal: never wait for a prompt
    code, _, err = cli("cases", "list", "--data-dir", str(data_dir), common=False)
    assert code == 3
    assert "--passphrase-file" in err


def test_passphrase_change(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.txt"
    new.write_text("an entirely new passphrase\n")
    assert "passphrase changed" in cli.ok("passphrase", "change", "--new-passphrase-file", str(new))
    code, _, _ = cli("cases", "list")
    assert code == 3
    code, _, err = cli("cases", "list", "--data-dir", str(data_dir), "--passphrase-file", str(new), common=False)
    assert code == 0, err


def test_weak_new_passphrase_is_refused(cli: Cli, tmp_path: Path) -> None:
    new = tmp_path / "new.txt"
    new.write_text("short\n")
    code, _, err = cli("passphrase", "change", "--new-passphrase-file", str(new))
    assert code == 2
    assert "at least 8 characters" in err


def test_backup_and_restore(cli: Cli, tmp_path: Path) -> None:
    cli.ok("cases", "add", "HX-1")
    out = cli.ok("backup", str(tmp_path))
    path = Path(out.split("backup written: ")[1].strip())
    cli.ok("cases", "add", "HX-2")
    assert ": ok" in cli.ok("restore", str(path), "--check-only")
    assert "HX-2" in cli.ok("cases", "list")
    assert "kept in" in cli.ok("restore", str(path))
    listing = cli.ok("cases", "list")
    assert "HX-1" in listing
    assert "HX-2" not in listing


def test_damaged_store_exit_code(cli: Cli, data_dir: Path) -> None:
    cli.ok("backup")
    db = data_dir / "cases.db"
    db.write_bytes(db.read_bytes()[:5000])
    code, _, err = cli("cases", "list")
    assert code == 4
    assert "cases.db is damaged" in err
    assert "dash-desktop restore" in err


def test_audit_verify_reports_the_first_broken_link(cli: Cli, data_dir: Path) -> None:
    from sqlalchemy import text

    from dash_desktop.store import Store

    cli.ok("cases", "add", "HX-1")
    with Store.open(PASSPHRASE, data_dir) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET entity_id = 42 WHERE seq = 3"))
    code, _, err = cli("audit", "verify")
    assert code == 1
    assert "broken at event 3" in err


def test_init_twice_is_refused(cli: Cli) -> None:
    code, _, err = cli("init", "--name", "Someone Else")
    assert code == 2
    assert "already exists" in err


def test_fresh_process_round_trip(tmp_path: Path, passphrase_file: Path) -> None:
    """The real console entry point, in a new process, as a script would use it."""
    env = {**os.environ, "DASH_DESKTOP_DATA": str(tmp_path / "d")}
    env.pop("DASH_DESKTOP_PASSPHRASE", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "dash_desktop", *args, "--passphrase-file", str(passphrase_file)],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    assert run("init", "--name", "Alex").returncode == 0
    assert run("cases", "add", "HX-1").returncode == 0
    done = run("assess", "import", str(EXAMPLES / "dash-ric-14-yes.json"), "--case", "HX-1")
    assert done.returncode == 0, done.stderr
    exported = run("assess", "export", "1", "--json")
    assert json.loads(exported.stdout)["questionnaire"]["id"] == "dash-ric"


@pytest.mark.parametrize("where", ["before", "after"])
def test_one_data_dir_wherever_it_is_written(
    where: str, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Defect 2: ``dash-desktop --data-dir DIR init`` wrote to the default folder."""
    chosen, default = tmp_path / "chosen", tmp_path / "default-data"  # DASH_DESKTOP_DATA points at default

    def run(*args: str) -> str:
        place = ["--data-dir", str(chosen)]
        argv = [*place, *args] if where == "before" else [*args, *place]
        code = main([*argv, "--passphrase-file", str(passphrase_file)])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    assert str(chosen.resolve()) in run("init", "--name", "Alex Practitioner")
    assert "added case HX-1" in run("cases", "add", "HX-1")
    assert "HX-1" in run("cases", "list")
    assert (chosen / "cases.db").exists()
    assert not default.exists()


def test_the_data_dir_after_the_command_wins(tmp_path: Path, passphrase_file: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for place in (first, second):
        assert main(["init", "--name", "A", "--data-dir", str(place), "--passphrase-file", str(passphrase_file)]) == 0
    assert main(["--data-dir", str(first), "cases", "add", "HX-2", "--data-dir", str(second),
                 "--passphrase-file", str(passphrase_file)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(second), "cases", "list", "--passphrase-file", str(passphrase_file)]) == 0
    assert "HX-2" in capsys.readouterr().out
    assert main(["--data-dir", str(first), "cases", "list", "--passphrase-file", str(passphrase_file)]) == 0
    assert "no cases" in capsys.readouterr().out


def test_an_assessment_made_in_the_app_shows_its_date(cli: Cli, data_dir: Path) -> None:
    """Defect 19: the app completes a draft with its document, which carries the date; the store
    kept the date only in the document, so ``cases show`` and ``assess show`` said "assessed on -"."""
    from dash_desktop.store import Store

    cli.ok("cases", "add", "HX-1", "--victim", "V")
    with Store.open(PASSPHRASE, data_dir) as store:  # the calls the app makes, in its order
        draft = store.assessments.start("HX-1", "dash-ric", answers={})
        store.assessments.save_answer(draft.id, "q1", "yes")
        document = {"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"},
                    "assessed_on": "2026-11-20", "answers": {"q1": "yes"}}
        store.assessments.complete(draft.id, result={"risk_level": "standard"}, risk_level="standard", yes_count=1,
                                   document=document)
    assert "assessed on 2026-11-20;" in cli.ok("assess", "show", str(draft.id))
    shown = cli.ok("cases", "show", "HX-1")
    assert "2026-11-20" in shown
    assert json.loads(cli.ok("cases", "show", "HX-1", "--json"))["assessments"][0]["assessed_on"] == "2026-11-20"
