"""The referral form (MARAC, children's social care, DAPP): prefilled from the case and the assessment
it rests on (:func:`dash_desktop.referrals.prefill`), with what only the practitioner can say (whether
the victim knows, consent and, without it, the lawful basis; whom the victim fears; who is safe to
contact; where earlier MARACs were heard; other agencies), then signed (:mod:`dash_desktop.reports.
referral`), kept in the case as a referral with status "proposed", and offered for saving.

What the case records is shown, not retyped: a detail to correct is corrected in the household, and
the criteria come from the stored result. What is not recorded is listed as missing ("not known" on
the PDF) and never holds the referral back; only what it cannot go without does (``required_faults``),
each named, and "Sign and store" stays refused until they are given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.assessment import Profile
from dash_desktop.forms.date_entry import DateEntry, DateError
from dash_desktop.forms.text_box import GrowingTextBox
from dash_desktop.questionnaires import Registry
from dash_desktop.questionnaires.model import date_text
from dash_desktop.referrals import (
    LAWFUL_BASIS_WORDS,
    NOT_KNOWN,
    LawfulBasis,
    ReferralForm,
    Sharing,
    missing,
    prefill,
    required_faults,
)
from dash_desktop.store import Store, StoreError
from dash_desktop.ui.meeting_actions import save_document
from dash_desktop.ui.person_fields import choice, value_words
from dash_desktop.ui.referral_offers import ReferralOffer
from dash_desktop.ui.widgets import level_words


def _text(edit: QLineEdit | GrowingTextBox) -> str | None:
    value = edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
    return value.strip() or None


def _known(value: Any, field: str = "") -> str:
    if value is None or value == "":
        return NOT_KNOWN
    if isinstance(value, dt.date):
        return date_text(value)
    return value_words(field, value)


def case_html(form: ReferralForm) -> str:
    """What the case and the assessment say, as the form carries it (read-only)."""
    v, r = form.victim, form.referrer
    parts = [f"<h3>{escape(form.title)}</h3>",
             f"<p><b>Referrer</b>: {escape(_known(r.name))}, {escape(_known(r.role))}, {escape(_known(r.agency))}</p>",
             "<p><b>Victim</b>: " + escape("; ".join([
                 _known(v.name), f"born {_known(v.date_of_birth)}", f"address {_known(v.address)}",
                 f"phone {_known(v.phone)} (safe to call: {_known(v.safe_to_call)})",
                 f"gender {_known(v.gender, 'gender')}", f"ethnicity {_known(v.ethnicity, 'ethnicity')}",
                 f"disability {_known(v.disability, 'disability')}", f"LGBT+ {_known(v.lgbt_plus, 'lgbt_plus')}",
                 f"language {_known(v.first_language)} (interpreter: {_known(v.interpreter_needed)})"])) + "</p>"]
    for i, p in enumerate(form.perpetrators, 1):
        parts.append(f"<p><b>Perpetrator {i}</b>: " + escape("; ".join([
            _known(p.name), f"born {_known(p.date_of_birth)}", f"relationship {_known(p.relationship_to_victim)}",
            f"address {_known(p.address)}"])) + "</p>")
    for i, c in enumerate(form.children, 1):
        parts.append(f"<p><b>Child {i}</b>: " + escape("; ".join([
            _known(c.name), f"born {_known(c.date_of_birth)}", f"to the victim: {_known(c.relationship_to_victim)}",
            f"to the perpetrator: {_known(c.relationship_to_perpetrator)}", f"school {_known(c.school)}"])) + "</p>")
    if form.risk_level:
        parts.append(f"<p><b>Risk level</b>: {escape(level_words(form.risk_level))}</p>")
    if form.criteria:
        parts.append("<p><b>MARAC criteria met</b> (from the stored result):</p><ul>" + "".join(
            f"<li>{escape(c.name)}{': ' + escape(c.reason) if c.reason else ''}</li>" for c in form.criteria) + "</ul>")
    if form.pathway:
        parts.append("<p><b>DAPP pathway</b>:</p><ul>" + "".join(
            f"<li>{escape(s.name)}: {escape(s.reason)}</li>" for s in form.pathway) + "</ul>")
    if form.household:
        parts.append("<p><b>Household picture</b>:</p><ul>" + "".join(
            f"<li>{escape(line)}</li>" for line in form.household) + "</ul>")
    parts.append("<p><b>Rests on</b>:</p><ul>" + "".join(
        f"<li>{escape(a.title)} of {escape(_known(a.assessed_on))}: {escape(a.summary)}</li>"
        for a in form.rests_on) + "</ul>")
    return "".join(parts)


class _Words(QLabel):
    """Wrapping words that tick their check box when clicked."""

    def __init__(self, words: str, box: QCheckBox) -> None:
        super().__init__(words)
        self.box = box
        self.setWordWrap(True)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt's name
        if self.box.isEnabled():
            self.box.toggle()
        event.accept()


class WrappedCheck(QWidget):
    """A check box whose words wrap (a law's long name is read whole, never cut); a click on the
    words ticks it too."""

    def __init__(self, words: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.box.setAccessibleName(words)
        self.words = _Words(words, self.box)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.words, 1)


class SharingBox(QGroupBox):
    """Whether the victim knows, consent, and without it the lawful basis (the practitioner's, never guessed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Knowledge, consent and the lawful basis for sharing", parent)
        form = QFormLayout(self)
        self.aware = choice("The victim knows of the referral", {True: "Yes", False: "No"}, None)
        form.addRow(self._label("The victim &knows of the referral:", self.aware), self.aware)
        self.not_aware_why = QLineEdit()
        self.not_aware_why.setAccessibleName("Why the victim does not know")
        form.addRow(self._label("Why not:", self.not_aware_why), self.not_aware_why)
        self.consent_yes = QRadioButton("&Yes")
        self.consent_no = QRadioButton("N&o")
        self.consent_group = QButtonGroup(self)
        for button in (self.consent_yes, self.consent_no):
            self.consent_group.addButton(button)
        row = QHBoxLayout()
        row.addWidget(self.consent_yes)
        row.addWidget(self.consent_no)
        row.addStretch(1)
        consent = QWidget()
        consent.setAccessibleName("The victim consents to the referral")
        consent.setLayout(row)
        form.addRow(QLabel("The victim consents:"), consent)
        self.no_consent_why = QLineEdit()
        self.no_consent_why.setAccessibleName("Why there is no consent")
        form.addRow(self._label("Why no consent:", self.no_consent_why), self.no_consent_why)
        self.basis_box = QGroupBox("Without consent: the lawful basis (one or more)")
        basis = QVBoxLayout(self.basis_box)
        self.bases: dict[LawfulBasis, QCheckBox] = {}
        for key, words in LAWFUL_BASIS_WORDS.items():
            line = WrappedCheck(words)
            basis.addWidget(line)
            self.bases[key] = line.box
        self.protocol_name = QLineEdit()
        self.protocol_name.setAccessibleName("The local information sharing protocol, by name")
        self.protocol_name.setPlaceholderText("the local information sharing protocol, by name")
        self.basis_note = QLineEdit()
        self.basis_note.setAccessibleName("The basis in your own words")
        self.basis_note.setPlaceholderText("the basis in your own words (for “Other”, or to add to it)")
        basis.addWidget(self.protocol_name)
        basis.addWidget(self.basis_note)
        form.addRow(self.basis_box)
        self.consent_no.toggled.connect(lambda _on: self._update())
        self.aware.currentIndexChanged.connect(lambda _i: self._update())
        self._update()

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _update(self) -> None:
        no = self.consent_no.isChecked()
        self.basis_box.setEnabled(no)
        self.no_consent_why.setEnabled(no)
        self.not_aware_why.setEnabled(self.aware.currentData() is False)

    def sharing(self) -> Sharing:
        consent = True if self.consent_yes.isChecked() else False if self.consent_no.isChecked() else None
        without = consent is False
        return Sharing(
            victim_aware=self.aware.currentData(),
            not_aware_why=_text(self.not_aware_why) if self.aware.currentData() is False else None,
            consent=consent,
            no_consent_why=_text(self.no_consent_why) if without else None,
            lawful_basis=tuple(k for k, box in self.bases.items() if box.isChecked()) if without else (),
            protocol_name=_text(self.protocol_name) if without else None,
            basis_note=_text(self.basis_note) if without else None,
        )


class ReferralFormDialog(QDialog):
    """The referral form for ``offer``. ``made(referral id)`` once it is signed and stored."""

    made = Signal(int)

    def __init__(self, store: Store, case_id: int, offer: ReferralOffer, parent: QWidget | None = None, *,
                 registry: Registry, today: dt.date, profile: Profile) -> None:
        super().__init__(parent)
        self.store = store
        self.case_id = case_id
        self.offer = offer
        self.registry = registry
        self.profile = profile
        self.referral_id: int | None = None
        self.saved = ""  # what became of the offer to save the signed PDF, in words
        self.notes: tuple[str, ...] = ()  # what signing did besides (an identity made, a report signed)
        case = store.cases.get(case_id)
        record = store.assessments.get(offer.assessment_id)
        signed = frozenset(a.id for a in case.assessments if a.status == "signed")
        self.base = prefill(offer.kind, case, store.practitioner(), assessment=record, referred_on=today,
                            signed=signed, registry=registry)  # the referrer's phone and email: the profile's
        self.setWindowTitle(self.base.title)  # never a name or a case
        self.setAccessibleName(self.base.title)
        self._build(today)
        self._lay_out()
        self._fit_screen()
        self.update_state()

    def _build(self, today: dt.date) -> None:
        self.reason = QLabel(self.offer.reason)
        self.reason.setWordWrap(True)
        self.case_view = QTextBrowser()
        self.case_view.setAccessibleName("What the case and the assessment say")
        self.case_view.setHtml(case_html(self.base))
        self.missing_view = QLabel()
        self.missing_view.setWordWrap(True)
        self.missing_view.setAccessibleName("Missing details")
        self.missing_view.setTextFormat(Qt.TextFormat.PlainText)
        self.referred_on = DateEntry(today, name="Referred on", today=today)
        self.referrer_phone = QLineEdit(self.base.referrer.phone or "")  # the practitioner's profile's
        self.referrer_phone.setAccessibleName("Your phone")
        self.referrer_email = QLineEdit(self.base.referrer.email or "")
        self.referrer_email.setAccessibleName("Your email")
        self.sharing_box = SharingBox()
        self.afraid_of = GrowingTextBox(name="Whom the victim is afraid of", placeholder="names and why")
        self.afraid_of.set_text(self.base.afraid_of or "")
        self.safe_to_contact = GrowingTextBox(name="Who is safe to contact", placeholder="people and numbers")
        self.not_safe_to_contact = GrowingTextBox(name="Who is not safe to contact", placeholder="people")
        self.previous_where = QLineEdit()
        self.previous_where.setAccessibleName("Where the last MARAC was heard")
        self.previous_where.setEnabled(bool(self.base.previous_marac))
        self.other_agencies = GrowingTextBox(name="Other agencies involved", placeholder="one a line")
        self.other_agencies.set_text("\n".join(self.base.other_agencies))
        for widget in (self.referrer_phone, self.referrer_email, self.previous_where):
            widget.textChanged.connect(lambda _t: self.update_state())
        for box in (self.afraid_of, self.safe_to_contact, self.not_safe_to_contact, self.other_agencies):
            box.textChanged.connect(self.update_state)
        self.sharing_box.consent_group.buttonToggled.connect(lambda *_a: self.update_state())
        self.sharing_box.aware.currentIndexChanged.connect(lambda _i: self.update_state())
        for check in self.sharing_box.bases.values():
            check.toggled.connect(lambda _on: self.update_state())
        for edit in (self.sharing_box.protocol_name, self.sharing_box.basis_note, self.sharing_box.no_consent_why,
                     self.sharing_box.not_aware_why):
            edit.textChanged.connect(lambda _t: self.update_state())
        self.faults = QLabel()
        self.faults.setWordWrap(True)
        self.faults.setStyleSheet("color: #b00020; font-weight: bold;")
        self.faults.setAccessibleName("What the referral cannot go without")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.sign_button: QPushButton = self.buttons.addButton("&Sign and store referral",
                                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.sign_button.setAutoDefault(False)  # never the default button
        self.sign_button.clicked.connect(lambda _c=False: self.sign_and_store())

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.reason)
        left.addWidget(QLabel("From the case (correct a detail in the household; the criteria are the result's):"))
        left.addWidget(self.case_view, 3)
        left.addWidget(QLabel("Not recorded (printed “not known” and listed on the first page):"))
        self.missing_view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        missing_scroll = QScrollArea()
        missing_scroll.setWidgetResizable(True)
        missing_scroll.setWidget(self.missing_view)
        left.addWidget(missing_scroll, 1)
        right_page = QWidget()
        right = QFormLayout(right_page)
        for text, widget in (("&Referred on:", self.referred_on), ("Your &phone:", self.referrer_phone),
                             ("Your &email:", self.referrer_email)):
            label = QLabel(text)
            label.setBuddy(widget.focusProxy() or widget)
            right.addRow(label, widget)
        right.addRow(self.sharing_box)
        for words, box in (("Whom the victim is &afraid of:", self.afraid_of),
                           ("Safe to &contact:", self.safe_to_contact),
                           ("&Not safe to contact:", self.not_safe_to_contact),
                           ("Last MARAC heard &where:", self.previous_where),
                           ("Other a&gencies involved:", self.other_agencies)):
            buddy = QLabel(words)
            buddy.setBuddy(box)
            right.addRow(buddy, box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # everything wraps
        scroll.setWidget(right_page)
        columns = QHBoxLayout()
        columns.addLayout(left, 4)
        columns.addWidget(scroll, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.faults)
        layout.addWidget(self.buttons)

    def _fit_screen(self) -> None:
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 1280, 740
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 40)
        self.resize(width, height)

    # --- the form ------------------------------------------------------------------------------------

    def form(self) -> ReferralForm:
        """The form as it stands: the prefill, with what was typed here (a bad date: DateError)."""
        base = self.base
        previous = base.previous_marac
        where = _text(self.previous_where)
        if previous and where:
            previous = (dataclasses.replace(previous[0], where=where), *previous[1:])
        agencies = tuple(line.strip() for line in self.other_agencies.toPlainText().splitlines() if line.strip())
        return dataclasses.replace(
            base,
            referred_on=self.referred_on.date() or base.referred_on,
            referrer=dataclasses.replace(base.referrer, phone=_text(self.referrer_phone),
                                         email=_text(self.referrer_email)),
            sharing=self.sharing_box.sharing(),
            afraid_of=_text(self.afraid_of),
            safe_to_contact=_text(self.safe_to_contact),
            not_safe_to_contact=_text(self.not_safe_to_contact),
            previous_marac=previous,
            other_agencies=agencies,
        )

    def update_state(self) -> list[str]:
        """Show what is missing and what stops the referral; the faults, in words."""
        try:
            form = self.form()
        except DateError as exc:
            said = [f"Referred on: {exc}"]
            self.faults.setText("Cannot be signed yet: " + "; ".join(said))
            self.sign_button.setEnabled(False)
            return said
        gaps = missing(form)
        self.missing_view.setText("\n".join(f"• {m.label}" for m in gaps) or "Nothing: every detail is recorded.")
        said = [f.message for f in required_faults(form)]
        self.faults.setText(("Cannot be signed yet: " + "; ".join(said) + ".") if said else "")
        self.faults.setVisible(bool(said))
        self.sign_button.setEnabled(not said)
        return said

    def sign_and_store(self) -> int | None:
        """Sign the referral (``reports.referral.sign_from_store``: the signed reports it rests on
        attached), keep it in the case (status proposed, with its form and signed PDF) and offer to
        save the PDF; refused, in words, while a required detail is missing."""
        from dash_desktop.reports.referral import ReferralRefused, keep, sign_from_store
        from dash_desktop.reports.stored import SigningError

        if self.update_state():
            return None
        form = self.form()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            signed = sign_from_store(self.store, form)
            referral, document = keep(self.store, form, f"{form.kind.value}-referral.pdf", signed.pdf)
        except (StoreError, SigningError, ReferralRefused) as exc:
            self.faults.setText(f"Not made: {exc}. Nothing was sent; the form is as you left it, try again.")
            self.faults.show()
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.referral_id = referral.id
        self.notes = signed.notes
        self.saved = save_document(self, self.store, referral.id, document.id)
        self.made.emit(referral.id)
        self.accept()
        return referral.id
