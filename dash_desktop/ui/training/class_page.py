"""The trainer's class sessions: sessions and their trainees (by a name or number), each trainee's
results, where the class needs teaching, the class export (CSV and PDF summary) and completion
certificates."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.assessment import read_document
from dash_desktop.questionnaires import AnswerError
from dash_desktop.training import ScenarioError, find_scenario
from dash_desktop.training_store import TrainingStore, TrainingStoreError
from dash_desktop.training_store.attempts import record
from dash_desktop.training_store.files import write_new
from dash_desktop.training_store.results import ClassResults, class_csv, class_results
from dash_desktop.training_store.scenarios import Library
from dash_desktop.ui.errors import show_error
from dash_desktop.ui.training.dialogs import SessionDialog

RESULT_COLUMNS = ("Trainee", "Scenarios done", "Items agreeing", "Outcome right")


def file_name(text: str) -> str:
    """A safe file name made of a session's or trainee's name."""
    kept = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in text)
    return "-".join(kept.split()) or "training"


def _short(title: str, limit: int = 24) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


class ClassPage(QWidget):
    """``changed`` when sessions or trainees change (the picker lists them)."""

    changed = Signal()

    def __init__(self, store: TrainingStore, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.library = library
        self.results: ClassResults | None = None
        self.dialog: SessionDialog | None = None
        self.sessions = QListWidget()
        self.sessions.setAccessibleName("Class sessions")
        self.sessions.currentRowChanged.connect(lambda _r: self.show_session())
        new = QPushButton("&New session…")
        new.clicked.connect(self.new_session)
        left = QVBoxLayout()
        left.addWidget(QLabel("<h2>Class sessions</h2>"))
        left.addWidget(self.sessions, 1)
        left.addWidget(new)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.trainee_name = QLineEdit()
        self.trainee_name.setPlaceholderText("A name or number you choose")
        self.trainee_name.setAccessibleName("New trainee's name or number")
        self.trainee_name.returnPressed.connect(self.add_trainee)
        self.add_button = QPushButton("&Add trainee")
        self.add_button.clicked.connect(self.add_trainee)
        self.table = QTableWidget(0, len(RESULT_COLUMNS))
        self.table.setAccessibleName("Each trainee's results")
        self.table.setHorizontalHeaderLabels(RESULT_COLUMNS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.teaching = QTextBrowser()
        self.teaching.setAccessibleName("Where the class needs teaching")
        self.session_widgets: list[QWidget] = [self.trainee_name, self.add_button, self.table]
        right = QVBoxLayout()
        right.addWidget(self.heading)
        adding = QHBoxLayout()
        adding.addWidget(self.trainee_name, 1)
        adding.addWidget(self.add_button)
        right.addLayout(adding)
        right.addWidget(self.table, 2)
        right.addWidget(self.teaching, 1)
        right.addLayout(self._actions())
        holder_left, holder_right = QWidget(), QWidget()
        holder_left.setLayout(left)
        holder_right.setLayout(right)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(holder_left)
        splitter.addWidget(holder_right)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresh()

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot, tip in (
            ("Add a result from a &file…", self.add_result, "A trainee's saved answers (interchange JSON)"),
            ("Export &CSV…", self.export_csv, "One row per trainee per scenario"),
            ("Export PDF &summary…", self.export_pdf, "Per item, how many got it right"),
            ("Ce&rtificate…", self.certificate, "The selected trainee's signed completion certificate"),
        ):
            button = QPushButton(text)
            button.setAccessibleDescription(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.session_widgets.append(button)
        return row

    # --- sessions and trainees ----------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        current = self.session_id()
        wanted = select if select is not None else current
        self.sessions.blockSignals(True)
        self.sessions.clear()
        for session in self.store.sessions():
            entry = QListWidgetItem(f"{session.name}\n{session.held_on:%d %B %Y} · {session.trainer}")
            entry.setData(Qt.ItemDataRole.UserRole, session.id)
            self.sessions.addItem(entry)
            if session.id == wanted:
                self.sessions.setCurrentItem(entry)
        if self.sessions.currentRow() < 0 and self.sessions.count():
            self.sessions.setCurrentRow(0)
        self.sessions.blockSignals(False)
        self.show_session()

    def session_id(self) -> int | None:
        entry = self.sessions.currentItem()
        return int(entry.data(Qt.ItemDataRole.UserRole)) if entry is not None else None

    def new_session(self) -> SessionDialog:
        dialog = SessionDialog(self.store, self)
        dialog.accepted.connect(lambda: self._session_made(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _session_made(self, dialog: SessionDialog) -> None:
        if dialog.session is not None:
            self.refresh(dialog.session.id)
            self.changed.emit()
            self.trainee_name.setFocus()

    def add_trainee(self) -> None:
        session = self.session_id()
        if session is None:
            return
        try:
            self.store.add_trainee(session, self.trainee_name.text())
        except TrainingStoreError as exc:
            show_error(self, "The trainee was not added", str(exc))
            return
        self.trainee_name.clear()
        self.show_session()
        self.changed.emit()

    def show_session(self) -> None:
        session = self.session_id()
        for widget in self.session_widgets:
            widget.setEnabled(session is not None)
        if session is None:
            self.results = None
            self.heading.setText("<p>No class session yet: start one with <b>New session…</b></p>")
            self.table.setRowCount(0)
            self.teaching.clear()
            return
        self.results = results = class_results(self.store, session)
        s = results.session
        self.heading.setText(f"<h2>{escape(s.name)}</h2><p>{s.held_on:%d %B %Y} · {escape(s.trainer)}, "
                             f"{escape(s.organisation)} · {len(results.trainees)} trainee(s)</p>")
        self._fill_table(results)
        self._fill_teaching(results)

    def _fill_table(self, results: ClassResults) -> None:
        """A row per trainee: their totals, then their score on each scenario the class has done."""
        scenarios = [(t.scenario_id, t.title) for t in results.scenarios]
        self.table.setColumnCount(len(RESULT_COLUMNS) + len(scenarios))
        for column, text in enumerate([*RESULT_COLUMNS, *(title for _, title in scenarios)]):
            header = QTableWidgetItem(_short(text))
            header.setToolTip(text)
            self.table.setHorizontalHeaderItem(column, header)
        self.table.setRowCount(len(results.trainees))
        for row, r in enumerate(results.trainees):
            outcome = sum(1 for a in r.attempts if a.outcome_agrees)
            done = {a.scenario_id: a for a in r.attempts}
            cells = [r.trainee.label, str(len(r.attempts)),
                     f"{r.agreeing} of {r.compared} ({r.percent}%)" if r.attempts else "—",
                     f"{outcome} of {len(r.attempts)}" if r.attempts else "—"]
            cells += [f"{done[sid].percent}%" if sid in done else "—" for sid, _ in scenarios]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _fill_teaching(self, results: ClassResults) -> None:
        parts = ["<h3>Where the class needs teaching</h3>"]
        for tally in results.scenarios:
            hardest = tally.hardest()
            words = "; ".join(f"{escape(t.label)} ({t.right} of {t.of})" for t in hardest) or "every item right"
            parts.append(f"<p><b>{escape(tally.title)}</b> ({tally.trainees} done, {tally.outcome_right} reached "
                         f"the model outcome): {words}</p>")
        if not results.scenarios:
            parts.append("<p>No trainee has completed a scenario in this session yet.</p>")
        self.teaching.setHtml("".join(parts))

    def selected_trainee(self) -> str | None:
        row = self.table.currentRow()
        if self.results is None or not 0 <= row < len(self.results.trainees):
            return None
        return self.results.trainees[row].trainee.label

    # --- results from files, exports and certificates ----------------------------------------------

    def add_result(self) -> None:
        session, label = self.session_id(), self.selected_trainee()
        if session is None or label is None:
            show_error(self, "Choose a trainee", "Select the trainee whose answers these are in the table first.")
            return
        path, _ = QFileDialog.getOpenFileName(self, f"{label}'s answers", "", "Answers (*.json)")
        if not path:
            return
        try:
            doc = read_document(path)
            scenario_id = doc.meta.get("scenario")
            if not isinstance(scenario_id, str):
                ids = [s.id for s in self.library.scenarios if s.questionnaire.id == doc.questionnaire_id]
                scenario_id, ok = QInputDialog.getItem(self, "Which scenario?", "The scenario these answers are for:",
                                                       ids, 0, False)
                if not ok:
                    return
            scenario = find_scenario(scenario_id, self.library.scenarios)
            record(self.store, scenario, doc, self.store.trainee(session, label).id)
        except (AnswerError, ScenarioError, TrainingStoreError) as exc:
            show_error(self, "The answers were not added", str(exc))
            return
        self.show_session()

    def _save_path(self, title: str, suggested: str, kind: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, kind)
        return Path(path) if path else None

    def export_csv(self) -> None:
        if self.results is None:
            return
        path = self._save_path("Export the class (CSV)", f"{file_name(self.results.session.name)}.csv", "CSV (*.csv)")
        if path is not None:
            self._write(path, class_csv(self.results).encode("utf-8-sig"))

    def export_pdf(self) -> None:
        if self.results is None:
            return
        from dash_desktop.reports.training import class_summary_pdf

        path = self._save_path("Export the class summary (PDF)", f"{file_name(self.results.session.name)}.pdf",
                               "PDF (*.pdf)")
        if path is not None:
            self._write(path, class_summary_pdf(self.results))

    def certificate(self) -> None:
        label = self.selected_trainee()
        if self.results is None or label is None:
            show_error(self, "Choose a trainee", "Select the trainee in the table first.")
            return
        from dash_desktop.reports.training import signed_certificate

        trainee = next(r for r in self.results.trainees if r.trainee.label == label)
        path = self._save_path(f"{label}'s certificate", f"certificate-{file_name(label)}.pdf", "PDF (*.pdf)")
        if path is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pdf = signed_certificate(self.store, self.results, trainee)
        except TrainingStoreError as exc:
            show_error(self, "No certificate", str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._write(path, pdf)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            write_new(path, data, force=True)  # the save dialog has asked before replacing a file
        except TrainingStoreError as exc:
            show_error(self, "Not saved", str(exc))
