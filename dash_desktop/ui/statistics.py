"""The statistics page: anonymised counts for a period (``store.stats.period``), as tables and two
charts (risk levels by month, referrals by month), exported as CSV, JSON or PDF.

What is shown is what the exports hold (the statistics' own JSON): counts under 5 are "fewer than
5", and nothing names a person, a case or a date other than the period and its months.
"""

from __future__ import annotations

import datetime as dt
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
from dash_desktop.stats import Statistics
from dash_desktop.store import Store, StoreError
from dash_desktop.ui.dialogs import default_districts
from dash_desktop.ui.month_chart import MonthChart
from dash_desktop.ui.widgets import level_words, tree_rows

#: Headings for the statistics' keys (docs/statistics.md), in the order shown.
HEADINGS = {
    "totals": "Referrals and people",
    "assessments_by_risk": "DASH assessments by risk level",
    "marac_by_criterion": "MARAC referrals by criterion met",
    "referrals_by_kind": "Referrals by agency",
    "victims": "Victims referred to MARAC, in the SafeLives dataset's categories",
    "cases_by_district": "Cases by district",
    "intake_to_close": "Risk at intake (rows) against risk at close, closed cases",
}
#: The single counts, gathered in the first table.
TOTALS = ("marac_referrals", "repeat_referrals", "repeat_rate_percent", "children_in_referred_households",
          "perpetrators_under_18")
#: Words for the keys inside the tables.
WORDS = {
    "marac": "MARAC", "childrens_services": "Children's social care", "dapp": "DAPP", "idash": "IDASH",
    "visible_high_risk": "Visible high risk", "professional_judgement": "Professional judgement",
    "potential_escalation": "Potential escalation", "repeat": "Repeat",
    "total": "Victims", "minoritised": "Black, Asian and racially minoritised", "lgbt_plus": "LGBT+",
    "disabled": "Disabled", "male": "Male", "aged_16_17": "Aged 16–17",
    "marac_referrals": "MARAC referrals", "repeat_referrals": "Repeat MARAC referrals",
    "repeat_rate_percent": "Repeat rate", "children_in_referred_households": "Children in referred households",
    "perpetrators_under_18": "Perpetrators under 18", "not_recorded": "Not recorded",
}
RISK_SERIES = (("standard", "Standard"), ("medium", "Medium"), ("high", "High"))
REFERRAL_SERIES = (("marac_referrals", "MARAC"), ("other_referrals", "Other referrals"))


def words(key: str, districts: Mapping[str, str] | None = None) -> str:
    if key in WORDS:
        return WORDS[key]
    if districts and key in districts:
        return districts[key]
    if key in {"standard", "medium", "high", "not_assessed"}:
        return level_words(key)
    return key.replace("_", " ").capitalize()


def shown(value: Any, key: str = "") -> str:
    if value is None:
        return "none"
    if key == "repeat_rate_percent" and isinstance(value, int):
        return f"{value}%"
    return str(value)


def month_series(month: Mapping[str, Any]) -> dict[str, Any]:
    """A month's referrals as the chart stacks them: MARAC, and the others, each hidden on its own
    (the statistics give no month's total, from which a hidden part could be taken away)."""
    return {"marac_referrals": month.get("marac_referrals", 0), "other_referrals": month.get("other_referrals", 0)}


def table(data: Mapping[str, Any], districts: Mapping[str, str] | None = None) -> QTreeWidget:
    """A section of the statistics: a count per key, or a row per key of a count per column."""
    tree = QTreeWidget()
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    columns: list[str] = []
    for value in data.values():
        if isinstance(value, Mapping):
            columns += [c for c in value if c not in columns]
    tree.setHeaderLabels(["", *(words(c) for c in columns)] if columns else ["", "Count"])
    tree.setAccessibleName("Counts")
    for key, value in data.items():
        cells = [shown(value.get(c, 0)) for c in columns] if isinstance(value, Mapping) else [shown(value, key)]
        tree.addTopLevelItem(QTreeWidgetItem([words(key, districts), *cells]))
    if not data:
        tree.addTopLevelItem(QTreeWidgetItem(["None in the period", ""]))
    for column in range(tree.columnCount()):
        tree.resizeColumnToContents(column)
    rows = max(1, tree.topLevelItemCount())
    row = max(tree.sizeHintForRow(0), tree.fontMetrics().height() + 4)
    tree.setFixedHeight(tree.header().sizeHint().height() + rows * row + 2 * tree.frameWidth() + 4)
    tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return tree


class StatisticsPage(QWidget):
    """Choose a period, see its counts and charts, export them."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, today: dt.date | None = None,
                 districts: Mapping[str, str] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.districts = dict(districts) if districts is not None else default_districts()
        today = today or dt.date.today()
        self.statistics: Statistics | None = None
        self.data: dict[str, Any] = {}
        self.from_on = DateEntry(today.replace(day=1) - dt.timedelta(days=335), name="From", today=today)
        self.to_on = DateEntry(today, name="To", today=today)
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
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Statistics</h2>"))
        top.addStretch(1)
        for button in self.exports.values():
            top.addWidget(button)
        bar = QHBoxLayout()
        for text, entry in (("&From:", self.from_on), ("&To:", self.to_on)):
            label = QLabel(text)
            label.setBuddy(entry.focusProxy() or entry)
            bar.addWidget(label)
            bar.addWidget(entry, 1)  # room for the date in words beside the box
        bar.addWidget(self.show_button)
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
        layout.addLayout(top)
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
        self.data = self.statistics.to_dict()
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
        sections = {"totals": {k: self.data[k] for k in TOTALS if k in self.data}}
        sections.update({k: self.data[k] for k in HEADINGS if isinstance(self.data.get(k), Mapping)})
        for index, (key, value) in enumerate(sections.items()):
            group = QGroupBox(HEADINGS[key])
            group.setAccessibleName(group.title())
            inner = QVBoxLayout(group)
            inner.addWidget(table(value, self.districts))
            self.tables_layout.addWidget(group, index // 2, index % 2, Qt.AlignmentFlag.AlignTop)
            self.groups[key] = group
        months = self.data.get("months", [])
        self.risk_chart.set_data({m["month"]: m.get("assessments_by_risk", {}) for m in months}, RISK_SERIES)
        self.referral_chart.set_data({m["month"]: month_series(m) for m in months}, REFERRAL_SERIES)

    def shown_text(self) -> str:
        """Every word the page shows (headings, tables, charts' descriptions), for checking what it reveals."""
        parts = [self.message.text(), self.risk_chart.accessibleDescription(),
                 self.referral_chart.accessibleDescription()]
        for group in self.groups.values():
            parts.append(group.title())
            for tree in group.findChildren(QTreeWidget):
                header = tree.headerItem()
                parts += [header.text(c) for c in range(tree.columnCount())] if header is not None else []
                parts += [" ".join(row) for row in tree_rows(tree)]
        return "\n".join(parts)

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
        assert self.statistics is not None  # noqa: S101 - the export buttons are enabled once shown
        if fmt == "csv":
            return self.statistics.to_csv().encode("utf-8")
        if fmt == "json":
            return self.statistics.to_json().encode("utf-8")
        from dash_desktop.reports.stats_pdf import render

        return render(self.statistics)
