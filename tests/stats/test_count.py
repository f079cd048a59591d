"""Counting a period's statistics from plain facts, and how every output shows them: counts from 1
to 4 as "fewer than 5", in JSON and CSV alike."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from dash_desktop.stats import (
    FEWER_THAN_5,
    AssessmentFact,
    CaseFact,
    PersonFact,
    ReferralFact,
    Statistics,
    count,
    shown,
)

START, END = dt.date(2026, 10, 1), dt.date(2026, 11, 30)
KINDS = ("marac", "childrens_services", "dapp", "idash")


def _period() -> Statistics:
    cases = [CaseFact(i, "havant" if i <= 6 else None, None) for i in range(1, 9)]
    cases[7] = CaseFact(8, None, dt.date(2026, 11, 15))
    assessments = [AssessmentFact(i, i, dt.date(2026, 10, 10 + i), "dash-ric", "high",
                                  ("visible_high_risk", "repeat") if i <= 5 else ("visible_high_risk",))
                   for i in range(1, 7)]
    assessments += [
        AssessmentFact(20, 8, dt.date(2026, 1, 5), "dash-ric", "high"),  # intake, before the period
        AssessmentFact(21, 8, dt.date(2026, 11, 10), "dash-ric", "medium"),  # at close
        AssessmentFact(22, 7, dt.date(2026, 11, 2), "dash-stalking", None),  # a screen: not a DASH
        AssessmentFact(23, 7, dt.date(2026, 9, 30), "dash-ric", "standard"),  # the day before the period
    ]
    referrals = [ReferralFact(i, "marac", dt.date(2026, 10, 20 + i), i) for i in range(1, 7)]
    referrals += [ReferralFact(1, "marac", dt.date(2026, 11, 25)),  # the same household again
                  ReferralFact(2, "childrens_services", dt.date(2026, 11, 1)),
                  ReferralFact(3, "dapp", dt.date(2026, 12, 1))]  # after the period
    people = [PersonFact(i, "victim", dt.date(2009, 10, 1) if i == 1 else None, gender="male" if i <= 2 else "female",
                         minoritised=i <= 5, disability="yes" if i == 3 else "no", lgbt_plus="not_known")
              for i in range(1, 7)]
    people += [PersonFact(1, "child"), PersonFact(1, "child"), PersonFact(2, "child"),
               PersonFact(1, "perpetrator", dt.date(2009, 1, 1)), PersonFact(2, "perpetrator", dt.date(1990, 1, 1)),
               PersonFact(7, "child")]  # not a referred household
    return count(START, END, cases=cases, assessments=assessments, referrals=referrals, people=people, kinds=KINDS)


def test_the_counts_of_a_period() -> None:
    stats = _period()
    assert stats.assessments_by_risk == {"standard": 0, "medium": 1, "high": 6}
    assert stats.marac_referrals == 7
    # the repeat referral of case 1 rests on its newest DASH before it (the same one): criteria counted per referral
    assert stats.marac_by_criterion == {"visible_high_risk": 7, "professional_judgement": 0,
                                        "potential_escalation": 0, "repeat": 6}
    assert stats.repeat_referrals == 6
    assert stats.repeat_rate == 6 / 7
    assert stats.referrals_by_kind == {"marac": 7, "childrens_services": 1, "dapp": 0, "idash": 0}
    assert (stats.victims.total, stats.victims.minoritised, stats.victims.male, stats.victims.disabled,
            stats.victims.lgbt_plus, stats.victims.aged_16_17) == (6, 5, 2, 1, 0, 1)
    assert stats.children_in_referred_households == 3
    assert stats.perpetrators_under_18 == 1
    assert stats.cases_by_district == {"havant": 6, "not_recorded": 1}  # case 7 had no DASH, only a screen
    assert stats.intake_to_close["high"] == {"standard": 0, "medium": 1, "high": 0}
    assert [(m.month, m.assessments_by_risk["high"], m.referrals, m.marac_referrals) for m in stats.months] == [
        ("2026-10", 6, 6, 6), ("2026-11", 0, 2, 1)]


def test_small_counts_are_hidden_in_every_output() -> None:
    assert [shown(n) for n in (0, 1, 4, 5, 12)] == [0, FEWER_THAN_5, FEWER_THAN_5, 5, 12]
    stats = _period()
    data = json.loads(stats.to_json())
    assert data["period"] == {"from": "2026-10-01", "to": "2026-11-30"}
    assert data["assessments_by_risk"] == {"standard": 0, "medium": FEWER_THAN_5, "high": 6}
    assert data["victims"]["minoritised"] == 5
    assert data["victims"]["male"] == FEWER_THAN_5
    assert data["repeat_rate_percent"] == 86
    assert data["months"][1] == {"month": "2026-11", "assessments_by_risk": {"standard": 0, "medium": FEWER_THAN_5,
                                                                            "high": 0},
                                 "marac_referrals": FEWER_THAN_5, "other_referrals": FEWER_THAN_5}
    rows = list(csv.reader(io.StringIO(stats.to_csv())))
    assert rows[0] == ["measure", "category", "value"]
    assert ["victims", "male", FEWER_THAN_5] in rows
    assert ["intake_to_close", "high/medium", FEWER_THAN_5] in rows
    assert ["months", "2026-10/assessments_by_risk/high", "6"] in rows
    assert ["marac_referrals", "", "7"] in rows
    for row in rows[1:]:  # no number from 1 to 4 anywhere
        assert row[2] not in {"1", "2", "3", "4"}, row


def test_a_repeat_rate_from_fewer_than_5_referrals_is_hidden() -> None:
    one = count(START, END, cases=[CaseFact(1, None, None)],
                assessments=[AssessmentFact(1, 1, START, "dash-ric", "high", ("repeat",))],
                referrals=[ReferralFact(1, "marac", START, 1)], people=[], kinds=KINDS)
    assert one.repeat_rate == 1.0
    assert json.loads(one.to_json())["repeat_rate_percent"] == FEWER_THAN_5
    none = count(START, END, cases=[], assessments=[], referrals=[], people=[], kinds=KINDS)
    assert json.loads(none.to_json())["repeat_rate_percent"] is None


def test_a_repeat_rate_would_give_away_fewer_than_5_repeats_so_it_is_hidden() -> None:
    cases = [CaseFact(n, None, None) for n in range(1, 13)]
    assessments = [AssessmentFact(n, n, START, "dash-ric", "high", ("repeat",) if n <= 2 else ("visible_high_risk",))
                   for n in range(1, 13)]
    referrals = [ReferralFact(n, "marac", START, n) for n in range(1, 13)]
    stats = count(START, END, cases=cases, assessments=assessments, referrals=referrals, people=[], kinds=KINDS)
    data = json.loads(stats.to_json())
    assert data["marac_referrals"] == 12 and data["repeat_referrals"] == FEWER_THAN_5
    assert data["repeat_rate_percent"] == FEWER_THAN_5  # 17% of 12 would be the 2 repeats
    assert [line for line in stats.to_csv().splitlines() if "repeat_rate" in line] == [
        "repeat_rate_percent,,fewer than 5"]


def test_no_month_gives_a_hidden_count_away_by_subtraction() -> None:
    cases = [CaseFact(n, None, None) for n in range(1, 8)]
    referrals = [ReferralFact(n, "marac", START, None) for n in range(1, 7)]
    referrals.append(ReferralFact(7, "childrens_services", START, None))
    stats = count(START, END, cases=cases, assessments=[], referrals=referrals, people=[], kinds=KINDS)
    (month, *_rest) = json.loads(stats.to_json())["months"]
    assert (month["marac_referrals"], month["other_referrals"]) == (6, FEWER_THAN_5)
    assert 7 not in month.values()  # with a total of 7 beside the 6, the one other referral would show
