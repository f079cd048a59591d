"""One date entry for every date the app asks for (a dialog's date of birth or review date, a form's
date item): it takes what UK practitioners type (10/03/2026 is 10 March, 10 Mar 2026, 10 march 2026,
2026-03-10), says in words the date it understood, and refuses what is not a whole, real date.

The reading is python-dateutil's (day first, as in the UK); a date typed year first (2026-03-10) is
read year, month, day. A lenient parser fills in what is missing from a default, so "May 2017" would
quietly become 1 May 2017: the text is read against two different defaults, and where the two
readings differ, a part was missing and the date is refused.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as date_parser
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from dash_desktop.questionnaires.model import date_text

EXAMPLES = "for example 10/03/2026 or 10 Mar 2026"
#: Year first, as ISO 8601 writes it: read year, month, day (day-first reading would swap them).
_YEAR_FIRST = re.compile(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*")
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))
OLDEST_YEAR = 1900
LATEST_YEAR = 2100
OLDEST_AGE = 120


class DateError(ValueError):
    """Text that is not a whole, real date (or not one this field can take), in words."""


def read_date(text: str, *, latest_year: int = LATEST_YEAR) -> dt.date | None:
    """The date ``text`` names; ``None`` for no text; :class:`DateError` for anything else (a year
    before 1900 or after ``latest_year`` is taken for a slip)."""
    text = text.strip()
    if not text:
        return None
    year_first = bool(_YEAR_FIRST.fullmatch(text))
    readings = []
    for default in _DEFAULTS:
        try:
            readings.append(date_parser.parse(text, dayfirst=not year_first, default=default).date())
        except date_parser.ParserError as exc:
            if "out of range" in str(exc):
                raise DateError(f"“{text}” is not a real date") from None
            raise DateError(f"“{text}” is not a date I can read ({EXAMPLES})") from None
        except (ValueError, OverflowError):
            raise DateError(f"“{text}” is not a real date") from None
    if readings[0] != readings[1]:
        raise DateError(f"“{text}” is not a whole date: give the day, the month and the year ({EXAMPLES})")
    day = readings[0]
    if not OLDEST_YEAR <= day.year <= latest_year:
        raise DateError(f"{date_text(day)} is not between {OLDEST_YEAR} and {latest_year}: check the year")
    return day


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_birth(birth: dt.date, today: dt.date) -> None:
    if birth > today:
        raise DateError(f"{date_text(birth)} is in the future: a date of birth cannot be")
    if age_on(birth, today) > OLDEST_AGE:
        raise DateError(f"{date_text(birth)} would make them {age_on(birth, today)}: check the year")


def understood(day: dt.date, *, birth: bool, today: dt.date) -> str:
    """What the entry shows it understood: the day in words, and the age for a date of birth."""
    words = f"{day:%A} {date_text(day)}"
    if birth:
        age = age_on(day, today)
        words += f" (age {age})" if age >= 1 else " (under 1 year old)"
    return words


class DateEntry(QWidget):
    """A line to type a date in, and beside it the date understood in words (or what is wrong).

    ``birth``: a date of birth (never in the future; the age is shown). ``changed`` is emitted as the
    text changes; :meth:`date` gives the date or raises :class:`DateError`.
    """

    changed = Signal()
    #: Enter or Return was pressed in the box
    submitted = Signal()

    def __init__(self, day: dt.date | None = None, *, name: str, birth: bool = False,
                 today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.birth = birth
        self._today = today
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        self.edit.setPlaceholderText("e.g. 10/03/2026 or 10 Mar 2026")
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("e.g. 10/03/2026 or 10 Mar 2026") + 16)
        self.edit.setMaximumWidth(260)
        self.said = QLabel()
        self.said.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
        self.said.setWordWrap(True)
        self.said.setObjectName("date-understood")
        self.said.setAccessibleName(f"{name}: the date understood")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.said, 1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._typed)
        self.edit.returnPressed.connect(self.submitted)
        self.set_date(day)

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def set_date(self, day: dt.date | None) -> None:
        self.edit.setText("" if day is None else f"{day.day} {day:%b %Y}")
        self._typed()

    def text(self) -> str:
        return self.edit.text()

    def insert(self, text: str) -> None:
        """Type ``text`` at the cursor (as into a line edit)."""
        self.edit.insert(text)

    def date(self) -> dt.date | None:
        """The date typed (``None`` if nothing is), or :class:`DateError` saying what is wrong."""
        day = read_date(self.edit.text(), latest_year=dt.date.max.year if self.birth else LATEST_YEAR)
        if day is not None and self.birth:
            check_birth(day, self.today)
        return day

    def error(self) -> str | None:
        try:
            self.date()
        except DateError as exc:
            return str(exc)
        return None

    def _typed(self) -> None:
        try:
            day = self.date()
        except DateError as exc:
            self.said.setText(f"⚠ {exc}")
            self.said.setStyleSheet("color: #b00020;")
        else:
            self.said.setText(understood(day, birth=self.birth, today=self.today) if day else "No date given")
            self.said.setStyleSheet("color: #555;")
        self.edit.setAccessibleDescription(self.said.text())
        self.changed.emit()
