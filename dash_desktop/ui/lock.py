"""Idle lock and quick hide. The lock covers the whole window (the workspace is not drawn behind
it), keeps every draft, and unlocking returns to exactly where the practitioner was."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from dash_desktop.store import Store, WrongPassphrase

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard or mouse activity anywhere in the app."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle.emit)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if event.type() in ACTIVITY:
            self.timer.start()
        return False


class LockScreen(QWidget):
    """Asks for the passphrase (checked against the open store's key header) to unlock."""

    unlocked = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        title = QLabel(
            "<h2>DASH Desktop is locked</h2><p>Your work is saved. Type your passphrase to carry on "
            "where you left off.</p>"
        )
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(title)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setMaximumWidth(360)
        label = QLabel("&Passphrase:")
        label.setBuddy(self.passphrase)
        form.addRow(label, self.passphrase)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addLayout(form)
        centred.addStretch(1)
        outer.addLayout(centred)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020; font-weight: bold")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.message)
        self.button = QPushButton("Unlock")
        self.button.setDefault(True)
        self.button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        outer.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignCenter)
        outer.addStretch(2)

    def reset(self) -> None:
        self.passphrase.clear()
        self.message.clear()
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        try:
            self.store.header.unwrap(self.passphrase.text())
        except WrongPassphrase:
            self.message.setText("⚠ That passphrase is not right; try again.")
            self.passphrase.selectAll()
            return
        self.passphrase.clear()
        self.message.clear()
        self.unlocked.emit()
