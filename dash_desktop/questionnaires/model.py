"""The questionnaire model: an instrument definition loaded from a versioned data file.

Plain Python: no Qt, no SQLAlchemy. The loader (``loader.py``) builds these objects from YAML or
JSON after validating them against ``schema/questionnaire.schema.json``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from dash_desktop.questionnaires.conditions import Condition


class ItemType(StrEnum):
    YES_NO_DONT_KNOW = "yes_no_dont_know"
    YES_NO = "yes_no"
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"


YES, NO, DONT_KNOW = "yes", "no", "dont_know"
#: The fixed answer vocabulary of the yes/no item types, with what a person reads.
FIXED_CHOICES: dict[ItemType, tuple[tuple[str, str], ...]] = {
    ItemType.YES_NO_DONT_KNOW: ((YES, "Yes"), (NO, "No"), (DONT_KNOW, "Don't know")),
    ItemType.YES_NO: ((YES, "Yes"), (NO, "No")),
}


class AnswerError(ValueError):
    """An answer that the item cannot take. ``field`` names the item (or input field)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    tags: frozenset[str] = frozenset()  # what choosing it tells (e.g. a toxic-trio topic)


class HouseholdFact(StrEnum):
    """What the case's household already knows, to prefill an item with (``prefill: {household: …}``)."""

    CHILDREN_COUNT = "children_count"  # the children recorded in the household (when any is)
    OTHER_DEPENDANTS = "other_dependants"  # "yes" when another dependant is recorded
    SUBJECT_AGE = "subject_age"  # the assessed person's age in whole years, from their date of birth
    SUBJECT_UNDER_18 = "subject_under_18"  # "yes" or "no", from the assessed person's date of birth


#: The item types each household fact can fill.
HOUSEHOLD_FACT_TYPES: dict[HouseholdFact, tuple[str, ...]] = {
    HouseholdFact.CHILDREN_COUNT: ("number",),
    HouseholdFact.OTHER_DEPENDANTS: ("yes_no", "yes_no_dont_know"),
    HouseholdFact.SUBJECT_AGE: ("number",),
    HouseholdFact.SUBJECT_UNDER_18: ("yes_no", "yes_no_dont_know"),
}


@dataclass(frozen=True)
class Prefill:
    """Where a new assessment's answer to an item comes from, so it is not asked again: a fact of the
    household, or the answer to ``item`` in the case's latest completed ``questionnaire``. Shown as
    prefilled, and editable."""

    household: HouseholdFact | None = None
    questionnaire: str | None = None
    item: str | None = None


#: The fixed choices as :class:`Choice` objects, built once (every answer is checked against them).
_FIXED: dict[ItemType, tuple[Choice, ...]] = {
    kind: tuple(Choice(v, lbl) for v, lbl in fixed) for kind, fixed in FIXED_CHOICES.items()
}


@dataclass(frozen=True)
class Item:
    id: str
    type: ItemType
    prompt: str
    label: str = ""  # a short name for lists and reports; defaults to the id
    guidance: str = ""
    required: bool = False
    relevant: Condition | None = None
    tags: frozenset[str] = frozenset()
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False  # a count: whole numbers only
    ask_source: bool = False  # ask who gave the information where it is not the subject
    #: False for what belongs to one incident, meeting or decision (this injury, the judgement): a new
    #: assessment prefilled from an earlier one starts these empty
    persists: bool = True
    prefill: Prefill | None = None

    @property
    def name(self) -> str:
        return self.label or self.id

    def answer_choices(self) -> tuple[Choice, ...]:
        return _FIXED.get(self.type, self.choices)

    def choice_label(self, value: str) -> str:
        for choice in self.answer_choices():
            if choice.value == value:
                return choice.label
        return value

    def answer_text(self, value: Any) -> str:
        """An answer to this item in words, as a person reads it: a choice's label ("Don't know"),
        the labels of several choices, a date as "10 March 2026", a number, the text itself;
        "not answered" for no answer. Every screen and report words answers with this."""
        if value is None or value == "" or value == []:
            return "not answered"
        if isinstance(value, list):
            return ", ".join(self.choice_label(str(v)) for v in value)
        if self.type is ItemType.DATE and isinstance(value, str):
            try:
                return date_text(dt.date.fromisoformat(value))
            except ValueError:
                return value
        if self.answer_choices() and isinstance(value, str):
            return self.choice_label(value)
        if isinstance(value, float):
            return _num(value)
        return str(value)

    def check_answer(self, value: Any) -> Any:
        """Return the answer in its canonical form, or raise :class:`AnswerError`.

        ``None`` (or an empty string / list) means "not answered" and is returned as ``None``.
        """
        if value is None or value == "" or value == []:
            return None
        if self.type in FIXED_CHOICES or self.type is ItemType.SINGLE_CHOICE:
            allowed = [c.value for c in self.answer_choices()]
            if not isinstance(value, str) or value not in allowed:
                raise AnswerError(self.id, f"{value!r} is not one of {', '.join(allowed)}")
            return value
        if self.type is ItemType.MULTIPLE_CHOICE:
            allowed = [c.value for c in self.choices]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise AnswerError(self.id, "needs a list of choices")
            wrong = [v for v in value if v not in allowed]
            if wrong:
                raise AnswerError(self.id, f"{wrong[0]!r} is not one of {', '.join(allowed)}")
            if len(set(value)) != len(value):
                raise AnswerError(self.id, "a choice is given twice")
            return [c for c in allowed if c in value]  # definition order
        if self.type is ItemType.TEXT:
            if not isinstance(value, str):
                raise AnswerError(self.id, "needs text")
            return value
        if self.type is ItemType.NUMBER:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise AnswerError(self.id, f"{value!r} is not a number")
            if isinstance(value, float) and not math.isfinite(value):
                raise AnswerError(self.id, f"{value!r} is not a number")
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if self.integer and not isinstance(value, int):
                raise AnswerError(self.id, f"{value} is not a whole number")
            if self.minimum is not None and value < self.minimum:
                raise AnswerError(self.id, f"{value} is below the minimum of {_num(self.minimum)}")
            if self.maximum is not None and value > self.maximum:
                raise AnswerError(self.id, f"{value} is above the maximum of {_num(self.maximum)}")
            return value
        # DATE
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise AnswerError(self.id, f"{value!r} is not a date (use YYYY-MM-DD)")
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise AnswerError(self.id, f"{value!r} is not a real date") from None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_text(value: dt.date) -> str:
    """A date as UK practitioners write it in words: "9 March 2026"."""
    return f"{value.day} {value:%B %Y}"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]
    description: str = ""


@dataclass(frozen=True)
class FollowOn:
    """Another questionnaire to offer when ``when`` holds (e.g. the stalking screen after q8)."""

    questionnaire: str
    when: Condition
    reason: str


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: str
    instrument: str  # which rule set scores it; licensed re-wordings share the instrument
    attribution: str
    sections: tuple[Section, ...]
    content_hash: str
    description: str = ""
    subject: str = "victim"
    follow_on: tuple[FollowOn, ...] = ()
    source: Path | None = field(default=None, compare=False)
    _index: Mapping[str, Item] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {i.id: i for s in self.sections for i in s.items})

    @property
    def items(self) -> Iterator[Item]:
        for section in self.sections:
            yield from section.items

    def item(self, item_id: str) -> Item:
        return self._index[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._index

    def tagged(self, tag: str) -> list[Item]:
        return [i for i in self.items if tag in i.tags]

    def is_relevant(self, item: Item, answers: Mapping[str, Any]) -> bool:
        return item.relevant is None or item.relevant.holds(answers)

    @property
    def version_key(self) -> tuple[int, ...]:
        return version_key(self.version)

    @property
    def ref(self) -> dict[str, str]:
        return {"id": self.id, "version": self.version, "hash": self.content_hash}


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))
