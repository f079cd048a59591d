"""Whether text fits where it is shown (importable as ``fit_helpers``): the labels and buttons of a
window that are cut short, by their own size or by the window's edge; and a bigger font for a while."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget


def clipped(window: QWidget) -> list[str]:
    """The texts of ``window``'s shown labels and buttons that do not fit: a label needs more height
    than it has for its width (or, unwrapped, more width), or the widget runs past the window."""
    cut = []
    bounds = window.rect()
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not widget.isVisibleTo(window) or not widget.text():
            continue
        size, hint = widget.size(), widget.sizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            short = widget.heightForWidth(size.width()) > size.height()
        else:
            short = hint.width() > size.width() or hint.height() > size.height()
        place = QRect(widget.mapTo(window, QPoint(0, 0)), size)
        if short or not bounds.contains(place):
            cut.append(f"{widget.text()!r}: {size.width()}x{size.height()}, needs {hint.width()}x{hint.height()}"
                       + ("" if bounds.contains(place) else f", beyond the window at {place}"))
    return cut


@contextmanager
def font_scaled(factor: float) -> Iterator[None]:
    """The application's font ``factor`` times its size, for widgets made meanwhile."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    bigger = QFont(before)
    bigger.setPointSizeF(before.pointSizeF() * factor)
    app.setFont(bigger)
    try:
        yield
    finally:
        app.setFont(before)
