"""One widget per item type, generated from the questionnaire definition.

Keyboard: on a yes/no item, Y / N / D answer and move on to the next question; with Shift held
(Shift+Y) they stop at the detail box the answer opens instead (Shift+Tab reaches it too). On a
choice item, the digit of a choice picks (or toggles) it. Enter moves on from any item (in a long
text box Shift+Enter starts a new line, and Tab moves on too); Up / Down move between items; Delete
clears a choice. A date is typed as UK practitioners write it (10/03/2026, 10 Mar 2026) and shown
back in words. Every input has an accessible name (the prompt) and
description (the guidance).
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen, QRegion, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.forms.date_entry import DateEntry
from dash_desktop.forms.session import FormSession
from dash_desktop.forms.text_box import GrowingTextBox
from dash_desktop.questionnaires import AnswerError, Item, ItemType

YES_NO_KEYS = {Qt.Key.Key_Y: "yes", Qt.Key.Key_N: "no", Qt.Key.Key_D: "dont_know"}
NEXT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: The outline of the question the keyboard is on.
CURRENT_BORDER = QColor("#1565c0")


class ItemWidget(QFrame):
    """The prompt, the guidance, the input and any error for one item."""

    #: (item id, stop at its follow-up) the practitioner wants to move on from this item
    advance = Signal(str, bool)
    #: (item id, +1 / -1) move to the next / previous visible item
    step = Signal(str, int)

    def __init__(self, item: Item, session: FormSession, number: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.session = session
        self.setObjectName(f"item-{item.id}")
        self.is_current = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)  # never squeezed
        self.column = layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        marker = " *" if item.required else ""
        self.prompt = QLabel(
            f"<b>{escape(number)}</b> {escape(item.prompt)}{marker}" if number else f"{escape(item.prompt)}{marker}"
        )
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.prompt)
        self.guidance = QLabel(item.guidance)
        self.guidance.setTextFormat(Qt.TextFormat.PlainText)
        self.guidance.setWordWrap(True)
        self.guidance.setObjectName("guidance")
        self.guidance.setVisible(bool(item.guidance))
        layout.addWidget(self.guidance)
        self.row = QHBoxLayout()
        layout.addLayout(self.row)
        # Long lists of choices stack down the page instead of widening it.
        self.choice_box: QBoxLayout = QVBoxLayout() if len(item.answer_choices()) > 3 else self.row
        if self.choice_box is not self.row:
            self.row.addLayout(self.choice_box)
        self.change = QLabel()
        self.change.setTextFormat(Qt.TextFormat.PlainText)  # it quotes an earlier answer, which may be any text
        self.change.setObjectName("changed")
        self.change.setWordWrap(True)
        self.change.hide()
        layout.addWidget(self.change)
        self.prefilled = QLabel()
        self.prefilled.setTextFormat(Qt.TextFormat.PlainText)
        self.prefilled.setObjectName("prefilled")
        self.prefilled.setWordWrap(True)
        self.prefilled.hide()
        layout.addWidget(self.prefilled)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.build()
        self.row.addStretch(1)
        self.source: QLineEdit | None = None
        if item.ask_source:
            self.source = QLineEdit()
            self.source.setPlaceholderText("Source, if not the victim")
            self.source.setAccessibleName(f"Source of the answer to: {item.prompt}")
            self.source.setMaximumWidth(260)
            self.source.editingFinished.connect(self._source_changed)
            self.row.addWidget(self.source)
        self.refresh()

    # --- to be specialised ----------------------------------------------------------------------

    def build(self) -> None:
        raise NotImplementedError

    def show_answer(self, value: Any) -> None:
        raise NotImplementedError

    def focus_input(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Type-specific keys; return True when handled."""
        return False

    # --- shared --------------------------------------------------------------------------------

    def show_change(self) -> None:
        """Say so when the answer differs from the last completed assessment's, and where an answer the
        case already gave came from (never by colour alone)."""
        if self.session.changed_since_baseline(self.item.id):
            shown = self.item.answer_text(self.session.baseline[self.item.id])
            self.change.setText(f"↻ Changed since the last assessment (was: {shown})")
            self.change.setVisible(True)
        else:
            self.change.setVisible(False)
        known = self.session.prefilled(self.item.id)
        hint = self.session.hints.get(self.item.id)
        if known is not None:
            self.prefilled.setText(f"⤷ Filled in from {known.source}; change it if it is not right.")
        elif hint:
            self.prefilled.setText(f"ℹ {hint}")
        self.prefilled.setVisible(known is not None or bool(hint))

    def refresh(self) -> None:
        self.show_answer(self.session.answer(self.item.id))
        if self.source is not None:
            self.source.setText(self.session.sources.get(self.item.id, ""))

    def commit(self, value: Any) -> bool:
        """Give the session an answer; show what is wrong instead when it refuses it."""
        try:
            self.session.set_answer(self.item.id, value)
        except AnswerError as exc:
            self.error.setText(f"⚠ {exc.message}")
            self.error.show()
            return False
        self.error.hide()
        return True

    def _source_changed(self) -> None:
        if self.source is not None and self.session.sources.get(self.item.id, "") != self.source.text().strip():
            self.session.set_source(self.item.id, self.source.text())

    def set_current(self, current: bool) -> None:
        """Mark the question the keyboard is on with an outline, drawn by :meth:`paintEvent`: moving on
        repaints only the outlines' ring, not the two questions inside them (nor restyles them)."""
        if self.is_current != current:
            self.is_current = current
            ring = QRegion(self.rect()) - QRegion(self.rect().adjusted(4, 4, -4, -4))
            self.update(ring)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        super().paintEvent(event)
        if self.is_current:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(CURRENT_BORDER, 2.5))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5), 4, 4)
            painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        if self.handle_key(event):
            return
        if event.key() in NEXT_KEYS:
            self.advance.emit(self.item.id, False)
        elif event.key() == Qt.Key.Key_Down and not isinstance(self.focusWidget(), QAbstractButton):
            self.step.emit(self.item.id, 1)
        elif event.key() == Qt.Key.Key_Up and not isinstance(self.focusWidget(), QAbstractButton):
            self.step.emit(self.item.id, -1)
        else:
            super().keyPressEvent(event)


class ChoiceItem(ItemWidget):
    """Yes / No / Don't know, Yes / No, or a single choice: radio buttons."""

    def build(self) -> None:
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        fixed = self.item.type in (ItemType.YES_NO_DONT_KNOW, ItemType.YES_NO)
        for n, choice in enumerate(self.item.answer_choices(), 1):
            key = {"yes": "Y", "no": "N", "dont_know": "D"}[choice.value] if fixed else str(n)
            button = QRadioButton(f"{choice.label}  ({key})")
            button.setAccessibleName(choice.label)
            button.setAccessibleDescription(f"{self.item.prompt} Key {key}.")
            self.group.addButton(button, n)
            self.buttons[choice.value] = button
            self.choice_box.addWidget(button)
            button.clicked.connect(lambda _=False, v=choice.value: self._clicked(v))
        self.prompt.setBuddy(next(iter(self.buttons.values())))

    def _clicked(self, value: str) -> None:
        self.commit(value)

    def show_answer(self, value: Any) -> None:
        self.group.setExclusive(False)
        for v, button in self.buttons.items():
            button.setChecked(v == value)
        self.group.setExclusive(True)

    def focus_input(self) -> None:
        checked = self.group.checkedButton() or next(iter(self.buttons.values()))
        checked.setFocus(Qt.FocusReason.OtherFocusReason)

    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        value: str | None = None
        if self.item.type in (ItemType.YES_NO_DONT_KNOW, ItemType.YES_NO):
            value = YES_NO_KEYS.get(key)
            if value not in self.buttons:
                value = None
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            choices = list(self.buttons)
            value = choices[index] if index < len(choices) else None
        if value is not None:
            if self.commit(value):
                self.show_answer(value)
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.advance.emit(self.item.id, shift)
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.commit(None)
            self.show_answer(None)
            return True
        return False


class MultipleChoiceItem(ItemWidget):
    def build(self) -> None:
        self.boxes: dict[str, QCheckBox] = {}
        for n, choice in enumerate(self.item.choices, 1):
            box = QCheckBox(f"{choice.label}  ({n})")
            box.setAccessibleName(choice.label)
            box.setAccessibleDescription(self.item.prompt)
            box.toggled.connect(self._toggled)
            self.boxes[choice.value] = box
            self.choice_box.addWidget(box)
        self.prompt.setBuddy(next(iter(self.boxes.values())))

    def _toggled(self) -> None:
        self.commit([v for v, box in self.boxes.items() if box.isChecked()])

    def show_answer(self, value: Any) -> None:
        chosen = set(value or [])
        for v, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(v in chosen)
            box.blockSignals(False)

    def focus_input(self) -> None:
        next(iter(self.boxes.values())).setFocus(Qt.FocusReason.OtherFocusReason)

    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            boxes = list(self.boxes.values())
            index = key - Qt.Key.Key_1
            if index < len(boxes):
                boxes[index].toggle()
            return True
        return False


class EntryItem(ItemWidget):
    """An item typed into (a number, a text, a date): the answer is checked when the practitioner moves
    on (Enter, Tab, a click elsewhere), and Enter moves on only once it is accepted."""

    def value(self) -> Any:
        raise NotImplementedError

    def refused(self) -> str | None:
        """What is wrong with what is typed, before the item's own check (an unreadable date)."""
        return None

    def save(self) -> bool:
        problem = self.refused()
        if problem is not None:
            self.error.setText(f"⚠ {problem}")
            self.error.show()
            return False
        value = self.value()
        if value == self.session.answer(self.item.id):
            self.error.hide()
            return True
        return self.commit(value)

    def pending(self) -> bool:
        """Typed but not yet given to the session."""
        return self.refused() is None and self.value() != self.session.answer(self.item.id)

    def move_on(self) -> None:
        if self.save():
            self.advance.emit(self.item.id, False)


class LineItem(EntryItem):
    """A number: one short line."""

    def build(self) -> None:
        self.edit = QLineEdit()
        self.edit.setAccessibleName(self.item.prompt)
        self.edit.setAccessibleDescription(self.item.guidance)
        self.edit.setPlaceholderText("a whole number" if self.item.integer else "a number")
        self.edit.setMaximumWidth(140)
        self.edit.editingFinished.connect(self.save)
        self.prompt.setBuddy(self.edit)
        self.row.addWidget(self.edit)

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        try:
            return float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            return text  # refused with a message by the item's own check

    def handle_key(self, event: QKeyEvent) -> bool:
        # QLineEdit passes Return on to its parent: move on only once the answer is accepted.
        if event.key() in NEXT_KEYS:
            self.move_on()
            return True
        return False

    def show_answer(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.edit.text() != text:
            self.edit.setText(text)

    def focus_input(self) -> None:
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit.selectAll()


class TextItem(EntryItem):
    """Long text (an injury's detail, a judgement's reason): a box across the question that grows with
    what is typed. Enter moves on, Shift+Enter starts a new line, Tab moves on."""

    def build(self) -> None:
        follow_up = self.item.relevant is not None
        hint = "Type the details" if follow_up else "Type here"
        self.edit = GrowingTextBox(name=self.item.prompt, placeholder=hint, enter_moves_on=True)
        self.edit.setAccessibleDescription(self.item.guidance)
        self.edit.submitted.connect(self.move_on)
        self.edit.focus_left.connect(self.save)
        self.prompt.setBuddy(self.edit)
        self.column.insertWidget(self.column.indexOf(self.change), self.edit)

    def value(self) -> Any:
        return self.edit.text().strip() or None

    def show_answer(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.edit.text().strip() != text:
            self.edit.setPlainText(text)

    def focus_input(self) -> None:
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit.moveCursor(QTextCursor.MoveOperation.End)


class DateItem(EntryItem):
    """A date, typed as UK practitioners write it and shown back in words."""

    def build(self) -> None:
        self.edit = DateEntry(name=self.item.prompt)
        self.edit.edit.setAccessibleDescription(self.item.guidance)
        self.edit.edit.editingFinished.connect(self.save)
        self.prompt.setBuddy(self.edit.edit)
        self.row.addWidget(self.edit, 1)

    def refused(self) -> str | None:
        return self.edit.error()

    def value(self) -> Any:
        day = self.edit.date() if self.refused() is None else None
        return day.isoformat() if day is not None else None

    def handle_key(self, event: QKeyEvent) -> bool:
        if event.key() in NEXT_KEYS:
            self.move_on()
            return True
        return False

    def show_answer(self, value: Any) -> None:
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if self.refused() is not None or self.edit.date() != day:
            self.edit.set_date(day)

    def focus_input(self) -> None:
        self.edit.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit.edit.selectAll()


def item_widget(item: Item, session: FormSession, number: str = "") -> ItemWidget:
    if item.type in (ItemType.YES_NO_DONT_KNOW, ItemType.YES_NO, ItemType.SINGLE_CHOICE):
        return ChoiceItem(item, session, number)
    if item.type is ItemType.MULTIPLE_CHOICE:
        return MultipleChoiceItem(item, session, number)
    if item.type is ItemType.TEXT:
        return TextItem(item, session, number)
    if item.type is ItemType.DATE:
        return DateItem(item, session, number)
    return LineItem(item, session, number)
