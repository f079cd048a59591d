"""The DASH victim checklist rules: bands, MARAC criteria, judgement, prompts, IDASH tier, reasons."""

from __future__ import annotations

from typing import Any

import pytest
from dash_helpers import ASSESSED_ON, days_before, ric_answers
from hypothesis import given, settings
from hypothesis import strategies as st

from dash_desktop.questionnaires import AnswerError, Registry

RULES_SETTINGS = settings(max_examples=60, deadline=None)


def rules_fired(result: Any) -> set[str]:
    return {r.rule for r in result.reasons}


# --- bands -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "level"),
    [(0, "standard"), (9, "standard"), (10, "medium"), (13, "medium"), (14, "high"), (24, "high")],
)
def test_count_bands(score_ric: Any, yes: int, level: str) -> None:
    result = score_ric(ric_answers(yes))
    assert result.yes_count == yes
    assert result.score_level == level
    assert result.risk_level == level
    assert result.complete
    assert result.marac.refer is (yes >= 14)


@RULES_SETTINGS
@given(yes=st.integers(0, 24), dont_know=st.integers(0, 24))
def test_dont_know_is_never_a_yes(score_ric: Any, yes: int, dont_know: int) -> None:
    dont_know = min(dont_know, 24 - yes)
    result = score_ric(ric_answers(yes, dont_know=dont_know))
    assert result.yes_count == yes
    assert len(result.unknown) == dont_know
    assert result.score_level == ("high" if yes >= 14 else "medium" if yes >= 10 else "standard")
    if dont_know:
        assert "score.unknown" in rules_fired(result)


@RULES_SETTINGS
@given(yes_set=st.sets(st.integers(1, 24)))
def test_any_fourteen_yes_is_visible_high_risk(score_ric: Any, yes_set: set[int]) -> None:
    answers = ric_answers(0) | {f"q{i}": "yes" for i in yes_set}
    result = score_ric(answers)
    assert result.yes_count == len(yes_set)
    assert ("visible_high_risk" in result.marac.criteria) is (len(yes_set) >= 14)
    assert set(result.yes_items) == {f"q{i}" for i in yes_set}


# --- MARAC criteria ---------------------------------------------------------------------------


@pytest.mark.parametrize(("incidents", "refer"), [(0, False), (2, False), (3, True), (12, True)])
def test_potential_escalation_at_three_incidents(score_ric: Any, incidents: int, refer: bool) -> None:
    result = score_ric(ric_answers(2, incidents_12m=incidents))
    assert ("potential_escalation" in result.marac.criteria) is refer
    assert result.marac.refer is refer
    assert result.risk_level == ("high" if refer else "standard")


@RULES_SETTINGS
@given(yes=st.integers(0, 24), incidents=st.integers(0, 50))
def test_escalation_boundary_over_all_counts(score_ric: Any, yes: int, incidents: int) -> None:
    result = score_ric(ric_answers(yes, incidents_12m=incidents))
    assert ("potential_escalation" in result.marac.criteria) is (incidents >= 3)
    assert result.marac.refer is (incidents >= 3 or yes >= 14)
    if result.marac.refer:
        assert result.risk_level == "high"


@pytest.mark.parametrize(("days", "repeat"), [(0, True), (200, True), (365, True), (366, False), (900, False)])
def test_repeat_within_twelve_months(score_ric: Any, days: int, repeat: bool) -> None:
    # 20 November 2025 to 20 November 2026 is 365 days: no 29 February between
    result = score_ric(ric_answers(3, previous_marac_on=days_before(ASSESSED_ON, days),
                                   further_abuse_since_marac="yes", further_abuse_same_perpetrator="yes"))
    assert result.marac.repeat is repeat
    assert ("repeat" in result.marac.criteria) is repeat
    assert result.risk_level == ("high" if repeat else "standard")
    assert "marac.repeat" in rules_fired(result)  # said either way, with the number of days
    text = next(r.text for r in result.reasons if r.rule == "marac.repeat")
    assert f"{days} day" in text


def test_previous_marac_after_the_assessment_is_invalid(score_ric: Any) -> None:
    with pytest.raises(AnswerError) as err:
        score_ric(ric_answers(0, previous_marac_on="2026-12-01"))
    assert err.value.field == "previous_marac_on"


def test_no_previous_marac_is_not_a_repeat(score_ric: Any) -> None:
    result = score_ric(ric_answers(5))
    assert not result.marac.repeat
    assert "marac.repeat" not in rules_fired(result)


# --- professional judgement -------------------------------------------------------------------


def test_judgement_high_refers_and_raises(score_ric: Any) -> None:
    result = score_ric(
        ric_answers(4, professional_judgement="high", professional_judgement_reason="Recent strangulation.")
    )
    assert result.score_level == "standard"
    assert result.risk_level == "high"
    assert result.marac.criteria == ("professional_judgement",)
    assert result.judgement is not None
    assert result.judgement.effect == "raised"
    assert result.judgement.reason == "Recent strangulation."


def test_judgement_medium_raises_without_referral(score_ric: Any) -> None:
    result = score_ric(ric_answers(3, professional_judgement="medium", professional_judgement_reason="Escalating."))
    assert result.risk_level == "medium"
    assert not result.marac.refer


@pytest.mark.parametrize("judged", ["standard", "medium"])
def test_judgement_never_lowers(score_ric: Any, judged: str) -> None:
    result = score_ric(ric_answers(16, professional_judgement=judged, professional_judgement_reason="Victim says ok."))
    assert result.risk_level == "high"
    assert result.marac.refer
    assert "visible_high_risk" in result.marac.criteria
    assert result.judgement is not None
    assert result.judgement.effect == "recorded_only"
    assert any("cannot lower" in r.text for r in result.reasons if r.rule == "judgement")


@RULES_SETTINGS
@given(yes=st.integers(0, 24), judged=st.sampled_from(["standard", "medium", "high"]), incidents=st.integers(0, 5))
def test_judgement_only_ever_raises(score_ric: Any, yes: int, judged: str, incidents: int) -> None:
    order = ["standard", "medium", "high"]
    without = score_ric(ric_answers(yes, incidents_12m=incidents))
    with_judgement = score_ric(
        ric_answers(yes, incidents_12m=incidents, professional_judgement=judged, professional_judgement_reason="r")
    )
    assert order.index(with_judgement.risk_level) >= order.index(without.risk_level)
    assert order.index(with_judgement.risk_level) >= order.index(judged)
    assert set(without.marac.criteria) <= set(with_judgement.marac.criteria)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_judgement_without_reason_is_invalid(score_ric: Any, reason: str | None) -> None:
    with pytest.raises(AnswerError) as err:
        score_ric(ric_answers(2, professional_judgement="high", professional_judgement_reason=reason))
    assert err.value.field == "professional_judgement_reason"


# --- prompts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "prompt"),
    [
        ({"q15": "yes"}, "strangulation"),
        ({"q14": "yes"}, "threats_to_kill"),
        ({"q8": "yes"}, "stalking"),
        ({"q6": "yes", "q12": "yes", "q1": "yes"}, "separation_control_violence"),
        ({"q6": "yes", "q12": "yes", "q13": "yes"}, "separation_control_violence"),
        ({"q6": "yes", "q12": "yes", "q16": "yes"}, "separation_control_violence"),  # sexual violence too
        ({"q2": "yes"}, "victims_sense_of_risk"),
        ({"q3": "yes"}, "victims_sense_of_risk"),
        ({"q10": "yes"}, "escalation"),
        ({"q11": "yes"}, "escalation"),
    ],
)
def test_prompts_below_threshold(score_ric: Any, answers: dict[str, str], prompt: str) -> None:
    result = score_ric(ric_answers(0, **answers))
    assert [p.id for p in result.prompts] == [prompt]
    assert set(result.prompts[0].items) == set(answers)
    assert result.risk_level == "standard"  # shown, not scored
    assert not result.marac.refer


def test_separation_with_strangulation_prompts_both(score_ric: Any) -> None:
    result = score_ric(ric_answers(0, q6="yes", q12="yes", q15="yes"))
    assert [p.id for p in result.prompts] == ["strangulation", "separation_control_violence"]
    assert set(result.prompts[1].items) == {"q6", "q12", "q15"}


@pytest.mark.parametrize("missing", ["q6", "q12"])
def test_separation_prompt_needs_all_three(score_ric: Any, missing: str) -> None:
    answers = {"q6": "yes", "q12": "yes", "q1": "yes"}
    answers[missing] = "dont_know"
    assert score_ric(ric_answers(0, **answers)).prompts == ()


# --- IDASH tier and services -------------------------------------------------------------------


@pytest.mark.parametrize(("yes", "tier"), [(0, "information"), (10, "outreach"), (14, "idva")])
def test_idash_tier_follows_the_level(score_ric: Any, yes: int, tier: str) -> None:
    result = score_ric(ric_answers(yes))
    assert result.idash.tier == tier
    assert result.idash.services[0].element == tier
    assert result.idash.services[0].providers  # the directory names someone to refer to


def test_escalation_alone_gives_idva_tier(score_ric: Any) -> None:
    assert score_ric(ric_answers(1, incidents_12m=4)).idash.tier == "idva"


@pytest.mark.parametrize(
    ("extra", "need", "provider"),
    [
        ({"children_count": 2}, "children_and_families", "Bridges Project (East Hampshire)"),
        ({"q8": "yes"}, "stalking_advocacy", "Aurora New Dawn, independent stalking advocacy caseworker"),
        ({"q16": "yes"}, "sexual_violence", "Yellow Door"),
        ({"unsafe_at_home": "yes"}, "refuge", "Stonewater Renew (refuge for women with complex needs)"),
        ({"unsafe_at_home": "yes"}, "sanctuary_scheme", "Radian (security works for its tenants)"),
    ],
)
def test_needs_match_local_services(score_ric: Any, extra: dict[str, Any], need: str, provider: str) -> None:
    result = score_ric(ric_answers(0, **extra))
    by_element = {s.element: s for s in result.idash.services}
    assert need in by_element
    assert provider in [p.name for p in by_element[need].providers]
    assert f"needs.{need}" in rules_fired(result)


def test_no_needs_at_standard_is_the_standard_tier(score_ric: Any) -> None:
    result = score_ric(ric_answers(0))
    assert [s.element for s in result.idash.services] == ["information", "group_work"]


# --- completeness, follow-on screens, reasons --------------------------------------------------


def test_missing_required_items_make_it_incomplete(score_ric: Any) -> None:
    answers = ric_answers(14)
    del answers["q20"], answers["incidents_12m"]
    result = score_ric(answers)
    assert not result.complete
    assert result.unanswered == ("q20", "incidents_12m")
    assert result.risk_level == "high"  # what is known still counts
    assert "completeness" in rules_fired(result)


def test_judgement_reason_is_only_required_with_a_judgement(score_ric: Any) -> None:
    assert score_ric(ric_answers(0)).complete


@pytest.mark.parametrize(
    ("extra", "offered"),
    [({}, []), ({"q8": "yes"}, ["dash-stalking"]), ({"q2": "yes"}, ["dash-stalking"]),
     ({"honour_concern": "dont_know"}, ["dash-hbv"])],
)
def test_follow_on_screens(score_ric: Any, registry: Registry, extra: dict[str, Any], offered: list[str]) -> None:
    result = score_ric(ric_answers(0, **extra))
    assert [o.questionnaire for o in result.offered] == offered
    # each by the title a practitioner knows it by, as the JSON form says too
    assert [o.title for o in result.offered] == [registry.get(q).title for q in offered]
    assert [o["title"] for o in result.to_dict()["offered"]] == [registry.get(q).title for q in offered]


def test_every_result_names_its_rules_and_items(score_ric: Any) -> None:
    result = score_ric(
        ric_answers(15, incidents_12m=4, previous_marac_on=days_before(ASSESSED_ON, 100),
                    further_abuse_since_marac="yes", further_abuse_same_perpetrator="yes",
                    professional_judgement="high", professional_judgement_reason="Weapon recently used.")
    )
    assert result.marac.criteria == ("visible_high_risk", "professional_judgement", "potential_escalation", "repeat")
    fired = rules_fired(result)
    assert {"score.band", "judgement", "marac.visible_high_risk", "marac.professional_judgement",
            "marac.potential_escalation", "marac.repeat", "risk_level", "idash.tier"} <= fired
    esc = next(r for r in result.reasons if r.rule == "marac.potential_escalation")
    assert esc.items == ("incidents_12m",)
    assert "4 incidents" in esc.text


def test_result_records_the_questionnaire_version_and_hash(score_ric: Any, registry: Any) -> None:
    result = score_ric(ric_answers(0))
    q = registry.get("dash-ric")
    assert result.questionnaire == {"id": "dash-ric", "version": q.version, "hash": q.content_hash}
    assert len(result.questionnaire["hash"]) == 64


# --- another area's profile -------------------------------------------------------------------


@pytest.mark.parametrize(("yes", "refer"), [(14, False), (16, False), (17, True)])
def test_cambridgeshire_split(score_ric: Any, yes: int, refer: bool) -> None:
    result = score_ric(ric_answers(yes), profile="cambridgeshire")
    assert result.risk_level == "high"
    assert result.marac.refer is refer
    assert result.idash.tier == "idva"
    assert result.profile["id"] == "cambridgeshire"
