"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from typing import Any

import pytest
from dash_helpers import ASSESSED_ON, ric_doc

from dash_desktop.assessment import Result, score
from dash_desktop.questionnaires import Registry

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # GUI tests never need a display


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.default()


@pytest.fixture(scope="session")
def score_ric(registry: Registry) -> Any:
    def run(answers: dict[str, Any], profile: str = "hampshire", assessed_on: str = ASSESSED_ON) -> Result:
        return score(ric_doc(answers, assessed_on), profile=profile, registry=registry)

    return run
