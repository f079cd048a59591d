"""Defect 6: one date entry everywhere, taking what UK practitioners type, saying the date it
understood, refusing what is not a whole, real date, and future dates of birth."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from case_helpers import SHOTS
from PySide6.QtCore import Qt

from dash_desktop.forms.date_entry import DateEntry, DateError, read_date
from dash_desktop.forms.form import AssessmentForm
from dash_desktop.forms.items import DateItem
from dash_desktop.forms.session import FormSession
from dash_desktop.questionnaires import Registry

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(("typed", "day"), [
    ("9 may 2017", dt.date(2017, 5, 9)),  # the date-of-birth box made this 9 January
    ("10/03/2026", dt.date(2026, 3, 10)),  # day first, as in the UK
    ("10 Mar 2026", dt.date(2026, 3, 10)),
    ("10 march 2026", dt.date(2026, 3, 10)),
    ("2026-03-10", dt.date(2026, 3, 10)),  # year first stays year, month, day
    ("10.03.2026", dt.date(2026, 3, 10)),
    ("  1/2/1985 ", dt.date(1985, 2, 1)),
])
def test_what_practitioners_type(typed: str, day: dt.date) -> None:
    assert read_date(typed) == day


@pytest.mark.parametrize(("typed", "said"), [
    ("May 2017", "not a whole date"),  # a lenient parser would make it 1 May (or today's day)
    ("10/03", "not a whole date"),
    ("2026", "not a whole date"),
    ("31/02/2026", "not a real date"),
    ("29/02/2025", "not a real date"),
    ("next tuesday", "not a date I can read"),
    ("21 Jul 2198", "check the year"),
])
def test_what_is_refused_in_words(typed: str, said: str) -> None:
    with pytest.raises(DateError, match=said):
        read_date(typed)
    assert read_date("") is None


def test_a_date_of_birth_shows_the_age_and_is_never_in_the_future(qtbot: Any) -> None:
    entry = DateEntry(name="Date of birth", birth=True, today=TODAY)
    qtbot.addWidget(entry)
    entry.insert("9 may 2017")
    assert entry.date() == dt.date(2017, 5, 9)
    assert entry.said.text() == "Tuesday 9 May 2017 (age 9)"
    assert entry.edit.accessibleDescription() == entry.said.text()
    entry.edit.clear()
    entry.insert("21 Jul 2098")
    with pytest.raises(DateError, match="in the future"):
        entry.date()
    assert entry.said.text().startswith("⚠ 21 July 2098 is in the future")


def test_a_form_date_item_takes_a_uk_date(qtbot: Any, registry: Registry) -> None:
    session = FormSession(registry.get("dash-ric"))
    form = AssessmentForm(session)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    widget = form.items["previous_marac_on"]
    assert isinstance(widget, DateItem)
    form.focus_item("previous_marac_on")
    widget.edit.insert("10/03/2026")  # the form took only 2026-03-10 before
    qtbot.keyClick(widget.edit.edit, Qt.Key.Key_Return)
    assert session.answer("previous_marac_on") == "2026-03-10"
    assert widget.edit.said.text() == "Tuesday 10 March 2026"
    assert form.current == "further_abuse_since_marac"  # moved on, to the question the date opened
    widget.edit.edit.clear()
    widget.edit.insert("March 2026")
    assert not widget.save()
    assert "not a whole date" in widget.error.text()
    assert session.answer("previous_marac_on") == "2026-03-10"  # the refused text changed nothing
    form.focus_item("previous_marac_on")
    qtbot.wait(50)  # scrolled to it
    assert form.grab().save(str(SHOTS / "date-entry-form-item.png"))
