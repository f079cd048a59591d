"""The lock, the start and quitting (issue 9, defects 3, 13 and 17), as a practitioner meets them:
a locked window offers only Unlock and Quit, its dialogs are hidden, the store is closed behind
it and opened again, the same page, question and focus come back; at start the keyboard is in the
case list's search; quit waits for a report being signed (pytest-qt, offscreen)."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dash_desktop.questionnaires import Registry
from dash_desktop.store import PractitionerProfile, Store, StoreLocked
from dash_desktop.store.keys import TEST_KDF
from dash_desktop.ui.main_window import MainWindow
from dash_desktop.ui.settings import Settings

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Store:
    profile = PractitionerProfile(name="Ana Practitioner", role="IDVA", organisation="Example IDVA Service")
    return Store.create(PASSPHRASE, profile, data_dir, kdf=TEST_KDF)


def shown(qtbot: Any, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def window(qtbot: Any, store: Store, data_dir: Path, registry: Registry) -> MainWindow:
    return shown(qtbot, MainWindow(store, data_dir, registry=registry))


def type_keys(qtbot: Any, text: str | list[Any]) -> None:
    for key in text:
        target = QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard"
        qtbot.keyClick(target, key if isinstance(key, Qt.Key) else getattr(Qt.Key, f"Key_{key}"))


def unlock_by_keyboard(qtbot: Any, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    assert QApplication.focusWidget() is window.lock_screen.passphrase
    qtbot.keyClicks(window.lock_screen.passphrase, passphrase)
    qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)


def menu_state(window: MainWindow) -> dict[str, bool]:
    menu = window.menuBar().actions()[0].menu()
    return {a.text().replace("&", ""): a.isEnabled() for a in menu.actions()}  # type: ignore[union-attr]


def database_files_open(data_dir: Path) -> bool:
    fds = Path("/proc/self/fd")
    return any(os.readlink(fd).startswith(str(data_dir.resolve() / "cases.db")) for fd in fds.iterdir()
               if fd.is_symlink() and Path(os.readlink(fd)).is_absolute())


def test_a_locked_window_offers_only_unlock_and_quit(
    window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Settings(area_profile="hampshire").save(data_dir)
    asked: list[str] = []
    monkeypatch.setattr("dash_desktop.ui.main_window.QInputDialog.getItem",
                        lambda *args, **kwargs: (asked.append("names") or ("No name", True)))
    monkeypatch.setattr("dash_desktop.ui.main_window.QInputDialog.getInt",
                        lambda *args, **kwargs: (asked.append("minutes") or (1, True)))
    assert all(menu_state(window).values())
    window.lock()
    assert menu_state(window) == {"New case…": False, "Lock": False, "Quick hide (lock and minimise)": False,
                                  "Lock when idle after…": False, "Names on signed reports…": False,
                                  "Training mode…": False, "Quit": True}
    window.choose_report_subject()  # as the menu item did while locked
    window.choose_idle_minutes()
    assert window.new_case() is None
    assert asked == []
    assert Settings.load(data_dir) == Settings(area_profile="hampshire")  # nothing saved
    assert window.lock_screen.quit_button.isVisible()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/fd")
def test_training_mode_opens_from_the_lock_screen_and_the_case_store_stays_shut(
    window: MainWindow, store: Store, data_dir: Path, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dash_desktop.ui.training.banner import BANNER_TEXT
    from dash_desktop.ui.training.window import TrainingWindow

    monkeypatch.setenv("DASH_DESKTOP_TRAINING", str(tmp_path / "training"))
    window.lock()
    assert window.lock_screen.training_button.isVisible()
    qtbot.mouseClick(window.lock_screen.training_button, Qt.MouseButton.LeftButton)
    training = window.training_window
    assert isinstance(training, TrainingWindow)
    qtbot.addWidget(training)
    qtbot.waitExposed(training)
    assert training.banner.mark.text() == BANNER_TEXT and training.banner.isVisible()
    assert training.store.paths.root == (tmp_path / "training").resolve()
    assert window.is_locked() and store.locked and not database_files_open(data_dir)
    qtbot.mouseClick(window.lock_screen.training_button, Qt.MouseButton.LeftButton)
    assert window.training_window is training  # one training window, brought forward
    training.close()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/fd")
def test_locking_closes_the_store_and_unlocking_returns_to_the_same_question(
    window: MainWindow, store: Store, data_dir: Path, qtbot: Any
) -> None:
    case = store.cases.add("HX-2026-0303")
    window.open_case(case.id)
    assert window.case_view is not None
    window.case_view.start_assessment.emit(case.id, "dash-ric", None)
    page = window.assessment
    assert page is not None
    type_keys(qtbot, "YYN")
    page.form.focus_item("q2_detail")
    qtbot.keyClicks(QApplication.focusWidget(), "Terrified")
    assert database_files_open(data_dir)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L

    assert window.is_locked()
    assert store.locked
    assert not database_files_open(data_dir)  # no connection left behind the lock
    with pytest.raises(StoreLocked):
        store.cases.get(case.id)
    unlock_by_keyboard(qtbot, window, "not the passphrase")
    assert window.is_locked() and store.locked
    window.lock_screen.passphrase.clear()
    unlock_by_keyboard(qtbot, window)

    assert not window.is_locked()
    assert window.store is store and not store.locked  # the same object, opened again
    assert window.assessment is page and window.workspace.currentWidget() is page
    assert page.form.current == "q2_detail"
    assert QApplication.focusWidget() is page.form.items["q2_detail"].edit  # and the keyboard is there
    qtbot.keyClicks(QApplication.focusWidget(), " he will come back")
    page.flush()
    assert store.assessments.get(page.assessment_id).answers["q2_detail"] == "Terrified he will come back"


def test_a_dialog_open_when_the_window_locks_is_hidden_and_comes_back(window: MainWindow, store: Store) -> None:
    case = store.cases.add("HX-2026-0404")
    window.open_case(case.id)
    assert window.case_view is not None
    dialog = window.case_view.edit_case()
    dialog.reference.setText("HX-2026-0404, typed before the lock")  # type: ignore[attr-defined]
    assert dialog.isVisible()
    window.lock()
    assert not dialog.isVisible()  # nothing of the case shows over the lock screen
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert visible == [window]
    window.lock_screen.passphrase.setText(PASSPHRASE)
    window.lock_screen.try_unlock()
    assert dialog.isVisible()
    assert dialog.reference.text() == "HX-2026-0404, typed before the lock"  # type: ignore[attr-defined]


def test_at_start_the_keyboard_goes_to_the_case_search(
    qtbot: Any, store: Store, data_dir: Path, registry: Registry
) -> None:
    case = store.cases.add("HX-2026-0505")
    store.close()
    window = shown(qtbot, MainWindow(None, data_dir, registry=registry))  # as the app starts: locked
    assert window.is_locked()
    assert menu_state(window)["Quit"] and not menu_state(window)["New case…"]
    unlock_by_keyboard(qtbot, window)
    assert not window.is_locked()
    assert QApplication.focusWidget() is window.case_list.search
    qtbot.keyClick(window.case_list.search, Qt.Key.Key_Down)  # Down and Enter open the first case
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.case_view is not None and window.case_view.case_id == case.id


def test_at_start_a_problem_with_the_case_file_is_shown_on_the_prompt(
    qtbot: Any, store: Store, data_dir: Path, registry: Registry
) -> None:
    store.close()
    (data_dir / "cases.db").write_bytes(b"")  # damaged
    window = shown(qtbot, MainWindow(None, data_dir, registry=registry))
    unlock_by_keyboard(qtbot, window)
    assert window.is_locked()
    message = window.lock_screen.message.text()
    assert "damaged" in message and "empty" in message


def complete_a_dash(qtbot: Any, window: MainWindow, store: Store) -> int:
    case = store.cases.add("HX-2026-0606")
    window.open_case(case.id)
    assert window.case_view is not None
    window.case_view.start_assessment.emit(case.id, "dash-ric", None)
    page = window.assessment
    assert page is not None
    type_keys(qtbot, "N" * 24)
    type_keys(qtbot, ["0", Qt.Key.Key_Return, "N", "N", "0", Qt.Key.Key_Return])
    result = page.session.result()
    assert not isinstance(result, str)
    page.complete(result)
    return page.assessment_id


@pytest.fixture
def slow_signing(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Signing waits until the returned event is set."""
    from dash_desktop.reports import stored

    release = threading.Event()
    real = stored.sign_stored

    def slow(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(stored, "sign_stored", slow)
    return release


def test_quit_waits_for_the_report_being_signed(
    window: MainWindow, store: Store, data_dir: Path, qtbot: Any, slow_signing: threading.Event,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[str] = []
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: offered.append(suggested) or "")
    assessment_id = complete_a_dash(qtbot, window, store)
    assert window.signing_pending()
    window.close()  # Quit, while the report is being signed
    assert window.isVisible()
    assert not store.locked  # the signing still has its store
    assert "closes when the report is signed" in window.statusBar().currentMessage()
    slow_signing.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    assert store.locked  # closed once signed
    assert offered == []  # quitting: no save dialog; the signed report is kept in the case file
    with Store.open(PASSPHRASE, data_dir) as again:
        assert again.assessments.get(assessment_id).status == "signed"


def test_a_lock_during_signing_closes_the_store_when_it_is_done(
    window: MainWindow, store: Store, qtbot: Any, slow_signing: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[str] = []
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: offered.append(suggested) or "")
    complete_a_dash(qtbot, window, store)
    window.lock()
    assert window.is_locked() and not store.locked
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]  # progress hidden too
    slow_signing.set()
    qtbot.waitUntil(lambda: store.locked, timeout=30_000)
    assert window.signing is None
    assert offered == []  # nothing is shown over the lock screen
    window.lock_screen.passphrase.setText(PASSPHRASE)
    window.lock_screen.try_unlock()
    assert len(offered) == 1  # the save dialog comes once unlocked
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]  # no stale progress


def test_the_window_locks_even_when_what_was_typed_cannot_be_saved(
    window: MainWindow, store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dash_desktop.store import StoreBusy

    case = store.cases.add("HX-2026-0707")
    window.open_case(case.id)
    assert window.case_view is not None
    window.case_view.start_assessment.emit(case.id, "dash-ric", None)
    page = window.assessment
    assert page is not None

    def busy() -> None:
        raise StoreBusy(store.paths.root, "cannot save")

    monkeypatch.setattr(page, "flush", busy)
    window.lock()
    assert window.is_locked() and store.locked


def test_at_start_the_keychain_or_the_environment_opens_without_the_prompt(
    qtbot: Any, store: Store, data_dir: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store_helpers import MemoryKeyring

    from dash_desktop.store.keychain import Keychain

    keychain = Keychain(MemoryKeyring())
    assert store.remember_key(keychain)
    store.close()
    monkeypatch.setattr("dash_desktop.store.Keychain", lambda: keychain)
    window = shown(qtbot, MainWindow(None, data_dir, registry=registry))
    window.open_unattended(None)  # no passphrase in the environment: the keychain's key
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=10_000)
    assert QApplication.focusWidget() is window.case_list.search

    wrong = shown(qtbot, MainWindow(None, data_dir, registry=registry))
    monkeypatch.setattr("dash_desktop.store.Keychain", lambda: Keychain(MemoryKeyring()))
    wrong.open_unattended("not the passphrase")  # a wrong one in the environment: the prompt, quietly
    qtbot.waitUntil(lambda: wrong._loader is not None and wrong._loader.is_ready, timeout=10_000)
    qtbot.wait(50)
    assert wrong.is_locked() and wrong.lock_screen.message.text() == ""
    window.close()


def test_quitting_while_locked_keeps_answers_the_busy_store_did_not_take(
    window: MainWindow, store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dash_desktop.store.engine import connect_raw
    from dash_desktop.ui import assessment_page, main_window

    dialogs: list[str] = []
    monkeypatch.setattr(assessment_page, "show_error", lambda _p, title, _m: dialogs.append(title))
    monkeypatch.setattr(main_window, "show_error", lambda _p, title, _m: dialogs.append(title))
    case = store.cases.add("HX-2026-0808")
    window.open_case(case.id)
    assert window.case_view is not None
    window.case_view.start_assessment.emit(case.id, "dash-ric", None)
    page = window.assessment
    assert page is not None
    holder = connect_raw(store.paths.database, store._data_key)  # another program, mid-write
    holder.execute("BEGIN IMMEDIATE")
    type_keys(qtbot, "Y")
    assert page.saved.text().startswith("⚠ NOT SAVED")
    window.lock()
    assert window.is_locked() and store.locked
    assert not window.close()  # Quit on the lock screen: refused, the answer would be lost
    assert dialogs[-1] == "Answers not saved yet" and window.isVisible()
    holder.execute("ROLLBACK")
    holder.close()
    unlock_by_keyboard(qtbot, window)
    qtbot.waitUntil(lambda: page.saved.text().startswith("Saved"), timeout=10_000)
    assert store.assessments.get(page.assessment_id).answers == {"q1": "yes"}
    assert window.close()
