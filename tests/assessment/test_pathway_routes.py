"""The DAPP pathway's routes by age, relationship and police knowledge (issue 11): every step within its
ages (CARA, BBR, RADAR, assertive outreach and the police route at 18 and over; LINX and youth justice
under 18); RADAR only for abuse of a partner; the police route shared, not referred, and only for abuse
known to the police."""

from __future__ import annotations

from typing import Any

import pytest
from dash_helpers import ASSESSED_ON
from hypothesis import given, settings
from perpetrator_helpers import COMPLEX, QID, any_answers, perp_answers

from dash_desktop.assessment import Result, load_profile, parse_document, score
from dash_desktop.questionnaires import Registry

SETTINGS = settings(max_examples=80, deadline=None)
STEPS = load_profile("hampshire").rules_for(QID)["pathway"]["steps"]


@pytest.fixture(scope="module")
def score_perp(registry: Registry) -> Any:
    def run(answers: dict[str, Any], version: str | None = None) -> Result:
        ref = {"id": QID, **({"version": version} if version else {})}
        doc = parse_document({"format": "dash-desktop.assessment/1", "questionnaire": ref,
                              "assessed_on": ASSESSED_ON, "answers": answers})
        return score(doc, registry=registry)

    return run


def pathway(result: Result) -> list[str]:
    assert result.dapp is not None
    return list(result.dapp.pathway_ids)


def why_not(result: Result, step: str) -> str:
    found = [r for r in result.reasons if r.rule == f"pathway.{step}" and r.conclusion.startswith("Not on")]
    assert found, f"no 'not on the pathway' reason for {step}"
    return found[0].text


# --- ages ---------------------------------------------------------------------------------------------


def test_a_15_year_old_on_a_conditional_caution_gets_no_cara(score_perp: Any) -> None:
    result = score_perp(perp_answers(age=15, justice_route="conditional_caution"))
    assert pathway(result) == ["linx", "youth_justice", "victim_safety_service"]
    assert why_not(result, "cara") == "CARA (conditional caution workshops) is for ages 18 and over; aged 15."
    youth = next(s for s in result.dapp.pathway if s.id == "youth_justice")
    assert "Youth Justice Service" in youth.reason and "conditional caution" in youth.reason


def test_a_17_year_old_on_a_court_order_gets_no_bbr(score_perp: Any) -> None:
    result = score_perp(perp_answers(age=17, justice_route="court_ordered_programme"))
    assert "bbr" not in pathway(result)
    assert {"linx", "youth_justice"} <= set(pathway(result))
    assert "is for ages 18 and over; aged 17" in why_not(result, "bbr")


def test_a_16_year_old_gets_no_assertive_outreach(score_perp: Any) -> None:
    result = score_perp(perp_answers(age=16, strangulation="yes", threats_to_kill="yes",
                                     **dict.fromkeys(COMPLEX, "yes")))
    assert result.risk_level == "high"
    assert "assertive_outreach" not in pathway(result)
    assert "is for ages 18 and over; aged 16" in why_not(result, "assertive_outreach")
    adult = score_perp(perp_answers(age=18, strangulation="yes", threats_to_kill="yes",
                                    **dict.fromkeys(COMPLEX, "yes")))
    assert "assertive_outreach" in pathway(adult)


def test_the_police_route_is_for_adults(score_perp: Any) -> None:
    priority = {"incidents_12m": 3, "gravity": "physical", "children_present": "yes", "charged": "no"}
    assert "high_harm_team" not in pathway(score_perp(perp_answers(age=17, **priority)))
    assert "high_harm_team" in pathway(score_perp(perp_answers(age=18, **priority)))


@pytest.mark.parametrize(("age", "youth"), [(10, True), (17, True), (18, False), (60, False)])
def test_youth_justice_under_18_only(score_perp: Any, age: int, youth: bool) -> None:
    assert ("youth_justice" in pathway(score_perp(perp_answers(age=age)))) is youth


def test_without_an_age_an_adult_route_says_which_ages_it_is_for(score_perp: Any) -> None:
    result = score_perp(perp_answers(age=None, justice_route="conditional_caution"))
    cara = next(s for s in result.dapp.pathway if s.id == "cara")
    assert cara.reason.endswith("It is for ages 18 and over: the age is not recorded yet.")
    assert "youth_justice" not in pathway(result)


@SETTINGS
@given(answers=any_answers)
def test_every_step_is_within_its_ages(score_perp: Any, answers: dict[str, Any]) -> None:
    age = answers.get("age")
    for step in pathway(score_perp(answers)):
        low, high = STEPS.get(step, {}).get("min_age"), STEPS.get(step, {}).get("max_age")
        if age is not None:
            assert low is None or age >= low, (step, age)
            assert high is None or age <= high, (step, age)
        elif high is not None:
            pytest.fail(f"{step} (up to {high}) offered with the age not recorded")


# --- relationship ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("relationship", "radar"), [("partner", True), ("ex_partner", True),
                                                     ("family_member", False), ("other", False)])
def test_radar_is_for_abuse_of_a_partner(score_perp: Any, relationship: str, radar: bool) -> None:
    result = score_perp(perp_answers(relationship_to_victim=relationship))
    assert ("radar" in pathway(result)) is radar
    assert ("non_partner_service" in pathway(result)) is not radar
    if not radar:
        assert "current, ex or future partner" in why_not(result, "radar")
        step = next(s for s in result.dapp.pathway if s.id == "non_partner_service")
        assert step.name == "Referral for abuse of a family member or someone else"
        assert "refer to the service for that relationship" in step.reason


def test_family_abuse_gets_its_route_even_when_not_willing(score_perp: Any) -> None:
    result = score_perp(perp_answers(relationship_to_victim="family_member", motivation="none"))
    assert "non_partner_service" in pathway(result)
    assert "current, ex or future partner" in why_not(result, "radar")


def test_a_1_0_0_assessment_has_no_relationship_and_keeps_radar(score_perp: Any) -> None:
    answers = perp_answers(relationship_to_victim=None, reported_to_police=None)
    result = score_perp(answers, version="1.0.0")
    assert result.questionnaire["version"] == "1.0.0"
    assert "radar" in pathway(result)


# --- the police route -------------------------------------------------------------------------------------

PRIORITY = {"incidents_12m": 3, "gravity": "physical", "children_present": "yes", "charged": "no"}


def test_the_police_route_is_shared_not_referred(score_perp: Any) -> None:
    result = score_perp(perp_answers(**PRIORITY))
    step = next(s for s in result.dapp.pathway if s.id == "high_harm_team")
    assert step.kind == "share"
    assert step.name.startswith("Share through the police route")
    assert "It is not a referral you make." in step.reason
    assert result.to_dict()["dapp"]["pathway"][0]["kind"] == "share"


@pytest.mark.parametrize(("reported", "offered", "prompted"), [("yes", True, False), ("no", False, False),
                                                               ("dont_know", False, True)])
def test_the_police_route_needs_abuse_known_to_the_police(score_perp: Any, reported: str, offered: bool,
                                                          prompted: bool) -> None:
    result = score_perp(perp_answers(reported_to_police=reported, **PRIORITY))
    assert ("high_harm_team" in pathway(result)) is offered
    assert ("police_report_not_known" in [p.id for p in result.prompts]) is prompted
    if not offered:
        assert "works only from abuse known to the police" in why_not(result, "high_harm_team")


def test_a_1_0_0_assessment_keeps_the_police_route_without_the_question(score_perp: Any) -> None:
    result = score_perp(perp_answers(relationship_to_victim=None, reported_to_police=None, **PRIORITY),
                        version="1.0.0")
    assert "high_harm_team" in pathway(result)


def test_the_young_person_example_has_no_adult_route(registry: Registry) -> None:
    from pathlib import Path

    from dash_desktop.assessment import read_document

    example = Path(__file__).resolve().parents[2] / "examples" / "perpetrator-young-person.json"
    result = score(read_document(example), registry=registry)
    adult = {s for s, meta in STEPS.items() if meta.get("min_age", 0) >= 18}
    assert adult.isdisjoint(pathway(result))
    assert "youth_justice" in pathway(result)

