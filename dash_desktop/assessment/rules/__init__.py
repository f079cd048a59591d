"""The rule sets that turn checked answers into a :class:`Result`, one per kind of instrument, named
in a profile's ``rules:``.

``common`` holds what they share (the context, the level order, the score band, judgement, prompts,
completeness, the date check); ``victim``, ``screen`` and ``perpetrator`` (with its ``pathway``) each
build on it and never on each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dash_desktop.assessment.result import Result
from dash_desktop.assessment.rules.common import Context
from dash_desktop.assessment.rules.perpetrator import perpetrator_risk_needs
from dash_desktop.assessment.rules.screen import screen
from dash_desktop.assessment.rules.victim import CRITERIA, CRITERION_NAMES, victim_checklist

__all__ = ["CRITERIA", "CRITERION_NAMES", "RULE_SETS", "Context", "items_read"]

#: Rule sets by the name a profile gives them in ``rules:``.
RULE_SETS: dict[str, Callable[[Context], Result]] = {
    "victim_checklist": victim_checklist,
    "screen": screen,
    "perpetrator_risk_needs": perpetrator_risk_needs,
}


def items_read(rules: Mapping[str, Any]) -> list[str]:
    """The item ids a rule set's configuration names directly (checked against the questionnaire)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                if key in ("item", "reason_item") and isinstance(value, str):
                    found.append(value)
                elif key not in ("when",):  # conditions are checked with their types elsewhere
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(rules)
    return found
