"""The household picture panel of a case: what :mod:`dash_desktop.assessment.household` says, shown.

The toxic trio is a grid of wrapping labels, not a table: a cell never ends in "…" while there is
room below it; each cell says its words whole, and a screen reader reads them by name.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.assessment.household import PRESENT, Assessed, HouseholdPicture, household_picture
from dash_desktop.questionnaires import Registry
from dash_desktop.store.records import CaseRecord
from dash_desktop.store.vocabulary import AssessmentStatus
from dash_desktop.ui.widgets import assessment_day

TRIO_HEADINGS = ("Toxic trio", "Overall", "From the victim's DASH", "From the perpetrator assessment")
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse


def stored_assessments(case: CaseRecord) -> list[Assessed]:
    """The case's completed assessments as the picture reads them (their stored answers and result)."""
    names = {p.id: p.name for p in case.people}
    done = [a for a in case.assessments if a.status != AssessmentStatus.DRAFT.value]
    return [Assessed(a.questionnaire_id, a.questionnaire_version, assessment_day(a), a.id, dict(a.answers),
                     dict(a.result or {}), a.risk_level, a.yes_count,
                     names.get(a.subject_person_id) if a.subject_person_id is not None else None)
            for a in done]


def picture_of(case: CaseRecord, registry: Registry) -> HouseholdPicture:
    return household_picture(registry, stored_assessments(case))


def _label(rich: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(SELECTABLE)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding)
    return label


class HouseholdPanel(QGroupBox):
    """The latest victim DASH and perpetrator results side by side, and the toxic trio in words; and
    the children's social care referral the picture calls for (``make_referral(offer)``)."""

    make_referral = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Household picture", parent)
        self.setAccessibleName("Household picture")
        self.victim_result = _label(rich=True)
        self.perpetrator_result = _label(rich=True)
        self.trio = QWidget()
        self.trio.setAccessibleName("Toxic trio: domestic abuse, mental health, substance misuse")
        self.trio.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.trio_grid = QGridLayout(self.trio)
        self.trio_grid.setContentsMargins(0, 0, 0, 0)
        self.trio_grid.setHorizontalSpacing(14)
        self.trio_grid.setVerticalSpacing(6)
        for column, heading in enumerate(TRIO_HEADINGS):
            label = _label()
            label.setText(heading)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            self.trio_grid.addWidget(label, 0, column)
        for column, stretch in enumerate((0, 0, 1, 1)):
            self.trio_grid.setColumnStretch(column, stretch)
        self.trio_cells: list[list[QLabel]] = []
        trio_label = QLabel("Toxic trio (&present, not present or not known):")
        trio_label.setBuddy(self.trio)
        note = QLabel("Read from the stored results and answers; the DASH does not ask about the victim's own "
                      "alcohol or drug use.")
        note.setWordWrap(True)
        note.setObjectName("guidance")
        results_row = QHBoxLayout()
        results_row.addWidget(self.victim_result, 1)
        results_row.addWidget(self.perpetrator_result, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(results_row)
        layout.addWidget(trio_label)
        layout.addWidget(self.trio)
        layout.addWidget(note)
        self.offer: Any = None
        self.referral_button = QPushButton("Make children's &social care referral…")
        self.referral_button.setAccessibleName("Make a children's social care referral from the household picture")
        self.referral_button.clicked.connect(lambda _c=False: self.make_referral.emit(self.offer))
        self.referral_reason = _label()
        self.referral_reason.setObjectName("guidance")
        referral_row = QHBoxLayout()
        referral_row.addWidget(self.referral_button, 0, Qt.AlignmentFlag.AlignTop)
        referral_row.addWidget(self.referral_reason, 1)
        layout.addLayout(referral_row)
        layout.addStretch(1)
        self.show_offer(None)

    def show_picture(self, picture: HouseholdPicture) -> None:
        for label, title, lines in (
            (self.victim_result, "Latest victim DASH", picture.victim_lines),
            (self.perpetrator_result, "Latest perpetrator risk and needs", picture.perpetrator_lines),
        ):
            label.setText(f"<b>{escape(title)}</b><br>" + "<br>".join(escape(line) for line in lines))
            label.setAccessibleName(f"{title}: " + ". ".join(lines))
        for row in self.trio_cells:
            for cell in row:
                self.trio_grid.removeWidget(cell)
                cell.deleteLater()
        self.trio_cells = []
        for r, line in enumerate(picture.trio, 1):
            texts = (line.topic, line.state, f"{line.victim_dash.state}: {line.victim_dash.detail}",
                     f"{line.perpetrator.state}: {line.perpetrator.detail}")
            row = []
            for column, text in enumerate(texts):
                cell = _label()
                cell.setText(text)
                cell.setAccessibleName(f"{line.topic}, {TRIO_HEADINGS[column].lower()}: {text}")
                if column == 1 and line.state == PRESENT:  # the words say it; bold only draws the eye
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.trio_grid.addWidget(cell, r, column)
                row.append(cell)
            self.trio_cells.append(row)
        self.trio.setAccessibleDescription(". ".join(f"{line.topic}: {line.state}" for line in picture.trio))

    def trio_rows(self) -> dict[str, list[str]]:
        """Each topic's overall state and the two sources' words, as shown."""
        return {row[0].text(): [cell.text() for cell in row[1:]] for row in self.trio_cells}

    def show_offer(self, offer: Any) -> None:
        """The children's social care referral offered (a ``ReferralOffer``), or None: the button hidden."""
        self.offer = offer
        self.referral_button.setVisible(offer is not None)
        self.referral_reason.setVisible(offer is not None)
        if offer is not None:
            self.referral_reason.setText(offer.reason)
