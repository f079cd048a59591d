"""The trainer's side of the training window: presentation mode for projecting, the banner on every
training window, a scenario made from a completed attempt, scenario files, results handed in as
files, the signed certificate; and that none of it touches the case store (pytest-qt, offscreen)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton
from report_helpers import pdftotext, run_tool
from training_helpers import ESCALATION, SHOTS, shot
from training_window_helpers import answer_with_two_mistakes, pick, press, start_class

from dash_desktop.reports.render import TRAINING_MARK
from dash_desktop.reports.verify import verify_report
from dash_desktop.training import Scenario, load_scenario, validate
from dash_desktop.ui.training.banner import BANNER_TEXT, TrainingBanner
from dash_desktop.ui.training.style import PRESENTATION_POINTS
from dash_desktop.ui.training.window import TrainingWindow


def button(widget: Any, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def test_presentation_mode_is_large_and_high_contrast_with_the_live_result_shown(
    window: TrainingWindow, qtbot: Any, by_id: dict[str, Scenario]
) -> None:
    page = pick(window, qtbot, "Practising", "four police")
    press(qtbot, "NNNYY")
    assert page.result_hidden
    press(qtbot, [Qt.Key.Key_F5])  # View > Presentation mode
    assert window.presenting and not page.result_hidden and page.form.sidebar.isHidden()
    prompt = page.form.items["q6"].prompt
    prompt.ensurePolished()
    assert prompt.font().pointSize() == PRESENTATION_POINTS
    assert "Risk level so far: STANDARD" in page.form.result_panel.label.text()
    for width, height, size in ((1366, 768, "1366x768"), (1920, 1080, "large")):
        window.resize(width, height)
        qtbot.wait(50)
        assert window.width() == width  # large type never pushes the window off a projector's screen
        shot(window, f"training-presentation-{size}")
    window.activateWindow()  # the offscreen platform deactivates a window it resizes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, [Qt.Key.Key_F5])
    assert not window.presenting and page.result_hidden and not page.form.sidebar.isHidden()
    assert window.styleSheet() == ""


def test_every_training_window_carries_the_banner(
    window: TrainingWindow, qtbot: Any, by_id: dict[str, Scenario]
) -> None:
    assert BANNER_TEXT == "TRAINING MODE — NOT A REAL ASSESSMENT"
    assert window.banner.isVisible() and window.banner.mark.text() == BANNER_TEXT
    assert window.windowTitle() == "Training mode — DASH Desktop"
    for show in (window.show_picker, window.show_class):
        show()
        assert window.banner.isVisible()
    dialog = window.class_page.new_session()
    assert dialog.findChild(TrainingBanner).isVisible()
    dialog.reject()
    page = pick(window, qtbot, "Practising", "four police")
    answer_with_two_mistakes(page, qtbot, by_id[ESCALATION])
    page.finish()
    author = window.author_from_feedback()
    assert author is not None and author.findChild(TrainingBanner).isVisible()
    author.reject()


def test_a_trainer_makes_a_scenario_from_a_completed_attempt(
    window: TrainingWindow, qtbot: Any, by_id: dict[str, Scenario], training_dir: Path
) -> None:
    page = pick(window, qtbot, "Practising", "four police")
    answer_with_two_mistakes(page, qtbot, by_id[ESCALATION])
    page.finish()
    dialog = window.author_from_feedback()
    assert dialog is not None
    dialog.scenario_id.setText("two-callouts")
    dialog.title_edit.setText("Housing officer: two call-outs, and a low mood")
    rows = range(dialog.notes.rowCount())
    row = next(r for r in rows if dialog.notes.item(r, 0).text() == "Depressed or suicidal thoughts")
    assert dialog.notes.item(row, 1).text() == "No"  # the trainee's answer is the model answer now
    dialog.notes.item(row, 2).setText("No: she says she is not low.")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.error.isHidden(), dialog.error.text()
    made = load_scenario(training_dir / "scenarios" / "two-callouts.yaml")
    assert validate(made) == []
    assert made.model_answers["q5"] == "no" and made.model_answers["incidents_12m"] == 2
    assert made.notes["q5"] == "No: she says she is not low."
    assert made.model_outcome.risk_level == "standard"  # what the rules give for these answers
    assert window.picker.selected() is not None and window.picker.selected().id == "two-callouts"
    assert "two-callouts" in window.picker.library.own


def test_a_scenario_file_that_teaches_a_wrong_rule_is_refused(
    window: TrainingWindow, tmp_path: Path, by_id: dict[str, Scenario], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = by_id[ESCALATION].to_dict() | {"id": "wrong-rule"}
    data["model_outcome"]["risk_level"] = "medium"
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(data), "utf-8")
    said: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr("dash_desktop.ui.training.window.show_error", lambda _p, _t, text: said.append(text))
    window.import_scenario()
    assert said and "risk_level: model says medium, the rules give high" in said[0]
    assert "wrong-rule" not in {s.id for s in window.picker.library.scenarios}


def test_answers_handed_in_as_a_file_join_the_class_and_the_certificate_is_signed(
    window: TrainingWindow, qtbot: Any, by_id: dict[str, Scenario], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = pick(window, qtbot, "Practising", "four police")  # a trainee at their own machine
    answer_with_two_mistakes(page, qtbot, by_id[ESCALATION])
    page.finish()
    answers = tmp_path / "sam.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(answers), ""))
    window.save_answers()
    start_class(window, qtbot, "Sam")  # the trainer's machine
    window.class_page.table.selectRow(0)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(answers), ""))
    button(window.class_page, "Add a result from a &file…").click()
    results = window.class_page.results
    assert results is not None and results.trainees[0].attempts[0].differing_items == ["q5", "incidents_12m"]

    certificate = tmp_path / "sam-certificate.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(certificate), ""))
    window.class_page.table.selectRow(0)
    button(window.class_page, "Ce&rtificate…").click()
    (signature,) = verify_report(certificate.read_bytes()).signatures
    assert signature.intact and signature.valid and signature.signer == "Jo Trainer"
    text = " ".join(pdftotext(certificate).split())
    assert "Sam" in text and "31 of 33 (93%)" in text and TRAINING_MARK in text
    rendered = run_tool("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(certificate),
                        str(SHOTS / "training-certificate"))
    assert rendered.returncode == 0, rendered.stderr
    summary = tmp_path / "class.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(summary), ""))
    button(window.class_page, "Export PDF &summary…").click()
    assert run_tool("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(summary),
                    str(SHOTS / "training-class-summary")).returncode == 0
    shot(window, "training-class-1366x768")


def _fingerprint(directory: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(directory)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_the_training_window_never_touches_the_case_store(
    qtbot: Any, tmp_path: Path, by_id: dict[str, Scenario], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dash_desktop.store import PractitionerProfile, Store
    from dash_desktop.store.keys import TEST_KDF

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        case_dir = tmp_path / "case-store"
        Store.create("correct horse battery staple", PractitionerProfile("A Practitioner", "IDVA", "SDAS"), case_dir,
                     kdf=TEST_KDF).close()
    finally:
        keyring.set_keyring(previous)
    monkeypatch.setenv("DASH_DESKTOP_DATA", str(case_dir))
    before = _fingerprint(case_dir)
    from dash_desktop.ui.training.window import open_training

    window = open_training()
    assert window is not None
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    start_class(window, qtbot, "Alex")
    page = pick(window, qtbot, "Alex", "four police")
    answer_with_two_mistakes(page, qtbot, by_id[ESCALATION])
    page.finish()
    out = tmp_path / "class.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.show_class()
    button(window.class_page, "Export &CSV…").click()
    window.close()
    assert out.exists()
    assert _fingerprint(case_dir) == before
    assert window.store.paths.root == (tmp_path / "training").resolve()


def test_the_training_screens_load_nothing_of_the_case_store() -> None:
    heavy = ("dash_desktop.store", "sqlalchemy", "sqlcipher3")
    probe = ("import sys; import dash_desktop.ui.training.window; "
             f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_training_mode_opens_on_its_own_without_a_case_file(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``dash-desktop training window --presentation``: a trainer's machine with no case store."""
    from dash_desktop.cli import main

    logged: list[Path] = []
    monkeypatch.setattr("dash_desktop.ui.training.app.setup_logging", lambda folder: logged.append(folder))
    monkeypatch.setattr("dash_desktop.ui.training.app.install_excepthook", lambda: None)
    shown: list[TrainingWindow] = []

    def event_loop(*_args: Any) -> int:  # what the window is while the app runs
        shown.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, TrainingWindow) and w.isVisible())
        assert shown[0].presenting and shown[0].store.paths.root == (tmp_path / "mine").resolve()
        shown[0].close()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    assert main(["training", "window", "--presentation", "--training-dir", str(tmp_path / "mine")]) == 0
    assert len(shown) == 1
    assert logged == [(tmp_path / "mine").resolve()]  # the log too stays out of the case store's folder
    assert not (tmp_path / "no-case-store").exists()
