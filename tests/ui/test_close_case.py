"""Closing a case with its outcome, reopening it, the review date a high-risk result proposes, and
a referral's status and meeting actions in the case view (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from case_helpers import SHOTS, mnemonics
from fit_helpers import clipped
from marac_ui_helpers import TODAY, household_case, imported
from PySide6.QtCore import Qt

from dash_desktop.assessment import load_profile
from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store
from dash_desktop.ui.case_list import format_date
from dash_desktop.ui.case_view import CaseView
from dash_desktop.ui.close_case import CloseCaseDialog
from dash_desktop.ui.dialogs import ReferralDialog


def view_of(store: Store, case_id: int, qtbot: Any, registry: Registry) -> CaseView:
    view = CaseView(store, case_id, registry=registry, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    return view


def test_a_case_closes_only_with_an_outcome_recorded_in_the_audit_trail(store: Store, qtbot: Any,
                                                                        registry: Registry) -> None:
    case_id = household_case(store)
    view = view_of(store, case_id, qtbot, registry)
    assert view.close_case_button.text() == "C&lose case…"
    dialog = view.close_or_reopen()
    assert isinstance(dialog, CloseCaseDialog)
    keys = mnemonics(dialog)
    assert len(keys) == len(set(keys)), sorted(keys)
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "choose the outcome" in dialog.error.text()
    assert store.cases.get(case_id).status == "open"
    dialog.outcome.setCurrentIndex(dialog.outcome.findText("Moved out of the area"))
    dialog.note.set_text("Moved to Leeds; handed to Leeds IDVA service.")
    dialog.buttons.accepted.emit()
    case = store.cases.get(case_id)
    assert (case.status, case.close_outcome, case.closed_on) == ("closed", "moved_away", TODAY)
    assert "Closed on 25 Nov 2026: moved out of the area" in view.summary.text()
    assert view.close_case_button.text() == "Re&open case"
    events = [e for e in store.audit.events() if e.entity == "case" and e.detail.get("outcome")]
    assert [(e.detail["status"], e.detail["outcome"]) for e in events] == [("closed", "moved_away")]
    assert any("handed to Leeds" in n.text for n in case.notes)
    view.close_or_reopen()
    assert store.cases.get(case_id).status == "open"
    assert view.close_case_button.text() == "C&lose case…"


def test_a_high_risk_dash_proposes_a_review_date_that_one_click_sets(store: Store, qtbot: Any,
                                                                    registry: Registry) -> None:
    case_id = household_case(store, review_on=dt.date(2027, 6, 1))
    imported(store, case_id, "dash-ric-14-yes.json", assessed_on=dt.date(2026, 11, 20))
    weeks = load_profile().review_weeks
    proposed = dt.date(2026, 11, 20) + dt.timedelta(weeks=weeks)
    view = view_of(store, case_id, qtbot, registry)
    strip = view.review_proposal
    assert strip.isVisible()
    qtbot.wait(30)
    view.grab().save(str(SHOTS / "case-view-review-proposed-1366x768.png"))
    assert clipped(view) == []
    assert strip.text.text() == (f"The high-risk assessment of 20 Nov 2026 proposes a review by "
                                 f"{format_date(proposed)}; the review date now is 1 Jun 2027.")
    qtbot.mouseClick(strip.button, Qt.MouseButton.LeftButton)
    assert store.cases.get(case_id).review_on == proposed
    assert not strip.isVisible()


def test_an_earlier_review_already_set_is_not_pushed_back(store: Store, qtbot: Any, registry: Registry) -> None:
    case_id = household_case(store, review_on=dt.date(2026, 12, 1))
    imported(store, case_id, "dash-ric-14-yes.json", assessed_on=dt.date(2026, 11, 20))
    view = view_of(store, case_id, qtbot, registry)
    assert not view.review_proposal.isVisible()


def test_a_standard_risk_dash_proposes_no_review(store: Store, qtbot: Any, registry: Registry) -> None:
    case_id = household_case(store)
    imported(store, case_id, "dash-ric-standard-rushmoor.json")
    view = view_of(store, case_id, qtbot, registry)
    assert not view.review_proposal.isVisible()


def test_meeting_actions_are_added_and_marked_done_in_the_referral(store: Store, qtbot: Any,
                                                                  registry: Registry) -> None:
    case_id = household_case(store)
    referral = store.records.add_referral(case_id, "marac", status="sent", referred_on=dt.date(2026, 11, 1))
    view = view_of(store, case_id, qtbot, registry)
    dialog = ReferralDialog(store, case_id, view, today=TODAY, referral=referral)
    qtbot.addWidget(dialog)
    actions = dialog.meeting_actions
    assert actions is not None
    actions.agency.setText("Police")
    actions.action.setText("Flag the address for a priority response")
    actions.due_on.edit.setText("20/11/2026")
    assert actions.add()
    actions.agency.setText("Housing")
    actions.action.setText("Sanctuary scheme assessment")
    actions.due_on.edit.setText("10/12/2026")
    assert actions.add()
    assert actions.rows() == [["Police", "Flag the address for a priority response", "20 Nov 2026", "⚠ overdue"],
                              ["Housing", "Sanctuary scheme assessment", "10 Dec 2026", "open"]]
    actions.tree.setCurrentItem(actions.tree.topLevelItem(0))
    assert actions.mark_done()
    assert actions.rows()[0][3] == "done 25 Nov 2026"
    assert not actions.add()  # nothing typed: refused in words, nothing added
    assert not actions.message.isHidden() and actions.message.text().startswith("Not added: ")
    assert len(store.records.actions(referral.id)) == 2
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(30)
    dialog.grab().save(str(SHOTS / "referral-meeting-actions.png"))
    assert clipped(dialog) == []
    view.refresh()
    entry = next(e for e in view.chronology_entries() if e.kind == "referral")
    assert "2 action(s), 1 open" in entry.detail


def test_heard_needs_its_meeting_date(store: Store, qtbot: Any, registry: Registry) -> None:
    case_id = household_case(store)
    referral = store.records.add_referral(case_id, "marac", status="sent", referred_on=dt.date(2026, 11, 1))
    dialog = ReferralDialog(store, case_id, None, today=TODAY, referral=referral)
    qtbot.addWidget(dialog)
    dialog.status.setCurrentIndex(dialog.status.findData("heard"))
    dialog.buttons.accepted.emit()
    assert not dialog.error.isHidden() and "meeting" in dialog.error.text()
    assert store.records.referrals(case_id)[0].status == "sent"
    dialog.meeting_on.edit.setText("24/11/2026")
    dialog.buttons.accepted.emit()
    assert store.records.referrals(case_id)[0].status == "heard"
