"""Background jobs (issue 9, defect 17): the outcome reaches its callbacks in the UI thread, and never
after the window that asked for it is gone."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from dash_desktop.ui.workers import run_in_background


def test_the_outcome_reaches_the_receiver_in_the_ui_thread(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    seen: list[tuple[str, Any, bool]] = []
    ui_thread = QApplication.instance().thread()  # type: ignore[union-attr]

    def done(value: Any) -> None:
        seen.append(("done", value, QThread.currentThread() is ui_thread))

    def failed(exc: BaseException) -> None:
        seen.append(("failed", str(exc), QThread.currentThread() is ui_thread))

    def fail() -> None:
        raise ValueError("no")

    first = run_in_background(lambda: 41 + 1, done, failed, receiver=window)
    second = run_in_background(fail, done, failed, receiver=window)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert sorted(seen) == [("done", 42, True), ("failed", "no", True)]
    assert not first.pending and not second.pending


def test_no_callback_runs_after_its_window_is_gone(qtbot: Any) -> None:
    window = QWidget()
    release = threading.Event()
    ran: list[str] = []
    job = run_in_background(lambda: release.wait(10), lambda _v: ran.append("done"),
                            lambda _e: ran.append("failed"), receiver=window)
    assert job.pending
    window.deleteLater()  # the window closes and goes while the job still runs
    qtbot.wait(20)
    release.set()
    assert job.wait(10)
    qtbot.wait(100)  # time for a queued outcome to arrive, had it been sent anywhere
    QApplication.processEvents()
    assert ran == []
    assert not job.pending  # nobody is waiting for it any more
