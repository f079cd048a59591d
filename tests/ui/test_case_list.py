"""The case list: a model checked by qtmodeltester, pages loaded lazily, search, filters, sorting,
opening a case with the mouse and the keyboard (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from case_helpers import SHOTS, bulk_cases, mnemonics
from PySide6.QtCore import QDate, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QLabel, QWidget

from dash_desktop.store import Store, StoreError
from dash_desktop.ui.case_list import CASE_ID_ROLE, COLUMNS, CaseFilter, CaseListModel, CaseListPage

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def households(store: Store) -> Store:
    """Four small cases with people, levels, review dates and MARAC meetings."""
    a = store.cases.add("HX-0101", area="Havant", review_on=dt.date(2026, 11, 20))
    store.people.add(a.id, "victim", "Jo Bloggs")
    store.records.add_referral(a.id, "marac", meeting_on=dt.date(2026, 12, 3))
    b = store.cases.add("GO-0202", area="Gosport", review_on=dt.date(2026, 12, 30))
    store.people.add(b.id, "victim", "Mariam Ahmed")
    store.people.add(b.id, "perpetrator", "Kev Ahmed")
    c = store.cases.add("BA-0303", area="Basingstoke")
    store.people.add(c.id, "victim", "Zoë Ó Briain")
    d = store.cases.add("HX-0404", area="Havant", review_on=dt.date(2027, 2, 1))
    store.records.add_referral(d.id, "marac", meeting_on=dt.date(2027, 1, 14))
    for case, level in ((a, "high"), (b, "medium"), (c, "standard")):
        draft = store.assessments.start(case.id, "dash-ric")
        store.assessments.complete(draft.id, result={}, risk_level=level, yes_count=0)
    return store


def references(model: CaseListModel) -> list[str]:
    return [model.row_of(r).reference for r in range(model.rowCount())]


def column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def test_model_passes_the_model_tester(households: Store, qtmodeltester: Any) -> None:
    model = CaseListModel(households, today=TODAY)
    qtmodeltester.check(model)
    model.sort(column("reference"), Qt.SortOrder.AscendingOrder)
    model.set_filter(CaseFilter(search="havant"))
    qtmodeltester.check(model)


def test_model_tester_with_pages_still_to_fetch(store: Store, qtmodeltester: Any) -> None:
    bulk_cases(store, 120)
    model = CaseListModel(store)
    qtmodeltester.check(model)  # the tester fetches more while it checks; that must hold together
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 120


def test_lazy_loading_fetches_pages_of_fifty(store: Store) -> None:
    bulk_cases(store, 500)
    model = CaseListModel(store)
    assert model.rowCount() == 50
    assert model.canFetchMore(QModelIndex())
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 100
    assert inserted == [(50, 99)]
    pages = 2
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        pages += 1
    assert model.rowCount() == 500
    assert pages == 11  # ten full pages and one empty one that tells it the list has ended
    assert len({model.case_id(r) for r in range(500)}) == 500
    # Newest change first by default.
    assert references(model)[:2] == ["BULK-000499", "BULK-000498"]


def test_a_view_fetches_only_what_it_shows(store: Store, qtbot: Any) -> None:
    bulk_cases(store, 500)
    page = CaseListPage(store, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    assert page.model.rowCount() == 50
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == 100)
    assert "100 cases shown so far" in page.summary.text()


def test_display_text(households: Store) -> None:
    model = CaseListModel(households, today=TODAY)
    model.sort(column("reference"), Qt.SortOrder.AscendingOrder)
    rows = {
        model.row_of(r).reference: [model.index(r, c).data() for c in range(len(COLUMNS))]
        for r in range(model.rowCount())
    }
    assert rows["HX-0101"][:6] == ["HX-0101", "Havant", "High", "20 Nov 2026 (overdue)", "3 Dec 2026", "Open"]
    assert rows["HX-0404"][:6] == ["HX-0404", "Havant", "Not assessed", "1 Feb 2027", "14 Jan 2027", "Open"]
    assert rows["BA-0303"][2:5] == ["Standard", "", ""]
    assert model.index(0, 0).data(CASE_ID_ROLE) == model.case_id(0)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] == [
        "Reference", "Area", "Risk level", "Review date", "MARAC date", "Status", "Last changed"]


def test_search_by_name_or_reference(households: Store) -> None:
    model = CaseListModel(households, today=TODAY)

    def found(text: str) -> list[str]:
        model.set_filter(CaseFilter(search=text))
        return sorted(references(model))

    assert found("hx-0") == ["HX-0101", "HX-0404"]
    assert found("ahmed") == ["GO-0202"]
    assert found("Zoë") == ["BA-0303"]
    assert found("bloggs") == ["HX-0101"]
    assert found("nobody") == []
    assert found("  ") == ["BA-0303", "GO-0202", "HX-0101", "HX-0404"]


def test_filters(households: Store) -> None:
    model = CaseListModel(households, today=TODAY)

    def found(**fields: Any) -> list[str]:
        model.set_filter(CaseFilter(**fields))
        return sorted(references(model))

    assert found(risk_level="high") == ["HX-0101"]
    assert found(risk_level="medium") == ["GO-0202"]
    assert found(review_before=dt.date(2026, 12, 31)) == ["GO-0202", "HX-0101"]
    assert found(marac_from=dt.date(2026, 12, 1), marac_to=dt.date(2026, 12, 31)) == ["HX-0101"]
    assert found(marac_from=dt.date(2026, 12, 1), marac_to=dt.date(2027, 1, 31)) == ["HX-0101", "HX-0404"]
    assert found(search="hx", risk_level="high") == ["HX-0101"]
    households.cases.update("GO-0202", status="closed")
    assert found(status="closed") == ["GO-0202"]


def test_sorting(households: Store) -> None:
    model = CaseListModel(households, today=TODAY)
    model.sort(column("reference"), Qt.SortOrder.AscendingOrder)
    assert references(model) == ["BA-0303", "GO-0202", "HX-0101", "HX-0404"]
    model.sort(column("reference"), Qt.SortOrder.DescendingOrder)
    assert references(model) == ["HX-0404", "HX-0101", "GO-0202", "BA-0303"]
    model.sort(column("risk_level"), Qt.SortOrder.AscendingOrder)
    assert references(model) == ["HX-0404", "HX-0101", "GO-0202", "BA-0303"]  # none, high, medium, standard
    model.sort(column("review_on"), Qt.SortOrder.AscendingOrder)
    assert references(model) == ["BA-0303", "HX-0101", "GO-0202", "HX-0404"]
    model.sort(column("marac_on"), Qt.SortOrder.DescendingOrder)
    assert references(model)[:2] == ["HX-0404", "HX-0101"]


def test_sorting_keeps_pages_in_order(store: Store) -> None:
    bulk_cases(store, 130)
    model = CaseListModel(store)
    model.sort(column("reference"), Qt.SortOrder.AscendingOrder)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert references(model) == [f"BULK-{i:06d}" for i in range(130)]


@pytest.fixture
def page(households: Store, qtbot: Any) -> CaseListPage:
    widget = CaseListPage(households, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_header_click_sorts(page: CaseListPage, qtbot: Any) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column("reference")) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    first = references(page.model)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert sorted([first, references(page.model)]) == [
        ["BA-0303", "GO-0202", "HX-0101", "HX-0404"], ["HX-0404", "HX-0101", "GO-0202", "BA-0303"]]


def test_double_click_opens_the_case(page: CaseListPage, qtbot: Any) -> None:
    index = page.model.index(1, 0)
    rect = page.table.visualRect(index)
    # A real double-click is press, release, double-click, release: the view wants the first press.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.case_opened) as blocker:
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [page.model.case_id(1)]


def test_enter_opens_the_case(page: CaseListPage, qtbot: Any) -> None:
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(2, 0))
    with qtbot.waitSignal(page.case_opened) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert blocker.args == [page.model.case_id(2)]


def test_new_case_button(page: CaseListPage, qtbot: Any) -> None:
    with qtbot.waitSignal(page.new_case_requested):
        page.new_button.click()


def test_typing_a_search_filters_after_a_pause(page: CaseListPage, qtbot: Any) -> None:
    page.search.setFocus()
    qtbot.keyClicks(page.search, "ahmed")
    qtbot.waitUntil(lambda: references(page.model) == ["GO-0202"], timeout=2000)
    assert page.summary.text() == "1 case matching."
    page.search.clear()
    page.search.insert("Ó Briain")  # non-ASCII goes in with insert(), never keyClicks
    page.apply_filter()
    assert references(page.model) == ["BA-0303"]
    page.clear_filters()
    assert len(references(page.model)) == 4


def test_filter_controls(page: CaseListPage) -> None:
    page.risk.setCurrentIndex(page.risk.findData("high"))
    assert references(page.model) == ["HX-0101"]
    page.risk.setCurrentIndex(0)
    page.review_date.setDate(QDate(2026, 12, 31))
    assert len(references(page.model)) == 4  # the date alone does nothing until the box is ticked
    page.review_on.setChecked(True)
    assert sorted(references(page.model)) == ["GO-0202", "HX-0101"]
    page.review_on.setChecked(False)
    page.marac_from.setDate(QDate(2027, 1, 1))
    page.marac_to.setDate(QDate(2027, 1, 31))
    page.marac_on.setChecked(True)
    assert references(page.model) == ["HX-0404"]
    page.clear_filters()
    assert len(references(page.model)) == 4
    assert not page.marac_from.isEnabled()


def test_no_match_says_so(page: CaseListPage) -> None:
    page.search.insert("nobody by this name")
    page.apply_filter()
    assert page.summary.text() == "No cases match the search and filters."


def test_every_control_is_named_and_labelled(page: CaseListPage) -> None:
    for widget in page.findChildren(QWidget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(page) and not isinstance(
            widget, QLabel
        ) and widget.parentWidget() is page:
            assert widget.accessibleName(), f"{type(widget).__name__} has no accessible name"
    buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy() is not None}
    for control in (page.search, page.risk, page.status, page.marac_to, page.table):
        assert control in buddies


def test_screenshot(page: CaseListPage) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.table.sortByColumn(column("reference"), Qt.SortOrder.AscendingOrder)
    assert references(page.model)[0] == "BA-0303"
    assert page.grab().save(str(SHOTS / "case-list.png"))


def test_keyboard_find_and_down_into_the_list(page: CaseListPage, qtbot: Any) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "hx")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # applies the search at once and moves to the first case
    assert page.table.hasFocus()
    assert sorted(references(page.model)) == ["HX-0101", "HX-0404"]
    with qtbot.waitSignal(page.case_opened) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert blocker.args == [page.model.case_id(0)]


def test_no_two_controls_share_an_alt_key(page: CaseListPage) -> None:
    keys = mnemonics(page)
    assert len(keys) == len(set(keys)), sorted(keys)


def test_a_store_failure_leaves_the_list_as_it_was(households: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    model = CaseListModel(households, today=TODAY)
    before = references(model)

    def broken(**_kwargs: Any) -> list[Any]:
        raise StoreError("the case database is busy")

    monkeypatch.setattr(households.case_list, "page", broken)
    with pytest.raises(StoreError):
        model.set_filter(CaseFilter(search="hx"))
    with pytest.raises(StoreError):
        model.sort(column("reference"), Qt.SortOrder.AscendingOrder)
    assert references(model) == before
    assert model.case_filter == CaseFilter()
    assert model.sort_key == ("updated_at", True)
