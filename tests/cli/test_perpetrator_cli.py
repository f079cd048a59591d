"""``dash-desktop score`` with the perpetrator instrument: the same interchange format in, the
priority, pathway and needs out; invalid values exit 2 with a message and nothing on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from perpetrator_helpers import envelope, perp_answers

from dash_desktop.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def write(tmp_path: Path, doc: Any, name: str = "p.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), "utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_perpetrator_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = perp_answers(incidents_12m=2, gravity="physical", children_present="yes", charged="no", age=17,
                           drugs="yes")
    code, out, err = run(capsys, "score", str(write(tmp_path, envelope(answers))), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["risk_level"] == "medium"
    assert data["priority"] is True
    # 17: the police high-harm route is for adults; the young people's programme and youth justice instead
    assert data["pathway"] == ["linx", "youth_justice", "substance_misuse_service", "victim_safety_service"]
    assert data["needs"] == ["drugs"]
    assert data["dapp"]["points"] == 4  # physical 2, two incidents 1, children present 1
    assert [s["kind"] for s in data["dapp"]["pathway"]] == ["refer"] * 4
    rules = [r["rule"] for r in data["reasons"]]
    assert "priority" in rules and "pathway.high_harm_team" in rules and "pathway.linx" in rules
    assert "child_safeguarding" in [p["id"] for p in data["prompts"]]
    assert data["marac"] is None and data["idash"] is None


def test_text_is_what_a_practitioner_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = perp_answers(strangulation="yes", threats_to_kill="yes", alcohol="yes", housing="yes")
    code, out, _ = run(capsys, "score", str(write(tmp_path, envelope(answers))))
    assert code == 0
    assert "RISK LEVEL: HIGH" in out
    assert "PRIORITY PERPETRATOR (this tool's approximation): no" in out
    assert "PATHWAY (DAPP):" in out
    assert "Assertive outreach (DAPP individual module)" in out
    assert "Victim safety service (DAPP)" in out
    assert "NEEDS: Alcohol (alcohol); Housing (housing)" in out
    assert "Two or more of strangulation, threats to kill and weapon use" in out
    assert "not a prediction" in out


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("perpetrator-*.json")), ids=lambda p: p.name)
def test_shipped_examples_score(capsys: pytest.CaptureFixture[str], example: Path) -> None:
    code, out, err = run(capsys, "score", str(example), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["complete"] is True
    assert data["pathway"][-1] == "victim_safety_service"


def test_the_high_harm_example(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", str(EXAMPLES / "perpetrator-priority-high-harm.json"), "--format", "json")
    data = json.loads(out)
    assert (data["risk_level"], data["priority"]) == ("high", True)
    assert data["pathway"] == ["high_harm_team", "radar", "substance_misuse_service", "victim_safety_service"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"gravity": "fatal"}, "gravity"),
        ({"gravity": "Physical"}, "gravity"),
        ({"age": 17.5}, "age"),
        ({"age": 5}, "age"),
        ({"age": "17"}, "age"),
        ({"incidents_12m": -1}, "incidents_12m"),
        ({"incidents_12m": 1.5}, "incidents_12m"),
        ({"victims_count": True}, "victims_count"),
        ({"children_present": "maybe"}, "children_present"),
        ({"charged": "dont_know"}, "charged"),
        ({"strangulation": True}, "strangulation"),
        ({"motivation": "keen"}, "motivation"),
        ({"justice_route": "prison"}, "justice_route"),
        ({"referral_source": "neighbour"}, "referral_source"),
        ({"most_recent_incident_on": "20/11/2026"}, "most_recent_incident_on"),
        ({"most_recent_incident_on": "2026-11-21"}, "most_recent_incident_on"),
        ({"weapon": "yes"}, "weapon"),
        ({"professional_judgement": "high"}, "professional_judgement_reason"),
    ],
)
def test_invalid_values_exit_2_with_nothing_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any], field: str
) -> None:
    path = write(tmp_path, envelope(perp_answers(**change)))
    for fmt in ("text", "json"):
        code, out, err = run(capsys, "score", str(path), "--format", fmt)
        assert (code, out) == (2, "")
        assert err.startswith("dash-desktop: invalid assessment")
        assert f"{field}:" in err
        assert "Traceback" not in err


def test_exit_2_from_the_installed_command(tmp_path: Path) -> None:
    path = write(tmp_path, envelope(perp_answers(gravity="fatal")))
    proc = subprocess.run([sys.executable, "-m", "dash_desktop", "score", str(path)], capture_output=True, text=True,
                          check=False)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "gravity" in proc.stderr and "fatal" in proc.stderr


def test_an_incomplete_assessment_still_scores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, envelope(perp_answers(strangulation=None, gravity=None)))
    code, out, _ = run(capsys, "score", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["complete"] is False
    assert set(data["unanswered"]) == {"strangulation", "gravity"}


@pytest.mark.parametrize(
    ("example", "level", "priority", "pathway"),
    [
        ("perpetrator-young-person.json", "medium", False, ["linx", "youth_justice", "victim_safety_service"]),
        ("perpetrator-under-18-caution.json", "medium", False, ["linx", "youth_justice", "victim_safety_service"]),
        ("perpetrator-son-abusing-mother.json", "medium", True,
         ["non_partner_service", "substance_misuse_service", "victim_safety_service"]),
        ("perpetrator-high-risk-complex-needs.json", "high", False,
         ["assertive_outreach", "cara", "substance_misuse_service", "mental_health_service", "victim_safety_service"]),
    ],
)
def test_the_other_examples(capsys: pytest.CaptureFixture[str], example: str, level: str, priority: bool,
                            pathway: list[str]) -> None:
    _, out, _ = run(capsys, "score", str(EXAMPLES / example), "--format", "json")
    data = json.loads(out)
    assert (data["risk_level"], data["priority"], data["pathway"]) == (level, priority, pathway)
