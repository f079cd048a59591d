"""Dependencies point one way: ui / forms / cli -> store / reports -> assessment -> questionnaires.
Each layer is checked for what it must never import (anywhere in a module, also inside functions);
the domain core (questionnaires, assessment, training) imports neither Qt nor SQLAlchemy nor any layer above."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dash_desktop"
QT = ("PySide6", "PyQt", "shiboken6")
DATABASE = ("sqlalchemy", "sqlcipher3", "alembic")
PDF = ("reportlab", "pyhanko")
ABOVE_THE_CORE = ("dash_desktop.store", "dash_desktop.reports", "dash_desktop.ui", "dash_desktop.forms",
                  "dash_desktop.cli")
#: Each layer and what it never imports.
FORBIDDEN = {
    "questionnaires": (*QT, *DATABASE, *PDF, *ABOVE_THE_CORE, "dash_desktop.assessment"),
    "assessment": (*QT, *DATABASE, *PDF, *ABOVE_THE_CORE),
    # training scenarios, their validation and feedback: domain core too (the training store, PDFs and
    # screens live in the layers above)
    "training": (*QT, *DATABASE, *PDF, *ABOVE_THE_CORE),
    # the training store: its own SQLite file (Python's sqlite3), never the case store, which it cannot
    # even import; no Qt, no PDFs (those are reports/training.py's)
    "training_store": (*QT, *DATABASE, *PDF, *ABOVE_THE_CORE),
    # the referral form, its prefill from plain records and the redaction profiles: domain core too
    # (their PDF is reports/referral.py's)
    "referrals": (*QT, *DATABASE, *PDF, *ABOVE_THE_CORE),
    # the statistics' model, counting and CSV/JSON: fed plain facts by the store, read by reports and ui
    "stats": (*QT, *DATABASE, *PDF, *ABOVE_THE_CORE),
    "store": (*QT, *PDF, "dash_desktop.reports", "dash_desktop.ui", "dash_desktop.forms", "dash_desktop.cli"),
    "reports": (*QT, "dash_desktop.ui", "dash_desktop.forms", "dash_desktop.cli"),
    "forms": ("dash_desktop.ui", "dash_desktop.cli"),
}


def imported_names(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


@pytest.mark.parametrize(
    ("layer", "path"),
    [(layer, p) for layer in FORBIDDEN for p in sorted((PACKAGE / layer).rglob("*.py"))],
    ids=lambda v: str(v.relative_to(PACKAGE)) if isinstance(v, Path) else v,
)
def test_a_layer_imports_nothing_above_it(layer: str, path: Path) -> None:
    for name in imported_names(path):
        assert not name.startswith(FORBIDDEN[layer]), f"{path.relative_to(PACKAGE)} ({layer}) imports {name}"


def test_every_layer_is_checked() -> None:
    layers = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert layers - set(FORBIDDEN) == {"ui", "cli"}  # the top: they may import any layer below


def _loaded_by(code: str) -> list[str]:
    probe = (f"import sys; {code}; "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'sqlalchemy', 'sqlcipher3', "
             "'alembic', 'reportlab', 'pyhanko'}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return [line for line in out.strip().splitlines() if line]


def test_scoring_loads_without_qt_or_sqlalchemy() -> None:
    assert _loaded_by("import dash_desktop.assessment, dash_desktop.questionnaires") == ["[]"]


def test_registering_the_commands_loads_nothing_heavy() -> None:
    """Each command imports the store, Qt, ReportLab or pyHanko only when it runs."""
    assert _loaded_by("from dash_desktop.cli import build_parser; build_parser()") == ["[]"]


@pytest.mark.parametrize("argv", [["list"], ["list", "--format", "json"], ["show", "gp-older-mother-son"],
                                  ["show", "gp-older-mother-son", "--format", "json"], ["validate"], ["check"]])
def test_the_training_commands_that_read_scenarios_load_nothing_heavy(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``training list`` / ``show`` / ``validate`` / ``check`` use the domain core only."""
    monkeypatch.setenv("DASH_DESKTOP_TRAINING", str(tmp_path / "training"))
    answers = tmp_path / "answers.json"
    answers.write_text('{"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"}, '
                       '"assessed_on": "2026-03-17", "answers": {"q1": "yes"}}', "utf-8")
    scenario = PACKAGE.parent / "resources" / "training" / "scenarios" / "gp-older-mother-son.yaml"
    extra = {"validate": [str(scenario)], "check": ["gp-older-mother-son", str(answers)]}.get(argv[0], [])
    command = ["training", *argv, *extra]
    code = ("import contextlib, io; from dash_desktop.cli import main; out = io.StringIO()\n"
            f"with contextlib.redirect_stdout(out): rc = main({command!r})\n"
            "assert rc == 0, out.getvalue()")
    assert _loaded_by(code) == ["[]"]


def test_the_store_words_load_without_the_database() -> None:
    assert _loaded_by("import dash_desktop.store.vocabulary") == ["[]"]
