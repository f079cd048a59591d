"""``dash-desktop training window``: training mode on its own, for a trainer's machine that holds no
case file (no passphrase, no case store: its log goes into the training store's folder)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from dash_desktop.training_store import TrainingPaths
from dash_desktop.ui.errors import install_excepthook, setup_logging
from dash_desktop.ui.training.window import open_training


def run(training_dir: str | None = None, *, presentation: bool = False) -> int:
    from dash_desktop.ui.app import DESKTOP_FILE, app_icon, register_fonts

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("DASH Desktop")
    app.setApplicationDisplayName("DASH Desktop training")
    register_fonts(app)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(DESKTOP_FILE)
    root = TrainingPaths.resolve(training_dir).root
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    setup_logging(root)
    install_excepthook()
    window = open_training(Path(root), presentation=presentation)
    if window is None:
        return 1
    window.show()
    return app.exec()
