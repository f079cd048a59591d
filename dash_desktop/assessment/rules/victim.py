"""The DASH victim checklist (``victim_checklist``): the score band, professional judgement, the
MARAC criteria, the overall level, prompts, and the IDASH tier with the needs-led services.

Every number comes from the area profile; every conclusion carries its :class:`Reason`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dash_desktop.assessment.result import (
    Criterion,
    Effect,
    Idash,
    Judgement,
    Marac,
    Provider,
    Reason,
    Result,
    ServiceSuggestion,
)
from dash_desktop.assessment.rules.common import (
    Context,
    basics,
    completeness_reason,
    days_before_assessment,
    number,
    plural,
    professional_judgement,
    profile_prompts,
    score_band,
)

#: The MARAC criteria, in the order SafeLives lists them.
CRITERIA = ("visible_high_risk", "professional_judgement", "potential_escalation", "repeat")
CRITERION_NAMES = {
    "visible_high_risk": "visible high risk",
    "professional_judgement": "professional judgement",
    "potential_escalation": "potential escalation",
    "repeat": "repeat referral",
}


def _score(ctx: Context, yes: tuple[str, ...], unknown: tuple[str, ...], scored: int) -> tuple[str, list[Reason]]:
    """The level from the count alone, and why."""
    count = len(yes)
    score_level, band = score_band(ctx.rules["levels"], count)
    reasons = [
        Reason(
            "score.band",
            f"Score level {score_level}",
            f"{plural(count, 'yes answer')} of {scored}; {band} is {score_level} in the {ctx.profile.name} profile.",
            yes,
        )
    ]
    if unknown:
        reasons.append(
            Reason(
                "score.unknown",
                f"{len(unknown)} not known",
                'Answered "don\'t know": not counted as yes. Follow these up; each could raise the score.',
                unknown,
            )
        )
    return score_level, reasons


def _met(criterion: str, text: str, items: Sequence[str]) -> Criterion:
    name = CRITERION_NAMES[criterion]
    return Criterion(criterion, name, True, Reason(f"marac.{criterion}", f"MARAC criterion met: {name}", text,
                                                   tuple(items)))


def _not_met(criterion: str, why: Reason | None = None) -> Criterion:
    return Criterion(criterion, CRITERION_NAMES[criterion], False, why)


def _repeat(ctx: Context, rep: Mapping[str, Any]) -> Criterion:
    """A repeat referral: the last MARAC referral within the profile's window of days."""
    item = rep["item"]
    days = days_before_assessment(ctx, item)
    if days is None:
        return _not_met("repeat")
    before = f"The last MARAC referral ({ctx.answer_text(item)}) was {plural(days, 'day')} before this assessment"
    if days <= rep["within_days"]:
        return _met("repeat", f"{before}, within {rep['within_days']}: any further abuse is a repeat referral.",
                    (item,))
    return _not_met("repeat", Reason("marac.repeat", "Not a repeat referral",
                                     f"{before}, more than {rep['within_days']}.", (item,)))


def _marac(ctx: Context, yes: tuple[str, ...], judgement: Judgement | None) -> Marac:
    """Each MARAC criterion, met or not, with its reason, in the order SafeLives lists them."""
    cfg = ctx.rules["marac"]
    min_yes = cfg["visible_high_risk"]["min_yes"]
    if len(yes) >= min_yes:
        visible = _met("visible_high_risk", f"{plural(len(yes), 'yes answer')}, at or over the threshold of "
                       f"{min_yes}.", yes)
    else:
        visible = _not_met("visible_high_risk")
    if judgement is not None and judgement.level == "high":
        judged = _met("professional_judgement", f"The practitioner judges the risk high: {judgement.reason}",
                      (cfg["professional_judgement"]["item"],))
    else:
        judged = _not_met("professional_judgement")
    esc = cfg["potential_escalation"]
    incidents = number(ctx.answers, esc["item"])
    if incidents is not None and incidents >= esc["min"]:
        escalation = _met("potential_escalation", f"{plural(int(incidents), 'incident')} in the past 12 months, "
                          f"at or over {esc['min']}.", (esc["item"],))
    else:
        escalation = _not_met("potential_escalation")
    return Marac((visible, judged, escalation, _repeat(ctx, cfg["repeat"])))


def _overall_level(ctx: Context, score_level: str, marac: Marac, judgement: Judgement | None) -> tuple[str, Reason]:
    """High on any MARAC criterion; otherwise the score's level, unless judgement raised it."""
    if marac.refer:
        named = ", ".join(CRITERION_NAMES[c] for c in marac.criteria)
        return "high", Reason(
            "risk_level",
            "Risk level high: refer to MARAC",
            f"A MARAC referral is recommended ({named}), so the overall level is high.",
        )
    if judgement is not None and judgement.effect is Effect.RAISED:
        return judgement.level, Reason(
            "risk_level",
            f"Risk level {judgement.level}",
            f"Raised from {score_level} by professional judgement.",
            (ctx.rules["marac"]["professional_judgement"]["item"],),
        )
    return score_level, Reason(
        "risk_level", f"Risk level {score_level}",
        f"The score gives {score_level}; no MARAC criterion is met and no judgement raises it.",
    )


def _suggest(ctx: Context, element_id: str, reason: str) -> ServiceSuggestion:
    element = ctx.directory.element(element_id)
    providers = tuple(Provider(s.id, s.name) for s in ctx.directory.providers(element_id))
    return ServiceSuggestion(element_id, element.name, element.description, providers, reason)


def _services(ctx: Context, risk_level: str) -> tuple[Idash, list[Reason]]:
    """The IDASH tier for the level, and the needs-led services whose conditions hold."""
    tier = ctx.rules["tiers"][risk_level]
    suggestions = [_suggest(ctx, tier, f"Risk level {risk_level}.")]
    reasons = [
        Reason(
            "idash.tier",
            f"IDASH: {ctx.directory.element(tier).name}",
            f"At {risk_level} risk this profile offers this service element.",
        )
    ]
    for need in ctx.profile.conditions(ctx.questionnaire.instrument, "needs"):
        if need.when.holds(ctx.answers):
            suggestions.append(_suggest(ctx, need.id, need.text))
            reasons.append(
                Reason(
                    f"needs.{need.id}",
                    f"Need: {ctx.directory.element(need.id).name}",
                    need.text,
                    need.when.matching_items(ctx.answers),
                )
            )
    return Idash(tier=tier, services=tuple(suggestions)), reasons


def victim_checklist(ctx: Context) -> Result:
    """The DASH victim checklist: bands, MARAC criteria, judgement, prompts and the IDASH tier."""
    fields = basics(ctx)
    yes = fields["yes_items"]
    score_level, reasons = _score(ctx, yes, fields["unknown"], fields["scored_items"])
    judgement, judged = professional_judgement(
        ctx.answers, ctx.rules["marac"]["professional_judgement"], score_level, "the score"
    )
    reasons += judged
    marac = _marac(ctx, yes, judgement)
    reasons += [c.why for c in marac.checks if c.why is not None]
    risk_level, level_reason = _overall_level(ctx, score_level, marac, judgement)
    reasons.append(level_reason)
    idash, service_reasons = _services(ctx, risk_level)
    reasons += service_reasons
    reasons += completeness_reason(fields)
    return Result(
        complete=not fields["unanswered"],
        score_level=score_level,
        risk_level=risk_level,
        reasons=tuple(reasons),
        score_why=reasons[0],
        level_why=level_reason,
        prompts=tuple(profile_prompts(ctx)),
        judgement=judgement,
        marac=marac,
        idash=idash,
        **fields,
    )
