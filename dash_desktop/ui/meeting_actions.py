"""What a referral carries beside its status: the meeting's actions (what each agency agreed to do
at the MARAC, by when, and when it was done: ``store.records.add_action`` / ``complete_action``, each
saved as it is added or marked) and its signed referral documents, to save again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.forms.date_entry import DateEntry, DateError
from dash_desktop.store import Store, StoreError
from dash_desktop.store.records import ReferralRecord
from dash_desktop.ui.case_list import format_date
from dash_desktop.ui.widgets import tree_rows


def action_state(due_on: dt.date | None, done_on: dt.date | None, today: dt.date) -> str:
    if done_on is not None:
        return f"done {format_date(done_on)}"
    if due_on is not None and due_on < today:
        return "⚠ overdue"
    return "open"


class MeetingActions(QGroupBox):
    """The actions of one referral, and a row to add one."""

    def __init__(self, store: Store, referral_id: int, parent: QWidget | None = None, *, today: dt.date) -> None:
        super().__init__("Meeting actions (each kept as it is added or marked done)", parent)
        self.setAccessibleName("Meeting actions")
        self.store = store
        self.referral_id = referral_id
        self.today = today
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Actions agreed at the meeting")
        self.tree.setHeaderLabels(["Agency", "Action", "Due", "State"])
        self.tree.setRootIsDecorated(False)
        self.tree.setMinimumHeight(110)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.agency = QLineEdit()
        self.agency.setAccessibleName("Agency")
        self.agency.setPlaceholderText("Agency, e.g. Police")
        self.action = QLineEdit()
        self.action.setAccessibleName("Action")
        self.action.setPlaceholderText("What it will do")
        self.due_on = DateEntry(None, name="Due date", today=today)
        self.due_on.edit.setPlaceholderText("due by")
        self.add_button = QPushButton("Add &action")
        self.add_button.clicked.connect(lambda _c=False: self.add())
        self.done_button = QPushButton("Mark d&one today")
        self.done_button.clicked.connect(lambda _c=False: self.mark_done())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        row = QHBoxLayout()
        row.addWidget(self.agency, 1)
        row.addWidget(self.action, 3)
        due = QHBoxLayout()
        due_label = QLabel("Due &by:")
        due_label.setBuddy(self.due_on.focusProxy() or self.due_on)
        due.addWidget(due_label)
        due.addWidget(self.due_on, 1)
        due.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addLayout(row)
        layout.addLayout(due)
        buttons = QHBoxLayout()
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        for a in self.store.records.actions(self.referral_id):
            item = QTreeWidgetItem([a.agency, a.action, format_date(a.due_on) or "no date",
                                    action_state(a.due_on, a.done_on, self.today)])
            item.setData(0, Qt.ItemDataRole.UserRole, (a.id, a.done_on is None))
            item.setToolTip(1, a.action)
            self.tree.addTopLevelItem(item)
        for column in (0, 2, 3):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._update_buttons()

    def rows(self) -> list[list[str]]:
        return tree_rows(self.tree)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def add(self) -> bool:
        try:
            due = self.due_on.date()
            self.store.records.add_action(self.referral_id, self.agency.text().strip(), self.action.text().strip(),
                                          due_on=due)
        except (StoreError, DateError) as exc:
            self._say(f"Not added: {exc}")
            return False
        self._say("")
        self.agency.clear()
        self.action.clear()
        self.due_on.set_date(None)
        self.refresh()
        return True

    def _selected_open(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value[0]) if value and value[1] else None

    def _update_buttons(self) -> None:
        self.done_button.setEnabled(self._selected_open() is not None)

    def mark_done(self) -> bool:
        action_id = self._selected_open()
        if action_id is None:
            return False
        try:
            self.store.records.complete_action(action_id, self.today)
        except StoreError as exc:
            self._say(f"Not marked: {exc}")
            return False
        self.refresh()
        return True


def save_document(parent: QWidget, store: Store, referral_id: int, document_id: int) -> str:
    """Ask where, save the signed referral there (recorded in the audit trail); what happened, in words."""
    doc = store.documents.get(document_id)
    path, _ = QFileDialog.getSaveFileName(parent, "Save the signed referral", str(Path.home() / doc.filename),
                                          "PDF (*.pdf)")
    if not path:
        return "Not saved: the signed referral is kept in the case file (open the referral to save it)."
    try:
        Path(path).write_bytes(doc.content)
        store.audit.record_export("referral", referral_id, {"document": doc.id, "sha256": doc.sha256,
                                                            "file": Path(path).name})
    except (OSError, StoreError) as exc:
        return f"⚠ Not saved: {path}: {getattr(exc, 'strerror', None) or exc}. It is kept in the case file."
    return f"Signed referral saved: {Path(path).name}"


class ReferralDocuments(QWidget):
    """The referral's signed documents (newest last) and "Save signed referral PDF…"."""

    def __init__(self, store: Store, referral: ReferralRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.referral = referral
        self.ids = list(store.documents.for_referral(referral.id))
        self.button = QPushButton("Save signed referral &PDF…")
        self.button.clicked.connect(lambda _c=False: self.save())
        self.message = QLabel(f"{len(self.ids)} signed referral document(s) kept in the case file.")
        self.message.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.message, 1)

    def save(self) -> str:
        said = save_document(self, self.store, self.referral.id, self.ids[-1])
        self.message.setText(said)
        return said
