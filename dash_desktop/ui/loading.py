"""The code behind the unlock prompt, loaded while the passphrase is typed.

The window paints its prompt first; then this loads, in the UI thread, one step at a time between
the events (a step is an import or two, tens of milliseconds, so a keystroke waits at most that
long): first what the unlock needs (SQLAlchemy, the store, the case list), then what opening a case
needs (its pages, the questionnaires). Not on a worker thread: PySide's import hook and the Python
types it makes on first use would then be touched from two threads at once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from dash_desktop.ui.errors import log, scrubbed_traceback
from dash_desktop.ui.lock import prepare_watching

if TYPE_CHECKING:
    from dash_desktop.questionnaires import Registry

#: Modules the unlock needs, in the order they load (sqlite: create_engine would load it on unlocking).
FOR_UNLOCK = ("sqlalchemy", "sqlalchemy.orm", "sqlalchemy.dialects.sqlite", "dash_desktop.store.store",
              "dash_desktop.store.keychain", "dash_desktop.ui.case_list")
#: Modules that opening a case needs; loaded after the others.
FOR_CASES = ("dash_desktop.ui.case_view", "dash_desktop.ui.assessment_page")
#: After the unlock, the rest waits this long (for the case list to be painted first).
AFTER_UNLOCK_MS = 300


def _mappers() -> None:
    from sqlalchemy.orm import configure_mappers

    configure_mappers()  # else done by the first query


class Loader(QObject):
    """Runs the loading steps between events; ``ready`` once the unlock has what it needs."""

    ready = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: The questionnaires, once read.
        self.registry: Registry | None = None
        self._steps: list[tuple[bool, Callable[[], object]]] = [
            *((True, self._importer(name)) for name in FOR_UNLOCK[:4]),
            (True, _mappers),
            *((True, self._importer(name)) for name in FOR_UNLOCK[4:]),
            (True, prepare_watching),
            *((False, self._importer(name)) for name in FOR_CASES),
            (False, self._read_questionnaires),
        ]
        self._started = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)

    @staticmethod
    def _importer(name: str) -> Callable[[], object]:
        return lambda: importlib.import_module(name)

    def _read_questionnaires(self) -> None:
        from dash_desktop.questionnaires import Registry

        self.registry = Registry.default()

    @property
    def is_ready(self) -> bool:
        return not any(for_unlock for for_unlock, _ in self._steps)

    def start(self) -> None:
        """Begin (once), after the events already waiting, such as the prompt's paint."""
        if not self._started:
            self._started = True
            self._timer.start(0)

    def load_for_unlock(self) -> None:
        """Load at once what the unlock still needs (the passphrase came before it was loaded); the
        rest waits for :meth:`resume`, once the case list is up."""
        self._timer.stop()
        while not self.is_ready:
            self._run_one()

    def resume(self) -> None:
        """Go on with the rest after a while: the case list is painted first."""
        if self._steps:
            self._timer.start(AFTER_UNLOCK_MS)

    def _next(self) -> None:
        if self._steps:
            self._run_one()
        if self._steps and not self._timer.isActive():
            self._timer.start(0)

    def _run_one(self) -> None:
        was_ready = self.is_ready
        _for_unlock, step = self._steps.pop(0)
        try:
            step()
        except Exception as exc:  # the unlock imports it again, and shows the fault as any other
            log.error("loading failed\n%s", scrubbed_traceback(type(exc), exc.__traceback__))
            self._steps.clear()
        if self.is_ready and not was_ready:
            self.ready.emit()
