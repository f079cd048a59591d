"""The first page once unlocked: the case list, and beside it the worklist and the statistics, as
tabs (the worklist read afresh each time it is shown, the statistics page made when first shown)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from dash_desktop.store import Store
from dash_desktop.ui.case_list import CaseListPage
from dash_desktop.ui.statistics import StatisticsPage
from dash_desktop.ui.worklist import WorklistPage

CASES, WORKLIST, STATISTICS = range(3)


class HomeTabs(QTabWidget):
    """Cases | Worklist | Statistics. ``case_opened(case id)`` from the worklist."""

    case_opened = Signal(int)

    def __init__(self, store: Store, case_list: CaseListPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.case_list = case_list
        self.worklist: WorklistPage | None = None
        self.statistics: StatisticsPage | None = None
        self.setAccessibleName("Cases, worklist and statistics")
        self.addTab(case_list, "Cas&es")
        self.addTab(QWidget(), "&Worklist")
        self.addTab(QWidget(), "Stat&istics")
        self.currentChanged.connect(self._shown)

    def show_worklist(self) -> WorklistPage:
        self.setCurrentIndex(WORKLIST)
        self._shown(WORKLIST)
        assert self.worklist is not None  # noqa: S101 - made by _shown
        return self.worklist

    def show_statistics(self) -> StatisticsPage:
        self.setCurrentIndex(STATISTICS)
        assert self.statistics is not None  # noqa: S101 - made by _shown
        return self.statistics

    def _shown(self, index: int) -> None:
        if index == WORKLIST:
            if self.worklist is None:
                self.worklist = WorklistPage(self.store)
                self.worklist.case_opened.connect(self.case_opened)
                self._replace(WORKLIST, self.worklist, "&Worklist")
            else:
                self.worklist.refresh()
        elif index == STATISTICS and self.statistics is None:
            self.statistics = StatisticsPage(self.store)
            self._replace(STATISTICS, self.statistics, "Stat&istics")

    def _replace(self, index: int, page: QWidget, title: str) -> None:
        placeholder = self.widget(index)
        assert placeholder is not None  # noqa: S101 - the tab made in __init__
        self.blockSignals(True)
        self.removeTab(index)
        self.insertTab(index, page, title)
        self.setCurrentIndex(index)
        self.blockSignals(False)
        placeholder.deleteLater()
