"""End to end, as a FIT worker: a household with a victim's completed DASH; the perpetrator is added,
assessed with the perpetrator risk-and-needs form by keyboard through the main window, and the
signed report verifies and names the pathway; the case view then puts both results side by side
with the toxic trio, and flags a serial perpetrator found in another case (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dash_desktop.assessment import parse_document
from dash_desktop.questionnaires import Registry
from dash_desktop.reports.verify import verify_report
from dash_desktop.store import PractitionerProfile, Store
from dash_desktop.store.interchange import import_document
from dash_desktop.store.keys import TEST_KDF
from dash_desktop.ui.main_window import MainWindow

PASSPHRASE = "purple elephant dances quietly"
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
DOB = dt.date(1988, 4, 2)


def keys(qtbot: Any, window: Any, text: Any) -> None:
    for key in text:
        target = QApplication.focusWidget() or window.focusWidget()
        assert target is not None
        qtbot.keyClick(target, key if isinstance(key, Qt.Key) else getattr(Qt.Key, f"Key_{key}"))


def victim_dash(store: Store, case_id: int, victim_id: int) -> None:
    """A completed DASH: 14 yes, the victim depressed (q5), the abuser's alcohol problem (q21)."""
    data = json.loads((ROOT / "examples" / "dash-ric-14-yes.json").read_text(encoding="utf-8"))
    data["assessed_on"] = "2026-11-02"
    data["answers"].update({"q21": "yes", "q21_which": ["alcohol"], "q20": "no"})
    import_document(store, case_id, parse_document(data), subject_person_id=victim_id)


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> MainWindow:
    data_dir = tmp_path / "data"
    profile = PractitionerProfile(name="Priya Shah", role="FIT worker", organisation="Example FIT")
    store = Store.create(PASSPHRASE, profile, data_dir, kdf=TEST_KDF)
    win = MainWindow(store, data_dir, registry=Registry.default())
    qtbot.addWidget(win)
    win.resize(1440, 1000)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    return win


def test_perpetrator_assessment_signed_and_the_household_picture(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = window.store
    case = store.cases.add("HX-2026-0500", area="Gosport")
    victim = store.people.add(case.id, "victim", "Jo Bloggs", date_of_birth=dt.date(1991, 8, 14))
    store.people.add(case.id, "child", "Child 1", age_band="5-9")
    victim_dash(store, case.id, victim.id)
    # An older case where the same man (same name, same date of birth) harmed another partner.
    older = store.cases.add("HX-2023-0117", area="Havant")
    store.people.add(older.id, "victim", "Sam Smith")
    store.people.add(older.id, "perpetrator", "KEV  BLOGGS", date_of_birth=DOB)
    store.cases.update(older.id, status="closed")

    window.open_case(case.id)
    view = window.case_view
    assert view is not None
    assert view.serial_flags == []  # no perpetrator in this household yet
    dialog = view.add_person(role="perpetrator")
    dialog.name.insert("Kev Bloggs")  # type: ignore[attr-defined]
    dialog.dob.insert("2 April 1988")  # type: ignore[attr-defined]
    dialog.buttons.accepted.emit()  # type: ignore[attr-defined]
    perpetrator = next(p for p in store.cases.get(case.id).people if p.role == "perpetrator")
    assert [label.text() for label in view.serial_flags] != []

    view.start_assessment.emit(case.id, "perpetrator-risk-needs", None)
    page = window.assessment
    assert page is not None
    session = page.session
    # The age comes from the date of birth (not asked again), marked so and editable; the keyboard starts
    # at the first question still to answer.
    age = dt.date.today().year - 1988 - ((dt.date.today().month, dt.date.today().day) < (4, 2))
    assert session.answer("age") == age
    assert "Filled in from the date of birth (2 April 1988" in page.form.items["age"].prefilled.text()
    assert page.form.current == "referral_source"
    # By keyboard, in the form's order: referred by (police), relationship (partner), incidents in 12 months.
    keys(qtbot, window, ["1", "1", "3", Qt.Key.Key_Return])
    # Not required, so Enter passed it by: go back to the date of the most recent incident and type it.
    assert session.answer("most_recent_incident_on") is None
    page.form.focus_item("most_recent_incident_on")
    page.form.items["most_recent_incident_on"].edit.insert("2026-10-30")  # type: ignore[attr-defined]
    keys(qtbot, window, [Qt.Key.Key_Return, "2", Qt.Key.Key_Return])  # then the number of victims
    assert session.answer("most_recent_incident_on") == "2026-10-30"
    keys(qtbot, window, "YYN3")  # children present yes, reported to police yes, charged no, gravity physical
    keys(qtbot, window, "NDNNNYYY")  # the eight risk factors
    keys(qtbot, window, "YNNYNNDY")  # alcohol yes, drugs no, mental health no, money yes, ..., parenting yes
    keys(qtbot, window, "21")  # motivation ambivalent, justice route none
    answers = session.answers
    assert answers["age"] == age and answers["referral_source"] == "police" and answers["incidents_12m"] == 3
    assert answers["relationship_to_victim"] == "partner" and answers["reported_to_police"] == "yes"
    assert answers["victims_count"] == 2 and answers["gravity"] == "physical"
    assert answers["strangulation"] == "dont_know" and answers["alcohol"] == "yes"
    assert answers["motivation"] == "ambivalent" and answers["justice_route"] == "none"
    assert session.unanswered() == []
    result = session.result()
    assert not isinstance(result, str)
    assert result.dapp is not None and result.dapp.priority
    assert result.dapp.pathway_ids[0] == "high_harm_team"
    assert "substance_misuse_service" in result.dapp.pathway_ids

    out = tmp_path / "perpetrator.pdf"
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: str(out))
    with qtbot.waitSignal(window.signed, timeout=30_000):
        page.complete(result)
    record = store.assessments.get(page.assessment_id)
    assert record.status == "signed"
    assert record.subject_person_id == perpetrator.id
    assert record.questionnaire_id == "perpetrator-risk-needs"
    qtbot.waitUntil(out.exists, timeout=5000)
    pdf = out.read_bytes()
    assert verify_report(pdf).sound
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Kev Bloggs" in text
    for step in result.dapp.pathway:
        assert " ".join(step.name.split()) in text, step.name

    view = window.case_view
    assert view is not None and window.workspace.currentWidget() is view
    assert "Current risk level: High ·" in view.summary.text()  # the victim's; not labelled the perpetrator's
    assert window.store.cases.get(case.id).risk_level == "high"  # the victim's DASH, not the perpetrator's level
    assert view.chart.points and all(p.day == dt.date(2026, 11, 2) for p in view.chart.points)  # the victim's only
    victim_text = view.picture.victim_result.accessibleName()
    assert "Risk level: High" in victim_text and "Yes answers: 15" in victim_text
    assert "MARAC: refer (visible high risk)" in victim_text
    perp_text = view.picture.perpetrator_result.accessibleName()
    assert "Kev Bloggs" in perp_text and "Priority perpetrator: yes" in perp_text
    assert "RADAR (DAPP behaviour-change programme)" in perp_text
    trio = view.picture.trio_rows()
    assert trio["Domestic abuse"][0] == "Present"
    assert trio["Mental health"][0] == "Present"  # the victim's q5
    assert trio["Mental health"][1].startswith("Present: Depressed or suicidal thoughts (q5): yes")
    assert trio["Mental health"][2].startswith("Not present")
    assert trio["Substance misuse"][0] == "Present"
    assert trio["Substance misuse"][1].startswith("Present")  # q21 alcohol
    assert trio["Substance misuse"][2].startswith("Present")  # the alcohol need
    [flag] = view.serial_flags
    assert flag.accessibleName() == ("Serial perpetrator: Kev Bloggs is also the perpetrator in case HX-2023-0117 "
                                     "(closed); 2 victims known across these cases.")
    assert flag.text().startswith("⚠ Serial perpetrator")
    SHOTS.mkdir(exist_ok=True)
    qtbot.wait(50)
    assert window.grab().save(str(SHOTS / "case-view-household-picture.png"))
