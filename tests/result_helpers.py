"""Results for the presentation tests (importable as ``result_helpers``): real results whose list of
reasons is then emptied, so a presenter passes only if it formats the typed conclusions themselves
instead of looking reasons up by rule name."""

from __future__ import annotations

import dataclasses
from typing import Any

from dash_helpers import days_before, ric_answers, ric_doc
from perpetrator_helpers import perp_answers, perp_doc

from dash_desktop.assessment import Result, score
from dash_desktop.questionnaires import Registry

ASSESSED_ON = "2026-11-20"
JUDGEMENT_REASON = "Recent strangulation; she believes the threats."


def victim_result(registry: Registry, **extra: Any) -> Result:
    """14 yes with stalking (q8), 4 incidents, a MARAC referral 400 days ago (further abuse since), a
    judgement of high."""
    answers = ric_answers(14, incidents_12m=4, previous_marac_on=days_before(ASSESSED_ON, 400),
                          further_abuse_since_marac="yes", further_abuse_same_perpetrator="yes",
                          professional_judgement="high", professional_judgement_reason=JUDGEMENT_REASON) | extra
    return score(ric_doc(answers), registry=registry)


def perpetrator_result(registry: Registry) -> Result:
    """A priority perpetrator (3 incidents, physical abuse) with children present and no charge."""
    answers = perp_answers(incidents_12m=3, gravity="physical", children_present="yes", charged="no")
    return score(perp_doc(answers), registry=registry)


def typed_only(result: Result) -> Result:
    """The result with no list of reasons: what is left is its typed conclusions and their whys."""
    return dataclasses.replace(result, reasons=())
