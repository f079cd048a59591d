"""Cold start to the unlocked main window, against a bare PySide6 QMainWindow in the same
environment: each measured as a fresh process from launch until its window has been shown and
painted. Prints the ratio measured in one run (goal <= 1.5x). Run: python benchmarks/bench_startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1400, 900); w.show(); app.processEvents(); w.grab()
"""

APP = """
import os, sys
from PySide6.QtWidgets import QApplication
from dash_desktop.ui.app import register_fonts
from dash_desktop.store import Store
from dash_desktop.ui.main_window import MainWindow
app = QApplication([])
register_fonts(app)
store = Store.open(os.environ["DASH_DESKTOP_PASSPHRASE"], os.environ["DASH_DESKTOP_DATA"])
w = MainWindow(store, store.paths.root); w.show(); app.processEvents(); w.grab()
"""


def run(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main(rounds: int = 7) -> None:
    from dash_desktop.store import PractitionerProfile, Store

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        passphrase = "benchmark passphrase words"
        store = Store.create(passphrase, PractitionerProfile(name="Bench"), data)  # the real (default) KDF cost
        for n in range(200):
            store.cases.add(f"BENCH-{n:05d}")
        store.close()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DASH_DESKTOP_DATA=str(data),
                   DASH_DESKTOP_PASSPHRASE=passphrase)
        run(BARE, env)  # warm the OS file cache for both
        run(APP, env)
        bare, app = [], []
        for _ in range(rounds):  # interleaved, so machine noise hits both alike
            bare.append(run(BARE, env))
            app.append(run(APP, env))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"bare QMainWindow, launch to painted: {b * 1000:.0f} ms (median of {rounds})")
    print(f"DASH Desktop, launch to unlocked main window painted (Argon2id unlock included): {a * 1000:.0f} ms")
    print(f"ratio: {a / b:.2f}x (goal <= 1.5x)")


if __name__ == "__main__":
    main()
