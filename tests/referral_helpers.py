"""Plain records shaped like the store's (the protocols of ``dash_desktop.referrals.prefill``), and a
filled-in referral form, for the referral tests (importable as ``referral_helpers``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dash_desktop.assessment import parse_document, score
from dash_desktop.referrals import Kind, ReferralForm, Sharing, prefill

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
VICTIM, PERPETRATOR, CHILD = "Aoife Ní Bhriain", "Darren Keel", "Maisie Keel"
VICTIM_ADDRESS, PERPETRATOR_ADDRESS = "14 Orchard Close, Fareham PO16 7AA", "3 Quay Street, Gosport PO12 1AB"
VICTIM_PHONE, PERPETRATOR_PHONE = "07700 900123", "07700 900999"
SCHOOL = "Harbour Primary School"


@dataclass(frozen=True)
class Person:
    id: int
    role: str
    name: str
    date_of_birth: dt.date | None = None
    gender: str | None = None
    ethnicity: str | None = None
    disability: str | None = None
    lgbt_plus: str | None = None
    first_language: str | None = None
    address: str | None = None
    phone: str | None = None
    safe_to_call: bool | None = None
    relationship_to_victim: str | None = None
    relationship_to_perpetrator: str | None = None
    school: str | None = None
    interpreter_needed: bool | None = None


@dataclass(frozen=True)
class Assessment:
    id: int
    questionnaire_id: str
    answers: Mapping[str, Any]
    result: Mapping[str, Any] | None
    risk_level: str | None
    yes_count: int | None
    assessed_on: dt.date | None
    questionnaire_version: str | None = None
    subject_person_id: int | None = 1
    status: str = "completed"


@dataclass(frozen=True)
class Referral:
    kind: str
    status: str
    referred_on: dt.date | None


@dataclass(frozen=True)
class Case:
    reference: str = "HANTS-2026-0413"
    area: str | None = "fareham"
    people: tuple[Person, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    referrals: tuple[Referral, ...] = ()


@dataclass(frozen=True)
class Practitioner:
    name: str = "Sam Carter"
    role: str | None = "IDVA"
    organisation: str | None = "Hampshire IDVA Service"
    phone: str | None = None
    email: str | None = None


def stored(example: str, assessment_id: int, subject: int = 1, **answers: Any) -> Assessment:
    """An example assessment as the store keeps it once completed: its answers and result snapshot."""
    data = json.loads((EXAMPLES / example).read_text("utf-8"))
    data["answers"].update(answers)
    doc = parse_document(data)
    result = score(doc)
    return Assessment(assessment_id, doc.questionnaire_id, dict(doc.answers), result.to_dict(), result.risk_level,
                      result.yes_count, doc.assessed_on, result.questionnaire["version"], subject)


def household(**victim: Any) -> tuple[Person, ...]:
    details: dict[str, Any] = {
        "date_of_birth": dt.date(1990, 6, 1), "gender": "female", "ethnicity": "white_other", "disability": "no",
        "lgbt_plus": "no", "first_language": "Irish", "address": VICTIM_ADDRESS, "phone": VICTIM_PHONE,
        "safe_to_call": True, "interpreter_needed": False}
    details.update(victim)
    return (Person(1, "victim", VICTIM, **details),
            Person(2, "perpetrator", PERPETRATOR, date_of_birth=dt.date(1987, 2, 3), address=PERPETRATOR_ADDRESS,
                   phone=PERPETRATOR_PHONE, relationship_to_victim="ex-partner"),
            Person(3, "child", CHILD, date_of_birth=dt.date(2019, 9, 9), relationship_to_victim="daughter",
                   relationship_to_perpetrator="daughter", school=SCHOOL, address=VICTIM_ADDRESS))


def high_risk_case(**victim: Any) -> Case:
    return Case(people=household(**victim), assessments=(stored("dash-ric-14-yes.json", 10),),
                referrals=(Referral("marac", "heard", dt.date(2026, 5, 1)),
                           Referral("dapp", "accepted", dt.date(2026, 6, 2))))


def marac_form(case: Case | None = None, **sharing: Any) -> ReferralForm:
    given: dict[str, Any] = {"victim_aware": True, "consent": True}
    given.update(sharing)
    return prefill(Kind.MARAC, case or high_risk_case(), Practitioner(), sharing=Sharing(**given),
                   referred_on=dt.date(2026, 11, 21))
