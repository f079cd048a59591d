"""Anonymised statistics for commissioners and the MARAC (issue 12): counts for a period, never a
name, reference, date of birth or any date but the period's and the months'. Plain Python: no Qt, no
SQLAlchemy (the store gathers the facts, :func:`count` counts them, :mod:`.render` writes them).

Every count from 1 to 4 is shown as "fewer than 5" in every output (:func:`shown`); see
docs/statistics.md for the JSON keys.
"""

from dash_desktop.stats.count import AssessmentFact, CaseFact, PersonFact, ReferralFact, count
from dash_desktop.stats.model import (
    FEWER_THAN_5,
    LEVELS,
    SUPPRESS_BELOW,
    MonthCounts,
    Statistics,
    VictimCounts,
    shown,
)

__all__ = [
    "FEWER_THAN_5",
    "LEVELS",
    "SUPPRESS_BELOW",
    "AssessmentFact",
    "CaseFact",
    "MonthCounts",
    "PersonFact",
    "ReferralFact",
    "Statistics",
    "VictimCounts",
    "count",
    "shown",
]
