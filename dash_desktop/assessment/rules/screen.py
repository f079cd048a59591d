"""An add-on screen with no cut-off (``screen``: the S-DASH, the H-DASH): the count informs the
practitioner's judgement on the main checklist."""

from __future__ import annotations

from dash_desktop.assessment.result import Reason, Result
from dash_desktop.assessment.rules.common import Context, basics, completeness_reason


def screen(ctx: Context) -> Result:
    """An add-on screen with no cut-off (S-DASH, H-DASH): the count informs judgement."""
    fields = basics(ctx)
    yes = fields["yes_items"]
    count = Reason(
        "screen.count",
        f"{len(yes)} of {fields['scored_items']} answered yes",
        "This screen has no cut-off: more yes answers mean more concern. Use it to inform professional "
        "judgement on the main checklist.",
        yes,
    )
    return Result(
        complete=not fields["unanswered"],
        score_level=None,
        risk_level=None,
        reasons=(count, *completeness_reason(fields)),
        score_why=count,
        **fields,
    )
