"""A high-risk result proposes a review date: the profile's review_weeks after the assessment."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from dash_helpers import ric_answers

from dash_desktop.assessment import ProfileError, load_profile, proposed_review

DONE = dt.date(2026, 11, 20)


def test_high_risk_is_reviewed_eight_weeks_on_in_the_default_profile(score_ric: Any) -> None:
    profile = load_profile("hampshire")
    assert profile.review_weeks == 8
    high = score_ric(ric_answers(14))
    assert high.risk_level == "high"
    assert proposed_review(high, DONE, profile) == dt.date(2027, 1, 15)
    assert proposed_review(high.to_dict(), DONE, profile) == dt.date(2027, 1, 15)  # as the store keeps it
    assert load_profile("cambridgeshire").review_weeks == 8  # inherited through extends


def test_no_proposal_below_high_or_without_an_interval(score_ric: Any) -> None:
    profile = load_profile("hampshire")
    medium = score_ric(ric_answers(10))
    assert medium.risk_level == "medium"
    assert proposed_review(medium, DONE, profile) is None
    unset = dataclasses.replace(profile, review_weeks=None)
    assert proposed_review(score_ric(ric_answers(14)), DONE, unset) is None


@pytest.mark.parametrize("weeks", [0, "8", 1.5])
def test_a_review_interval_that_is_not_whole_weeks_is_refused(tmp_path: Path, weeks: object) -> None:
    path = tmp_path / "local.yaml"
    path.write_text(f"format: dash-desktop.profile/1\nid: local\nversion: '1'\nextends: hampshire\nname: Local\n"
                    f"review_weeks: {weeks!r}\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="review_weeks"):
        load_profile(str(path))
