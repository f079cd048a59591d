"""The domain core (questionnaires, assessment) imports neither Qt nor SQLAlchemy, nor the layers
that depend on it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dash_desktop"
CORE = ["questionnaires", "assessment"]
FORBIDDEN = ("PySide6", "PyQt", "sqlalchemy", "sqlcipher3", "reportlab", "pyhanko", "dash_desktop.store",
             "dash_desktop.reports", "dash_desktop.ui", "dash_desktop.forms", "dash_desktop.cli")


@pytest.mark.parametrize("path", sorted(p for c in CORE for p in (PACKAGE / c).rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_imports_nothing_above_it(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        for name in names:
            assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_scoring_loads_without_qt_or_sqlalchemy() -> None:
    code = ("import sys, dash_desktop.assessment as a, dash_desktop.questionnaires; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6','sqlalchemy','sqlcipher3')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
