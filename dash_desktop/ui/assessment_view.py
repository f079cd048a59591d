"""A completed assessment, read-only: its answers, its result and why, who completed and signed it
and when, with "Save signed PDF…", "Verify" and "Start a new assessment from this one".

Nothing here writes to the assessment (it is locked). The result is the one stored when it was
completed: it is scored again only to be presented the one way every result is, and shown so only
when the scoring gives the very result stored; otherwise the stored one is listed, with a warning.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.assessment import ProfileError, score
from dash_desktop.forms.result_panel import result_html
from dash_desktop.questionnaires import AnswerError, Questionnaire, Registry
from dash_desktop.questionnaires.model import date_text
from dash_desktop.store import Store, StoreError
from dash_desktop.store.records import AssessmentRecord, SignedDocumentRecord
from dash_desktop.ui.assessment_page import answers_html
from dash_desktop.ui.case_list import format_changed
from dash_desktop.ui.widgets import ASSESSMENT_STATUS_NAMES, assessment_day, level_words


def stored_result_html(store: Store, record: AssessmentRecord, registry: Registry) -> str:
    """The stored result in the one presentation of a result, when scoring the stored answers again
    gives exactly it; else the stored result's own reasons, with a warning that says why."""
    from dash_desktop.reports.stored import SigningError, stored_document  # not at start-up

    stored = json.loads(json.dumps(dict(record.result or {})))
    try:
        doc, profile = stored_document(store, record)
        result = score(doc, profile=profile, registry=registry)
    except (SigningError, AnswerError, ProfileError, KeyError) as exc:
        problem = f"this version cannot score it again ({exc})"
    else:
        if json.loads(json.dumps(result.to_dict())) == stored:
            return result_html(result)
        problem = "this version of DASH Desktop scores it differently"
    return (f"<p style='background:#fff4e0; padding:4px'><b>Shown as stored</b>: {escape(problem)}. "
            "This is the result stored when it was completed.</p>" + snapshot_html(stored))


def snapshot_html(stored: Mapping[str, Any]) -> str:
    """A stored result listed plainly: the level, the count and every reason recorded."""
    parts = [f"<h2>Risk level: {escape(level_words(stored.get('risk_level')))}</h2>"]
    if stored.get("yes_count") is not None:
        parts.append(f"<p>{escape(str(stored['yes_count']))} of {escape(str(stored.get('scored_items', '?')))} "
                     "yes</p>")
    reasons = [r for r in stored.get("reasons", []) if isinstance(r, Mapping)]
    if reasons:
        parts.append("<h3>Why</h3><ul>")
        parts += [f"<li>{escape(str(r.get('conclusion', '')))}: {escape(str(r.get('text', '')))}</li>"
                  for r in reasons]
        parts.append("</ul>")
    if stored.get("notice"):
        parts.append(f"<p style='color:#555'><i>{escape(str(stored['notice']))}</i></p>")
    return "".join(parts)


class AssessmentView(QDialog):
    """One completed assessment. ``start_from(record)`` asks for a new assessment prefilled from it;
    ``make_referral(offer)`` for the referral it offers (``referral``: a MARAC one from a DASH, a DAPP
    one from a perpetrator assessment), if any."""

    start_from = Signal(object)
    make_referral = Signal(object)

    def __init__(self, store: Store, record: AssessmentRecord, registry: Registry,
                 parent: QWidget | None = None, *, referral: Any = None) -> None:
        super().__init__(parent)
        self.referral = referral
        self.store = store
        self.record = record
        self.registry = registry
        self.setWindowTitle("Completed assessment")  # never a name or a case
        self.setAccessibleName("Completed assessment, read-only")
        self.questionnaire = self._definition()
        case = store.cases.get(record.case_id)
        subject = next((p.name for p in case.people if p.id == record.subject_person_id), "not recorded")
        title = self.questionnaire.title if self.questionnaire else record.questionnaire_id
        self.heading = QLabel(f"<h2>{escape(title)}</h2><p>Case {escape(record.case_reference)} · assessed "
                              f"{escape(date_text(assessment_day(record)))} · subject: {escape(subject)} · "
                              f"{escape(ASSESSMENT_STATUS_NAMES.get(record.status, record.status))}, read-only</p>")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.signature = QLabel(self.signature_text())
        self.signature.setWordWrap(True)
        self.signature.setAccessibleName("Completed and signed")
        self.verified = QLabel()
        self.verified.setWordWrap(True)
        self.verified.setAccessibleName("Verification")
        self.verified.hide()
        self.answers_view = QTextBrowser()
        self.answers_view.setAccessibleName("Answers")
        self.answers_view.setHtml(self._answers())
        self.result_view = QTextBrowser()
        self.result_view.setAccessibleName("Result and why")
        self.result_view.setHtml(stored_result_html(store, record, registry))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.answers_view)
        split.addWidget(self.result_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self._buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.signature)
        layout.addWidget(split, 1)
        layout.addWidget(self.verified)
        layout.addWidget(self.button_box)
        self._fit_screen()

    def _buttons(self) -> None:
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.button_box.rejected.connect(self.reject)
        role = QDialogButtonBox.ButtonRole.ActionRole
        signed = self.document() is not None
        self.save_button: QPushButton = self.button_box.addButton("&Save signed PDF…", role)
        self.verify_button: QPushButton = self.button_box.addButton("&Verify", role)
        self.start_button: QPushButton = self.button_box.addButton("Start a &new assessment from this one", role)
        for button in (self.save_button, self.verify_button, self.start_button):
            button.setAutoDefault(False)
        self.save_button.setEnabled(signed)
        self.verify_button.setEnabled(signed)
        self.save_button.clicked.connect(self.save_pdf)
        self.verify_button.clicked.connect(self.verify)
        self.start_button.clicked.connect(self._start_new)
        self.start_button.setToolTip("A new assessment of the same questionnaire, prefilled with the answers that "
                                     "last; it amends this one, which stays as it is")
        if self.referral is not None:
            self.referral_button: QPushButton = self.button_box.addButton(self.referral.button, role)
            self.referral_button.setAutoDefault(False)
            self.referral_button.setToolTip(self.referral.reason)
            self.referral_button.clicked.connect(self._make_referral)

    def _fit_screen(self) -> None:
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 1200, 820
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)

    def _definition(self) -> Questionnaire | None:
        try:
            return self.registry.get(self.record.questionnaire_id, self.record.questionnaire_version)
        except KeyError:
            return None

    def _answers(self) -> str:
        if self.questionnaire is None:
            return (f"<p>The definition of {escape(self.record.questionnaire_id)} "
                    f"{escape(self.record.questionnaire_version or '')} is not installed: the answers as stored.</p>"
                    + "".join(f"<p>{escape(k)}: {escape(str(v))}</p>" for k, v in self.record.answers.items()))
        sources = dict((self.record.document or {}).get("sources", {}))
        return answers_html(self.questionnaire, self.record.answers, sources)

    def document(self) -> SignedDocumentRecord | None:
        """The signed report kept in the store (the latest, checked against its SHA-256), if signed."""
        ids = self.store.documents.ids(self.record.id)
        return self.store.documents.get(ids[-1]) if ids else None

    def signature_text(self) -> str:
        r = self.record
        done = f"Completed by {r.practitioner_name or 'an unrecorded practitioner'}"
        if r.completed_at is not None:
            done += f" on {format_changed(r.completed_at)}"
        doc = self.document()
        if doc is None:
            return f"{done}. Not signed yet: it is signed when completed in the app, or with 'dash-desktop export'."
        return (f"{done}; signed on {format_changed(doc.signed_at)} ({doc.filename}, SHA-256 {doc.sha256[:16]}…). "
                "“Verify” checks the signature.")

    def ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Save the signed report", suggested, "PDF (*.pdf)")
        return path

    def save_pdf(self) -> Path | None:
        """Save the signed report where the practitioner chooses (recorded in the audit trail)."""
        doc = self.document()
        if doc is None:
            return None
        path = self.ask_save_path(str(Path.home() / doc.filename))
        if not path:
            return None
        try:
            Path(path).write_bytes(doc.content)
            self.store.audit.record_export("assessment", self.record.id,
                                           {"document": doc.id, "sha256": doc.sha256, "file": Path(path).name})
        except (OSError, StoreError) as exc:
            self._say(f"⚠ Not saved: {path}: {getattr(exc, 'strerror', None) or exc}. The signed report is still "
                      "kept in the case file; try another folder.")
            return None
        self._say(f"Saved: {Path(path).name}")
        return Path(path)

    def verify(self) -> bool:
        """Check the stored report's signature and that it carries this assessment; say so in words."""
        from dash_desktop.reports.verify import ReportUnreadable, ReportUnsigned, verify_report

        doc = self.document()
        if doc is None:
            return False
        try:
            check = verify_report(doc.content)
        except (ReportUnreadable, ReportUnsigned) as exc:
            self._say(f"⚠ Not verified: {exc}")
            return False
        same = check.document is not None and dict(check.document.answers) == dict(self.record.answers)
        if check.sound and same:
            sig = check.signatures[0]
            when = f" on {format_changed(sig.signed_at)}" if sig.signed_at else ""
            trust = (" The certificate is self-signed: this proves the report is unchanged since it was signed, "
                     "not who holds the key." if sig.issuer == "self-signed" else "")
            self._say(f"✓ Intact and valid: signed by {sig.signer}"
                      f"{', ' + sig.organisation if sig.organisation else ''}{when}.{trust}")
            return True
        why = "its attached answers differ from this assessment's" if check.sound else "the signature does not hold"
        self._say(f"⚠ Not verified: {why}. Do not rely on this report; tell whoever looks after DASH Desktop.")
        return False

    def _say(self, text: str) -> None:
        self.verified.setText(text)
        self.verified.setAccessibleDescription(text)
        self.verified.show()

    def _start_new(self) -> None:
        self.accept()
        self.start_from.emit(self.record)

    def _make_referral(self) -> None:
        self.accept()
        self.make_referral.emit(self.referral)
