"""What a new assessment starts with, without Qt: only what persists from an earlier one (defect 10),
and what the household or another questionnaire already answers (defect 7), as the definitions mark."""

from __future__ import annotations

import datetime as dt

from dash_desktop.forms.prefill import Answered, Household, known_answers, persisting_answers, starting_answers
from dash_desktop.questionnaires import Registry

ON = dt.date(2026, 11, 25)
NOBODY = Household(children=0, other_dependants=0, subject_birth=None)


def test_only_what_persists_is_copied(registry: Registry) -> None:
    q = registry.get("dash-ric")
    earlier = {"q1": "yes", "q1_detail": "Black eye from Saturday", "q2": "yes", "q2_detail": "Terrified tonight",
               "q4": "yes", "q13": "yes", "q13_detail": "A kitchen knife", "incidents_12m": 3,
               "professional_judgement": "high", "professional_judgement_reason": "Strangulation last week",
               "children_count": 2, "not_an_item_any_more": "yes"}
    kept = persisting_answers(q, earlier)
    assert kept == {"q2": "yes", "q4": "yes", "q13": "yes", "q13_detail": "A kitchen knife", "children_count": 2}
    # every item the definition marks persists: false starts empty, and nothing else is dropped
    not_persisting = {i.id for i in q.items if not i.persists}
    assert {"q1", "q1_detail", "professional_judgement", "professional_judgement_reason"} <= not_persisting
    assert not (set(kept) & not_persisting)


def test_the_target_definitions_marks_decide(registry: Registry) -> None:
    """Prefilling a 1.1.0 DASH from a 1.0.0 one: 1.0.0 marks nothing, 1.1.0's marks apply."""
    assert all(i.persists for i in registry.get("dash-ric", "1.0.0").items)
    kept = persisting_answers(registry.get("dash-ric", "1.1.0"), {"q1": "yes", "q2": "no", "q21_which": ["bogus"]})
    assert kept == {"q2": "no"}  # and an answer the new version cannot take is left out


def test_the_household_answers_the_child_count_and_dependants(registry: Registry) -> None:
    q = registry.get("dash-ric")
    known = known_answers(q, Household(children=3, other_dependants=1, subject_birth=None), {}, ON)
    assert {k: v.value for k, v in known.items()} == {"children_count": 3, "other_dependants": "yes"}
    assert known["children_count"].source == "the household (3 children recorded)"
    assert known_answers(q, NOBODY, {}, ON) == {}  # no child recorded is not "no children"
    answers = starting_answers(q, {"children_count": 2, "q1": "yes"}, known)
    assert answers == {"children_count": 3, "other_dependants": "yes"}  # the household now wins over the old count


def test_the_age_comes_from_the_date_of_birth(registry: Registry) -> None:
    perpetrator = registry.get("perpetrator-risk-needs")
    known = known_answers(perpetrator, Household(0, 0, dt.date(1988, 11, 26)), {}, ON)
    assert known["age"].value == 37  # a day before the 38th birthday
    assert known["age"].source == "the date of birth (26 November 1988: 37 on 25 November 2026)"
    screen = registry.get("dash-hbv")
    assert known_answers(screen, Household(0, 0, dt.date(2010, 1, 1)), {}, ON)["under_18"].value == "yes"
    assert known_answers(screen, Household(0, 0, dt.date(2000, 1, 1)), {}, ON)["under_18"].value == "no"
    assert known_answers(screen, NOBODY, {}, ON) == {}


def test_the_stalking_screen_does_not_ask_again_what_the_dash_answered(registry: Registry) -> None:
    screen = registry.get("dash-stalking")
    latest = {"dash-ric": Answered("DASH risk identification checklist (victim)", dt.date(2026, 11, 2),
                                   {"q2": "yes", "q8": "yes"})}
    known = known_answers(screen, NOBODY, latest, ON)
    assert {k: v.value for k, v in known.items()} == {"s1": "yes"}
    assert known["s1"].source == "the DASH risk identification checklist (victim) of 2 November 2026 (q2)"
    assert known_answers(screen, NOBODY, {}, ON) == {}
