"""Start the desktop app: first run (create the case file) or unlock, then the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog

from dash_desktop.paths import resource
from dash_desktop.store import Keychain, PassphraseRequired, Store, StoreError, StorePaths
from dash_desktop.ui.errors import install_excepthook, log, setup_logging, show_error
from dash_desktop.ui.passphrase import FirstRunWizard, UnlockDialog


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


def open_store(data_dir: Path) -> Store | None:
    """The unlocked store: first-run setup, the keychain, or the passphrase; None if the user cancels."""
    paths = StorePaths.resolve(data_dir)
    if not paths.exists():
        wizard = FirstRunWizard(paths.root)
        return wizard.store if wizard.exec() == QDialog.DialogCode.Accepted else None
    passphrase = os.environ.get("DASH_DESKTOP_PASSPHRASE") or None
    try:
        return Store.open(passphrase, paths.root, keychain=Keychain())
    except PassphraseRequired:
        pass
    except StoreError as exc:
        if passphrase is None:
            show_error(None, "The case file could not be opened", str(exc))
            return None
    dialog = UnlockDialog(paths.root)
    return dialog.store if dialog.exec() == QDialog.DialogCode.Accepted else None


def run(data_dir: str | None = None) -> int:
    from dash_desktop.ui.main_window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("DASH Desktop")
    app.setApplicationDisplayName("DASH Desktop")
    register_fonts(app)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(DESKTOP_FILE)  # so that desktops match the window to its menu entry and icon
    root = StorePaths.resolve(data_dir).root
    root.mkdir(parents=True, exist_ok=True, mode=0o700)  # private from the start, as the store keeps it
    setup_logging(root)
    install_excepthook()
    store = open_store(root)
    if store is None:
        return 1
    log.info("started")
    window = MainWindow(store, root)
    window.show()
    return app.exec()
