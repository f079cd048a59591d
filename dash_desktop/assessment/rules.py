"""The rule sets that turn checked answers into a :class:`Result`, one per kind of instrument.

Every number comes from the area profile; every conclusion carries its :class:`Reason`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dash_desktop.assessment.profiles import LEVELS, Profile
from dash_desktop.assessment.result import (
    Idash,
    Judgement,
    Marac,
    Prompt,
    Reason,
    Result,
    ServiceSuggestion,
)
from dash_desktop.assessment.services import ServiceDirectory
from dash_desktop.questionnaires.model import DONT_KNOW, YES, AnswerError, Questionnaire

#: The MARAC criteria, in the order SafeLives lists them.
CRITERIA = ("visible_high_risk", "professional_judgement", "potential_escalation", "repeat")
CRITERION_NAMES = {
    "visible_high_risk": "visible high risk",
    "professional_judgement": "professional judgement",
    "potential_escalation": "potential escalation",
    "repeat": "repeat referral",
}


@dataclass(frozen=True)
class Context:
    """What every rule set is given."""

    questionnaire: Questionnaire
    answers: Mapping[str, Any]
    assessed_on: dt.date
    profile: Profile
    directory: ServiceDirectory

    @property
    def rules(self) -> Mapping[str, Any]:
        return self.profile.rules_for(self.questionnaire.instrument)

    def label(self, item_id: str) -> str:
        q = self.questionnaire
        return q.item(item_id).name if q.has_item(item_id) else item_id


def rank(level: str) -> int:
    return LEVELS.index(level)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def professional_judgement(
    answers: Mapping[str, Any], cfg: Mapping[str, str], level: str, basis: str
) -> tuple[Judgement | None, list[Reason]]:
    """The practitioner's judgement set against ``level`` (what ``basis``, e.g. "the score", gave):
    it can raise the level, never lower it, and is refused without its written reason."""
    level_j = answers.get(cfg["item"])
    if level_j is None:
        return None, []
    reason_j = str(answers.get(cfg["reason_item"]) or "").strip()
    if not reason_j:
        raise AnswerError(cfg["reason_item"], "a professional judgement needs its reason written down")
    effect = "raised" if rank(level_j) > rank(level) else "agrees" if level_j == level else "recorded_only"
    text = {
        "raised": f"Judgement of {level_j} raises the level above {basis} ({level}).",
        "agrees": f"Judgement of {level_j} agrees with {basis}.",
        "recorded_only": (
            f"Judgement of {level_j} is recorded, but a judgement cannot lower the level below {basis} ({level})."
        ),
    }[effect]
    reason = Reason("judgement", f"Professional judgement: {level_j}", f"{text} Reason given: {reason_j}",
                    (cfg["item"],))
    return Judgement(level_j, reason_j, effect), [reason]


def _common(ctx: Context) -> dict[str, Any]:
    """The fields every result has: completeness, the yes / don't-know items and the labels."""
    q, answers = ctx.questionnaire, ctx.answers
    counted = q.tagged(ctx.rules["count_tag"])
    return {
        "questionnaire": q.ref,
        "title": q.title,
        "instrument": q.instrument,
        "profile": {"id": ctx.profile.id, "version": ctx.profile.version, "name": ctx.profile.name},
        "assessed_on": ctx.assessed_on,
        "unanswered": tuple(
            i.id for i in q.items if i.required and q.is_relevant(i, answers) and answers.get(i.id) is None
        ),
        "unknown": tuple(i.id for i in counted if answers.get(i.id) == DONT_KNOW),
        "yes_items": tuple(i.id for i in counted if answers.get(i.id) == YES),
        "scored_items": len(counted),
        "offered": tuple((f.questionnaire, f.reason) for f in q.follow_on if f.when.holds(answers)),
        "labels": {i.id: i.name for i in q.items},
    }


def _completeness_reason(common: Mapping[str, Any]) -> list[Reason]:
    if not common["unanswered"]:
        return []
    n = len(common["unanswered"])
    return [
        Reason(
            "completeness",
            "Incomplete",
            f"{_plural(n, 'required question')} not answered yet: the result may understate the risk.",
            common["unanswered"],
        )
    ]


def screen(ctx: Context) -> Result:
    """An add-on screen with no cut-off (S-DASH, H-DASH): the count informs judgement."""
    common = _common(ctx)
    yes = common["yes_items"]
    reasons = [
        Reason(
            "screen.count",
            f"{len(yes)} of {common['scored_items']} answered yes",
            "This screen has no cut-off: more yes answers mean more concern. Use it to inform professional "
            "judgement on the main checklist.",
            yes,
        ),
        *_completeness_reason(common),
    ]
    return Result(
        complete=not common["unanswered"], score_level=None, risk_level=None, reasons=tuple(reasons), **common
    )


def victim_checklist(ctx: Context) -> Result:
    """The DASH victim checklist: bands, MARAC criteria, judgement, prompts and the IDASH tier."""
    rules, answers = ctx.rules, ctx.answers
    common = _common(ctx)
    yes = common["yes_items"]
    count = len(yes)
    reasons: list[Reason] = []

    # 1. The level from the count alone.
    levels: Mapping[str, int] = rules["levels"]
    score_level = max((lvl for lvl in LEVELS if count >= levels[lvl]), key=rank)
    upper = {"standard": levels["medium"] - 1, "medium": levels["high"] - 1}.get(score_level)
    band = f"{levels[score_level]}-{upper}" if upper is not None else f"{levels[score_level]} or more"
    reasons.append(
        Reason(
            "score.band",
            f"Score level {score_level}",
            f"{_plural(count, 'yes answer')} of {common['scored_items']}; "
            f"{band} is {score_level} in the {ctx.profile.name} profile.",
            yes,
        )
    )
    if common["unknown"]:
        reasons.append(
            Reason(
                "score.unknown",
                f"{len(common['unknown'])} not known",
                'Answered "don\'t know": not counted as yes. Follow these up; each could raise the score.',
                common["unknown"],
            )
        )

    # 2. Professional judgement (can raise, never lower; always with its reason).
    judge_cfg = rules["marac"]["professional_judgement"]
    judgement, judged = professional_judgement(answers, judge_cfg, score_level, "the score")
    reasons += judged
    level_j = judgement.level if judgement else None
    reason_j = judgement.reason if judgement else ""

    # 3. MARAC criteria.
    marac_cfg = rules["marac"]
    criteria: list[str] = []
    min_yes = marac_cfg["visible_high_risk"]["min_yes"]
    if count >= min_yes:
        criteria.append("visible_high_risk")
        reasons.append(
            Reason(
                "marac.visible_high_risk",
                "MARAC criterion met: visible high risk",
                f"{_plural(count, 'yes answer')}, at or over the threshold of {min_yes}.",
                yes,
            )
        )
    if level_j == "high":
        criteria.append("professional_judgement")
        reasons.append(
            Reason(
                "marac.professional_judgement",
                "MARAC criterion met: professional judgement",
                f"The practitioner judges the risk high: {reason_j}",
                (judge_cfg["item"],),
            )
        )
    esc = marac_cfg["potential_escalation"]
    incidents = answers.get(esc["item"])
    if isinstance(incidents, int | float) and incidents >= esc["min"]:
        criteria.append("potential_escalation")
        reasons.append(
            Reason(
                "marac.potential_escalation",
                "MARAC criterion met: potential escalation",
                f"{_plural(int(incidents), 'incident')} in the past 12 months, at or over {esc['min']}.",
                (esc["item"],),
            )
        )
    rep = marac_cfg["repeat"]
    previous = answers.get(rep["item"])
    repeat = False
    if previous is not None:
        days = (ctx.assessed_on - dt.date.fromisoformat(previous)).days
        if days < 0:
            raise AnswerError(rep["item"], f"{previous} is after the assessment date {ctx.assessed_on.isoformat()}")
        if days <= rep["within_days"]:
            repeat = True
            criteria.append("repeat")
            reasons.append(
                Reason(
                    "marac.repeat",
                    "MARAC criterion met: repeat referral",
                    f"The last MARAC referral ({previous}) was {_plural(days, 'day')} before this assessment, "
                    f"within {rep['within_days']}: any further abuse is a repeat referral.",
                    (rep["item"],),
                )
            )
        else:
            reasons.append(
                Reason(
                    "marac.repeat",
                    "Not a repeat referral",
                    f"The last MARAC referral ({previous}) was {_plural(days, 'day')} before this assessment, "
                    f"more than {rep['within_days']}.",
                    (rep["item"],),
                )
            )
    refer = bool(criteria)

    # 4. The overall level.
    risk_level = score_level
    if refer:
        risk_level = "high"
        named = ", ".join(CRITERION_NAMES[c] for c in criteria)
        reasons.append(
            Reason(
                "risk_level",
                "Risk level high: refer to MARAC",
                f"A MARAC referral is recommended ({named}), so the overall level is high.",
            )
        )
    elif judgement and judgement.effect == "raised":
        risk_level = judgement.level
        reasons.append(
            Reason(
                "risk_level",
                f"Risk level {risk_level}",
                f"Raised from {score_level} by professional judgement.",
                (judge_cfg["item"],),
            )
        )
    else:
        reasons.append(
            Reason("risk_level", f"Risk level {risk_level}", "The level of the score; no MARAC criterion is met.")
        )

    # 5. Prompts for judgement, shown not scored.
    prompts = [
        Prompt(rule.id, rule.text, rule.when.matching_items(answers))
        for rule in ctx.profile.conditions(ctx.questionnaire.instrument, "prompts")
        if rule.when.holds(answers)
    ]

    # 6. The IDASH tier and the needs-led services.
    tier = rules["tiers"][risk_level]
    tier_element = ctx.directory.element(tier)
    suggestions = [_suggest(ctx, tier, f"Risk level {risk_level}.")]
    reasons.append(
        Reason(
            "idash.tier",
            f"IDASH: {tier_element.name}",
            f"At {risk_level} risk this profile offers this service element.",
        )
    )
    for need in ctx.profile.conditions(ctx.questionnaire.instrument, "needs"):
        if need.when.holds(answers):
            suggestions.append(_suggest(ctx, need.id, need.text))
            reasons.append(
                Reason(
                    f"needs.{need.id}",
                    f"Need: {ctx.directory.element(need.id).name}",
                    need.text,
                    need.when.matching_items(answers),
                )
            )
    reasons += _completeness_reason(common)
    return Result(
        complete=not common["unanswered"],
        score_level=score_level,
        risk_level=risk_level,
        reasons=tuple(reasons),
        prompts=tuple(prompts),
        judgement=judgement,
        marac=Marac(refer=refer, criteria=tuple(criteria), repeat=repeat),
        idash=Idash(tier=tier, services=tuple(suggestions)),
        **common,
    )


def _suggest(ctx: Context, element_id: str, reason: str) -> ServiceSuggestion:
    element = ctx.directory.element(element_id)
    providers = tuple((s.id, s.name) for s in ctx.directory.providers(element_id))
    return ServiceSuggestion(element_id, element.name, element.description, providers, reason)


def perpetrator_risk_needs(ctx: Context) -> Result:
    """The perpetrator risk-and-needs rule set (DAPP); its logic lives in ``perpetrator.py``, which
    builds on this module (hence the import here rather than at the top)."""
    from dash_desktop.assessment.perpetrator import perpetrator_risk_needs as rule_set

    return rule_set(ctx)


#: Rule sets by the name a profile gives them in ``rules:``.
RULE_SETS: dict[str, Callable[[Context], Result]] = {
    "victim_checklist": victim_checklist,
    "screen": screen,
    "perpetrator_risk_needs": perpetrator_risk_needs,
}


def items_read(rules: Mapping[str, Any]) -> list[str]:
    """The item ids a rule set's configuration names directly (checked against the questionnaire)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                if key in ("item", "reason_item") and isinstance(value, str):
                    found.append(value)
                elif key not in ("when",):  # conditions are checked with their types elsewhere
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(rules)
    return found
