"""The statistics of a period, as plain frozen data, and how a count is shown (small counts hidden)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dash_desktop.assessment.profiles import LEVELS

#: Counts from 1 to SUPPRESS_BELOW - 1 are never shown as numbers: a small number can point to a person.
SUPPRESS_BELOW = 5
FEWER_THAN_5 = "fewer than 5"
FORMAT = "dash-desktop.statistics/1"

__all__ = ["FEWER_THAN_5", "FORMAT", "LEVELS", "SUPPRESS_BELOW", "MonthCounts", "Statistics", "VictimCounts",
           "shown"]


def shown(n: int) -> int | str:
    """A count as every output shows it: 0 and 5 or more as the number, 1 to 4 as "fewer than 5"."""
    return FEWER_THAN_5 if 0 < n < SUPPRESS_BELOW else n


@dataclass(frozen=True)
class VictimCounts:
    """The victims in the cases referred to MARAC in the period, in the SafeLives MARAC dataset's
    categories (a victim may be in several)."""

    total: int
    minoritised: int  # Black, Asian and racially minoritised (vocabulary.is_minoritised)
    lgbt_plus: int
    disabled: int
    male: int
    aged_16_17: int  # on the day of the referral


@dataclass(frozen=True)
class MonthCounts:
    """One calendar month of the period (the first and last may be part months)."""

    month: str  # "2026-11"
    assessments_by_risk: Mapping[str, int]  # standard, medium, high
    referrals: int  # of every kind
    marac_referrals: int


@dataclass(frozen=True)
class Statistics:
    """The counts for the period ``from_`` to ``to`` (both days included); docs/statistics.md says
    what each one counts."""

    from_: dt.date
    to: dt.date
    assessments_by_risk: Mapping[str, int]  # completed DASH assessments, by risk level
    marac_referrals: int
    marac_by_criterion: Mapping[str, int]  # each MARAC criterion met by the assessment a referral rests on
    repeat_referrals: int  # MARAC referrals meeting the repeat criterion
    referrals_by_kind: Mapping[str, int]
    victims: VictimCounts
    children_in_referred_households: int
    perpetrators_under_18: int
    cases_by_district: Mapping[str, int]  # the cases with an assessment or referral in the period
    intake_to_close: Mapping[str, Mapping[str, int]]  # cases closed in the period: risk at intake -> at close
    months: tuple[MonthCounts, ...]

    @property
    def repeat_rate(self) -> float | None:
        """Repeat referrals as a share of MARAC referrals (None when there were none)."""
        return self.repeat_referrals / self.marac_referrals if self.marac_referrals else None

    def to_dict(self) -> dict[str, Any]:
        """The statistics as shown: small counts as "fewer than 5", the repeat rate as a percentage
        (hidden as "fewer than 5" when fewer than 5 referrals, or fewer than 5 repeats, make it)."""
        return shown_dict(self)

    def to_json(self) -> str:
        from dash_desktop.stats.render import to_json

        return to_json(self)

    def to_csv(self) -> str:
        from dash_desktop.stats.render import to_csv

        return to_csv(self)


def _counts(mapping: Mapping[str, int]) -> dict[str, int | str]:
    return {key: shown(n) for key, n in mapping.items()}


def _rate_hidden(stats: Statistics) -> bool:
    """A rate is hidden when the referrals it is made of are fewer than 5, or when the repeats are:
    12 referrals and a rate of 17% would give away the 2 repeats that are shown as "fewer than 5"."""
    return stats.marac_referrals < SUPPRESS_BELOW or 0 < stats.repeat_referrals < SUPPRESS_BELOW


def shown_dict(stats: Statistics) -> dict[str, Any]:
    rate = stats.repeat_rate
    return {
        "format": FORMAT,
        "period": {"from": stats.from_.isoformat(), "to": stats.to.isoformat()},
        "suppressed_below": SUPPRESS_BELOW,
        "assessments_by_risk": _counts(stats.assessments_by_risk),
        "marac_referrals": shown(stats.marac_referrals),
        "marac_by_criterion": _counts(stats.marac_by_criterion),
        "repeat_referrals": shown(stats.repeat_referrals),
        "repeat_rate_percent": None if rate is None else FEWER_THAN_5 if _rate_hidden(stats) else round(rate * 100),
        "referrals_by_kind": _counts(stats.referrals_by_kind),
        "victims": _counts(vars(stats.victims)),
        "children_in_referred_households": shown(stats.children_in_referred_households),
        "perpetrators_under_18": shown(stats.perpetrators_under_18),
        "cases_by_district": _counts(stats.cases_by_district),
        "intake_to_close": {intake: _counts(close) for intake, close in stats.intake_to_close.items()},
        "months": [{"month": m.month, "assessments_by_risk": _counts(m.assessments_by_risk),
                    "marac_referrals": shown(m.marac_referrals),
                    "other_referrals": shown(m.referrals - m.marac_referrals)}
                   for m in stats.months],
    }
