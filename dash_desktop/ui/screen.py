"""Window sizes that fit the screen they open on (a 1366x768 laptop as well as a large monitor)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtWidgets import QWidget

#: Room left around a window for the title bar and borders that the window manager adds.
FRAME = QMargins(8, 32, 8, 8)


def placement(available: QRect, preferred: QSize) -> QRect:
    """Where a window whose inside is ``preferred`` opens in a screen's free area ``available``: its
    inside, centred with its frame, at that size where it fits, else as large as fits (on a 1366x768
    laptop, the whole free area). Not maximised: a maximised window paints its first screen several
    times slower (measured with Qt's offscreen platform), and this is as large."""
    framed = QRect(available.topLeft(), preferred).marginsAdded(FRAME)
    framed.setSize(framed.size().boundedTo(available.size()))
    framed.moveCenter(available.center())
    return framed.marginsRemoved(FRAME)


def available_area(widget: QWidget) -> QRect:
    screen = widget.screen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def fitted_size(widget: QWidget, preferred: QSize) -> QSize:
    """``preferred``, or as much of it as fits on the widget's screen."""
    return placement(available_area(widget), preferred).size()


def text_size(widget: QWidget, columns: int, lines: int) -> QSize:
    """The size of ``columns`` average characters by ``lines`` lines in the widget's font: a window
    sized so grows with a larger font (and is then bounded by the screen)."""
    metrics = widget.fontMetrics()
    return QSize(metrics.averageCharWidth() * columns, metrics.lineSpacing() * lines)
