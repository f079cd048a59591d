"""The worklist beside the case list: what is due, overdue or waiting, soonest first, each row
opening its case (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from case_helpers import SHOTS, mnemonics
from fit_helpers import clipped
from marac_ui_helpers import TODAY, household_case
from PySide6.QtCore import Qt

from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store
from dash_desktop.ui.main_window import MainWindow
from dash_desktop.ui.worklist import WorklistPage, when_words


def busy_store(store: Store) -> dict[str, int]:
    """A review overdue, a review due, a MARAC meeting soon, a referral without a reply, a draft."""
    ids = {
        "overdue": household_case(store, reference="HX-OVERDUE", review_on=TODAY - dt.timedelta(days=3)),
        "due": household_case(store, reference="HX-DUE", review_on=TODAY + dt.timedelta(days=5)),
        "meeting": household_case(store, reference="HX-MEETING", review_on=TODAY + dt.timedelta(days=60)),
        "quiet": household_case(store, reference="HX-QUIET", review_on=TODAY + dt.timedelta(days=90)),
    }
    store.records.add_referral(ids["meeting"], "marac", status="sent", referred_on=TODAY - dt.timedelta(days=2),
                               meeting_on=TODAY + dt.timedelta(days=10))
    store.records.add_referral(ids["quiet"], "dapp", status="sent", referred_on=TODAY - dt.timedelta(days=30))
    store.assessments.start(ids["quiet"], "dash-ric", assessed_on=TODAY - dt.timedelta(days=20))
    closed = household_case(store, reference="HX-CLOSED", review_on=TODAY - dt.timedelta(days=40))
    store.cases.close(closed, "risk_reduced", closed_on=TODAY - dt.timedelta(days=1))
    return ids


def page_of(store: Store, qtbot: Any) -> WorklistPage:
    page = WorklistPage(store, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    return page


def test_when_words() -> None:
    assert when_words(TODAY, TODAY) == "25 Nov 2026 (today)"
    assert when_words(TODAY - dt.timedelta(days=1), TODAY) == "24 Nov 2026 (1 day ago)"
    assert when_words(TODAY + dt.timedelta(days=5), TODAY) == "30 Nov 2026 (in 5 days)"
    assert when_words(None, TODAY) == "no date"


def test_the_worklist_shows_a_review_that_has_fallen_due(store: Store, qtbot: Any) -> None:
    busy_store(store)
    page = page_of(store, qtbot)
    rows = page.rows()
    by_case = {row[2]: row for row in rows}
    assert by_case["HX-OVERDUE"][:2] == ["22 Nov 2026 (3 days ago)", "⚠ Review overdue"]
    assert by_case["HX-DUE"][:2] == ["30 Nov 2026 (in 5 days)", "Review due"]
    assert by_case["HX-MEETING"][:2] == ["5 Dec 2026 (in 10 days)", "MARAC meeting soon"]
    kinds = {row[1] for row in rows if row[2] == "HX-QUIET"}
    assert kinds == {"⚠ Referral without a reply", "Draft left open"}
    assert "HX-CLOSED" not in by_case  # a closed case has nothing to do
    days = [store_due for store_due in (i.due_on for i in page.items) if store_due is not None]
    assert days == sorted(days)  # soonest first
    assert page.summary.text().startswith(f"{len(rows)} to do: ")
    assert "1 review overdue" in page.summary.text()


def test_a_shorter_reply_time_lists_more_referrals_as_waiting(store: Store, qtbot: Any) -> None:
    case_id = household_case(store, reference="HX-WAIT", review_on=TODAY + dt.timedelta(days=90))
    store.records.add_referral(case_id, "idash", status="sent", referred_on=TODAY - dt.timedelta(days=10))
    page = page_of(store, qtbot)
    assert not any("reply" in row[1] for row in page.rows())
    page.reply_days.setValue(7)
    assert [row[1] for row in page.rows()] == ["⚠ Referral without a reply"]


def test_an_empty_worklist_says_so(store: Store, qtbot: Any) -> None:
    page = page_of(store, qtbot)
    assert page.rows() == []
    assert page.summary.text().startswith("Nothing due")
    assert not page.open_button.isEnabled()


def test_enter_on_a_row_opens_its_case_from_the_window(store: Store, qtbot: Any, tmp_path: Path) -> None:
    ids = busy_store(store)
    window = MainWindow(store, tmp_path / "data", registry=Registry.default())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_worklist()
    page._today = TODAY  # the fixture's day, not the machine's
    page.refresh()
    qtbot.wait(30)
    assert page.isVisible() and window.home.tabText(1) == "&Worklist"
    window.grab().save(str(SHOTS / "worklist-1366x768.png"))
    assert clipped(window) == []
    row = next(r for r in range(page.tree.topLevelItemCount()) if page.tree.topLevelItem(r).text(2) == "HX-OVERDUE")
    page.tree.setCurrentItem(page.tree.topLevelItem(row))
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert window.case_view is not None and window.case_view.case_id == ids["overdue"]
    assert window.workspace.currentWidget() is window.case_view
    window.show_case_list()
    assert window.home.currentWidget() is window.case_list
    statistics = window.show_statistics()
    assert statistics.isVisible() and window.home.currentWidget() is statistics


def test_no_alt_key_of_the_tabs_is_taken_on_their_pages(store: Store, qtbot: Any, tmp_path: Path) -> None:
    window = MainWindow(store, tmp_path / "data", registry=Registry.default())
    qtbot.addWidget(window)
    window.show()
    tabs = window.home
    keys = [tabs.tabText(i)[tabs.tabText(i).index("&") + 1].lower() for i in range(tabs.count())]
    assert keys == ["e", "w", "i"]
    for page in (window.case_list, window.show_worklist(), window.show_statistics()):
        taken = mnemonics(page)
        assert len(taken) == len(set(taken)) and not set(taken) & set(keys), (type(page).__name__, sorted(taken))
