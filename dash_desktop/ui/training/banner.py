"""The banner every training window carries, so that nobody mistakes training for a real assessment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

BANNER_TEXT = "TRAINING MODE — NOT A REAL ASSESSMENT"
BANNER_DETAIL = "Nothing here goes into the case file."


class TrainingBanner(QWidget):
    """A red band across the top: what this is, and who is training (``set_who``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training-banner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#training-banner { background: #a4161a; }"
                           "#training-banner QLabel { color: white; font-weight: bold; padding: 4px 8px; }")
        self.mark = QLabel(BANNER_TEXT)
        self.mark.setAccessibleName(BANNER_TEXT)
        self.detail = QLabel(BANNER_DETAIL)
        self.who = QLabel()
        self.who.setAccessibleName("Who is training")
        for label in (self.mark, self.detail, self.who):
            label.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.detail, self.who):  # these wrap, so large type never widens the window
            label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mark)
        layout.addWidget(self.detail, 1)
        layout.addWidget(self.who, 1)
        self.who.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def set_who(self, text: str) -> None:
        self.who.setText(text)

    def set_compact(self, compact: bool) -> None:
        """One line for presentation mode: the mark and who is training."""
        self.detail.setVisible(not compact)


def with_banner(dialog: QDialog) -> QVBoxLayout:
    """Give a training dialog the banner above its content; returns the layout to fill."""
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(TrainingBanner(dialog))
    inner = QVBoxLayout()
    inner.setContentsMargins(12, 8, 12, 12)
    outer.addLayout(inner, 1)
    return inner
