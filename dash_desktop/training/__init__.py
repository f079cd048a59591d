"""Training mode's domain half: scenarios (synthetic cases with model answers, teaching notes and a
model outcome), their validation against the current rules, and feedback on a trainee's answers.
Plain Python: no Qt, no SQLAlchemy. The format is described in docs/training.md."""

from dash_desktop.training.feedback import SCORE_METHOD, Difference, Feedback, OutcomeCheck, Score, check
from dash_desktop.training.library import (
    ScenarioSummary,
    builtin_dir,
    find_scenario,
    load_library,
    summaries,
)
from dash_desktop.training.outcome import Outcome
from dash_desktop.training.scenario import FORMAT, Person, Scenario, ScenarioError, load_scenario, parse_scenario
from dash_desktop.training.validate import Disagreement, compare, rules_outcome, validate

__all__ = [
    "FORMAT",
    "SCORE_METHOD",
    "Difference",
    "Disagreement",
    "Feedback",
    "Outcome",
    "OutcomeCheck",
    "Person",
    "Scenario",
    "ScenarioError",
    "ScenarioSummary",
    "Score",
    "builtin_dir",
    "check",
    "compare",
    "find_scenario",
    "load_library",
    "load_scenario",
    "parse_scenario",
    "rules_outcome",
    "summaries",
    "validate",
]
