"""The perpetrator risk-and-needs rule set (``perpetrator_risk_needs``): the risk level, priority
perpetrator, the DAPP pathway and the needs. Described, with its sources, in docs/perpetrator-rules.md.

Every number comes from the area profile (``instruments.perpetrator-risk-needs``); every conclusion
carries its :class:`Reason`. One rule is not configurable: serious physical or sexual abuse,
strangulation, threats to kill, or weapon use with escalation never leave the level at standard, even
under a profile that forgot to say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from dash_desktop.assessment.profiles import LEVELS, ProfileError
from dash_desktop.assessment.result import Dapp, PathwayStep, Prompt, Reason, Result
from dash_desktop.assessment.rules import (
    Context,
    _common,
    _completeness_reason,
    _plural,
    professional_judgement,
    rank,
)
from dash_desktop.questionnaires.conditions import Condition, ConditionError, parse_condition
from dash_desktop.questionnaires.loader import check_condition
from dash_desktop.questionnaires.model import DONT_KNOW, YES, AnswerError, ItemType

NOTICE = (
    "This result is an aid to professional judgement, not a prediction: there is no single published "
    "threshold for perpetrator risk, so DASH Desktop's rule is shown in full above. A lower level does not "
    "mean a partner or child is safe, and the practitioner's judgement can always raise the level."
)

#: The issue's safety rule, enforced whatever the profile says: any of these means at least medium.
#: The item ids are fixed by the instrument (other tools rely on them).
NEVER_STANDARD: tuple[tuple[str, Condition, str], ...] = tuple(
    (rule_id, parse_condition(cond, f"never standard '{rule_id}'"), text)
    for rule_id, cond, text in (
        ("serious_harm", {"item": "gravity", "in": ["serious_physical", "sexual"]},
         "serious physical or sexual abuse"),
        ("strangulation", {"item": "strangulation", "equals": YES}, "strangulation"),
        ("threats_to_kill", {"item": "threats_to_kill", "equals": YES}, "threats to kill"),
        ("weapon_with_escalation",
         {"all": [{"item": "weapon_use", "equals": YES}, {"item": "escalation", "equals": YES}]},
         "weapon use with escalation"),
    )
)
NEVER_STANDARD_MIN = "medium"
#: "The past 12 months", for checking the incident count against the date of the most recent one.
YEAR_DAYS = 365


def _num(answers: Mapping[str, Any], item: str) -> int | float | None:
    value = answers.get(item)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _band_points(value: float | None, bands: Sequence[Mapping[str, int]]) -> tuple[int, int | None]:
    """The points of the highest band reached, and that band's minimum (``None`` if none reached)."""
    best, reached = 0, None
    if value is None:
        return best, reached
    for band in bands:
        if value >= band["min"] and (reached is None or band["min"] >= reached):
            best, reached = band["points"], band["min"]
    return best, reached


def _parsed(ctx: Context, key: str, rules: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], Condition]]:
    out = []
    for i, raw in enumerate(rules):
        where = f"{ctx.profile.source}: instruments.{ctx.questionnaire.instrument}.{key}[{i}] ('{raw['id']}')"
        try:
            out.append((raw, parse_condition(raw["when"], where)))
        except ConditionError as exc:
            raise ProfileError(str(exc)) from None
    return out


def check_config(ctx: Context) -> None:
    """Refuse a profile whose perpetrator rules do not fit the questionnaire: an item missing or of the
    wrong type, an answer the item cannot take, a gravity without points. Raises ``ProfileError``."""
    q, cfg = ctx.questionnaire, ctx.rules
    raw_items = {
        i.id: {"type": i.type.value, "choices": [{"value": c.value} for c in i.choices]} for i in q.items
    }
    problems: list[str] = []

    def check(cond: Condition, where: str) -> None:
        problems.extend(check_condition(cond, raw_items, where))

    def of_type(item: str, types: tuple[ItemType, ...], where: str) -> None:
        if not q.has_item(item):
            problems.append(f"{where}: '{item}' is not an item of the questionnaire")
        elif q.item(item).type not in types:
            problems.append(f"{where}: '{item}' must be {' or '.join(t.value for t in types)}")

    pts = cfg["points"]
    number = (ItemType.NUMBER,)
    of_type(pts["frequency"]["item"], number, "points.frequency")
    of_type(pts["victims"]["item"], number, "points.victims")
    of_type(pts["recency"]["item"], (ItemType.DATE,), "points.recency")
    gravity = pts["gravity"]
    check(Condition("in", gravity["item"], tuple(gravity["points"])), "points.gravity")
    if q.has_item(gravity["item"]):
        missing = [c.value for c in q.item(gravity["item"]).choices if c.value not in gravity["points"]]
        if missing:
            problems.append(f"points.gravity: no points for {', '.join(missing)}")
    pri = cfg["priority"]
    of_type(pri["incidents"]["item"], number, "priority.incidents")
    of_type(pri["victims"]["item"], number, "priority.victims")
    check(Condition("in", pri["gravity"]["item"], tuple(pri["gravity"]["in"])), "priority.gravity")
    for key in ("children", "charged"):
        ref = pri["high_harm_team"][key]
        check(Condition("equals", ref["item"], ref["equals"]), f"priority.high_harm_team.{key}")
    judge = cfg["professional_judgement"]
    of_type(judge["item"], (ItemType.SINGLE_CHOICE,), "professional_judgement")
    check(Condition("in", judge["item"], LEVELS), "professional_judgement")
    of_type(judge["reason_item"], (ItemType.TEXT,), "professional_judgement.reason_item")
    way = cfg["pathway"]
    of_type(way["age"]["item"], number, "pathway.age")
    check(Condition("in", way["motivation"]["item"], tuple(way["motivation"]["engage"])), "pathway.motivation")
    route = way["justice_route"]
    check(Condition("in", route["item"], (route["caution"], route["court_order"])), "pathway.justice_route")
    for item in way["complex_needs"]["items"]:
        check(Condition("equals", item, YES), "pathway.complex_needs")
    if not q.tagged(cfg["need_tag"]):
        problems.append(f"need_tag: no item is tagged '{cfg['need_tag']}'")
    for raw, cond in _parsed(ctx, "floors", cfg["floors"]):
        check(cond, f"floors '{raw['id']}'")
    for raw, cond in _parsed(ctx, "pathway.services", way["services"]):
        check(cond, f"pathway.services '{raw['id']}'")
    for rule_id, cond, _ in NEVER_STANDARD:
        check(cond, f"the never-standard rule '{rule_id}'")
    if problems:
        raise ProfileError(
            f"profile '{ctx.profile.id}' cannot score {q.id} {q.version} ({q.source}): "
            + "; ".join(dict.fromkeys(problems))
        )


def perpetrator_risk_needs(ctx: Context) -> Result:
    """Score a perpetrator risk-and-needs assessment: risk level, priority, pathway and needs."""
    check_config(ctx)
    cfg, answers, q = ctx.rules, ctx.answers, ctx.questionnaire
    common = _common(ctx)
    reasons: list[Reason] = []

    # 1. Points: risk factors, gravity, frequency, victims, recency.
    pts = cfg["points"]
    yes = common["yes_items"]
    factor_points = len(yes) * pts["factor"]
    total = factor_points
    if yes:
        reasons.append(Reason(
            "points.factors", f"{_plural(factor_points, 'point')} from risk factors",
            f"{_plural(len(yes), 'risk factor')} answered yes, {_plural(pts['factor'], 'point')} each.", yes,
        ))
    g_item = pts["gravity"]["item"]
    gravity = answers.get(g_item)
    if gravity is not None:
        g_points = int(pts["gravity"]["points"][gravity])
        total += g_points
        reasons.append(Reason(
            "points.gravity", f"{_plural(g_points, 'point')} for gravity",
            f"The most serious abuse known is {q.item(g_item).choice_label(gravity).lower()}.", (g_item,),
        ))
    for key, noun, when in (("frequency", "incident", " in the past 12 months"), ("victims", "victim", " known")):
        item = pts[key]["item"]
        value = _num(answers, item)
        if value is None:
            continue
        band_pts, reached = _band_points(value, pts[key]["bands"])
        total += band_pts
        if reached is not None:
            text = f"{_plural(int(value), noun)}{when}, at or over {reached}."
        else:
            lowest = min(b["min"] for b in pts[key]["bands"])
            text = f"{_plural(int(value), noun)}{when}, under {lowest}."
        reasons.append(Reason(f"points.{key}", f"{_plural(band_pts, 'point')} for {key}", text, (item,)))
    rec = pts["recency"]
    last = answers.get(rec["item"])
    days_since: int | None = None
    if last is not None:
        days = days_since = (ctx.assessed_on - dt.date.fromisoformat(last)).days
        if days < 0:
            raise AnswerError(rec["item"], f"{last} is after the assessment date {ctx.assessed_on.isoformat()}")
        recent = days <= rec["within_days"]
        rec_points = rec["points"] if recent else 0
        total += rec_points
        reasons.append(Reason(
            "points.recency", f"{_plural(rec_points, 'point')} for recency",
            f"The most recent incident ({last}) was {_plural(days, 'day')} before this assessment, "
            f"{'within' if recent else 'more than'} {rec['within_days']}.", (rec["item"],),
        ))
    levels: Mapping[str, int] = cfg["levels"]
    score_level = max((lvl for lvl in LEVELS if total >= levels[lvl]), key=rank)
    upper = {"standard": levels["medium"] - 1, "medium": levels["high"] - 1}.get(score_level)
    band = f"{levels[score_level]}-{upper}" if upper is not None else f"{levels[score_level]} or more"
    scoring = tuple(i for r in reasons if r.rule.startswith("points.") and not r.conclusion.startswith("0 ")
                    for i in r.items)
    reasons.append(Reason(
        "score.band", f"Score level {score_level}",
        f"{_plural(total, 'point')}; {band} is {score_level} in the perpetrator rules of the "
        f"{ctx.profile.name} profile.", scoring,
    ))
    if common["unknown"]:
        reasons.append(Reason(
            "score.unknown", f"{len(common['unknown'])} not known",
            "Answered \"don't know\": not counted. Follow these up; each could raise the level.",
            common["unknown"],
        ))

    # 2. Floors: answers that set a minimum level whatever the points.
    level = score_level
    raised_by: list[str] = []

    def raise_to(minimum: str, why: str) -> None:
        nonlocal level
        if rank(minimum) > rank(level):
            level = minimum
            raised_by.append(why)

    for raw, cond in _parsed(ctx, "floors", cfg["floors"]):
        if cond.holds(answers):
            reasons.append(Reason(f"floor.{raw['id']}", f"At least {raw['level']}", raw["text"],
                                  cond.matching_items(answers)))
            raise_to(raw["level"], f"floor '{raw['id']}'")

    # 3. Priority perpetrator (Project Foundation): repeat, and physical or sexual.
    pri = cfg["priority"]
    incidents = _num(answers, pri["incidents"]["item"])
    victims = _num(answers, pri["victims"]["item"])
    gravity_pri = answers.get(pri["gravity"]["item"])
    repeat_why: list[str] = []
    repeat_items: list[str] = []
    if incidents is not None and incidents >= pri["incidents"]["min"]:
        repeat_why.append(f"{_plural(int(incidents), 'incident')} in 12 months (at or over {pri['incidents']['min']})")
        repeat_items.append(pri["incidents"]["item"])
    if victims is not None and victims >= pri["victims"]["min"]:
        repeat_why.append(f"{_plural(int(victims), 'victim')} (at or over {pri['victims']['min']})")
        repeat_items.append(pri["victims"]["item"])
    serious = gravity_pri in pri["gravity"]["in"]
    priority = bool(repeat_why) and serious
    g_label = (
        q.item(pri["gravity"]["item"]).choice_label(gravity_pri).lower() if gravity_pri is not None else "not recorded"
    )
    kinds = ", ".join(q.item(pri["gravity"]["item"]).choice_label(v).lower() for v in pri["gravity"]["in"])
    if priority:
        reasons.append(Reason(
            "priority", "Priority perpetrator",
            f"A repeat perpetrator of physical or sexual abuse: {' and '.join(repeat_why)}; the most serious "
            f"abuse known is {g_label}.", (*repeat_items, pri["gravity"]["item"]),
        ))
        if rank(level) < rank(pri["min_level"]):
            reasons.append(Reason("priority.min_level", f"At least {pri['min_level']}",
                                  f"A priority perpetrator is at least {pri['min_level']} in this profile.",
                                  (*repeat_items, pri["gravity"]["item"])))
        raise_to(pri["min_level"], "priority perpetrator")
    else:
        if not repeat_why:
            inc_text = ("incidents in 12 months not recorded" if incidents is None else
                        f"{_plural(int(incidents), 'incident')} in 12 months (under {pri['incidents']['min']})")
            vic_text = ("victims not recorded" if victims is None else
                        f"{_plural(int(victims), 'victim')} known (under {pri['victims']['min']})")
            why = f"{inc_text} and {vic_text}"
        else:
            why = f"{' and '.join(repeat_why)}, but the most serious abuse known is {g_label}, not {kinds}"
        reasons.append(Reason(
            "priority", "Not a priority perpetrator", f"Not a repeat perpetrator of physical or sexual abuse: {why}.",
            (pri["incidents"]["item"], pri["victims"]["item"], pri["gravity"]["item"]),
        ))

    # 4. The safety rule no profile can switch off.
    if level == "standard":
        fired = [(rule_id, cond, text) for rule_id, cond, text in NEVER_STANDARD if cond.holds(answers)]
        if fired:
            found = tuple(dict.fromkeys(i for _, cond, _ in fired for i in cond.matching_items(answers)))
            reasons.append(Reason(
                "safety.never_standard", f"At least {NEVER_STANDARD_MIN}",
                f"{'; '.join(text for _, _, text in fired).capitalize()}: never standard in DASH Desktop, "
                "whatever the profile says.", found,
            ))
            raise_to(NEVER_STANDARD_MIN, "the never-standard safety rule")

    # 5. Professional judgement: can raise, never lower; always with its reason.
    judge = cfg["professional_judgement"]
    judgement, judged = professional_judgement(answers, judge, level, "the rules")
    reasons += judged
    if judgement is not None:
        raise_to(judgement.level, "professional judgement")
    risk_level = level
    if raised_by:
        text = f"Raised from score level {score_level} by: {', '.join(raised_by)}."
    else:
        text = "The level of the points; no floor, priority rule or judgement raises it."
    reasons.append(Reason("risk_level", f"Risk level {risk_level}", text))

    # 6. Needs.
    need_items = q.tagged(cfg["need_tag"])
    needs = tuple(i.id for i in need_items if answers.get(i.id) == YES)
    if needs:
        reasons.append(Reason("needs", f"{_plural(len(needs), 'need')}",
                              "Answered yes: " + "; ".join(ctx.label(i) for i in needs) + ".", needs))
    needs_unknown = tuple(i.id for i in need_items if answers.get(i.id) == DONT_KNOW)
    if needs_unknown:
        reasons.append(Reason("needs.unknown", f"{_plural(len(needs_unknown), 'need')} not known",
                              "Answered \"don't know\": follow up; a need found later can change the pathway.",
                              needs_unknown))
    way = cfg["pathway"]
    cn_cfg = way["complex_needs"]
    complex_needs = tuple(i for i in cn_cfg["items"] if answers.get(i) == YES)

    # 7. The pathway.
    steps: list[PathwayStep] = []

    def add(step_id: str, reason: str, items: Sequence[str] = ()) -> None:
        meta = way["steps"].get(step_id, {})
        name = meta.get("name") or step_id.replace("_", " ").capitalize()
        steps.append(PathwayStep(step_id, name, meta.get("description", ""), reason, tuple(items)))
        reasons.append(Reason(f"pathway.{step_id}", f"Pathway: {name}", reason, tuple(items)))

    def step_name(step_id: str) -> str:
        return str(way["steps"].get(step_id, {}).get("name") or step_id)

    hht = pri["high_harm_team"]
    children_ok = answers.get(hht["children"]["item"]) == hht["children"]["equals"]
    not_charged = answers.get(hht["charged"]["item"]) == hht["charged"]["equals"]
    if priority and children_ok and not_charged:
        add("high_harm_team",
            "A priority perpetrator, children were present, and the most recent incident was not charged.",
            (*repeat_items, pri["gravity"]["item"], hht["children"]["item"], hht["charged"]["item"]))
    elif priority:
        missing = []
        if not children_ok:
            missing.append(f"children present is {_answer_text(ctx, hht['children']['item'])}")
        if not not_charged:
            missing.append(f"charged is {_answer_text(ctx, hht['charged']['item'])}")
        reasons.append(Reason(
            "pathway.high_harm_team", f"Not on the pathway: {step_name('high_harm_team')}",
            f"A priority perpetrator, but {' and '.join(missing)}.",
            (hht["children"]["item"], hht["charged"]["item"]),
        ))

    outreach = rank(risk_level) >= rank(cn_cfg["level"]) and len(complex_needs) >= cn_cfg["min"]
    cn_names = "; ".join(ctx.label(i) for i in complex_needs) or "none"
    if outreach:
        add("assertive_outreach",
            f"Risk level {risk_level} with {len(complex_needs)} complex needs: {cn_names} ({cn_cfg['min']} or more "
            "of " + ", ".join(ctx.label(i).lower() for i in cn_cfg["items"]) + "). Stabilisation before a "
            "programme.",
            complex_needs)
    elif rank(risk_level) >= rank(cn_cfg["level"]) or complex_needs:
        reasons.append(Reason(
            "pathway.assertive_outreach", f"Not on the pathway: {step_name('assertive_outreach')}",
            f"Needs risk level {cn_cfg['level']} and {cn_cfg['min']} or more complex needs; here risk level "
            f"{risk_level} and {len(complex_needs)} ({cn_names}).", complex_needs,
        ))

    age_item = way["age"]["item"]
    age = _num(answers, age_item)
    route_cfg = way["justice_route"]
    route = answers.get(route_cfg["item"])
    mot_cfg = way["motivation"]
    motivation = answers.get(mot_cfg["item"])
    if age is None:
        reasons.append(Reason("pathway.programme", "No programme chosen yet",
                              f"Age is not recorded: it decides between {step_name('linx')} (under "
                              f"{way['age']['adult_from']}) and {step_name('radar')}.", (age_item,)))
    elif age < way["age"]["adult_from"]:
        add("linx", f"Aged {int(age)}: under {way['age']['adult_from']}, so the young people's programme "
            f"instead of {step_name('radar')}.", (age_item,))
    elif route == route_cfg["court_order"]:
        reasons.append(Reason("pathway.radar", f"Not on the pathway: {step_name('radar')}",
                              f"A court-ordered programme is the programme: {step_name('bbr')}.",
                              (route_cfg["item"],)))
    elif motivation in mot_cfg["engage"]:
        after = " after stabilisation in assertive outreach" if outreach else ""
        add("radar", f"Aged {int(age)} and {_answer_text(ctx, mot_cfg['item']).lower()}: the adult programme"
            f"{after}.", (age_item, mot_cfg["item"]))
    else:
        state = "not recorded" if motivation is None else _answer_text(ctx, mot_cfg["item"]).lower()
        reasons.append(Reason("pathway.radar", f"Not on the pathway: {step_name('radar')}",
                              f"RADAR is for adults willing to engage; willingness to change is {state}. "
                              "Revisit motivation at each contact.", (mot_cfg["item"],)))
    if route == route_cfg["caution"]:
        add("cara", "A conditional caution with the CARA workshops as its condition.", (route_cfg["item"],))
    if route == route_cfg["court_order"]:
        add("bbr", "A court-ordered programme: Building Better Relationships with probation.", (route_cfg["item"],))
    for raw, cond in _parsed(ctx, "pathway.services", way["services"]):
        if cond.holds(answers):
            add(raw["id"], raw["reason"], cond.matching_items(answers))
    others = [s.name for s in steps]
    add("victim_safety_service",
        "Always offered to the partner or ex-partner of a perpetrator referred to any intervention"
        + (f" (here: {'; '.join(others)})." if others else ", even before an intervention for this person is agreed."))

    # 8. Prompts for judgement, shown not scored.
    prompts = [
        Prompt(rule.id, rule.text, rule.when.matching_items(answers))
        for rule in ctx.profile.conditions(q.instrument, "prompts")
        if rule.when.holds(answers)
    ]
    freq_item = pts["frequency"]["item"]
    count_12m = _num(answers, freq_item)
    if days_since is not None and count_12m is not None and (count_12m >= 1) != (days_since <= YEAR_DAYS):
        prompts.append(Prompt(
            "dates_disagree",
            f"The most recent incident ({last}) and the number of incidents in the past 12 months "
            f"({int(count_12m)}) disagree. Check both: recency and frequency both count towards the level.",
            (rec["item"], freq_item),
        ))
    reasons += _completeness_reason(common)
    return Result(
        complete=not common["unanswered"],
        score_level=score_level,
        risk_level=risk_level,
        reasons=tuple(reasons),
        prompts=tuple(prompts),
        judgement=judgement,
        dapp=Dapp(
            points=total,
            priority=priority,
            pathway=tuple(steps),
            needs=needs,
            complex_needs=complex_needs,
        ),
        notice=NOTICE,
        **common,
    )


def _answer_text(ctx: Context, item: str) -> str:
    value = ctx.answers.get(item)
    if value is None:
        return "not recorded"
    return ctx.questionnaire.item(item).choice_label(str(value)).lower() if isinstance(value, str) else str(value)
