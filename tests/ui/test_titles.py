"""No window or dialog title names a person or a case (issue 9, defect 4): a title is shown in the
task bar, the window switcher and screen sharing. Every window and dialog the app opens is opened
in turn, and the titles (and accessible names, which screen readers announce as the window's name)
of every top-level widget then shown are checked against the household's names and the reference."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from dash_desktop.questionnaires import Registry
from dash_desktop.store import PractitionerProfile, Store
from dash_desktop.store.keys import TEST_KDF
from dash_desktop.ui.main_window import MainWindow
from dash_desktop.ui.passphrase import FirstRunWizard

PASSPHRASE = "correct horse battery staple"
REFERENCE = "HX-2026-0777"
PEOPLE = (("victim", "Jo Bloggs"), ("perpetrator", "Mark Jones"), ("child", "Lily Jones"))


def forbidden_words() -> set[str]:
    words = {REFERENCE, REFERENCE.split("-")[-1]}
    for _role, name in PEOPLE:
        words |= {name, *name.split()}
    return {w.lower() for w in words}


def titles() -> list[str]:
    """The title and accessible name of every top-level widget shown now."""
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    return [text for w in shown for text in (w.windowTitle(), w.accessibleName()) if text]


class Seen:
    def __init__(self) -> None:
        self.titles: list[str] = []
        self.opened = 0

    def look(self) -> None:
        self.titles += titles()
        self.opened += 1

    def look_at_modal(self, open_it: Callable[[], Any]) -> None:
        """Open a dialog that runs its own event loop; look once it shows, then close it."""

        def look_and_close() -> None:
            modal = QApplication.activeModalWidget()
            if modal is None:
                QTimer.singleShot(20, look_and_close)
                return
            self.look()
            modal.close()

        QTimer.singleShot(0, look_and_close)
        open_it()


def check(seen: Seen, at_least: int) -> None:
    assert seen.opened >= at_least
    named = [t for t in seen.titles if any(word in t.lower() for word in forbidden_words())]
    assert named == []


def close_dialog(dialog: QWidget | None) -> None:
    assert dialog is not None
    dialog.close()


def view_of_signed(window: MainWindow, assessment_id: int, seen: Seen) -> QWidget | None:
    """The completed assessment, read-only, as the case view opens it from its chronology."""
    assert window.case_view is not None
    dialog = window.case_view.open_record(assessment_id)
    seen.look()
    return dialog


def test_no_title_names_a_person_or_the_case(
    qtbot: Any, tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.create(PASSPHRASE, PractitionerProfile(name="Ana Practitioner", organisation="Example"),
                         tmp_path / "data", kdf=TEST_KDF)
    case = store.cases.add(REFERENCE, area="Havant")
    people = {role: store.people.add(case.id, role, name, date_of_birth=dt.date(1988, 4, 2)) for role, name in PEOPLE}
    window = MainWindow(store, tmp_path / "data", registry=registry)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    seen = Seen()
    seen.look()

    close_dialog(window.new_case())
    window.open_case(case.id)
    view = window.case_view
    assert view is not None
    seen.look()
    for open_dialog in (view.edit_case, view.add_person, view.add_note, view.add_referral, view.new_assessment):
        dialog = open_dialog()
        seen.look()
        close_dialog(dialog)
    for role in ("victim", "perpetrator"):
        item = next(view.people.topLevelItem(i) for i in range(view.people.topLevelItemCount())
                    if view.people.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == people[role].id)
        view.people.setCurrentItem(item)
        dialog = view.perpetrator_record() if role == "perpetrator" else view.edit_person()
        seen.look()
        close_dialog(dialog)

    seen.look_at_modal(window.choose_idle_minutes)
    seen.look_at_modal(window.choose_report_subject)
    view.start_assessment.emit(case.id, "dash-ric", None)
    page = window.assessment
    assert page is not None
    seen.look()
    seen.look_at_modal(page.review)  # not ready: a message says so
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.form.focus_item("q1")
    for key in [*"N" * 24, "0", Qt.Key.Key_Return, "N", "N", "0", Qt.Key.Key_Return]:
        target = QApplication.focusWidget()
        assert target is not None
        qtbot.keyClick(target, key if isinstance(key, Qt.Key) else getattr(Qt.Key, f"Key_{key}"))
    assert page.session.unanswered() == []
    seen.look_at_modal(page.review)

    release = threading.Event()
    from dash_desktop.reports import stored

    real = stored.sign_stored
    monkeypatch.setattr(stored, "sign_stored", lambda *a, **k: release.wait(30) and real(*a, **k))
    result = page.session.result()
    assert not isinstance(result, str)
    page.complete(result)
    seen.look()  # the signing progress
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: seen.look_at_modal(
        lambda: MainWindow.ask_save_path(window, suggested)) or "")
    release.set()
    qtbot.waitUntil(lambda: window.signing is None, timeout=30_000)
    seen.look_at_modal(lambda: window.open_assessment(page.assessment_id))  # a signed one: a message
    close_dialog(view_of_signed(window, page.assessment_id, seen))
    window.lock()
    seen.look()
    check(seen, at_least=18)


def test_the_first_run_names_nobody_in_its_title(qtbot: Any, tmp_path: Path) -> None:
    wizard = FirstRunWizard(tmp_path / "new", kdf=TEST_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.profile_page.name.insert("Jo Bloggs")
    seen = Seen()
    for _page in range(3):
        seen.look()
        wizard.next()
    check(seen, at_least=3)
