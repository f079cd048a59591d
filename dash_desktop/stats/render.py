"""The statistics as JSON and as CSV, both from :meth:`Statistics.to_dict` (small counts already
hidden), so no output can show what another hides."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from dash_desktop.stats.model import Statistics

CSV_HEADER = ("measure", "category", "value")


def to_json(stats: Statistics) -> str:
    return json.dumps(stats.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _rows(prefix: str, value: Any) -> list[tuple[str, str, Any]]:
    """Flatten one top-level key: ``measure`` is the key, ``category`` the path below it (joined by "/")."""
    if isinstance(value, dict):
        out = []
        for key, inner in value.items():
            out += [(m, f"{key}/{c}" if c else key, v) for m, c, v in _rows(prefix, inner)]
        return out
    return [(prefix, "", "" if value is None else value)]


def to_csv(stats: Statistics) -> str:
    """One row per number: ``measure,category,value`` (``months`` as ``month/2026-11/...``)."""
    data = stats.to_dict()
    months = data.pop("months")
    rows: list[tuple[str, str, Any]] = []
    for key, value in data.items():
        rows += _rows(key, value)
    for month in months:
        name = month.pop("month")
        rows += [("months", f"{name}/{c}", v) for _m, c, v in _rows("months", month)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return out.getvalue()
