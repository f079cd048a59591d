"""Small widgets the app's views share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTreeWidget


class ActivatingTree(QTreeWidget):
    """Enter or Return activates the current row on every platform."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.itemActivated.emit(self.currentItem(), 0)
            event.accept()
            return
        super().keyPressEvent(event)
