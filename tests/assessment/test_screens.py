"""The add-on screens give advice (issue 11): any yes on the H-DASH, or stalking found by the S-DASH,
calls for specialist advice with the services that give it; the count is of the questions asked."""

from __future__ import annotations

from typing import Any

import pytest
from dash_helpers import ASSESSED_ON
from hypothesis import given, settings
from hypothesis import strategies as st

from dash_desktop.assessment import Result, parse_document, score
from dash_desktop.assessment.explain import explain
from dash_desktop.questionnaires import Registry

HBV = [f"h{i}" for i in range(1, 11)]
STALKING = [f"s{i}" for i in range(1, 12)]


def screen(registry: Registry, qid: str, answers: dict[str, Any], area: str | None = None) -> Result:
    doc = parse_document({"format": "dash-desktop.assessment/1", "questionnaire": {"id": qid},
                          "assessed_on": ASSESSED_ON, "answers": answers, **({"area": area} if area else {})})
    return score(doc, registry=registry)


def hbv(yes: int, under_18: str = "no", **extra: str) -> dict[str, Any]:
    return {**{h: ("yes" if n < yes else "no") for n, h in enumerate(HBV)}, "under_18": under_18, **extra}


def test_no_yes_on_the_hdash_gives_no_advice(registry: Registry) -> None:
    result = screen(registry, "dash-hbv", hbv(0))
    assert result.screen is not None and not result.screen.advice
    assert result.screen.headline == "No yes answers"
    assert result.idash is None
    assert result.risk_level is None


@pytest.mark.parametrize("yes", [1, 3, 10])
def test_any_yes_on_the_hdash_needs_specialist_advice(registry: Registry, yes: int) -> None:
    result = screen(registry, "dash-hbv", hbv(yes))
    assert result.screen is not None and result.screen.advice
    assert result.screen.headline == "Specialist advice needed"
    assert result.idash is not None and result.idash.tier is None and result.idash.tier_service is None
    [advice] = result.idash.services
    assert advice.element == "honour_based_abuse"
    ids = [p.id for p in advice.providers]
    assert "hampshire_police_hba_fm_fgm" in ids and "forced_marriage_unit" in ids
    data = result.to_dict()
    assert data["screen"] == {"asked": 10, "advice": True, "headline": "Specialist advice needed"}
    assert data["idash"]["tier"] is None and data["idash"]["services"][0]["element"] == "honour_based_abuse"


def test_stalking_found_by_the_sdash_names_the_stalking_advocacy_caseworker(registry: Registry) -> None:
    answers = {s: ("yes" if s in ("s1", "s4") else "no") for s in STALKING}
    result = screen(registry, "dash-stalking", answers, area="hart")
    assert result.idash is not None
    [advice] = result.idash.services
    assert advice.element == "stalking_advocacy"
    assert [p.id for p in advice.providers] == ["aurora_stalking_advocacy"]
    assert result.count_words == "2 of the 11 questions asked answered yes"


@pytest.mark.parametrize(("under_18", "asked"), [("no", 10), ("yes", 11)])
def test_the_count_is_of_the_questions_asked(registry: Registry, under_18: str, asked: int) -> None:
    extra = {"h11": "yes"} if under_18 == "yes" else {}
    result = screen(registry, "dash-hbv", hbv(2, under_18, **extra))
    assert result.scored_items == asked
    assert result.yes_count == (3 if extra else 2)
    assert result.count_words == f"{result.yes_count} of the {asked} questions asked answered yes"
    text = explain(result)
    assert result.count_words in " ".join(text.split())
    assert "SCREEN: SPECIALIST ADVICE NEEDED" in text


def test_a_question_not_asked_is_not_counted(registry: Registry) -> None:
    result = screen(registry, "dash-hbv", hbv(10, "no", h11="yes"))  # h11 answered, but only asked under 18
    assert (result.yes_count, result.scored_items) == (10, 10)
    assert "h11" not in result.yes_items


@settings(max_examples=40, deadline=None)
@given(answers=st.fixed_dictionaries({h: st.sampled_from(["yes", "yes", "no", "dont_know"]) for h in HBV}),
       under_18=st.sampled_from(["yes", "no"]), h11=st.sampled_from(["yes", "no", "dont_know"]))
def test_advice_exactly_when_any_yes(registry: Registry, answers: dict[str, str], under_18: str, h11: str) -> None:
    result = screen(registry, "dash-hbv", {**answers, "under_18": under_18, "h11": h11})
    assert result.yes_count <= result.scored_items
    assert result.screen is not None
    assert result.screen.advice is (result.yes_count >= 1)
    assert (result.idash is not None) is result.screen.advice
