"""A result's typed conclusions, each with its why: what the text, the live panel and the PDF format."""

from __future__ import annotations

import pytest
from dash_helpers import ric_answers, ric_doc
from perpetrator_helpers import perp_answers, perp_doc
from result_helpers import JUDGEMENT_REASON, perpetrator_result, victim_result

from dash_desktop.assessment import score
from dash_desktop.assessment.result import Effect, Provider, ServiceSuggestion
from dash_desktop.questionnaires import Registry


def test_each_marac_criterion_is_typed_with_its_why(registry: Registry) -> None:
    result = victim_result(registry)
    assert result.marac is not None
    checks = {c.id: c for c in result.marac.checks}
    assert list(checks) == ["visible_high_risk", "professional_judgement", "potential_escalation", "repeat"]
    assert [c.name for c in checks.values()] == [
        "visible high risk", "professional judgement", "potential escalation", "repeat referral"]
    assert all(checks[c].met for c in ("visible_high_risk", "professional_judgement", "potential_escalation"))
    assert checks["visible_high_risk"].why is not None
    assert checks["visible_high_risk"].why.text == "14 yes answers, at or over the threshold of 14."
    assert checks["professional_judgement"].why is not None
    assert JUDGEMENT_REASON in checks["professional_judgement"].why.text
    # not met, and the answers say why not: the last referral is outside the window
    repeat = checks["repeat"]
    assert not repeat.met and repeat.why is not None and "more than 12 months" in repeat.why.text
    assert result.marac.criteria == ("visible_high_risk", "professional_judgement", "potential_escalation")
    assert result.marac.refer and not result.marac.repeat


def test_a_criterion_with_nothing_to_say_has_no_why(registry: Registry) -> None:
    result = victim_result(registry, previous_marac_on=None, incidents_12m=0)
    assert result.marac is not None
    checks = {c.id: c for c in result.marac.checks}
    assert not checks["repeat"].met and checks["repeat"].why is None
    assert not checks["potential_escalation"].met and checks["potential_escalation"].why is None


def test_the_level_and_the_score_carry_their_whys(registry: Registry) -> None:
    result = victim_result(registry)
    assert result.level_why is not None and result.score_why is not None
    assert result.level_why.conclusion == "Risk level high: refer to MARAC"
    assert "visible high risk, professional judgement, potential escalation" in result.level_why.text
    assert result.score_why.conclusion == "Score level high"
    assert result.level_why in result.reasons and result.score_why in result.reasons


def test_services_come_with_their_providers_joined(registry: Registry) -> None:
    result = victim_result(registry)
    assert result.idash is not None
    tier = result.idash.tier_service
    assert tier.element == result.idash.tier == "idva"
    assert all(isinstance(p, Provider) for p in tier.providers)
    assert tier.provider_names == "; ".join(p.words for p in tier.providers)


def test_a_service_nobody_provides_says_so() -> None:
    assert ServiceSuggestion("x", "X", "", (), "why").provider_names == "no local provider listed"


@pytest.mark.parametrize(
    ("level", "effect", "words"),
    [("high", Effect.RAISED, "raises the level"), ("standard", Effect.AGREES, "agrees with the score")],
)
def test_the_judgement_says_its_effect(registry: Registry, level: str, effect: Effect, words: str) -> None:
    result = score(ric_doc(ric_answers(2, professional_judgement=level, professional_judgement_reason="Seen.")),
                   registry=registry)
    assert result.judgement is not None
    assert result.judgement.effect is effect
    assert result.judgement.effect_words == words
    assert result.to_dict()["judgement"]["effect_words"] == words


def test_a_lower_judgement_is_recorded_only(registry: Registry) -> None:
    result = score(ric_doc(ric_answers(14, professional_judgement="medium", professional_judgement_reason="Seen.")),
                   registry=registry)
    assert result.judgement is not None and result.judgement.effect is Effect.RECORDED_ONLY
    assert result.judgement.effect_words == "recorded; it cannot lower the level"


def test_a_perpetrator_judgement_is_set_against_the_rules(registry: Registry) -> None:
    result = score(perp_doc(perp_answers(professional_judgement="standard", professional_judgement_reason="Known.")),
                   registry=registry)
    assert result.judgement is not None
    assert result.judgement.effect_words == "agrees with the rules"  # the level comes from rules, not a count
    assert result.to_dict()["judgement"] == {"level": "standard", "reason": "Known.", "effect": "agrees",
                                             "basis": "the rules", "effect_words": "agrees with the rules"}


def test_the_priority_conclusion_carries_its_why(registry: Registry) -> None:
    result = perpetrator_result(registry)
    assert result.dapp is not None and result.dapp.priority
    assert result.dapp.priority_why is not None
    assert result.dapp.priority_why.conclusion == "Priority perpetrator"
    assert "3 incidents in 12 months" in result.dapp.priority_why.text
    assert result.to_dict()["dapp"]["priority_reason"] == result.dapp.priority_why.text


def test_follow_on_screens_have_their_titles(registry: Registry) -> None:
    result = victim_result(registry)
    stalking = next(o for o in result.offered if o.questionnaire == "dash-stalking")
    assert stalking.title == registry.get("dash-stalking").title
    assert "S-DASH" in stalking.title


def test_a_follow_on_that_is_not_installed_is_offered_by_its_id(registry: Registry) -> None:
    without = Registry([q for q in registry.latest() if q.id != "dash-stalking"])
    result = score(ric_doc(ric_answers(0, q8="yes")), registry=without)
    assert [(o.questionnaire, o.title) for o in result.offered] == [("dash-stalking", "dash-stalking")]
