"""Small widgets the app's views share."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView, QTreeWidget

from dash_desktop.store.records import AssessmentRecord
from dash_desktop.store.vocabulary import ReferralKind, ReferralStatus, Role
from dash_desktop.ui.case_list import NOT_ASSESSED, RISK_LEVELS

#: Words for stored values, shared by every view that shows them.
EQUALITY_NAMES = {
    "age_band": "Age band",
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "disability": "Disability",
    "lgbt_plus": "LGBT+",
    "armed_forces": "Armed forces",
    "first_language": "First language",
}
REFERRAL_NAMES = {ReferralKind.MARAC.value: "MARAC", ReferralKind.CHILDRENS_SERVICES.value: "Children's social care",
                  ReferralKind.DAPP.value: "DAPP", ReferralKind.IDASH.value: "IDASH"}
REFERRAL_STATUS_NAMES = {s.value: s.value.capitalize() for s in ReferralStatus}
ROLE_NAMES = {
    Role.VICTIM.value: "Adult victim",
    Role.PERPETRATOR.value: "Perpetrator",
    Role.CHILD.value: "Child",
    Role.OTHER_DEPENDANT.value: "Other dependant",
}
ASSESSMENT_STATUS_NAMES = {"draft": "draft", "completed": "completed", "signed": "completed and signed"}


def level_words(level: str | None) -> str:
    return RISK_LEVELS.get(level or "", level or NOT_ASSESSED)


def assessment_day(a: AssessmentRecord) -> dt.date:
    """The day an assessment was made: its assessment date, else the day it was completed or begun."""
    if a.assessed_on is not None:
        return a.assessed_on
    return (a.completed_at or a.created_at).astimezone().date()


class ActivatingTree(QTreeWidget):
    """Enter or Return activates the current row on every platform."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.itemActivated.emit(self.currentItem(), 0)
            event.accept()
            return
        super().keyPressEvent(event)


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped words at the columns' widths (a tree measures a row's text on one
    line, and ends what does not fit in "…" however much room is below)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        view.setWordWrap(True)
        view.setUniformRowHeights(False)
        view.header().sectionResized.connect(lambda *_a: view.scheduleDelayedItemsLayout())

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        width = self.view.columnWidth(index.column()) - 10  # the cell's margins
        text = str(index.data() or "")
        if width <= 0 or not text:
            return size
        bounds = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000),
                                                 int(Qt.TextFlag.TextWordWrap), text)
        return QSize(size.width(), max(size.height(), bounds.height() + 6))


def tree_rows(tree: QTreeWidget) -> list[list[str]]:
    """What a list shows, row by row and column by column."""
    rows = []
    for r in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(r)
        if item is not None:
            rows.append([item.text(c) for c in range(tree.columnCount())])
    return rows
