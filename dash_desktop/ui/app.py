"""Start the desktop app: the first run (create the case file), or the main window at its unlock
prompt, painted before the store's code is loaded (see ``main_window``)."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog

from dash_desktop.paths import resource
from dash_desktop.store.location import StorePaths
from dash_desktop.ui.errors import install_excepthook, log, setup_logging
from dash_desktop.ui.main_window import MainWindow


def register_fonts(app: QApplication) -> None:
    """The shipped font, so that names in any script render even on a machine without fonts."""
    folder = resource("fonts")
    families: list[str] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families += QFontDatabase.applicationFontFamilies(font_id)
    if families:
        app.setFont(QFont(families[0], app.font().pointSize()))


#: The desktop entry's name (installer/linux/), which is also the AppStream id.
DESKTOP_FILE = "uk.dashdesktop.DashDesktop"


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "dash-desktop.svg")))


def start(data_dir: str | None = None) -> MainWindow | None:
    """Everything before the event loop; the window shown, or None if the first run was cancelled."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("DASH Desktop")
    app.setApplicationDisplayName("DASH Desktop")
    register_fonts(app)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(DESKTOP_FILE)  # so that desktops match the window to its menu entry and icon
    paths = StorePaths.resolve(data_dir)
    paths.root.mkdir(parents=True, exist_ok=True, mode=0o700)  # private from the start, as the store keeps it
    setup_logging(paths.root)
    install_excepthook()
    if paths.exists():
        # The prompt first; the store's code loads while the passphrase is typed.
        window = MainWindow(None, paths.root)
        window.show()
        window.open_unattended(os.environ.get("DASH_DESKTOP_PASSPHRASE") or None)
    else:
        from dash_desktop.ui.passphrase import FirstRunWizard

        wizard = FirstRunWizard(paths.root)
        if wizard.exec() != QDialog.DialogCode.Accepted or wizard.store is None:
            return None
        window = MainWindow(wizard.store, paths.root)
        window.show()
    log.info("started")
    return window


def run(data_dir: str | None = None) -> int:
    window = start(data_dir)
    return 1 if window is None else QApplication.exec()
