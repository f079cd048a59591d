"""One case: the household, the chronology of assessments, referrals and notes, the risk trajectory,
and the way into a new or unfinished assessment.

Dialogs are opened with ``open()`` (window-modal, no nested event loop) and write to the store only
when accepted; a refusal from the store (a missing name, say) is shown in the dialog in words, and
the dialog stays open so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QDate, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.assessment.rules import CRITERION_NAMES
from dash_desktop.forms.result_panel import LEVEL_COLOURS
from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store, StoreError
from dash_desktop.store.links import SerialPerpetratorLink
from dash_desktop.store.records import AssessmentRecord, CaseRecord, PersonRecord
from dash_desktop.store.vocabulary import EQUALITY_FIELDS, AssessmentStatus, Role
from dash_desktop.ui.case_list import NOT_ASSESSED, RISK_LEVELS, STATUSES, format_date
from dash_desktop.ui.perpetrator_record import PerpetratorRecord
from dash_desktop.ui.widgets import EQUALITY_NAMES, REFERRAL_NAMES, REFERRAL_STATUS_NAMES, ActivatingTree

ROLE_NAMES = {
    Role.VICTIM.value: "Adult victim",
    Role.PERPETRATOR.value: "Perpetrator",
    Role.CHILD.value: "Child",
    Role.OTHER_DEPENDANT.value: "Other dependant",
}
ASSESSMENT_STATUS_NAMES = {"draft": "draft", "completed": "completed", "signed": "completed and signed"}
#: The levels on the chart, bottom to top.
CHART_LEVELS = ("standard", "medium", "high")


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _date_edit(day: dt.date, name: str) -> QDateEdit:
    edit = QDateEdit(_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setAccessibleName(name)
    return edit


def _level_words(level: str | None) -> str:
    return RISK_LEVELS.get(level or "", level or NOT_ASSESSED)


def _assessment_day(a: AssessmentRecord) -> dt.date:
    if a.assessed_on is not None:
        return a.assessed_on
    moment = a.completed_at or a.created_at
    return moment.astimezone().date()


# --- dialogs --------------------------------------------------------------------------------------------


class _StoreDialog(QDialog):
    """OK runs ``save()``; a StoreError keeps the dialog open with the message shown in words."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setAccessibleName("Problem")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def add_row(self, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        self.form.addRow(label, widget)

    def save(self) -> None:
        raise NotImplementedError

    def _try_save(self) -> None:
        try:
            self.save()
        except StoreError as exc:
            self.error.setText(f"Not saved: {exc}")
            self.error.show()
            return
        self.accept()


class CaseDialog(_StoreDialog):
    """A new case (``case`` None; the new id is in ``saved_case_id`` once accepted), or an edit of
    one's reference, area, review date and status."""

    def __init__(self, store: Store, case: CaseRecord | None = None, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__("Edit case" if case else "New case", parent)
        self.store = store
        self.case = case
        self.saved_case_id: int | None = case.id if case else None
        today = today or dt.date.today()
        self.reference = QLineEdit(case.reference if case else "")
        self.reference.setAccessibleName("Case reference")
        self.reference.setPlaceholderText("For example HX-2026-0042")
        self.add_row("&Reference:", self.reference)
        self.area = QLineEdit(case.area or "" if case else "")
        self.area.setAccessibleName("Area")
        self.add_row("&Area:", self.area)
        self.review_known = QCheckBox("Re&view date")
        self.review_known.setAccessibleName("Review date set")
        review = case.review_on if case and case.review_on else today + dt.timedelta(days=28)
        self.review_on = _date_edit(review, "Review date")
        self.review_known.toggled.connect(self.review_on.setEnabled)
        self.review_known.setChecked(bool(case and case.review_on))
        self.review_on.setEnabled(self.review_known.isChecked())
        self.form.addRow(self.review_known, self.review_on)
        self.status = QComboBox()
        self.status.setAccessibleName("Case status")
        for value, words in STATUSES.items():
            self.status.addItem(words, value)
        self.status.setCurrentIndex(max(0, self.status.findData(case.status if case else "open")))
        self.add_row("Stat&us:", self.status)
        if case is None:
            self.status.setEnabled(False)  # a new case is open

    def save(self) -> None:
        review = _pydate(self.review_on.date()) if self.review_known.isChecked() else None
        area = self.area.text().strip() or None
        if self.case is None:
            self.saved_case_id = self.store.cases.add(self.reference.text(), area=area, review_on=review).id
        else:
            self.store.cases.update(self.case.id, reference=self.reference.text().strip(), area=area,
                                    review_on=review, status=str(self.status.currentData()))


class PersonDialog(_StoreDialog):
    """Add a person to the household, or edit one (``person`` given)."""

    def __init__(self, store: Store, case_id: int, person: PersonRecord | None = None, parent: QWidget | None = None,
                 *, role: str | None = None) -> None:
        super().__init__("Edit person" if person else "Add person", parent)
        self.store = store
        self.case_id = case_id
        self.person = person
        self.role = QComboBox()
        self.role.setAccessibleName("Role in the household")
        for value, words in ROLE_NAMES.items():
            self.role.addItem(words, value)
        chosen = person.role if person else (role or Role.VICTIM.value)
        self.role.setCurrentIndex(max(0, self.role.findData(chosen)))
        self.add_row("&Role:", self.role)
        self.name = QLineEdit(person.name if person else "")
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("Full name, or a placeholder such as “Child 1”")
        self.add_row("&Name:", self.name)
        self.dob_known = QCheckBox("&Date of birth known")
        self.dob_known.setAccessibleName("Date of birth known")
        self.dob = _date_edit(person.date_of_birth if person and person.date_of_birth else dt.date(2000, 1, 1),
                              "Date of birth")
        self.dob_known.toggled.connect(self.dob.setEnabled)
        self.dob_known.setChecked(bool(person and person.date_of_birth))
        self.dob.setEnabled(self.dob_known.isChecked())
        self.form.addRow(self.dob_known, self.dob)
        group = QGroupBox("Equality monitoring (optional)")
        equality = QFormLayout(group)
        self.equality: dict[str, QLineEdit] = {}
        for field, words in EQUALITY_NAMES.items():
            edit = QLineEdit(getattr(person, field) or "" if person else "")
            edit.setAccessibleName(words)
            label = QLabel(f"{words}:")
            label.setBuddy(edit)
            equality.addRow(label, edit)
            self.equality[field] = edit
        self.form.addRow(group)

    def save(self) -> None:
        fields: dict[str, Any] = {f: (e.text().strip() or None) for f, e in self.equality.items()}
        dob = _pydate(self.dob.date()) if self.dob_known.isChecked() else None
        role = str(self.role.currentData())
        if self.person is None:
            self.store.people.add(self.case_id, role, self.name.text(), date_of_birth=dob, **fields)
        else:
            self.store.people.update(self.person.id, role=role, name=self.name.text(), date_of_birth=dob, **fields)


class NoteDialog(_StoreDialog):
    def __init__(self, store: Store, case_id: int, parent: QWidget | None = None, *, today: dt.date) -> None:
        super().__init__("Add note", parent)
        self.store = store
        self.case_id = case_id
        self.happened_on = _date_edit(today, "Date of the event")
        self.add_row("&Date:", self.happened_on)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Note text")
        self.text.setTabChangesFocus(True)
        self.add_row("&Note:", self.text)

    def save(self) -> None:
        self.store.records.add_note(self.case_id, self.text.toPlainText(), happened_on=_pydate(self.happened_on.date()))


class ReferralDialog(_StoreDialog):
    def __init__(self, store: Store, case_id: int, parent: QWidget | None = None, *, today: dt.date) -> None:
        super().__init__("Add referral", parent)
        self.store = store
        self.case_id = case_id
        self.kind = QComboBox()
        self.kind.setAccessibleName("Referral to")
        for value, words in REFERRAL_NAMES.items():
            self.kind.addItem(words, value)
        self.add_row("Referral &to:", self.kind)
        self.status = QComboBox()
        self.status.setAccessibleName("Referral status")
        for value, words in REFERRAL_STATUS_NAMES.items():
            self.status.addItem(words, value)
        self.add_row("Stat&us:", self.status)
        self.referred_on = _date_edit(today, "Referred on")
        self.add_row("&Referred on:", self.referred_on)
        self.meeting_known = QCheckBox("&Meeting date")
        self.meeting_known.setAccessibleName("Meeting date known")
        self.meeting_on = _date_edit(today + dt.timedelta(days=14), "Meeting date")
        self.meeting_on.setEnabled(False)
        self.meeting_known.toggled.connect(self.meeting_on.setEnabled)
        self.form.addRow(self.meeting_known, self.meeting_on)
        self.detail = QPlainTextEdit()
        self.detail.setAccessibleName("Referral details")
        self.detail.setTabChangesFocus(True)
        self.detail.setMaximumHeight(90)
        self.add_row("&Details:", self.detail)

    def save(self) -> None:
        self.store.records.add_referral(
            self.case_id,
            str(self.kind.currentData()),
            status=str(self.status.currentData()),
            referred_on=_pydate(self.referred_on.date()),
            meeting_on=_pydate(self.meeting_on.date()) if self.meeting_known.isChecked() else None,
            detail=self.detail.toPlainText().strip() or None,
        )


class NewAssessmentDialog(QDialog):
    """Choose the questionnaire, and whether to start from the answers of the last one of its kind."""

    def __init__(self, registry: Registry, assessments: list[AssessmentRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New assessment")
        self.setAccessibleName("New assessment")
        self._completed = sorted(
            (a for a in assessments if a.status != AssessmentStatus.DRAFT.value),
            key=lambda a: (_assessment_day(a), a.id),
        )
        self.questionnaire = QComboBox()
        self.questionnaire.setAccessibleName("Questionnaire")
        for q in registry.latest():
            self.questionnaire.addItem(f"{q.title} (version {q.version})", q.id)
        self.prefill = QCheckBox()
        self.prefill.setAccessibleName("Prefill from the last assessment")
        self.questionnaire.currentIndexChanged.connect(lambda _i: self._update_prefill())
        form = QFormLayout()
        label = QLabel("&Questionnaire:")
        label.setBuddy(self.questionnaire)
        form.addRow(label, self.questionnaire)
        form.addRow(self.prefill)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Start")
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
            self.prefill.setText(f"&Prefill from the last assessment ({format_date(_assessment_day(last))}, "
                                 f"{_level_words(last.risk_level).lower()})")


# --- the household picture ----------------------------------------------------------------------------

#: The questionnaires the household picture reads.
VICTIM_DASH = "dash-ric"
PERPETRATOR_RISK_NEEDS = "perpetrator-risk-needs"
PRESENT, NOT_PRESENT, NOT_KNOWN = "Present", "Not present", "Not known"


@dataclass(frozen=True)
class Finding:
    """One source's word on one part of the toxic trio, in words."""

    state: str  # PRESENT, NOT_PRESENT or NOT_KNOWN
    detail: str  # what it rests on


@dataclass(frozen=True)
class TrioLine:
    """One part of the toxic trio: the overall state and what each assessment says."""

    topic: str
    state: str
    victim_dash: Finding
    perpetrator: Finding


@dataclass(frozen=True)
class HouseholdPicture:
    """The latest victim DASH and perpetrator risk-and-needs results side by side, read from the
    stored snapshots and answers only (never re-scored), and the toxic trio they point to."""

    victim_lines: tuple[str, ...]
    perpetrator_lines: tuple[str, ...]
    trio: tuple[TrioLine, ...]


def _latest(case: CaseRecord, questionnaire_id: str) -> AssessmentRecord | None:
    done = [a for a in case.assessments
            if a.questionnaire_id == questionnaire_id and a.status != AssessmentStatus.DRAFT.value]
    return max(done, key=lambda a: (_assessment_day(a), a.id), default=None)


def _subject(case: CaseRecord, a: AssessmentRecord) -> str:
    person = next((p for p in case.people if p.id == a.subject_person_id), None)
    return person.name if person is not None else "subject not recorded"


def _answer_finding(answers: dict[str, Any], item: str, yes: str, no: str) -> Finding:
    value = answers.get(item)
    if value == "yes":
        return Finding(PRESENT, yes)
    if value == "no":
        return Finding(NOT_PRESENT, no)
    return Finding(NOT_KNOWN, f"{item}: {'answered don’t know' if value == 'dont_know' else 'not answered'}")


def _q21_finding(answers: dict[str, Any], problems: tuple[str, ...], words: str) -> Finding:
    """DASH q21 (the abuser's drugs, alcohol or mental health) and its follow-up ``q21_which``."""
    q21 = answers.get("q21")
    which = answers.get("q21_which")
    chosen = [w for w in (which if isinstance(which, list) else [which] if which else []) if w in problems]
    if q21 == "yes" and chosen:
        return Finding(PRESENT, f"the victim says the perpetrator has problems with {words} (q21)")
    if q21 == "yes" and not which:
        return Finding(NOT_KNOWN, "the victim says the perpetrator has drug, alcohol or mental-health problems "
                                  "but not which (q21)")
    if q21 == "yes":
        return Finding(NOT_KNOWN, f"the victim named other problems, not {words} (q21)")
    if q21 == "no":
        return Finding(NOT_PRESENT, "the victim says the perpetrator has no drug, alcohol or mental-health "
                                    "problems (q21)")
    return Finding(NOT_KNOWN, f"q21: {'answered don’t know' if q21 == 'dont_know' else 'not answered'}")


def _need_finding(result: dict[str, Any], answers: dict[str, Any], needs: tuple[str, ...], words: str) -> Finding:
    """From the perpetrator assessment's stored result (``needs``: answered yes) and its stored answers:
    not present only where every one was answered no; "don't know" or no answer is not known."""
    found = [n for n in needs if n in result.get("needs", [])]
    if found:
        return Finding(PRESENT, f"a need for help with {words} ({', '.join(n.replace('_', ' ') for n in found)})")
    if all(answers.get(n) == "no" for n in needs):
        return Finding(NOT_PRESENT, f"no need recorded for {words}")
    return Finding(NOT_KNOWN, f"not known whether {words} is a need")


def _combine(*findings: Finding) -> str:
    states = {f.state for f in findings}
    if PRESENT in states:
        return PRESENT
    return NOT_KNOWN if NOT_KNOWN in states else NOT_PRESENT


def _combine_sources(a: Finding, b: Finding) -> Finding:
    """One source's two findings on a topic (say, the victim's own and the perpetrator's) as one."""
    state = _combine(a, b)
    shown = [f.detail for f in (a, b) if f.state == state] or [a.detail, b.detail]
    return Finding(state, "; ".join(shown))


NO_DASH = Finding(NOT_KNOWN, "no completed victim DASH")
NO_PERPETRATOR = Finding(NOT_KNOWN, "no completed perpetrator assessment")


def household_picture(case: CaseRecord) -> HouseholdPicture:
    """What the household picture panel shows, from the stored results (never re-scored)."""
    dash = _latest(case, VICTIM_DASH)
    perp = _latest(case, PERPETRATOR_RISK_NEEDS)
    victim_lines: list[str] = []
    if dash is None:
        victim_lines.append("No completed victim DASH yet.")
    else:
        result = dash.result or {}
        yes = dash.yes_count if dash.yes_count is not None else result.get("yes_count")
        victim_lines += [f"{format_date(_assessment_day(dash))}, {_subject(case, dash)}",
                         f"Risk level: {_level_words(dash.risk_level)}",
                         f"Yes answers: {yes if yes is not None else 'not recorded'}"
                         + (f" of {result['scored_items']}" if yes is not None and result.get("scored_items") else ""),
                         f"MARAC: {_marac_words(result.get('marac'))}"]
    perpetrator_lines: list[str] = []
    if perp is None:
        perpetrator_lines.append("No completed perpetrator risk and needs assessment yet.")
    else:
        result = perp.result or {}
        priority = result.get("priority")
        steps = [step.get("name") or step.get("id") for step in (result.get("dapp") or {}).get("pathway", [])]
        steps = steps or list(result.get("pathway", []))
        perpetrator_lines += [f"{format_date(_assessment_day(perp))}, {_subject(case, perp)}",
                              f"Risk level: {_level_words(perp.risk_level)}",
                              "Priority perpetrator: " + ("yes" if priority else "no" if priority is False
                                                          else "not recorded"),
                              "Pathway: " + ("; ".join(str(s) for s in steps) if steps else "not recorded")]

    answers = dict(dash.answers or {}) if dash is not None else {}
    perp_result = dict(perp.result or {}) if perp is not None else {}
    abuse_dash = Finding(PRESENT, f"victim DASH: {_level_words(dash.risk_level).lower()} risk") if dash else NO_DASH
    abuse_perp = (Finding(PRESENT, f"perpetrator assessment: {_level_words(perp.risk_level).lower()} risk")
                  if perp else NO_PERPETRATOR)
    if dash is not None:
        mental_dash = _combine_sources(
            _answer_finding(answers, "q5", "the victim is depressed or has suicidal thoughts (q5)",
                            "the victim is not depressed or having suicidal thoughts (q5)"),
            _q21_finding(answers, ("mental_health",), "mental health"))
        substance_dash = _q21_finding(answers, ("alcohol", "drugs"), "alcohol or drugs")
    else:
        mental_dash = substance_dash = NO_DASH
    if perp is not None:
        perp_answers = dict(perp.answers or {})
        mental_perp = _need_finding(perp_result, perp_answers, ("mental_health",), "mental health")
        substance_perp = _need_finding(perp_result, perp_answers, ("alcohol", "drugs"), "alcohol or drugs")
    else:
        mental_perp = substance_perp = NO_PERPETRATOR
    trio = (
        TrioLine("Domestic abuse", PRESENT if dash or perp else NOT_KNOWN, abuse_dash, abuse_perp),
        TrioLine("Mental health", _combine(mental_dash, mental_perp), mental_dash, mental_perp),
        TrioLine("Substance misuse", _combine(substance_dash, substance_perp), substance_dash, substance_perp),
    )
    return HouseholdPicture(tuple(victim_lines), tuple(perpetrator_lines), trio)


def _marac_words(marac: Any) -> str:
    if not isinstance(marac, dict):
        return "not recorded"
    criteria = ", ".join(CRITERION_NAMES.get(c, c) for c in marac.get("criteria", []))
    if marac.get("refer"):
        return f"refer ({criteria})" if criteria else "refer"
    if criteria:
        return f"not a referral under this area's rules (met: {criteria})"
    return "no criterion met"


def serial_flag_text(link: SerialPerpetratorLink) -> str:
    """The serial-perpetrator flag, in words (MATAC: 2 or more victims)."""
    victims = f"{link.victims} victim{'s' if link.victims != 1 else ''} known"
    if link.cases:
        refs = ", ".join(f"{c.reference}{' (closed)' if c.status == 'closed' else ''}" for c in link.cases)
        noun = "case" if len(link.cases) == 1 else "cases"
        text = (f"Serial perpetrator: {link.name} is also the perpetrator in {noun} {refs}; "
                f"{victims} across these cases.")
    else:
        text = f"Serial perpetrator: {link.name} has {victims} in this case."
    unsure = [c.reference for c in link.cases if c.possible]
    if unsure:
        text += (f" Possible match: no date of birth ({', '.join(unsure)}); the name alone matches, so check it is "
                 "the same person.")
    return text


# --- the risk chart ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskPoint:
    day: dt.date
    level: str


class RiskTrajectoryChart(QWidget):
    """Completed assessments' risk levels over time: date across, standard / medium / high up.

    Every point has its level written beside it, and the accessible description lists them all, so
    nothing depends on colour or on seeing the picture.
    """

    MARGIN_LEFT = 84
    MARGIN_RIGHT = 16
    MARGIN_TOP = 8
    MARGIN_BOTTOM = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[RiskPoint] = []
        self.setAccessibleName("Risk level over time")
        self.setMinimumSize(360, 200)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.set_points([])

    def sizeHint(self) -> QSize:
        return QSize(560, 240)

    def set_points(self, points: list[RiskPoint]) -> None:
        self.points = sorted((p for p in points if p.level in CHART_LEVELS), key=lambda p: p.day)
        if self.points:
            said = "; ".join(f"{format_date(p.day)}: {_level_words(p.level).lower()}" for p in self.points)
            self.setAccessibleDescription(f"Risk level at each completed assessment, oldest first. {said}.")
        else:
            self.setAccessibleDescription("No completed assessment with a risk level yet.")
        self.update()

    def _plot(self) -> QRectF:
        return QRectF(self.MARGIN_LEFT, self.MARGIN_TOP, max(1, self.width() - self.MARGIN_LEFT - self.MARGIN_RIGHT),
                      max(1, self.height() - self.MARGIN_TOP - self.MARGIN_BOTTOM))

    #: Space inside the axes, so that no point sits on an axis and no label runs into the dates.
    PAD_X = 44
    PAD_Y = 22

    def level_y(self, level: str) -> float:
        plot = self._plot()
        step = (plot.height() - 2 * self.PAD_Y) / (len(CHART_LEVELS) - 1)
        return plot.bottom() - self.PAD_Y - CHART_LEVELS.index(level) * step

    def point_position(self, index: int) -> QPointF:
        plot = self._plot()
        point = self.points[index]
        first, last = self.points[0].day.toordinal(), self.points[-1].day.toordinal()
        share = 0.5 if last == first else (point.day.toordinal() - first) / (last - first)
        return QPointF(plot.left() + self.PAD_X + share * (plot.width() - 2 * self.PAD_X), self.level_y(point.level))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if self.hasFocus():  # reached with Tab: show where the keyboard is
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        plot = self._plot()
        text_colour = self.palette().text().color()
        grid = QColor("#c8c8c8")
        metrics = QFontMetrics(self.font())
        for level in CHART_LEVELS:
            y = self.level_y(level)
            painter.setPen(QPen(grid, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_colour)
            label = RISK_LEVELS[level]
            painter.drawText(QRectF(4, y - 10, self.MARGIN_LEFT - 12, 20),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
        painter.setPen(QPen(text_colour, 1))
        painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        if not self.points:
            message = "No completed assessments yet"
            box = QRectF(0, 0, metrics.horizontalAdvance(message) + 16, metrics.height() + 8)
            box.moveCenter(plot.center())
            painter.fillRect(box, self.palette().base())
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), message)
            painter.end()
            return
        positions = [self.point_position(i) for i in range(len(self.points))]
        painter.setPen(QPen(QColor("#607d8b"), 2))
        for a, b in pairwise(positions):
            painter.drawLine(a, b)
        bold = QFont(self.font())
        bold.setBold(True)
        last_label_right = -1e9
        for point, pos in zip(self.points, positions, strict=True):
            colour = QColor(LEVEL_COLOURS.get(point.level, "#000000"))
            painter.setPen(QPen(text_colour, 1))
            painter.setBrush(colour)
            painter.drawEllipse(pos, 5.5, 5.5)
            painter.setFont(bold)
            painter.setPen(colour.darker(120))
            word = RISK_LEVELS[point.level]
            painter.drawText(QRectF(pos.x() - 50, pos.y() - 24, 100, 16), int(Qt.AlignmentFlag.AlignCenter), word)
            painter.setFont(self.font())
            painter.setPen(text_colour)
            date_text = format_date(point.day)
            width = metrics.horizontalAdvance(date_text)
            left = pos.x() - width / 2
            if left > last_label_right + 6:  # dates that would overlap are left to the description
                painter.drawText(QRectF(left, plot.bottom() + 6, width + 2, 18), int(Qt.AlignmentFlag.AlignLeft),
                                 date_text)
                last_label_right = left + width
        painter.end()


# --- the view ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChronologyEntry:
    day: dt.date
    order: dt.datetime
    kind: str  # "assessment", "referral" or "note"
    entity_id: int
    title: str
    detail: str


class CaseView(QWidget):
    """A case. ``start_assessment(case id, questionnaire id, prefill assessment id or None)`` and
    ``open_assessment(assessment id)`` ask the app to show the assessment page; ``back`` asks for
    the case list again; ``open_case(case id)`` asks for another case (one linked in a perpetrator record)."""

    start_assessment = Signal(int, str, object)
    open_assessment = Signal(int)
    back = Signal()
    open_case = Signal(int)

    def __init__(self, store: Store, case_id: int, parent: QWidget | None = None, *,
                 registry: Registry | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.case_id = case_id
        self.registry = registry or Registry.default()
        self._today = today
        self.case: CaseRecord | None = None
        self.dialog: QDialog | None = None  # the dialog open now, if any

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setAccessibleName("Case")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Case summary")

        self.back_button = QPushButton("← &Back to cases")
        self.back_button.setAccessibleName("Back to the case list")
        self.back_button.setToolTip("Back to the case list (Alt+Left)")
        self.back_button.clicked.connect(self.back)
        back_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self)
        back_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back_key.activated.connect(self.back)
        self.edit_case_button = QPushButton("Edit &case…")
        self.edit_case_button.setAccessibleName("Edit the case reference, area, review date and status")
        self.edit_case_button.clicked.connect(self.edit_case)

        # household
        self.people = ActivatingTree()
        self.people.setAccessibleName("Household")
        self.people.setHeaderLabels(["Role", "Name", "Date of birth", "Equality monitoring"])
        self.people.setRootIsDecorated(False)
        self.people.setAlternatingRowColors(True)
        # Enter or double-click: a perpetrator's record, anyone else's details.
        self.people.itemActivated.connect(lambda _item, _col: self._person_activated())
        self.people.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.add_person_button = QPushButton("&Add person…")
        self.add_person_button.setAccessibleName("Add person to the household")
        self.add_person_button.clicked.connect(lambda: self.add_person())
        self.edit_person_button = QPushButton("&Edit person…")
        self.edit_person_button.setAccessibleName("Edit the selected person")
        self.edit_person_button.clicked.connect(self.edit_person)
        self.perpetrator_record_button = QPushButton("Perpe&trator record…")
        self.perpetrator_record_button.setAccessibleName("Perpetrator record of the selected perpetrator")
        self.perpetrator_record_button.setToolTip("Their cases, victims, assessments over time, referrals and "
                                                  "engagement (Enter on a perpetrator's row)")
        self.perpetrator_record_button.clicked.connect(self.perpetrator_record)
        people_label = QLabel("&Household:")
        people_label.setBuddy(self.people)

        # chronology
        self.chronology = ActivatingTree()
        self.chronology.setAccessibleName("Chronology, newest first")
        self.chronology.setHeaderLabels(["Date", "Entry", "Details"])
        self.chronology.setRootIsDecorated(False)
        self.chronology.setAlternatingRowColors(True)
        self.chronology.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.chronology.itemActivated.connect(self._chronology_activated)
        self.chronology.setWordWrap(True)
        self.chronology.setUniformRowHeights(False)
        self.chronology.setColumnWidth(1, 380)
        self.chronology.header().setStretchLastSection(True)
        self.chronology.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_note_button = QPushButton("Add n&ote…")
        self.add_note_button.setAccessibleName("Add note to the chronology")
        self.add_note_button.clicked.connect(self.add_note)
        self.add_referral_button = QPushButton("Add re&ferral…")
        self.add_referral_button.setAccessibleName("Add referral")
        self.add_referral_button.clicked.connect(self.add_referral)
        chronology_label = QLabel("Chronolo&gy (newest first):")
        chronology_label.setBuddy(self.chronology)

        # assessments
        self.chart = RiskTrajectoryChart()
        chart_label = QLabel("Victim's risk level over time (the perpetrator's is in the household picture):")
        chart_label.setWordWrap(True)
        chart_label.setBuddy(self.chart)
        self.new_assessment_button = QPushButton("&New assessment…")
        self.new_assessment_button.setAccessibleName("New assessment")
        self.new_assessment_button.clicked.connect(self.new_assessment)
        self.drafts = QComboBox()
        self.drafts.setAccessibleName("Unfinished assessments")
        drafts_label = QLabel("&Drafts:")
        drafts_label.setBuddy(self.drafts)
        self.resume_button = QPushButton("&Resume draft")
        self.resume_button.setAccessibleName("Resume the chosen draft")
        self.resume_button.clicked.connect(self.resume_draft)

        # serial perpetrator flags (one label per perpetrator flagged), filled by refresh()
        self.serial_box = QWidget()
        self.serial_layout = QVBoxLayout(self.serial_box)
        self.serial_layout.setContentsMargins(0, 0, 0, 0)
        self.serial_flags: list[QLabel] = []

        # household picture
        self.picture = QGroupBox("Household picture")
        self.picture.setAccessibleName("Household picture")
        self.victim_result = QLabel()
        self.victim_result.setTextFormat(Qt.TextFormat.RichText)
        self.victim_result.setWordWrap(True)
        self.victim_result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.victim_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                                   | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.perpetrator_result = QLabel()
        self.perpetrator_result.setTextFormat(Qt.TextFormat.RichText)
        self.perpetrator_result.setWordWrap(True)
        self.perpetrator_result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.perpetrator_result.setTextInteractionFlags(self.victim_result.textInteractionFlags())
        self.trio = QTreeWidget()
        self.trio.setAccessibleName("Toxic trio: domestic abuse, mental health, substance misuse")
        self.trio.setHeaderLabels(
            ["Toxic trio", "Overall", "From the victim's DASH", "From the perpetrator assessment"])
        self.trio.setRootIsDecorated(False)
        self.trio.setWordWrap(True)
        self.trio.setUniformRowHeights(False)
        self.trio.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.trio.header()
        header.setStretchLastSection(False)
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        self.trio.setMaximumHeight(self.trio.fontMetrics().lineSpacing() * 10)
        trio_label = QLabel("Toxic trio (&present, not present or not known):")
        trio_label.setBuddy(self.trio)
        self.trio_note = QLabel("Read from the stored results and answers; the DASH does not ask about the "
                                "victim's own alcohol or drug use.")
        self.trio_note.setWordWrap(True)
        pl = QVBoxLayout(self.picture)
        results_row = QHBoxLayout()
        results_row.addWidget(self.victim_result, 1)
        results_row.addWidget(self.perpetrator_result, 1)
        pl.addLayout(results_row)
        pl.addWidget(trio_label)
        pl.addWidget(self.trio, 1)
        pl.addWidget(self.trio_note)

        household_box = QWidget()
        hl = QVBoxLayout(household_box)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(people_label)
        hl.addWidget(self.people, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_person_button)
        row.addWidget(self.edit_person_button)
        row.addWidget(self.perpetrator_record_button)
        row.addStretch(1)
        hl.addLayout(row)

        assessments_box = QWidget()
        al = QVBoxLayout(assessments_box)
        al.setContentsMargins(0, 0, 0, 0)
        al.addWidget(chart_label)
        al.addWidget(self.chart, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_assessment_button)
        row.addSpacing(16)
        row.addWidget(drafts_label)
        row.addWidget(self.drafts, 1)
        row.addWidget(self.resume_button)
        al.addLayout(row)

        chronology_box = QWidget()
        cl = QVBoxLayout(chronology_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(chronology_label)
        cl.addWidget(self.chronology, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_note_button)
        row.addWidget(self.add_referral_button)
        row.addStretch(1)
        cl.addLayout(row)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(household_box)
        top.addWidget(assessments_box)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 1)
        top.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.picture)
        splitter.addWidget(chronology_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.back_button)
        heading_row.addSpacing(12)
        heading_row.addWidget(self.heading)
        heading_row.addStretch(1)
        heading_row.addWidget(self.edit_case_button)
        layout.addLayout(heading_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.serial_box)
        layout.addWidget(splitter, 1)
        self.refresh()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # --- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the case from the store and redraw everything."""
        case = self.store.cases.get(self.case_id)
        self.case = case
        self.heading.setText(f"<h2>Case {escape(case.reference)}</h2>")
        parts = [f"Area: {case.area or 'not recorded'}", f"Status: {STATUSES.get(case.status, case.status)}",
                 f"Current risk level: {_level_words(case.risk_level)}{self._level_source(case)}",
                 f"Review date: {format_date(case.review_on) or 'none set'}"]
        self.summary.setText(" · ".join(parts))
        self._fill_people(case)
        self._fill_serial_flags()
        self._fill_picture(case)
        self._fill_chronology(case)
        self.chart.set_points([
            RiskPoint(_assessment_day(a), a.risk_level)
            for a in case.assessments
            if a.status != AssessmentStatus.DRAFT.value and a.risk_level is not None
            and not self._about_perpetrator(a.questionnaire_id)  # theirs is in the household picture
        ])
        self.drafts.clear()
        drafts = sorted((a for a in case.assessments if a.status == AssessmentStatus.DRAFT.value),
                        key=lambda a: (a.updated_at, a.id), reverse=True)
        for a in drafts:
            answered = len(a.answers)
            self.drafts.addItem(f"{self._questionnaire_title(a.questionnaire_id)}, started "
                                f"{format_date(a.created_at.astimezone().date())} ({answered} answered)", a.id)
        if not drafts:
            self.drafts.addItem("No unfinished assessments", None)
        self._update_buttons()

    def _fill_people(self, case: CaseRecord) -> None:
        selected = self.selected_person_id()
        self.people.clear()
        order = list(ROLE_NAMES)
        for person in sorted(case.people, key=lambda p: (order.index(p.role) if p.role in order else 99, p.id)):
            equality = "; ".join(f"{EQUALITY_NAMES[f]}: {getattr(person, f)}" for f in EQUALITY_FIELDS
                                 if getattr(person, f))
            item = QTreeWidgetItem([ROLE_NAMES.get(person.role, person.role), person.name,
                                    format_date(person.date_of_birth), equality])
            item.setData(0, Qt.ItemDataRole.UserRole, person.id)
            item.setToolTip(3, equality)
            self.people.addTopLevelItem(item)
            if person.id == selected:
                self.people.setCurrentItem(item)
        if not case.people:
            self.people.addTopLevelItem(QTreeWidgetItem(["", "No one recorded yet: use “Add person…”", "", ""]))
        for column in range(3):
            self.people.resizeColumnToContents(column)

    def _fill_serial_flags(self) -> None:
        for label in self.serial_flags:
            self.serial_layout.removeWidget(label)
            label.deleteLater()
        self.serial_flags = []
        for link in self.store.links.for_case(self.case_id):
            if not link.serial:
                continue
            text = serial_flag_text(link)
            label = QLabel(f"⚠ {escape(text)}")
            label.setObjectName("serial_perpetrator")
            label.setWordWrap(True)
            # Reachable with Tab, so a keyboard or screen-reader user meets it too.
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            # The words carry the warning; the frame only draws the eye.
            label.setStyleSheet("QLabel { border: 2px solid #b00020; padding: 6px; font-weight: bold; }")
            label.setAccessibleName(text)
            self.serial_layout.addWidget(label)
            self.serial_flags.append(label)
        self.serial_box.setVisible(bool(self.serial_flags))

    def _fill_picture(self, case: CaseRecord) -> None:
        picture = household_picture(case)
        for label, title, lines in (
            (self.victim_result, "Latest victim DASH", picture.victim_lines),
            (self.perpetrator_result, "Latest perpetrator risk and needs", picture.perpetrator_lines),
        ):
            label.setText(f"<b>{title}</b><br>" + "<br>".join(escape(line) for line in lines))
            label.setAccessibleName(f"{title}: " + ". ".join(lines))
        self.trio.clear()
        for line in picture.trio:
            item = QTreeWidgetItem([line.topic, line.state, f"{line.victim_dash.state}: {line.victim_dash.detail}",
                                    f"{line.perpetrator.state}: {line.perpetrator.detail}"])
            for column in (2, 3):
                item.setToolTip(column, item.text(column))
            font = item.font(1)
            font.setBold(line.state == PRESENT)
            item.setFont(1, font)
            self.trio.addTopLevelItem(item)

    def chronology_entries(self) -> list[ChronologyEntry]:
        """Assessments, referrals and notes, newest first."""
        case = self.case
        assert case is not None  # noqa: S101 - refresh() ran in __init__
        entries: list[ChronologyEntry] = []
        for a in case.assessments:
            status = ASSESSMENT_STATUS_NAMES.get(a.status, a.status)
            detail = f"{status}"
            if a.status != AssessmentStatus.DRAFT.value:
                detail += f"; risk level {_level_words(a.risk_level).lower()}"
                if a.yes_count is not None and self._about_perpetrator(a.questionnaire_id):
                    detail += f", {a.yes_count} risk factor{'s' if a.yes_count != 1 else ''}"
                elif a.yes_count is not None:
                    detail += f", {a.yes_count} yes"
            if a.practitioner_name:
                detail += f"; by {a.practitioner_name}"
            entries.append(ChronologyEntry(_assessment_day(a), a.completed_at or a.created_at, "assessment", a.id,
                                           f"Assessment: {self._questionnaire_title(a.questionnaire_id)}", detail))
        for r in case.referrals:
            detail = REFERRAL_STATUS_NAMES.get(r.status, r.status)
            if r.meeting_on:
                detail += f"; meeting {format_date(r.meeting_on)}"
            if r.detail:
                detail += f"; {r.detail}"
            day = r.referred_on or r.created_at.astimezone().date()
            entries.append(ChronologyEntry(day, r.created_at, "referral", r.id,
                                           f"Referral: {REFERRAL_NAMES.get(r.kind, r.kind)}", detail))
        for n in case.notes:
            day = n.happened_on or n.created_at.astimezone().date()
            author = f" ({n.author})" if n.author else ""
            entries.append(ChronologyEntry(day, n.created_at, "note", n.id, f"Note{author}",
                                           " ".join(n.text.split())))
        entries.sort(key=lambda e: (e.day, e.order, e.entity_id), reverse=True)
        return entries

    def _fill_chronology(self, case: CaseRecord) -> None:
        self.chronology.clear()
        for entry in self.chronology_entries():
            item = QTreeWidgetItem([format_date(entry.day), entry.title, entry.detail])
            item.setData(0, Qt.ItemDataRole.UserRole, (entry.kind, entry.entity_id))
            item.setToolTip(2, entry.detail)
            self.chronology.addTopLevelItem(item)
        if self.chronology.topLevelItemCount() == 0:
            self.chronology.addTopLevelItem(QTreeWidgetItem(["", "Nothing recorded yet", ""]))
        self.chronology.resizeColumnToContents(0)

    def _level_source(self, case: CaseRecord) -> str:
        """Whose level the case's current one is. The app keeps the victim's (a perpetrator's assessment
        has its own level, shown beside it); a file imported from the command line may have set it from
        a perpetrator assessment, and then the summary says so."""
        done = [a for a in case.assessments if a.status != AssessmentStatus.DRAFT.value and a.risk_level is not None
                and a.completed_at is not None]
        newest = max(done, key=lambda a: (a.completed_at, a.id), default=None)
        if newest is None or newest.risk_level != case.risk_level:
            return ""
        if self._about_perpetrator(newest.questionnaire_id):
            victims = [a for a in done if not self._about_perpetrator(a.questionnaire_id)]
            latest_victim = max(victims, key=lambda a: (a.completed_at, a.id), default=None)
            if latest_victim is None or latest_victim.risk_level != case.risk_level:
                return " (the perpetrator's, from the latest assessment)"
        return ""

    def _about_perpetrator(self, qid: str) -> bool:
        try:
            return self.registry.get(qid).subject == Role.PERPETRATOR.value
        except KeyError:
            return False

    def _questionnaire_title(self, qid: str) -> str:
        try:
            return self.registry.get(qid).title
        except KeyError:
            return qid

    def selected_person_id(self) -> int | None:
        item = self.people.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None

    def selected_perpetrator_id(self) -> int | None:
        person_id = self.selected_person_id()
        if person_id is None or self.case is None:
            return None
        person = next((p for p in self.case.people if p.id == person_id), None)
        return person_id if person is not None and person.role == Role.PERPETRATOR.value else None

    def _update_buttons(self) -> None:
        self.edit_person_button.setEnabled(self.selected_person_id() is not None)
        self.perpetrator_record_button.setEnabled(self.selected_perpetrator_id() is not None)
        has_draft = self.drafts.currentData() is not None
        self.resume_button.setEnabled(has_draft)
        self.drafts.setEnabled(has_draft)

    # --- actions ----------------------------------------------------------------------------------

    def _show(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(self.refresh)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def edit_case(self) -> QDialog:
        return self._show(CaseDialog(self.store, self.case, self, today=self.today))

    def add_person(self, role: str | None = None) -> QDialog:
        return self._show(PersonDialog(self.store, self.case_id, None, self, role=role))

    def edit_person(self) -> QDialog | None:
        person_id = self.selected_person_id()
        if person_id is None or self.case is None:
            return None
        person = next(p for p in self.case.people if p.id == person_id)
        return self._show(PersonDialog(self.store, self.case_id, person, self))

    def _person_activated(self) -> None:
        if self.selected_perpetrator_id() is not None:
            self.perpetrator_record()
        else:
            self.edit_person()

    def perpetrator_record(self) -> QDialog | None:
        """The selected perpetrator's record; a linked case activated in it is passed on as ``open_case``."""
        person_id = self.selected_perpetrator_id()
        if person_id is None:
            return None
        record = PerpetratorRecord(self.store, self.case_id, person_id, self, registry=self.registry)
        record.open_case.connect(self.open_case)
        # Read-only: nothing to refresh when it closes.
        self.dialog = record
        record.finished.connect(lambda _r: self._dialog_closed(record))
        record.open()
        return record

    def add_note(self) -> QDialog:
        return self._show(NoteDialog(self.store, self.case_id, self, today=self.today))

    def add_referral(self) -> QDialog:
        return self._show(ReferralDialog(self.store, self.case_id, self, today=self.today))

    def new_assessment(self) -> QDialog:
        dialog = NewAssessmentDialog(self.registry, list(self.case.assessments if self.case else []), self)
        dialog.accepted.connect(
            lambda: self.start_assessment.emit(self.case_id, dialog.questionnaire_id(), dialog.prefill_from()))
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def resume_draft(self) -> None:
        draft_id = self.drafts.currentData()
        if draft_id is not None:
            self.open_assessment.emit(int(draft_id))

    def _chronology_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        value = item.data(0, Qt.ItemDataRole.UserRole)
        if value and value[0] == "assessment":
            self.open_assessment.emit(int(value[1]))
