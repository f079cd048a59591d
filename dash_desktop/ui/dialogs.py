"""The case view's dialogs: a case, a person, a note, a referral (each added or edited), and the
choice of a new assessment.

Dialogs are opened with ``open()`` (window-modal, no nested event loop) and write to the store only
when accepted; a refusal (a missing name, a date that is not a date) is shown in the dialog in
words, and the dialog stays open so nothing typed is lost. Every date is typed into the one
:class:`DateEntry`; a date left blank is no date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.forms.date_entry import DateEntry, DateError
from dash_desktop.forms.text_box import GrowingTextBox
from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store, StoreError
from dash_desktop.store.records import AssessmentRecord, CaseRecord, NoteRecord, PersonRecord, ReferralRecord
from dash_desktop.store.vocabulary import AssessmentStatus, ReferralKind, Role
from dash_desktop.ui.case_list import format_date
from dash_desktop.ui.meeting_actions import MeetingActions, ReferralDocuments
from dash_desktop.ui.person_fields import PersonFields, district_picker
from dash_desktop.ui.save_dialog import SaveDialog
from dash_desktop.ui.widgets import (
    REFERRAL_NAMES,
    REFERRAL_STATUS_NAMES,
    ROLE_NAMES,
    assessment_day,
    level_words,
)


def checked(entry: DateEntry, field: str) -> dt.date | None:
    """The entry's date, or a :class:`DateError` naming the field."""
    try:
        return entry.date()
    except DateError as exc:
        raise DateError(f"{field}: {exc}") from None


def default_districts() -> dict[str, str]:
    """The districts of the default area profile's services directory (id -> name)."""
    from dash_desktop.assessment import load_profile
    from dash_desktop.assessment.services import load_directory

    return dict(load_directory(load_profile().services_directory).districts)


def _combo(name: str, choices: dict[str, str], current: str | None) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for value, words in choices.items():
        combo.addItem(words, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class StoreDialog(SaveDialog):
    """Save runs ``save()``; a StoreError or a DateError keeps the dialog open with the message in words."""

    REFUSALS = (StoreError, DateError)


class CaseDialog(StoreDialog):
    """A new case (``case`` None; the new id is in ``saved_case_id`` once accepted), or an edit of
    one's reference, district and review date (a case is closed with its outcome: "Close case…")."""

    def __init__(self, store: Store, case: CaseRecord | None = None, parent: QWidget | None = None, *,
                 today: dt.date | None = None, districts: Mapping[str, str] | None = None) -> None:
        super().__init__("Edit case" if case else "New case", parent)
        self.store = store
        self.case = case
        self.saved_case_id: int | None = case.id if case else None
        today = today or dt.date.today()
        self.reference = QLineEdit(case.reference if case else "")
        self.reference.setAccessibleName("Case reference")
        self.reference.setPlaceholderText("For example HX-2026-0042")
        self.add_row("&Reference:", self.reference)
        self.area = district_picker(districts if districts is not None else default_districts(),
                                    case.area if case else None)
        self.add_row("&District:", self.area)
        review = case.review_on if case else today + dt.timedelta(days=28)
        self.review_on = DateEntry(review, name="Review date", today=today)
        self.review_on.edit.setPlaceholderText("blank for none; e.g. 10/03/2026")
        self.add_row("Re&view date:", self.review_on)

    def save(self) -> None:
        review = checked(self.review_on, "Review date")
        area = self.area.currentData()
        if self.case is None:
            self.saved_case_id = self.store.cases.add(self.reference.text(), area=area, review_on=review).id
        else:
            self.store.cases.update(self.case.id, reference=self.reference.text().strip(), area=area,
                                    review_on=review)


class PersonDialog(StoreDialog):
    """Add a person to the household, or edit one (``person`` given)."""

    def __init__(self, store: Store, case_id: int, person: PersonRecord | None = None, parent: QWidget | None = None,
                 *, role: str | None = None, today: dt.date | None = None) -> None:
        super().__init__("Edit person" if person else "Add person", parent)
        self.setMinimumWidth(820)
        self.store = store
        self.case_id = case_id
        self.person = person
        self.saved_person_id: int | None = person.id if person else None
        self.role = _combo("Role in the household", ROLE_NAMES, person.role if person else (role or Role.VICTIM.value))
        self.add_row("&Role:", self.role)
        self.name = QLineEdit(person.name if person else "")
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("Full name, or a placeholder such as “Child 1”")
        self.add_row("&Name:", self.name)
        self.dob = DateEntry(person.date_of_birth if person else None, name="Date of birth", birth=True, today=today)
        self.dob.edit.setPlaceholderText("blank if not known; e.g. 9/5/2017")
        self.add_row("&Date of birth:", self.dob)
        self.fields = PersonFields(person, str(self.role.currentData()))
        self.role.currentIndexChanged.connect(lambda _i: self.fields.show_for(str(self.role.currentData())))
        self.form.addRow(self.fields)

    def save(self) -> None:
        fields = self.fields.values()
        dob = checked(self.dob, "Date of birth")
        role = str(self.role.currentData())
        if self.person is None:
            self.saved_person_id = self.store.people.add(self.case_id, role, self.name.text(), date_of_birth=dob,
                                                         **fields).id
        else:
            self.store.people.update(self.person.id, role=role, name=self.name.text(), date_of_birth=dob, **fields)


class NoteDialog(StoreDialog):
    """Add a note to the chronology, or edit one (``note`` given: its author stays who wrote it)."""

    def __init__(self, store: Store, case_id: int, parent: QWidget | None = None, *, today: dt.date,
                 note: NoteRecord | None = None) -> None:
        super().__init__("Edit note" if note else "Add note", parent)
        self.store = store
        self.case_id = case_id
        self.note = note
        self.happened_on = DateEntry(note.happened_on if note else today, name="Date of the event", today=today)
        self.add_row("&Date:", self.happened_on)
        self.text = GrowingTextBox(name="Note text", placeholder="What happened, who said what")
        if note is not None:
            self.text.set_text(note.text)
        self.add_row("&Note:", self.text)
        self.incident = QCheckBox("An &incident of domestic abuse (counted for the DASH's incidents in 12 months)")
        self.incident.setAccessibleName("An incident of domestic abuse")
        self.incident.setChecked(note.incident if note else False)
        self.form.addRow(self.incident)

    def save(self) -> None:
        day = checked(self.happened_on, "Date")
        incident = self.incident.isChecked()
        if self.note is None:
            self.store.records.add_note(self.case_id, self.text.toPlainText(), happened_on=day, incident=incident)
        else:
            self.store.records.update_note(self.note.id, text=self.text.toPlainText(), happened_on=day,
                                           incident=incident)


class ReferralDialog(StoreDialog):
    """Add a referral, or edit one (``referral`` given): its status, dates and details."""

    def __init__(self, store: Store, case_id: int, parent: QWidget | None = None, *, today: dt.date,
                 referral: ReferralRecord | None = None) -> None:
        super().__init__("Edit referral" if referral else "Add referral", parent)
        self.store = store
        self.case_id = case_id
        self.referral = referral
        self.kind = _combo("Referral to", REFERRAL_NAMES, referral.kind if referral else None)
        self.kind.setEnabled(referral is None)  # a referral to another service is a new referral
        self.add_row("Referral &to:", self.kind)
        self.status = _combo("Referral status", REFERRAL_STATUS_NAMES, referral.status if referral else None)
        self.add_row("Stat&us:", self.status)
        self.referred_on = DateEntry(referral.referred_on if referral else today, name="Referred on", today=today)
        self.add_row("&Referred on:", self.referred_on)
        self.meeting_on = DateEntry(referral.meeting_on if referral else None, name="Meeting date", today=today)
        self.meeting_on.edit.setPlaceholderText("blank if none yet")
        self.add_row("&Meeting date:", self.meeting_on)
        self.detail = GrowingTextBox(name="Referral details", placeholder="Who to, what was sent")
        if referral is not None:
            self.detail.set_text(referral.detail or "")
        self.add_row("&Details:", self.detail)
        self.meeting_actions: MeetingActions | None = None
        if referral is not None and referral.kind == ReferralKind.MARAC.value:  # the meeting's actions
            self.meeting_actions = MeetingActions(store, referral.id, today=today)
            self.form.addRow(self.meeting_actions)
            self.setMinimumWidth(760)
        if referral is not None:
            self.documents = ReferralDocuments(store, referral)
            if self.documents.ids:  # laid out (and shown) only when there is one
                self.form.addRow(self.documents)

    def save(self) -> None:
        fields: dict[str, Any] = {
            "status": str(self.status.currentData()),
            "referred_on": checked(self.referred_on, "Referred on"),
            "meeting_on": checked(self.meeting_on, "Meeting date"),
            "detail": self.detail.toPlainText().strip() or None,
        }
        if self.referral is None:
            self.store.records.add_referral(self.case_id, str(self.kind.currentData()), **fields)
        else:
            self.store.records.update_referral(self.referral.id, **fields)


class NewAssessmentDialog(QDialog):
    """Choose the questionnaire, and whether to start from the answers of the last one of its kind
    (only what persists is copied: this incident's answers and the judgement start empty)."""

    def __init__(self, registry: Registry, assessments: list[AssessmentRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New assessment")
        self.setAccessibleName("New assessment")
        self._completed = sorted((a for a in assessments if a.status != AssessmentStatus.DRAFT.value),
                                 key=lambda a: (assessment_day(a), a.id))
        self.questionnaire = QComboBox()
        self.questionnaire.setAccessibleName("Questionnaire")
        for q in registry.latest():
            self.questionnaire.addItem(f"{q.title} (version {q.version})", q.id)
        self.prefill = QCheckBox()
        self.prefill.setAccessibleName("Prefill from the last assessment")
        self.prefill_note = QLabel("Copies the answers that last; this incident's answers and the professional "
                                   "judgement start empty.")
        self.prefill_note.setWordWrap(True)
        self.prefill_note.setObjectName("guidance")
        self.questionnaire.currentIndexChanged.connect(lambda _i: self._update_prefill())
        form = QFormLayout()
        label = QLabel("&Questionnaire:")
        label.setBuddy(self.questionnaire)
        form.addRow(label, self.questionnaire)
        form.addRow(self.prefill)
        form.addRow(self.prefill_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Start")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        default = self.questionnaire.findData("dash-ric")
        if default >= 0:
            self.questionnaire.setCurrentIndex(default)
        self._update_prefill()

    def questionnaire_id(self) -> str:
        return str(self.questionnaire.currentData())

    def last_of_kind(self) -> AssessmentRecord | None:
        qid = self.questionnaire_id()
        return next((a for a in reversed(self._completed) if a.questionnaire_id == qid), None)

    def prefill_from(self) -> int | None:
        last = self.last_of_kind()
        return last.id if last is not None and self.prefill.isChecked() else None

    def _update_prefill(self) -> None:
        last = self.last_of_kind()
        if last is None:
            self.prefill.setChecked(False)
            self.prefill.setEnabled(False)
            self.prefill.setText("&Prefill from the last assessment (none of this kind yet)")
        else:
            self.prefill.setEnabled(True)
            self.prefill.setText(f"&Prefill from the last assessment ({format_date(assessment_day(last))}, "
                                 f"{level_words(last.risk_level).lower()})")
        self.prefill_note.setVisible(last is not None)
