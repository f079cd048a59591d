"""Helpers for the installer tests (tests/installer/conftest.py puts the installer scripts on the path)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

INSTALLER = Path(__file__).resolve().parents[1] / "installer"


#: Set by .ci/run, which installs every packaging tool: there a missing one fails the test.
REQUIRE_TOOLS = "DASH_DESKTOP_REQUIRE_PACKAGING_TOOLS"


def need_tool(name: str) -> str:
    """The path of a packaging tool. Absent on a developer's machine the test is skipped; in CI
    (``DASH_DESKTOP_REQUIRE_PACKAGING_TOOLS=1``) its absence is a failure."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: see tools/debian-packages.txt)"
        if os.environ.get(REQUIRE_TOOLS) == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path
