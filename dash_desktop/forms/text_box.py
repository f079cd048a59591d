"""A multi-line box for long text (an injury's detail, a judgement's reason, notes) that grows with
what is typed, from two lines up to ten, then scrolls.

Keyboard: Tab moves on (Shift+Tab back), never inserting a tab. With ``enter_moves_on`` (the
assessment form, where Enter moves on from every question) Enter moves on and Shift+Enter starts a
new line; otherwise (a dialog's note) Enter starts a new line and Tab moves on.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextEdit, QWidget

MIN_LINES = 2
MAX_LINES = 10
#: The keyboard, said in the placeholder of each kind of box.
FORM_KEYS = "Enter moves on; Shift+Enter starts a new line"
DIALOG_KEYS = "Tab moves on"


class GrowingTextBox(QTextEdit):
    """Plain text only; ``submitted`` when Enter moves on."""

    submitted = Signal()
    #: the keyboard left the box (the form saves what was typed)
    focus_left = Signal()

    def __init__(self, *, name: str, placeholder: str = "", enter_moves_on: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enter_moves_on = enter_moves_on
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setAccessibleName(name)
        keys = FORM_KEYS if enter_moves_on else DIALOG_KEYS
        self.setPlaceholderText(f"{placeholder} ({keys})" if placeholder else keys)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        """Show ``text``, with the cursor after it (to carry on typing)."""
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.End)

    def lines_shown(self) -> int:
        """How many lines of text the box is tall."""
        return round((self.height() - self._chrome()) / self.fontMetrics().lineSpacing())

    def _chrome(self) -> int:
        return int(2 * self.frameWidth() + 2 * self.document().documentMargin())

    def _fit(self) -> None:
        line = self.fontMetrics().lineSpacing()
        self.document().setTextWidth(self.viewport().width())
        typed = self.document().size().height() - 2 * self.document().documentMargin()
        lines = min(MAX_LINES, max(MIN_LINES, math.ceil(typed / line - 0.2)))
        height = lines * line + self._chrome()
        if self.height() != height:
            self.setFixedHeight(height)
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name: wrapping changes with the width
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.enter_moves_on:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.textCursor().insertText("\n")
            else:
                self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # Qt's name
        super().focusOutEvent(event)
        self.focus_left.emit()
