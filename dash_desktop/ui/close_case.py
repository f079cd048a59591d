"""Closing a case with its outcome (recorded in the audit trail by ``store.cases.close``), and the
review date a high-risk result proposes (``proposed_review``: the profile's interval after it)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from dash_desktop.forms.date_entry import DateEntry
from dash_desktop.forms.text_box import GrowingTextBox
from dash_desktop.store import Store
from dash_desktop.store.records import CaseRecord
from dash_desktop.store.vocabulary import CloseOutcome
from dash_desktop.ui.case_list import format_date
from dash_desktop.ui.dialogs import StoreDialog, checked
from dash_desktop.ui.person_fields import choice

OUTCOME_WORDS = {
    CloseOutcome.RISK_REDUCED.value: "Risk reduced",
    CloseOutcome.ABUSE_STOPPED.value: "Abuse stopped",
    CloseOutcome.DISENGAGED.value: "The victim disengaged",
    CloseOutcome.MOVED_AWAY.value: "Moved out of the area",
    CloseOutcome.TRANSFERRED.value: "Transferred to another service",
    CloseOutcome.OTHER.value: "Other (say what in a note)",
}


def closed_words(case: CaseRecord) -> str:
    """How a closed case ended, for its summary ("" for an open case)."""
    if case.status != "closed":
        return ""
    outcome = OUTCOME_WORDS.get(case.close_outcome or "", case.close_outcome or "outcome not recorded")
    when = f" on {format_date(case.closed_on)}" if case.closed_on else ""
    return f"Closed{when}: {outcome.lower()}"


class CloseCaseDialog(StoreDialog):
    """Close the case with an outcome and the day it closed; a note, if written, goes in the chronology."""

    def __init__(self, store: Store, case: CaseRecord, parent: QWidget | None = None, *, today: dt.date) -> None:
        super().__init__("Close case", parent)
        self.store = store
        self.case = case
        self.outcome = choice("Outcome", OUTCOME_WORDS, None)
        self.outcome.setItemText(0, "Choose the outcome…")
        self.add_row("&Outcome:", self.outcome)
        self.closed_on = DateEntry(today, name="Closed on", today=today)
        self.add_row("Closed o&n:", self.closed_on)
        self.note = GrowingTextBox(name="Closing note", placeholder="Optional: why, and what was handed on")
        self.add_row("No&te:", self.note)
        open_referrals = [r for r in case.referrals if r.status not in {"closed", "declined"}]
        if open_referrals:
            warning = QLabel(f"{len(open_referrals)} referral(s) of this case are not closed yet; they stay as they "
                             "are.")
            warning.setWordWrap(True)
            self.form.addRow(warning)
        self.buttons.button(self.buttons.StandardButton.Save).setText("Close &case")

    def save(self) -> None:
        from dash_desktop.store import StoreError

        outcome = self.outcome.currentData()
        if outcome is None:
            raise StoreError("choose the outcome the case closes with")
        closed_on = checked(self.closed_on, "Closed on")
        self.store.cases.close(self.case.id, str(outcome), closed_on=closed_on)
        note = self.note.toPlainText().strip()
        if note:
            self.store.records.add_note(self.case.id, f"Case closed ({OUTCOME_WORDS[str(outcome)].lower()}): {note}",
                                        happened_on=closed_on)


class ReviewProposal(QWidget):
    """"The high-risk assessment of 2 Dec proposes a review by 27 Jan 2027 (8 weeks)" with a button
    that sets it as the case's review date; hidden when there is none, or the case's review is already
    on or before it."""

    set_review = Signal(object)  # the date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposed: dt.date | None = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAccessibleName("Proposed review date")
        self.button = QPushButton("Set as the re&view date")
        self.button.setAccessibleName("Set the proposed date as the case's review date")
        self.button.clicked.connect(lambda _c=False: self.set_review.emit(self.proposed))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()

    def propose(self, proposed: dt.date | None, case: CaseRecord, because: str) -> None:
        """``because``: the assessment that proposes it, in words."""
        self.proposed = proposed
        if proposed is None or case.status == "closed" or (case.review_on is not None and case.review_on <= proposed):
            self.hide()
            return
        now = f"the review date now is {format_date(case.review_on)}" if case.review_on else "no review date is set"
        self.text.setText(f"{because} proposes a review by {format_date(proposed)}; {now}.")
        self.show()
