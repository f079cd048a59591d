"""The repeat MARAC criterion (SafeLives): further abuse between the same victim and perpetrator(s)
within 12 calendar months of the last referral. A date alone is not a repeat (dash-ric 1.1.0 on);
a 1.0.0 assessment keeps the rule it was scored with; the store can supply the last referral's date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dash_helpers import ASSESSED_ON, days_before, ric_answers, ric_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from dash_desktop.assessment import Result, score
from dash_desktop.assessment.facts import KnownDate, months_later
from dash_desktop.questionnaires import Registry

RECENT = days_before(ASSESSED_ON, 100)


def repeat_reason(result: Result) -> str:
    assert result.marac is not None
    check = next(c for c in result.marac.checks if c.id == "repeat")
    assert check.why is not None
    return " ".join(check.why.text.split())


def prompt_ids(result: Result) -> list[str]:
    return [p.id for p in result.prompts]


@pytest.mark.parametrize(
    ("further", "same", "met", "prompt", "words"),
    [
        ("yes", "yes", True, None, "further abuse since, by the same perpetrator(s): a repeat referral"),
        ("yes", "no", False, None, "by someone else: not a repeat"),
        ("yes", "dont_know", False, "repeat_perpetrator_not_known", "whether by the same perpetrator(s) is not known"),
        ("yes", None, False, None, "whether by the same perpetrator(s) is not answered yet"),
        ("no", None, False, None, "no further abuse since: a review, not a repeat referral"),
        ("dont_know", None, False, "further_abuse_not_known",
         "whether there has been further abuse since is not known"),
        (None, None, False, None, "whether there has been further abuse since is not answered yet"),
    ],
)
def test_only_further_abuse_by_the_same_perpetrator_is_a_repeat(
    score_ric: Any, further: str | None, same: str | None, met: bool, prompt: str | None, words: str
) -> None:
    result = score_ric(ric_answers(2, previous_marac_on=RECENT, further_abuse_since_marac=further,
                                   further_abuse_same_perpetrator=same))
    assert result.marac.repeat is met
    assert result.risk_level == ("high" if met else "standard")  # don't know is a prompt, never the criterion
    assert words in repeat_reason(result)
    assert "100 days before this assessment, within 12 months (until 12 August 2027)" in repeat_reason(result)
    repeat_prompts = [p for p in prompt_ids(result) if p.endswith("_not_known")]
    assert repeat_prompts == ([prompt] if prompt else [])
    if further is None or (further == "yes" and same is None):
        assert not result.complete  # the follow-up is required once the date is answered


def test_a_review_with_no_further_abuse_does_not_refer(score_ric: Any) -> None:
    result = score_ric(ric_answers(10, previous_marac_on=RECENT, further_abuse_since_marac="no"))
    assert not result.marac.refer
    assert result.risk_level == "medium"


@pytest.mark.parametrize(
    ("referred", "assessed", "met", "until"),
    [
        ("2028-02-29", "2029-02-28", True, "28 February 2029"),  # 29 February plus 12 months
        ("2028-02-29", "2029-03-01", False, "28 February 2029"),
        ("2027-03-01", "2028-03-01", True, "1 March 2028"),  # 366 days across 29 February: still 12 months
        ("2027-03-01", "2028-03-02", False, "1 March 2028"),
        ("2026-01-31", "2027-01-31", True, "31 January 2027"),
    ],
)
def test_the_window_is_twelve_calendar_months(score_ric: Any, referred: str, assessed: str, met: bool,
                                              until: str) -> None:
    answers = ric_answers(0, previous_marac_on=referred, further_abuse_since_marac="yes",
                          further_abuse_same_perpetrator="yes")
    result = score_ric(answers, assessed_on=assessed)
    assert result.marac.repeat is met
    text = repeat_reason(result)
    assert (f"until {until}" if met else f"the window closed on {until}") in text


def within_twelve_months(referred: dt.date, assessed: dt.date) -> bool:
    """An oracle written another way: fewer than 12 whole months apart, or exactly 12 and not past the day."""
    months = (assessed.year - referred.year) * 12 + assessed.month - referred.month
    return months < 12 or (months == 12 and assessed.day <= referred.day)


@settings(max_examples=150, deadline=None)
@given(referred=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), gap=st.integers(0, 800))
def test_months_later_agrees_with_counting_months(referred: dt.date, gap: int) -> None:
    assessed = referred + dt.timedelta(days=gap)
    assert (assessed <= months_later(referred, 12)) is within_twelve_months(referred, assessed)


@settings(max_examples=40, deadline=None)
@given(days=st.integers(0, 900))
def test_the_repeat_boundary_over_all_gaps(score_ric: Any, days: int) -> None:
    referred = days_before(ASSESSED_ON, days)
    result = score_ric(ric_answers(0, previous_marac_on=referred, further_abuse_since_marac="yes",
                                   further_abuse_same_perpetrator="yes"))
    assert result.marac.repeat is within_twelve_months(dt.date.fromisoformat(referred),
                                                       dt.date.fromisoformat(ASSESSED_ON))


def test_no_referral_date_says_nothing(score_ric: Any) -> None:
    result = score_ric(ric_answers(0, further_abuse_since_marac="yes"))  # answered, but no referral known
    assert not result.marac.repeat
    assert next(c for c in result.marac.checks if c.id == "repeat").why is None


# --- a 1.0.0 assessment keeps its rule ------------------------------------------------------------


def test_a_version_1_0_0_assessment_keeps_the_date_alone_rule(registry: Registry) -> None:
    old = registry.get("dash-ric", "1.0.0")
    assert not old.has_item("further_abuse_since_marac")
    doc = ric_doc(ric_answers(2, previous_marac_on=RECENT), questionnaire={"id": "dash-ric", "version": "1.0.0"})
    result = score(doc, registry=registry)
    assert result.questionnaire["version"] == "1.0.0"
    assert result.marac is not None and result.marac.repeat
    assert "any further abuse is a repeat referral" in repeat_reason(result)
    assert result.complete


# --- the last referral from the case's own history (for the store) ---------------------------------


def store_scored(registry: Registry, answers: dict[str, Any], known: KnownDate | None) -> Result:
    return score(ric_doc(answers), registry=registry, known_marac_on=known)


def test_the_stores_date_meets_the_criterion_and_says_where_it_came_from(registry: Registry) -> None:
    known = KnownDate(dt.date.fromisoformat(RECENT), "from the case record")
    answers = ric_answers(2, further_abuse_since_marac="yes", further_abuse_same_perpetrator="yes")
    result = store_scored(registry, answers, known)
    assert result.marac is not None and result.marac.repeat
    assert "The last MARAC referral (12 August 2026, from the case record) was 100 days before" in repeat_reason(result)
    without = store_scored(registry, answers, None)
    assert without.marac is not None and not without.marac.repeat


def test_the_stores_date_without_the_follow_up_asks_for_it(registry: Registry) -> None:
    known = KnownDate(dt.date.fromisoformat(RECENT), "from the case record")
    result = store_scored(registry, ric_answers(2), known)
    assert result.marac is not None and not result.marac.repeat
    assert "whether there has been further abuse since is not answered yet" in repeat_reason(result)


@pytest.mark.parametrize(
    ("answered_days", "known_days", "used"),
    [(300, 100, "12 August 2026, from the case record"), (100, 300, "12 August 2026)"),
     (None, -5, None)],  # a record dated after the assessment is not its last referral
)
def test_the_later_of_the_answer_and_the_record_is_the_last_referral(
    registry: Registry, answered_days: int | None, known_days: int, used: str | None
) -> None:
    on = dt.date.fromisoformat(ASSESSED_ON) - dt.timedelta(days=known_days)
    answers = ric_answers(0, further_abuse_since_marac="yes", further_abuse_same_perpetrator="yes",
                          previous_marac_on=None if answered_days is None else days_before(ASSESSED_ON, answered_days))
    result = store_scored(registry, answers, KnownDate(on, "from the case record"))
    assert result.marac is not None
    if used is None:
        assert not result.marac.repeat
    else:
        assert result.marac.repeat
        assert f"The last MARAC referral ({used}" in repeat_reason(result)
