"""The follow-on screens a completed assessment offers (the stalking screen after the DASH, say), by
name and with a one-click start, until one of that screen is begun in the case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dash_desktop.questionnaires import Registry
from dash_desktop.store.records import CaseRecord
from dash_desktop.store.vocabulary import AssessmentStatus
from dash_desktop.ui.case_list import format_date
from dash_desktop.ui.widgets import assessment_day


@dataclass(frozen=True)
class PendingOffer:
    questionnaire: str
    title: str
    reason: str
    offered_by: str  # the offering assessment's title
    day: dt.date


def offer_title(offer: Mapping[str, Any], registry: Registry) -> str:
    """A stored offer's human name (results stored before offers carried one: the definition's title)."""
    qid = str(offer.get("questionnaire", ""))
    if offer.get("title"):
        return str(offer["title"])
    try:
        return registry.get(qid).title
    except KeyError:
        return qid


def pending_offers(case: CaseRecord, registry: Registry) -> list[PendingOffer]:
    """What the latest completed assessment of each questionnaire offers and the case has not begun
    since (a draft begun counts: it is resumed from the drafts)."""
    latest: dict[str, Any] = {}
    for a in sorted((a for a in case.assessments if a.status != AssessmentStatus.DRAFT.value),
                    key=lambda a: (assessment_day(a), a.id)):
        latest[a.questionnaire_id] = a
    pending: list[PendingOffer] = []
    for a in latest.values():
        for offer in (a.result or {}).get("offered", []):
            qid = str(offer.get("questionnaire", ""))
            begun = any(b.questionnaire_id == qid and assessment_day(b) >= assessment_day(a) for b in case.assessments)
            if not begun and qid not in {p.questionnaire for p in pending}:
                try:
                    by = registry.get(a.questionnaire_id).title
                except KeyError:
                    by = a.questionnaire_id
                pending.append(PendingOffer(qid, offer_title(offer, registry), str(offer.get("reason", "")), by,
                                            assessment_day(a)))
    return pending


class FollowOnStrip(QWidget):
    """A button for each pending follow-on screen; ``start(questionnaire id)`` when one is pressed."""

    start = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Follow-on screens to complete")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(self.grid)
        self.buttons: dict[str, QPushButton] = {}
        self.offers: list[PendingOffer] = []

    def show_offers(self, case: CaseRecord, registry: Registry) -> None:
        while self.grid.count():
            taken = self.grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        self.offers = pending_offers(case, registry)
        for row, offer in enumerate(self.offers):
            button = QPushButton(f"Start: {offer.title}")
            button.setAccessibleName(f"Start the follow-on screen: {offer.title}")
            button.setAccessibleDescription(offer.reason)
            button.clicked.connect(lambda _checked=False, qid=offer.questionnaire: self.start.emit(qid))
            reason = QLabel(offer.reason)
            reason.setWordWrap(True)
            reason.setTextFormat(Qt.TextFormat.PlainText)
            reason.setObjectName("guidance")
            self.grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(reason, row, 1)
            self.buttons[offer.questionnaire] = button
        if self.offers:
            by = {(o.offered_by, o.day) for o in self.offers}
            said = "; ".join(f"the {title} of {format_date(day)}" for title, day in sorted(by, key=lambda t: t[1]))
            self.heading.setText(f"Also to complete, as offered by {said}:")
        self.setVisible(bool(self.offers))
