"""The statistics PDF: the counts as tables and the two charts, with every count from 1 to 4 kept as
"fewer than 5" (in the tables and the charts), and nothing else identifying."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from report_helpers import pdftotext

from dash_desktop.reports.stats_pdf import render
from dash_desktop.stats import AssessmentFact, CaseFact, PersonFact, ReferralFact, Statistics, count

START, END = dt.date(2026, 4, 1), dt.date(2026, 9, 30)


def statistics() -> Statistics:
    """12 high-risk DASHes in June (each referred to MARAC, 2 of them repeats), 3 medium in July, 7
    standard over the months; one DAPP referral; victims in several categories."""
    cases = [CaseFact(i, "gosport" if i % 2 else "havant", None) for i in range(1, 23)]
    assessments = [AssessmentFact(i, i, dt.date(2026, 6, 1 + i), "dash-ric", "high",
                                  ("visible_high_risk", "repeat") if i <= 2 else ("visible_high_risk",))
                   for i in range(1, 13)]
    assessments += [AssessmentFact(12 + i, 12 + i, dt.date(2026, 7, 1 + i), "dash-ric", "medium") for i in range(1, 4)]
    assessments += [AssessmentFact(15 + i, 15 + i, dt.date(2026, 4 + i % 5, 3), "dash-ric", "standard")
                    for i in range(1, 8)]
    referrals = [ReferralFact(i, "marac", dt.date(2026, 6, 2 + i), i) for i in range(1, 13)]
    referrals.append(ReferralFact(13, "dapp", dt.date(2026, 8, 9)))
    people = [PersonFact(i, "victim", dt.date(1990, 1, 1), gender="male" if i <= 6 else "female",
                         minoritised=i <= 2, disability="yes" if i <= 7 else "no") for i in range(1, 13)]
    people += [PersonFact(i, "child") for i in range(1, 4)]
    return count(START, END, cases=cases, assessments=assessments, referrals=referrals, people=people,
                 kinds=("marac", "childrens_services", "dapp", "idash"))


def text_of(tmp_path: Path, stats: Statistics) -> str:
    path = tmp_path / "stats.pdf"
    path.write_bytes(render(stats))
    return " ".join(pdftotext(path).split())


def test_the_counts_are_tables_with_small_counts_hidden(tmp_path: Path) -> None:
    stats = statistics()
    text = text_of(tmp_path, stats)
    assert "1 April 2026 to 30 September 2026" in text
    assert "MARAC referrals 12" in text and "Visible high risk 12" in text
    assert "Repeat referrals fewer than 5" in text and "Repeat referral fewer than 5" in text
    assert "Repeat rate hidden (fewer than 5 referrals or repeats)" in text and "17%" not in text  # 2 of 12
    assert "Male 6" in text and "Disabled 7" in text and "Black, Asian and racially minoritised fewer than 5" in text
    assert "Medium fewer than 5" in text and "Medium 3" not in text  # 3 in the period
    assert "Repeat referrals 2" not in text and "dapp 1" not in text.lower() and "Children in the households" \
        " referred fewer than 5" in text


def test_the_charts_draw_no_bar_for_a_hidden_count(tmp_path: Path) -> None:
    text = text_of(tmp_path, statistics())
    assert "Assessments (DASH) by risk level, by month" in text and "Referrals by month" in text
    # standard in April, May, July, August, September; medium in July; the DAPP referral of August (twice:
    # all referrals, and the month's referrals by kind are not charted); plus the note under the charts
    assert text.count("<5") == 5 + 1 + 1 + 1
    assert "Jun 2026" in text and "Sep 2026" in text


def test_an_empty_period_renders(tmp_path: Path) -> None:
    empty = count(START, END, cases=[], assessments=[], referrals=[], people=[], kinds=("marac",))
    text = text_of(tmp_path, empty)
    assert "MARAC referrals 0" in text and "none in the period" in text
