"""The statistics page: anonymised counts for a period (``store.stats.period``), as tables and two
charts (risk levels by month, referrals by month), exported as CSV, JSON or PDF.

What is shown is what the exports hold (the statistics' own JSON): counts under 5 are "fewer than
5", and nothing names a person, a case or a date other than the period and its months.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.forms.date_entry import DateEntry, DateError
from dash_desktop.store import Store, StoreError
from dash_desktop.ui.month_chart import MonthChart
from dash_desktop.ui.widgets import level_words

#: Headings for the statistics' JSON keys (docs/statistics.md); a key not here is shown as written.
HEADINGS = {
    "assessments_by_risk": "Assessments by risk level",
    "marac_by_criterion": "MARAC referrals by criterion",
    "repeat_rate": "Repeat referrals",
    "referrals_by_kind": "Referrals by agency",
    "victims": "Victims in the SafeLives MARAC dataset's categories",
    "children_in_referred_households": "Children in referred households",
    "perpetrators_under_18": "Perpetrators under 18",
    "cases_by_district": "Cases by district",
    "risk_intake_vs_close": "Risk at intake against risk at close (closed cases)",
}
#: Words for the keys inside the tables.
WORDS = {
    "marac": "MARAC", "childrens_services": "Children's social care", "dapp": "DAPP", "idash": "IDASH",
    "visible_high_risk": "Visible high risk (14 or more)", "professional_judgement": "Professional judgement",
    "potential_escalation": "Potential escalation", "repeat": "Repeat referral",
    "minoritised": "Black, Asian and racially minoritised", "lgbt_plus": "LGBT+", "disabled": "Disabled",
    "male": "Male", "aged_16_17": "Aged 16–17",
}
RISK_SERIES = (("standard", "Standard"), ("medium", "Medium"), ("high", "High"))
REFERRAL_SERIES = (("marac", "MARAC"), ("childrens_services", "Children's social care"), ("dapp", "DAPP"),
                   ("idash", "IDASH"))


def words(key: str) -> str:
    if key in WORDS:
        return WORDS[key]
    if key in {"standard", "medium", "high", "not_assessed"}:
        return level_words(key)
    return key.replace("_", " ").capitalize()


def shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.0%}" if value <= 1 else f"{value:.1f}"
    return str(value)


def table(data: Mapping[str, Any]) -> QTreeWidget:
    """A section of the statistics: a count per key, or a row per key of a count per column."""
    tree = QTreeWidget()
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    columns: list[str] = []
    for value in data.values():
        if isinstance(value, Mapping):
            columns += [c for c in value if c not in columns]
    tree.setHeaderLabels(["", *(words(c) for c in columns)] if columns else ["", "Count"])
    for key, value in data.items():
        cells = [shown(value.get(c, 0)) for c in columns] if isinstance(value, Mapping) else [shown(value)]
        tree.addTopLevelItem(QTreeWidgetItem([words(key), *cells]))
    for column in range(tree.columnCount()):
        tree.resizeColumnToContents(column)
    rows = max(1, tree.topLevelItemCount())
    tree.setFixedHeight(tree.header().sizeHint().height() + rows * (tree.fontMetrics().height() + 8) + 6)
    tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return tree


class StatisticsPage(QWidget):
    """Choose a period, see its counts and charts, export them."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        today = today or dt.date.today()
        self.statistics: Any = None
        self.data: dict[str, Any] = {}
        self.from_on = DateEntry(today.replace(day=1) - dt.timedelta(days=335), name="From", today=today)
        self.from_on.setMaximumWidth(220)
        self.to_on = DateEntry(today, name="To", today=today)
        self.to_on.setMaximumWidth(220)
        self.show_button = QPushButton("&Show")
        self.show_button.clicked.connect(lambda _c=False: self.show_period())
        self.exports = {fmt: QPushButton(f"Export {fmt.upper()}…") for fmt in ("csv", "json", "pdf")}
        for fmt, button in self.exports.items():
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            button.setEnabled(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Statistics message")
        self.risk_chart = MonthChart("Assessments by risk level, by month")
        self.referral_chart = MonthChart("Referrals by month")
        self.tables = QWidget()
        self.tables_layout = QGridLayout(self.tables)
        self.tables_layout.setContentsMargins(0, 0, 0, 0)
        self._lay_out()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("<h2>Statistics</h2>"))
        bar.addSpacing(16)
        for text, entry in (("&From:", self.from_on), ("&To:", self.to_on)):
            label = QLabel(text)
            label.setBuddy(entry.focusProxy() or entry)
            bar.addWidget(label)
            bar.addWidget(entry)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        for button in self.exports.values():
            bar.addWidget(button)
        note = QLabel("Anonymised counts for the period: no name, reference or date of birth. A count from 1 to 4 is "
                      "shown as “fewer than 5”.")
        note.setWordWrap(True)
        note.setObjectName("guidance")
        charts = QHBoxLayout()
        charts.addWidget(self.risk_chart)
        charts.addWidget(self.referral_chart)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(charts)
        column.addWidget(self.tables)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)

    def period(self) -> tuple[dt.date, dt.date]:
        """The period typed, or a DateError naming the box."""
        try:
            from_on, to_on = self.from_on.date(), self.to_on.date()
        except DateError as exc:
            raise DateError(f"the period: {exc}") from None
        if from_on is None or to_on is None:
            raise DateError("the period needs a first and a last day")
        if from_on > to_on:
            raise DateError("the period's first day is after its last")
        return from_on, to_on

    def show_period(self) -> bool:
        try:
            from_on, to_on = self.period()
            self.statistics = self.store.stats.period(from_on, to_on)
        except (DateError, StoreError) as exc:
            self.message.setText(f"⚠ Not shown: {exc}")
            return False
        self.data = json.loads(self.statistics.to_json())
        self.message.setText("")
        self._fill()
        for button in self.exports.values():
            button.setEnabled(True)
        return True

    def _fill(self) -> None:
        while self.tables_layout.count():
            taken = self.tables_layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.groups: dict[str, QGroupBox] = {}
        sections = [(k, v) for k, v in self.data.items() if isinstance(v, Mapping) and k not in {"period", "by_month"}]
        scalars = {k: v for k, v in self.data.items() if not isinstance(v, Mapping | list)}
        if scalars:
            sections.insert(0, ("totals", scalars))
        for index, (key, value) in enumerate(sections):
            group = QGroupBox(HEADINGS.get(key, words(key)))
            group.setAccessibleName(group.title())
            inner = QVBoxLayout(group)
            inner.addWidget(table(value))
            self.tables_layout.addWidget(group, index // 2, index % 2)
            self.groups[key] = group
        months = self.data.get("by_month", {})
        self.risk_chart.set_data({m: v.get("assessments", {}) for m, v in months.items()}, RISK_SERIES)
        self.referral_chart.set_data({m: v.get("referrals", {}) for m, v in months.items()}, REFERRAL_SERIES)

    def ask_save_path(self, suggested: str, fmt: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Export the statistics", suggested, f"{fmt.upper()} (*.{fmt})")
        return path

    def export(self, fmt: str) -> Path | None:
        if self.statistics is None:
            return None
        from_on, to_on = self.period()
        path = self.ask_save_path(str(Path.home() / f"statistics-{from_on}-{to_on}.{fmt}"), fmt)
        if not path:
            return None
        try:
            content = self._content(fmt)
            Path(path).write_bytes(content)
        except OSError as exc:
            self.message.setText(f"⚠ Not exported: {path}: {exc.strerror or exc}")
            return None
        self.message.setText(f"Exported: {Path(path).name}")
        return Path(path)

    def _content(self, fmt: str) -> bytes:
        if fmt == "csv":
            return str(self.statistics.to_csv()).encode("utf-8")
        if fmt == "json":
            return str(self.statistics.to_json()).encode("utf-8")
        from dash_desktop.reports.stats_pdf import render

        return render(self.statistics)
