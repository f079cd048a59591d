"""The rules are a package whose modules import one another one way only: no cycle, the rule sets never
import each other, and each step stays a function small enough to read."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "dash_desktop"
CORE = ("assessment", "questionnaires")
RULE_SETS = ("victim", "screen", "perpetrator")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path, packages: tuple[str, ...] = CORE) -> dict[str, set[str]]:
    """Module -> the dash_desktop modules it imports (anywhere in it, at the top or in a function)."""
    files = {module_name(p, root): p for c in packages for p in (root / c).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name in files}
            elif isinstance(node, ast.ImportFrom) and node.module in files:
                for alias in node.names:  # ``from pkg import module`` imports the module
                    sub = f"{node.module}.{alias.name}"
                    targets.add(sub if sub in files else node.module)
        graph[name] = targets - {name}
    return graph


def test_the_domain_core_has_no_import_cycle() -> None:
    graph = import_graph(PACKAGE)
    assert "dash_desktop.assessment.rules.common" in graph  # the rules are a package
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")
    assert order.index("dash_desktop.assessment.rules.common") < order.index("dash_desktop.assessment.rules.victim")


@pytest.mark.parametrize("rule_set", RULE_SETS)
def test_a_rule_set_builds_on_common_never_on_another_rule_set(rule_set: str) -> None:
    graph = import_graph(PACKAGE)
    imported = graph[f"dash_desktop.assessment.rules.{rule_set}"]
    assert "dash_desktop.assessment.rules.common" in imported
    others = {f"dash_desktop.assessment.rules.{r}" for r in RULE_SETS if r != rule_set}
    assert not imported & others
    assert "dash_desktop.assessment.rules" not in imported  # only the package's front door gathers them


@pytest.mark.parametrize("path", sorted((PACKAGE / "assessment").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_step_of_the_rules_is_a_short_function(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)" for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and node.end_lineno is not None
            and node.end_lineno - node.lineno + 1 > 80]
    assert not long
