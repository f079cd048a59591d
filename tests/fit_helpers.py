"""Whether text fits where it is shown (importable as ``fit_helpers``): the labels and buttons of a
window that are cut short, by their own size or by the window's edge; and a bigger font for a while."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QWidget


def _room(window: QWidget, widget: QWidget) -> QWidget:
    """Where ``widget`` must fit: the content of the scroll area it is in (it can be scrolled to),
    or else the window."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent.parentWidget(), QWidget) and isinstance(parent.parentWidget().parentWidget(),
                                                                      QScrollArea):
            return parent  # the scroll area's own widget (its parent is the viewport)
        parent = parent.parentWidget()
    return window


def clipped(window: QWidget) -> list[str]:
    """The texts of ``window``'s shown labels and buttons that do not fit: a label needs more height
    than it has for its width (or, unwrapped, more width), or the widget runs past the window (or
    past the content of the scroll area it is in)."""
    cut = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not widget.isVisibleTo(window) or not widget.text():
            continue
        size, hint = widget.size(), widget.sizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            short = widget.heightForWidth(size.width()) > size.height()
        else:
            short = hint.width() > size.width() or hint.height() > size.height()
        room = _room(window, widget)
        inside = room.rect().contains(QRect(widget.mapTo(room, QPoint(0, 0)), size))
        if short or not inside:
            cut.append(f"{widget.text()!r}: {size.width()}x{size.height()}, needs {hint.width()}x{hint.height()}"
                       + ("" if inside else ", beyond the window"))
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
