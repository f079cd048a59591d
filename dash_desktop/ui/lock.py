"""Idle lock and the unlock prompt. The lock covers the whole window (the workspace is not drawn
behind it), keeps every draft, and unlocking returns to exactly where the practitioner was.

Light on purpose: the window paints this prompt before the store's code is loaded, and before Qt's
namespace of enums (``Qt``) or its event types are made in Python (they take tens of milliseconds)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.store.errors import StoreError, WrongPassphrase

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QPaintEvent, QShowEvent

@cache
def activity() -> frozenset[QEvent.Type]:
    """The events that count as use (made when first needed: Qt's event types are many)."""
    from PySide6.QtCore import QEvent

    kinds = QEvent.Type
    return frozenset({kinds.KeyPress, kinds.MouseButtonPress, kinds.MouseMove, kinds.Wheel, kinds.TouchBegin})


#: The events an application sees as its windows are shown and used, by module.
_EVENT_CLASSES = {
    "QtCore": ("QChildEvent", "QDynamicPropertyChangeEvent", "QTimerEvent"),
    "QtGui": ("QCloseEvent", "QFocusEvent", "QHideEvent", "QKeyEvent", "QMouseEvent", "QMoveEvent", "QPaintEvent",
              "QResizeEvent", "QShowEvent", "QWheelEvent"),
}


def prepare_watching() -> None:
    """Make the Python types of the events the watcher will be handed, ahead of the unlock: made on
    first use, they would take some 50 ms out of the first paint of the case list."""
    import importlib

    activity()
    for module, names in _EVENT_CLASSES.items():
        loaded = importlib.import_module(f"PySide6.{module}")
        for name in names:
            getattr(loaded, name)


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard or mouse activity anywhere in the app, while
    it watches (the window watches only while it is unlocked)."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle.emit)
        self.watching = False
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)
        if self.watching:
            self.timer.start()

    def watch(self, on: bool) -> None:
        """Start or stop watching every event of the app (and the countdown)."""
        app = QCoreApplication.instance()
        if on == self.watching or app is None:
            return
        self.watching = on
        if on:
            app.installEventFilter(self)
            self.timer.start()
        else:
            app.removeEventFilter(self)
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if event.type() in activity():
            self.timer.start()
        return False


class LockScreen(QWidget):
    """The passphrase prompt that covers the whole window: at start, before the case file is open,
    and after a lock. ``check(passphrase)``, given by the window, opens or unlocks the store and
    raises WrongPassphrase or another StoreError; ``unlocked`` follows a passphrase that opened it."""

    unlocked = Signal()
    quit_requested = Signal()
    #: "Training mode…": training needs no passphrase and never opens the case store
    training_requested = Signal()
    #: the prompt has been painted for the first time
    painted = Signal()

    def __init__(self, check: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._painted = False
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setMinimumWidth(self.passphrase.fontMetrics().averageCharWidth() * 30)
        label = QLabel("&Passphrase:")
        label.setBuddy(self.passphrase)
        form.addRow(label, self.passphrase)
        outer.addLayout(_centred(form))
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020; font-weight: bold")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem")
        outer.addLayout(_centred(self.message, stretch=3))
        buttons = QHBoxLayout()
        self.button = QPushButton("&Unlock")
        self.button.setDefault(True)
        self.button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.quit_button = QPushButton("&Quit")
        self.quit_button.clicked.connect(self.quit_requested)
        self.training_button = QPushButton("&Training mode…")
        self.training_button.setToolTip("Practise on made-up scenarios: no passphrase needed, no case data")
        self.training_button.clicked.connect(self.training_requested)
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.training_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        outer.addStretch(2)
        self.prompt(at_start=True)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        self.passphrase.setFocus()  # also when the window itself is first shown, at start

    def prompt(self, *, at_start: bool) -> None:
        """Ready for the passphrase: empty, no message, the field focused."""
        if at_start:
            self.heading.setText(_centred_html("<h2>DASH Desktop</h2><p>Type your passphrase to open the case "
                                               "file.</p>"))
        else:
            self.heading.setText(_centred_html("<h2>DASH Desktop is locked</h2><p>Your work is saved. Type your "
                                               "passphrase to carry on where you left off.</p>"))
        self.passphrase.clear()
        self.message.clear()
        self.passphrase.setFocus()

    def say(self, text: str) -> None:
        """Show a problem in words (a store error quotes paths: shown as written, never as markup)."""
        from PySide6.QtCore import Qt  # loaded by now, with the store's code

        plain = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.message.setText(_centred_html(f"⚠ {plain}"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the restore command
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        try:
            self._check(self.passphrase.text())
        except WrongPassphrase:
            self.say("That passphrase is not right. Nothing was opened; try again.")
            return
        except StoreError as exc:
            self.say(str(exc))
            return
        self.passphrase.clear()
        self.message.clear()
        self.unlocked.emit()


def _centred_html(body: str) -> str:
    # Centred by the markup: the prompt is painted before Qt's namespace of enums is loaded (25 ms).
    return f'<div align="center">{body}</div>'


def _centred(item: QLayout | QWidget, stretch: int = 1) -> QHBoxLayout:
    """``item`` in the middle third of the width (``stretch`` parts against one each side)."""
    row = QHBoxLayout()
    row.addStretch(1)
    if isinstance(item, QWidget):
        row.addWidget(item, stretch)
    else:
        row.addLayout(item, stretch)
    row.addStretch(1)
    return row
