"""Redaction profiles: what each copy of a referral carries, rule by rule."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from referral_helpers import (
    CHILD,
    PERPETRATOR,
    PERPETRATOR_ADDRESS,
    PERPETRATOR_PHONE,
    SCHOOL,
    VICTIM,
    VICTIM_ADDRESS,
    VICTIM_PHONE,
    high_risk_case,
    marac_form,
)

from dash_desktop.referrals import Kind, Profile, ReferralForm, sheet
from dash_desktop.referrals.redaction import BLANKED, not_known
from dash_desktop.referrals.redaction import VICTIM as VICTIM_SIDE


def text(form: ReferralForm, profile: Profile, side: str | None = None) -> str:
    return "\n".join(f"{s.title} {r.label} {r.text}" for s in sheet(form, profile) for r in s.rows
                     if side is None or s.side == side)


def row(form: ReferralForm, profile: Profile, section: str, label: str) -> str:
    found = [r.text for s in sheet(form, profile) for r in s.rows if s.title == section and r.label == label]
    assert len(found) == 1, (section, label)
    return found[0]


def test_the_marac_copy_carries_everything() -> None:
    out = text(marac_form(), Profile.MARAC)
    for value in (VICTIM, VICTIM_ADDRESS, VICTIM_PHONE, PERPETRATOR, PERPETRATOR_ADDRESS, PERPETRATOR_PHONE, CHILD,
                  SCHOOL, "White other", "Female", "HANTS-2026-0413", "visible high risk"):
        assert value in out


def test_the_childrens_services_copy_has_no_victim_equality_fields_nor_perpetrator_contact() -> None:
    form = marac_form()
    out = text(form, Profile.CHILDRENS_SERVICES)
    assert CHILD in out and SCHOOL in out and "visible high risk" in out and PERPETRATOR in out
    assert PERPETRATOR_ADDRESS not in out and PERPETRATOR_PHONE not in out
    assert "White other" not in out and "Female" not in out
    assert row(form, Profile.CHILDRENS_SERVICES, "The victim", "Ethnicity").startswith("withheld")


def test_the_commissioner_copy_holds_nothing_identifying() -> None:
    form = marac_form(no_consent_why="x")
    out = text(form, Profile.COMMISSIONER)
    for value in (VICTIM, VICTIM_ADDRESS, VICTIM_PHONE, PERPETRATOR, PERPETRATOR_ADDRESS, PERPETRATOR_PHONE, CHILD,
                  SCHOOL, "HANTS-2026-0413", "1990", "1987", "2019", "Sam Carter", "kill her", "White other",
                  "Irish"):
        assert value not in out, value
    assert "visible high risk" in out and "Perpetrator 1" in out and "Child 1" in out


@pytest.mark.parametrize(("safe", "shown"), [(True, True), (False, False), (None, False)])
def test_the_victims_phone_appears_only_when_it_is_safe_to_call(safe: bool | None, shown: bool) -> None:
    form = marac_form(high_risk_case(safe_to_call=safe))
    for profile in (Profile.MARAC, Profile.CHILDRENS_SERVICES):
        assert (VICTIM_PHONE in text(form, profile)) is shown
    if not shown:
        assert "withheld" in row(form, Profile.MARAC, "The victim", "Phone")


def test_a_perpetrators_number_recorded_as_the_victims_is_withheld() -> None:
    form = marac_form(high_risk_case(phone=PERPETRATOR_PHONE))
    assert PERPETRATOR_PHONE not in text(form, Profile.MARAC, VICTIM_SIDE)
    assert row(form, Profile.MARAC, "The victim", "Phone").startswith("withheld")


def test_nothing_on_the_victims_side_carries_the_perpetrators_contact_details() -> None:
    form = dataclasses.replace(marac_form(), safe_to_contact=f"Her sister; not him at {PERPETRATOR_ADDRESS}",
                               not_safe_to_contact=f"Him ({PERPETRATOR_PHONE})")
    for profile in Profile:
        victim_side = text(form, profile, VICTIM_SIDE)
        assert PERPETRATOR_ADDRESS not in victim_side and PERPETRATOR_PHONE not in victim_side
    assert BLANKED in row(form, Profile.MARAC, "Safety", "Who is not safe to contact")
    assert "Her sister" in row(form, Profile.MARAC, "Safety", "Who is safe to contact")


def test_the_dapp_copy_never_carries_the_victims_contact_details() -> None:
    form = dataclasses.replace(marac_form(), kind=Kind.DAPP)
    out = text(form, Profile.DAPP)
    assert PERPETRATOR_ADDRESS in out and VICTIM in out
    assert VICTIM_ADDRESS not in out and VICTIM_PHONE not in out and "White other" not in out
    assert [s.title for s in sheet(form)][1] == "Perpetrator 1"  # the kind's own profile, perpetrator first
    assert "1 May 2026" not in out and "MARAC: heard" not in out  # the perpetrator is never told of a MARAC
    assert "kill her" not in out  # whom the victim fears stays with the copies that may reach her


def test_what_is_not_recorded_reads_not_known_and_is_listed() -> None:
    form = dataclasses.replace(marac_form(), children=(dataclasses.replace(marac_form().children[0], school=None),))
    assert row(form, Profile.MARAC, "Child 1", "School") == "not known"
    assert "children[0].school" in not_known(sheet(form, Profile.MARAC))
    assert "children[0].school" not in not_known(sheet(form, Profile.COMMISSIONER))  # withheld there


def test_the_dapp_copy_blanks_the_victims_address_written_in_free_text() -> None:
    form = dataclasses.replace(marac_form(), kind=Kind.DAPP, not_safe_to_contact=f"Anyone at {VICTIM_ADDRESS}")
    assert VICTIM_ADDRESS not in text(form, Profile.DAPP)
    assert VICTIM_ADDRESS in text(form, Profile.MARAC)


@given(before=st.text(max_size=30), after=st.text(max_size=30), upper=st.booleans(), squeeze=st.booleans(),
       field=st.sampled_from(["safe_to_contact", "not_safe_to_contact", "afraid_of"]))
@settings(max_examples=60, deadline=None)
def test_a_perpetrators_contact_written_anyhow_on_the_victims_side_is_blanked(
        before: str, after: str, upper: bool, squeeze: bool, field: str) -> None:
    """Whatever surrounds it, in capitals or not, the number spaced or not: never on the victim's side."""
    address = PERPETRATOR_ADDRESS.upper() if upper else PERPETRATOR_ADDRESS
    phone = PERPETRATOR_PHONE.replace(" ", "") if squeeze else PERPETRATOR_PHONE.replace(" ", "-")
    form = dataclasses.replace(BASE, **{field: f"{before} {address} {after} {phone}"})
    for profile in Profile:
        side = text(form, profile, VICTIM_SIDE).upper()
        assert PERPETRATOR_ADDRESS.upper() not in side
        assert PERPETRATOR_PHONE.replace(" ", "") not in side.replace(" ", "").replace("-", "")


BASE = marac_form()
