"""``validate``: a scenario whose model outcome the rules do not give is reported, key by key, in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dash_desktop.training import Outcome, Scenario, ScenarioError, compare, validate

#: Shipped scenarios the rules score to their model outcome before and after issue 11.
STANDARD = "gp-older-mother-son"
ESCALATION = "housing-disabled-four-callouts"
SCREEN = "police-honour-hdash"
Load = Callable[[str, Callable[[dict[str, Any]], None]], Scenario]


def outcome(**changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["model_outcome"].update(changes)


def test_a_correct_scenario_validates(by_id: dict[str, Scenario]) -> None:
    assert validate(by_id[STANDARD]) == []


def test_a_wrong_level_is_reported_in_words(changed: Load) -> None:
    wrong = changed(ESCALATION, outcome(risk_level="medium"))
    assert [d.text for d in validate(wrong)] == ["risk_level: model says medium, the rules give high"]


def test_each_wrong_key_is_reported(changed: Load) -> None:
    wrong = changed(ESCALATION, outcome(
        yes_count=7,
        marac={"refer": True, "criteria": ["visible_high_risk"]},
        idash={"tier": "outreach"},
        prompts=["stalking"],
        offered=["dash-stalking"],
    ))
    assert [d.text for d in validate(wrong)] == [
        "yes_count: model says 7, the rules give 6",
        "marac.criteria: model says visible_high_risk, the rules give potential_escalation",
        "idash.tier: model says outreach, the rules give idva",
        "prompts: model says stalking, the rules give none",
        "offered: model says dash-stalking, the rules give none",
    ]
    first = validate(wrong)[1].to_dict()
    assert first == {"key": "marac.criteria", "model": ["visible_high_risk"], "rules": ["potential_escalation"],
                     "text": first["text"]}


def test_a_model_answer_that_changes_the_outcome_is_caught(changed: Load) -> None:
    """Two incidents instead of four: the model outcome (potential escalation) is no longer what the
    answers give, and validate says so."""
    wrong = changed(ESCALATION, lambda d: d["model_answers"].update(incidents_12m=2))
    assert [d.text for d in validate(wrong)] == [
        "risk_level: model says high, the rules give standard",
        "marac.refer: model says yes, the rules give no",
        "marac.criteria: model says potential_escalation, the rules give none",
        "idash.tier: model says idva, the rules give information",
    ]


def test_what_the_rules_give_must_be_stated(changed: Load) -> None:
    silent = changed(STANDARD, lambda d: d["model_outcome"].pop("marac"))
    assert [d.text for d in validate(silent)] == ["marac.refer: the model outcome does not say, the rules give no"]


def test_an_outcome_a_screen_has_not_is_reported(changed: Load) -> None:
    wrong = changed(SCREEN, outcome(risk_level="high", marac={"refer": True, "criteria": ["repeat"]}))
    assert [d.text for d in validate(wrong)] == [
        "risk_level: model says high, the rules give no level",
        "marac.refer: model says yes, the rules give none",
        "marac.criteria: model says repeat, the rules give none",
    ]


def test_yes_count_is_compared_only_when_stated(changed: Load) -> None:
    assert validate(changed(STANDARD, lambda d: d["model_outcome"].pop("yes_count"))) == []


def test_lists_agree_whatever_their_order() -> None:
    model = Outcome(risk_level="high", prompts=("stalking", "strangulation"), marac_refer=True,
                    marac_criteria=("repeat", "visible_high_risk"))
    rules = Outcome(risk_level="high", prompts=("strangulation", "stalking"), marac_refer=True,
                    marac_criteria=("visible_high_risk", "repeat"))
    assert compare(model, rules) == []


def test_a_model_answer_the_rules_refuse_is_a_malformed_scenario(changed: Load) -> None:
    """A previous MARAC date after the assessment passes the loader (a real date) but not the rules:
    the CLI exits 2 for it, with the field named."""
    def later(data: dict[str, Any]) -> None:
        data["model_answers"].update(previous_marac_on="2026-04-01", further_abuse_since_marac="no")

    scenario = changed(STANDARD, later)
    with pytest.raises(ScenarioError) as caught:
        validate(scenario)
    assert caught.value.field == "model_answers.previous_marac_on"
    assert "is after the assessment date 2026-03-17" in caught.value.message
