"""The DASH victim checklist (``victim_checklist``): the score band, professional judgement, the
MARAC criteria, the overall level, prompts, and the IDASH tier with the needs-led services.

Every number comes from the area profile; every conclusion carries its :class:`Reason`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from dash_desktop.assessment.facts import months_later
from dash_desktop.assessment.profiles import item_shapes
from dash_desktop.assessment.result import Criterion, Effect, Idash, Judgement, Marac, Prompt, Reason, Result
from dash_desktop.assessment.rules.common import (
    Context,
    area_reason,
    basics,
    completeness_reason,
    days_before_assessment,
    number,
    plural,
    professional_judgement,
    profile_prompts,
    score_band,
    suggest,
)
from dash_desktop.questionnaires.conditions import Condition
from dash_desktop.questionnaires.loader import check_condition
from dash_desktop.questionnaires.model import DONT_KNOW, NO, YES, date_text

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


def _last_referral(ctx: Context, item: str) -> tuple[dt.date, str] | None:
    """The last MARAC referral: the date answered, or the case's own record of one (whichever is
    later), with where it comes from in words (nothing for the answer itself)."""
    found: list[tuple[dt.date, str]] = []
    if days_before_assessment(ctx, item) is not None:  # refuses a date after the assessment
        found.append((dt.date.fromisoformat(ctx.answers[item]), ""))
    known = ctx.known_marac_on
    if known is not None and known.on <= ctx.assessed_on:  # the record's later referrals are not "last"
        found.append((known.on, f", {known.source}"))
    return max(found, key=lambda f: f[0]) if found else None


def _repeat(ctx: Context, rep: Mapping[str, Any]) -> tuple[Criterion, list[Prompt]]:
    """A repeat referral (SafeLives): further abuse between the same victim and perpetrator(s) within
    12 calendar months of the last MARAC referral. A definition that does not ask about further abuse
    (dash-ric 1.0.0) keeps the rule it was scored with: the date alone."""
    item, months = rep["item"], rep["within_months"]
    last = _last_referral(ctx, item)
    if last is None:
        return _not_met("repeat"), []
    on, source = last
    end = months_later(on, months)
    days = (ctx.assessed_on - on).days
    before = f"The last MARAC referral ({date_text(on)}{source}) was {plural(days, 'day')} before this assessment"
    if ctx.assessed_on > end:
        return _not_met("repeat", Reason(
            "marac.repeat", "Not a repeat referral",
            f"{before}, more than {months} months (the window closed on {date_text(end)}): further abuse now "
            "is a new referral on the other criteria, not a repeat.", (item,))), []
    within = f"{before}, within {months} months (until {date_text(end)})"
    further_item = rep.get("further_abuse")
    if not further_item or not ctx.questionnaire.has_item(further_item):
        return _met("repeat", f"{within}: any further abuse is a repeat referral.", (item,)), []
    return _further_abuse(ctx, rep, within, end, (item, further_item))


def _further_abuse(ctx: Context, rep: Mapping[str, Any], within: str, end: dt.date,
                   items: tuple[str, str]) -> tuple[Criterion, list[Prompt]]:
    """Within the window: met only on further abuse by the same perpetrator(s); "don't know" is a
    prompt to find out, never the criterion."""
    further = ctx.answers.get(items[1])
    same_item = str(rep.get("same_perpetrator") or "")
    asks_same = bool(same_item) and ctx.questionnaire.has_item(same_item)
    same = ctx.answers.get(same_item) if asks_same else YES
    read: tuple[str, ...] = (*items, same_item) if asks_same and further == YES else items

    def no(text: str) -> Criterion:
        return _not_met("repeat", Reason("marac.repeat", "Not a repeat referral", f"{within}, {text}", read))

    if further == YES and same == YES:
        who = ", by the same perpetrator(s)" if asks_same else ""
        return _met("repeat", f"{within}, and there has been further abuse since{who}: a repeat referral.", read), []
    if further == YES and same == NO:
        return no("but the further abuse since was by someone else: not a repeat, which is abuse between the same "
                  "victim and perpetrator(s). Refer on the other criteria."), []
    if further == YES and same == DONT_KNOW:
        return no("and there has been further abuse since, but whether by the same perpetrator(s) is not known."), [
            Prompt("repeat_perpetrator_not_known",
                   f"There has been further abuse since the last MARAC referral, and whether it was by the same "
                   f"perpetrator(s) is not known. Find out: if it was, this is a repeat referral (until "
                   f"{date_text(end)}).", read)]
    if further == YES:
        return no("and there has been further abuse since; whether by the same perpetrator(s) is not answered yet."), []
    if further == NO:
        return no("but there has been no further abuse since: a review, not a repeat referral."), []
    if further == DONT_KNOW:
        return no("and whether there has been further abuse since is not known."), [
            Prompt("further_abuse_not_known",
                   f"Whether there has been further abuse since the last MARAC referral is not known. Ask the "
                   f"agencies involved: any further abuse by the same perpetrator(s) until {date_text(end)} makes "
                   "this a repeat referral, whether or not it was a crime or reported to the police.", read)]
    return no("and whether there has been further abuse since is not answered yet."), []


def _marac(ctx: Context, yes: tuple[str, ...], judgement: Judgement | None) -> tuple[Marac, list[Prompt]]:
    """Each MARAC criterion, met or not, with its reason, in the order SafeLives lists them, and the
    prompts the repeat criterion raises."""
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
    repeat, prompts = _repeat(ctx, cfg["repeat"])
    return Marac((visible, judged, escalation, repeat)), prompts


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
        "Nothing raises the score's level: no MARAC criterion is met and no professional judgement is higher.",
    )


def _tier(ctx: Context, risk_level: str, marac: Marac) -> tuple[str, str, list[Prompt]]:
    """The tier's element, why, and the consent prompt of an IDVA route without MARAC where the
    profile asks for one (Cambridgeshire's 14-16)."""
    tier = ctx.rules["tiers"][risk_level]
    if risk_level != "high":
        return tier, f"Risk level {risk_level}.", []
    if marac.refer:
        return tier, "Risk level high. The MARAC referral is a separate step, shown with its criteria.", []
    consent = ctx.rules.get("idva_consent")
    why = "Risk level high, and no MARAC criterion is met: this support without a MARAC referral."
    if consent is None:
        return tier, why, []
    return tier, f"{why} {consent['text']}", [Prompt("idva_consent", consent["text"], ())]


def _needs(ctx: Context) -> list[tuple[str, str, tuple[str, ...]]]:
    """The needs found: from the answers (``needs``) and from the person's recorded details
    (``subject_needs``), each as element, reason and the answers read."""
    instrument = ctx.questionnaire.instrument
    found = [(n.id, n.text, n.when.matching_items(ctx.answers)) for n in ctx.profile.conditions(instrument, "needs")
             if n.when.holds(ctx.answers)]
    facts = ctx.subject.facts()
    found += [(n.id, n.text, ()) for n in ctx.profile.conditions(instrument, "subject_needs") if n.when.holds(facts)]
    return found


def _services(ctx: Context, risk_level: str, marac: Marac) -> tuple[Idash, list[Reason], list[Prompt]]:
    """The IDASH tier for the level (at standard, the profile's ``standard_tier`` too), and the
    needs-led services whose conditions hold, matched to the area."""
    tier, why, prompts = _tier(ctx, risk_level, marac)
    suggestions = [suggest(ctx, tier, why)]
    reasons = [Reason("idash.tier", f"IDASH: {ctx.directory.element(tier).name}", why)]
    needs = _needs(ctx)
    standard = ctx.rules.get("standard_tier") if risk_level == "standard" else None
    if standard is not None:
        extra = [(e, "Services work across all levels of risk, standard included.") for e in standard["elements"]]
        if needs:
            names = "; ".join(ctx.directory.element(e).name.lower() for e, _, _ in needs)
            extra += [(e, f"At standard risk, with needs found ({names}).") for e in standard.get("with_needs", ())]
        for element, text in extra:
            if element != tier:
                suggestions.append(suggest(ctx, element, text))
                reasons.append(Reason(f"idash.{element}", f"IDASH: {ctx.directory.element(element).name}", text))
    for element, text, items in needs:
        suggestions.append(suggest(ctx, element, text))
        reasons.append(Reason(f"needs.{element}", f"Need: {ctx.directory.element(element).name}", text, items))
    area_why = area_reason(ctx)
    reasons.append(area_why)
    return Idash(tier, tuple(suggestions), ctx.area, area_why), reasons, prompts


def _check_config(ctx: Context) -> None:
    """Refuse a questionnaire whose repeat follow-ups (where it asks them) are not yes / no / don't
    know items: the rule reads those answers. Raises ``ProfileError``."""
    q, rep = ctx.questionnaire, ctx.rules["marac"]["repeat"]
    shapes = item_shapes(q)
    problems = [problem for key in ("further_abuse", "same_perpetrator") if rep.get(key) and q.has_item(rep[key])
                for problem in check_condition(Condition("in", rep[key], (YES, NO, DONT_KNOW)), shapes,
                                               f"marac.repeat.{key}")]
    ctx.profile.refuse_if(q, problems)


def victim_checklist(ctx: Context) -> Result:
    """The DASH victim checklist: bands, MARAC criteria, judgement, prompts and the IDASH tier."""
    ctx.profile.once(("victim rules fit", ctx.questionnaire.content_hash), lambda: _check_config(ctx))
    fields = basics(ctx)
    yes = fields["yes_items"]
    score_level, reasons = _score(ctx, yes, fields["unknown"], fields["scored_items"])
    judgement, judged = professional_judgement(
        ctx.answers, ctx.rules["marac"]["professional_judgement"], score_level, "the score"
    )
    reasons += judged
    marac, repeat_prompts = _marac(ctx, yes, judgement)
    reasons += [c.why for c in marac.checks if c.why is not None]
    risk_level, level_reason = _overall_level(ctx, score_level, marac, judgement)
    reasons.append(level_reason)
    idash, service_reasons, service_prompts = _services(ctx, risk_level, marac)
    reasons += service_reasons
    reasons += completeness_reason(fields)
    return Result(
        complete=not fields["unanswered"],
        score_level=score_level,
        risk_level=risk_level,
        reasons=tuple(reasons),
        score_why=reasons[0],
        level_why=level_reason,
        prompts=(*profile_prompts(ctx), *repeat_prompts, *service_prompts),
        judgement=judgement,
        marac=marac,
        idash=idash,
        count_words=f"{len(yes)} of {fields['scored_items']} risk indicators answered yes",
        **fields,
    )
