"""Every screen and dialog of the app's own fits (issue 9, defect 14 and the window's size): on a
1366x768 laptop and on a large monitor, at the usual font and at twice its size, no text is cut, and
the main window opens within the screen rather than at 1400x900 (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fit_helpers import clipped, font_scaled
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QApplication, QTreeWidget
from record_helpers import two_cases

from dash_desktop.questionnaires import Registry
from dash_desktop.store import PractitionerProfile, Store
from dash_desktop.store.keys import TEST_KDF
from dash_desktop.ui.main_window import PREFERRED_SIZE, MainWindow
from dash_desktop.ui.passphrase import FirstRunWizard
from dash_desktop.ui.perpetrator_record import PerpetratorRecord
from dash_desktop.ui.screen import FRAME, placement

PASSPHRASE = "correct horse battery staple"
LAPTOP = QRect(0, 0, 1366, 768)
MONITOR = QRect(0, 0, 2560, 1440)
SCREENS = {"1366x768": LAPTOP, "2560x1440": MONITOR}
FONTS = {"usual font": 1.0, "double font": 2.0}
LONG_PROBLEM = ("/home/practitioner/.local/share/dash-desktop/cases.db is damaged or not a DASH Desktop file "
                "(the file is empty). The newest backup is /home/practitioner/.local/share/dash-desktop/backups/"
                "dash-2026-11-20T101500Z-manual.dash: restore it with 'dash-desktop restore /home/practitioner/"
                ".local/share/dash-desktop/backups/dash-2026-11-20T101500Z-manual.dash'.")


def window_on(screen: QRect) -> QSize:
    return placement(screen, PREFERRED_SIZE).size()


def test_the_main_window_opens_within_the_screen(qtbot: Any, tmp_path: Path, registry: Registry) -> None:
    rect = placement(LAPTOP, PREFERRED_SIZE)
    assert rect.marginsAdded(FRAME) == LAPTOP  # on a laptop, the whole screen with its title bar and borders
    rect = placement(MONITOR, PREFERRED_SIZE)
    assert rect.size() == PREFERRED_SIZE
    assert rect.marginsAdded(FRAME).center() == MONITOR.center()  # centred with its frame

    store = Store.create(PASSPHRASE, PractitionerProfile(name="Ana Practitioner"), tmp_path / "d", kdf=TEST_KDF)
    window = MainWindow(store, tmp_path / "d", registry=registry)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    screen = window.screen().availableGeometry()
    assert screen.contains(window.frameGeometry()), (window.frameGeometry(), screen)


@pytest.fixture
def closed_store(tmp_path: Path) -> Path:
    Store.create(PASSPHRASE, PractitionerProfile(name="Ana Practitioner"), tmp_path / "d", kdf=TEST_KDF).close()
    return tmp_path / "d"


@pytest.mark.parametrize("scale", FONTS.values(), ids=FONTS.keys())
@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_the_unlock_prompt_and_its_messages_fit(
    qtbot: Any, closed_store: Path, registry: Registry, screen: QRect, scale: float
) -> None:
    with font_scaled(scale):
        window = MainWindow(None, closed_store, registry=registry)
        qtbot.addWidget(window)
        window.resize(window_on(screen))
        window.show()
        qtbot.waitExposed(window)
        window.lock_screen.passphrase.setText("not the passphrase")
        window.lock_screen.try_unlock()
        qtbot.wait(10)
        assert "not right" in window.lock_screen.message.text()
        assert clipped(window) == []
        window.lock_screen.say(LONG_PROBLEM)
        qtbot.wait(10)
        assert clipped(window) == []


@pytest.mark.parametrize("scale", FONTS.values(), ids=FONTS.keys())
def test_every_first_run_page_fits_a_laptop(qtbot: Any, tmp_path: Path, scale: float) -> None:
    with font_scaled(scale):
        wizard = FirstRunWizard(tmp_path / "new", kdf=TEST_KDF)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        wizard.profile_page.name.setText("Jo Bloggs")
        wizard.profile_page.organisation.setText("Example IDVA Service")
        for page in range(3):
            if page == 1:
                for field in (wizard.passphrase_page.first, wizard.passphrase_page.second):
                    field.setText("purple elephant dances quietly")
            qtbot.wait(10)
            assert LAPTOP.size().boundedTo(wizard.size()) == wizard.size(), wizard.size()
            assert clipped(wizard) == [], f"page {page + 1}"
            wizard.next()


def pathway_cut(table: QTreeWidget) -> list[str]:
    """The pathway steps (one to a line in the last column) that are not shown whole."""
    metrics = table.fontMetrics()
    column = table.columnCount() - 1
    cut = []
    for i in range(table.topLevelItemCount()):
        item = table.topLevelItem(i)
        lines = item.text(column).split("\n")
        rect = table.visualItemRect(item)
        too_low = rect.height() < metrics.lineSpacing() * len(lines)
        cut += [line for line in lines if too_low or metrics.horizontalAdvance(line) > table.columnWidth(column)]
    return cut


@pytest.mark.parametrize("scale", FONTS.values(), ids=FONTS.keys())
@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_the_perpetrator_record_fits(qtbot: Any, store: Store, registry: Registry, screen: QRect,
                                     scale: float) -> None:
    case_id, person_id, _older, _older_person = two_cases(store)
    with font_scaled(scale):
        record = PerpetratorRecord(store, case_id, person_id, registry=registry)
        qtbot.addWidget(record)
        record.resize(record.size().boundedTo(window_on(screen)))
        record.show()
        qtbot.waitExposed(record)
        qtbot.wait(10)
        assert clipped(record) == []
        assert pathway_cut(record.assessment_table) == []
        first = record.assessment_table.visualItemRect(record.assessment_table.topLevelItem(0))
        shown = record.assessment_table.viewport().rect()
        assert shown.top() <= first.top() and first.bottom() <= shown.bottom()  # at least one assessment whole
        assert QApplication.activeModalWidget() in (None, record)
