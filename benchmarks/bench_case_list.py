"""How long the case list takes to show its first screen, against a bare table showing the same rows;
and how long its search takes, against the very SQL it runs and against the same search without the
index.

50,000 cases (a tenth of them with a MARAC referral, each with a victim) go into a fresh encrypted
store in one bulk insert, with the fast test KDF. Then, in an open window of 1350 x 728 (the main
window on a 1366 x 768 screen), as after unlocking:

* first screen: ``CaseListModel`` created (which fetches the first page through the store) and a
  ``CaseTable`` (set up as the case list page sets it up) shown and its events processed until its
  rows are painted;
* the floor: a bare ``QTableView`` painting the same 50 rows' texts from a ``QStandardItemModel``
  built for it.

The two run in turn, after a warm-up; the medians and their ratio (goal <= 1.5x) are printed. Also
printed, for information: the raw page ``SELECT`` the model's query runs, the model alone, the whole
``CaseListPage`` in a new window, and sorting by each column.

Search (one rule: any part of the reference, the area or a name, ignoring case and accents), for a
rare name, part of a reference, an accented name typed without its accent, a common area and two
letters: ``store.case_list.page(search=…)`` against (a) the same statements it sends, run straight
on the DB-API connection (the floor: goal <= 2x), and (b) the plainest way to do the same search,
a LIKE over every case's folded text in the list's order (``plain / store``: what the index saves).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_case_list.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget, QTableView, QWidget
from sqlalchemy import event, insert, select

from dash_desktop.store import PractitionerProfile, Store
from dash_desktop.store.keys import TEST_KDF
from dash_desktop.store.models import Case, Person, Referral
from dash_desktop.store.search import like_escape, search_key, search_text
from dash_desktop.ui.case_list import COLUMNS, CaseListModel, CaseListPage, CaseTable

CASES = 50_000
REPEATS = 30


class PaintCounter(QObject):
    """Counts the paint events a widget receives: the proof that a screen was drawn."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def build(store: Store) -> None:
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    levels = ["high", "medium", "standard", None]
    areas = ["Havant", "Gosport", "Basingstoke", "Rushmoor", "Winchester", "Fareham", "Eastleigh"]
    cases = [
        {
            "id": i + 1,
            "reference": f"HX-{i:06d}",
            "area": areas[i % len(areas)],
            "status": "open" if i % 5 else "closed",
            "risk_level": levels[i % len(levels)],
            "review_on": start.date() + dt.timedelta(days=i % 700),
            "created_at": start,
            "updated_at": start + dt.timedelta(minutes=i),
        }
        for i in range(CASES)
    ]
    names = [f"Zoë Person {i}" if i % 1000 == 0 else f"Person {i}" for i in range(CASES)]
    for i, case in enumerate(cases):
        case["search_text"] = search_text(str(case["reference"]), str(case["area"]), [names[i]])
    people = [{"case_id": i + 1, "role": "victim", "name": names[i], "created_at": start} for i in range(CASES)]
    referrals = [
        {"case_id": i + 1, "kind": "marac", "status": "sent", "meeting_on": start.date() + dt.timedelta(days=i % 400),
         "created_at": start, "updated_at": start}
        for i in range(0, CASES, 10)
    ]
    with store.engine.begin() as conn:
        conn.execute(insert(Case), cases)
        conn.execute(insert(Person), people)
        conn.execute(insert(Referral), referrals)


def median_seconds(run: Callable[[], Any], repeats: int = REPEATS) -> float:
    run()  # warm-up: page cache, statement cache, fonts, styles
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def captured_sql(store: Store, **query: Any) -> list[tuple[str, Any]]:
    """Every query (and its parameters) ``store.case_list.page(**query)`` sends to SQLCipher."""
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        store.case_list.page(**query)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    return seen


PLAIN_SEARCH = ("SELECT id, reference FROM cases WHERE search_text LIKE ? ESCAPE '\\' "
                "ORDER BY updated_at DESC, id DESC LIMIT 50")
SEARCHES = (("a rare name", "person 49999"), ("part of a reference", "0043"),
            ("accents ignored", "zoe person 4"), ("a common area", "havant"), ("two letters", "zo"))


def bench_search(store: Store) -> None:
    """The search through the store, against the same statements raw, and against a plain scan."""
    print("search at 50,000 cases (medians):")
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        for label, text in SEARCHES:
            statements = captured_sql(store, search=text)

            def same_sql(todo: list[tuple[str, Any]] = statements) -> int:
                rows: list[Any] = []
                for statement, parameters in todo:
                    rows = raw.execute(statement, parameters).fetchall()
                return len(rows)

            def plain(key: str = search_key(text)) -> int:
                return len(raw.execute(PLAIN_SEARCH, ("%" + like_escape(key) + "%",)).fetchall())

            found = len(store.case_list.page(search=text))
            assert found == same_sql() == plain() > 0, label
            raw_s, plain_s = median_seconds(same_sql), median_seconds(plain)
            store_s = median_seconds(lambda t=text: store.case_list.page(search=t))
            print(f"  {label:<21} {text!r:<16} {found:>3} rows  store {store_s * 1000:7.2f} ms  "
                  f"raw {raw_s * 1000:7.2f} ms  ratio {store_s / raw_s:5.2f}x (goal <= 2x)  "
                  f"plain scan {plain_s * 1000:7.2f} ms  plain / store {plain_s / store_s:6.1f}x")


def captured_page_sql(store: Store) -> tuple[str, Any]:
    """The statement and parameters list_cases sends to SQLCipher for the first page."""
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        if "FROM cases" in statement:
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        store.case_list.page()
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    return seen[-1]


def shown_in(app: QApplication, stack: QStackedWidget, view: QTableView) -> None:
    """Show ``view`` in the open window and process events until its rows have been painted."""
    painted = PaintCounter(view.viewport())
    stack.addWidget(view)
    stack.setCurrentWidget(view)
    while painted.count == 0:
        app.processEvents()


def taken_down(app: QApplication, stack: QStackedWidget, view: QTableView) -> None:
    stack.setCurrentIndex(0)
    stack.removeWidget(view)
    view.deleteLater()
    app.processEvents()


def bench_first_screen(app: QApplication, store: Store) -> None:
    """The case list's first screen in the open main window (as after unlocking): CaseListModel
    (one page from the store) and CaseTable (as the case list page sets it up) shown and painted,
    against the floor: a bare QTableView painting the same 50 rows from a QStandardItemModel."""
    window = QMainWindow()
    stack = QStackedWidget()
    stack.addWidget(QLabel("unlocked"))
    window.setCentralWidget(stack)
    window.resize(1350, 728)
    window.show()
    app.processEvents()
    sample = CaseListModel(store)
    texts = [[sample.data(sample.index(r, c)) for c in range(len(COLUMNS))] for r in range(sample.rowCount())]

    def floor() -> None:
        plain = QStandardItemModel(len(texts), len(COLUMNS))
        plain.setHorizontalHeaderLabels([c.title for c in COLUMNS])
        for r, row in enumerate(texts):
            for c, text in enumerate(row):
                plain.setItem(r, c, QStandardItem(text))
        view = QTableView()
        view.setModel(plain)
        shown_in(app, stack, view)
        taken_down(app, stack, view)

    def case_list() -> None:
        model = CaseListModel(store)
        view = CaseTable(model)
        shown_in(app, stack, view)
        assert model.rowCount() == 50
        taken_down(app, stack, view)

    floor_s, ours_s = interleaved(floor, case_list)
    window.close()
    print(f"first screen at {CASES:,} cases, in the open window (medians of {REPEATS}):")
    print(f"  bare QTableView + QStandardItemModel, the same 50 rows  {floor_s * 1000:8.2f} ms")
    print(f"  CaseListModel (from the store) + CaseTable             {ours_s * 1000:8.2f} ms")
    print(f"  ratio                                                  {ours_s / floor_s:8.2f}x   (goal <= 1.5x)")


def interleaved(first: Callable[[], Any], second: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, float]:
    """Medians of ``first`` and ``second`` run in turn (after a warm-up of each), so noise hits both alike."""
    first()
    second()
    a, b = [], []
    for _ in range(repeats):
        for run, times in ((first, a), (second, b)):
            t0 = time.perf_counter()
            run()
            times.append(time.perf_counter() - t0)
    return statistics.median(a), statistics.median(b)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.create("bench passphrase for the case list", PractitionerProfile("Bench"), Path(tmp) / "s",
                             kdf=TEST_KDF)
        t0 = time.perf_counter()
        build(store)
        with store.unit.read() as s:
            count = s.scalar(select(Case.id).order_by(Case.id.desc()).limit(1))
        print(f"built {count} cases in {time.perf_counter() - t0:.1f} s")

        statement, parameters = captured_page_sql(store)
        with store.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None

            def raw_page() -> None:
                rows = raw.execute(statement, parameters).fetchall()
                assert len(rows) == 50

            raw_s = median_seconds(raw_page)
        # The same connection again: the pool hands the store the one just returned.

        model_s = median_seconds(lambda: CaseListModel(store))
        bench_first_screen(app, store)

        def whole_page() -> None:
            page = CaseListPage(store)
            page.resize(1200, 800)
            painted = PaintCounter(page.table.viewport())
            page.show()
            app.processEvents()
            assert painted.count >= 1, "the first screen was not painted"
            page.close()
            page.deleteLater()
            app.processEvents()

        page_s = median_seconds(whole_page)
        print("for information:")
        print(f"  raw page SELECT (50 rows)             {raw_s * 1000:8.2f} ms")
        print(f"  model created + first page only       {model_s * 1000:8.2f} ms   ({model_s / raw_s:.2f}x raw)")
        print(f"  whole CaseListPage, new window        {page_s * 1000:8.2f} ms")

        model = CaseListModel(store)
        for number, column in enumerate(COLUMNS):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                def sort_once(n: int = number, o: Qt.SortOrder = order) -> None:
                    model.sort(n, o)
                    model.sort(n, Qt.SortOrder.DescendingOrder if o == Qt.SortOrder.AscendingOrder
                               else Qt.SortOrder.AscendingOrder)

                took = median_seconds(sort_once, 5) / 2
                name = "ascending" if order == Qt.SortOrder.AscendingOrder else "descending"
                print(f"  sort by {column.title.lower():<14} {name:<10}  {took * 1000:8.2f} ms")
        for label, query in (("search by part of a reference", {"search": "0499"}),
                             ("search by name", {"search": "Person 4999"}),
                             ("filter risk level high", {"risk_level": "high"}),
                             ("filter MARAC in a month", {"marac_from": dt.date(2024, 3, 1),
                                                          "marac_to": dt.date(2024, 3, 31)})):
            took = median_seconds(lambda q=query: store.case_list.page(**q), 5)
            print(f"  {label:<33} {took * 1000:8.2f} ms")
        deep = median_seconds(lambda: store.case_list.page(offset=CASES - 50), 5)
        print(f"  last page by offset (offset {CASES - 50})      {deep * 1000:8.2f} ms")
        bench_search(store)
        model.fetchMore(QModelIndex())
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
