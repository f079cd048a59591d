"""Long work (signing, export) off the UI thread. The worker never touches widgets: it returns a
value, and the UI thread gets it through a queued signal (Anki's operations pattern).

Every job reports to a *receiver* (the window or page that asked for it): the callbacks run through
a relay that is a child of the receiver, so when the receiver is destroyed so is the relay, Qt drops
its connections and the queued outcome, and the callbacks never run against a window that is gone.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """One function run on the thread pool, its outcome delivered to a receiver in the UI thread."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # kept (in _jobs) until it has finished and been reported
        self._fn = fn
        self.signals = _Signals()
        self._finished = threading.Event()
        self._relay: _Relay | None = None
        self.delivered = False

    def run(self) -> None:
        try:
            value = self._fn()
        except Exception as exc:  # handed to the UI thread, which shows it
            outcome, result = self.signals.failed, exc
        else:
            outcome, result = self.signals.done, value
        try:
            outcome.emit(result)
        except RuntimeError:  # pragma: no cover - the program is ending: nobody is left to tell
            pass
        finally:
            self._finished.set()

    @property
    def pending(self) -> bool:
        """Not yet reported to its receiver: still running, or its outcome on its way."""
        relay = self._relay
        return not self.delivered and relay is not None and shiboken6.isValid(relay)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the function has returned (not until the outcome is reported); for tests."""
        return self._finished.wait(timeout)

    def _settled(self) -> bool:
        return self._finished.is_set() and not self.pending


class _Relay(QObject):
    """Lives in the UI thread as a child of the receiver; the job's outcome reaches the callbacks only
    through its slots, which Qt disconnects when it is destroyed."""

    def __init__(self, receiver: QObject, job: Job, on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None]) -> None:
        super().__init__(receiver)
        self._job = job
        self._on_done = on_done
        self._on_error = on_error
        job.signals.done.connect(self.deliver_done)
        job.signals.failed.connect(self.deliver_failed)

    @Slot(object)
    def deliver_done(self, value: Any) -> None:
        self._job.delivered = True
        self.deleteLater()
        self._on_done(value)

    @Slot(object)
    def deliver_failed(self, exc: BaseException) -> None:
        self._job.delivered = True
        self.deleteLater()
        self._on_error(exc)


#: Jobs not yet settled: a job must outlive its run on the pool's thread.
_jobs: set[Job] = set()


@atexit.register
def _wait_for_jobs() -> None:
    """At exit, let running jobs end before Python takes their objects apart under them."""
    for job in list(_jobs):
        job.wait()


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    receiver: QObject,
) -> Job:
    """Run ``fn`` on the thread pool; then ``on_done(value)`` or ``on_error(exception)`` in the UI
    thread, unless ``receiver`` has been destroyed by then (then neither runs)."""
    for settled in [j for j in _jobs if j._settled()]:
        _jobs.discard(settled)
    job = Job(fn)
    job._relay = _Relay(receiver, job, on_done, on_error)
    _jobs.add(job)
    QThreadPool.globalInstance().start(job)
    return job
