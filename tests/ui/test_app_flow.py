"""End to end, as a practitioner: first run, a case, a DASH completed by keyboard, the draft that
survives closing the window, the idle lock and quick hide (pytest-qt, offscreen)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store
from dash_desktop.store.keys import TEST_KDF
from dash_desktop.ui.main_window import TITLE, MainWindow
from dash_desktop.ui.passphrase import FirstRunWizard, strength
from dash_desktop.ui.settings import Settings

PASSPHRASE = "purple elephant dances quietly"
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def shoot(widget: Any, name: str, qtbot: Any) -> None:
    SHOTS.mkdir(exist_ok=True)
    qtbot.wait(30)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))


def keys(qtbot: Any, window: Any, text: str) -> None:
    for key in text:
        target = QApplication.focusWidget() or window.focusWidget()
        assert target is not None
        qtbot.keyClick(target, key if isinstance(key, Qt.Key) else getattr(Qt.Key, f"Key_{key}"))


def first_run(qtbot: Any, data_dir: Path) -> Store:
    wizard = FirstRunWizard(data_dir, kdf=TEST_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.profile_page
    page.name.insert("Siân O'Brien-Nowak")
    page.role.setCurrentText("IDVA")
    page.organisation.insert("Example IDVA Service")
    page.profile.setCurrentText("cambridgeshire")
    shoot(wizard, "first-run-profile", qtbot)
    wizard.next()
    second = wizard.passphrase_page
    second.first.insert(PASSPHRASE)
    assert not second.isComplete()  # not until typed twice
    second.second.insert(PASSPHRASE)
    assert second.isComplete()
    assert "Strong" in second.hint.text() or "Good" in second.hint.text()
    shoot(wizard, "first-run-passphrase", qtbot)
    wizard.next()
    assert wizard.identity_page.make_new.isChecked()  # a self-signed identity unless one is imported
    assert wizard.identity_page.isComplete()
    shoot(wizard, "first-run-identity", qtbot)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.store is not None
    return wizard.store


def open_window(qtbot: Any, store: Store, data_dir: Path) -> MainWindow:
    window = MainWindow(store, data_dir, registry=Registry.default())
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_passphrase_strength_hint() -> None:
    assert strength("short")[0] == 0
    assert strength("longer passphrase")[0] < strength("four unrelated words Here 7")[0]


def test_first_run_case_keyboard_dash_signed_pdf_that_verifies(
    qtbot: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = first_run(qtbot, data_dir)
    assert Settings.load(data_dir).area_profile == "cambridgeshire"
    assert store.practitioner().name == "Siân O'Brien-Nowak"
    window = open_window(qtbot, store, data_dir)
    case = store.cases.add("HX-2026-0101", area="Havant")
    store.people.add(case.id, "victim", "Zoë Ağaoğlu")
    window.show_case_list()
    shoot(window, "case-list", qtbot)
    window.open_case(case.id)
    assert window.case_view is not None
    shoot(window, "case-view", qtbot)
    window.case_view.start_assessment.emit(case.id, "dash-ric", None)
    page = window.assessment
    assert page is not None
    keys(qtbot, window, "YYYNYNYYNYYYYYNYNNNNYNYN")  # 14 yes
    keys(qtbot, window, ["4", Qt.Key.Key_Return, "N", "Y", "2", Qt.Key.Key_Return])
    assert page.session.unanswered() == []
    shoot(window, "assessment", qtbot)
    assert window.windowTitle() == TITLE  # nothing about the case in the title
    result = page.session.result()
    assert not isinstance(result, str)
    assert result.risk_level == "high"
    assert result.profile["id"] == "cambridgeshire"
    assert result.marac is not None
    assert result.marac.criteria == ("potential_escalation",)  # 14 yes is not MARAC in this profile
    out = tmp_path / "signed.pdf"
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: str(out))
    with qtbot.waitSignal(window.signed, timeout=30_000):
        page.complete(result)
    record = store.assessments.get(page.assessment_id)
    assert record.status == "signed"  # completed, signed, and locked
    assert record.risk_level == "high"
    assert window.workspace.currentWidget() is window.case_view
    assert store.cases.get(case.id).risk_level == "high"
    qtbot.waitUntil(out.exists, timeout=5000)
    pdf = out.read_bytes()

    from dash_desktop.reports.verify import verify_report

    check = verify_report(pdf)
    assert check.sound, check.pages_problem  # intact, valid, pages agreeing (the signer: not checked)
    assert check.signatures[0].signer == "Siân O'Brien-Nowak"
    assert check.document is not None
    assert check.document.answers == page.session.answers
    proc = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in proc.stdout, proc.stdout + proc.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "HX-2026-0101" in text
    assert "Zoë Ağaoğlu" in text  # the household's victim is the subject, named in any script
    assert Settings.load(data_dir).report_subject == "full"  # the default; File menu: initials or none
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(out), str(SHOTS / "signed-report")],
                   check=True)


def test_draft_survives_closing_the_window(qtbot: Any, data_dir: Path) -> None:
    store = first_run(qtbot, data_dir)
    window = open_window(qtbot, store, data_dir)
    case = store.cases.add("HX-2026-0202")
    window.open_case(case.id)
    assert window.case_view is not None
    window.case_view.start_assessment.emit(case.id, "dash-ric", None)
    keys(qtbot, window, "YNYN")
    assert window.assessment is not None
    window.assessment.form.focus_item("q1_detail")
    window.assessment.form.items["q1_detail"].edit.insertPlainText("Split lip")
    draft_id = window.assessment.assessment_id
    window.close()  # mid-assessment; the store is closed with the window

    reopened = MainWindow(None, data_dir, registry=Registry.default())  # as at start: locked, at the prompt
    qtbot.addWidget(reopened)
    reopened.show()
    qtbot.waitExposed(reopened)
    assert reopened.is_locked()
    reopened.lock_screen.passphrase.insert("not the passphrase")
    reopened.lock_screen.try_unlock()
    assert reopened.is_locked()
    assert "not right" in reopened.lock_screen.message.text()
    reopened.lock_screen.passphrase.selectAll()
    reopened.lock_screen.passphrase.insert(PASSPHRASE)
    reopened.lock_screen.try_unlock()
    assert not reopened.is_locked()
    store = reopened.store
    reopened.open_case(case.id)
    assert [d.id for d in store.assessments.drafts(case.id)] == [draft_id]  # offered explicitly in the case
    reopened.open_assessment(draft_id)
    assert reopened.assessment is not None
    session = reopened.assessment.session
    assert [session.answer(f"q{i}") for i in range(1, 5)] == ["yes", "no", "yes", "no"]
    assert session.answer("q1_detail") == "Split lip"
    events = [e.action for e in store.audit.events(limit=50)]
    assert "recover" in events


def test_idle_lock_covers_the_window_and_keeps_the_draft(qtbot: Any, data_dir: Path) -> None:
    store = first_run(qtbot, data_dir)
    window = open_window(qtbot, store, data_dir)
    case = store.cases.add("HX-2026-0303")
    window.open_case(case.id)
    assert window.case_view is not None
    window.case_view.start_assessment.emit(case.id, "dash-ric", None)
    keys(qtbot, window, "YYN")
    page = window.assessment
    assert page is not None
    page.form.focus_item("q2_detail")
    page.form.items["q2_detail"].edit.insertPlainText("Terrified he will come back")
    window.idle.timer.setInterval(50)
    window.idle.timer.start()
    qtbot.waitUntil(window.is_locked, timeout=2000)
    assert window.outer.currentWidget() is window.lock_screen
    assert not page.isVisible()  # nothing of the case is drawn behind the lock
    assert store.locked  # the store closed behind the lock: no connection, no key
    with Store.open(PASSPHRASE, data_dir) as other:  # saved before the window was covered
        assert other.assessments.get(page.assessment_id).answers["q2_detail"] == "Terrified he will come back"
    shoot(window, "locked", qtbot)
    window.lock_screen.passphrase.insert("wrong wrong wrong")
    window.lock_screen.try_unlock()
    assert window.is_locked()
    assert "not right" in window.lock_screen.message.text()
    window.lock_screen.passphrase.selectAll()
    window.lock_screen.passphrase.insert(PASSPHRASE)
    window.lock_screen.try_unlock()
    assert not window.is_locked()
    assert window.assessment is page
    assert page.session.answer("q3") == "no"
    assert page.form.current == "q2_detail"  # back exactly where the practitioner was


def test_quick_hide_locks_and_minimises(qtbot: Any, data_dir: Path) -> None:
    store = first_run(qtbot, data_dir)
    window = open_window(qtbot, store, data_dir)
    window.quick_hide()
    assert window.is_locked()
    assert window.isMinimized() or window.windowState() & Qt.WindowState.WindowMinimized


def test_reports_can_name_the_subject_by_initials_only(
    qtbot: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = first_run(qtbot, data_dir)
    window = open_window(qtbot, store, data_dir)
    monkeypatch.setattr("dash_desktop.ui.main_window.QInputDialog.getItem",
                        lambda *args, **kwargs: ("Initials only", True))
    window.choose_report_subject()
    assert Settings.load(data_dir).report_subject == "initials"
    case = store.cases.add("HX-2026-0404")
    store.people.add(case.id, "victim", "Zoë Ağaoğlu")
    window.open_case(case.id)
    assert window.case_view is not None
    window.case_view.start_assessment.emit(case.id, "dash-ric", None)
    keys(qtbot, window, "N" * 24)
    keys(qtbot, window, ["0", Qt.Key.Key_Return, "N", "N", "0", Qt.Key.Key_Return])
    page = window.assessment
    assert page is not None
    result = page.session.result()
    assert not isinstance(result, str)
    out = tmp_path / "initials.pdf"
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: str(out))
    with qtbot.waitSignal(window.signed, timeout=30_000):
        page.complete(result)
    qtbot.waitUntil(out.exists, timeout=5000)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Z. A." in text
    assert "Ağaoğlu" not in text


def test_idle_minutes_are_configurable_and_kept(qtbot: Any, data_dir: Path) -> None:
    store = first_run(qtbot, data_dir)
    window = open_window(qtbot, store, data_dir)
    assert window.idle.timer.interval() == 10 * 60_000  # the default
    window.set_idle_minutes(3)
    assert window.idle.timer.interval() == 3 * 60_000
    assert Settings.load(data_dir).idle_lock_minutes == 3


def test_an_unexpected_fault_is_a_dialog_and_the_log_holds_no_case_data(
    qtbot: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from dash_desktop.ui import errors

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, title, message: shown.append((title, message)))
    log_file = errors.setup_logging(data_dir)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook()
    answer = "Zoë Ağaoğlu was strangled"  # case data that reaches an exception's message
    try:
        raise ValueError(f"q1_detail: {answer!r} is not one of yes, no")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown
    assert shown[0][0] == "Something went wrong"
    assert "Traceback" not in shown[0][1]
    for handler in errors.log.handlers:
        handler.flush()
    text = log_file.read_text("utf-8")
    assert "ValueError" in text
    assert "Zoë" not in text and "strangled" not in text


def test_a_signed_assessment_is_amended_by_a_new_one_that_points_back(
    qtbot: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = first_run(qtbot, data_dir)
    window = open_window(qtbot, store, data_dir)
    case = store.cases.add("HX-2026-0505")
    window.open_case(case.id)
    saved: list[Path] = []
    monkeypatch.setattr(window, "ask_save_path", lambda s: str(saved.append(tmp_path / f"{len(saved)}.pdf")
                                                              or saved[-1]))

    def complete_checklist() -> int:
        page = window.assessment
        assert page is not None
        result = page.session.result()
        assert not isinstance(result, str)
        with qtbot.waitSignal(window.signed, timeout=30_000):
            page.complete(result)
        return page.assessment_id

    assert window.case_view is not None
    window.case_view.start_assessment.emit(case.id, "dash-ric", None)
    keys(qtbot, window, "N" * 24)
    keys(qtbot, window, ["0", Qt.Key.Key_Return, "N", "N", "0", Qt.Key.Key_Return])
    first = complete_checklist()
    refused: list[str] = []
    monkeypatch.setattr("dash_desktop.ui.main_window.show_error", lambda _p, title, _m: refused.append(title))
    window.open_assessment(first)  # a signed assessment cannot be reopened for editing
    assert refused == ["This assessment is locked"]
    assert window.assessment is not None
    assert window.assessment.assessment_id == first  # the page shown is still the old, disabled one
    assert not window.assessment.isEnabled()

    window.case_view.start_assessment.emit(case.id, "dash-ric", first)  # amend: prefilled from it
    page = window.assessment
    assert page is not None
    assert page.assessment_id != first
    assert page.session.answer("q15") == "no"
    page.form.focus_item("q15")
    keys(qtbot, window, "Y")  # strangulation disclosed since
    assert page.form.items["q15"].change.isVisible()
    for item_id, value in (("q1", "no"), ("incidents_12m", 0)):  # asked again: they do not carry over
        page.session.set_answer(item_id, value)
    second = complete_checklist()
    assert store.assessments.get(second).amends_id == first
    assert store.assessments.get(first).status == "signed"  # untouched
    qtbot.waitUntil(lambda: len(saved) == 2 and saved[1].exists(), timeout=5000)
    text = subprocess.run(["pdftotext", str(saved[1]), "-"], capture_output=True, text=True, check=True).stdout
    from dash_desktop.store.interchange import document_of

    assert document_of(store.assessments.get(second))["meta"] == {"amends": first}
    assert f"assessment {first} (this one replaces it)" in " ".join(text.split())


def test_a_linked_case_opens_from_the_case_view(qtbot: Any, data_dir: Path) -> None:
    store = first_run(qtbot, data_dir)
    window = open_window(qtbot, store, data_dir)
    first, second = store.cases.add("HX-2026-0606"), store.cases.add("HX-2026-0707")
    window.open_case(first.id)
    assert window.case_view is not None
    window.case_view.open_case.emit(second.id)  # as the perpetrator record does for a linked case
    assert window.case_view.case_id == second.id
    assert window.workspace.currentWidget() is window.case_view
