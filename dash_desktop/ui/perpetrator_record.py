"""The perpetrator record: the single-point-of-contact view of one perpetrator (Hampshire's DAPP).

Who they are, every case in which they are the perpetrator (this one and those the store links by
name and date of birth, with a name-only link called a possible match in words), their assessments
over time across those cases as stored (never re-scored), the referrals made in those cases, and
their engagement as answered in their latest perpetrator risk and needs assessment.

Read-only: nothing here writes to the store. ``open_case(case id)`` asks the app to show a linked case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store
from dash_desktop.store.records import AssessmentRecord, CaseRecord, PersonRecord
from dash_desktop.store.vocabulary import EQUALITY_FIELDS, AssessmentStatus, Role, choice_label
from dash_desktop.ui.case_list import NOT_ASSESSED, RISK_LEVELS, STATUSES, format_date
from dash_desktop.ui.screen import fitted_size, text_size
from dash_desktop.ui.widgets import EQUALITY_NAMES, REFERRAL_NAMES, ActivatingTree

PERPETRATOR_RISK_NEEDS = "perpetrator-risk-needs"
#: The items of that questionnaire that say how the person engages; named and worded by its definition.
ENGAGEMENT_ITEMS = ("motivation", "justice_route")
#: The window's title: never the person's name, nor a case's reference (the screen may be seen or shared).
TITLE = "Perpetrator record"
#: The size it opens at, in characters and lines of its font (about 1100 x 900 pixels at 9 points).
PREFERRED_CHARACTERS, PREFERRED_LINES = 180, 60
#: The cases and referrals tables show this many rows before they scroll.
FEW_ROWS = 6
THIS_CASE = "This case"
SAME_PERSON = "Same name and date of birth"
POSSIBLE_MATCH = "Possible match: the name alone matches (no date of birth); check it is the same person"
NOT_RECORDED = "not recorded"


def _level_words(level: str | None) -> str:
    return RISK_LEVELS.get(level or "", level or NOT_ASSESSED)


def _assessment_day(a: AssessmentRecord) -> dt.date:
    if a.assessed_on is not None:
        return a.assessed_on
    return (a.completed_at or a.created_at).astimezone().date()


def pathway_names(result: Mapping[str, Any] | None) -> list[str]:
    """The pathway step names in the stored result snapshot (never re-scored)."""
    result = result or {}
    steps = [str(step.get("name") or step.get("id")) for step in (result.get("dapp") or {}).get("pathway", [])
             if isinstance(step, dict)]
    return steps or [str(s) for s in result.get("pathway", [])]


def priority_words(result: Mapping[str, Any] | None) -> str:
    priority = (result or {}).get("priority")
    return "Yes" if priority is True else "No" if priority is False else NOT_RECORDED.capitalize()


@dataclass(frozen=True)
class RecordCase:
    case_id: int
    reference: str
    status: str
    person_id: int  # the perpetrator's person row in that case
    victims: tuple[str, ...]
    match: str  # THIS_CASE, SAME_PERSON or POSSIBLE_MATCH
    possible: bool


def _table(name: str, headers: list[str], activating: bool = False) -> QTreeWidget:
    tree = ActivatingTree() if activating else QTreeWidget()
    tree.setAccessibleName(name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setWordWrap(True)
    tree.setUniformRowHeights(False)
    tree.header().setStretchLastSection(True)
    return tree


def _rows_height(tree: QTreeWidget, rows: int) -> int:
    """The height that shows the header and the first ``rows`` rows of ``tree`` whole."""
    tree.ensurePolished()
    shown = sum(tree.sizeHintForRow(i) for i in range(min(rows, tree.topLevelItemCount())))
    scroll_bar = tree.horizontalScrollBar().sizeHint().height()  # when the columns are wider than the view
    return tree.header().sizeHint().height() + shown + scroll_bar + 2 * tree.frameWidth()


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _section(title: str, mnemonic_label: str, table: QTreeWidget) -> QWidget:
    box = QWidget()
    box.setAccessibleName(title)
    label = _heading(mnemonic_label)
    label.setBuddy(table)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addWidget(table, 1)
    return box


class PerpetratorRecord(QDialog):
    """One perpetrator across every case they are linked to. ``open_case(case id)`` is emitted when
    the user activates a linked case other than the one this record was opened from."""

    open_case = Signal(int)

    def __init__(self, store: Store, case_id: int, person_id: int, parent: QWidget | None = None, *,
                 registry: Registry | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.case_id = case_id
        self.person_id = person_id
        self.registry = registry or Registry.default()
        self._load()
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setModal(True)

        self.summary = self._summary()
        self.identity = self._identity()
        cases_box = self._cases()
        assessments_box = self._assessment_history()
        referrals_box = self._referral_history()
        engagement_box = self._engagement()
        for table in (self.case_table, self.assessment_table, self.referral_table):
            header = table.header()
            for column in range(table.columnCount() - 1):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The pathway's steps are never cut or wrapped: the table scrolls sideways when they do not fit.
        self.assessment_table.header().setStretchLastSection(False)
        self.assessment_table.header().setSectionResizeMode(5, QHeaderView.ResizeMode.ResizeToContents)
        # The cases and referrals take the rows they have (up to a few); the assessments, the rest.
        for table in (self.case_table, self.referral_table):
            table.setMaximumHeight(_rows_height(table, FEW_ROWS))
        self.assessment_table.setMinimumHeight(_rows_height(self.assessment_table, 1))

        body = QWidget()
        parts = QVBoxLayout(body)
        parts.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in ((self.summary, 0), (self.identity, 0), (cases_box, 0), (assessments_box, 1),
                                (referrals_box, 0), (engagement_box, 0)):
            parts.addWidget(widget, stretch)
        scroll = QScrollArea()  # at a large font on a small screen the record scrolls; nothing is squeezed
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(fitted_size(self, text_size(self, PREFERRED_CHARACTERS, PREFERRED_LINES)))
        self.case_table.setFocus()

    def _load(self) -> None:
        """The person, the cases they are linked to, and those cases' assessments and referrals."""
        case = self.store.cases.get(self.case_id)
        person = next((p for p in case.people if p.id == self.person_id), None)
        if person is None or person.role != Role.PERPETRATOR.value:
            raise ValueError(f"person {self.person_id} is not a perpetrator in case {case.reference}")
        self.person: PersonRecord = person
        link = next((lk for lk in self.store.links.for_case(self.case_id) if lk.person_id == self.person_id), None)
        loaded: list[tuple[CaseRecord, int, str, bool]] = [(case, self.person_id, THIS_CASE, False)]
        for linked in link.cases if link is not None else ():
            loaded.append((self.store.cases.get(linked.case_id), linked.person_id,
                           POSSIBLE_MATCH if linked.possible else SAME_PERSON, linked.possible))
        self.cases = [
            RecordCase(c.id, c.reference, c.status, pid,
                       tuple(p.name for p in c.people if p.role == Role.VICTIM.value), match, possible)
            for c, pid, match, possible in loaded
        ]
        self.victim_count = link.victims if link is not None else len(self.cases[0].victims)
        # the assessments of this person (their person row in each case), completed ones only, oldest first
        self.assessments: list[tuple[AssessmentRecord, str]] = sorted(
            ((a, c.reference) for c, pid, _m, _p in loaded for a in c.assessments
             if a.subject_person_id == pid and a.status != AssessmentStatus.DRAFT.value),
            key=lambda pair: (_assessment_day(pair[0]), pair[0].completed_at or pair[0].created_at, pair[0].id))
        self.referrals = sorted(
            ((r, c.reference) for c, _pid, _m, _p in loaded for r in c.referrals),
            key=lambda pair: (pair[0].referred_on or pair[0].created_at.astimezone().date(), pair[0].id))

    def _summary(self) -> QLabel:
        noun = "case" if len(self.cases) == 1 else "cases"
        victims = f"{self.victim_count} victim{'s' if self.victim_count != 1 else ''}"
        summary = QLabel(f"The perpetrator in {len(self.cases)} {noun}; {victims} known across them."
                         + (" Some links rest on the name alone: see “Possible match” below."
                            if any(c.possible for c in self.cases) else ""))
        summary.setWordWrap(True)
        summary.setAccessibleName(summary.text())
        return summary

    def _identity(self) -> QGroupBox:
        person = self.person
        identity = QGroupBox("Identity")
        identity.setAccessibleName("Identity")
        grid = QGridLayout(identity)
        grid.setHorizontalSpacing(12)
        self.identity_values: dict[str, QLabel] = {}
        rows = [("name", "Name", person.name),
                ("date_of_birth", "Date of birth", format_date(person.date_of_birth) or NOT_RECORDED)]
        rows += [(f, EQUALITY_NAMES[f], choice_label(f, getattr(person, f)) or NOT_RECORDED) for f in EQUALITY_FIELDS]
        per_column = (len(rows) + 2) // 3  # three columns of label and value
        for index, (key, title, value) in enumerate(rows):
            shown = QLabel(str(value))
            shown.setAccessibleName(f"{title}: {value}")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            label = QLabel(f"{title}:")
            label.setBuddy(shown)
            row, column = index % per_column, 2 * (index // per_column)
            grid.addWidget(label, row, column)
            grid.addWidget(shown, row, column + 1)
            self.identity_values[key] = shown
        return identity

    def _cases(self) -> QWidget:
        self.case_table = _table("Cases and victims", ["Case", "Status", "Victims", "Link to this person"],
                                 activating=True)
        for rc in self.cases:
            item = QTreeWidgetItem([rc.reference, STATUSES.get(rc.status, rc.status),
                                    ", ".join(rc.victims) or "No victim recorded", rc.match])
            item.setData(0, Qt.ItemDataRole.UserRole, rc.case_id)
            item.setToolTip(3, rc.match)
            if rc.possible:  # the words say it; bold only draws the eye
                font = item.font(3)
                font.setBold(True)
                item.setFont(3, font)
            self.case_table.addTopLevelItem(item)
        self.case_table.itemActivated.connect(self._case_activated)
        return _section("Cases and victims", "&Cases and victims (Enter or double-click on another case opens it)",
                        self.case_table)

    def _assessment_history(self) -> QWidget:
        self.assessment_table = _table("Assessments over time, oldest first",
                                       ["Date", "Case", "Questionnaire", "Risk level", "Priority", "Pathway"])
        for a, reference in self.assessments:
            steps = pathway_names(a.result) if a.questionnaire_id == PERPETRATOR_RISK_NEEDS or a.result else []
            item = QTreeWidgetItem([format_date(_assessment_day(a)), reference, self._title(a.questionnaire_id),
                                    _level_words(a.risk_level), priority_words(a.result),
                                    "\n".join(steps) if steps else NOT_RECORDED.capitalize()])
            item.setData(0, Qt.ItemDataRole.UserRole, a.id)
            item.setToolTip(5, item.text(5))
            for column in range(6):  # the row reads from the top when the pathway takes several lines
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.assessment_table.addTopLevelItem(item)
        if not self.assessments:
            self.assessment_table.addTopLevelItem(QTreeWidgetItem(["", "", "No completed assessment of this person"]))
        return _section("Assessments over time", "&Assessments of this person, oldest first "
                        "(as stored when completed; pathway steps one to a line)", self.assessment_table)

    def _referral_history(self) -> QWidget:
        self.referral_table = _table("Referrals in these cases",
                                     ["Referred on", "Case", "Referral", "Status", "Meeting on", "Details"])
        for r, reference in self.referrals:
            item = QTreeWidgetItem([format_date(r.referred_on) or NOT_RECORDED, reference,
                                    REFERRAL_NAMES.get(r.kind, r.kind), r.status.capitalize(),
                                    format_date(r.meeting_on), " ".join((r.detail or "").split())])
            item.setData(0, Qt.ItemDataRole.UserRole, r.id)
            self.referral_table.addTopLevelItem(item)
        if not self.referrals:
            self.referral_table.addTopLevelItem(QTreeWidgetItem(["", "", "No referral made in these cases"]))
        return _section("Referrals", "&Referrals made in these cases (DAPP and others)", self.referral_table)

    def _engagement(self) -> QWidget:
        self.engagement = QLabel(self.engagement_text())
        self.engagement.setWordWrap(True)
        self.engagement.setAccessibleName("Engagement: " + self.engagement.text())
        self.engagement.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                                | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.engagement.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        box = QWidget()
        box.setAccessibleName("Engagement")
        label = _heading("&Engagement, from the latest perpetrator risk and needs assessment")
        label.setBuddy(self.engagement)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label)
        column.addWidget(self.engagement)
        return box

    def _title(self, qid: str) -> str:
        try:
            return self.registry.get(qid).title
        except KeyError:
            return qid

    def latest_perpetrator_assessment(self) -> AssessmentRecord | None:
        done = [a for a, _ref in self.assessments if a.questionnaire_id == PERPETRATOR_RISK_NEEDS]
        return done[-1] if done else None  # self.assessments is oldest first

    def engagement_text(self) -> str:
        latest = self.latest_perpetrator_assessment()
        if latest is None:
            return "Not known: no completed perpetrator risk and needs assessment of this person."
        reference = next(ref for a, ref in self.assessments if a is latest)
        answers = latest.answers or {}
        try:  # the version it was answered in, which words its answers
            questionnaire = self.registry.get(PERPETRATOR_RISK_NEEDS, latest.questionnaire_version)
        except KeyError:
            questionnaire = None
        parts = []
        for item_id in ENGAGEMENT_ITEMS:
            value = answers.get(item_id)
            if questionnaire is not None and questionnaire.has_item(item_id):
                item = questionnaire.item(item_id)
                parts.append(f"{item.name}: {item.answer_text(value)}")
            else:  # a definition this program no longer has: the answer as stored
                parts.append(f"{item_id}: {NOT_RECORDED if value in (None, '') else value}")
        return "; ".join(parts) + f" (assessed {format_date(_assessment_day(latest))}, case {reference})."

    def _case_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        value = item.data(0, Qt.ItemDataRole.UserRole)
        if value is None:
            return
        self.accept()  # closed first: the app may replace the case view this dialog belongs to
        if int(value) != self.case_id:
            self.open_case.emit(int(value))
