"""The worklist beside the case list: reviews due and overdue, MARAC meetings in the next 14 days,
referrals without a reply, drafts left open (``store.worklist.items``), each row opening its case."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QTreeWidgetItem, QVBoxLayout, QWidget

from dash_desktop.store import Store
from dash_desktop.store.worklist import WorklistItem
from dash_desktop.ui.case_list import format_date
from dash_desktop.ui.widgets import ActivatingTree, WrappingDelegate, tree_rows

#: Each kind of item in words: (its heading, one, many).
KIND_NAMES = {
    "review_overdue": ("Review overdue", "review overdue", "reviews overdue"),
    "review_due": ("Review due", "review due", "reviews due"),
    "marac_soon": ("MARAC meeting soon", "MARAC meeting soon", "MARAC meetings soon"),
    "no_reply": ("Referral without a reply", "referral without a reply", "referrals without a reply"),
    "draft": ("Draft left open", "draft left open", "drafts left open"),
}
#: What needs doing before anything else (marked in words, not by colour alone).
URGENT = {"review_overdue", "no_reply"}
REPLY_DAYS = 14


def when_words(due: dt.date | None, today: dt.date) -> str:
    """The due date, and how far it is from today."""
    if due is None:
        return "no date"
    days = (due - today).days
    if days == 0:
        return f"{format_date(due)} (today)"
    if days < 0:
        return f"{format_date(due)} ({-days} day{'s' if days != -1 else ''} ago)"
    return f"{format_date(due)} (in {days} day{'s' if days != 1 else ''})"


def summary_words(items: Sequence[WorklistItem]) -> str:
    if not items:
        return ("Nothing due: no review due or overdue, no MARAC meeting in the next 14 days, no referral waiting "
                "for a reply, no draft left open.")
    counts = Counter(i.kind for i in items)
    parts = [f"{n} {KIND_NAMES.get(k, (k, k, k))[1 if n == 1 else 2]}" for k, n in counts.items()]
    return f"{len(items)} to do: " + ", ".join(parts) + "."


class WorklistPage(QWidget):
    """The worklist. ``case_opened(case id)`` when a row is activated (Enter or double-click)."""

    case_opened = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._today = today
        self.items: list[WorklistItem] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Worklist summary")
        self.reply_days = QSpinBox()
        self.reply_days.setRange(1, 365)
        self.reply_days.setValue(REPLY_DAYS)
        self.reply_days.setSuffix(" days")
        self.reply_days.setAccessibleName("A referral is waiting for a reply after")
        self.reply_days.valueChanged.connect(lambda _v: self.refresh())
        reply_label = QLabel("A referral is waiting for a &reply after:")
        reply_label.setBuddy(self.reply_days)
        self.tree = ActivatingTree()
        self.tree.setAccessibleName("Worklist, soonest first")
        self.tree.setHeaderLabels(["Due", "What", "Case", "Details"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        self.tree.header().setStretchLastSection(True)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.itemActivated.connect(self._activated)
        self.open_button = QPushButton("&Open case")
        self.open_button.setAccessibleName("Open the case of the selected row")
        self.open_button.clicked.connect(lambda _c=False: self.open_selected())
        self.refresh_button = QPushButton("Re&fresh")
        self.refresh_button.clicked.connect(lambda _c=False: self.refresh())
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        heading = QLabel("<h2>Worklist</h2>")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(reply_label)
        top.addWidget(self.reply_days)
        top.addWidget(self.refresh_button)
        tree_label = QLabel("What needs &doing (Enter opens the case):")
        tree_label.setBuddy(self.tree)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(tree_label)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        self.refresh()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def refresh(self) -> None:
        self.items = list(self.store.worklist.items(self.today, reply_days=self.reply_days.value()))
        self.tree.clear()
        for entry in self.items:
            what = KIND_NAMES.get(entry.kind, (entry.kind,))[0]
            if entry.kind in URGENT:
                what = f"⚠ {what}"
            row = QTreeWidgetItem([when_words(entry.due_on, self.today), what, entry.case_reference, entry.detail])
            row.setData(0, Qt.ItemDataRole.UserRole, entry.case_id)
            row.setToolTip(3, entry.detail)
            self.tree.addTopLevelItem(row)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.summary.setText(summary_words(self.items))
        self._update_buttons()

    def rows(self) -> list[list[str]]:
        """What the table shows, row by row."""
        return tree_rows(self.tree)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.tree.currentItem() is not None)

    def open_selected(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.case_opened.emit(int(item.data(0, Qt.ItemDataRole.UserRole)))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.tree.setCurrentItem(item)
        self.open_selected()
