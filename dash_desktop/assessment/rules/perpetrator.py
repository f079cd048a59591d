"""The perpetrator risk-and-needs rule set (``perpetrator_risk_needs``): points, floors, priority
perpetrator, the level, the needs and (in ``pathway``) the DAPP pathway. Described, with its sources,
in docs/perpetrator-rules.md.

Every number comes from the area profile (``instruments.perpetrator-risk-needs``); every conclusion
carries its :class:`Reason`. One rule is not configurable: serious physical or sexual abuse,
strangulation, threats to kill, or weapon use never leave the level at standard, even under a profile
that forgot to say so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dash_desktop.assessment.profiles import LEVELS, item_shapes
from dash_desktop.assessment.result import Dapp, Prompt, Reason, Result
from dash_desktop.assessment.rules.common import (
    Context,
    answered,
    basics,
    completeness_reason,
    days_before_assessment,
    number,
    plural,
    professional_judgement,
    profile_prompts,
    rank,
    score_band,
)
from dash_desktop.assessment.rules.pathway import Priority, pathway
from dash_desktop.questionnaires.conditions import Condition, parse_condition
from dash_desktop.questionnaires.loader import check_condition
from dash_desktop.questionnaires.model import DONT_KNOW, YES, ItemType

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
        ("weapon_use", {"item": "weapon_use", "equals": YES}, "weapon use"),
    )
)
NEVER_STANDARD_MIN = "medium"
#: "The past 12 months", for checking the incident count against the date of the most recent one.
YEAR_DAYS = 365
#: Said with every priority-perpetrator conclusion: what the rule is, and what it is not.
PRIORITY_RULE = (
    "This is DASH Desktop's approximation of Project Foundation's focus, not the Priority Perpetrator "
    "Identification Tool."
)


def check_config(ctx: Context) -> None:
    """Refuse a profile whose perpetrator rules do not fit the questionnaire: an item missing or of the
    wrong type, an answer the item cannot take, a gravity without points. Raises ``ProfileError``."""
    q, cfg = ctx.questionnaire, ctx.rules
    shapes = item_shapes(q)
    problems: list[str] = []

    def check(cond: Condition, where: str) -> None:
        problems.extend(check_condition(cond, shapes, where))

    def of_type(item: str, types: tuple[ItemType, ...], where: str) -> None:
        if not q.has_item(item):
            problems.append(f"{where}: '{item}' is not an item of the questionnaire")
        elif q.item(item).type not in types:
            problems.append(f"{where}: '{item}' must be {' or '.join(t.value for t in types)}")

    pts = cfg["points"]
    num = (ItemType.NUMBER,)
    of_type(pts["frequency"]["item"], num, "points.frequency")
    of_type(pts["victims"]["item"], num, "points.victims")
    of_type(pts["recency"]["item"], (ItemType.DATE,), "points.recency")
    if "children" in pts:
        check(Condition("equals", pts["children"]["item"], YES), "points.children")
    gravity = pts["gravity"]
    check(Condition("in", gravity["item"], tuple(gravity["points"])), "points.gravity")
    if q.has_item(gravity["item"]):
        missing = [c.value for c in q.item(gravity["item"]).choices if c.value not in gravity["points"]]
        if missing:
            problems.append(f"points.gravity: no points for {', '.join(missing)}")
    pri = cfg["priority"]
    of_type(pri["incidents"]["item"], num, "priority.incidents")
    of_type(pri["victims"]["item"], num, "priority.victims")
    check(Condition("in", pri["gravity"]["item"], tuple(pri["gravity"]["in"])), "priority.gravity")
    if "serious_harm" in pri:
        check(Condition("in", pri["gravity"]["item"], tuple(pri["serious_harm"]["in"])), "priority.serious_harm")
    for key in ("children", "charged"):
        ref = pri["high_harm_team"][key]
        check(Condition("equals", ref["item"], ref["equals"]), f"priority.high_harm_team.{key}")
    reported = pri["high_harm_team"].get("reported")
    if reported is not None and q.has_item(reported["item_if_asked"]):  # dash 1.0.0 does not ask it
        check(Condition("equals", reported["item_if_asked"], reported["equals"]), "priority.high_harm_team.reported")
    judge = cfg["professional_judgement"]
    of_type(judge["item"], (ItemType.SINGLE_CHOICE,), "professional_judgement")
    check(Condition("in", judge["item"], LEVELS), "professional_judgement")
    of_type(judge["reason_item"], (ItemType.TEXT,), "professional_judgement.reason_item")
    way = cfg["pathway"]
    of_type(way["age"]["item"], num, "pathway.age")
    check(Condition("in", way["motivation"]["item"], tuple(way["motivation"]["engage"])), "pathway.motivation")
    route = way["justice_route"]
    check(Condition("in", route["item"], (route["caution"], route["court_order"])), "pathway.justice_route")
    relation = way.get("relationship")
    if relation is not None and q.has_item(relation["item_if_asked"]):
        check(Condition("in", relation["item_if_asked"], tuple(relation["partner"])), "pathway.relationship")
        problems.extend(f"pathway.relationship: no step '{s}' in pathway.steps"
                        for s in (*relation["steps"], relation["instead"]) if s not in way["steps"])
    for item in way["complex_needs"]["items"]:
        check(Condition("equals", item, YES), "pathway.complex_needs")
    if not q.tagged(cfg["need_tag"]):
        problems.append(f"need_tag: no item is tagged '{cfg['need_tag']}'")
    for key in ("floors", "pathway.services"):
        for rule in ctx.profile.conditions(q.instrument, key):
            check(rule.when, f"{key} '{rule.id}'")
    for rule_id, cond, _ in NEVER_STANDARD:
        check(cond, f"the never-standard rule '{rule_id}'")
    ctx.profile.refuse_if(q, problems)


# --- 1. points ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Points:
    """The points of each scoring answer (risk factors, gravity, frequency, victims, recency)."""

    scored: tuple[tuple[int, Reason], ...]
    recency_days: int | None  # days from the most recent incident to the assessment, if answered

    @property
    def total(self) -> int:
        return sum(p for p, _ in self.scored)

    @property
    def reasons(self) -> list[Reason]:
        return [r for _, r in self.scored]

    @property
    def items(self) -> tuple[str, ...]:
        """The answers that scored at least one point."""
        return tuple(i for p, r in self.scored if p for i in r.items)


def _band_points(value: float, bands: Sequence[Mapping[str, int]]) -> tuple[int, int | None]:
    """The points of the highest band reached, and that band's minimum (``None`` if none reached)."""
    best, reached = 0, None
    for band in bands:
        if value >= band["min"] and (reached is None or band["min"] >= reached):
            best, reached = band["points"], band["min"]
    return best, reached


def _banded(ctx: Context, key: str, noun: str, when: str) -> tuple[int, Reason] | None:
    """Points for a count (``frequency``, ``victims``) by the profile's bands; ``None`` if unanswered."""
    cfg = ctx.rules["points"][key]
    value = number(ctx.answers, cfg["item"])
    if value is None:
        return None
    band_pts, reached = _band_points(value, cfg["bands"])
    if reached is not None:
        text = f"{plural(int(value), noun)}{when}, at or over {reached}."
    else:
        lowest = min(b["min"] for b in cfg["bands"])
        text = f"{plural(int(value), noun)}{when}, under {lowest}."
    return band_pts, Reason(f"points.{key}", f"{plural(band_pts, 'point')} for {key}", text, (cfg["item"],))


def points(ctx: Context, yes: tuple[str, ...]) -> Points:
    """Step 1: the points of the risk factors, gravity, frequency, victims, children present and recency."""
    pts, answers = ctx.rules["points"], ctx.answers
    scored: list[tuple[int, Reason]] = []
    factor_points = len(yes) * pts["factor"]
    if yes:
        scored.append((factor_points, Reason(
            "points.factors", f"{plural(factor_points, 'point')} from risk factors",
            f"{plural(len(yes), 'risk factor')} answered yes, {plural(pts['factor'], 'point')} each.", yes,
        )))
    g_item = pts["gravity"]["item"]
    gravity = answers.get(g_item)
    if gravity is not None:
        g_points = int(pts["gravity"]["points"][gravity])
        scored.append((g_points, Reason(
            "points.gravity", f"{plural(g_points, 'point')} for gravity",
            f"The most serious abuse known is {ctx.questionnaire.item(g_item).answer_text(gravity).lower()}.",
            (g_item,),
        )))
    for key, noun, when in (("frequency", "incident", " in the past 12 months"), ("victims", "victim", " known")):
        banded = _banded(ctx, key, noun, when)
        if banded is not None:
            scored.append(banded)
    children = pts.get("children")
    if children is not None and answers.get(children["item"]) == YES:
        scored.append((children["points"], Reason(
            "points.children", f"{plural(children['points'], 'point')} for children present",
            "Children were present at the abuse (seeing or hearing it).", (children["item"],),
        )))
    rec = pts["recency"]
    days = days_before_assessment(ctx, rec["item"])
    if days is not None:
        recent = days <= rec["within_days"]
        rec_points = rec["points"] if recent else 0
        scored.append((rec_points, Reason(
            "points.recency", f"{plural(rec_points, 'point')} for recency",
            f"The most recent incident ({ctx.answer_text(rec['item'])}) was {plural(days, 'day')} before this "
            f"assessment, {'within' if recent else 'more than'} {rec['within_days']}.", (rec["item"],),
        )))
    return Points(tuple(scored), days)


def _score_reasons(ctx: Context, pts: Points, score_level: str, band: str, unknown: tuple[str, ...]) -> list[Reason]:
    reasons = [Reason(
        "score.band", f"Score level {score_level}",
        f"{plural(pts.total, 'point')}; {band} is {score_level} in the perpetrator rules of the "
        f"{ctx.profile.name} profile.", pts.items,
    )]
    if unknown:
        reasons.append(Reason(
            "score.unknown", f"{len(unknown)} not known",
            "Answered \"don't know\": not counted. Follow these up; each could raise the level.", unknown,
        ))
    return reasons


# --- 2-5. the level: floors, priority, the safety rule, judgement -----------------------------------


@dataclass
class Level:
    """The level as the rules raise it from the score level, and what raised it."""

    score_level: str
    level: str = ""
    raised_by: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.level = self.level or self.score_level

    def raise_to(self, minimum: str, why: str) -> None:
        if rank(minimum) > rank(self.level):
            self.level = minimum
            self.raised_by.append(why)

    def reason(self) -> Reason:
        if self.raised_by:
            text = f"Raised from {self.score_level} to {self.level} by {_and(self.raised_by)}."
        else:
            text = ("Nothing raises the level the points give: no floor, no priority-perpetrator rule and no "
                    "professional judgement sets it higher.")
        return Reason("risk_level", f"Risk level {self.level}", text)


def _and(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def floors(ctx: Context, level: Level) -> list[Reason]:
    """Step 2: answers that set a minimum level whatever the points."""
    reasons = []
    for rule in ctx.profile.conditions(ctx.questionnaire.instrument, "floors"):
        if rule.when.holds(ctx.answers):
            reasons.append(Reason(f"floor.{rule.id}", f"At least {rule.level}", rule.text,
                                  rule.when.matching_items(ctx.answers)))
            level.raise_to(str(rule.level), f"the floor for {rule.id.replace('_', ' ')}")
    return reasons


def _not_priority_why(ctx: Context, repeat_why: list[str], gravity_words: str) -> str:
    pri = ctx.rules["priority"]
    if repeat_why:
        kinds = ", ".join(ctx.questionnaire.item(pri["gravity"]["item"]).choice_label(v).lower()
                          for v in pri["gravity"]["in"])
        return f"{' and '.join(repeat_why)}, but the most serious abuse known is {gravity_words}, not {kinds}"
    incidents = number(ctx.answers, pri["incidents"]["item"])
    victims = number(ctx.answers, pri["victims"]["item"])
    inc_text = ("incidents in 12 months not recorded" if incidents is None else
                f"{plural(int(incidents), 'incident')} in 12 months (under {pri['incidents']['min']})")
    vic_text = ("victims not recorded" if victims is None else
                f"{plural(int(victims), 'victim')} known (under {pri['victims']['min']})")
    return f"{inc_text} and {vic_text}"


def priority(ctx: Context, level: Level) -> tuple[Priority, list[Reason]]:
    """Step 3: a priority perpetrator (Project Foundation): repeat, and physical or sexual abuse."""
    pri, answers = ctx.rules["priority"], ctx.answers
    g_item = pri["gravity"]["item"]
    repeat_why: list[str] = []
    repeat_items: list[str] = []
    for key, noun, when in (("incidents", "incident", " in 12 months"), ("victims", "victim", "")):
        value = number(answers, pri[key]["item"])
        if value is not None and value >= pri[key]["min"]:
            repeat_why.append(f"{plural(int(value), noun)}{when} (at or over {pri[key]['min']})")
            repeat_items.append(pri[key]["item"])
    gravity = answers.get(g_item)
    met = bool(repeat_why) and gravity in pri["gravity"]["in"]
    gravity_words = "not recorded" if gravity is None else ctx.questionnaire.item(g_item).answer_text(gravity).lower()
    found = Priority(met, (*repeat_items, g_item))
    if not met:
        why = _not_priority_why(ctx, repeat_why, gravity_words)
        return found, [Reason(
            "priority", "Not a priority perpetrator",
            f"Not a repeat perpetrator of physical or sexual abuse: {why}. {PRIORITY_RULE}",
            (pri["incidents"]["item"], pri["victims"]["item"], g_item),
        )]
    reasons = [Reason(
        "priority", "Priority perpetrator",
        f"A repeat perpetrator of physical or sexual abuse: {' and '.join(repeat_why)}; the most serious "
        f"abuse known is {gravity_words}. {PRIORITY_RULE}", found.items,
    )]
    if rank(level.level) < rank(pri["min_level"]):
        reasons.append(Reason("priority.min_level", f"At least {pri['min_level']}",
                              f"A priority perpetrator is at least {pri['min_level']} in this profile.", found.items))
    level.raise_to(pri["min_level"], "the priority-perpetrator rule")
    serious = pri.get("serious_harm")
    if serious is not None and gravity in serious["in"]:
        if rank(level.level) < rank(serious["level"]):
            reasons.append(Reason("priority.serious_harm", f"At least {serious['level']}",
                                  f"Repeat abuse, and the most serious abuse known is {gravity_words}: at least "
                                  f"{serious['level']} in this profile.", found.items))
        level.raise_to(serious["level"], f"repeat {gravity_words}")
    return found, reasons


def never_standard(ctx: Context, level: Level) -> list[Reason]:
    """Step 4: the safety rule no profile can switch off."""
    if level.level != "standard":
        return []
    fired = [(cond, text) for _, cond, text in NEVER_STANDARD if cond.holds(ctx.answers)]
    if not fired:
        return []
    found = tuple(dict.fromkeys(i for cond, _ in fired for i in cond.matching_items(ctx.answers)))
    level.raise_to(NEVER_STANDARD_MIN, "the never-standard safety rule")
    return [Reason(
        "safety.never_standard", f"At least {NEVER_STANDARD_MIN}",
        f"{'; '.join(text for _, text in fired).capitalize()}: never standard in DASH Desktop, "
        "whatever the profile says.", found,
    )]


# --- 6. needs, and the prompts ----------------------------------------------------------------------


def needs(ctx: Context) -> tuple[tuple[str, ...], tuple[str, ...], list[Reason]]:
    """Step 6: the needs answered yes, the complex needs among them, and the needs not known."""
    cfg = ctx.rules
    need_items = ctx.questionnaire.tagged(cfg["need_tag"])
    found = answered(need_items, ctx.answers, YES)
    reasons = []
    if found:
        reasons.append(Reason("needs", f"{plural(len(found), 'need')}",
                              "Answered yes: " + "; ".join(ctx.label(i) for i in found) + ".", found))
    unknown = answered(need_items, ctx.answers, DONT_KNOW)
    if unknown:
        reasons.append(Reason("needs.unknown", f"{plural(len(unknown), 'need')} not known",
                              "Answered \"don't know\": follow up; a need found later can change the pathway.",
                              unknown))
    complex_needs = tuple(i for i in cfg["pathway"]["complex_needs"]["items"] if ctx.answers.get(i) == YES)
    return found, complex_needs, reasons


def _dates_disagree(ctx: Context, recency_days: int | None) -> list[Prompt]:
    """A prompt when the most recent incident and the count in the past 12 months contradict."""
    pts = ctx.rules["points"]
    rec_item, freq_item = pts["recency"]["item"], pts["frequency"]["item"]
    count_12m = number(ctx.answers, freq_item)
    if recency_days is None or count_12m is None or (count_12m >= 1) == (recency_days <= YEAR_DAYS):
        return []
    return [Prompt(
        "dates_disagree",
        f"The most recent incident ({ctx.answer_text(rec_item)}) and the number of incidents in the past 12 months "
        f"({int(count_12m)}) disagree. Check both: recency and frequency both count towards the level.",
        (rec_item, freq_item),
    )]


def perpetrator_risk_needs(ctx: Context) -> Result:
    """Score a perpetrator risk-and-needs assessment: risk level, priority, pathway and needs."""
    ctx.profile.once(("perpetrator rules fit", ctx.questionnaire.content_hash), lambda: check_config(ctx))
    fields = basics(ctx)
    scored = points(ctx, fields["yes_items"])
    score_level, band = score_band(ctx.rules["levels"], scored.total)
    score_reasons = _score_reasons(ctx, scored, score_level, band, fields["unknown"])
    reasons = [*scored.reasons, *score_reasons]
    level = Level(score_level)
    reasons += floors(ctx, level)
    found, priority_reasons = priority(ctx, level)
    reasons += priority_reasons
    reasons += never_standard(ctx, level)
    judgement, judged = professional_judgement(ctx.answers, ctx.rules["professional_judgement"], level.level,
                                               "the rules")
    reasons += judged
    if judgement is not None:
        level.raise_to(judgement.level, "professional judgement")
    level_why = level.reason()
    reasons.append(level_why)
    need_ids, complex_needs, need_reasons = needs(ctx)
    reasons += need_reasons
    steps, pathway_reasons, pathway_prompts = pathway(ctx, level.level, found, complex_needs)
    reasons += pathway_reasons
    reasons += completeness_reason(fields)
    return Result(
        complete=not fields["unanswered"],
        score_level=score_level,
        risk_level=level.level,
        reasons=tuple(reasons),
        score_why=score_reasons[0],
        level_why=level_why,
        prompts=(*profile_prompts(ctx), *_dates_disagree(ctx, scored.recency_days), *pathway_prompts),
        judgement=judgement,
        dapp=Dapp(points=scored.total, priority=found.met, pathway=steps, needs=need_ids,
                  complex_needs=complex_needs, priority_why=priority_reasons[0]),
        count_words=f"{plural(scored.total, 'point')}; {len(fields['yes_items'])} of {fields['scored_items']} "
        "risk factors answered yes",
        notice=NOTICE,
        **fields,
    )

