"""A person's structured details in the person dialog: contact (address, phone and whether it is safe
to call), relationships, school, interpreter and language, and the equality fields as the SafeLives
MARAC dataset's categories (the store's vocabulary), and the case's district picker.

Every choice starts at "not recorded" (None), which is not the same as "not known": a practitioner
who asked and was not told picks "Not known".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from dash_desktop.store.records import PersonRecord
from dash_desktop.store.vocabulary import CHOICE_LABELS, EQUALITY_CHOICES, Role, choice_label
from dash_desktop.ui.widgets import EQUALITY_NAMES

NOT_RECORDED = "Not recorded"
#: The equality fields with a vocabulary (the store's categories), each value with its words.
CATEGORY_FIELDS: dict[str, dict[str, str]] = {
    field: {m.value: CHOICE_LABELS.get(m.value, m.value) for m in enum} for field, enum in EQUALITY_CHOICES.items()
}
TEXT_FIELDS = {
    "address": "Address",
    "phone": "Phone",
    "relationship_to_victim": "Relationship to the victim",
    "relationship_to_perpetrator": "Relationship to the perpetrator",
    "school": "School or nursery",
    "first_language": "First language",
}
FLAG_FIELDS = {"safe_to_call": "Safe to call", "interpreter_needed": "Interpreter needed"}
#: Which relationships each role is asked for (a victim's is to the perpetrator, and so on).
RELATIONSHIPS = {
    Role.VICTIM.value: ("relationship_to_perpetrator",),
    Role.PERPETRATOR.value: ("relationship_to_victim",),
    Role.CHILD.value: ("relationship_to_victim", "relationship_to_perpetrator"),
    Role.OTHER_DEPENDANT.value: ("relationship_to_victim", "relationship_to_perpetrator"),
}


def value_words(field: str, value: Any) -> str:
    """A stored value in words (a category's words, yes/no for a flag, text as it is)."""
    if value is None or value == "":
        return NOT_RECORDED
    if isinstance(value, str):
        return choice_label(field, value) or value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def choice(name: str, choices: Mapping[Any, str], current: Any) -> QComboBox:
    """A combo box of ``choices`` after "Not recorded" (None); ``current`` chosen."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(NOT_RECORDED, None)
    for value, words in choices.items():
        combo.addItem(words, value)
    index = combo.findData(current) if current is not None else 0
    if index < 0:  # a value the choices do not know (never dropped): kept, shown as it is
        combo.addItem(f"{current} (as recorded)", current)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
    return combo


def district_picker(districts: Mapping[str, str], current: str | None) -> QComboBox:
    """The case's district (the services directory's ids, by name); an area typed before districts
    were chosen from a list stays as it was until another is picked."""
    combo = choice("District", dict(sorted(districts.items(), key=lambda kv: kv[1])), current)
    if current is not None and current not in districts:
        combo.setItemText(combo.currentIndex(), f"{current} (as recorded; not one of the districts)")
    return combo


class PersonFields(QWidget):
    """The structured fields beside a person's role, name and date of birth, in two columns:
    contact and relationships, and equality monitoring. ``values()`` gives them for the store."""

    def __init__(self, person: PersonRecord | None, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts: dict[str, QLineEdit] = {}
        self.flags: dict[str, QComboBox] = {}
        self.categories: dict[str, QComboBox] = {}
        self.labels: dict[str, QLabel] = {}
        contact = QGroupBox("Contact, relationships and language")
        contact_form = self.contact_form = QFormLayout(contact)
        for field, words in TEXT_FIELDS.items():
            edit = QLineEdit(str(getattr(person, field, None) or "") if person else "")
            edit.setAccessibleName(words)
            self.texts[field] = edit
            self._row(contact_form, field, words, edit)
            if field == "phone":
                self._flag(contact_form, "safe_to_call", person)
        self._flag(contact_form, "interpreter_needed", person)
        self.texts["phone"].setPlaceholderText("only if it is safe to call")
        equality = QGroupBox("Equality monitoring (optional)")
        equality_form = QFormLayout(equality)
        self.age_band = QLineEdit(person.age_band or "" if person else "")
        self.age_band.setAccessibleName(EQUALITY_NAMES["age_band"])
        self._row(equality_form, "age_band", EQUALITY_NAMES["age_band"], self.age_band)
        for field, choices in CATEGORY_FIELDS.items():
            combo = choice(EQUALITY_NAMES[field], choices, getattr(person, field, None) if person else None)
            self.categories[field] = combo
            self._row(equality_form, field, EQUALITY_NAMES[field], combo)
        self.equality_note = QLineEdit(str(getattr(person, "equality_note", None) or "") if person else "")
        self.equality_note.setAccessibleName("Equality note")
        self.equality_note.setPlaceholderText("anything the categories do not say")
        self._row(equality_form, "equality_note", "Equality note", self.equality_note)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(contact, 1)
        layout.addWidget(equality, 1)
        self.show_for(role)

    def _row(self, form: QFormLayout, field: str, words: str, widget: QWidget) -> None:
        label = QLabel(f"{words}:")
        label.setBuddy(widget)
        self.labels[field] = label
        form.addRow(label, widget)

    def _flag(self, form: QFormLayout, field: str, person: PersonRecord | None) -> None:
        combo = choice(FLAG_FIELDS[field], {True: "Yes", False: "No"}, getattr(person, field, None) if person else None)
        self.flags[field] = combo
        self._row(form, field, FLAG_FIELDS[field], combo)

    def show_for(self, role: str) -> None:
        """Only the relationships (and a school) the role has; what is hidden keeps its value."""
        asked = RELATIONSHIPS.get(role, ())
        for field in ("relationship_to_victim", "relationship_to_perpetrator", "school"):
            visible = field in asked or (field == "school" and role in {Role.CHILD.value, Role.OTHER_DEPENDANT.value})
            self.contact_form.setRowVisible(self.texts[field], visible)

    def values(self) -> dict[str, Any]:
        """The fields as keyword arguments of ``store.people.add`` / ``update`` (blank: None)."""
        out: dict[str, Any] = {field: (edit.text().strip() or None) for field, edit in self.texts.items()}
        out.update({field: combo.currentData() for field, combo in self.flags.items()})
        out.update({field: combo.currentData() for field, combo in self.categories.items()})
        out["age_band"] = self.age_band.text().strip() or None
        out["equality_note"] = self.equality_note.text().strip() or None
        return out
