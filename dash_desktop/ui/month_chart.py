"""A bar chart of counts by month (risk levels by month, referrals by month), stacked by series.

Every bar's total is written above it and the accessible description lists every count, so nothing
depends on colour or on seeing the picture. A count shown as "fewer than 5" is drawn as a hatched
bar of unknown height up to 4, labelled "<5".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

#: The value a suppressed count is shown as (helper stats' word).
FEWER_THAN_5 = "fewer than 5"
PALETTE = ("#1f5fa8", "#d98c00", "#b00020", "#2e7d32", "#6a1b9a", "#546e7a")

Count = int | str


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_words(month: str) -> str:
    """ "2026-11" as "Nov 2026" (anything else as it is)."""
    year, _, number = month.partition("-")
    return f"{MONTHS[int(number) - 1]} {year}" if number.isdigit() and 1 <= int(number) <= 12 else month


def bar_height(value: Count) -> int:
    """What a count stands for on the chart: a suppressed one as 4 (at most)."""
    return value if isinstance(value, int) else 4


def label_of(values: Sequence[Count]) -> str:
    if any(isinstance(v, str) for v in values):
        known = sum(v for v in values if isinstance(v, int))
        return f"{known}+<5" if known else "<5"
    return str(sum(v for v in values if isinstance(v, int)))


class MonthChart(QWidget):
    """Months across, counts up; each month's bar stacked by series (e.g. standard, medium, high)."""

    MARGIN = 36

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setAccessibleName(title)
        self.months: list[str] = []
        self.series: list[tuple[str, str]] = []  # (key, words)
        self.values: dict[str, dict[str, Count]] = {}
        self.setMinimumSize(360, 220)

    def sizeHint(self) -> QSize:  # Qt's name
        return QSize(520, 260)

    def set_data(self, by_month: Mapping[str, Mapping[str, Count]], series: Sequence[tuple[str, str]]) -> None:
        """``by_month``: month ("2026-03") -> series key -> count."""
        self.months = sorted(by_month)
        self.series = list(series)
        self.values = {m: dict(by_month[m]) for m in self.months}
        words = []
        for month in self.months:
            parts = [f"{name} {self.values[month].get(key, 0)}" for key, name in self.series]
            words.append(f"{month_words(month)}: " + ", ".join(parts))
        self.setAccessibleDescription("; ".join(words) if words else "No data for the period.")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        painter.drawText(QRectF(0, 0, self.width(), line + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        self._legend(painter, line)
        top, left = 2 * line + 12, self.MARGIN
        bottom = self.height() - line - 8
        area = QRectF(left, top, self.width() - left - 8, max(10, bottom - top))
        painter.setPen(QPen(QColor("#444")))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if not self.months:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No data for the period")
            return
        most = max(1, *(sum(bar_height(v) for v in self.values[m].values()) for m in self.months))
        slot = area.width() / len(self.months)
        width = max(4.0, min(48.0, slot * 0.6))
        scale = (area.height() - line - 4) / most
        for i, month in enumerate(self.months):
            x = area.left() + i * slot + (slot - width) / 2
            y = area.bottom()
            for s, (key, _name) in enumerate(self.series):
                value = self.values[month].get(key, 0)
                height = bar_height(value) * scale
                colour = QColor(PALETTE[s % len(PALETTE)])
                brush = QBrush(colour, Qt.BrushStyle.BDiagPattern) if isinstance(value, str) else QBrush(colour)
                painter.fillRect(QRectF(x, y - height, width, height), brush)
                y -= height
            painter.setPen(QPen(QColor("#222")))
            label = label_of(list(self.values[month].values()))
            painter.drawText(QRectF(x - 20, y - line - 2, width + 40, line), Qt.AlignmentFlag.AlignCenter, label)
            painter.drawText(QRectF(area.left() + i * slot, area.bottom() + 2, slot, line),
                             Qt.AlignmentFlag.AlignCenter, month_words(month) if slot >= 60 else month_words(month)[:3])

    def _legend(self, painter: QPainter, line: int) -> None:
        x = 0.0
        metrics = QFontMetrics(self.font())
        for s, (_key, name) in enumerate(self.series):
            painter.fillRect(QRectF(x, line + 8, 12, 12), QColor(PALETTE[s % len(PALETTE)]))
            painter.setPen(QPen(QColor("#222")))
            painter.drawText(QRectF(x + 16, line + 4, 200, line + 4), Qt.AlignmentFlag.AlignLeft, name)
            x += 16 + metrics.horizontalAdvance(name) + 16
