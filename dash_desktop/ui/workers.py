"""Long work (signing, export) off the UI thread. The worker never touches widgets: it returns a
value, and the UI thread gets it through a queued signal (Anki's operations pattern)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            value = self.fn()
        except Exception as exc:  # handed to the UI thread, which shows it
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(value)


_running: set[_Job] = set()


def run_in_background(
    fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
) -> None:
    job = _Job(fn)
    job.setAutoDelete(False)
    _running.add(job)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(job)
        callback(value)

    job.signals.done.connect(lambda value: finish(on_done, value))
    job.signals.failed.connect(lambda exc: finish(on_error, exc))
    QThreadPool.globalInstance().start(job)
