"""A result in words, for a person: what ``dash-desktop score`` prints. It only formats the
:class:`Result`'s typed conclusions and their reasons; the live panel and the PDF format the same ones."""

from __future__ import annotations

import textwrap

from dash_desktop.assessment.result import Result
from dash_desktop.questionnaires.model import date_text

WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]


def _names(result: Result, items: tuple[str, ...]) -> str:
    return "; ".join(f"{result.label(i)} ({i})" for i in items)


def explain(result: Result) -> str:
    q = result.questionnaire
    lines = [
        result.title,
        *textwrap.wrap(f"{q['id']} {q['version']} (sha256 {q['hash'][:12]}), profile {result.profile['name']}, "
                       f"assessed {date_text(result.assessed_on)}", WIDTH),
        "",
    ]
    if not result.complete:
        lines += [f"INCOMPLETE: {len(result.unanswered)} required question(s) not answered:"]
        lines += _wrap(_names(result, result.unanswered))
        lines += ["  The result below counts only what has been answered.", ""]
    lines += _level_lines(result)
    if result.judgement:
        j = result.judgement
        lines += ["", f"PROFESSIONAL JUDGEMENT: {j.level} ({j.effect_words})"]
        lines += _wrap("Reason: " + j.reason)
    if result.marac is not None:
        lines += ["", "MARAC: " + ("REFER" if result.marac.refer else "no referral criterion met")]
        for c in result.marac.checks:
            why = f": {c.why.text}" if c.why else ""
            lines += _wrap(f"{'[x]' if c.met else '[ ]'} {c.name.capitalize()}{why}")
    if result.dapp is not None:
        lines += _dapp_lines(result)
    if result.prompts:
        lines += ["", "CONSIDER PROFESSIONAL JUDGEMENT (shown, not scored):"]
        for p in result.prompts:
            lines += _wrap("- " + p.text)
    if result.idash is not None:
        heading = "SPECIALIST ADVICE" if result.idash.tier is None else "SUGGESTED SUPPORT (IDASH)"
        where = f"for {result.idash.area.name}" if result.idash.area else "area not known, every provider listed"
        lines += ["", f"{heading}, {where}:"]
        for s in result.idash.services:
            lines += _wrap(f"- {s.name}: {s.reason}")
            lines += _wrap(f"Local services: {s.provider_names}", "      ")
    if result.offered:
        lines += ["", "ALSO COMPLETE:"]
        for offer in result.offered:
            lines += _wrap(f"- {offer.title}: {offer.reason}")
    lines += ["", "WHY (each rule and the answers it read):"]
    for r in result.reasons:
        lines += _wrap(f"- {r.conclusion}. {r.text}" + (f" [{', '.join(r.items)}]" if r.items else ""))
    lines += ["", *textwrap.wrap(result.notice, WIDTH)]
    return "\n".join(lines)


def _level_lines(result: Result) -> list[str]:
    """The level (or a screen's count), the count behind it and the level's why."""
    if result.risk_level is None:
        headline = result.screen.headline.upper() if result.screen else "NO CUT-OFF"
        lines = [f"SCREEN: {headline}", *_wrap(f"{result.count_words} (this screen has no cut-off).")]
    else:
        lines = [f"RISK LEVEL: {result.risk_level.upper()}"]
        lines += _wrap(f"{result.count_words} (score level {result.score_level}).")
    if result.level_why is not None:
        lines += _wrap(f"Why: {result.level_why.text}")
    if result.yes_items:
        lines += _wrap("Yes: " + _names(result, result.yes_items))
    if result.unknown:
        lines += _wrap("Don't know (not counted; follow up): " + _names(result, result.unknown))
    return lines


def _dapp_lines(result: Result) -> list[str]:
    """Priority perpetrator, the DAPP pathway and the needs."""
    d = result.dapp
    if d is None:
        return []
    lines = ["", "PRIORITY PERPETRATOR (this tool's approximation): " + ("YES" if d.priority else "no")]
    if d.priority_why is not None:
        lines += _wrap(d.priority_why.text)
    lines += ["", "PATHWAY (DAPP):"]
    for step in d.pathway:
        lines += _wrap(f"- {step.name}: {step.reason}")
        if step.description:
            lines += _wrap(step.description, "      ")
    lines += ["", *_wrap("NEEDS: " + (_names(result, d.needs) if d.needs else "none answered yes"), "")]
    if d.complex_needs:
        lines += _wrap("Complex needs (for assertive outreach): " + _names(result, d.complex_needs))
    return lines
