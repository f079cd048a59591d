"""A guided form generated from any questionnaire definition: sections in a sidebar with progress,
one widget per item, follow-ups appearing when relevant, the live result beside it."""

from __future__ import annotations

from html import escape

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.forms.items import EntryItem, ItemWidget, item_widget
from dash_desktop.forms.result_panel import ResultPanel
from dash_desktop.forms.session import FormSession

STYLE = """
ItemWidget { border: 1px solid transparent; border-radius: 4px; }
QLabel#guidance { color: #555; font-size: 0.92em; }
QLabel#error { color: #b00020; font-weight: bold; }
QLabel#changed { color: #6a1b9a; font-style: italic; }
QLabel#prefilled { color: #1b5e20; font-style: italic; }
QLabel.section-title { font-size: 1.2em; font-weight: bold; padding-top: 10px; }
"""


class AssessmentForm(QWidget):
    """Emits ``answers_changed`` after every accepted answer (the app saves the draft on it)."""

    answers_changed = Signal()

    def __init__(self, session: FormSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setStyleSheet(STYLE)
        self.items: dict[str, ItemWidget] = {}
        self.section_anchor: dict[str, QWidget] = {}

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Sections")
        self.sidebar.setWordWrap(True)
        self.sidebar.setMinimumWidth(220)
        self.sidebar.setMaximumWidth(300)
        self.sidebar.itemActivated.connect(self._section_chosen)
        self.sidebar.itemClicked.connect(self._section_chosen)

        page = QWidget()
        column = QVBoxLayout(page)
        q = session.questionnaire
        title = QLabel(f"<h2>{escape(q.title)}</h2><p>{escape(q.description)}</p>")
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setWordWrap(True)
        column.addWidget(title)
        for section in q.sections:
            heading = QLabel(section.title)
            heading.setTextFormat(Qt.TextFormat.PlainText)
            heading.setProperty("class", "section-title")
            heading.setAccessibleName(f"Section: {section.title}")
            column.addWidget(heading)
            self.section_anchor[section.id] = heading
            if section.description:
                note = QLabel(section.description)
                note.setTextFormat(Qt.TextFormat.PlainText)
                note.setWordWrap(True)
                note.setObjectName("guidance")
                column.addWidget(note)
            for item in section.items:
                number = item.id[1:] + "." if item.id[0] == "q" and item.id[1:].isdigit() else ""
                widget = item_widget(item, session, number)
                widget.advance.connect(self._advance)
                widget.step.connect(self._step)
                self.items[item.id] = widget
                column.addWidget(widget)
            self.sidebar.addItem(QListWidgetItem(section.title))
        column.addStretch(1)
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setWidget(page)

        self.result_panel = ResultPanel()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.page_scroll)
        splitter.addWidget(self.result_panel)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        session.listeners.append(self._answer_changed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.current: str | None = None
        self.refresh()

    # --- navigation -------------------------------------------------------------------------------

    def start(self) -> None:
        """Put the keyboard on the first question still to answer."""
        first = self.session.unanswered()
        target = first[0].id if first else next(iter(self.items))
        self.focus_item(target)

    def focus_item(self, item_id: str) -> None:
        widget = self.items[item_id]
        widget.focus_input()
        self._mark_current(item_id)
        QTimer.singleShot(0, self.page_scroll, lambda: self.page_scroll.ensureWidgetVisible(widget, 0, 60))

    def _advance(self, item_id: str, follow_ups: bool) -> None:
        nxt = self.session.next_stop(item_id, follow_ups)
        if nxt is not None:
            self.focus_item(nxt.id)

    def _step(self, item_id: str, direction: int) -> None:
        visible = [i for i, w in self.items.items() if not w.isHidden()]
        index = visible.index(item_id) + direction
        if 0 <= index < len(visible):
            self.focus_item(visible[index])

    def _section_chosen(self, entry: QListWidgetItem) -> None:
        section = self.session.questionnaire.sections[self.sidebar.row(entry)]
        first = next((i for i in section.items if self.session.is_relevant(i)), None)
        if first is not None:
            self.focus_item(first.id)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        while new is not None and not isinstance(new, ItemWidget):
            new = new.parentWidget()
        if new is not None and new.item.id in self.items and self.items[new.item.id] is new:
            self._mark_current(new.item.id)

    def _mark_current(self, item_id: str) -> None:
        if item_id == self.current:
            return
        if self.current and self.current in self.items:
            self.items[self.current].set_current(False)
        self.current = item_id
        self.items[item_id].set_current(True)

    # --- state ---------------------------------------------------------------------------------------

    def flush(self) -> None:
        """Save whatever is typed but not yet saved (before a close, a lock or a review)."""
        for widget in self.items.values():
            if isinstance(widget, EntryItem) and widget.pending():
                widget.save()

    def _answer_changed(self, item_id: str) -> None:
        if not shiboken6.isValid(self):  # the window is being torn down: the session keeps the answer
            return
        widget = self.items[item_id]
        focus = QApplication.focusWidget()
        if focus is None or not widget.isAncestorOf(focus):  # set from outside: show it
            widget.refresh()
        self.refresh(item_id)
        self.answers_changed.emit()

    def refresh(self, changed: str | None = None) -> None:
        """Bring the form up to date with the answers: which items show, what changed since the last
        assessment (for ``changed`` only, when given), the sections' progress and the live result.
        Only what differs is touched: this runs on every keypress."""
        for widget in self.items.values():
            relevant = self.session.is_relevant(widget.item)
            if widget.isHidden() == relevant:
                widget.setVisible(relevant)
            if changed is None or widget.item.id == changed:
                widget.show_change()
        for row, section in enumerate(self.session.questionnaire.sections):
            progress = self.session.progress(section)
            tick = "✓ " if progress.done else ""
            text = f"{tick}{section.title}  ({progress.answered}/{progress.required})"
            entry = self.sidebar.item(row)
            if entry.text() != text:
                entry.setText(text)
                entry.setToolTip(f"{progress.answered} of {progress.required} required questions answered")
        self.result_panel.show_result(self.session.result())
