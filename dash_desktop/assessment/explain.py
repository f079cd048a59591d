"""A result in words, for a person: what the CLI prints, and what the app and the report reuse."""

from __future__ import annotations

import textwrap

from dash_desktop.assessment.result import Result
from dash_desktop.assessment.rules import CRITERIA, CRITERION_NAMES

WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]


def _names(result: Result, items: tuple[str, ...]) -> str:
    return "; ".join(f"{result.label(i)} ({i})" for i in items)


def explain(result: Result) -> str:
    q = result.questionnaire
    lines = [
        result.title,
        f"{q['id']} {q['version']} (sha256 {q['hash'][:12]}), profile {result.profile['name']}, "
        f"assessed {result.assessed_on:%d %B %Y}",
        "",
    ]
    if not result.complete:
        lines += ["INCOMPLETE: " + f"{len(result.unanswered)} required question(s) not answered:"]
        lines += _wrap(_names(result, result.unanswered))
        lines += ["  The result below counts only what has been answered.", ""]
    if result.risk_level is None:
        lines.append(f"{result.yes_count} of {result.scored_items} answered yes (this screen has no cut-off).")
    elif result.dapp is not None:
        lines.append(f"RISK LEVEL: {result.risk_level.upper()}")
        lines.append(
            f"  {result.dapp.points} points (score level {result.score_level}); {result.yes_count} of "
            f"{result.scored_items} risk factors answered yes."
        )
    else:
        lines.append(f"RISK LEVEL: {result.risk_level.upper()}")
        lines.append(
            f"  {result.yes_count} of {result.scored_items} risk indicators answered yes "
            f"(score level {result.score_level})."
        )
    if result.yes_items:
        lines += _wrap("Yes: " + _names(result, result.yes_items))
    if result.unknown:
        lines += _wrap("Don't know (not counted; follow up): " + _names(result, result.unknown))
    if result.judgement:
        j = result.judgement
        effect = j.effect_words
        lines += ["", f"PROFESSIONAL JUDGEMENT: {j.level} ({effect})"]
        lines += _wrap("Reason: " + j.reason)
    if result.marac is not None:
        m = result.marac
        lines += ["", "MARAC: " + ("REFER" if m.refer else "no referral criterion met")]
        for criterion in CRITERIA:
            met = criterion in m.criteria
            why = next((r.text for r in result.reasons if r.rule == f"marac.{criterion}" and met), "")
            mark = "[x]" if met else "[ ]"
            lines += _wrap(f"{mark} {CRITERION_NAMES[criterion].capitalize()}" + (f": {why}" if why else ""))
    if result.dapp is not None:
        lines += _dapp_lines(result)
    if result.prompts:
        lines += ["", "CONSIDER PROFESSIONAL JUDGEMENT (shown, not scored):"]
        for p in result.prompts:
            lines += _wrap("- " + p.text)
    if result.idash is not None:
        lines += ["", "SUGGESTED SUPPORT (IDASH):"]
        for s in result.idash.services:
            providers = ", ".join(name for _, name in s.providers) or "no local provider listed"
            lines += _wrap(f"- {s.name}: {s.reason}")
            lines += _wrap(f"Local services: {providers}", "      ")
    if result.offered:
        lines += ["", "ALSO COMPLETE:"]
        for qid, why in result.offered:
            lines += _wrap(f"- {qid}: {why}")
    lines += ["", "WHY (each rule and the answers it read):"]
    for r in result.reasons:
        lines += _wrap(f"- {r.conclusion}. {r.text}" + (f" [{', '.join(r.items)}]" if r.items else ""))
    lines += ["", *textwrap.wrap(result.notice, WIDTH)]
    return "\n".join(lines)


def _dapp_lines(result: Result) -> list[str]:
    """Priority perpetrator, the DAPP pathway and the needs."""
    d = result.dapp
    if d is None:
        return []
    why = next((r.text for r in result.reasons if r.rule == "priority"), "")
    lines = ["", "PRIORITY PERPETRATOR: " + ("YES" if d.priority else "no")]
    lines += _wrap(why)
    lines += ["", "PATHWAY (DAPP):"]
    for step in d.pathway:
        lines += _wrap(f"- {step.name}: {step.reason}")
        if step.description:
            lines += _wrap(step.description, "      ")
    lines += ["", *_wrap("NEEDS: " + (_names(result, d.needs) if d.needs else "none answered yes"), "")]
    if d.complex_needs:
        lines += _wrap("Complex needs (for assertive outreach): " + _names(result, d.complex_needs))
    return lines
