"""An assessment in progress: the guided form, saved on every answer, then review and complete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.assessment import Profile, Result
from dash_desktop.forms.form import AssessmentForm
from dash_desktop.forms.result_panel import result_html
from dash_desktop.forms.session import FormSession
from dash_desktop.questionnaires import DONT_KNOW, Questionnaire, Registry
from dash_desktop.store import Store, StoreBusy, StoreError
from dash_desktop.store.records import AssessmentRecord
from dash_desktop.ui.assessment_start import case_facts, subject_details, subject_of
from dash_desktop.ui.case_list import format_date
from dash_desktop.ui.dialogs import PersonDialog
from dash_desktop.ui.errors import log, show_error
from dash_desktop.ui.widgets import ROLE_NAMES


def answers_html(q: Questionnaire, answers: Mapping[str, Any], sources: Mapping[str, str]) -> str:
    """Every relevant question with its answer, grouped by section; gaps marked plainly (the review
    before completing, and a completed assessment's read-only view)."""
    parts = []
    for section in q.sections:
        rows = []
        for item in section.items:
            if not q.is_relevant(item, answers):
                continue
            value = answers.get(item.id)
            if value is None:
                shown = "<b>NOT ANSWERED</b>" if item.required else "<i>(left blank)</i>"
            elif value == DONT_KNOW:
                shown = f"<b>{escape(item.answer_text(value))}</b>"
            else:
                shown = escape(item.answer_text(value)).replace("\n", "<br>")
            source = sources.get(item.id)
            extra = f" <i>(source: {escape(source)})</i>" if source else ""
            rows.append(f"<tr><td>{escape(item.name)}</td><td>{shown}{extra}</td></tr>")
        if rows:
            parts.append(f"<h3>{escape(section.title)}</h3><table cellpadding='3'>{''.join(rows)}</table>")
    return "".join(parts)


class SubjectChoice(QWidget):
    """Who the assessment is of, asked before completing one that names nobody: the household's
    people in the questionnaire's subject role, or one added here."""

    changed = Signal()

    def __init__(self, store: Store, case_id: int, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.case_id = case_id
        self.role = role
        self.dialog: PersonDialog | None = None
        words = ROLE_NAMES.get(role, role).lower()
        self.people = QComboBox()
        self.people.setAccessibleName(f"Who was assessed: the {words}")
        self.people.currentIndexChanged.connect(lambda _i: self.changed.emit())
        label = QLabel(f"&Who was assessed (the {words})? A signed report names them.")
        label.setWordWrap(True)
        label.setBuddy(self.people)
        self.add_button = QPushButton(f"&Add the {words}…")
        self.add_button.setAccessibleName(f"Add the {words} to the household")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_person)
        row = QHBoxLayout()
        row.addWidget(self.people, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addLayout(row)
        self.fill()

    def fill(self, select: int | None = None) -> None:
        self.people.clear()
        people = [p for p in self.store.cases.get(self.case_id).people if p.role == self.role]
        if not people:
            self.people.addItem(f"No {ROLE_NAMES.get(self.role, self.role).lower()} recorded: add them", None)
        for person in people:
            born = f" (born {format_date(person.date_of_birth)})" if person.date_of_birth else ""
            self.people.addItem(f"{person.name}{born}", person.id)
        if select is not None:
            self.people.setCurrentIndex(max(0, self.people.findData(select)))
        self.people.setEnabled(bool(people))

    def person_id(self) -> int | None:
        value = self.people.currentData()
        return int(value) if value is not None else None

    def add_person(self) -> PersonDialog:
        dialog = PersonDialog(self.store, self.case_id, None, self, role=self.role)
        dialog.accepted.connect(lambda: self.fill(dialog.saved_person_id))
        self.dialog = dialog
        dialog.open()
        return dialog


class ReviewDialog(QDialog):
    """The answers and the result, side by side, before the assessment is locked. Completing and
    signing is a deliberate act: never the default button, so Enter never signs."""

    def __init__(self, session: FormSession, result: Result, parent: QWidget | None = None, *,
                 subject: SubjectChoice | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review the assessment")
        self.resize(1000, 720)
        self.missing = session.unanswered()
        self.subject = subject
        layout = QHBoxLayout(self)
        answers = QTextBrowser()
        answers.setAccessibleName("Answers")
        answers.setHtml(answers_html(session.questionnaire, session.answers, session.sources))
        summary = QTextBrowser()
        summary.setAccessibleName("Result")
        summary.setHtml(result_html(result))
        layout.addWidget(answers, 3)
        right = QVBoxLayout()
        right.addWidget(summary, 1)
        if subject is not None:
            right.addWidget(subject)
            subject.changed.connect(self._update)
        self.blocker = QLabel()
        self.blocker.setTextFormat(Qt.TextFormat.PlainText)
        self.blocker.setWordWrap(True)
        right.addWidget(self.blocker)
        buttons = QDialogButtonBox()
        self.complete_button = buttons.addButton("Complete and si&gn", QDialogButtonBox.ButtonRole.AcceptRole)
        self.complete_button.setAutoDefault(False)
        self.complete_button.setAccessibleDescription(
            "Locks the assessment: a later change becomes a new assessment that points back to this one."
        )
        self.back_button = buttons.addButton("&Back to the form", QDialogButtonBox.ButtonRole.RejectRole)
        self.back_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        right.addWidget(buttons)
        layout.addLayout(right, 2)
        self._update()

    def _update(self) -> None:
        problems = []
        if self.missing:
            problems.append('Answer every required question before completing ("Don\'t know" is an answer). '
                            f"Still to answer: {', '.join(i.name for i in self.missing)}.")
        if self.subject is not None and self.subject.person_id() is None:
            problems.append("Say who was assessed: add them to the household if they are not there yet.")
        self.blocker.setText("\n".join(f"⚠ {p}" for p in problems))
        self.blocker.setVisible(bool(problems))
        self.complete_button.setEnabled(not problems)


class AssessmentPage(QWidget):
    """Autosaves every answer to the store in its own transaction; ``completed`` when locked."""

    completed = Signal(int)  # assessment id: every answer saved, to be signed and then locked
    #: While answers are not saved, they are tried again this often (they stay in the session).
    RETRY_MS = 2000
    back = Signal()

    def __init__(
        self,
        store: Store,
        assessment_id: int,
        *,
        profile: Profile,
        registry: Registry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.assessment_id = assessment_id
        registry = registry or Registry.default()
        record = store.assessments.get(assessment_id)
        questionnaire = self._questionnaire(
            registry, record.questionnaire_id, record.questionnaire_version, record.questionnaire_hash
        )
        self.case_reference = record.case_reference
        self.session = self._session(store, record, questionnaire, profile, registry)
        self.dialog: ReviewDialog | None = None  # the review open now, if any
        self.form = AssessmentForm(self.session)
        self._saved_sources = dict(self.session.sources)
        self._unsaved: set[str] = set()
        self._retry = QTimer(self)
        self._retry.setInterval(self.RETRY_MS)
        self._retry.timeout.connect(self._save_unsaved)
        self.session.listeners.append(self._autosave)

        bar = QHBoxLayout()
        back = QPushButton("← Case")
        back.setAccessibleName("Back to the case")
        back.clicked.connect(self._back)
        title = QLabel(
            f"<b>{escape(self.case_reference)}</b> — {escape(questionnaire.title)} "
            f"(version {escape(questionnaire.version)})"
        )
        title.setTextFormat(Qt.TextFormat.RichText)
        self.saved = QLabel("Saved")
        self.saved.setAccessibleName("Save status")
        review = QPushButton("Review and complete…  (Ctrl+Enter)")
        review.clicked.connect(self.review)
        bar.addWidget(back)
        bar.addWidget(title, 1)
        bar.addWidget(self.saved)
        bar.addWidget(review)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.form, 1)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.review)

    @staticmethod
    def _session(store: Store, record: AssessmentRecord, q: Questionnaire, profile: Profile,
                 registry: Registry) -> FormSession:
        """The draft's answers, with the last completed assessment of its kind (to mark what changed)
        and what the case already answers (to mark what was prefilled)."""
        case = store.cases.get(record.case_id)
        sources = (record.document or {}).get("sources", {}) if record.document else {}
        earlier = [a for a in case.assessments if a.id != record.id and a.status != "draft"
                   and a.questionnaire_id == record.questionnaire_id]
        last = max(earlier, key=lambda a: (a.assessed_on or dt.date.min, a.id), default=None)
        assessed_on = record.assessed_on or dt.date.today()
        facts = case_facts(store, case, q, registry, subject_of(case, q, record.subject_person_id), profile,
                           assessed_on)
        return FormSession(q, assessed_on=assessed_on, answers=dict(record.answers), sources=dict(sources),
                           profile=profile, registry=registry,
                           baseline=dict(last.answers) if last is not None else None, known=facts.known,
                           hints=facts.hints, area=facts.area, subject=facts.subject)

    @staticmethod
    def _questionnaire(registry: Registry, qid: str, version: str | None, digest: str | None) -> Questionnaire:
        q = registry.get(qid, version)
        if digest and digest != q.content_hash:
            raise StoreError(
                f"this draft was started on a different definition of {qid} {q.version} than the one installed; "
                "install the definition it was started on to continue it"
            )
        return q

    def start(self) -> None:
        self.form.start()

    # --- saving ----------------------------------------------------------------------------------

    def _autosave(self, item_id: str) -> None:
        self._unsaved.add(item_id)
        self._save_unsaved()

    def _save_unsaved(self) -> bool:
        """Save what is not saved yet. If the store refuses (busy, say), the answers stay in the session,
        the page says NOT SAVED and tries again every few seconds until they are saved."""
        whole = len(self._unsaved) > 1 or self.session.sources != self._saved_sources
        try:
            if whole:  # after a failure, or a source changed: the whole draft, as the session has it
                self.store.assessments.save_draft(self.assessment_id, self.session.answers,
                                                  document=self.session.to_dict())
                self._saved_sources = dict(self.session.sources)
            elif self._unsaved:
                (item_id,) = self._unsaved
                self.store.assessments.save_answer(self.assessment_id, item_id, self.session.answer(item_id))
        except StoreError as exc:
            self.saved.setText("⚠ NOT SAVED — trying again")
            if not self._retry.isActive():
                self._retry.start()
                if not isinstance(exc, StoreBusy):
                    show_error(self, "The answer could not be saved", f"{exc}\n\nThe answers are kept on this "
                               "page and saved as soon as the store takes them.")
            return False
        self._unsaved.clear()
        self._retry.stop()
        self.saved.setText(f"Saved {dt.datetime.now():%H:%M:%S}")
        return True

    def has_unsaved(self) -> bool:
        """Answers kept on this page that the store has not taken yet."""
        return bool(self._unsaved)

    def flush(self) -> bool:
        """Save what is being typed and anything not yet saved; False if the store still refuses."""
        self.form.flush()
        return not self._unsaved or self._save_unsaved()

    def _back(self) -> None:
        if not self.flush():
            show_error(self, "Not saved yet", "Some answers are not saved yet (the store is busy). They are "
                       "kept on this page and tried again; go back once the page says Saved.")
            return
        self.back.emit()

    # --- review and complete ------------------------------------------------------------------------

    def review(self) -> None:
        self.flush()
        result = self.session.result()
        if isinstance(result, str):
            show_error(self, "Not ready to review", result)
            return
        record = self.store.assessments.get(self.assessment_id)
        subject = None
        if record.subject_person_id is None:
            subject = SubjectChoice(self.store, record.case_id, self.session.questionnaire.subject)
        dialog = ReviewDialog(self.session, result, self, subject=subject)
        dialog.accepted.connect(lambda: self._reviewed(result, subject))
        dialog.finished.connect(lambda _r: self._review_closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _review_closed(self, dialog: ReviewDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _reviewed(self, result: Result, subject: SubjectChoice | None) -> None:
        person_id = subject.person_id() if subject is not None else None
        if person_id is not None:
            try:
                self.store.assessments.set_subject(self.assessment_id, person_id)
                case = self.store.cases.get(self.store.assessments.get(self.assessment_id).case_id)
                person = next(p for p in case.people if p.id == person_id)
            except StoreError as exc:
                show_error(self, "The assessment could not be completed", str(exc))
                return
            self.session.subject = subject_details(person)  # scored and signed with the person chosen
        self.complete(result)

    def complete(self, result: Result) -> None:
        """Ask for the assessment to be completed: every answer saved first; then the window makes
        and signs its report, and only then is it locked (``reports.stored.complete_and_sign``)."""
        if not self.flush():
            show_error(self, "The assessment could not be completed", "Some answers are not saved yet; "
                       "they are kept on this page and tried again. Complete it once the page says Saved.")
            return
        try:
            self.store.assessments.save_draft(self.assessment_id, self.session.answers, document=self.session.to_dict())
        except StoreError as exc:
            show_error(self, "The assessment could not be completed", str(exc))
            return
        log.info("assessment ready to sign")
        self.setEnabled(False)
        self.completed.emit(self.assessment_id)
