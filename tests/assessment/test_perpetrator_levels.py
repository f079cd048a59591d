"""Perpetrator levels consistent with the victim side (issue 11): 3 or more incidents in 12 months are
high; weapon use, strangulation, threats to kill, sexual or serious physical abuse each keep the level
at least medium; repeat abuse with sexual or serious physical abuse is high; children present counts,
and prompts child safeguarding."""

from __future__ import annotations

from typing import Any

import pytest
from dash_helpers import ASSESSED_ON
from hypothesis import given, settings
from hypothesis import strategies as st
from perpetrator_helpers import any_answers, perp_answers, perp_doc

from dash_desktop.assessment import Result, score
from dash_desktop.questionnaires import Registry

SETTINGS = settings(max_examples=60, deadline=None)
ORDER = ["standard", "medium", "high"]


@pytest.fixture(scope="module")
def score_perp(registry: Registry) -> Any:
    def run(answers: dict[str, Any]) -> Result:
        return score(perp_doc(answers, ASSESSED_ON), registry=registry)

    return run


def reason_text(result: Result, rule: str) -> str:
    return next(r.text for r in result.reasons if r.rule == rule)


# --- the cases ------------------------------------------------------------------------------


def test_three_incidents_with_sexual_abuse_and_children_present_is_high(score_perp: Any) -> None:
    result = score_perp(perp_answers(incidents_12m=3, gravity="sexual", children_present="yes"))
    assert result.risk_level == "high"
    assert "child_safeguarding" in [p.id for p in result.prompts]


def test_ten_incidents_of_threats_is_high(score_perp: Any) -> None:
    result = score_perp(perp_answers(incidents_12m=10, gravity="threats"))
    assert (result.score_level, result.risk_level) == ("standard", "high")
    assert "SafeLives' potential escalation" in reason_text(result, "floor.potential_escalation")


# --- 3 or more incidents ----------------------------------------------------------------------------


@pytest.mark.parametrize(("incidents", "level"), [(0, "standard"), (2, "standard"), (3, "high"), (30, "high")])
def test_three_incidents_in_twelve_months_are_high(score_perp: Any, incidents: int, level: str) -> None:
    result = score_perp(perp_answers(incidents_12m=incidents, most_recent_incident_on="2026-10-01"))
    assert result.risk_level == level


@SETTINGS
@given(answers=any_answers, incidents=st.integers(3, 200))
def test_three_or_more_incidents_are_always_high(score_perp: Any, answers: dict[str, Any], incidents: int) -> None:
    assert score_perp(answers | {"incidents_12m": incidents}).risk_level == "high"


# --- each marker keeps the level at least medium, alone -----------------------------------------------


@pytest.mark.parametrize("marker", [{"weapon_use": "yes"}, {"strangulation": "yes"}, {"threats_to_kill": "yes"},
                                    {"gravity": "sexual"}, {"gravity": "serious_physical"}])
def test_each_marker_alone_is_medium(score_perp: Any, marker: dict[str, str]) -> None:
    result = score_perp(perp_answers(**marker))
    assert result.risk_level == "medium"


# --- repeat with serious harm is high ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "level"),
    [
        ({"incidents_12m": 2, "gravity": "sexual"}, "high"),
        ({"victims_count": 2, "gravity": "serious_physical"}, "high"),
        ({"incidents_12m": 2, "gravity": "physical"}, "medium"),  # a priority perpetrator: at least medium
        ({"incidents_12m": 1, "gravity": "sexual"}, "medium"),  # not a repeat: the serious-harm floor
    ],
)
def test_repeat_with_sexual_or_serious_physical_abuse_is_high(score_perp: Any, extra: dict[str, Any],
                                                              level: str) -> None:
    result = score_perp(perp_answers(**extra))
    assert result.risk_level == level
    if level == "high":
        assert "priority.serious_harm" in {r.rule for r in result.reasons}
        assert "to high by" in reason_text(result, "risk_level")


@SETTINGS
@given(answers=any_answers, gravity=st.sampled_from(["sexual", "serious_physical"]),
       repeat=st.sampled_from([{"incidents_12m": 2}, {"victims_count": 2}, {"victims_count": 5}]))
def test_repeat_serious_harm_is_always_high(score_perp: Any, answers: dict[str, Any], gravity: str,
                                            repeat: dict[str, int]) -> None:
    assert score_perp(answers | repeat | {"gravity": gravity}).risk_level == "high"


# --- children present ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("children", "points", "prompted"), [("yes", 1, True), ("no", 0, False),
                                                              ("dont_know", 0, False)])
def test_children_present_counts_and_prompts_safeguarding(score_perp: Any, children: str, points: int,
                                                          prompted: bool) -> None:
    result = score_perp(perp_answers(children_present=children))
    assert result.dapp is not None and result.dapp.points == points
    assert ("child_safeguarding" in [p.id for p in result.prompts]) is prompted
    assert "children_present" not in result.yes_items  # a point of its own, not a risk factor


@SETTINGS
@given(answers=any_answers)
def test_children_present_never_lowers_and_always_prompts(score_perp: Any, answers: dict[str, Any]) -> None:
    without = score_perp(answers | {"children_present": "no"})
    with_children = score_perp(answers | {"children_present": "yes"})
    assert ORDER.index(with_children.risk_level) >= ORDER.index(without.risk_level)
    assert "child_safeguarding" in [p.id for p in with_children.prompts]


# --- the words ----------------------------------------------------------------------------------------


def test_one_point_is_singular_and_the_level_reads_as_a_sentence(score_perp: Any) -> None:
    result = score_perp(perp_answers(stalking="yes"))
    assert result.count_words == "1 point; 1 of 8 risk factors answered yes"
    assert reason_text(result, "risk_level") == (
        "Nothing raises the level the points give: no floor, no priority-perpetrator rule and no professional "
        "judgement sets it higher.")


def test_several_raises_are_listed_in_words(score_perp: Any) -> None:
    result = score_perp(perp_answers(incidents_12m=2, gravity="sexual"))
    assert reason_text(result, "risk_level") == "Raised from medium to high by repeat sexual abuse."
