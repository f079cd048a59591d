"""An add-on screen with no cut-off (``screen``: the S-DASH, the H-DASH): the count of the questions
asked informs the practitioner's judgement on the main checklist, and the profile's ``advice`` says
when the screen calls for specialist advice and which service element gives it."""

from __future__ import annotations

from dash_desktop.assessment.result import Idash, Reason, Result, Screen
from dash_desktop.assessment.rules.common import Context, area_reason, basics, completeness_reason, plural, suggest


def screen(ctx: Context) -> Result:
    """An add-on screen with no cut-off (S-DASH, H-DASH): the count informs judgement; enough yes
    answers (the profile's ``advice.min_yes``) call for specialist advice, with its local services."""
    fields = basics(ctx)
    yes = fields["yes_items"]
    asked = fields["scored_items"]
    count_words = f"{len(yes)} of the {plural(asked, 'question')} asked answered yes"
    advice = ctx.rules.get("advice")
    advise = advice is not None and len(yes) >= advice["min_yes"]
    count = Reason(
        "screen.count", count_words[0].upper() + count_words[1:],
        "This screen has no cut-off: more yes answers mean more concern. Use it to inform professional "
        "judgement on the main checklist.", yes,
    )
    reasons = [count]
    idash = None
    if advise and advice is not None:
        reasons.append(Reason("screen.advice", "Specialist advice needed", advice["text"], yes))
        area_why = area_reason(ctx)
        reasons.append(area_why)
        idash = Idash(None, (suggest(ctx, advice["element"], advice["text"]),), ctx.area, area_why)
    headline = "Specialist advice needed" if advise else ("No yes answers" if not yes else "No cut-off")
    return Result(
        complete=not fields["unanswered"],
        score_level=None,
        risk_level=None,
        reasons=(*reasons, *completeness_reason(fields)),
        score_why=count,
        idash=idash,
        screen=Screen(asked, advise, headline),
        count_words=count_words,
        **fields,
    )
