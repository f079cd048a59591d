"""When a case is next to be reviewed: a high-risk result proposes a review date, the area
profile's ``review_weeks`` after the assessment (the practitioner may choose another, and reviews
sooner after any new incident)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dash_desktop.assessment.profiles import Profile
from dash_desktop.assessment.result import Result

HIGH = "high"


def proposed_review(result: Result | Mapping[str, Any], completed_on: dt.date, profile: Profile) -> dt.date | None:
    """``completed_on`` plus the profile's ``review_weeks`` for a high-risk result (a :class:`Result`,
    or its stored ``to_dict()``); None for any other result, or where the profile sets no interval."""
    level = result.risk_level if isinstance(result, Result) else result.get("risk_level")
    if level != HIGH or profile.review_weeks is None:
        return None
    return completed_on + dt.timedelta(weeks=profile.review_weeks)
