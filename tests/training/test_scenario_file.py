"""A scenario file: the schema and the loader refuse a malformed one, naming the field, and a good
one reads back from its own JSON form unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dash_desktop.questionnaires import Registry
from dash_desktop.training import ScenarioError, builtin_dir, load_scenario

#: A shipped scenario that the rules score to its model outcome before and after issue 11.
STABLE_STANDARD = "gp-older-mother-son"
Change = Callable[[dict[str, Any]], None]


@pytest.fixture
def refused(shipped_data: Callable[[str], dict[str, Any]], write_scenario: Callable[..., Path],
            registry: Registry) -> Callable[[Change], ScenarioError]:
    """The error loading STABLE_STANDARD after ``change``."""

    def load(change: Change) -> ScenarioError:
        data = shipped_data(STABLE_STANDARD)
        change(data)
        with pytest.raises(ScenarioError) as caught:
            load_scenario(write_scenario(data), registry)
        return caught.value

    return load


def drop(key: str) -> Change:
    return lambda data: data.pop(key)


def answer(item: str, value: Any) -> Change:
    return lambda data: data["model_answers"].__setitem__(item, value)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (drop("model_answers"), "model_answers", "is missing"),
        (drop("model_outcome"), "model_outcome", "is missing"),
        (lambda d: d["model_outcome"].pop("risk_level"), "model_outcome.risk_level", "is missing"),
        (answer("q99", "yes"), "model_answers.q99", "is not an item of dash-ric 1.1.0"),
        (answer("q1", "maybe"), "model_answers.q1", "'maybe' is not one of yes, no, dont_know"),
        (answer("q21_which", ["gambling"]), "model_answers.q21_which", "'gambling' is not one of"),
        (answer("incidents_12m", 2.5), "model_answers.incidents_12m", "not a whole number"),
        (answer("previous_marac_on", "2026-02-30"), "model_answers.previous_marac_on", "not a real date"),
        (answer("q7", ""), "model_answers.q7", "is empty"),
        (lambda d: d.__setitem__("assessed_on", "2026-02-30"), "assessed_on", "is not a real date"),
        (lambda d: d.__setitem__("assessed_on", "17 March 2026"), "assessed_on", "is not a date (use YYYY-MM-DD)"),
        (lambda d: d.__setitem__("id", "GP Case 1"), "id", "'GP Case 1' is not an id"),
        (lambda d: d["questionnaire"].__setitem__("version", "latest"), "questionnaire.version", "is not a version"),
        (lambda d: d["notes"].__setitem__("q4", "  "), "notes.q4", "is blank"),
        (lambda d: d["model_answers"].pop("q7"), "model_answers.q7", "is not answered"),
        (lambda d: d["notes"].__setitem__("q99", "A note."), "notes.q99", "is not an item"),
        (lambda d: d.__setitem__("extra", 1), "extra", "is not a field here"),
        (lambda d: d["questionnaire"].__setitem__("version", "9.9.9"), "questionnaire", "has no version '9.9.9'"),
        (lambda d: d.__setitem__("profile", "atlantis"), "profile", "no profile named 'atlantis'"),
        (lambda d: d.__setitem__("format", "dash-desktop.assessment/1"), "format", "must be"),
        (lambda d: d["model_outcome"].__setitem__("risk_level", "severe"), "model_outcome.risk_level", "is not one of"),
        (lambda d: d["model_outcome"]["marac"].__setitem__("criteria", ["gut_feeling"]),
         "model_outcome.marac.criteria.0", "is not one of"),
        (lambda d: d["model_outcome"]["marac"].__setitem__("refer", True), "model_outcome.marac.refer",
         "must be true when a criterion is met"),
        (lambda d: d["model_outcome"].__setitem__("offered", ["dash-nothing"]), "model_outcome.offered",
         "'dash-nothing' is not a questionnaire"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_malformed_scenario_is_refused_naming_the_field(
    refused: Callable[[Change], ScenarioError], change: Change, field: str, words: str
) -> None:
    error = refused(change)
    assert error.field == field
    assert words in error.message
    assert str(error).startswith(f"{error.source}: {field}: ")


def test_unreadable_files_name_the_file(registry: Registry, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.yaml: file: malformed YAML at line 2"):
        load_scenario(broken, registry)
    with pytest.raises(ScenarioError, match=r"file: unknown file type '\.txt'"):
        load_scenario(tmp_path / "notes.txt", registry)
    with pytest.raises(ScenarioError, match=r"absent\.json: file: cannot be read"):
        load_scenario(tmp_path / "absent.json", registry)
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": "dash-desktop.scenario/1", "context": ' + "[" * 500 + "]" * 500 + "}", "utf-8")
    with pytest.raises(ScenarioError, match=r"deep\.json: file: is nested too deeply"):
        load_scenario(deep, registry)
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"format: must be 'dash-desktop.scenario/1' \(found 'list'\)"):
        load_scenario(listed, registry)


def test_a_follow_up_is_required_only_when_the_form_asks_it(refused: Callable[[Change], ScenarioError]) -> None:
    """previous_marac_on answered: the form asks about further abuse, so the model must answer it."""
    error = refused(answer("previous_marac_on", "2026-01-10"))
    assert error.field == "model_answers.further_abuse_since_marac"


def test_yaml_dates_may_be_bare(tmp_path: Path, registry: Registry) -> None:
    text = (builtin_dir() / f"{STABLE_STANDARD}.yaml").read_text("utf-8").replace(
        'assessed_on: "2026-03-17"', "assessed_on: 2026-03-17")
    assert "assessed_on: 2026-03-17" in text
    path = tmp_path / "bare.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_scenario(path, registry).assessed_on.isoformat() == "2026-03-17"


def test_the_json_form_reads_back_as_the_same_scenario(
    by_id: dict[str, Any], write_scenario: Callable[..., Path], registry: Registry
) -> None:
    """What `training show ID --format json` will print can be saved and validated."""
    for scenario in by_id.values():
        text = json.dumps(scenario.to_dict(), ensure_ascii=False)
        again = load_scenario(write_scenario(json.loads(text), f"{scenario.id}.json"), registry)
        assert again == scenario, scenario.id


def test_the_json_form_has_the_file_structure(
    by_id: dict[str, Any], shipped_data: Callable[[str], dict[str, Any]]
) -> None:
    out = by_id[STABLE_STANDARD].to_dict()
    assert out["questionnaire"] == {"id": "dash-ric", "version": "1.1.0"}
    assert out["model_answers"]["q4"] == "yes"
    assert out["model_answers"]["q21_which"] == ["alcohol"]
    assert out["model_outcome"] == {
        "risk_level": "standard", "yes_count": 5, "marac": {"refer": False, "criteria": []},
        "idash": {"tier": "information"}, "prompts": [], "offered": [],
    }
    assert out["notes"]["q12"].startswith("Yes: holding her bank card")
    assert set(out) == set(shipped_data(STABLE_STANDARD))


def test_the_model_document_is_marked_as_training(by_id: dict[str, Any]) -> None:
    doc = by_id[STABLE_STANDARD].model_document().to_dict()
    assert doc["meta"] == {"training": True, "scenario": STABLE_STANDARD}
    assert doc["questionnaire"] == {"id": "dash-ric", "version": "1.1.0"}
    assert doc["assessed_on"] == "2026-03-17"
