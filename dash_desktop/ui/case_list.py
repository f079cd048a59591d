"""The case list: every case in the store, a page at a time, searchable, filterable and sortable.

The model asks the store for one page of :data:`PAGE_SIZE` rows at a time (``canFetchMore`` /
``fetchMore``); the view asks for the next page as it scrolls. A page is one indexed query of a few
milliseconds (see ``benchmarks/bench_case_list.py``), so it runs on the UI thread: a worker thread
would add a second SQLCipher connection and a hand-off for no visible gain.

The risk level and an overdue review are always written out in words; colour only repeats them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, NamedTuple, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.forms.result_panel import LEVEL_COLOURS
from dash_desktop.store import CaseRow, Store
from dash_desktop.store.case_list import PAGE_SIZE

ModelIndex = QModelIndex | QPersistentModelIndex

#: Risk levels as stored, in the words shown, most serious first.
RISK_LEVELS = {"high": "High", "medium": "Medium", "standard": "Standard"}
NOT_ASSESSED = "Not assessed"
STATUSES = {"open": "Open", "closed": "Closed"}

#: The role under which ``data()`` gives a row's case id.
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(NamedTuple):
    key: str  # the store's sort key
    title: str


COLUMNS = (
    Column("reference", "Reference"),
    Column("area", "Area"),
    Column("risk_level", "Risk level"),
    Column("review_on", "Review date"),
    Column("marac_on", "MARAC date"),
    Column("status", "Status"),
    Column("updated_at", "Last changed"),
)
DEFAULT_SORT = ("updated_at", True)
#: What each column but the last (which stretches) is made wide enough to show whole.
COLUMN_SAMPLES = ("HX-2026-00000", "Basingstoke", "Not assessed", "30 Sep 2026 (overdue)", "30 Sep 2026", "Closed")


#: Months as the dates in the app show them, whatever the computer's locale ("3 Nov 2026").
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_changed(moment: dt.datetime) -> str:
    local = moment.astimezone()
    return f"{format_date(local)} {local.hour:02d}:{local.minute:02d}"


@dataclass(frozen=True)
class CaseFilter:
    """What the list shows: every field left empty means no restriction."""

    search: str = ""
    risk_level: str | None = None
    status: str | None = None
    review_before: dt.date | None = None
    marac_from: dt.date | None = None
    marac_to: dt.date | None = None

    def is_empty(self) -> bool:
        return self == CaseFilter()


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_CASE_ID = int(CASE_ID_ROLE)
#: A cell as shown: its value for each role it has one for (its text, and its colour or weight).
Cell = dict[int, Any]


@cache
def _bold() -> QFont:
    font = QFont()  # made when first shown: a font needs the application to exist
    font.setBold(True)
    return font


@cache
def _colour(name: str) -> QColor:
    return QColor(name)


class CaseListModel(QAbstractTableModel):
    """Cases from the store, loaded a page at a time, in the order and with the filter set on it."""

    def __init__(self, store: Store, parent: QObject | None = None, *, page_size: int = PAGE_SIZE,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.page_size = page_size
        self._fixed_today = today
        self._today = today or dt.date.today()
        self._rows: list[CaseRow] = []
        #: Each row's cells as shown, made on first display: the view asks for them on every paint.
        self._cells: list[tuple[Cell, ...] | None] = []
        self._exhausted = False
        self._filter = CaseFilter()
        self._order_by, self._descending = DEFAULT_SORT
        self.reload()

    # --- what is shown ------------------------------------------------------------------------------

    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    def set_filter(self, case_filter: CaseFilter) -> None:
        if case_filter != self._filter:
            previous, self._filter = self._filter, case_filter
            try:
                self.reload()
            except BaseException:
                self._filter = previous  # what is shown still matches what the model says it shows
                raise

    @property
    def sort_key(self) -> tuple[str, bool]:
        return self._order_by, self._descending

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = (COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder)
        if key != (self._order_by, self._descending):
            previous = self._order_by, self._descending
            self._order_by, self._descending = key
            try:
                self.reload()
            except BaseException:
                self._order_by, self._descending = previous
                raise

    def reload(self) -> None:
        """Start again from the first page (after a change in the store, the filter or the order)."""
        self._today = self._fixed_today or dt.date.today()
        rows = self._page(0)  # before the reset: if the store fails, the model is left as it was
        self.beginResetModel()
        self._rows = rows
        self._cells = [None] * len(rows)
        self._exhausted = len(rows) < self.page_size
        self.endResetModel()

    def _page(self, offset: int) -> list[CaseRow]:
        f = self._filter
        return self.store.case_list.page(
            search=f.search.strip() or None,
            risk_level=f.risk_level,
            status=f.status,
            review_before=f.review_before,
            marac_from=f.marac_from,
            marac_to=f.marac_to,
            order_by=self._order_by,
            descending=self._descending,
            limit=self.page_size,
            offset=offset,
        )

    def loaded_everything(self) -> bool:
        return self._exhausted

    def case_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of(self, row: int) -> CaseRow:
        return self._rows[row]

    # --- lazy loading -------------------------------------------------------------------------------

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._exhausted:
            return
        page = self._page(len(self._rows))
        if len(page) < self.page_size:
            self._exhausted = True
        known = {r.id for r in self._rows}
        page = [r for r in page if r.id not in known]  # a case changed between pages would repeat
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self._cells.extend([None] * len(page))
            self.endInsertRows()

    # --- the table --------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (_DISPLAY, _TOOLTIP) or not 0 <= section < len(COLUMNS) \
                or orientation != Qt.Orientation.Horizontal:  # the header, too, asks many roles at every paint
            return None
        title = COLUMNS[section].title
        return title if role == _DISPLAY else f"Sort by {title.lower()}"

    def _row_cells(self, number: int) -> tuple[Cell, ...]:
        cells = self._cells[number]
        if cells is None:
            row = self._rows[number]
            cells = self._cells[number] = tuple(self._cell(row, c.key) for c in COLUMNS)
        return cells

    def _cell(self, row: CaseRow, key: str) -> Cell:
        text = self._text(row, key)
        cell: Cell = {_DISPLAY: text, _ACCESSIBLE: text}
        if key == "risk_level" and row.risk_level in LEVEL_COLOURS:
            cell[_FOREGROUND] = _colour(LEVEL_COLOURS[row.risk_level])
        if (key == "risk_level" and row.risk_level == "high") or (key == "review_on" and self._overdue(row)):
            cell[_FONT] = _bold()
        return cell

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, tooltip, colour or weight, or its case's id; None for any other role."""
        number, column = index.row(), index.column()
        if not (0 <= number < len(self._rows) and 0 <= column < len(COLUMNS)):  # an invalid index is -1, -1
            return None
        if role == _CASE_ID:
            return self._rows[number].id
        if role == _TOOLTIP:
            return f"{COLUMNS[column].title}: {self._row_cells(number)[column][_DISPLAY] or 'none'}"
        return self._row_cells(number)[column].get(role)

    def multiData(self, index: ModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role the view asks of a cell, in one call (the delegate asks seven at every paint,
        and most are none the model answers): one crossing into Python per cell, not one per role."""
        number, column = index.row(), index.column()
        if not (0 <= number < len(self._rows) and 0 <= column < len(COLUMNS)):
            return
        cell = self._row_cells(number)[column]
        asked = cast(Iterable[QModelRoleData], roleDataSpan) if isinstance(roleDataSpan, QModelRoleDataSpan) \
            else (roleDataSpan,)
        for wanted in asked:
            value = cell.get(wanted.role())
            if value is not None:
                wanted.setData(value)

    def _overdue(self, row: CaseRow) -> bool:
        return row.review_on is not None and row.review_on < self._today and row.status == "open"

    def _text(self, row: CaseRow, key: str) -> str:
        if key == "reference":
            return row.reference
        if key == "area":
            return row.area or ""
        if key == "risk_level":
            return RISK_LEVELS.get(row.risk_level or "", row.risk_level or NOT_ASSESSED)
        if key == "review_on":
            text = format_date(row.review_on)
            return f"{text} (overdue)" if self._overdue(row) else text
        if key == "marac_on":
            return format_date(row.marac_on)
        if key == "status":
            return STATUSES.get(row.status, row.status)
        return format_changed(row.updated_at)


class CaseTable(QTableView):
    """The table of cases; Enter or Return on a row opens it on every platform.

    Laid out without measuring the rows: every row keeps the style's height (the text never wraps),
    and each column is as wide as a sample of what it shows, in the table's font (the last one
    stretches), rather than sized to its contents."""

    def __init__(self, model: CaseListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Cases")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)  # the rows keep the style's height: no row is measured
        self.setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        cell, title = self.fontMetrics(), header.fontMetrics()
        room = 3 * cell.averageCharWidth()  # the cell's margins, and the header's sort arrow
        for number, (column, sample) in enumerate(zip(COLUMNS, COLUMN_SAMPLES, strict=False)):
            self.setColumnWidth(number, max(cell.horizontalAdvance(sample), title.horizontalAdvance(column.title))
                                + room)
        sort_column = next(i for i, c in enumerate(COLUMNS) if c.key == DEFAULT_SORT[0])
        header.setSortIndicator(sort_column, Qt.SortOrder.DescendingOrder)
        self.setSortingEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class CaseListPage(QWidget):
    """Search box, filters, the table and "New case". ``case_opened`` carries the case id."""

    case_opened = Signal(int)
    new_case_requested = Signal()

    SEARCH_DELAY_MS = 250

    def __init__(self, store: Store, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        today = today or dt.date.today()
        self.model = CaseListModel(store, self, today=today)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Name or reference")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases by name or reference")
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.search.installEventFilter(self)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

        self.risk = QComboBox()
        self.risk.setAccessibleName("Filter by risk level")
        self.risk.addItem("Any risk level", None)
        for value, words in RISK_LEVELS.items():
            self.risk.addItem(words, value)
        risk_label = QLabel("&Risk level:")
        risk_label.setBuddy(self.risk)

        self.status = QComboBox()
        self.status.setAccessibleName("Filter by case status")
        self.status.addItem("Open and closed", None)
        for value, words in STATUSES.items():
            self.status.addItem(words, value)
        status_label = QLabel("S&tatus:")
        status_label.setBuddy(self.status)

        qtoday = QDate(today.year, today.month, today.day)
        self.review_on = QCheckBox("Re&view due by")
        self.review_on.setAccessibleName("Only cases with a review due by the date")
        self.review_date = self._date_edit(qtoday.addDays(7), "Review due by date")

        self.marac_on = QCheckBox("&MARAC meeting from")
        self.marac_on.setAccessibleName("Only cases with a MARAC meeting between the dates")
        self.marac_from = self._date_edit(qtoday, "MARAC meeting from date")
        self.marac_to = self._date_edit(qtoday.addDays(28), "MARAC meeting to date")
        marac_to_label = QLabel("t&o")
        marac_to_label.setBuddy(self.marac_to)

        for box, edits in ((self.review_on, (self.review_date,)), (self.marac_on, (self.marac_from, self.marac_to))):
            for edit in edits:
                edit.setEnabled(False)
                edit.dateChanged.connect(lambda _d: self.apply_filter())
                box.toggled.connect(edit.setEnabled)
            box.toggled.connect(lambda _on: self.apply_filter())
        self.risk.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.status.currentIndexChanged.connect(lambda _i: self.apply_filter())

        self.clear_button = QPushButton("C&lear filters")
        self.clear_button.setAccessibleName("Clear the search and all filters")
        self.clear_button.clicked.connect(self.clear_filters)
        self.new_button = QPushButton("&New case…")
        self.new_button.setAccessibleName("New case")
        self.new_button.clicked.connect(self.new_case_requested)

        self.table = CaseTable(self.model)
        self.table.activated.connect(self._open_index)
        table_label = QLabel("&Cases:")
        table_label.setBuddy(self.table)

        self.summary = QLabel()
        self.summary.setAccessibleName("Case list summary")
        self.model.modelReset.connect(self._update_summary)
        self.model.rowsInserted.connect(lambda *_args: self._update_summary())

        first_row = QHBoxLayout()
        row_widgets: tuple[tuple[QWidget, int], ...] = (
            (search_label, 0), (self.search, 1), (risk_label, 0), (self.risk, 0), (status_label, 0), (self.status, 0)
        )
        for widget, stretch in row_widgets:
            first_row.addWidget(widget, stretch)
        second_row = QHBoxLayout()
        for later in (self.review_on, self.review_date, self.marac_on, self.marac_from, marac_to_label,
                      self.marac_to):
            second_row.addWidget(later)
        second_row.addStretch(1)
        second_row.addWidget(self.clear_button)

        top = QHBoxLayout()
        title = QLabel("<h2>Cases</h2>")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(first_row)
        layout.addLayout(second_row)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.setTabOrder(self.search, self.risk)
        self._update_summary()

    @staticmethod
    def _date_edit(initial: QDate, name: str) -> QDateEdit:
        edit = QDateEdit(initial)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        return edit

    @staticmethod
    def _py_date(edit: QDateEdit) -> dt.date:
        d = edit.date()
        return dt.date(d.year(), d.month(), d.day())

    # --- keyboard ---------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down arrow in the search box goes to the first case, as in a browser's address bar."""
        if (watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Down and self.model.rowCount() > 0):
            self.apply_filter()
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
                self.table.setCurrentIndex(self.model.index(0, 0))
            return True
        return super().eventFilter(watched, event)

    # --- actions ----------------------------------------------------------------------------------

    def current_filter(self) -> CaseFilter:
        f = CaseFilter(search=self.search.text(), risk_level=self.risk.currentData(), status=self.status.currentData())
        if self.review_on.isChecked():
            f = replace(f, review_before=self._py_date(self.review_date))
        if self.marac_on.isChecked():
            start, end = sorted((self._py_date(self.marac_from), self._py_date(self.marac_to)))
            f = replace(f, marac_from=start, marac_to=end)
        return f

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    def settle(self) -> None:
        """Run a search still waiting for its typing pause now (before the store is locked)."""
        if self._search_timer.isActive():
            self.apply_filter()

    def clear_filters(self) -> None:
        for widget in (self.search, self.risk, self.status, self.review_on, self.marac_on):
            widget.blockSignals(True)
        self.search.clear()
        self.risk.setCurrentIndex(0)
        self.status.setCurrentIndex(0)
        self.review_on.setChecked(False)
        self.marac_on.setChecked(False)
        for widget in (self.search, self.risk, self.status, self.review_on, self.marac_on):
            widget.blockSignals(False)
        for edit in (self.review_date, self.marac_from, self.marac_to):
            edit.setEnabled(False)
        self.apply_filter()

    def refresh(self) -> None:
        """Reload from the store (after a case was added or changed elsewhere)."""
        self.model.reload()

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_opened.emit(self.model.case_id(index.row()))

    def _update_summary(self) -> None:
        shown = self.model.rowCount()
        filtered = not self.model.case_filter.is_empty()
        if shown == 0:
            text = "No cases match the search and filters." if filtered else "No cases yet: use “New case…”."
        else:
            noun = "case" if shown == 1 else "cases"
            text = f"{shown} {noun}{' matching' if filtered else ''}"
            if not self.model.loaded_everything():
                text += " shown so far; scroll down for more"
            text += "."
        self.summary.setText(text)
