"""A referral form filled in from what the case already holds: its people, its referrals, its completed
assessments and their stored results (never re-scored, never retyped).

The inputs are plain records, read through the protocols below (the store's ``CaseRecord``,
``PersonRecord``, ``AssessmentRecord``, ``ReferralRecord`` and ``PractitionerProfile`` fit them), so this
module needs neither the database nor Qt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from dash_desktop.assessment.household import (
    PERPETRATOR_RISK_NEEDS,
    PRESENT,
    VICTIM_DASH,
    Assessed,
    household_picture,
    instrument_of,
    level_words,
)
from dash_desktop.questionnaires import Registry
from dash_desktop.questionnaires.model import date_text
from dash_desktop.referrals.form import (
    Child,
    Criterion,
    Kind,
    PathwayStep,
    Perpetrator,
    PreviousMarac,
    ReferralForm,
    Referrer,
    RestsOn,
    Sharing,
    Victim,
)

STALKING_SCREEN = "dash-stalking"
HONOUR_SCREEN = "dash-hbv"
#: What each kind of referral rests on: its main instrument, then the screens it carries.
RESTS_ON = {
    Kind.MARAC: (VICTIM_DASH, STALKING_SCREEN, HONOUR_SCREEN),
    Kind.CHILDRENS_SERVICES: (VICTIM_DASH, PERPETRATOR_RISK_NEEDS),
    Kind.DAPP: (PERPETRATOR_RISK_NEEDS,),
}
#: Statuses of a completed assessment (a draft is never a referral's basis).
COMPLETED = ("completed", "signed")
REFERRAL_WORDS = {"marac": "MARAC", "childrens_services": "Children's social care", "dapp": "DAPP",
                  "idash": "IDASH service"}


class PersonLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def role(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def date_of_birth(self) -> dt.date | None: ...
    @property
    def gender(self) -> str | None: ...
    @property
    def ethnicity(self) -> str | None: ...
    @property
    def disability(self) -> str | None: ...
    @property
    def lgbt_plus(self) -> str | None: ...
    @property
    def first_language(self) -> str | None: ...
    @property
    def address(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def safe_to_call(self) -> bool | None: ...
    @property
    def relationship_to_victim(self) -> str | None: ...
    @property
    def relationship_to_perpetrator(self) -> str | None: ...
    @property
    def school(self) -> str | None: ...
    @property
    def interpreter_needed(self) -> bool | None: ...


class AssessmentLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def questionnaire_id(self) -> str: ...
    @property
    def questionnaire_version(self) -> str | None: ...
    @property
    def subject_person_id(self) -> int | None: ...
    @property
    def assessed_on(self) -> dt.date | None: ...
    @property
    def answers(self) -> Mapping[str, Any]: ...
    @property
    def result(self) -> Mapping[str, Any] | None: ...
    @property
    def risk_level(self) -> str | None: ...
    @property
    def yes_count(self) -> int | None: ...
    @property
    def status(self) -> str: ...


class ReferralLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def referred_on(self) -> dt.date | None: ...


class CaseLike(Protocol):
    @property
    def reference(self) -> str: ...
    @property
    def area(self) -> str | None: ...
    @property
    def people(self) -> Sequence[PersonLike]: ...
    @property
    def assessments(self) -> Sequence[AssessmentLike]: ...
    @property
    def referrals(self) -> Sequence[ReferralLike]: ...


class PractitionerLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str | None: ...
    @property
    def organisation(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...


def _text(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _people(case: CaseLike, role: str) -> list[PersonLike]:
    return [p for p in case.people if p.role == role]


def _first(people: list[PersonLike], wanted: int | None) -> PersonLike | None:
    return next((p for p in people if p.id == wanted), people[0] if people else None)


def victim_of(p: PersonLike | None) -> Victim:
    if p is None:
        return Victim()
    return Victim(name=_text(p.name), date_of_birth=p.date_of_birth, address=_text(p.address), phone=_text(p.phone),
                  safe_to_call=p.safe_to_call, gender=p.gender, ethnicity=p.ethnicity, disability=p.disability,
                  lgbt_plus=p.lgbt_plus, interpreter_needed=p.interpreter_needed,
                  first_language=_text(p.first_language))


def perpetrator_of(p: PersonLike) -> Perpetrator:
    return Perpetrator(name=_text(p.name), date_of_birth=p.date_of_birth,
                       relationship_to_victim=_text(p.relationship_to_victim), address=_text(p.address),
                       phone=_text(p.phone))


def child_of(p: PersonLike) -> Child:
    return Child(name=_text(p.name), date_of_birth=p.date_of_birth,
                 relationship_to_victim=_text(p.relationship_to_victim),
                 relationship_to_perpetrator=_text(p.relationship_to_perpetrator), school=_text(p.school),
                 address=_text(p.address))


def summary(result: Mapping[str, Any], risk_level: str | None, yes_count: int | None) -> str:
    """A stored result in a phrase: "High risk, 14 of 24 yes", or a screen's headline."""
    screen = result.get("screen")
    if isinstance(screen, Mapping) and risk_level is None:
        return str(screen.get("headline") or "No cut-off")
    yes = yes_count if yes_count is not None else result.get("yes_count")
    of = result.get("scored_items")
    count = f", {yes} of {of} yes" if yes is not None and of else ""
    return f"{level_words(risk_level)} risk{count}"


def criteria_met(result: Mapping[str, Any]) -> tuple[Criterion, ...]:
    """The MARAC criteria the stored result met, each with its reason."""
    marac = result.get("marac")
    checks = marac.get("checks", []) if isinstance(marac, Mapping) else []
    return tuple(Criterion(str(c["id"]), str(c.get("name") or c["id"]), c.get("reason"))
                 for c in checks if isinstance(c, Mapping) and c.get("met") and c.get("id"))


def _pathway(result: Mapping[str, Any]) -> tuple[PathwayStep, ...]:
    steps = (result.get("dapp") or {}).get("pathway", [])
    return tuple(PathwayStep(str(s.get("name") or s.get("id")), str(s.get("reason") or ""))
                 for s in steps if isinstance(s, Mapping))


def _day(a: AssessmentLike) -> dt.date:
    return a.assessed_on or dt.date.min


def _latest(registry: Registry, done: list[AssessmentLike], instrument: str) -> AssessmentLike | None:
    found = [a for a in done if instrument_of(registry, a.questionnaire_id) == instrument]
    return max(found, key=lambda a: (_day(a), a.id), default=None)


def _rests_on(registry: Registry, a: AssessmentLike, signed: frozenset[int]) -> RestsOn:
    try:
        title = registry.get(a.questionnaire_id, a.questionnaire_version).title
    except KeyError:
        title = a.questionnaire_id
    return RestsOn(a.id, a.questionnaire_id, title, a.assessed_on, summary(a.result or {}, a.risk_level, a.yes_count),
                   signed=a.id in signed)


def _previous_marac(case: CaseLike, answers: Mapping[str, Any]) -> tuple[PreviousMarac, ...]:
    days = {r.referred_on for r in case.referrals if r.kind == Kind.MARAC and r.referred_on is not None}
    answered = answers.get("previous_marac_on")
    if isinstance(answered, str):
        with contextlib.suppress(ValueError):
            days.add(dt.date.fromisoformat(answered))
    return tuple(PreviousMarac(on=day) for day in sorted(days, reverse=True))


def _other_agencies(case: CaseLike, kind: Kind) -> tuple[str, ...]:
    return tuple(f"{REFERRAL_WORDS.get(r.kind, r.kind)}: {r.status}"
                 + (f", referred {date_text(r.referred_on)}" if r.referred_on else "")
                 for r in case.referrals if r.kind != kind)


def _assessed(a: AssessmentLike, names: Mapping[int, str]) -> Assessed:
    subject = names.get(a.subject_person_id) if a.subject_person_id is not None else None
    return Assessed(a.questionnaire_id, a.questionnaire_version, _day(a), a.id, a.answers, a.result or {},
                    a.risk_level, a.yes_count, subject)


def _household(registry: Registry, done: list[AssessmentLike], case: CaseLike) -> tuple[str, ...]:
    names = {p.id: p.name for p in case.people}
    picture = household_picture(registry, [_assessed(a, names) for a in done])
    trio = [f"{line.topic}: {line.state}" for line in picture.trio]
    return (*(f"Victim DASH: {v}" for v in picture.victim_lines),
            *(f"Perpetrator: {v}" for v in picture.perpetrator_lines), *trio)


def _district(result: Mapping[str, Any], area: str | None) -> str | None:
    """The case's district by name, as the stored result matched it to the services directory."""
    matched = (result.get("idash") or {}).get("area")
    name = matched.get("name") if isinstance(matched, Mapping) else None
    return str(name) if name else area


def childrens_referral_reasons(case: CaseLike, registry: Registry | None = None) -> tuple[str, ...]:
    """Why the household picture calls for a referral to children's social care (empty: it does not):
    children in the household, and the latest victim DASH or perpetrator assessment at medium or high
    risk, or a part of the toxic trio beside the abuse (mental health, substance misuse) present."""
    if not _people(case, "child"):
        return ()
    registry = registry if registry is not None else Registry.default()
    done = [a for a in case.assessments if a.status in COMPLETED]
    reasons = []
    sources = ((VICTIM_DASH, "the victim's DASH"), (PERPETRATOR_RISK_NEEDS, "the perpetrator's assessment"))
    for instrument, words in sources:
        latest = _latest(registry, done, instrument)
        if latest is not None and latest.risk_level in ("medium", "high"):
            reasons.append(f"{words}: {level_words(latest.risk_level).lower()} risk")
    names = {p.id: p.name for p in case.people}
    picture = household_picture(registry, [_assessed(a, names) for a in done])
    reasons += [f"toxic trio: {line.topic.lower()} present beside the abuse" for line in picture.trio[1:]
                if line.state == PRESENT]
    return tuple(reasons)


def prefill(
    kind: Kind | str,
    case: CaseLike,
    practitioner: PractitionerLike,
    *,
    assessment: AssessmentLike | None = None,
    sharing: Sharing | None = None,
    referred_on: dt.date | None = None,
    signed: frozenset[int] = frozenset(),
    referrer_phone: str | None = None,
    referrer_email: str | None = None,
    registry: Registry | None = None,
) -> ReferralForm:
    """The referral form of ``kind`` for ``case``, from its records.

    ``assessment`` is the one it rests on (a completed DASH for a MARAC or children's social care
    referral, a completed perpetrator assessment for the DAPP); without it, the case's newest such.
    The screens and other assessments it carries are the case's newest completed ones of each
    instrument. ``signed`` names the assessments whose signed reports go with the referral.
    ``sharing`` (awareness, consent, lawful basis) is the practitioner's, never guessed. The referrer
    is the practitioner's profile (name, role, organisation as the agency, phone, email);
    ``referrer_phone`` / ``referrer_email``, where given, stand in for the profile's.
    """
    kind = Kind(kind)
    registry = registry if registry is not None else Registry.default()
    done = [a for a in case.assessments if a.status in COMPLETED]
    main_instrument, *others = RESTS_ON[kind]
    if assessment is not None:  # a draft is never a referral's basis: the form then rests on nothing
        main = assessment if assessment.status in COMPLETED else None
    else:
        main = _latest(registry, done, main_instrument)
    carried = [main] if main is not None else []
    carried += [a for a in (_latest(registry, done, i) for i in others) if a is not None and a is not main]
    result: Mapping[str, Any] = (main.result or {}) if main is not None else {}
    perpetrators = _people(case, "perpetrator")
    if kind is Kind.DAPP and main is not None:  # the perpetrator assessed first
        perpetrators.sort(key=lambda p: p.id != main.subject_person_id)
    victim = _first(_people(case, "victim"), main.subject_person_id if main is not None else None)
    return ReferralForm(
        kind=kind,
        referred_on=referred_on or dt.date.today(),
        referrer=Referrer(agency=_text(practitioner.organisation), name=_text(practitioner.name),
                          role=_text(practitioner.role),
                          phone=_text(referrer_phone) or _text(practitioner.phone),
                          email=_text(referrer_email) or _text(practitioner.email)),
        victim=victim_of(victim),
        case_reference=case.reference,
        area=_district(result, case.area),
        perpetrators=tuple(perpetrator_of(p) for p in perpetrators),
        children=tuple(child_of(p) for p in _people(case, "child")),
        risk_level=main.risk_level if main is not None else None,
        criteria=criteria_met(result),
        rests_on=tuple(_rests_on(registry, a, signed) for a in carried),
        household=_household(registry, done, case) if kind is Kind.CHILDRENS_SERVICES else (),
        pathway=_pathway(result) if kind is Kind.DAPP else (),
        priority_perpetrator=result.get("priority") if kind is Kind.DAPP else None,
        sharing=sharing or Sharing(),
        afraid_of=_text(main.answers.get("q3_detail")) if main is not None and kind is not Kind.DAPP else None,
        previous_marac=_previous_marac(case, main.answers if main is not None else {}),
        other_agencies=_other_agencies(case, kind),
    )
