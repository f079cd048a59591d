"""The case view's dialogs: dates typed as UK practitioners write them (defect 6), and referrals
and notes edited in the app, a referral's status changed (defect 16) (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from case_helpers import SHOTS
from PySide6.QtCore import Qt

from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store
from dash_desktop.ui.case_view import CaseView
from dash_desktop.ui.dialogs import NoteDialog, PersonDialog, ReferralDialog

TODAY = dt.date(2026, 11, 25)


def test_the_person_dialog_saves_what_was_typed(store: Store, qtbot: Any) -> None:
    case = store.cases.add("HX-1")
    dialog = PersonDialog(store, case.id, None, today=TODAY, role="child")
    qtbot.addWidget(dialog)
    dialog.name.insert("Child 1")
    dialog.dob.insert("21 Jul 2198")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.error.text() == "Not saved: Date of birth: 21 July 2198 is in the future: a date of birth cannot be"
    assert store.cases.get(case.id).people == ()  # refused, nothing written, the dialog still open
    dialog.dob.edit.clear()
    dialog.dob.insert("9 may 2017")
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(SHOTS / "date-entry-person-dialog.png"))
    with qtbot.waitSignal(dialog.accepted):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert store.cases.get(case.id).people[0].date_of_birth == dt.date(2017, 5, 9)


def activate_row(view: CaseView, qtbot: Any, title: str) -> Any:
    for row in range(view.chronology.topLevelItemCount()):
        item = view.chronology.topLevelItem(row)
        if item.text(1).startswith(title):
            view.chronology.setFocus()
            view.chronology.setCurrentItem(item)
            qtbot.keyClick(view.chronology, Qt.Key.Key_Return)
            return view.dialog
    raise AssertionError(title)


def make_view(store: Store, qtbot: Any, registry: Registry) -> CaseView:
    case = store.cases.add("HX-2026-0042")
    store.records.add_referral(case.id, "marac", status="proposed", referred_on=dt.date(2026, 11, 3))
    store.records.add_note(case.id, "Called Jo; safe after 6pm.", happened_on=dt.date(2026, 11, 4))
    view = CaseView(store, case.id, registry=registry, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1366, 708)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_a_referrals_status_is_changed_in_the_app(store: Store, qtbot: Any, registry: Registry) -> None:
    view = make_view(store, qtbot, registry)
    dialog = activate_row(view, qtbot, "Referral: MARAC")
    assert isinstance(dialog, ReferralDialog)  # Enter on a referral did nothing before
    assert dialog.windowTitle() == "Edit referral"
    assert not dialog.kind.isEnabled()  # a referral elsewhere is a new one
    dialog.status.setCurrentIndex(dialog.status.findData("accepted"))
    dialog.meeting_on.insert("2/12/2026")
    dialog.detail.insertPlainText("Listed for the December MARAC")
    assert dialog.grab().save(str(SHOTS / "referral-edit.png"))
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: view.dialog is None)
    referral = store.cases.get(view.case_id).referrals[0]
    assert (referral.status, referral.meeting_on, referral.detail) == (
        "accepted", dt.date(2026, 12, 2), "Listed for the December MARAC")
    row = next(view.chronology.topLevelItem(r) for r in range(view.chronology.topLevelItemCount())
               if view.chronology.topLevelItem(r).text(1) == "Referral: MARAC")
    assert row.text(2) == "Accepted; meeting 2 Dec 2026; Listed for the December MARAC"


def test_a_note_is_edited_and_says_so(store: Store, qtbot: Any, registry: Registry) -> None:
    view = make_view(store, qtbot, registry)
    view.chronology.setCurrentItem(view.chronology.topLevelItem(0))
    assert view.open_entry_button.isEnabled()
    view.open_entry_button.click()
    dialog = view.dialog
    assert isinstance(dialog, NoteDialog)
    assert dialog.text.toPlainText() == "Called Jo; safe after 6pm."
    assert dialog.happened_on.date() == dt.date(2026, 11, 4)
    dialog.text.insertPlainText(" Not on Sundays.")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: view.dialog is None)
    note = store.cases.get(view.case_id).notes[0]
    assert note.text == "Called Jo; safe after 6pm. Not on Sundays." and note.updated_at is not None
    top = view.chronology.topLevelItem(0)
    assert (top.text(1), top.text(2)) == ("Note (Ana Practitioner) (edited)",
                                          "Called Jo; safe after 6pm. Not on Sundays.")
