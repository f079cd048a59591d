"""What scoring produces: the risk picture and, for every conclusion, the reason behind it.

Each conclusion is a typed field carrying its why (a :class:`Reason`), so the text explanation, the
live panel and the PDF only format it: none of them looks a reason up by its rule name or words a
conclusion itself. :meth:`Result.to_dict` is the JSON form (``dash-desktop score --format json``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

#: Shown with every result, on screen and on paper.
AID_NOTICE = (
    "The checklist is an aid to professional judgement, not a prediction: a lower score does not mean "
    "a person is safe, and the practitioner's judgement can always raise the level."
)
#: What a service element with nobody to refer to shows instead of provider names.
NO_PROVIDER = "no local provider listed"


@dataclass(frozen=True)
class Reason:
    """One conclusion and why: the rule that fired and the answers it read."""

    rule: str  # e.g. "marac.potential_escalation"
    conclusion: str  # e.g. "MARAC criterion met: potential escalation"
    text: str  # the why, in a sentence a practitioner reads
    items: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "conclusion": self.conclusion, "text": self.text, "items": list(self.items)}


@dataclass(frozen=True)
class Prompt:
    """Shown, not scored: a reason to consider professional judgement."""

    id: str
    text: str
    items: tuple[str, ...]


class Effect(StrEnum):
    """What the practitioner's judgement did to the level the rules gave."""

    RAISED = "raised"  # above the rules' level: the level is the judgement's
    AGREES = "agrees"  # the same level
    RECORDED_ONLY = "recorded_only"  # lower: recorded, changes nothing (a judgement never lowers)


@dataclass(frozen=True)
class Judgement:
    level: str
    reason: str  # the practitioner's written reason
    effect: Effect
    basis: str = "the score"  # what the judgement is set against: "the score", "the rules"

    @property
    def effect_words(self) -> str:
        """The effect in words: "raises the level", "agrees with the score", ..."""
        return {
            Effect.RAISED: "raises the level",
            Effect.AGREES: f"agrees with {self.basis}",
            Effect.RECORDED_ONLY: "recorded; it cannot lower the level",
        }[self.effect]


@dataclass(frozen=True)
class Criterion:
    """One MARAC referral criterion: met or not, and why."""

    id: str  # visible_high_risk, professional_judgement, potential_escalation, repeat
    name: str  # "visible high risk"
    met: bool
    why: Reason | None = None  # why it is met; for a criterion not met, why not where the answers say


@dataclass(frozen=True)
class Marac:
    checks: tuple[Criterion, ...]  # every criterion, in the order SafeLives lists them

    @property
    def criteria(self) -> tuple[str, ...]:
        """The ids of the criteria met."""
        return tuple(c.id for c in self.checks if c.met)

    @property
    def refer(self) -> bool:
        return any(c.met for c in self.checks)

    @property
    def repeat(self) -> bool:
        return "repeat" in self.criteria


@dataclass(frozen=True)
class Provider:
    """A local service for a suggested element, with whom it is for and what to check."""

    id: str
    name: str
    serves: str | None = None  # whom it is for, where the directory limits it ("Women with complex needs.")
    covers: tuple[str, ...] = ()  # district ids, ("county",) or ("national",); () when not recorded
    check: str | None = None  # what to check before referring ("area not recorded: check it covers Fareham")

    @property
    def words(self) -> str:
        """The provider as a practitioner reads it: its name, then whom it is for and what to check."""
        extra = ([f"eligibility: {self.serves.rstrip('.')}"] if self.serves else []) + (
            [self.check] if self.check else [])
        return " — ".join([self.name, *extra])


@dataclass(frozen=True)
class ServiceSuggestion:
    element: str  # the service element id (a tier or a need)
    name: str
    description: str
    providers: tuple[Provider, ...]  # from the local directory
    reason: str

    @property
    def provider_names(self) -> str:
        """The local providers, each with its eligibility, joined for reading ("SDAS; The YOU Trust"),
        or that none is listed."""
        return "; ".join(p.words for p in self.providers) or NO_PROVIDER


class Area(NamedTuple):
    id: str  # a district id of the services directory
    name: str


@dataclass(frozen=True)
class Idash:
    tier: str | None  # the element of the risk level; None for a screen (no level, advice only)
    services: tuple[ServiceSuggestion, ...]  # the tier's element first, then the needs-led ones
    area: Area | None = None  # the district the providers were matched to; None: not known, all listed
    area_why: Reason | None = None  # what the area did to the list of providers

    @property
    def tier_service(self) -> ServiceSuggestion | None:
        return next((s for s in self.services if s.element == self.tier), None)


@dataclass(frozen=True)
class PathwayStep:
    """One step of a perpetrator's DAPP pathway, and why it is suggested."""

    id: str  # e.g. "radar", "high_harm_team", "victim_safety_service"
    name: str
    description: str
    reason: str
    items: tuple[str, ...] = ()
    kind: str = "refer"  # "refer": a referral to make; "share": information to share (the police route)


@dataclass(frozen=True)
class Dapp:
    """The perpetrator side: points, priority perpetrator, the pathway and the needs."""

    points: int  # the risk score before floors, priority and judgement
    priority: bool  # a repeat perpetrator of physical or sexual abuse (Project Foundation)
    pathway: tuple[PathwayStep, ...]
    needs: tuple[str, ...]  # need items answered yes, in questionnaire order
    complex_needs: tuple[str, ...]  # the needs among the complex-needs items (for assertive outreach)
    priority_why: Reason | None = None  # why a priority perpetrator, or why not

    @property
    def pathway_ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.pathway)


@dataclass(frozen=True)
class Offer:
    """A follow-on screen to complete, by its questionnaire id and its human title."""

    questionnaire: str  # e.g. "dash-stalking"
    title: str  # e.g. "Stalking screen (S-DASH)"
    reason: str


@dataclass(frozen=True)
class Screen:
    """What an add-on screen with no cut-off found: the count of the questions asked, and whether it
    calls for specialist advice (the headline a report leads with instead of a level)."""

    asked: int  # the screen's questions that applied (h11 is asked only under 18)
    advice: bool
    headline: str  # "Specialist advice needed", "No yes answers"


@dataclass(frozen=True)
class Result:
    questionnaire: dict[str, str]  # id, version, hash
    title: str
    instrument: str
    profile: dict[str, str]  # id, version, name
    assessed_on: dt.date
    complete: bool
    unanswered: tuple[str, ...]
    unknown: tuple[str, ...]  # answered "don't know": not a yes, listed so they can be followed up
    yes_items: tuple[str, ...]
    scored_items: int  # how many items count towards the score
    score_level: str | None  # from the count (or points) alone; None for a screen with no cut-off
    risk_level: str | None  # after MARAC criteria, floors and judgement; None for a screen
    reasons: tuple[Reason, ...]  # every rule that fired, in order: the full "why"
    score_why: Reason | None = None  # why the score level (for a screen: the count)
    level_why: Reason | None = None  # why the overall level
    prompts: tuple[Prompt, ...] = ()
    judgement: Judgement | None = None
    marac: Marac | None = None
    idash: Idash | None = None
    dapp: Dapp | None = None
    offered: tuple[Offer, ...] = ()  # follow-on screens to complete
    screen: Screen | None = None  # an add-on screen's finding
    #: the count behind the result in one sentence, the same on screen and on paper
    count_words: str = ""
    notice: str = AID_NOTICE
    labels: dict[str, str] = field(default_factory=dict, compare=False)  # item id -> short name

    @property
    def yes_count(self) -> int:
        return len(self.yes_items)

    def label(self, item_id: str) -> str:
        return self.labels.get(item_id, item_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``dash-desktop score --format json``), documented in docs/interchange.md."""
        return {
            "questionnaire": dict(self.questionnaire),
            "title": self.title,
            "profile": dict(self.profile),
            "assessed_on": self.assessed_on.isoformat(),
            "complete": self.complete,
            "unanswered": list(self.unanswered),
            "unknown": list(self.unknown),
            "yes_count": self.yes_count,
            "yes_items": list(self.yes_items),
            "scored_items": self.scored_items,
            "score_level": self.score_level,
            "risk_level": self.risk_level,
            "judgement": _judgement_dict(self.judgement) if self.judgement else None,
            "marac": _marac_dict(self.marac) if self.marac else None,
            "idash": _idash_dict(self.idash) if self.idash else None,
            "screen": ({"asked": self.screen.asked, "advice": self.screen.advice, "headline": self.screen.headline}
                       if self.screen else None),
            "count_words": self.count_words,
            **(_dapp_dict(self.dapp) if self.dapp is not None else {}),
            "prompts": [{"id": p.id, "text": p.text, "items": list(p.items)} for p in self.prompts],
            "offered": [{"questionnaire": o.questionnaire, "title": o.title, "reason": o.reason}
                        for o in self.offered],
            "reasons": [r.to_dict() for r in self.reasons],
            "notice": self.notice,
        }


def _judgement_dict(j: Judgement) -> dict[str, Any]:
    return {"level": j.level, "reason": j.reason, "effect": j.effect.value, "basis": j.basis,
            "effect_words": j.effect_words}


def _marac_dict(m: Marac) -> dict[str, Any]:
    """``refer``, ``criteria`` (the ids met) and ``repeat``, then every criterion with its why."""
    return {
        "refer": m.refer,
        "criteria": list(m.criteria),
        "repeat": m.repeat,
        "checks": [{"id": c.id, "name": c.name, "met": c.met, "reason": c.why.text if c.why else None}
                   for c in m.checks],
    }


def _idash_dict(i: Idash) -> dict[str, Any]:
    return {
        "tier": i.tier,
        "area": {"id": i.area.id, "name": i.area.name} if i.area else None,
        "area_reason": i.area_why.text if i.area_why else None,
        "services": [
            {"element": s.element, "name": s.name, "reason": s.reason,
             "providers": [{"id": p.id, "name": p.name, "serves": p.serves,
                            "covers": _covers(p.covers), "check": p.check} for p in s.providers]}
            for s in i.services
        ],
    }


def _covers(covers: tuple[str, ...]) -> list[str] | str | None:
    """As the directory writes it: district ids, "county" or "national"; null when not recorded."""
    if not covers:
        return None
    return covers[0] if covers[0] in ("county", "national") else list(covers)


def _dapp_dict(d: Dapp) -> dict[str, Any]:
    """The perpetrator keys: ``priority``, ``pathway`` (ids) and ``needs`` (ids) at the top level,
    and the detail (points, each pathway step with its reason) under ``dapp``."""
    return {
        "priority": d.priority,
        "pathway": list(d.pathway_ids),
        "needs": list(d.needs),
        "dapp": {
            "points": d.points,
            "complex_needs": list(d.complex_needs),
            "priority_reason": d.priority_why.text if d.priority_why else None,
            "pathway": [
                {"id": s.id, "name": s.name, "description": s.description, "reason": s.reason,
                 "items": list(s.items), "kind": s.kind}
                for s in d.pathway
            ],
        },
    }
