"""One case: the household, the chronology of assessments, referrals and notes, the risk trajectory,
the household picture, and the way into a new, unfinished or completed assessment.

The dialogs are in :mod:`dash_desktop.ui.dialogs`, the chart in :mod:`dash_desktop.ui.risk_chart`,
the household picture in :mod:`dash_desktop.ui.household_panel`, a completed assessment's read-only
view in :mod:`dash_desktop.ui.assessment_view`.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.assessment import Profile, load_profile, proposed_review
from dash_desktop.assessment.services import load_directory
from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store, StoreError
from dash_desktop.store.links import SerialPerpetratorLink
from dash_desktop.store.records import AssessmentRecord, CaseRecord
from dash_desktop.store.vocabulary import EQUALITY_FIELDS, AssessmentStatus, Role, choice_label
from dash_desktop.ui.assessment_view import AssessmentView
from dash_desktop.ui.case_list import STATUSES, format_date
from dash_desktop.ui.chronology import ChronologyEntry, about_perpetrator, chronology_entries, questionnaire_title
from dash_desktop.ui.close_case import CloseCaseDialog, ReviewProposal, closed_words
from dash_desktop.ui.dialogs import CaseDialog, NewAssessmentDialog, NoteDialog, PersonDialog, ReferralDialog
from dash_desktop.ui.follow_on import FollowOnStrip
from dash_desktop.ui.household_panel import HouseholdPanel, picture_of
from dash_desktop.ui.perpetrator_record import PerpetratorRecord
from dash_desktop.ui.referral_form import ReferralFormDialog
from dash_desktop.ui.referral_offers import ReferralOffer, offer_for, referral_offers, review_basis
from dash_desktop.ui.risk_chart import RiskPoint, RiskTrajectoryChart
from dash_desktop.ui.widgets import (
    EQUALITY_NAMES,
    ROLE_NAMES,
    ActivatingTree,
    WrappingDelegate,
    assessment_day,
    level_words,
)


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


def _button(text: str, name: str, slot: Any, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def _tree(name: str, headers: list[str]) -> ActivatingTree:
    tree = ActivatingTree()
    tree.setAccessibleName(name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    return tree


def _column(label: QLabel, main: QWidget, *rows: QWidget, below: QWidget | None = None) -> QWidget:
    """A labelled list with its row of buttons below (and ``below`` them, if given)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addWidget(main, 1)
    row = QHBoxLayout()
    for widget in rows:
        row.addWidget(widget)
    row.addStretch(1)
    layout.addLayout(row)
    if below is not None:
        layout.addWidget(below)
    return box


class CaseView(QWidget):
    """A case. ``start_assessment(case id, questionnaire id, prefill assessment id or None)`` and
    ``open_assessment(draft id)`` ask the app to show the assessment page; ``back`` asks for the case
    list again; ``open_case(case id)`` asks for another case (one linked in a perpetrator record).
    A completed assessment opens here, read-only."""

    start_assessment = Signal(int, str, object)
    open_assessment = Signal(int)
    back = Signal()
    open_case = Signal(int)

    def __init__(self, store: Store, case_id: int, parent: QWidget | None = None, *,
                 registry: Registry | None = None, today: dt.date | None = None,
                 profile: Profile | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.case_id = case_id
        self.registry = registry or Registry.default()
        self.profile = profile or load_profile()
        self._today = today
        self.case: CaseRecord | None = None
        self.offers: list[ReferralOffer] = []  # the referrals the case's assessments offer, by refresh()
        self.dialog: QDialog | None = None  # the dialog open now, if any
        self._build_heading()
        self._build_household()
        self._build_assessments()
        self._build_chronology()
        self.picture = HouseholdPanel()
        self.picture.make_referral.connect(lambda offer: self.make_referral(offer))
        self.serial_box = QWidget()  # one flag per perpetrator flagged, filled by refresh()
        self.serial_layout = QVBoxLayout(self.serial_box)
        self.serial_layout.setContentsMargins(0, 0, 0, 0)
        self.serial_flags: list[QLabel] = []
        self._lay_out()
        self.refresh()

    # --- building -----------------------------------------------------------------------------------

    def _build_heading(self) -> None:
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setAccessibleName("Case")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Case summary")
        self.back_button = _button("← &Back to cases", "Back to the case list", self.back.emit,
                                   "Back to the case list (Alt+Left)")
        back_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self)
        back_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back_key.activated.connect(self.back)
        self.edit_case_button = _button("Edit &case…", "Edit the case reference, district and review date",
                                        self.edit_case)
        self.close_case_button = _button("C&lose case…", "Close the case with an outcome", self.close_or_reopen)
        self.referral_button = QPushButton("&Make referral…")
        self.referral_button.setAccessibleName("Make a referral from an assessment")
        self.referral_menu = QMenu(self.referral_button)
        self.referral_button.setMenu(self.referral_menu)
        self.review_proposal = ReviewProposal()
        self.review_proposal.set_review.connect(self.set_review)

    def _build_household(self) -> None:
        self.people = _tree("Household", ["Role", "Name", "Date of birth", "Equality monitoring"])
        # Enter or double-click: a perpetrator's record, anyone else's details.
        self.people.itemActivated.connect(lambda _item, _col: self._person_activated())
        self.people.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.add_person_button = _button("&Add person…", "Add person to the household", self.add_person)
        self.edit_person_button = _button("&Edit person…", "Edit the selected person", self.edit_person)
        self.perpetrator_record_button = _button(
            "Perpe&trator record…", "Perpetrator record of the selected perpetrator", self.perpetrator_record,
            "Their cases, victims, assessments over time, referrals and engagement (Enter on a perpetrator's row)")
        self.people_label = QLabel("&Household:")
        self.people_label.setBuddy(self.people)

    def _build_assessments(self) -> None:
        self.chart = RiskTrajectoryChart()
        self.chart_label = QLabel("Victim's risk level over time (the perpetrator's is in the household picture):")
        self.chart_label.setWordWrap(True)
        self.chart_label.setBuddy(self.chart)
        self.new_assessment_button = _button("&New assessment…", "New assessment", self.new_assessment)
        self.drafts = QComboBox()
        self.drafts.setAccessibleName("Unfinished assessments")
        self.drafts_label = QLabel("&Drafts:")
        self.drafts_label.setBuddy(self.drafts)
        self.resume_button = _button("&Resume draft", "Resume the chosen draft", self.resume_draft)
        self.follow_on = FollowOnStrip()
        self.follow_on.start.connect(lambda qid: self.start_assessment.emit(self.case_id, qid, None))

    def _build_chronology(self) -> None:
        self.chronology = _tree("Chronology, newest first", ["Date", "Entry", "Details"])
        self.chronology.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.chronology.itemActivated.connect(self._chronology_activated)
        self.chronology.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.chronology.setItemDelegate(WrappingDelegate(self.chronology))
        self.chronology.setColumnWidth(1, 320)
        self.chronology.header().setStretchLastSection(True)
        self.chronology.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chronology.setMinimumHeight(150)
        self.add_note_button = _button("Add n&ote…", "Add note to the chronology", self.add_note)
        self.add_referral_button = _button("Add re&ferral…", "Add referral", self.add_referral)
        self.open_entry_button = _button("Open or ed&it…", "Open the selected assessment, or edit the selected "
                                         "referral or note", self.open_entry,
                                         "An assessment opens (a completed one read-only); a referral or a note "
                                         "opens to edit (Enter on its row)")
        self.chronology_label = QLabel("Chronolo&gy (newest first):")
        self.chronology_label.setBuddy(self.chronology)

    def _lay_out(self) -> None:
        household = _column(self.people_label, self.people, self.add_person_button, self.edit_person_button,
                            self.perpetrator_record_button)
        assessments = _column(self.chart_label, self.chart, self.new_assessment_button, self.drafts_label,
                              self.drafts, self.resume_button, below=self.follow_on)
        chronology = _column(self.chronology_label, self.chronology, self.add_note_button, self.add_referral_button,
                             self.open_entry_button)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(household)
        top.addWidget(assessments)
        top.setChildrenCollapsible(False)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.picture)
        lower.addWidget(chronology)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        lower.setChildrenCollapsible(False)
        page = QWidget()
        body = QVBoxLayout(page)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.serial_box)
        body.addWidget(top, 1)
        body.addWidget(lower, 1)
        scroll = QScrollArea()  # at 1366 x 768 nothing is cut off: what does not fit scrolls
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        page.setMinimumHeight(620)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.back_button)
        heading_row.addSpacing(12)
        heading_row.addWidget(self.heading)
        heading_row.addStretch(1)
        heading_row.addWidget(self.referral_button)
        heading_row.addWidget(self.edit_case_button)
        heading_row.addWidget(self.close_case_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.review_proposal)
        layout.addWidget(scroll, 1)

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # --- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the case from the store and redraw everything."""
        case = self.store.cases.get(self.case_id)
        self.case = case
        self.heading.setText(f"<h2>Case {escape(case.reference)}</h2>")
        district = self.districts.get(case.area or "", case.area)
        parts = [f"District: {district or 'not recorded'}", f"Status: {STATUSES.get(case.status, case.status)}",
                 f"Current risk level: {level_words(case.risk_level)}{self._level_source(case)}",
                 f"Review date: {format_date(case.review_on) or 'none set'}"]
        if case.status == "closed":
            parts[1] = f"Status: {closed_words(case)}"
        self.summary.setText(" · ".join(parts))
        self.close_case_button.setText("Re&open case" if case.status == "closed" else "C&lose case…")
        self.review_proposal.propose(*self._proposed_review(case))
        self._fill_people(case)
        self._fill_serial_flags()
        picture = picture_of(case, self.registry)
        self.picture.show_picture(picture)
        self.offers = referral_offers(case, self.registry)
        self._fill_referral_menu()
        self.picture.show_offer(next((o for o in self.offers if o.kind == "childrens_services"), None))
        self._fill_chronology()
        self.chart.set_points([
            RiskPoint(assessment_day(a), a.risk_level)
            for a in sorted(self._completed(), key=lambda a: (assessment_day(a), a.completed_at or a.created_at, a.id))
            if a.risk_level is not None and not self._about_perpetrator(a.questionnaire_id)  # theirs: in the picture
        ])
        self._fill_drafts(case)
        self.follow_on.show_offers(case, self.registry)
        self._update_buttons()

    def _completed(self) -> list[AssessmentRecord]:
        return [a for a in (self.case.assessments if self.case else ()) if a.status != AssessmentStatus.DRAFT.value]

    def _fill_drafts(self, case: CaseRecord) -> None:
        self.drafts.clear()
        drafts = sorted((a for a in case.assessments if a.status == AssessmentStatus.DRAFT.value),
                        key=lambda a: (a.updated_at, a.id), reverse=True)
        for a in drafts:
            self.drafts.addItem(f"{self._questionnaire_title(a.questionnaire_id)}, started "
                                f"{format_date(a.created_at.astimezone().date())} ({len(a.answers)} answered)", a.id)
        if not drafts:
            self.drafts.addItem("No unfinished assessments", None)

    def _fill_people(self, case: CaseRecord) -> None:
        selected = self.selected_person_id()
        self.people.clear()
        order = list(ROLE_NAMES)
        for person in sorted(case.people, key=lambda p: (order.index(p.role) if p.role in order else 99, p.id)):
            equality = "; ".join(f"{EQUALITY_NAMES[f]}: {choice_label(f, getattr(person, f))}"
                                 for f in EQUALITY_FIELDS if getattr(person, f))
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

    def chronology_entries(self) -> list[ChronologyEntry]:
        """Assessments, referrals and notes, newest first."""
        assert self.case is not None  # noqa: S101 - refresh() ran in __init__
        return chronology_entries(self.case, self.registry)

    def _fill_chronology(self) -> None:
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
        return about_perpetrator(self.registry, qid)

    def _questionnaire_title(self, qid: str) -> str:
        return questionnaire_title(self.registry, qid)

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

    def _selected_entry(self) -> tuple[str, int] | None:
        item = self.chronology.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return (str(value[0]), int(value[1])) if value else None

    def _update_buttons(self) -> None:
        self.edit_person_button.setEnabled(self.selected_person_id() is not None)
        self.perpetrator_record_button.setEnabled(self.selected_perpetrator_id() is not None)
        has_draft = self.drafts.currentData() is not None
        self.resume_button.setEnabled(has_draft)
        self.drafts.setEnabled(has_draft)
        self.open_entry_button.setEnabled(self._selected_entry() is not None)

    # --- actions ----------------------------------------------------------------------------------

    def _show(self, dialog: QDialog, *, refresh: bool = True) -> QDialog:
        self.dialog = dialog
        if refresh:
            dialog.accepted.connect(self.refresh)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    @property
    def districts(self) -> dict[str, str]:
        """The area profile's districts (id -> name)."""
        return load_directory(self.profile.services_directory).districts

    def edit_case(self) -> QDialog:
        return self._show(CaseDialog(self.store, self.case, self, today=self.today, districts=self.districts))

    def add_person(self, role: str | None = None) -> QDialog:
        return self._show(PersonDialog(self.store, self.case_id, None, self, role=role, today=self.today))

    def edit_person(self) -> QDialog | None:
        person_id = self.selected_person_id()
        if person_id is None or self.case is None:
            return None
        person = next(p for p in self.case.people if p.id == person_id)
        return self._show(PersonDialog(self.store, self.case_id, person, self, today=self.today))

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
        return self._show(record, refresh=False)  # read-only: nothing to refresh when it closes

    def add_note(self) -> QDialog:
        return self._show(NoteDialog(self.store, self.case_id, self, today=self.today))

    def add_referral(self) -> QDialog:
        return self._show(ReferralDialog(self.store, self.case_id, self, today=self.today))

    def new_assessment(self) -> QDialog:
        dialog = NewAssessmentDialog(self.registry, list(self.case.assessments if self.case else []), self)
        dialog.accepted.connect(
            lambda: self.start_assessment.emit(self.case_id, dialog.questionnaire_id(), dialog.prefill_from()))
        return self._show(dialog, refresh=False)

    def resume_draft(self) -> None:
        draft_id = self.drafts.currentData()
        if draft_id is not None:
            self.open_assessment.emit(int(draft_id))

    def open_record(self, assessment_id: int) -> QDialog | None:
        """An assessment: a draft opens on the assessment page, a completed one here, read-only."""
        record = self.store.assessments.get(assessment_id)
        if record.status == AssessmentStatus.DRAFT.value:
            self.open_assessment.emit(assessment_id)
            return None
        view = AssessmentView(self.store, record, self.registry, self, referral=offer_for(record, self.registry))
        view.start_from.connect(lambda a: self.start_assessment.emit(self.case_id, a.questionnaire_id, a.id))
        view.make_referral.connect(lambda o: self.make_referral(o))
        return self._show(view, refresh=False)

    # --- referrals, review, closing -----------------------------------------------------------------

    def _fill_referral_menu(self) -> None:
        self.referral_menu.clear()
        for offer in self.offers:
            action = self.referral_menu.addAction(offer.label)
            action.triggered.connect(lambda _c=False, o=offer: self.make_referral(o))
        self.referral_button.setEnabled(bool(self.offers))
        self.referral_button.setToolTip("" if self.offers else "A referral rests on a completed assessment: "
                                        "complete one first")

    def make_referral(self, offer: ReferralOffer) -> QDialog:
        """The referral form for ``offer``, prefilled from the case and its assessment."""
        dialog = ReferralFormDialog(self.store, self.case_id, offer, self, registry=self.registry, today=self.today,
                                    profile=self.profile)
        dialog.made.connect(lambda _rid: self.refresh())
        return self._show(dialog, refresh=False)

    def _proposed_review(self, case: CaseRecord) -> tuple[dt.date | None, CaseRecord, str]:
        basis = review_basis(case, self.registry)
        if basis is None:
            return None, case, ""
        record, result = basis
        on = proposed_review(result, assessment_day(record), self.profile)
        return on, case, f"The {level_words(record.risk_level).lower()}-risk assessment of " \
                         f"{format_date(assessment_day(record))}"

    def set_review(self, on: dt.date) -> None:
        try:
            self.store.cases.set_review(self.case_id, on)
        except StoreError as exc:
            self.summary.setText(f"⚠ The review date was not set: {exc}")
            return
        self.refresh()

    def close_or_reopen(self) -> QDialog | None:
        if self.case is None:
            return None
        if self.case.status == "closed":
            try:
                self.store.cases.reopen(self.case_id)
            except StoreError as exc:
                self.summary.setText(f"⚠ Not reopened: {exc}")
                return None
            self.refresh()
            return None
        return self._show(CloseCaseDialog(self.store, self.case, self, today=self.today))

    def open_entry(self) -> QDialog | None:
        """The selected chronology entry: an assessment opens; a referral or a note opens to edit."""
        entry = self._selected_entry()
        if entry is None or self.case is None:
            return None
        kind, entity_id = entry
        if kind == "assessment":
            return self.open_record(entity_id)
        if kind == "referral":
            referral = next(r for r in self.case.referrals if r.id == entity_id)
            return self._show(ReferralDialog(self.store, self.case_id, self, today=self.today, referral=referral))
        note = next(n for n in self.case.notes if n.id == entity_id)
        return self._show(NoteDialog(self.store, self.case_id, self, today=self.today, note=note))

    def _chronology_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.chronology.setCurrentItem(item)
        self.open_entry()
