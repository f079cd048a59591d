"""Helpers for the training tests (importable as ``training_helpers``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dash_desktop.assessment import AssessmentDocument, parse_document
from dash_desktop.cli import main
from dash_desktop.training import Scenario

#: A scenario whose outcome turns on two answers (q5, and the incident count for potential escalation).
ESCALATION = "housing-disabled-four-callouts"


def trainee_answers(scenario: Scenario, **changes: Any) -> dict[str, Any]:
    """The interchange file a trainee hands in: the model answers with their changes (None: unanswered)."""
    answers = {**scenario.model_answers, **changes}
    return {
        "format": "dash-desktop.assessment/1",
        "questionnaire": {"id": scenario.questionnaire.id},
        "assessed_on": scenario.assessed_on.isoformat(),
        "answers": {k: v for k, v in answers.items() if v is not None},
    }


def trainee_doc(scenario: Scenario, **changes: Any) -> AssessmentDocument:
    return parse_document(trainee_answers(scenario, **changes))


def write_answers(path: Path, scenario: Scenario, **changes: Any) -> Path:
    path.write_text(json.dumps(trainee_answers(scenario, **changes)), "utf-8")
    return path


class Cli:
    """``dash-desktop`` in-process: the exit code, stdout and stderr; never a traceback."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(list(args))
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out


SHOTS = Path(__file__).resolve().parents[1] / "screenshots"  # git-ignored


def shot(widget: Any, name: str) -> Path:
    """Save what ``widget`` shows now as screenshots/NAME.png (to look at)."""
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert widget.grab().save(str(path))
    return path
