"""Another program holds the store's write lock (issue 10, defect 2): the keystroke does not block the
UI thread for long, the page says NOT SAVED (never "Saved"), the answer stays in the session and on
screen, and it is saved by itself once the store is free; closing while it is not saved is refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlcipher3
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dash_desktop.assessment import load_profile
from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store
from dash_desktop.store.engine import connect_raw
from dash_desktop.ui import assessment_page
from dash_desktop.ui.assessment_page import AssessmentPage


@pytest.fixture
def page(qtbot: Any, store: Store, registry: Registry) -> AssessmentPage:
    case = store.cases.add("HX-BUSY")
    q = registry.get("dash-ric")
    draft = store.assessments.start(case.id, q.id, questionnaire_version=q.version, questionnaire_hash=q.content_hash)
    p = AssessmentPage(store, draft.id, profile=load_profile("hampshire"), registry=registry)
    p.RETRY_MS = 200
    p._retry.setInterval(200)
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    qtbot.waitActive(p)
    p.start()
    return p


@pytest.fixture
def holder(store: Store) -> Iterator[sqlcipher3.Connection]:
    """Another program in the middle of a long write: it holds BEGIN IMMEDIATE."""
    conn = connect_raw(store.paths.database, store._data_key)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    conn.close()


def _press(qtbot: Any, page: AssessmentPage, key: str) -> None:
    target = QApplication.focusWidget() or page.focusWidget()
    qtbot.keyClick(target, getattr(Qt.Key, f"Key_{key}"))


def test_a_busy_store_shows_not_saved_keeps_the_answer_and_saves_it_later(
    qtbot: Any, store: Store, page: AssessmentPage, holder: sqlcipher3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs: list[str] = []
    monkeypatch.setattr(assessment_page, "show_error", lambda _p, title, _m: dialogs.append(title))
    _press(qtbot, page, "Y")
    assert page.saved.text().startswith("⚠ NOT SAVED")
    assert page.session.answer("q1") == "yes"
    assert page.form.items["q1"].buttons["yes"].isChecked()  # the screen shows what was given
    assert "q1" not in store.assessments.get(page.assessment_id).answers
    assert dialogs == []  # busy is the label and a retry, not a dialog per keystroke
    _press(qtbot, page, "N")  # answering goes on while the store is busy
    assert page.flush() is False  # closing now would lose them: refused
    holder.execute("ROLLBACK")
    qtbot.waitUntil(lambda: page.saved.text().startswith("Saved"), timeout=5000)
    assert store.assessments.get(page.assessment_id).answers == {"q1": "yes", "q2": "no"}


def test_going_back_while_answers_are_not_saved_stays_on_the_page(
    qtbot: Any, page: AssessmentPage, holder: sqlcipher3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs: list[str] = []
    monkeypatch.setattr(assessment_page, "show_error", lambda _p, title, _m: dialogs.append(title))
    _press(qtbot, page, "Y")
    with qtbot.assertNotEmitted(page.back):
        page._back()
    assert dialogs == ["Not saved yet"]
    holder.execute("ROLLBACK")
    with qtbot.waitSignal(page.back, timeout=3000):
        page._back()
