"""The household picture: the latest victim DASH and perpetrator risk-and-needs results side by side,
and the toxic trio (domestic abuse, mental health, substance misuse) they point to, in words.

Plain data in (each completed assessment's stored answers and result snapshot, and the questionnaire
definitions), words out: nothing is re-scored. Which answers speak to which part of the trio is
written in the definitions, not here:

- an item tagged ``toxic_trio_mental_health`` or ``toxic_trio_substance_misuse`` (a yes / no item)
  says the topic is present when answered yes, not present when answered no;
- a choice tagged with a topic narrows the yes of the item its choice item follows up (DASH q21 asks
  about drugs, alcohol or mental health at once; q21_which says which): the yes counts for a topic
  only where a choice tagged with it was picked.

A stored assessment of a version whose definition carries none of these tags (1.0.0) is read with the
tags of the newest installed version of the same questionnaire, matched by item id (item ids are kept
across versions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dash_desktop.assessment.rules import CRITERION_NAMES
from dash_desktop.questionnaires import DONT_KNOW, NO, YES, Item, ItemType, Questionnaire, Registry
from dash_desktop.questionnaires.model import date_text

#: The questionnaires (instruments) the two halves of the picture read.
VICTIM_DASH = "dash-ric"
PERPETRATOR_RISK_NEEDS = "perpetrator-risk-needs"
PRESENT, NOT_PRESENT, NOT_KNOWN = "Present", "Not present", "Not known"
#: The toxic trio's parts that answers speak to, with the tag that marks them in the definitions.
TRIO_TOPICS = (("Mental health", "toxic_trio_mental_health"), ("Substance misuse", "toxic_trio_substance_misuse"))
TRIO_TAGS = frozenset(tag for _topic, tag in TRIO_TOPICS)
LEVEL_WORDS = {"high": "High", "medium": "Medium", "standard": "Standard"}
YES_NO_TYPES = (ItemType.YES_NO, ItemType.YES_NO_DONT_KNOW)


@dataclass(frozen=True)
class Assessed:
    """One completed assessment as stored: what the picture reads (never re-scored)."""

    questionnaire_id: str
    version: str | None
    day: dt.date
    order: int  # among assessments of the same day, the later one is higher
    answers: Mapping[str, Any]
    result: Mapping[str, Any]
    risk_level: str | None
    yes_count: int | None
    subject: str | None  # the assessed person's name, if recorded


@dataclass(frozen=True)
class Finding:
    """One source's word on one part of the toxic trio."""

    state: str  # PRESENT, NOT_PRESENT or NOT_KNOWN
    detail: str  # what it rests on


@dataclass(frozen=True)
class TrioLine:
    """One part of the toxic trio: the overall state and what each assessment says."""

    topic: str
    state: str
    victim_dash: Finding
    perpetrator: Finding


@dataclass(frozen=True)
class HouseholdPicture:
    victim_lines: tuple[str, ...]
    perpetrator_lines: tuple[str, ...]
    trio: tuple[TrioLine, ...]


NO_DASH = Finding(NOT_KNOWN, "no completed victim DASH")
NO_PERPETRATOR = Finding(NOT_KNOWN, "no completed perpetrator assessment")


def level_words(level: str | None) -> str:
    return LEVEL_WORDS.get(level or "", level or "Not assessed")


# --- which definition's tags ---------------------------------------------------------------------------


def _has_trio_tags(q: Questionnaire) -> bool:
    return any(item.tags & TRIO_TAGS or any(c.tags & TRIO_TAGS for c in item.choices) for item in q.items)


def _definition(registry: Registry, qid: str, version: str | None) -> Questionnaire | None:
    try:
        return registry.get(qid, version)
    except KeyError:
        return None


def tag_source(registry: Registry, qid: str, version: str | None) -> Questionnaire | None:
    """The definition whose trio tags read an assessment of ``qid`` ``version``: its own, or where it
    has none (or is not installed), the newest installed version of the questionnaire."""
    own = _definition(registry, qid, version)
    if own is not None and _has_trio_tags(own):
        return own
    newest = _definition(registry, qid, None)
    return newest if newest is not None and _has_trio_tags(newest) else own


def instrument_of(registry: Registry, qid: str) -> str:
    q = _definition(registry, qid, None)
    return q.instrument if q is not None else qid


# --- findings ------------------------------------------------------------------------------------------


def _words(item: Item, value: Any) -> str:
    return item.answer_text(value).lower() if isinstance(value, str) else item.answer_text(value)


def _follow_up(q: Questionnaire, item: Item) -> Item | None:
    """The choice item that says which of ``item``'s topics its yes means (a choice tagged with a trio
    topic, asked when ``item`` is answered)."""
    for other in q.items:
        if (other.relevant is not None and item.id in {leaf.item for leaf in other.relevant.leaves()}
                and any(c.tags & TRIO_TAGS for c in other.choices)):
            return other
    return None


def _item_finding(q: Questionnaire, item: Item, answers: Mapping[str, Any], tag: str, shown: Questionnaire) -> Finding:
    """A yes / no item tagged ``tag``; its yes narrowed by its follow-up where it has one."""
    words = shown.item(item.id) if shown.has_item(item.id) else item
    value = answers.get(item.id)
    said = f"{words.name} ({item.id}): {_words(words, value)}"
    if value == NO:
        return Finding(NOT_PRESENT, said)
    if value != YES:
        return Finding(NOT_KNOWN, f"{words.name} ({item.id}): {'don’t know' if value == DONT_KNOW else 'not answered'}")
    which = _follow_up(q, item)
    if which is None:
        return Finding(PRESENT, said)
    chosen = answers.get(which.id)
    picked = chosen if isinstance(chosen, list) else [chosen] if isinstance(chosen, str) else []
    which_words = shown.item(which.id) if shown.has_item(which.id) else which
    if not picked:
        return Finding(NOT_KNOWN, f"{said}, but not which ({which.id} not answered)")
    named = f"{which_words.name} ({which.id}): {which_words.answer_text(picked)}"
    tagged = {c.value for c in which.choices if tag in c.tags}
    if tagged & set(picked):
        return Finding(PRESENT, f"{said}; {named}")
    return Finding(NOT_KNOWN, f"{said}; other problems named, not this one ({named})")


def combine(findings: Iterable[Finding]) -> str:
    states = {f.state for f in findings}
    if PRESENT in states:
        return PRESENT
    return NOT_KNOWN if NOT_KNOWN in states or not states else NOT_PRESENT


def topic_finding(registry: Registry, a: Assessed, tag: str) -> Finding:
    """What one stored assessment says about one part of the trio, from the items tagged with it."""
    q = tag_source(registry, a.questionnaire_id, a.version)
    if q is None:
        return Finding(NOT_KNOWN, f"the definition of {a.questionnaire_id} is not installed")
    shown = _definition(registry, a.questionnaire_id, a.version) or q  # its own words where installed
    findings = [_item_finding(q, item, a.answers, tag, shown) for item in q.items
                if tag in item.tags and item.type in YES_NO_TYPES]
    if not findings:
        return Finding(NOT_KNOWN, f"{q.title} does not ask about this")
    state = combine(findings)
    return Finding(state, "; ".join(f.detail for f in findings if f.state == state))


# --- the picture ---------------------------------------------------------------------------------------


def latest(registry: Registry, assessments: Iterable[Assessed], instrument: str) -> Assessed | None:
    found = [a for a in assessments if instrument_of(registry, a.questionnaire_id) == instrument]
    return max(found, key=lambda a: (a.day, a.order), default=None)


def _marac_words(marac: Any) -> str:
    if not isinstance(marac, Mapping):
        return "not recorded"
    criteria = ", ".join(CRITERION_NAMES.get(c, c) for c in marac.get("criteria", []))
    if marac.get("refer"):
        return f"refer ({criteria})" if criteria else "refer"
    if criteria:
        return f"not a referral under this area's rules (met: {criteria})"
    return "no criterion met"


def pathway_names(result: Mapping[str, Any]) -> list[str]:
    """The pathway step names in a stored result snapshot."""
    steps = [str(step.get("name") or step.get("id")) for step in (result.get("dapp") or {}).get("pathway", [])
             if isinstance(step, Mapping)]
    return steps or [str(s) for s in result.get("pathway", [])]


def _heading(a: Assessed) -> str:
    return f"{date_text(a.day)}, {a.subject or 'subject not recorded'}"


def victim_lines(dash: Assessed | None) -> tuple[str, ...]:
    if dash is None:
        return ("No completed victim DASH yet.",)
    result = dash.result
    yes = dash.yes_count if dash.yes_count is not None else result.get("yes_count")
    of = f" of {result['scored_items']}" if yes is not None and result.get("scored_items") else ""
    return (_heading(dash), f"Risk level: {level_words(dash.risk_level)}",
            f"Yes answers: {yes if yes is not None else 'not recorded'}{of}",
            f"MARAC: {_marac_words(result.get('marac'))}")


def perpetrator_lines(perp: Assessed | None) -> tuple[str, ...]:
    if perp is None:
        return ("No completed perpetrator risk and needs assessment yet.",)
    priority = perp.result.get("priority")
    steps = pathway_names(perp.result)
    return (_heading(perp), f"Risk level: {level_words(perp.risk_level)}",
            "Priority perpetrator: " + ("yes" if priority else "no" if priority is False else "not recorded"),
            "Pathway: " + ("; ".join(steps) if steps else "not recorded"))


def household_picture(registry: Registry, assessments: Sequence[Assessed]) -> HouseholdPicture:
    """The picture from the completed assessments of a case (as stored, never re-scored)."""
    dash = latest(registry, assessments, VICTIM_DASH)
    perp = latest(registry, assessments, PERPETRATOR_RISK_NEEDS)
    abuse_dash = Finding(PRESENT, f"victim DASH: {level_words(dash.risk_level).lower()} risk") if dash else NO_DASH
    abuse_perp = (Finding(PRESENT, f"perpetrator assessment: {level_words(perp.risk_level).lower()} risk")
                  if perp else NO_PERPETRATOR)
    trio = [TrioLine("Domestic abuse", PRESENT if dash or perp else NOT_KNOWN, abuse_dash, abuse_perp)]
    for topic, tag in TRIO_TOPICS:
        from_dash = topic_finding(registry, dash, tag) if dash else NO_DASH
        from_perp = topic_finding(registry, perp, tag) if perp else NO_PERPETRATOR
        trio.append(TrioLine(topic, combine((from_dash, from_perp)), from_dash, from_perp))
    return HouseholdPicture(victim_lines(dash), perpetrator_lines(perp), tuple(trio))
