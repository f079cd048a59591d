"""The risk chart: completed assessments' risk levels over time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from dash_desktop.forms.result_panel import LEVEL_COLOURS
from dash_desktop.ui.case_list import RISK_LEVELS, format_date
from dash_desktop.ui.widgets import level_words

#: The levels on the chart, bottom to top.
CHART_LEVELS = ("standard", "medium", "high")


@dataclass(frozen=True)
class RiskPoint:
    day: dt.date
    level: str


class RiskTrajectoryChart(QWidget):
    """Completed assessments' risk levels over time: date across, standard / medium / high up.

    Every point has its level written beside it, and the accessible description lists them all, so
    nothing depends on colour or on seeing the picture. Points close in time (two assessments on one
    day) are drawn apart, never one over the other.
    """

    MARGIN_LEFT = 84
    MARGIN_RIGHT = 16
    MARGIN_TOP = 8
    MARGIN_BOTTOM = 34
    #: Space inside the axes, so that no point sits on an axis and no label runs into the dates.
    PAD_X = 44
    PAD_Y = 22
    #: The least distance across between two points' centres (a dot is 11 px wide).
    MIN_GAP = 18.0
    RADIUS = 5.5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[RiskPoint] = []
        self.setAccessibleName("Risk level over time")
        self.setMinimumSize(360, 180)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.set_points([])

    def sizeHint(self) -> QSize:
        return QSize(560, 240)

    def set_points(self, points: list[RiskPoint]) -> None:
        """The points, oldest first (points of one day keep the order given)."""
        self.points = sorted((p for p in points if p.level in CHART_LEVELS), key=lambda p: p.day)
        if self.points:
            said = "; ".join(f"{format_date(p.day)}: {level_words(p.level).lower()}" for p in self.points)
            self.setAccessibleDescription(f"Risk level at each completed assessment, oldest first. {said}.")
        else:
            self.setAccessibleDescription("No completed assessment with a risk level yet.")
        self.update()

    def _plot(self) -> QRectF:
        return QRectF(self.MARGIN_LEFT, self.MARGIN_TOP, max(1, self.width() - self.MARGIN_LEFT - self.MARGIN_RIGHT),
                      max(1, self.height() - self.MARGIN_TOP - self.MARGIN_BOTTOM))

    def level_y(self, level: str) -> float:
        plot = self._plot()
        step = (plot.height() - 2 * self.PAD_Y) / (len(CHART_LEVELS) - 1)
        return plot.bottom() - self.PAD_Y - CHART_LEVELS.index(level) * step

    def _xs(self) -> list[float]:
        """Across by date, then pushed apart where two would be closer than ``MIN_GAP`` (kept inside
        the plot by pulling back from its right edge)."""
        plot = self._plot()
        left, right = plot.left() + self.PAD_X, plot.right() - self.PAD_X
        first, last = self.points[0].day.toordinal(), self.points[-1].day.toordinal()
        xs: list[float] = []
        for point in self.points:
            share = 0.5 if last == first else (point.day.toordinal() - first) / (last - first)
            x = left + share * (right - left)
            xs.append(max(x, xs[-1] + self.MIN_GAP) if xs else x)
        for i in reversed(range(len(xs))):
            xs[i] = min(xs[i], right + self.PAD_X / 2 if i == len(xs) - 1 else xs[i + 1] - self.MIN_GAP)
        return xs

    def point_position(self, index: int) -> QPointF:
        return QPointF(self._xs()[index], self.level_y(self.points[index].level))

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if self.hasFocus():  # reached with Tab: show where the keyboard is
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        self._paint_axes(painter)
        if self.points:
            self._paint_points(painter)
        else:
            metrics = QFontMetrics(self.font())
            message = "No completed assessments yet"
            box = QRectF(0, 0, metrics.horizontalAdvance(message) + 16, metrics.height() + 8)
            box.moveCenter(self._plot().center())
            painter.fillRect(box, self.palette().base())
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), message)
        painter.end()

    def _paint_axes(self, painter: QPainter) -> None:
        plot = self._plot()
        text_colour = self.palette().text().color()
        for level in CHART_LEVELS:
            y = self.level_y(level)
            painter.setPen(QPen(QColor("#c8c8c8"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_colour)
            painter.drawText(QRectF(4, y - 10, self.MARGIN_LEFT - 12, 20),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), RISK_LEVELS[level])
        painter.setPen(QPen(text_colour, 1))
        painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))

    def _paint_points(self, painter: QPainter) -> None:
        plot = self._plot()
        text_colour = self.palette().text().color()
        metrics = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        positions = [QPointF(x, self.level_y(p.level)) for x, p in zip(self._xs(), self.points, strict=True)]
        painter.setPen(QPen(QColor("#607d8b"), 2))
        for a, b in pairwise(positions):
            painter.drawLine(a, b)
        words: list[QRectF] = []  # where level words are written: one that would overlap is left out
        last_date_right = -1e9
        for point, pos in zip(self.points, positions, strict=True):
            colour = QColor(LEVEL_COLOURS.get(point.level, "#000000"))
            painter.setPen(QPen(text_colour, 1))
            painter.setBrush(colour)
            painter.drawEllipse(pos, self.RADIUS, self.RADIUS)
            word = RISK_LEVELS[point.level]
            width = bold_metrics.horizontalAdvance(word) + 4
            box = QRectF(pos.x() - width / 2, pos.y() - 24, width, 16)
            if not any(box.intersects(other) for other in words):
                painter.setFont(bold)
                painter.setPen(colour.darker(120))
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), word)
                words.append(box)
            painter.setFont(self.font())
            painter.setPen(text_colour)
            date_text = format_date(point.day)
            width = metrics.horizontalAdvance(date_text)
            left = pos.x() - width / 2
            if left > last_date_right + 6:  # dates that would overlap are left to the description
                painter.drawText(QRectF(left, plot.bottom() + 6, width + 2, 18), int(Qt.AlignmentFlag.AlignLeft),
                                 date_text)
                last_date_right = left + width
