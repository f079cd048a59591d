"""Helpers for the case list and case view tests (importable as ``case_helpers``); the store
fixture is in ``tests/ui/conftest.py``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from dash_desktop.store import Store
from dash_desktop.store.models import Case
from dash_desktop.store.search import search_text

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"  # git-ignored; made on import
SHOTS.mkdir(exist_ok=True)
BASE_TIME = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def bulk_cases(store: Store, count: int, *, start: int = 0) -> None:
    """``count`` cases in one insert (no audit events: only for tests and benchmarks of reading).

    Case ``i`` is ``BULK-<i>``, changed ``i`` minutes after BASE_TIME, with levels and areas in turn,
    and the search text the store would give it.
    """
    levels = ["high", "medium", "standard", None]
    areas = ["Havant", "Gosport", "Basingstoke", "Rushmoor", "Winchester"]
    rows = [
        {
            "reference": f"BULK-{i:06d}",
            "area": areas[i % len(areas)],
            "status": "open" if i % 7 else "closed",
            "risk_level": levels[i % len(levels)],
            "review_on": BASE_TIME.date() + dt.timedelta(days=i % 365),
            "created_at": BASE_TIME,
            "updated_at": BASE_TIME + dt.timedelta(minutes=i),
            "search_text": search_text(f"BULK-{i:06d}", areas[i % len(areas)], []),
        }
        for i in range(start, start + count)
    ]
    with store.engine.begin() as conn:
        conn.execute(insert(Case), rows)


def mnemonics(widget: Any) -> list[str]:
    """The Alt+letter keys of the labels, buttons and check boxes shown in ``widget``, in order."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    keys = []
    for child in widget.findChildren(QAbstractButton) + widget.findChildren(QLabel):
        text = child.text().replace("&&", "")
        if child.isVisibleTo(widget) and "&" in text:
            keys.append(text[text.index("&") + 1].lower())
    return keys
