"""Services that fit the person (issue 11): providers matched by the case's area, eligibility said next
to the provider, needs from the person's recorded details (armed forces, first language), the standard
tier beyond information, and the consent Cambridgeshire's IDVA route needs."""

from __future__ import annotations

from typing import Any

import pytest
from dash_helpers import ric_answers, ric_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from dash_desktop.assessment import Result, parse_document, score
from dash_desktop.assessment.facts import Subject
from dash_desktop.assessment.services import load_directory
from dash_desktop.questionnaires import AnswerError, Registry

DIRECTORY = load_directory("hampshire")


def scored(registry: Registry, answers: dict[str, Any], profile: str = "hampshire", **envelope: Any) -> Result:
    return score(ric_doc(answers, **envelope), profile=profile, registry=registry)


def providers(result: Result, element: str) -> list[str]:
    assert result.idash is not None
    service = next((s for s in result.idash.services if s.element == element), None)
    assert service is not None, f"{element} not suggested"
    return [p.id for p in service.providers]


def elements(result: Result) -> list[str]:
    assert result.idash is not None
    return [s.element for s in result.idash.services]


# --- the area -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("area", "idva"), [
    ("fareham", ["sdas", "aurora_dva_cars"]),
    ("winchester", ["you_trust"]),
    ("havant", ["sdas", "aurora_dva_cars"]),
    ("basingstoke_and_deane", ["you_trust"]),
])
def test_idva_providers_follow_the_lots(registry: Registry, area: str, idva: list[str]) -> None:
    result = scored(registry, ric_answers(14), area=area)
    assert providers(result, "idva") == idva
    assert result.idash is not None and result.idash.area is not None and result.idash.area.id == area


@settings(max_examples=30, deadline=None)
@given(area=st.sampled_from(sorted(DIRECTORY.districts)), yes=st.integers(0, 24),
       unsafe=st.sampled_from(["yes", "no"]), q16=st.sampled_from(["yes", "no"]))
def test_every_provider_listed_covers_the_area_or_is_marked_to_check(registry: Registry, area: str, yes: int,
                                                                     unsafe: str, q16: str) -> None:
    result = scored(registry, ric_answers(yes, unsafe_at_home=unsafe, q16=q16), area=area)
    assert result.idash is not None
    by_id = {s.id: s for s in DIRECTORY.services}
    for suggestion in result.idash.services:
        for p in suggestion.providers:
            covered = by_id[p.id].covers_area(area)
            assert covered is not False, (p.id, area)
            assert (p.check is not None) is (covered is None)


def test_a_provider_whose_area_is_not_recorded_is_marked(registry: Registry) -> None:
    result = scored(registry, ric_answers(0, unsafe_at_home="yes"), area="gosport")
    assert result.idash is not None
    refuge = next(s for s in result.idash.services if s.element == "refuge")
    stonewater = next(p for p in refuge.providers if p.id == "stonewater_renew")
    assert stonewater.check == "area not recorded: check it covers Gosport"
    assert stonewater.words == ("Stonewater Renew (refuge for women with complex needs) — eligibility: Women with "
                                "complex needs — area not recorded: check it covers Gosport")
    assert "eligibility: Radian's tenants" in next(s for s in result.idash.services
                                                   if s.element == "sanctuary_scheme").provider_names


def test_national_services_are_listed_everywhere(registry: Registry) -> None:
    assert "national_da_helpline" in providers(scored(registry, ric_answers(0), area="new_forest"), "information")


def test_without_an_area_every_provider_is_listed_and_the_result_says_so(registry: Registry) -> None:
    result = scored(registry, ric_answers(14))
    assert providers(result, "idva") == ["sdas", "you_trust", "aurora_dva_cars"]
    data = result.to_dict()
    assert data["idash"]["area"] is None
    assert "area is not recorded, so every provider in the directory is listed" in data["idash"]["area_reason"]
    assert "services.area" in [r["rule"] for r in data["reasons"]]


def test_an_unknown_district_is_refused(registry: Registry) -> None:
    with pytest.raises(AnswerError) as err:
        scored(registry, ric_answers(0), area="portsmouth")
    assert err.value.field == "area"
    assert "'portsmouth' is not a district" in err.value.message


@pytest.mark.parametrize("bad", [3, "", ["fareham"]])
def test_an_area_that_is_not_an_id_is_refused(bad: Any) -> None:
    with pytest.raises(AnswerError) as err:
        parse_document({"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"},
                        "assessed_on": "2026-11-20", "answers": {}, "area": bad})
    assert err.value.field == "area"


# --- the person's recorded details --------------------------------------------------------------------


def with_subject(registry: Registry, subject: dict[str, Any], area: str | None = "rushmoor") -> Result:
    return scored(registry, ric_answers(0), area=area, subject=subject)


def test_the_armed_forces_advocate_is_offered_from_the_recorded_details(registry: Registry) -> None:
    result = with_subject(registry, {"armed_forces": True})
    assert providers(result, "armed_forces") == ["aurora_armed_forces_advocate", "north_hampshire_armed_forces"]
    assert "armed_forces" not in elements(with_subject(registry, {"armed_forces": False}))
    assert "north_hampshire_armed_forces" not in providers(with_subject(registry, {"armed_forces": True}, "fareham"),
                                                           "armed_forces")


@pytest.mark.parametrize(("subject", "offered"), [
    ({"first_language": "Nepali"}, ["yellow_door_diversity_inclusion", "north_hampshire_nepali_outreach"]),
    ({"first_language": "nepali", "interpreter_needed": True},
     ["yellow_door_diversity_inclusion", "north_hampshire_nepali_outreach"]),
    ({"first_language": "Polish"}, ["yellow_door_diversity_inclusion"]),  # the Nepali project is for Nepali speakers
    ({"interpreter_needed": True}, ["yellow_door_diversity_inclusion", "north_hampshire_nepali_outreach"]),
    ({"first_language": "English"}, None),
    ({"first_language": "English", "interpreter_needed": False}, None),
    ({}, None),
])
def test_community_language_outreach_from_the_first_language(registry: Registry, subject: dict[str, Any],
                                                             offered: list[str] | None) -> None:
    result = with_subject(registry, subject)
    if offered is None:
        assert "community_language" not in elements(result)
    else:
        assert providers(result, "community_language") == offered


@pytest.mark.parametrize(("subject", "field"), [
    ({"armed_forces": "yes"}, "subject.armed_forces"), ({"religion": "x"}, "subject.religion"),
    ({"first_language": ""}, "subject.first_language"), ([], "subject"),
])
def test_a_malformed_subject_is_refused_by_its_field(subject: Any, field: str) -> None:
    with pytest.raises(AnswerError) as err:
        parse_document({"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"},
                        "assessed_on": "2026-11-20", "answers": {}, "subject": subject})
    assert err.value.field == field


def test_area_and_subject_survive_the_round_trip() -> None:
    data = {"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"}, "assessed_on": "2026-11-20",
            "answers": {}, "area": "hart", "subject": {"first_language": "Nepali", "interpreter_needed": True}}
    assert parse_document(data).to_dict() == data


@pytest.mark.parametrize(("recorded", "forces"), [("Veteran", True), ("serving (Army)", True), ("no", False),
                                                  ("None", False), ("", False), (None, None), ("yes", True),
                                                  ("not_known", None), ("prefer_not_to_say", None)])
def test_the_stores_equality_fields_map_to_a_subject(recorded: str | None, forces: bool | None) -> None:
    subject = Subject.from_equality({"armed_forces": recorded, "first_language": " Nepali "})
    assert subject.armed_forces is forces
    assert subject.first_language == "Nepali"


# --- the standard tier ---------------------------------------------------------------------------------


def test_standard_is_not_information_only(registry: Registry) -> None:
    assert elements(scored(registry, ric_answers(0))) == ["information", "group_work"]


def test_standard_with_needs_adds_outreach_and_the_accommodation_elements(registry: Registry) -> None:
    result = scored(registry, ric_answers(0, unsafe_at_home="yes"))
    assert elements(result) == ["information", "group_work", "outreach", "refuge", "sanctuary_scheme", "move_on"]
    assert result.idash is not None
    outreach = next(s for s in result.idash.services if s.element == "outreach")
    assert outreach.reason == "At standard risk, with needs found (refuge; sanctuary scheme; move-on and resettlement)."


@pytest.mark.parametrize("yes", [10, 14])
def test_the_standard_tier_is_only_for_standard(registry: Registry, yes: int) -> None:
    assert "group_work" not in elements(scored(registry, ric_answers(yes)))


# --- Cambridgeshire's 14-16: IDVA without MARAC, with consent -------------------------------------------


@pytest.mark.parametrize(("yes", "consent"), [(13, False), (14, True), (16, True), (17, False)])
def test_cambridgeshire_idva_route_records_the_consent_it_needs(registry: Registry, yes: int, consent: bool) -> None:
    result = scored(registry, ric_answers(yes), profile="cambridgeshire")
    assert ("idva_consent" in [p.id for p in result.prompts]) is consent
    if consent:
        assert result.marac is not None and not result.marac.refer
        assert result.idash is not None and result.idash.tier == "idva"
        tier = result.idash.tier_service
        assert tier is not None and tier.name == "IDVA support"  # the element; MARAC is not in its name
        assert "without a MARAC referral" in tier.reason and "needs the victim's consent" in tier.reason


def test_hampshire_asks_no_consent_prompt_at_14(registry: Registry) -> None:
    assert "idva_consent" not in [p.id for p in scored(registry, ric_answers(14)).prompts]
