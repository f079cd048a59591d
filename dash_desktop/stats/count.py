"""Counting a period's statistics from plain facts the store gathers (no names are ever among them:
the facts carry ids, dates, categories and levels only)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dash_desktop.assessment.rules import CRITERIA
from dash_desktop.stats.model import LEVELS, MonthCounts, Statistics, VictimCounts

MARAC = "marac"
#: The district of a case with none recorded.
NO_DISTRICT = "not_recorded"
#: The questionnaire counted as "assessments" (the DASH risk checklist).
DASH = "dash-ric"


@dataclass(frozen=True)
class CaseFact:
    id: int
    area: str | None
    closed_on: dt.date | None


@dataclass(frozen=True)
class AssessmentFact:
    """A completed assessment: its case, day, questionnaire, level and the MARAC criteria its stored
    result met."""

    id: int
    case_id: int
    on: dt.date
    questionnaire_id: str
    risk_level: str | None
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReferralFact:
    case_id: int
    kind: str
    on: dt.date
    assessment_id: int | None = None


@dataclass(frozen=True)
class PersonFact:
    case_id: int
    role: str
    date_of_birth: dt.date | None = None
    age_band: str | None = None
    gender: str | None = None
    minoritised: bool = False  # Black, Asian and racially minoritised (the store's vocabulary says which)
    disability: str | None = None
    lgbt_plus: str | None = None


def age_on(person: PersonFact, day: dt.date) -> int | None:
    """Whole years on ``day``, from the date of birth (else None)."""
    born = person.date_of_birth
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _is_16_17(person: PersonFact, day: dt.date) -> bool:
    age = age_on(person, day)
    if age is None:
        return (person.age_band or "").replace(" ", "") in {"16-17", "16–17"}
    return age in (16, 17)


def _months(start: dt.date, end: dt.date) -> list[str]:
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _by_level(assessments: Iterable[AssessmentFact]) -> dict[str, int]:
    found = Counter(a.risk_level for a in assessments)
    return {level: found[level] for level in LEVELS}


def _resting_on(referral: ReferralFact, dash: Sequence[AssessmentFact]) -> AssessmentFact | None:
    """The assessment a referral rests on: the one it names, else the case's newest DASH on or
    before the day it was made."""
    named = [a for a in dash if a.id == referral.assessment_id]
    if named:
        return named[0]
    before = [a for a in dash if a.case_id == referral.case_id and a.on <= referral.on]
    return max(before, key=lambda a: (a.on, a.id)) if before else None


def _victims(people: Sequence[PersonFact], referred: Mapping[int, dt.date]) -> VictimCounts:
    victims = [p for p in people if p.role == "victim" and p.case_id in referred]
    return VictimCounts(
        total=len(victims),
        minoritised=sum(v.minoritised for v in victims),
        lgbt_plus=sum(v.lgbt_plus == "yes" for v in victims),
        disabled=sum(v.disability == "yes" for v in victims),
        male=sum(v.gender == "male" for v in victims),
        aged_16_17=sum(_is_16_17(v, referred[v.case_id]) for v in victims),
    )


def _intake_to_close(cases: Sequence[CaseFact], dash: Sequence[AssessmentFact], start: dt.date,
                     end: dt.date) -> dict[str, dict[str, int]]:
    table = {intake: dict.fromkeys(LEVELS, 0) for intake in LEVELS}
    for case in cases:
        if case.closed_on is None or not start <= case.closed_on <= end:
            continue
        levels = [a.risk_level for a in sorted((a for a in dash if a.case_id == case.id), key=lambda a: (a.on, a.id))
                  if a.risk_level in LEVELS]
        if levels:
            table[levels[0]][levels[-1]] += 1
    return table


def _under_18(person: PersonFact, day: dt.date) -> bool:
    age = age_on(person, day)
    return age is not None and age < 18


def count(start: dt.date, end: dt.date, *, cases: Sequence[CaseFact], assessments: Sequence[AssessmentFact],
          referrals: Sequence[ReferralFact], people: Sequence[PersonFact], kinds: Sequence[str]) -> Statistics:
    """The statistics of the period ``start`` to ``end`` (both included) from every fact the store
    holds; ``kinds``: the referral kinds there are (each counted, if only as 0)."""
    dash = [a for a in assessments if a.questionnaire_id == DASH]
    in_period = [a for a in dash if start <= a.on <= end]
    made = [r for r in referrals if start <= r.on <= end]
    marac = [r for r in made if r.kind == MARAC]
    criteria: Counter[str] = Counter()
    for referral in marac:
        rests_on = _resting_on(referral, dash)
        criteria.update(set(rests_on.criteria) if rests_on else ())
    referred: dict[int, dt.date] = {}
    for referral in sorted(marac, key=lambda r: r.on):
        referred.setdefault(referral.case_id, referral.on)  # each household once, at its first referral
    active = {a.case_id for a in in_period} | {r.case_id for r in made}
    districts = Counter(c.area or NO_DISTRICT for c in cases if c.id in active)
    by_kind = Counter(r.kind for r in made)
    months = [MonthCounts(month, _by_level(a for a in in_period if a.on.isoformat()[:7] == month),
                          sum(r.on.isoformat()[:7] == month for r in made),
                          sum(r.on.isoformat()[:7] == month for r in marac))
              for month in _months(start, end)]
    return Statistics(
        from_=start, to=end,
        assessments_by_risk=_by_level(in_period),
        marac_referrals=len(marac),
        marac_by_criterion={c: criteria[c] for c in CRITERIA},
        repeat_referrals=criteria["repeat"],
        referrals_by_kind={k: by_kind[k] for k in kinds},
        victims=_victims(people, referred),
        children_in_referred_households=sum(p.role == "child" and p.case_id in referred for p in people),
        perpetrators_under_18=sum(p.role == "perpetrator" and p.case_id in referred
                                  and _under_18(p, referred[p.case_id]) for p in people),
        cases_by_district=dict(sorted(districts.items())),
        intake_to_close=_intake_to_close(cases, dash, start, end),
        months=tuple(months),
    )
