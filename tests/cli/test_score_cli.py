"""``dash-desktop score``: what a practitioner or a script sees, and the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from dash_helpers import ric_answers

from dash_desktop.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def write(tmp_path: Path, doc: Any, name: str = "a.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), "utf-8")
    return path


def envelope(answers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"},
            "assessed_on": "2026-11-20", "answers": answers, **extra}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_has_the_documented_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, envelope(ric_answers(14, incidents_12m=1)))
    code, out, err = run(capsys, "score", str(path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["complete"] is True
    assert data["unanswered"] == []
    assert data["yes_count"] == 14
    assert data["risk_level"] == "high"
    marac = data["marac"]
    assert {k: marac[k] for k in ("refer", "criteria", "repeat")} == {
        "refer": True, "criteria": ["visible_high_risk"], "repeat": False}
    assert [(c["id"], c["met"]) for c in marac["checks"]] == [
        ("visible_high_risk", True), ("professional_judgement", False), ("potential_escalation", False),
        ("repeat", False)]
    assert marac["checks"][0]["reason"] == "14 yes answers, at or over the threshold of 14."
    assert data["idash"]["tier"] == "idva"
    assert data["idash"]["services"][0]["providers"]
    assert isinstance(data["prompts"], list)
    assert any(r["rule"] == "marac.visible_high_risk" for r in data["reasons"])
    assert data["questionnaire"]["id"] == "dash-ric"
    assert data["questionnaire"]["version"] == "1.1.0"  # the newest, when the document names none
    assert len(data["questionnaire"]["hash"]) == 64


def test_the_fourteen_yes_example_reads_as_a_marac_referral(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", str(EXAMPLES / "dash-ric-14-yes.json"))
    assert code == 0
    assert "RISK LEVEL: HIGH" in out
    assert "14 of 24 risk indicators answered yes" in out
    assert "MARAC: REFER" in out
    assert "[x] Visible high risk: 14 yes answers, at or over the threshold of 14." in out
    assert "[ ] Potential escalation" in out
    assert "Threats to kill were reported" in out
    assert "IDVA support: Risk level high." in out  # the element; MARAC is its own decision above
    # Plymouth's prompts (profile data): the cluster with physical or sexual violence, the victim's own
    # sense of risk (q2, q3) and escalation (q10, q11).
    flat = " ".join(out.split())
    assert "Separation, controlling behaviour and physical or sexual violence together." in flat
    assert "The victim is very frightened, or afraid of what the abuser will do next." in flat
    assert "The abuse is happening more often or getting worse." in flat
    assert "aid to professional judgement, not a prediction" in out


def test_incomplete_is_exit_zero_with_the_missing_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = ric_answers(3)
    del answers["q7"], answers["q19"]
    code, out, _ = run(capsys, "score", str(write(tmp_path, envelope(answers))), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["complete"] is False
    assert data["unanswered"] == ["q7", "q19"]
    code, out, _ = run(capsys, "score", str(write(tmp_path, envelope(answers))))
    assert "INCOMPLETE" in out and "Conflict over child contact (q7)" in out


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        (envelope(ric_answers(0, q25="yes")), "q25"),
        (envelope(ric_answers(0, q1="maybe")), "q1"),
        (envelope(ric_answers(0, q1=True)), "q1"),
        (envelope(ric_answers(0, incidents_12m="three")), "incidents_12m"),
        (envelope(ric_answers(0, incidents_12m=-1)), "incidents_12m"),
        (envelope(ric_answers(0, incidents_12m=2.5)), "incidents_12m"),
        ('{"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"}, "assessed_on": '
         '"2026-11-20", "answers": {"incidents_12m": NaN}}', "incidents_12m"),
        (envelope(ric_answers(0, professional_judgement="high")), "professional_judgement_reason"),
        (envelope(ric_answers(0, professional_judgement="extreme", professional_judgement_reason="x")),
         "professional_judgement"),
        (envelope(ric_answers(0, previous_marac_on="2026-02-30")), "previous_marac_on"),
        (envelope(ric_answers(0, previous_marac_on="01/05/2026")), "previous_marac_on"),
        (envelope(ric_answers(0, q18_who=["children", "aliens"])), "q18_who"),
        (envelope(ric_answers(0), assessed_on="yesterday"), "assessed_on"),
        (envelope(ric_answers(0), questionnaire={"id": "dash-xyz"}), "questionnaire"),
        (envelope(ric_answers(0), questionnaire={"id": "dash-ric", "version": "9.9"}), "questionnaire"),
        (envelope(ric_answers(0), questionnaire={"id": "dash-ric", "hash": "abc"}), "questionnaire.hash"),
        (envelope(ric_answers(0), format="other/1"), "format"),
        (envelope(ric_answers(0), answer={}), "answer"),
        (envelope(ric_answers(0), sources={"q1_detail": "police"}), "sources.q1_detail"),
        (envelope(ric_answers(0), area="southampton"), "area"),  # not a district of the directory
        (envelope(ric_answers(0), area=7), "area"),
        (envelope(ric_answers(0), subject={"armed_forces": "veteran"}), "subject.armed_forces"),
        ({**envelope(ric_answers(0)), "answers": ["q1", "yes"]}, "answers"),
        ("{not json", "malformed JSON at line 1"),
        ("[]", "document"),
    ],
)
def test_invalid_input_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: Any, field: str
) -> None:
    code, out, err = run(capsys, "score", str(write(tmp_path, doc)), "--format", "json")
    assert code == 2
    assert out == ""
    assert field in err
    assert "Traceback" not in err


def test_missing_file_and_unknown_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "score", str(tmp_path / "nope.json"))
    assert (code, out) == (2, "")
    assert "cannot be read" in err
    path = write(tmp_path, envelope(ric_answers(0)))
    code, out, err = run(capsys, "score", str(path), "--profile", "atlantis")
    assert (code, out) == (2, "")
    assert "no profile named 'atlantis'" in err and "hampshire" in err


def test_profile_changes_the_referral(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, envelope(ric_answers(15)))
    _, out, _ = run(capsys, "score", str(path), "--format", "json", "--profile", "cambridgeshire")
    data = json.loads(out)
    assert (data["risk_level"], data["marac"]["refer"]) == ("high", False)


def test_questionnaires_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "questionnaires", "list")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == [qid for qid in ("dash-hbv", "dash-ric", "dash-stalking", "perpetrator-risk-needs")
                      for _version in ("1.0.0", "1.1.0")]  # every version, oldest first
    code, out, _ = run(capsys, "questionnaires", "show", "dash-ric")
    assert code == 0 and "q24" in out and "when q1 = yes" in out
    code, out, err = run(capsys, "questionnaires", "show", "nope")
    assert (code, out) == (2, "") and "no questionnaire with id 'nope'" in err
    bad = write(tmp_path, "format: dash-desktop.questionnaire/1\nid: x\nversion: '1'\n", "bad.yaml")
    code, out, err = run(capsys, "questionnaires", "validate", str(bad))
    assert code == 2 and "bad.yaml" in err and "'title' is a required property" in err


def test_console_entry_point_runs_as_a_module(tmp_path: Path) -> None:
    path = write(tmp_path, envelope(ric_answers(10)))
    proc = subprocess.run([sys.executable, "-m", "dash_desktop", "score", str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "RISK LEVEL: MEDIUM" in proc.stdout


def test_several_files_text_one_after_another_under_their_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Defect 18: ``score examples/*.json``."""
    high = write(tmp_path, envelope(ric_answers(14, incidents_12m=1)), "high.json")
    medium = write(tmp_path, envelope(ric_answers(10)), "medium.json")
    code, out, err = run(capsys, "score", str(high), str(medium))
    assert (code, err) == (0, "")
    first, second = out.index(f"==> {high} <=="), out.index(f"==> {medium} <==")
    assert first < out.index("RISK LEVEL: HIGH") < second < out.index("RISK LEVEL: MEDIUM")


def test_several_files_json_is_a_list_one_file_stays_an_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    high = write(tmp_path, envelope(ric_answers(14, incidents_12m=1)), "high.json")
    medium = write(tmp_path, envelope(ric_answers(10)), "medium.json")
    code, out, _ = run(capsys, "score", str(high), str(medium), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [(d["file"], d["result"]["risk_level"]) for d in data] == [(str(high), "high"), (str(medium), "medium")]
    code, out, _ = run(capsys, "score", str(high), "--format", "json")
    assert json.loads(out) == data[0]["result"]  # one file: the object alone, as before


def test_an_invalid_file_among_several_exits_2_and_the_valid_ones_are_still_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, envelope(ric_answers(14, incidents_12m=1)), "good.json")
    bad = write(tmp_path, envelope(ric_answers(0, q1="maybe")), "bad.json")
    missing = tmp_path / "missing.json"
    code, out, err = run(capsys, "score", str(bad), str(good), str(missing), "--format", "json")
    assert code == 2
    assert [d["file"] for d in json.loads(out)] == [str(good)]
    lines = err.splitlines()
    assert len(lines) == 2
    assert str(bad) in lines[0] and "q1" in lines[0]
    assert str(missing) in lines[1] and "cannot be read" in lines[1]
    code, out, err = run(capsys, "score", str(good), str(bad))
    assert code == 2 and "RISK LEVEL: HIGH" in out and f"==> {good} <==" in out and str(bad) in err
    assert "Traceback" not in err


def test_score_loads_neither_the_store_nor_qt_nor_the_pdf_code(tmp_path: Path) -> None:
    """``score`` imports only the domain core: never SQLAlchemy, SQLCipher, Qt, ReportLab or pyHanko."""
    path = write(tmp_path, envelope(ric_answers(10)))
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "dash_desktop", "score", str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "RISK LEVEL: MEDIUM" in proc.stdout
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "dash_desktop.assessment.engine" in imported  # the measurement itself works
    heavy = ("sqlalchemy", "sqlcipher3", "alembic", "PySide6", "shiboken6", "reportlab", "pyhanko", "keyring",
             "dash_desktop.store.store", "dash_desktop.reports.identity")
    loaded = sorted(m for m in imported if m.startswith(heavy))
    assert loaded == []


def test_an_unknown_district_names_the_field_and_prints_nothing(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "score", str(write(tmp_path, envelope(ric_answers(0), area="southampton"))))
    assert (code, out) == (2, "")
    assert ": area: 'southampton' is not a district of Hampshire domestic abuse services" in err
    assert "fareham" in err  # the districts it could be


def test_with_and_without_an_area(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", str(write(tmp_path, envelope(ric_answers(14), area="winchester"))),
                    "--format", "json")
    data = json.loads(out)
    assert data["idash"]["area"] == {"id": "winchester", "name": "Winchester"}
    assert [p["id"] for p in data["idash"]["services"][0]["providers"]] == ["you_trust"]
    _, out, _ = run(capsys, "score", str(write(tmp_path, envelope(ric_answers(14)))))
    assert "SUGGESTED SUPPORT (IDASH), area not known, every provider listed:" in out
    assert "Area not known. The case's area is not recorded" in " ".join(out.split())


@pytest.mark.parametrize(
    ("example", "reads"),
    [
        ("dash-ric-repeat-further-abuse.json",
         ["RISK LEVEL: HIGH", "MARAC: REFER", "[x] Repeat referral: The last MARAC referral (15 June 2026) was 158 "
          "days before this assessment, within 12 months (until 15 June 2027), and there has been further abuse "
          "since, by the same perpetrator(s): a repeat referral.", "SUGGESTED SUPPORT (IDASH), for Fareham:"]),
        ("dash-ric-review-no-further-abuse.json",
         ["RISK LEVEL: MEDIUM", "MARAC: no referral criterion met",
          "but there has been no further abuse since: a review, not a repeat referral."]),
        ("dash-ric-standard-rushmoor.json",
         ["RISK LEVEL: STANDARD", "- Group work and support networks:", "- Outreach support: At standard risk",
          "- Refuge:", "- Sanctuary scheme:", "- Move-on and resettlement:",
          "Nepali outreach project (North Hampshire Community Safety Partnership)"]),
        ("dash-hbv-specialist-advice.json",
         ["SCREEN: SPECIALIST ADVICE NEEDED", "3 of the 10 questions asked answered yes",
          "Hampshire Constabulary, honour-based abuse, forced marriage and FGM teams"]),
        ("perpetrator-under-18-caution.json",
         ["Children's services and the Youth Justice Service: Aged 15, on a conditional caution",
          "Not on the pathway: CARA (conditional caution workshops). CARA (conditional caution workshops) is for "
          "ages 18 and over; aged 15."]),
        ("perpetrator-son-abusing-mother.json",
         ["Referral for abuse of a family member or someone else", "Not on the pathway: RADAR"]),
    ],
)
def test_each_new_example_reads_as_a_practitioner_expects(capsys: pytest.CaptureFixture[str], example: str,
                                                          reads: list[str]) -> None:
    code, out, err = run(capsys, "score", str(EXAMPLES / example))
    assert (code, err) == (0, "")
    flat = " ".join(out.split())
    for words in reads:
        assert " ".join(words.split()) in flat, words
    assert "1 points" not in flat and "INCOMPLETE" not in flat


def test_every_example_scores_and_none_is_incomplete(capsys: pytest.CaptureFixture[str]) -> None:
    examples = sorted(str(p) for p in EXAMPLES.glob("*.json"))
    code, out, err = run(capsys, "score", *examples, "--format", "json")
    assert (code, err) == (0, "")
    assert [d["result"]["complete"] for d in json.loads(out)] == [True] * len(examples)
