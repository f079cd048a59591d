"""Helpers for the report tests (importable as ``report_helpers``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dash-ric-14-yes.json"
SUBJECT = "Zoë Łukasiewicz-Ødegård"
PRACTITIONER = "Αλεξάνδρα Петрова"
ORGANISATION = "Southern Domestic Abuse Service"


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is missing: install poppler-utils (tools/debian-packages.txt)")
    return path


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([poppler(args[0]), *args[1:]], capture_output=True, text=True, check=False, timeout=60)


def pdftotext(pdf: Path, *pages: int) -> str:
    first_last = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    result = run_tool("pdftotext", "-enc", "UTF-8", *first_last, str(pdf), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout
