"""docs/ and the shipped data cite their original sources, never notes kept outside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CITABLE = [*sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "resources").rglob("*.yaml")),
           *sorted((ROOT / "dash_desktop" / "questionnaires" / "definitions").glob("*-1.1.0.yaml"))]


@pytest.mark.parametrize("path", CITABLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_citation_of_a_file_outside_the_repository(path: Path) -> None:
    text = path.read_text("utf-8")
    for outside in ("shared/", "domain.md", "design.md"):
        assert outside not in text, f"{path.relative_to(ROOT)} cites {outside}: cite the source itself"
