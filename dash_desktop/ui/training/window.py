"""The training window: its own window on the training store, never the case store. The banner is on
it from the first paint to the last; the pages are the scenario picker, a scenario being answered,
its feedback and the trainer's class sessions; presentation mode (large type, high contrast, the
live result shown) is for projecting to a room."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.training import Feedback, Scenario, ScenarioError
from dash_desktop.training_store import Attempt, TrainingStore, TrainingStoreError
from dash_desktop.training_store.attempts import begin
from dash_desktop.training_store.files import write_new
from dash_desktop.training_store.scenarios import Library, export_file, import_file, library
from dash_desktop.ui.errors import show_error
from dash_desktop.ui.training.attempt_page import AttemptPage
from dash_desktop.ui.training.banner import TrainingBanner
from dash_desktop.ui.training.class_page import ClassPage
from dash_desktop.ui.training.dialogs import AuthorDialog
from dash_desktop.ui.training.feedback_page import FeedbackPage
from dash_desktop.ui.training.picker import Answerer, ScenarioPicker
from dash_desktop.ui.training.style import PRESENTATION_STYLE

TITLE = "Training mode — DASH Desktop"
PRESENTATION_KEY = "F5"


def open_training(training_dir: Path | None = None, parent: QWidget | None = None, *,
                  presentation: bool = False) -> TrainingWindow | None:
    """The training window on the training store in ``training_dir`` (the default folder when None),
    or None after saying why the store cannot be opened."""
    try:
        store = TrainingStore.open(training_dir)
        found = library(store.paths)
    except (TrainingStoreError, ScenarioError) as exc:
        show_error(parent, "Training mode could not start", str(exc))
        return None
    window = TrainingWindow(store, found, presentation=presentation)
    for problem in found.problems:
        show_error(window, "A scenario was left out", problem)
    return window


class TrainingWindow(QMainWindow):
    closed = Signal()

    def __init__(self, store: TrainingStore, scenarios: Library, *, presentation: bool = False) -> None:
        super().__init__()
        self.store = store
        self.library = scenarios
        self.setWindowTitle(TITLE)
        self.resize(1366, 768)
        self.attempt_page: AttemptPage | None = None
        self.author_dialog: AuthorDialog | None = None
        self.last: tuple[Scenario, Attempt] | None = None  # the attempt whose feedback is shown
        self.banner = TrainingBanner()
        self.picker = ScenarioPicker(store, scenarios)
        self.picker.chosen.connect(self.open_scenario)
        self.feedback = FeedbackPage()
        self.feedback.another.connect(self.show_picker)
        self.feedback.author.connect(self.author_from_feedback)
        self.feedback.save_answers.connect(self.save_answers)
        self.class_page = ClassPage(store, scenarios)
        self.class_page.changed.connect(self.picker.refresh_people)
        self.pages = QStackedWidget()
        for page in (self.picker, self.feedback, self.class_page):
            self.pages.addWidget(page)
        nav = QHBoxLayout()
        nav.setContentsMargins(8, 4, 8, 0)
        for text, slot in (("&Scenarios", self.show_picker), ("&Class sessions", self.show_class)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            nav.addWidget(button)
        nav.addStretch(1)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addLayout(nav)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._menus()
        self.set_presentation(presentation)
        self.show_picker()

    def _menus(self) -> None:
        training = self.menuBar().addMenu("&Training")
        for text, slot, keys in (("&Import a scenario file…", self.import_scenario, None),
                                 ("&Export the chosen scenario…", self.export_scenario, None),
                                 ("&Close training mode", self.close, QKeySequence.StandardKey.Close)):
            action = QAction(text, self)
            if keys is not None:
                action.setShortcut(keys)
            action.triggered.connect(slot)
            training.addAction(action)
        view = self.menuBar().addMenu("&View")
        self.presentation_action = QAction("&Presentation mode (large type, high contrast)", self)
        self.presentation_action.setCheckable(True)
        self.presentation_action.setShortcut(QKeySequence(PRESENTATION_KEY))
        self.presentation_action.toggled.connect(self.set_presentation)
        view.addAction(self.presentation_action)

    # --- pages --------------------------------------------------------------------------------------

    def show_picker(self) -> None:
        self._leave_attempt()
        self.banner.set_who("")
        self.picker.refresh_people()
        self.pages.setCurrentWidget(self.picker)
        self.picker.list.setFocus()

    def show_class(self) -> None:
        self._leave_attempt()
        self.class_page.show_session()
        self.pages.setCurrentWidget(self.class_page)

    def open_scenario(self, scenario: Scenario, answerer: Answerer) -> AttemptPage:
        """Start the scenario for ``answerer``, or continue their unfinished attempt at it."""
        self._leave_attempt()
        mine = (self.store.attempts(trainee_id=answerer.trainee_id) if answerer.trainee_id is not None
                else self.store.attempts())
        unfinished = [a for a in mine if a.scenario_id == scenario.id and not a.completed]
        attempt = unfinished[-1] if unfinished else begin(self.store, scenario, answerer.trainee_id)
        page = AttemptPage(self.store, scenario, attempt, hide_result=self.picker.hide_result.isChecked())
        page.finished.connect(lambda attempt, feedback: self._finished(scenario, attempt, feedback))
        page.back.connect(self.show_picker)
        if self.presenting:
            page.set_presenting(True)
        self.attempt_page = page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        self.banner.set_who(answerer.words)
        page.start()
        return page

    def _leave_attempt(self) -> None:
        page = self.attempt_page
        if page is not None:
            page.flush()
            self.pages.removeWidget(page)
            page.deleteLater()
            self.attempt_page = None

    def _finished(self, scenario: Scenario, attempt: Attempt, feedback: Feedback) -> None:
        self.last = (scenario, attempt)
        self.feedback.show_feedback(scenario, feedback)
        self._leave_attempt()
        self.pages.setCurrentWidget(self.feedback)

    # --- presentation mode --------------------------------------------------------------------------

    def set_presentation(self, on: bool) -> None:
        """Large type and high contrast for projecting; the live result is shown, to walk a room
        through the scenario."""
        if self.presentation_action.isChecked() != on:
            self.presentation_action.setChecked(on)  # toggled comes back here
            return
        self.setStyleSheet(PRESENTATION_STYLE if on else "")
        self.banner.set_compact(on)
        if self.attempt_page is not None:
            self.attempt_page.set_presenting(on)
            self.attempt_page.set_result_hidden(not on and self.picker.hide_result.isChecked())

    @property
    def presenting(self) -> bool:
        return self.presentation_action.isChecked()

    # --- scenarios as files, and authoring ----------------------------------------------------------

    def reload_library(self) -> None:
        self.library = library(self.store.paths)
        self.picker.set_library(self.library)
        self.class_page.library = self.library

    def import_scenario(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a scenario", "", "Scenarios (*.yaml *.yml *.json)")
        if not path:
            return
        try:
            scenario = import_file(self.store.paths, path)
        except (ScenarioError, TrainingStoreError) as exc:
            show_error(self, "The scenario was not imported", str(exc))
            return
        self.reload_library()
        self.picker.select(scenario.id)

    def export_scenario(self) -> None:
        scenario = self.picker.selected()
        if scenario is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export the scenario", f"{scenario.id}.yaml",
                                              "Scenario (*.yaml *.json)")
        if not path:
            return
        try:
            export_file(scenario, Path(path), force=True)  # the save dialog asked before replacing
        except (ScenarioError, TrainingStoreError) as exc:
            show_error(self, "The scenario was not exported", str(exc))

    def author_from_feedback(self) -> AuthorDialog | None:
        if self.last is None:
            return None
        scenario, attempt = self.last
        dialog = AuthorDialog(self.store, attempt.document, scenario, self)
        dialog.accepted.connect(self._authored)
        self.author_dialog = dialog
        dialog.open()
        return dialog

    def _authored(self) -> None:
        """The new scenario, chosen in the picker."""
        self.reload_library()
        if self.author_dialog is not None and self.author_dialog.scenario is not None:
            self.show_picker()
            self.picker.select(self.author_dialog.scenario.id)

    def save_answers(self) -> None:
        """The answers of the attempt shown, as an interchange file (marked as training) for the trainer."""
        if self.last is None:
            return
        scenario, attempt = self.last
        path, _ = QFileDialog.getSaveFileName(self, "Save your answers", f"answers-{scenario.id}.json",
                                              "Answers (*.json)")
        if not path:
            return
        data = json.dumps(attempt.document.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")
        try:
            write_new(Path(path), data, force=True)
        except TrainingStoreError as exc:
            show_error(self, "Not saved", str(exc))

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        self._leave_attempt()
        self.store.close()
        self.closed.emit()
        super().closeEvent(event)
