"""The perpetrator risk-and-needs rules (DAPP): points and levels, the never-standard floors, priority
perpetrator, the pathway and the needs, each with the reason a practitioner reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dash_helpers import ASSESSED_ON, days_before
from hypothesis import given, settings
from hypothesis import strategies as st
from perpetrator_helpers import (
    COMPLEX,
    FACTORS,
    INTERVENTIONS,
    PLAIN_FACTORS,
    any_answers,
    perp_answers,
    perp_doc,
)

from dash_desktop.assessment import ProfileError, Result, score
from dash_desktop.questionnaires import AnswerError, Registry

RULES_SETTINGS = settings(max_examples=80, deadline=None)

#: The combinations the issue says must never come out standard.
NEVER_STANDARD = [
    {"gravity": "serious_physical"},
    {"gravity": "sexual"},
    {"strangulation": "yes"},
    {"threats_to_kill": "yes"},
    {"weapon_use": "yes"},  # weapon use alone, as the prompt about it says
]


@pytest.fixture(scope="module")
def score_perp(registry: Registry) -> Any:
    def run(answers: dict[str, Any], profile: str = "hampshire", assessed_on: str = ASSESSED_ON) -> Result:
        return score(perp_doc(answers, assessed_on), profile=profile, registry=registry)

    return run


def rules_fired(result: Result) -> set[str]:
    return {r.rule for r in result.reasons}


def reason(result: Result, rule: str) -> Any:
    found = [r for r in result.reasons if r.rule == rule]
    assert found, f"no reason {rule!r} in {sorted(rules_fired(result))}"
    return found[0]


def pathway(result: Result) -> list[str]:
    assert result.dapp is not None
    return list(result.dapp.pathway_ids)


# --- the baseline ------------------------------------------------------------------------------


def test_a_low_risk_motivated_adult(score_perp: Any) -> None:
    result = score_perp(perp_answers())
    assert result.complete
    assert result.dapp is not None
    assert (result.risk_level, result.score_level, result.dapp.points) == ("standard", "standard", 0)
    assert result.dapp.priority is False
    assert pathway(result) == ["radar", "victim_safety_service"]
    assert result.dapp.needs == ()
    assert reason(result, "priority").conclusion == "Not a priority perpetrator"
    assert reason(result, "risk_level").conclusion == "Risk level standard"
    data = result.to_dict()
    assert (data["risk_level"], data["priority"], data["pathway"], data["needs"]) == (
        "standard", False, ["radar", "victim_safety_service"], [])
    assert data["reasons"]


# --- points and levels -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plain_yes", "extra", "points", "level"),
    [
        (0, {}, 0, "standard"),
        (3, {}, 3, "standard"),
        (3, {"gravity": "damage"}, 4, "medium"),
        (4, {}, 4, "medium"),
        (5, {"gravity": "damage"}, 6, "medium"),
        (5, {"gravity": "damage", "incidents_12m": 2}, 7, "high"),
        (5, {"gravity": "damage", "victims_count": 2}, 7, "high"),
        (5, {"gravity": "damage", "most_recent_incident_on": days_before(ASSESSED_ON, 10)}, 7, "high"),
    ],
)
def test_points_bands(score_perp: Any, plain_yes: int, extra: dict[str, Any], points: int, level: str) -> None:
    answers = perp_answers(**dict.fromkeys(PLAIN_FACTORS[:plain_yes], "yes"), **extra)
    result = score_perp(answers)
    assert result.dapp.points == points
    assert result.score_level == level
    assert reason(result, "score.band").text.startswith(f"{points} point")
    assert result.risk_level == level  # threats/damage, one victim: no floor and no priority here


@pytest.mark.parametrize(("gravity", "points"), [("threats", 0), ("damage", 1), ("physical", 2),
                                                 ("serious_physical", 3), ("sexual", 3)])
def test_gravity_points(score_perp: Any, gravity: str, points: int) -> None:
    result = score_perp(perp_answers(gravity=gravity))
    assert result.dapp.points == points
    assert reason(result, "points.gravity").items == ("gravity",)


@pytest.mark.parametrize(("incidents", "points"), [(0, 0), (1, 0), (2, 1), (3, 2), (30, 2)])
def test_frequency_points(score_perp: Any, incidents: int, points: int) -> None:
    result = score_perp(perp_answers(incidents_12m=incidents))
    assert result.dapp.points == points
    assert reason(result, "points.frequency").conclusion == f"{points} point{'' if points == 1 else 's'} for frequency"


@pytest.mark.parametrize(("days", "points"), [(0, 1), (90, 1), (91, 0), (400, 0)])
def test_recency_boundary(score_perp: Any, days: int, points: int) -> None:
    result = score_perp(perp_answers(most_recent_incident_on=days_before(ASSESSED_ON, days)))
    assert result.dapp.points == points
    assert f"{days} day" in reason(result, "points.recency").text


def test_an_incident_after_the_assessment_date_is_refused(score_perp: Any) -> None:
    with pytest.raises(AnswerError) as err:
        score_perp(perp_answers(most_recent_incident_on="2026-11-21"))
    assert err.value.field == "most_recent_incident_on"


@pytest.mark.parametrize(
    ("incidents", "days", "prompted"),
    [(1, 365, False), (1, 366, True), (0, 366, False), (0, 365, True), (3, 10, False), (0, 10, True)],
)
def test_incident_count_and_date_that_disagree_prompt_a_check(
    score_perp: Any, incidents: int, days: int, prompted: bool
) -> None:
    result = score_perp(perp_answers(incidents_12m=incidents, most_recent_incident_on=days_before(ASSESSED_ON, days)))
    assert ("dates_disagree" in [p.id for p in result.prompts]) is prompted


def test_a_missing_incident_date_prompts_for_it(score_perp: Any) -> None:
    assert "recency_not_known" in [p.id for p in score_perp(perp_answers(most_recent_incident_on=None)).prompts]
    assert "recency_not_known" not in [p.id for p in score_perp(perp_answers()).prompts]
    quiet = score_perp(perp_answers(incidents_12m=0, most_recent_incident_on=None))
    assert "recency_not_known" not in [p.id for p in quiet.prompts]


def test_a_profile_that_extends_hampshire_scores_the_same(score_perp: Any) -> None:
    answers = perp_answers(incidents_12m=2, gravity="physical", children_present="yes", charged="no")
    here, there = score_perp(answers), score_perp(answers, profile="cambridgeshire")
    assert (here.risk_level, here.dapp) == (there.risk_level, there.dapp)
    assert [(r.rule, r.items) for r in here.reasons] == [(r.rule, r.items) for r in there.reasons]


def test_the_score_band_names_the_answers_that_scored(score_perp: Any) -> None:
    result = score_perp(perp_answers(stalking="yes", gravity="physical", incidents_12m=1))
    assert reason(result, "score.band").items == ("stalking", "gravity")


def test_dont_know_is_not_a_yes_and_is_listed(score_perp: Any) -> None:
    result = score_perp(perp_answers(stalking="dont_know", escalation="dont_know"))
    assert result.dapp.points == 0
    assert set(result.unknown) == {"stalking", "escalation"}
    assert set(reason(result, "score.unknown").items) == {"stalking", "escalation"}


# --- never standard ----------------------------------------------------------------------------


@pytest.mark.parametrize("combo", NEVER_STANDARD, ids=lambda c: "+".join(f"{k}={v}" for k, v in c.items()))
def test_each_never_standard_combination_on_an_otherwise_empty_picture(score_perp: Any, combo: dict[str, str]) -> None:
    result = score_perp(perp_answers(**combo))
    assert result.risk_level != "standard"
    assert any(r.rule.startswith("floor.") for r in result.reasons)


def test_weapon_use_alone_is_at_least_medium(score_perp: Any) -> None:
    result = score_perp(perp_answers(weapon_use="yes"))
    assert (result.dapp.points, result.score_level, result.risk_level) == (1, "standard", "medium")
    assert reason(result, "floor.weapon_use").conclusion == "At least medium"
    assert reason(result, "risk_level").text == "Raised from standard to medium by the floor for weapon use."


@RULES_SETTINGS
@given(answers=any_answers, combo=st.sampled_from(NEVER_STANDARD))
def test_never_standard_whatever_the_other_answers(score_perp: Any, answers: dict[str, Any],
                                                   combo: dict[str, str]) -> None:
    answers = answers | combo
    result = score_perp(answers)
    assert result.risk_level in ("medium", "high")


@pytest.mark.parametrize(
    "pair",
    [{"strangulation": "yes", "threats_to_kill": "yes"}, {"strangulation": "yes", "weapon_use": "yes"},
     {"threats_to_kill": "yes", "weapon_use": "yes"}],
)
def test_two_lethality_markers_are_high(score_perp: Any, pair: dict[str, str]) -> None:
    result = score_perp(perp_answers(**pair))
    assert result.risk_level == "high"
    assert reason(result, "floor.two_lethality_markers").conclusion == "At least high"


def write_profile(tmp_path: Path, body: str) -> str:
    path = tmp_path / "test-area.yaml"
    path.write_text(
        "format: dash-desktop.profile/1\nid: test-area\nversion: '1'\nextends: hampshire\nname: Test area\n"
        "instruments:\n  perpetrator-risk-needs:\n" + body,
        "utf-8",
    )
    return str(path)


@RULES_SETTINGS
@given(answers=any_answers, combo=st.sampled_from(NEVER_STANDARD))
def test_never_standard_even_under_a_profile_that_drops_every_floor(
    score_perp: Any, tmp_path_factory: pytest.TempPathFactory, answers: dict[str, Any], combo: dict[str, str]
) -> None:
    profile = write_profile(
        tmp_path_factory.mktemp("p"),
        "    floors: []\n    levels: {standard: 0, medium: 90, high: 99}\n"
        "    priority: {min_level: standard, serious_harm: {in: [sexual], level: standard}}\n",
    )
    result = score_perp(answers | combo, profile=profile)
    assert result.risk_level == "medium"
    assert "safety.never_standard" in rules_fired(result)
    assert reason(result, "safety.never_standard").items


def test_the_safety_rule_is_silent_when_the_profile_already_raised(score_perp: Any) -> None:
    result = score_perp(perp_answers(strangulation="yes"))
    assert "floor.strangulation" in rules_fired(result)
    assert "safety.never_standard" not in rules_fired(result)


# --- priority perpetrator ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("incidents", "victims", "gravity", "priority"),
    [
        (1, 1, "physical", False),
        (2, 1, "physical", True),
        (1, 2, "physical", True),
        (2, 1, "damage", False),
        (1, 2, "damage", False),
        (2, 2, "threats", False),
        (2, 1, "serious_physical", True),
        (1, 2, "sexual", True),
        (0, 1, "sexual", False),
    ],
)
def test_priority_boundaries(score_perp: Any, incidents: int, victims: int, gravity: str, priority: bool) -> None:
    result = score_perp(perp_answers(incidents_12m=incidents, victims_count=victims, gravity=gravity))
    assert result.dapp.priority is priority
    assert result.to_dict()["priority"] is priority
    r = reason(result, "priority")
    assert r.conclusion == ("Priority perpetrator" if priority else "Not a priority perpetrator")
    assert "gravity" in r.items


def test_a_priority_perpetrator_is_at_least_medium(score_perp: Any) -> None:
    result = score_perp(perp_answers(incidents_12m=2, gravity="physical"))
    assert result.dapp.points == 3  # physical 2 + two incidents 1
    assert result.score_level == "standard"
    assert result.risk_level == "medium"
    assert "priority.min_level" in rules_fired(result)
    assert "the priority-perpetrator rule" in reason(result, "risk_level").text


@pytest.mark.parametrize(
    ("children", "charged", "expected"),
    [("yes", "no", True), ("yes", "yes", False), ("no", "no", False), ("dont_know", "no", False)],
)
def test_high_harm_team(score_perp: Any, children: str, charged: str, expected: bool) -> None:
    result = score_perp(perp_answers(incidents_12m=3, gravity="physical", children_present=children, charged=charged))
    assert result.dapp.priority
    assert ("high_harm_team" in pathway(result)) is expected
    r = reason(result, "pathway.high_harm_team")
    assert r.conclusion.startswith("Pathway:" if expected else "Not on the pathway:")


def test_children_and_no_charge_without_priority_is_not_high_harm(score_perp: Any) -> None:
    result = score_perp(perp_answers(incidents_12m=1, gravity="physical", children_present="yes", charged="no"))
    assert not result.dapp.priority
    assert "high_harm_team" not in pathway(result)


@RULES_SETTINGS
@given(answers=any_answers)
def test_high_harm_team_exactly_when_priority_children_and_no_charge(score_perp: Any, answers: dict[str, Any]) -> None:
    result = score_perp(answers)
    repeat = answers.get("incidents_12m", 0) >= 2 or answers.get("victims_count", 0) >= 2
    priority = repeat and answers.get("gravity") in ("physical", "serious_physical", "sexual")
    assert result.dapp.priority is priority
    expected = (priority and answers.get("children_present") == "yes" and answers.get("charged") == "no"
                and answers.get("reported_to_police") == "yes" and answers.get("age", 18) >= 18)
    assert ("high_harm_team" in pathway(result)) is expected


def test_children_not_known_prompts_the_practitioner(score_perp: Any) -> None:
    result = score_perp(perp_answers(children_present="dont_know"))
    assert "children_not_known" in [p.id for p in result.prompts]


# --- the pathway -------------------------------------------------------------------------------


@pytest.mark.parametrize(("age", "programme"), [(10, "linx"), (17, "linx"), (18, "radar"), (80, "radar")])
def test_age_chooses_linx_or_radar(score_perp: Any, age: int, programme: str) -> None:
    result = score_perp(perp_answers(age=age))
    assert programme in pathway(result)
    assert ({"linx", "radar"} - {programme}).isdisjoint(pathway(result))
    assert reason(result, f"pathway.{programme}").items[0] == "age"


@RULES_SETTINGS
@given(answers=any_answers)
def test_never_both_linx_and_radar(score_perp: Any, answers: dict[str, Any]) -> None:
    ids = pathway(score_perp(answers))
    assert not {"linx", "radar"} <= set(ids)
    if "linx" in ids:
        assert answers["age"] < 18
    if "radar" in ids:
        assert answers["age"] >= 18
        assert answers["motivation"] in ("motivated", "ambivalent")


@pytest.mark.parametrize(("motivation", "offered"), [("motivated", True), ("ambivalent", True), ("none", False)])
def test_radar_is_for_adults_willing_to_engage(score_perp: Any, motivation: str, offered: bool) -> None:
    result = score_perp(perp_answers(motivation=motivation))
    assert ("radar" in pathway(result)) is offered
    if not offered:
        assert reason(result, "pathway.radar").conclusion.startswith("Not on the pathway")


def test_without_an_age_no_programme_is_chosen(score_perp: Any) -> None:
    result = score_perp(perp_answers(age=None))
    assert not result.complete
    assert "age" in result.unanswered
    assert {"linx", "radar"}.isdisjoint(pathway(result))
    assert reason(result, "pathway.programme").conclusion == "No programme chosen yet"


@pytest.mark.parametrize(
    ("route", "step", "radar"),
    [("conditional_caution", "cara", True), ("court_ordered_programme", "bbr", False), ("none", None, True)],
)
def test_justice_routes(score_perp: Any, route: str, step: str | None, radar: bool) -> None:
    ids = pathway(score_perp(perp_answers(justice_route=route)))
    if step:
        assert step in ids
    assert {"cara", "bbr"} - {step} & set(ids) == set()
    assert ("radar" in ids) is radar


def high_risk(**extra: Any) -> dict[str, Any]:
    return perp_answers(strangulation="yes", threats_to_kill="yes", **extra)


@pytest.mark.parametrize(("needs", "outreach"), [(0, False), (1, False), (2, True), (4, True)])
def test_assertive_outreach_needs_two_complex_needs(score_perp: Any, needs: int, outreach: bool) -> None:
    result = score_perp(high_risk(**dict.fromkeys(COMPLEX[:needs], "yes")))
    assert result.risk_level == "high"
    assert ("assertive_outreach" in pathway(result)) is outreach
    if outreach:
        assert set(reason(result, "pathway.assertive_outreach").items) == set(COMPLEX[:needs])
        assert pathway(result).index("assertive_outreach") < pathway(result).index("radar")


@pytest.mark.parametrize("pair", [("finances", "employment"), ("own_aces", "parenting")])
def test_other_needs_are_not_complex_needs(score_perp: Any, pair: tuple[str, str]) -> None:
    result = score_perp(high_risk(**dict.fromkeys(pair, "yes")))
    assert "assertive_outreach" not in pathway(result)
    assert result.dapp.needs == pair


def test_complex_needs_at_medium_risk_are_not_assertive_outreach(score_perp: Any) -> None:
    result = score_perp(perp_answers(strangulation="yes", alcohol="yes", drugs="yes", housing="yes"))
    assert result.risk_level == "medium"
    assert "assertive_outreach" not in pathway(result)
    assert reason(result, "pathway.assertive_outreach").conclusion.startswith("Not on the pathway")


def test_assertive_outreach_does_not_need_motivation(score_perp: Any) -> None:
    ids = pathway(score_perp(high_risk(alcohol="yes", mental_health="yes", motivation="none")))
    assert "assertive_outreach" in ids
    assert "radar" not in ids


@pytest.mark.parametrize(
    ("needs", "services"),
    [
        ({}, []),
        ({"alcohol": "yes"}, ["substance_misuse_service"]),
        ({"drugs": "yes"}, ["substance_misuse_service"]),
        ({"mental_health": "yes"}, ["mental_health_service"]),
        ({"alcohol": "yes", "drugs": "yes", "mental_health": "yes"}, ["substance_misuse_service",
                                                                      "mental_health_service"]),
        ({"alcohol": "dont_know", "mental_health": "dont_know"}, []),
    ],
)
def test_needs_led_services(score_perp: Any, needs: dict[str, str], services: list[str]) -> None:
    ids = pathway(score_perp(perp_answers(**needs)))
    assert [i for i in ids if i.endswith("_service") and i != "victim_safety_service"] == services


@RULES_SETTINGS
@given(answers=any_answers)
def test_victim_safety_service_is_always_offered(score_perp: Any, answers: dict[str, Any]) -> None:
    result = score_perp(answers)
    ids = pathway(result)
    assert ids[-1] == "victim_safety_service"
    assert ids.count("victim_safety_service") == 1
    assert set(ids[:-1]) <= INTERVENTIONS
    for step in result.dapp.pathway:  # every step a practitioner sees has its reason
        assert step.reason
        assert any(r.rule == f"pathway.{step.id}" for r in result.reasons)


@RULES_SETTINGS
@given(answers=any_answers)
def test_every_result_is_explained(score_perp: Any, answers: dict[str, Any]) -> None:
    result = score_perp(answers)
    fired = rules_fired(result)
    assert {"score.band", "priority", "risk_level"} <= fired
    assert result.risk_level in ("standard", "medium", "high")
    assert list(result.dapp.needs) == [n for n in result.dapp.needs if answers.get(n) == "yes"]
    assert result.complete is (not result.unanswered)
    if not result.complete:
        assert "completeness" in fired
    data = result.to_dict()
    assert {"risk_level", "priority", "pathway", "needs", "reasons"} <= set(data)


# --- needs -------------------------------------------------------------------------------------


def test_needs_listed_in_questionnaire_order(score_perp: Any) -> None:
    result = score_perp(perp_answers(parenting="yes", alcohol="yes", own_aces="yes", housing="dont_know"))
    assert result.dapp.needs == ("alcohol", "own_aces", "parenting")
    assert result.to_dict()["needs"] == ["alcohol", "own_aces", "parenting"]
    assert reason(result, "needs.unknown").items == ("housing",)


# --- professional judgement --------------------------------------------------------------------


def test_judgement_raises_with_its_reason(score_perp: Any) -> None:
    result = score_perp(perp_answers(professional_judgement="high",
                                     professional_judgement_reason="Partner reports new threats."))
    assert (result.score_level, result.risk_level) == ("standard", "high")
    assert result.judgement is not None and result.judgement.effect == "raised"
    assert "Partner reports new threats." in reason(result, "judgement").text


def test_judgement_cannot_lower(score_perp: Any) -> None:
    result = score_perp(perp_answers(strangulation="yes", professional_judgement="standard",
                                     professional_judgement_reason="He seems calm."))
    assert result.risk_level == "medium"
    assert result.judgement is not None and result.judgement.effect == "recorded_only"


def test_judgement_raising_to_high_opens_assertive_outreach(score_perp: Any) -> None:
    result = score_perp(perp_answers(alcohol="yes", drugs="yes", professional_judgement="high",
                                     professional_judgement_reason="Chaotic; new partner at risk."))
    assert result.risk_level == "high"
    assert "assertive_outreach" in pathway(result)


def test_judgement_without_a_reason_is_refused(score_perp: Any) -> None:
    with pytest.raises(AnswerError) as err:
        score_perp(perp_answers(professional_judgement="high", professional_judgement_reason="  "))
    assert err.value.field == "professional_judgement_reason"


# --- a profile that cannot score the questionnaire ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("    floors: [{id: x, level: medium, when: {item: nope, equals: 'yes'}, text: X}]\n", "'nope'"),
        ("    priority: {gravity: {in: [physical, lethal]}}\n", "lethal"),
        ("    points: {gravity: {points: {lethal: 5}}}\n", "no answer 'lethal'"),
        ("    pathway: {complex_needs: {items: [alcohol, gambling]}}\n", "'gambling'"),
        ("    pathway: {age: {item: gravity}}\n", "must be number"),
    ],
)
def test_a_profile_that_does_not_fit_is_refused(score_perp: Any, tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        score_perp(perp_answers(), profile=write_profile(tmp_path, body))


def test_a_gravity_without_points_is_refused(score_perp: Any, tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[2] / "resources" / "profiles" / "hampshire.yaml").read_text("utf-8")
    assert "serious_physical: 3, " in text
    path = tmp_path / "no-serious.yaml"
    path.write_text(text.replace("id: hampshire", "id: no-serious").replace("serious_physical: 3, ", ""), "utf-8")
    with pytest.raises(ProfileError, match="no points for serious_physical"):
        score_perp(perp_answers(), profile=str(path))


def test_a_profile_with_falling_levels_is_refused(score_perp: Any, tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="must rise"):
        score_perp(perp_answers(), profile=write_profile(tmp_path, "    levels: {medium: 8, high: 5}\n"))


def test_the_never_standard_items_exist_in_the_shipped_definition(registry: Registry) -> None:
    q = registry.get("perpetrator-risk-needs")
    for item in ("gravity", *FACTORS):
        assert q.has_item(item)
