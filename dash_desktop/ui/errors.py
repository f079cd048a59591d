"""Errors a user can act on, in a dialog; details to a log that holds no case data."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger("dash_desktop")


def setup_logging(data_dir: Path) -> Path:
    """Log to ``<data dir>/logs/dash-desktop.log``. Exceptions are logged by type and stack only:
    their messages can quote answers, so they are left out."""
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "dash-desktop.log"
    if not any(isinstance(h, logging.FileHandler) for h in log.handlers):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return path


def scrubbed_traceback(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """The stack of an exception without its message (which may carry case data)."""
    frames = "".join(traceback.format_tb(tb))
    return f"Traceback (most recent call last):\n{frames}{exc_type.__module__}.{exc_type.__qualname__}"


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """A modal message. Deleted once answered, so that a lock, which hides a window's dialogs and
    shows them again when unlocked, never brings back one that has been answered."""
    import shiboken6
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName(title)
    box.exec()
    shiboken6.delete(box)


def install_excepthook() -> None:
    """An unexpected fault: a plain dialog for the user, the stack (no message) to the log."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected fault\n%s", scrubbed_traceback(exc_type, tb))
        show_error(
            None,
            "Something went wrong",
            "DASH Desktop hit an unexpected fault. Your answers are saved as you go; if the window "
            "misbehaves, close it and open it again to recover the draft. The details are in the log.",
        )

    sys.excepthook = hook
