"""What scoring produces: the risk picture and, for every conclusion, the reason behind it."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

#: Shown with every result, on screen and on paper.
AID_NOTICE = (
    "The checklist is an aid to professional judgement, not a prediction: a lower score does not mean "
    "a person is safe, and the practitioner's judgement can always raise the level."
)


@dataclass(frozen=True)
class Reason:
    """One conclusion and why: the rule that fired and the answers it read."""

    rule: str  # e.g. "marac.potential_escalation"
    conclusion: str  # e.g. "MARAC criterion met: potential escalation"
    text: str  # the why, in a sentence a practitioner reads
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prompt:
    """Shown, not scored: a reason to consider professional judgement."""

    id: str
    text: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Judgement:
    level: str
    reason: str
    effect: str  # "raised" (above the score), "agrees" (same), "recorded_only" (lower: changes nothing)

    @property
    def effect_words(self) -> str:
        return {
            "raised": "raises the level",
            "agrees": "agrees with the score",
            "recorded_only": "recorded; it cannot lower the level",
        }[self.effect]


@dataclass(frozen=True)
class Marac:
    refer: bool
    criteria: tuple[str, ...]  # visible_high_risk, professional_judgement, potential_escalation, repeat
    repeat: bool


@dataclass(frozen=True)
class ServiceSuggestion:
    element: str  # the service element id (a tier or a need)
    name: str
    description: str
    providers: tuple[tuple[str, str], ...]  # (service id, name) from the local directory
    reason: str


@dataclass(frozen=True)
class Idash:
    tier: str
    services: tuple[ServiceSuggestion, ...]


@dataclass(frozen=True)
class PathwayStep:
    """One step of a perpetrator's DAPP pathway, and why it is suggested."""

    id: str  # e.g. "radar", "high_harm_team", "victim_safety_service"
    name: str
    description: str
    reason: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dapp:
    """The perpetrator side: points, priority perpetrator, the pathway and the needs."""

    points: int  # the risk score before floors, priority and judgement
    priority: bool  # a repeat perpetrator of physical or sexual abuse (Project Foundation)
    pathway: tuple[PathwayStep, ...]
    needs: tuple[str, ...]  # need items answered yes, in questionnaire order
    complex_needs: tuple[str, ...]  # the needs among the complex-needs items (for assertive outreach)

    @property
    def pathway_ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.pathway)


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
    score_level: str | None  # from the count alone
    risk_level: str | None  # after MARAC criteria and judgement; None for a screen with no cut-off
    reasons: tuple[Reason, ...]
    prompts: tuple[Prompt, ...] = ()
    judgement: Judgement | None = None
    marac: Marac | None = None
    idash: Idash | None = None
    dapp: Dapp | None = None
    offered: tuple[tuple[str, str], ...] = ()  # (questionnaire id, why) follow-on screens to complete
    notice: str = AID_NOTICE
    labels: dict[str, str] = field(default_factory=dict, compare=False)  # item id -> short name

    @property
    def yes_count(self) -> int:
        return len(self.yes_items)

    def label(self, item_id: str) -> str:
        return self.labels.get(item_id, item_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``dash-desktop score --format json``)."""
        out: dict[str, Any] = {
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
            "judgement": asdict(self.judgement) if self.judgement else None,
            "marac": (
                {"refer": self.marac.refer, "criteria": list(self.marac.criteria), "repeat": self.marac.repeat}
                if self.marac
                else None
            ),
            "idash": (
                {
                    "tier": self.idash.tier,
                    "services": [
                        {
                            "element": s.element,
                            "name": s.name,
                            "reason": s.reason,
                            "providers": [{"id": pid, "name": pname} for pid, pname in s.providers],
                        }
                        for s in self.idash.services
                    ],
                }
                if self.idash
                else None
            ),
            **(_dapp_dict(self.dapp) if self.dapp is not None else {}),
            "prompts": [{"id": p.id, "text": p.text, "items": list(p.items)} for p in self.prompts],
            "offered": [{"questionnaire": q, "reason": why} for q, why in self.offered],
            "reasons": [
                {"rule": r.rule, "conclusion": r.conclusion, "text": r.text, "items": list(r.items)}
                for r in self.reasons
            ],
            "notice": self.notice,
        }
        return out


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
            "pathway": [
                {"id": s.id, "name": s.name, "description": s.description, "reason": s.reason,
                 "items": list(s.items)}
                for s in d.pathway
            ],
        },
    }
