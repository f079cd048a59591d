"""The referral form: prefilled from the case's records and the stored result (criteria never typed),
what is missing, what a referral cannot go without, and its JSON for the store."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from referral_helpers import (
    CHILD,
    PERPETRATOR,
    PERPETRATOR_ADDRESS,
    SCHOOL,
    VICTIM,
    Case,
    Practitioner,
    high_risk_case,
    household,
    marac_form,
    stored,
)

from dash_desktop.referrals import (
    FormError,
    Kind,
    LawfulBasis,
    ReferralForm,
    Sharing,
    childrens_referral_reasons,
    missing,
    prefill,
    required_faults,
)


def test_a_marac_form_is_prefilled_from_the_case_and_the_stored_result() -> None:
    form = marac_form()
    assert form.victim.name == VICTIM and form.victim.safe_to_call is True
    assert [p.name for p in form.perpetrators] == [PERPETRATOR]
    assert form.perpetrators[0].address == PERPETRATOR_ADDRESS
    assert [(c.name, c.school, c.relationship_to_perpetrator) for c in form.children] == [(CHILD, SCHOOL, "daughter")]
    assert form.referrer.name == "Sam Carter" and form.referrer.agency == "Hampshire IDVA Service"
    assert [c.id for c in form.criteria] == ["visible_high_risk"]
    assert "14" in (form.criteria[0].reason or "")
    assert form.risk_level == "high"
    assert form.afraid_of == "That he will kill her and take the children."
    assert form.assessment is not None and form.assessment.assessment_id == 10
    assert form.assessment.summary == "High risk, 14 of 24 yes"
    assert [m.on for m in form.previous_marac] == [dt.date(2026, 5, 1)]
    assert form.other_agencies == ("DAPP: accepted, referred 2 June 2026",)


def test_the_criteria_come_from_the_stored_result_not_from_the_answers() -> None:
    """A result stored with other criteria is what the form carries: nothing is re-scored."""
    case = high_risk_case()
    a = case.assessments[0]
    result = dict(a.result or {})
    result["marac"] = {"refer": True, "criteria": ["professional_judgement"], "checks": [
        {"id": "visible_high_risk", "name": "visible high risk", "met": False, "reason": None},
        {"id": "professional_judgement", "name": "professional judgement", "met": True, "reason": "Recorded."}]}
    case = dataclasses.replace(case, assessments=(dataclasses.replace(a, result=result),))
    assert [(c.id, c.reason) for c in marac_form(case).criteria] == [("professional_judgement", "Recorded.")]


def test_the_screens_the_referral_rests_on_are_carried_after_the_dash() -> None:
    hbv = stored("dash-hbv-specialist-advice.json", 11)
    case = dataclasses.replace(high_risk_case(), assessments=(*high_risk_case().assessments, hbv))
    form = marac_form(case)
    assert [r.assessment_id for r in form.rests_on] == [10, 11]
    assert form.rests_on[1].summary == "Specialist advice needed"


def test_a_draft_is_never_what_a_referral_rests_on() -> None:
    case = high_risk_case()
    draft = dataclasses.replace(case.assessments[0], status="draft")
    form = prefill(Kind.MARAC, case, Practitioner(), assessment=draft, sharing=Sharing(consent=True))
    assert form.assessment is None
    assert [f.field for f in required_faults(form)] == ["assessment"]


def test_what_is_not_recorded_is_listed_as_missing() -> None:
    case = dataclasses.replace(high_risk_case(), people=(household()[0], *(
        dataclasses.replace(p, date_of_birth=None, school=None) for p in household()[1:])))
    fields = [m.field for m in missing(marac_form(case, victim_aware=None))]
    assert "perpetrators[0].date_of_birth" in fields and "children[0].school" in fields
    assert "referrer.phone" in fields and "sharing.victim_aware" in fields and "safe_to_contact" in fields
    assert "victim.address" not in fields
    labels = [m.label for m in missing(marac_form(case))]
    assert f"Perpetrator 1 ({PERPETRATOR}): date of birth" in labels


def test_a_complete_referral_has_no_faults() -> None:
    assert required_faults(marac_form()) == []


@pytest.mark.parametrize(("sharing", "fields"), [
    ({"consent": None}, ["consent"]),
    ({"consent": False}, ["lawful_basis"]),
    ({"consent": False, "lawful_basis": (LawfulBasis.LOCAL_PROTOCOL,)}, ["lawful_basis"]),
    ({"consent": False, "lawful_basis": (LawfulBasis.OTHER,)}, ["lawful_basis"]),
    ({"consent": False, "lawful_basis": (LawfulBasis.S115, LawfulBasis.GDPR_9_SCH1_18)}, []),
    ({"consent": False, "lawful_basis": (LawfulBasis.LOCAL_PROTOCOL,), "protocol_name": "Hampshire ISP"}, []),
])
def test_without_consent_the_lawful_basis_is_required(sharing: dict[str, Any], fields: list[str]) -> None:
    assert [f.field for f in required_faults(marac_form(**sharing))] == fields


def test_no_victim_name_no_referrer_no_assessment_are_each_named() -> None:
    case = Case(people=(dataclasses.replace(household()[0], name=" "),))
    form = prefill(Kind.MARAC, case, Practitioner(name="", organisation=None), sharing=Sharing(consent=True))
    assert [f.field for f in required_faults(form)] == ["victim.name", "referrer", "assessment"]


def test_a_dapp_referral_rests_on_the_perpetrator_assessment_and_carries_the_pathway() -> None:
    perp = stored("perpetrator-priority-high-harm.json", 20, subject=2)
    case = dataclasses.replace(high_risk_case(), assessments=(*high_risk_case().assessments, perp))
    form = prefill(Kind.DAPP, case, Practitioner(), sharing=Sharing(consent=True))
    assert form.assessment is not None and form.assessment.assessment_id == 20
    assert form.perpetrators[0].name == PERPETRATOR
    assert form.pathway and all(step.reason for step in form.pathway)
    assert form.priority_perpetrator is True
    assert required_faults(form) == []


def test_a_childrens_services_referral_carries_the_household_picture() -> None:
    perp = stored("perpetrator-high-risk-complex-needs.json", 20, subject=2)
    case = dataclasses.replace(high_risk_case(), assessments=(*high_risk_case().assessments, perp))
    form = prefill(Kind.CHILDRENS_SERVICES, case, Practitioner(), sharing=Sharing(consent=True))
    assert [r.assessment_id for r in form.rests_on] == [10, 20]
    assert any(line.startswith("Mental health:") for line in form.household)
    assert any(line == "Victim DASH: Risk level: High" for line in form.household)


def test_the_form_goes_to_json_and_back_unchanged() -> None:
    form = marac_form(consent=False, lawful_basis=(LawfulBasis.S115, LawfulBasis.LOCAL_PROTOCOL),
                      protocol_name="Hampshire ISP", no_consent_why="He reads her messages.")
    assert ReferralForm.from_json(form.to_json()) == form


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d.update(format="other"), "format"),
    (lambda d: d["victim"].update(date_of_birth="1 June"), "victim.date_of_birth"),
    (lambda d: d["sharing"].update(lawful_basis=["made_up"]), "sharing.lawful_basis[0]"),
    (lambda d: d["perpetrators"][0].update(height=2), "perpetrators[0]"),
    (lambda d: d.update(kind="idash"), "kind"),
    (lambda d: d["victim"].update(safe_to_call="yes"), "victim.safe_to_call"),
])
def test_a_damaged_stored_form_names_its_field(change: object, field: str) -> None:
    import json

    data = json.loads(marac_form().to_json())
    change(data)  # type: ignore[operator]
    with pytest.raises(FormError) as caught:
        ReferralForm.from_json(json.dumps(data))
    assert caught.value.field == field


def test_the_district_is_named_as_the_stored_result_matched_it() -> None:
    rushmoor = dataclasses.replace(high_risk_case(), area="rushmoor",
                                   assessments=(stored("dash-ric-standard-rushmoor.json", 10),))
    assert marac_form(rushmoor).area == "Rushmoor"
    assert marac_form().area == "fareham"  # scored without an area: the case's district as recorded


def test_the_household_picture_calls_for_a_childrens_referral_only_with_children_at_risk() -> None:
    case = high_risk_case()
    assert childrens_referral_reasons(case) == ("the victim's DASH: high risk",
                                                "toxic trio: mental health present beside the abuse")  # q5 yes
    assert childrens_referral_reasons(dataclasses.replace(case, people=case.people[:2])) == ()  # no child
    standard = dataclasses.replace(case, assessments=(stored("dash-ric-standard-rushmoor.json", 10),))
    assert not any("DASH" in reason for reason in childrens_referral_reasons(standard))
    perp = stored("perpetrator-high-risk-complex-needs.json", 20, subject=2)
    with_trio = childrens_referral_reasons(dataclasses.replace(standard, assessments=(*standard.assessments, perp)))
    assert "the perpetrator's assessment: high risk" in with_trio
    assert any(reason.startswith("toxic trio:") for reason in with_trio)


def test_the_referrers_contact_details_are_the_profiles_unless_given() -> None:
    me = Practitioner(phone="023 8000 1234", email="sam@idva.example")
    form = prefill(Kind.MARAC, high_risk_case(), me)
    assert (form.referrer.phone, form.referrer.email) == ("023 8000 1234", "sam@idva.example")
    given = prefill(Kind.MARAC, high_risk_case(), me, referrer_phone="07700 900000")
    assert (given.referrer.phone, given.referrer.email) == ("07700 900000", "sam@idva.example")
