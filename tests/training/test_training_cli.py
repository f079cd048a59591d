"""``dash-desktop training list | show | validate | check | import | export | author``: what a trainer
or a script sees, and the exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from training_helpers import ESCALATION, Cli, write_answers

from dash_desktop.training import Scenario, builtin_dir


def test_list_gives_id_title_and_instrument_of_every_shipped_scenario(cli: Cli, library: tuple[Scenario, ...]) -> None:
    listed = json.loads(cli.ok("training", "list", "--format", "json"))
    assert listed == [{"id": s.id, "title": s.title, "instrument": s.instrument} for s in library]
    assert len(listed) == 17
    text = cli.ok("training", "list")
    assert text.splitlines()[0].split()[:2] == ["ae-male-victim", "dash-ric"]


def test_show_json_is_a_scenario_file_that_validates(cli: Cli, tmp_path: Path, by_id: dict[str, Scenario]) -> None:
    shown = json.loads(cli.ok("training", "show", "dapp-chaotic-high-risk", "--format", "json"))
    scenario = by_id["dapp-chaotic-high-risk"]
    assert shown["model_answers"] == dict(scenario.model_answers)
    assert shown["model_outcome"] == scenario.model_outcome.to_dict()
    assert shown["model_outcome"]["pathway"][0] == "assertive_outreach"
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps(shown), "utf-8")
    assert "ok (dapp-chaotic-high-risk" in cli.ok("training", "validate", str(saved))


def test_show_text_has_the_story_the_answers_with_their_notes_and_the_outcome(
    cli: Cli, by_id: dict[str, Scenario]
) -> None:
    out = cli.ok("training", "show", ESCALATION)
    scenario = by_id[ESCALATION]
    assert scenario.title in out and "four times since last May" in out
    assert "incidents_12m                  4" in out
    assert "potential-escalation" in out  # the note under incidents_12m
    assert "marac.criteria   potential_escalation" in out


def test_an_unknown_scenario_is_exit_2_naming_the_known_ones(cli: Cli) -> None:
    code, _, err = cli("training", "show", "no-such-scenario")
    assert code == 2
    assert "no scenario 'no-such-scenario' (known: ae-male-victim," in err


def test_validate_exit_1_names_each_disagreement(
    cli: Cli, shipped_data: Callable[[str], dict[str, Any]], write_scenario: Callable[..., Path]
) -> None:
    data = shipped_data(ESCALATION)
    data["model_outcome"]["risk_level"] = "medium"
    data["model_outcome"]["idash"] = {"tier": "outreach"}
    path = write_scenario(data)
    code, out, err = cli("training", "validate", str(path))
    assert code == 1
    assert err.splitlines() == [f"{path}: risk_level: model says medium, the rules give high",
                                f"{path}: idash.tier: model says outreach, the rules give idva"]
    assert out == ""


def test_validate_exit_2_for_a_malformed_file_naming_the_field(
    cli: Cli, shipped_data: Callable[[str], dict[str, Any]], write_scenario: Callable[..., Path]
) -> None:
    data = shipped_data(ESCALATION)
    data["model_answers"]["q7"] = "maybe"
    bad = write_scenario(data, "bad.json")
    fine = builtin_dir() / f"{ESCALATION}.yaml"
    code, out, err = cli("training", "validate", str(bad), str(fine))
    assert code == 2
    assert err.strip() == f"{bad}: model_answers.q7: 'maybe' is not one of yes, no, dont_know"
    assert f"{fine}: ok" in out  # the good file is still checked


def test_every_shipped_scenario_validates_from_the_command_line(cli: Cli) -> None:
    files = sorted(str(p) for p in builtin_dir().glob("*.yaml"))
    out = cli.ok("training", "validate", *files)
    assert out.count(": ok (") == len(files) == 17


def test_check_json_has_the_differences_the_outcome_and_the_score(
    cli: Cli, tmp_path: Path, by_id: dict[str, Scenario]
) -> None:
    scenario = by_id[ESCALATION]
    answers = write_answers(tmp_path / "answers.json", scenario, q5="no", incidents_12m=2)
    data = json.loads(cli.ok("training", "check", ESCALATION, str(answers), "--format", "json"))
    assert data["differences"] == [
        {"item": "q5", "given": "no", "model": "yes", "note": scenario.notes["q5"]},
        {"item": "incidents_12m", "given": 2, "model": 4, "note": scenario.notes["incidents_12m"]},
    ]
    assert data["outcome"]["given"]["risk_level"] == "standard"
    assert data["outcome"]["model"]["risk_level"] == "high"
    assert "marac.criteria" in data["outcome"]["differs"]
    assert {k: data["score"][k] for k in ("agreeing", "items", "percent")} == {"agreeing": 31, "items": 33,
                                                                               "percent": 93}


def test_check_text_words_each_difference_with_its_note(cli: Cli, tmp_path: Path, by_id: dict[str, Scenario]) -> None:
    answers = write_answers(tmp_path / "answers.json", by_id[ESCALATION], q5="no", incidents_12m=2)
    out = cli.ok("training", "check", ESCALATION, str(answers))
    assert "Score: 31 of 33 items as the model answers (93%)" in out
    assert "Depressed or suicidal thoughts (q5): you answered No; the model answer is Yes" in out
    assert "risk_level: yours standard, the model high" in out


def test_check_refuses_answers_the_questionnaire_refuses(cli: Cli, tmp_path: Path, by_id: dict[str, Scenario]) -> None:
    answers = write_answers(tmp_path / "answers.json", by_id[ESCALATION], q5="perhaps")
    code, out, err = cli("training", "check", ESCALATION, str(answers))
    assert code == 2 and out == ""
    assert f"invalid assessment {answers}: q5: 'perhaps' is not one of" in err


def test_an_exported_scenario_imports_into_another_trainers_library(
    cli: Cli, tmp_path: Path, shipped_data: Callable[[str], dict[str, Any]], write_scenario: Callable[..., Path]
) -> None:
    data = shipped_data(ESCALATION)
    data["id"] = "housing-carer-variant"
    source = write_scenario(data, "variant.json")
    other = ["--training-dir", str(tmp_path / "other-trainer")]
    assert "imported housing-carer-variant" in cli.ok("training", "import", str(source), *other)
    listed = cli.ok("training", "list", *other)
    assert "housing-carer-variant" in listed and "(yours)" in listed
    shared = tmp_path / "shared.yaml"
    cli.ok("training", "export", "housing-carer-variant", str(shared), *other)
    third = ["--training-dir", str(tmp_path / "third-trainer")]
    cli.ok("training", "import", str(shared), *third)
    shown = json.loads(cli.ok("training", "show", "housing-carer-variant", "--format", "json", *third))
    assert shown["model_answers"] == data["model_answers"]


def test_import_refuses_a_scenario_that_teaches_a_wrong_rule(
    cli: Cli, training_dir: Path, shipped_data: Callable[[str], dict[str, Any]], write_scenario: Callable[..., Path]
) -> None:
    data = shipped_data(ESCALATION)
    data["id"] = "wrong-rule"
    data["model_outcome"]["marac"] = {"refer": False, "criteria": []}
    code, _, err = cli("training", "import", str(write_scenario(data)))
    assert code == 2
    assert "not imported" in err and "marac.refer: model says no, the rules give yes" in err
    assert "wrong-rule" not in cli.ok("training", "list")
    assert not (training_dir / "scenarios").exists() or not any((training_dir / "scenarios").iterdir())


def test_import_refuses_a_malformed_file_and_a_shipped_id(
    cli: Cli, shipped_data: Callable[[str], dict[str, Any]], write_scenario: Callable[..., Path]
) -> None:
    data = shipped_data(ESCALATION)
    code, _, err = cli("training", "import", str(write_scenario(data, "same-id.json")))
    assert code == 2 and "is a scenario shipped with the program" in err
    del data["narrative"]
    code, _, err = cli("training", "import", str(write_scenario(data, "no-story.json")))
    assert code == 2 and "narrative: is missing" in err


def test_a_hand_edited_scenario_that_stops_validating_is_left_out_and_said(
    cli: Cli, training_dir: Path, shipped_data: Callable[[str], dict[str, Any]], write_scenario: Callable[..., Path]
) -> None:
    data = shipped_data(ESCALATION)
    data["id"] = "edited-later"
    cli.ok("training", "import", str(write_scenario(data)))
    kept = training_dir / "scenarios" / "edited-later.yaml"
    kept.write_text(kept.read_text("utf-8").replace("risk_level: high", "risk_level: standard"), "utf-8")
    code, out, err = cli("training", "list")
    assert code == 0 and "edited-later" not in out
    assert "left out:" in err and "risk_level: model says standard, the rules give high" in err


def test_author_from_answers_makes_a_scenario_that_validates(
    cli: Cli, tmp_path: Path, by_id: dict[str, Scenario]
) -> None:
    answers = write_answers(tmp_path / "answers.json", by_id[ESCALATION], incidents_12m=1)
    story = tmp_path / "story.txt"
    story.write_text("A housing officer's visit. Denise said: \"He moves my chair away from the table.\"", "utf-8")
    notes = tmp_path / "notes.yaml"
    notes.write_text("incidents_12m: \"1: one call-out, so no potential escalation.\"\n", "utf-8")
    out = tmp_path / "mine.yaml"
    cli.ok("training", "author", "--from-json", str(answers), "--id", "one-callout", "--title", "One call-out",
           "--narrative-file", str(story), "--notes", str(notes), "--out", str(out))
    assert "ok (one-callout" in cli.ok("training", "validate", str(out))
    cli.ok("training", "import", str(out))
    made = json.loads(cli.ok("training", "show", "one-callout", "--format", "json"))
    assert made["model_answers"]["incidents_12m"] == 1
    assert made["notes"] == {"incidents_12m": "1: one call-out, so no potential escalation."}
    assert made["model_outcome"]["risk_level"] == "standard"  # what the rules give for 6 yes and one incident
    assert made["model_outcome"]["marac"] == {"refer": False, "criteria": []}


def test_author_refuses_notes_on_items_the_questionnaire_lacks(
    cli: Cli, tmp_path: Path, by_id: dict[str, Scenario]
) -> None:
    answers = write_answers(tmp_path / "answers.json", by_id[ESCALATION])
    story = tmp_path / "story.txt"
    story.write_text("A story long enough to be a narrative for a training scenario.", "utf-8")
    notes = tmp_path / "notes.json"
    notes.write_text('{"q99": "a note"}', "utf-8")
    code, _, err = cli("training", "author", "--from-json", str(answers), "--id", "x", "--title", "X",
                       "--narrative-file", str(story), "--notes", str(notes))
    assert code == 2 and "notes.q99: is not an item of dash-ric 1.1.0" in err
