"""An assessment in progress: the guided form, saved on every answer, then review and complete."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
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
from dash_desktop.store import Store, StoreError
from dash_desktop.ui.errors import log, show_error


def answers_html(session: FormSession) -> str:
    """Every relevant question with its answer, grouped by section; gaps marked plainly."""
    q = session.questionnaire
    parts = []
    for section in q.sections:
        rows = []
        for item in section.items:
            if not session.is_relevant(item):
                continue
            value = session.answer(item.id)
            if value is None:
                shown = "<b>NOT ANSWERED</b>" if item.required else "<i>(left blank)</i>"
            elif value == DONT_KNOW:
                shown = f"<b>{escape(item.answer_text(value))}</b>"
            else:
                shown = escape(item.answer_text(value))
            source = session.sources.get(item.id)
            extra = f" <i>(source: {escape(source)})</i>" if source else ""
            rows.append(f"<tr><td>{escape(item.name)}</td><td>{shown}{extra}</td></tr>")
        if rows:
            parts.append(f"<h3>{escape(section.title)}</h3><table cellpadding='3'>{''.join(rows)}</table>")
    return "".join(parts)


class ReviewDialog(QDialog):
    """The answers and the result, side by side, before the assessment is locked."""

    def __init__(self, session: FormSession, result: Result, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review the assessment")
        self.resize(1000, 720)
        layout = QHBoxLayout(self)
        answers = QTextBrowser()
        answers.setAccessibleName("Answers")
        answers.setHtml(answers_html(session))
        summary = QTextBrowser()
        summary.setAccessibleName("Result")
        summary.setHtml(result_html(result))
        layout.addWidget(answers, 3)
        right = QVBoxLayout()
        right.addWidget(summary, 1)
        self.blocker = QLabel()
        self.blocker.setTextFormat(Qt.TextFormat.PlainText)
        self.blocker.setWordWrap(True)
        missing = session.unanswered()
        if missing:
            names = ", ".join(i.name for i in missing)
            self.blocker.setText(
                f'⚠ Answer every required question before completing ("Don\'t know" is an '
                f"answer). Still to answer: {names}."
            )
        right.addWidget(self.blocker)
        buttons = QDialogButtonBox()
        self.complete_button = buttons.addButton("Complete and sign", QDialogButtonBox.ButtonRole.AcceptRole)
        self.complete_button.setEnabled(not missing)
        self.complete_button.setAccessibleDescription(
            "Locks the assessment: a later change becomes a new assessment that points back to this one."
        )
        buttons.addButton("Back to the form", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        right.addWidget(buttons)
        layout.addLayout(right, 2)


class AssessmentPage(QWidget):
    """Autosaves every answer to the store in its own transaction; ``completed`` when locked."""

    completed = Signal(int)  # assessment id
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
        sources = (record.document or {}).get("sources", {}) if record.document else {}
        earlier = [a for a in store.cases.get(record.case_id).assessments if a.id != record.id and a.status != "draft"
                   and a.questionnaire_id == record.questionnaire_id]
        last = max(earlier, key=lambda a: (a.assessed_on or dt.date.min, a.id), default=None)
        self.session = FormSession(
            questionnaire,
            assessed_on=record.assessed_on or dt.date.today(),
            answers=dict(record.answers),
            sources=dict(sources),
            profile=profile,
            registry=registry,
            baseline=dict(last.answers) if last is not None else None,
        )
        self.form = AssessmentForm(self.session)
        self._saved_sources = dict(self.session.sources)
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
        try:
            if self.session.sources != self._saved_sources:  # a source changed: keep the whole document
                self.store.assessments.save_draft(self.assessment_id, self.session.answers,
                                                  document=self.session.to_dict())
                self._saved_sources = dict(self.session.sources)
            else:
                self.store.assessments.save_answer(self.assessment_id, item_id, self.session.answer(item_id))
        except StoreError as exc:
            self.saved.setText("⚠ NOT SAVED")
            show_error(self, "The answer could not be saved", str(exc))
            return
        self.saved.setText(f"Saved {dt.datetime.now():%H:%M:%S}")

    def flush(self) -> None:
        self.form.flush()

    def _back(self) -> None:
        self.flush()
        self.back.emit()

    # --- review and complete ------------------------------------------------------------------------

    def review(self) -> None:
        self.flush()
        result = self.session.result()
        if isinstance(result, str):
            show_error(self, "Not ready to review", result)
            return
        dialog = ReviewDialog(self.session, result, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.complete(result)

    def complete(self, result: Result) -> None:
        q = self.session.questionnaire
        try:
            self.store.assessments.complete(
                self.assessment_id,
                result=result.to_dict(),
                risk_level=result.risk_level,
                yes_count=result.yes_count,
                document=self.session.to_dict(),
                questionnaire_version=q.version,
                questionnaire_hash=q.content_hash,
                case_level=q.subject == "victim",
            )
        except StoreError as exc:
            show_error(self, "The assessment could not be completed", str(exc))
            return
        log.info("assessment completed")
        self.setEnabled(False)
        self.completed.emit(self.assessment_id)
