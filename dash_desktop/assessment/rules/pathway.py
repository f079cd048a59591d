"""The DAPP pathway of the perpetrator rule set (step 7): the police high-harm route, assertive
outreach, the programme (LINX or RADAR, or instead of RADAR the service for abuse of someone who is
not a partner), the justice route (CARA, BBR, or youth justice under 18), needs-led services, and the
victim safety service always offered to the partner. Every step is offered only within its ages
(the profile's ``min_age`` / ``max_age``). Each step, and each step considered but not taken, carries
its :class:`Reason`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dash_desktop.assessment.result import PathwayStep, Prompt, Reason
from dash_desktop.assessment.rules.common import Context, number, rank
from dash_desktop.questionnaires.model import DONT_KNOW


@dataclass(frozen=True)
class Priority:
    """Whether the perpetrator is a priority perpetrator, and the answers that decided it."""

    met: bool
    items: tuple[str, ...]  # the repeat answers that qualified, then the gravity item


@dataclass
class _Builder:
    """The steps so far, the reasons for each step taken or considered, and the prompts raised."""

    ctx: Context
    way: Mapping[str, Any]
    steps: list[PathwayStep] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    prompts: list[Prompt] = field(default_factory=list)

    @property
    def age(self) -> int | None:
        value = number(self.ctx.answers, self.way["age"]["item"])
        return None if value is None else int(value)

    def meta(self, step_id: str) -> Mapping[str, Any]:
        return self.way["steps"].get(step_id, {})  # type: ignore[no-any-return]

    def name(self, step_id: str) -> str:
        return str(self.meta(step_id).get("name") or step_id.replace("_", " ").capitalize())

    def ages(self, step_id: str) -> str | None:
        """The ages a step is for, in words ("18 and over", "up to 17"); None when for any age."""
        low, high = self.meta(step_id).get("min_age"), self.meta(step_id).get("max_age")
        if low is not None and high is not None:
            return f"{low} to {high}"
        if low is not None:
            return f"{low} and over"
        return None if high is None else f"up to {high}"

    def fits(self, step_id: str) -> bool | None:
        """Whether the person's age is within the step's ages; None when the age is not recorded."""
        if self.age is None:
            return None
        meta = self.meta(step_id)
        return bool(meta.get("min_age", 0) <= self.age <= meta.get("max_age", self.age))

    def add(self, step_id: str, reason: str, items: Sequence[str] = ()) -> None:
        meta, name = self.meta(step_id), self.name(step_id)
        self.steps.append(PathwayStep(step_id, name, meta.get("description", ""), reason, tuple(items),
                                      str(meta.get("kind", "refer"))))
        self.reasons.append(Reason(f"pathway.{step_id}", f"Pathway: {name}", reason, tuple(items)))

    def offer(self, step_id: str, reason: str, items: Sequence[str] = ()) -> bool:
        """Add the step if the person's age and relationship allow it; else say why not. With the age
        not recorded the step is added, saying which ages it is for."""
        age_item = self.way["age"]["item"]
        if self.fits(step_id) is False:
            self.not_on(step_id, f"{self.name(step_id)} is for ages {self.ages(step_id)}; aged {self.age}.",
                        (age_item,))
            return False
        if not self._relationship_allows(step_id):
            return False
        if self.fits(step_id) is None and self.ages(step_id):
            reason += f" It is for ages {self.ages(step_id)}: the age is not recorded yet."
        self.add(step_id, reason, items)
        return True

    def _relationship_allows(self, step_id: str) -> bool:
        """A partner-only step (RADAR) for abuse of someone else: not on, and the profile's step for
        that relationship instead."""
        rel = self.way.get("relationship")
        if rel is None or step_id not in rel["steps"] or not self.ctx.questionnaire.has_item(rel["item_if_asked"]):
            return True
        item = rel["item_if_asked"]
        value = self.ctx.answers.get(item)
        if value is None or value in rel["partner"]:
            return True
        words = self.ctx.answer_text(item).lower()
        self.not_on(step_id, f"{self.name(step_id)} is for people abusive towards a current, ex or future partner; "
                    f"the person abused here is: {words}.", (item,))
        if rel["instead"] not in (s.id for s in self.steps):
            self.add(rel["instead"], f"The person abused is not a partner ({words}), so not "
                     f"{self.name(step_id)}: refer to the service for that relationship.", (item,))
        return False

    def not_on(self, step_id: str, text: str, items: Sequence[str]) -> None:
        self.reasons.append(Reason(f"pathway.{step_id}", f"Not on the pathway: {self.name(step_id)}", text,
                                   tuple(items)))


def _answer_text(ctx: Context, item: str) -> str:
    return "not recorded" if ctx.answers.get(item) is None else ctx.answer_text(item).lower()


def _known_to_police(ctx: Context, b: _Builder, hht: Mapping[str, Any], items: tuple[str, ...]) -> bool:
    """The police high-harm route works from police records: only for abuse reported to the police
    (where the questionnaire asks; dash 1.0.0 does not)."""
    reported = hht.get("reported")
    if reported is None or not ctx.questionnaire.has_item(reported["item_if_asked"]):
        return True
    item = reported["item_if_asked"]
    value = ctx.answers.get(item)
    if value == reported["equals"]:
        return True
    if value == DONT_KNOW:
        b.prompts.append(Prompt(
            "police_report_not_known",
            "Whether the abuse was ever reported to the police is not known. Find out: this tool's priority "
            "perpetrator, with children present and no charge, is shared through the police route when the "
            "abuse is known to the police.", (*items, item)))
    b.not_on("high_harm_team", "A priority perpetrator, children were present and there was no charge, but the "
             f"abuse reported to the police is {_answer_text(ctx, item)}: the police route works only from abuse "
             "known to the police.", (item,))
    return False


def _high_harm_team(ctx: Context, b: _Builder, found: Priority) -> None:
    """A priority perpetrator, children present, no charge, known to the police: share through the
    police route (Project Foundation's high-harm teams)."""
    if not found.met:
        return
    hht = ctx.rules["priority"]["high_harm_team"]
    children, charged = hht["children"]["item"], hht["charged"]["item"]
    children_ok = ctx.answers.get(children) == hht["children"]["equals"]
    not_charged = ctx.answers.get(charged) == hht["charged"]["equals"]
    if not (children_ok and not_charged):
        missing = []
        if not children_ok:
            missing.append(f"children present is {_answer_text(ctx, children)}")
        if not not_charged:
            missing.append(f"charged is {_answer_text(ctx, charged)}")
        b.not_on("high_harm_team", f"A priority perpetrator, but {' and '.join(missing)}.", (children, charged))
        return
    items = (*found.items, children, charged)
    if _known_to_police(ctx, b, hht, items):
        b.offer("high_harm_team",
                "A priority perpetrator (this tool's approximation), children were present, and the most recent "
                "incident was not charged: share what is known through the police route. It is not a referral "
                "you make.", items)


def _assertive_outreach(ctx: Context, b: _Builder, risk_level: str, complex_needs: tuple[str, ...]) -> bool:
    """High risk with complex needs: stabilisation in assertive outreach before a programme."""
    cfg = b.way["complex_needs"]
    high_enough = rank(risk_level) >= rank(cfg["level"])
    names = "; ".join(ctx.label(i) for i in complex_needs) or "none"
    if high_enough and len(complex_needs) >= cfg["min"]:
        return b.offer("assertive_outreach",
                       f"Risk level {risk_level} with {len(complex_needs)} complex needs: {names} ({cfg['min']} or "
                       "more of " + ", ".join(ctx.label(i).lower() for i in cfg["items"]) + "). Stabilisation "
                       "before a programme.", complex_needs)
    if high_enough or complex_needs:
        b.not_on("assertive_outreach",
                 f"Needs risk level {cfg['level']} and {cfg['min']} or more complex needs; here risk level "
                 f"{risk_level} and {len(complex_needs)} ({names}).", complex_needs)
    return False


def _programme(ctx: Context, b: _Builder, outreach: bool) -> None:
    """The programme by age: LINX for a young person, RADAR for an adult willing to engage whose abuse
    is of a partner (unless a court ordered BBR)."""
    age_item, route_cfg, mot_cfg = b.way["age"]["item"], b.way["justice_route"], b.way["motivation"]
    motivation = ctx.answers.get(mot_cfg["item"])
    if b.age is None:
        b.reasons.append(Reason("pathway.programme", "No programme chosen yet",
                                f"Age is not recorded: it decides between {b.name('linx')} (ages "
                                f"{b.ages('linx')}) and {b.name('radar')} (ages {b.ages('radar')}).", (age_item,)))
    elif b.fits("linx"):
        b.add("linx", f"Aged {b.age}: the young people's programme (for ages {b.ages('linx')}); "
              f"{b.name('radar')} is for ages {b.ages('radar')}.", (age_item,))
    elif not b.fits("radar"):
        b.not_on("radar", f"{b.name('radar')} is for ages {b.ages('radar')}; aged {b.age}.", (age_item,))
    elif ctx.answers.get(route_cfg["item"]) == route_cfg["court_order"]:
        b.not_on("radar", f"A court-ordered programme is the programme: {b.name('bbr')}.", (route_cfg["item"],))
    elif motivation in mot_cfg["engage"]:
        after = " after stabilisation in assertive outreach" if outreach else ""
        b.offer("radar", f"Aged {b.age} and {_answer_text(ctx, mot_cfg['item'])}: the adult programme{after}.",
                (age_item, mot_cfg["item"]))
    elif b._relationship_allows("radar"):
        b.not_on("radar", f"{b.name('radar')} is for adults willing to engage; willingness to change is "
                 f"{_answer_text(ctx, mot_cfg['item'])}. Revisit motivation at each contact.", (mot_cfg["item"],))


def _justice_route_and_services(ctx: Context, b: _Builder) -> None:
    """CARA on a conditional caution and BBR on a court order (both for adults), children's services and
    youth justice under 18, and the needs-led services."""
    route_cfg, age_item = b.way["justice_route"], b.way["age"]["item"]
    route = ctx.answers.get(route_cfg["item"])
    if route == route_cfg["caution"]:
        b.offer("cara", "A conditional caution with the CARA workshops as its condition.", (route_cfg["item"],))
    if route == route_cfg["court_order"]:
        b.offer("bbr", "A court-ordered programme: Building Better Relationships with probation.",
                (route_cfg["item"],))
    if "youth_justice" in b.way["steps"] and b.fits("youth_justice"):
        if route in (route_cfg["caution"], route_cfg["court_order"]):
            on = "on a conditional caution" if route == route_cfg["caution"] else "with a court order"
            why = (f"Aged {b.age}, {on}: for a young person, cautions and court orders go through the Youth "
                   "Justice Service, with children's services.")
            b.add("youth_justice", why, (age_item, route_cfg["item"]))
        else:
            b.add("youth_justice", f"Aged {b.age}: a young person who abuses is also a child to safeguard. "
                  "Involve children's services, and the Youth Justice Service for any caution or court order.",
                  (age_item,))
    for rule in ctx.profile.conditions(ctx.questionnaire.instrument, "pathway.services"):
        if rule.when.holds(ctx.answers):
            b.offer(rule.id, rule.text, rule.when.matching_items(ctx.answers))


def pathway(
    ctx: Context, risk_level: str, found: Priority, complex_needs: tuple[str, ...]
) -> tuple[tuple[PathwayStep, ...], list[Reason], list[Prompt]]:
    """Step 7: the DAPP pathway for this level, priority, these complex needs, the age and the
    relationship; and the prompts it raises."""
    b = _Builder(ctx, ctx.rules["pathway"])
    _high_harm_team(ctx, b, found)
    outreach = _assertive_outreach(ctx, b, risk_level, complex_needs)
    _programme(ctx, b, outreach)
    _justice_route_and_services(ctx, b)
    others = [s.name for s in b.steps if s.kind == "refer"]  # sharing with the police refers no one
    relation = b.way.get("relationship")
    not_partner = relation is not None and relation["instead"] in (s.id for s in b.steps)
    b.add("victim_safety_service",
          "Always offered to the partner or ex-partner of a perpetrator referred to any intervention"
          + (f" (here: {'; '.join(others)})." if others else ", even before an intervention for this person is "
             "agreed.")
          + (" The person abused here is not a partner: their own support comes from a risk assessment with them "
             "(the DASH checklist)." if not_partner else ""))
    return tuple(b.steps), b.reasons, b.prompts
