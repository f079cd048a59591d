"""A trainee answering a scenario: the story beside the same guided form a real assessment uses (the
same widgets and keys), every answer autosaved into the training store, the live result hidden
until they finish when the mode asks for it, then the feedback."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from dash_desktop.assessment import load_profile
from dash_desktop.forms.form import AssessmentForm
from dash_desktop.forms.session import FormSession
from dash_desktop.questionnaires import AnswerError, Registry
from dash_desktop.training import Scenario
from dash_desktop.training_store import Attempt, TrainingStore, TrainingStoreError
from dash_desktop.training_store.attempts import finish, training_document
from dash_desktop.ui.errors import show_error
from dash_desktop.ui.training.picker import person_words

HIDDEN_RESULT = "The live result is hidden until you finish, so that you judge the risk before you see it."


def story_html(s: Scenario) -> str:
    """What the trainee reads: the setting, the people, the story (never the model answers)."""
    parts = [f"<h3>{escape(s.title)}</h3>"]
    if s.setting:
        parts.append(f"<p><b>{escape(s.setting)}</b></p>")
    parts.append(f"<p>Assessed on {s.assessed_on:%d %B %Y}.</p>")
    if s.people:
        parts.append("<ul>" + "".join(f"<li><i>{escape(p.role)}</i>: {escape(person_words(p, about=True))}</li>"
                                      for p in s.people) + "</ul>")
    parts += [f"<p>{escape(paragraph)}</p>" for paragraph in s.narrative.split("\n\n")]
    return "".join(parts)


class AttemptPage(QWidget):
    """``finished(attempt, feedback)`` once the trainee finishes and the result is kept."""

    finished = Signal(object, object)
    back = Signal()

    def __init__(self, store: TrainingStore, scenario: Scenario, attempt: Attempt, *, hide_result: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.scenario = scenario
        self.attempt = attempt
        q = scenario.questionnaire
        self.session = FormSession(q, assessed_on=scenario.assessed_on, answers=dict(attempt.document.answers),
                                   profile=load_profile(scenario.profile), registry=Registry([q]))
        self.form = AssessmentForm(self.session)
        self.session.listeners.append(self._autosave)
        self.story = QTextBrowser()
        self.story.setAccessibleName("The scenario")
        self.story.setHtml(story_html(scenario))
        self.story.setMinimumWidth(260)
        self.hidden_note = QLabel(HIDDEN_RESULT)
        self.hidden_note.setWordWrap(True)
        self.hidden_note.setObjectName("guidance")
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.story)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)

        back = QPushButton("← Scenarios")
        back.setAccessibleName("Back to the scenarios (your answers are kept)")
        back.clicked.connect(self._back)
        title = QLabel(f"<b>{escape(scenario.title)}</b> — {escape(q.title)}")
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setWordWrap(True)
        self.saved = QLabel("Saved")
        self.saved.setAccessibleName("Save status")
        done = QPushButton("&Finish: the feedback (Ctrl+Enter)")
        done.clicked.connect(self.finish)
        bar = QHBoxLayout()
        bar.addWidget(back)
        bar.addWidget(title, 1)
        bar.addWidget(self.saved)
        bar.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.hidden_note)
        layout.addWidget(splitter, 1)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.finish)
        self.set_result_hidden(hide_result)

    def start(self) -> None:
        self.form.start()

    def set_result_hidden(self, hidden: bool) -> None:
        """Hide the live result while answering (the trainee judges first), or show it."""
        self.form.result_panel.setVisible(not hidden)
        self.hidden_note.setVisible(hidden)

    def set_presenting(self, on: bool) -> None:
        """For projecting: the sections list gives its room to the question and the result; the live
        result is shown, to walk the room through what each answer does."""
        self.form.sidebar.setVisible(not on)
        if on:
            self.set_result_hidden(False)

    @property
    def result_hidden(self) -> bool:
        return self.form.result_panel.isHidden()

    def _autosave(self, _item_id: str) -> None:
        try:
            self.store.save_answers(self.attempt.id, training_document(self.session.document(), self.scenario))
        except TrainingStoreError as exc:
            self.saved.setText("⚠ NOT SAVED")
            show_error(self, "The answer could not be saved", str(exc))
            return
        self.saved.setText(f"Saved {dt.datetime.now():%H:%M:%S}")

    def flush(self) -> None:
        self.form.flush()

    def _back(self) -> None:
        self.flush()
        self.back.emit()

    def finish(self) -> None:
        """Check the answers against the model and keep the feedback; as in real use, every required
        question must be answered first ("Don't know" is an answer)."""
        self.flush()
        missing = self.session.unanswered()
        if missing:
            show_error(self, "Not finished yet", 'Answer every required question first ("Don\'t know" is an '
                                                 f"answer). Still to answer: {', '.join(i.name for i in missing)}.")
            self.form.focus_item(missing[0].id)
            return
        result = self.session.result()
        if isinstance(result, str):
            show_error(self, "Not finished yet", result)
            return
        try:
            attempt, feedback = finish(self.store, self.attempt.id, self.scenario, self.session.document())
        except (AnswerError, TrainingStoreError) as exc:
            show_error(self, "The answers could not be checked", str(exc))
            return
        self.attempt = attempt
        self.finished.emit(attempt, feedback)
