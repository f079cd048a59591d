"""The DAPP pathway of the perpetrator rule set (step 7): the police high-harm team, assertive
outreach, the programme (LINX or RADAR), the justice route (CARA, BBR), needs-led services, and the
victim safety service always offered to the partner. Each step, and each step considered but not
taken, carries its :class:`Reason`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dash_desktop.assessment.result import PathwayStep, Reason
from dash_desktop.assessment.rules.common import Context, number, rank


@dataclass(frozen=True)
class Priority:
    """Whether the perpetrator is a priority perpetrator, and the answers that decided it."""

    met: bool
    items: tuple[str, ...]  # the repeat answers that qualified, then the gravity item


@dataclass
class _Builder:
    """The steps so far, and the reasons for each step taken or considered."""

    way: Mapping[str, Any]
    steps: list[PathwayStep] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)

    def name(self, step_id: str) -> str:
        return str(self.way["steps"].get(step_id, {}).get("name") or step_id)

    def add(self, step_id: str, reason: str, items: Sequence[str] = ()) -> None:
        meta = self.way["steps"].get(step_id, {})
        name = meta.get("name") or step_id.replace("_", " ").capitalize()
        self.steps.append(PathwayStep(step_id, name, meta.get("description", ""), reason, tuple(items)))
        self.reasons.append(Reason(f"pathway.{step_id}", f"Pathway: {name}", reason, tuple(items)))

    def not_on(self, step_id: str, text: str, items: Sequence[str]) -> None:
        self.reasons.append(Reason(f"pathway.{step_id}", f"Not on the pathway: {self.name(step_id)}", text,
                                   tuple(items)))


def _answer_text(ctx: Context, item: str) -> str:
    return "not recorded" if ctx.answers.get(item) is None else ctx.answer_text(item).lower()


def _high_harm_team(ctx: Context, b: _Builder, found: Priority) -> None:
    """A priority perpetrator, children present and no charge: the police high-harm team."""
    if not found.met:
        return
    hht = ctx.rules["priority"]["high_harm_team"]
    children, charged = hht["children"]["item"], hht["charged"]["item"]
    children_ok = ctx.answers.get(children) == hht["children"]["equals"]
    not_charged = ctx.answers.get(charged) == hht["charged"]["equals"]
    if children_ok and not_charged:
        b.add("high_harm_team",
              "A priority perpetrator, children were present, and the most recent incident was not charged.",
              (*found.items, children, charged))
        return
    missing = []
    if not children_ok:
        missing.append(f"children present is {_answer_text(ctx, children)}")
    if not not_charged:
        missing.append(f"charged is {_answer_text(ctx, charged)}")
    b.not_on("high_harm_team", f"A priority perpetrator, but {' and '.join(missing)}.", (children, charged))


def _assertive_outreach(ctx: Context, b: _Builder, risk_level: str, complex_needs: tuple[str, ...]) -> bool:
    """High risk with complex needs: stabilisation in assertive outreach before a programme."""
    cfg = b.way["complex_needs"]
    high_enough = rank(risk_level) >= rank(cfg["level"])
    names = "; ".join(ctx.label(i) for i in complex_needs) or "none"
    if high_enough and len(complex_needs) >= cfg["min"]:
        b.add("assertive_outreach",
              f"Risk level {risk_level} with {len(complex_needs)} complex needs: {names} ({cfg['min']} or more "
              "of " + ", ".join(ctx.label(i).lower() for i in cfg["items"]) + "). Stabilisation before a "
              "programme.",
              complex_needs)
        return True
    if high_enough or complex_needs:
        b.not_on("assertive_outreach",
                 f"Needs risk level {cfg['level']} and {cfg['min']} or more complex needs; here risk level "
                 f"{risk_level} and {len(complex_needs)} ({names}).", complex_needs)
    return False


def _programme(ctx: Context, b: _Builder, outreach: bool) -> None:
    """The programme: LINX under the adult age, else RADAR for adults willing to engage (unless a court
    ordered BBR)."""
    age_cfg, route_cfg, mot_cfg = b.way["age"], b.way["justice_route"], b.way["motivation"]
    age = number(ctx.answers, age_cfg["item"])
    motivation = ctx.answers.get(mot_cfg["item"])
    if age is None:
        b.reasons.append(Reason("pathway.programme", "No programme chosen yet",
                                f"Age is not recorded: it decides between {b.name('linx')} (under "
                                f"{age_cfg['adult_from']}) and {b.name('radar')}.", (age_cfg["item"],)))
    elif age < age_cfg["adult_from"]:
        b.add("linx", f"Aged {int(age)}: under {age_cfg['adult_from']}, so the young people's programme "
              f"instead of {b.name('radar')}.", (age_cfg["item"],))
    elif ctx.answers.get(route_cfg["item"]) == route_cfg["court_order"]:
        b.not_on("radar", f"A court-ordered programme is the programme: {b.name('bbr')}.", (route_cfg["item"],))
    elif motivation in mot_cfg["engage"]:
        after = " after stabilisation in assertive outreach" if outreach else ""
        b.add("radar", f"Aged {int(age)} and {_answer_text(ctx, mot_cfg['item']).lower()}: the adult programme"
              f"{after}.", (age_cfg["item"], mot_cfg["item"]))
    else:
        state = "not recorded" if motivation is None else _answer_text(ctx, mot_cfg["item"]).lower()
        b.not_on("radar", f"RADAR is for adults willing to engage; willingness to change is {state}. "
                 "Revisit motivation at each contact.", (mot_cfg["item"],))


def _justice_route_and_services(ctx: Context, b: _Builder) -> None:
    """CARA on a conditional caution, BBR on a court order, and the needs-led services."""
    route_cfg = b.way["justice_route"]
    route = ctx.answers.get(route_cfg["item"])
    if route == route_cfg["caution"]:
        b.add("cara", "A conditional caution with the CARA workshops as its condition.", (route_cfg["item"],))
    if route == route_cfg["court_order"]:
        b.add("bbr", "A court-ordered programme: Building Better Relationships with probation.", (route_cfg["item"],))
    for rule in ctx.profile.conditions(ctx.questionnaire.instrument, "pathway.services"):
        if rule.when.holds(ctx.answers):
            b.add(rule.id, rule.text, rule.when.matching_items(ctx.answers))


def pathway(
    ctx: Context, risk_level: str, found: Priority, complex_needs: tuple[str, ...]
) -> tuple[tuple[PathwayStep, ...], list[Reason]]:
    """Step 7: the DAPP pathway for this level, priority and these complex needs."""
    b = _Builder(ctx.rules["pathway"])
    _high_harm_team(ctx, b, found)
    outreach = _assertive_outreach(ctx, b, risk_level, complex_needs)
    _programme(ctx, b, outreach)
    _justice_route_and_services(ctx, b)
    others = [s.name for s in b.steps]
    b.add("victim_safety_service",
          "Always offered to the partner or ex-partner of a perpetrator referred to any intervention"
          + (f" (here: {'; '.join(others)})." if others else ", even before an intervention for this person is "
             "agreed."))
    return tuple(b.steps), b.reasons
