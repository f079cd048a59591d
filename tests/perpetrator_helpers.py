"""Test helpers for the perpetrator risk-and-needs instrument (importable as ``perpetrator_helpers``):
a complete, low-risk set of answers to start from, a document around it, and a strategy that draws any
set of valid answers."""

from __future__ import annotations

from typing import Any

from dash_helpers import ASSESSED_ON, days_before
from hypothesis import strategies as st

from dash_desktop.assessment import AssessmentDocument, parse_document

QID = "perpetrator-risk-needs"
FACTORS = ["weapon_use", "strangulation", "threats_to_kill", "stalking", "breach_of_orders", "escalation",
           "separation", "controlling_behaviour"]
NEEDS = ["alcohol", "drugs", "mental_health", "finances", "housing", "employment", "own_aces", "parenting"]
COMPLEX = ["alcohol", "drugs", "mental_health", "housing"]
#: Risk factors that set no floor on their own (weapon use, strangulation and threats to kill each do).
PLAIN_FACTORS = ["stalking", "breach_of_orders", "escalation", "separation", "controlling_behaviour"]
GRAVITY = ["threats", "damage", "physical", "serious_physical", "sexual"]
INTERVENTIONS = {"linx", "youth_justice", "radar", "non_partner_service", "assertive_outreach", "cara", "bbr",
                 "high_harm_team", "substance_misuse_service", "mental_health_service"}


def perp_answers(**extra: Any) -> dict[str, Any]:
    """A complete assessment that scores 0 points: an adult abusive towards a partner, one old incident of
    threats reported to the police, one victim, every factor and need "no", motivated, no justice route.
    ``extra`` overrides (None removes)."""
    answers: dict[str, Any] = {
        "age": 30,
        "referral_source": "police",
        "relationship_to_victim": "partner",
        "incidents_12m": 1,
        "most_recent_incident_on": days_before(ASSESSED_ON, 200),
        "victims_count": 1,
        "children_present": "no",
        "reported_to_police": "yes",
        "charged": "yes",
        "gravity": "threats",
        "motivation": "motivated",
        "justice_route": "none",
    }
    answers |= dict.fromkeys(FACTORS, "no") | dict.fromkeys(NEEDS, "no")
    answers.update(extra)
    return {k: v for k, v in answers.items() if v is not None}


def perp_doc(answers: dict[str, Any], assessed_on: str = ASSESSED_ON) -> AssessmentDocument:
    return parse_document(
        {"format": "dash-desktop.assessment/1", "questionnaire": {"id": QID}, "assessed_on": assessed_on,
         "answers": answers}
    )


def envelope(answers: dict[str, Any]) -> dict[str, Any]:
    return {"format": "dash-desktop.assessment/1", "questionnaire": {"id": QID}, "assessed_on": ASSESSED_ON,
            "answers": answers}


YND = st.sampled_from(["yes", "no", "dont_know"])


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly answered; sometimes not (an incomplete assessment must still be safe)."""
    return st.one_of(strategy, strategy, strategy, st.none())


any_answers: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {
        "age": maybe(st.integers(10, 110)),
        "referral_source": maybe(st.sampled_from(["police", "childrens_services", "probation", "self", "health",
                                                  "other"])),
        "relationship_to_victim": maybe(st.sampled_from(["partner", "ex_partner", "family_member", "other"])),
        "incidents_12m": maybe(st.integers(0, 30)),
        "most_recent_incident_on": maybe(st.integers(0, 2000).map(lambda d: days_before(ASSESSED_ON, d))),
        "victims_count": maybe(st.integers(0, 8)),
        "children_present": maybe(YND),
        "reported_to_police": maybe(YND),
        "charged": maybe(st.sampled_from(["yes", "no"])),
        "gravity": maybe(st.sampled_from(GRAVITY)),
        "motivation": maybe(st.sampled_from(["none", "ambivalent", "motivated"])),
        "justice_route": maybe(st.sampled_from(["none", "court_ordered_programme", "conditional_caution"])),
        **{f: maybe(YND) for f in FACTORS},
        **{n: maybe(YND) for n in NEEDS},
    }
).map(lambda a: {k: v for k, v in a.items() if v is not None})
