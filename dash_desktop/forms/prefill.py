"""What a new assessment starts with, without Qt: the answers of an earlier assessment that last (an
item marked ``persists: false`` in the definition, such as this incident's injury or the judgement,
starts empty), and what the case already knows, so it is not asked again (an item's ``prefill``:
the children recorded in the household, the assessed person's age from their date of birth, another
questionnaire's answer). The definition of the new assessment decides both.

What is known is also what the form marks as prefilled: an answer equal to a :class:`Known` value is
shown with where it came from, and stays editable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dash_desktop.questionnaires import NO, YES, AnswerError, Item, Questionnaire
from dash_desktop.questionnaires.model import HouseholdFact, date_text


@dataclass(frozen=True)
class Known:
    """An answer the case already gives, and where it comes from, in words."""

    value: Any
    source: str  # e.g. "the household (2 children recorded)"


@dataclass(frozen=True)
class Household:
    """What the case's household records, for prefilling."""

    children: int
    other_dependants: int
    subject_birth: dt.date | None  # the assessed person's date of birth, if known


@dataclass(frozen=True)
class Answered:
    """The latest completed assessment of a questionnaire in the case."""

    title: str
    day: dt.date
    answers: Mapping[str, Any]


def _accepted(item: Item, value: Any) -> Any:
    """``value`` as ``item`` takes it, or None where it cannot take it."""
    try:
        return item.check_answer(value)
    except AnswerError:
        return None


def persisting_answers(q: Questionnaire, earlier: Mapping[str, Any]) -> dict[str, Any]:
    """The answers of an earlier assessment that carry over to a new one of ``q``: those to items of
    ``q`` that persist, in a form ``q`` accepts."""
    kept: dict[str, Any] = {}
    for item_id, value in earlier.items():
        if q.has_item(item_id) and q.item(item_id).persists:
            canonical = _accepted(q.item(item_id), value)
            if canonical is not None:
                kept[item_id] = canonical
    return kept


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _household_fact(fact: HouseholdFact, household: Household, on: dt.date) -> Known | None:
    """A fact of the household, where it is recorded (no child recorded is not known to be none)."""
    if fact is HouseholdFact.CHILDREN_COUNT and household.children:
        noun = "child" if household.children == 1 else "children"
        return Known(household.children, f"the household ({household.children} {noun} recorded)")
    if fact is HouseholdFact.OTHER_DEPENDANTS and household.other_dependants:
        return Known(YES, f"the household ({household.other_dependants} other dependant(s) recorded)")
    birth = household.subject_birth
    if birth is None or birth > on:
        return None
    age = age_on(birth, on)
    said = f"the date of birth ({date_text(birth)}: {age} on {date_text(on)})"
    if fact is HouseholdFact.SUBJECT_AGE:
        return Known(age, said)
    if fact is HouseholdFact.SUBJECT_UNDER_18:
        return Known(YES if age < 18 else NO, said)
    return None


def known_answers(q: Questionnaire, household: Household, latest: Mapping[str, Answered],
                  on: dt.date) -> dict[str, Known]:
    """The answers to ``q``'s items that the case already gives (``latest``: by questionnaire id)."""
    known: dict[str, Known] = {}
    for item in q.items:
        spec = item.prefill
        if spec is None:
            continue
        found: Known | None = None
        if spec.household is not None:
            found = _household_fact(spec.household, household, on)
        elif spec.questionnaire is not None and spec.questionnaire in latest and spec.item is not None:
            source = latest[spec.questionnaire]
            value = source.answers.get(spec.item)
            if value is not None:
                found = Known(value, f"the {source.title} of {date_text(source.day)} ({spec.item})")
        if found is not None:
            value = _accepted(item, found.value)
            if value is not None:
                known[item.id] = Known(value, found.source)
    return known


def starting_answers(q: Questionnaire, earlier: Mapping[str, Any] | None, known: Mapping[str, Known]) -> dict[str, Any]:
    """A new assessment's first answers: what lasts from ``earlier`` (when prefilling from it), then
    what the case knows now (newer than an earlier answer, so it wins)."""
    answers = persisting_answers(q, earlier) if earlier is not None else {}
    answers.update({item_id: k.value for item_id, k in known.items()})
    return answers
