"""Training mode's dialogs: a new class session, and a new scenario from a trainee's answers. Each
carries the training banner; OK saves, and a refusal is shown in words in the dialog, which stays
open so that nothing typed is lost."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from dash_desktop.assessment import AssessmentDocument
from dash_desktop.forms.date_entry import DateEntry, DateError
from dash_desktop.training import Scenario, ScenarioError
from dash_desktop.training.authoring import Draft, author_scenario
from dash_desktop.training_store import ClassSession, TrainingStore, TrainingStoreError
from dash_desktop.training_store.scenarios import keep
from dash_desktop.ui.save_dialog import SaveDialog
from dash_desktop.ui.training.banner import with_banner


class TrainingDialog(SaveDialog):
    """Save runs ``save()``; a refusal keeps the dialog open with the message; under the banner."""

    REFUSALS = (TrainingStoreError, ScenarioError, DateError)

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(title, parent, with_banner)
        self.setWindowTitle(f"{title} — training")
        self.setMinimumWidth(560)


class SessionDialog(TrainingDialog):
    """A new class session; ``session`` once saved."""

    def __init__(self, store: TrainingStore, parent: QWidget | None = None) -> None:
        super().__init__("New class session", parent)
        self.store = store
        self.session: ClassSession | None = None
        trainer, organisation = store.last_trainer()
        self.name = QLineEdit()
        self.name.setAccessibleName("Session name")
        self.name.setPlaceholderText("For example: Housing officers, spring refresher")
        self.add_row("Session &name:", self.name)
        self.trainer = QLineEdit(trainer)
        self.trainer.setAccessibleName("Your name, as certificates show it")
        self.add_row("&Your name:", self.trainer)
        self.organisation = QLineEdit(organisation)
        self.organisation.setAccessibleName("Organisation, as certificates show it")
        self.add_row("&Organisation:", self.organisation)
        self.held_on = DateEntry(dt.date.today(), name="Date of the session")
        self.add_row("&Date:", self.held_on)

    def save(self) -> None:
        day = self.held_on.date()
        if day is None:
            raise DateError("the date of the session is needed")
        self.session = self.store.new_session(self.name.text(), self.trainer.text(), self.organisation.text(), day)


class AuthorDialog(TrainingDialog):
    """A new scenario from a completed training assessment: its answers are the model answers, the
    rules give the model outcome; the trainer writes the title, the story and the teaching notes.
    ``scenario`` once kept in the trainer's library."""

    def __init__(self, store: TrainingStore, doc: AssessmentDocument, source: Scenario,
                 parent: QWidget | None = None) -> None:
        super().__init__("A new scenario from these answers", parent)
        self.store = store
        self.doc = doc
        self.source = source
        self.scenario: Scenario | None = None
        self.resize(900, 700)
        self.scenario_id = QLineEdit(f"{source.id}-variant")
        self.scenario_id.setAccessibleName("Scenario id: lower-case letters, digits, - and _")
        self.add_row("&Id:", self.scenario_id)
        self.title_edit = QLineEdit(f"{source.title} (a variant)")
        self.title_edit.setAccessibleName("Title")
        self.add_row("&Title:", self.title_edit)
        self.setting = QLineEdit(source.setting)
        self.setting.setAccessibleName("Setting: who is asking, where, how")
        self.add_row("&Setting:", self.setting)
        self.narrative = QPlainTextEdit(source.narrative)
        self.narrative.setAccessibleName("The story, in the person's or the referrer's words")
        self.add_row("Sto&ry:", self.narrative)
        q = source.questionnaire
        answered = [i for i in q.items if i.id in doc.answers]
        self.notes = QTableWidget(len(answered), 3)
        self.notes.setAccessibleName("Teaching notes, one per answer")
        self.notes.setHorizontalHeaderLabels(["Question", "Model answer", "Teaching note"])
        self.notes.horizontalHeader().setStretchLastSection(True)
        for row, item in enumerate(answered):
            for column, text in enumerate((item.name, item.answer_text(doc.answers[item.id]))):
                cell = QTableWidgetItem(text)
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.notes.setItem(row, column, cell)
            note = QTableWidgetItem(source.notes.get(item.id, ""))
            note.setData(Qt.ItemDataRole.UserRole, item.id)
            self.notes.setItem(row, 2, note)
        self.add_row("Teaching &notes:", self.notes)

    def written_notes(self) -> dict[str, str]:
        notes = {}
        for row in range(self.notes.rowCount()):
            cell = self.notes.item(row, 2)
            if cell is not None and cell.text().strip():
                notes[str(cell.data(Qt.ItemDataRole.UserRole))] = cell.text()
        return notes

    def save(self) -> None:
        draft = Draft(id=self.scenario_id.text().strip(), title=self.title_edit.text(),
                      narrative=self.narrative.toPlainText(), notes=self.written_notes(),
                      setting=self.setting.text(), area=self.source.area, profile=self.source.profile)
        made = author_scenario(self.doc, draft)
        keep(self.store.paths, made)
        self.scenario = made
