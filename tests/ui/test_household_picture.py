"""The case view's household picture (the latest victim DASH and perpetrator results side by side,
and the toxic trio in words) and its serial-perpetrator flag (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from case_helpers import SHOTS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from dash_desktop.assessment import parse_document
from dash_desktop.assessment.household import NOT_KNOWN, NOT_PRESENT, PRESENT
from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store
from dash_desktop.store.interchange import import_document
from dash_desktop.ui.case_view import CaseView
from dash_desktop.ui.household_panel import picture_of

TODAY = dt.date(2026, 11, 25)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DOB = dt.date(1988, 4, 2)


def example(name: str, **answers: Any) -> Any:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    data["answers"].update(answers)
    return parse_document(data)


def make_view(store: Store, case_id: int, qtbot: Any, registry: Registry) -> CaseView:
    view = CaseView(store, case_id, registry=registry, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    return view


def trio(view: CaseView) -> dict[str, list[str]]:
    return view.picture.trio_rows()


def test_nothing_assessed_is_not_known_in_words(store: Store, qtbot: Any, registry: Registry) -> None:
    case = store.cases.add("HX-1")
    store.people.add(case.id, "victim", "Jo Bloggs")
    view = make_view(store, case.id, qtbot, registry)
    assert "No completed victim DASH yet." in view.picture.victim_result.accessibleName()
    assert "No completed perpetrator risk and needs assessment yet." in view.picture.perpetrator_result.accessibleName()
    assert {topic: row[0] for topic, row in trio(view).items()} == {
        "Domestic abuse": NOT_KNOWN, "Mental health": NOT_KNOWN, "Substance misuse": NOT_KNOWN}
    assert trio(view)["Mental health"][1] == "Not known: no completed victim DASH"
    assert view.serial_flags == [] and not view.serial_box.isVisibleTo(view)


def test_all_answered_no_is_not_present(store: Store, qtbot: Any, registry: Registry) -> None:
    case = store.cases.add("HX-1")
    victim = store.people.add(case.id, "victim", "Jo Bloggs")
    perpetrator = store.people.add(case.id, "perpetrator", "Kev Bloggs")
    import_document(store, case.id, example("dash-ric-14-yes.json", q5="no", q21="no"), subject_person_id=victim.id)
    import_document(store, case.id, example("perpetrator-priority-high-harm.json", alcohol="no"),
                    subject_person_id=perpetrator.id)
    view = make_view(store, case.id, qtbot, registry)
    rows = trio(view)
    assert rows["Domestic abuse"][0] == PRESENT
    assert rows["Mental health"] == [NOT_PRESENT,
                                     "Not present: Depressed or suicidal thoughts (q5): no; Abuser's drugs, "
                                     "alcohol or mental health (q21): no",
                                     "Not present: Mental health (mental_health): no"]
    assert rows["Substance misuse"][0] == NOT_PRESENT


def test_dont_know_and_a_missing_follow_up_are_not_known(store: Store, qtbot: Any, registry: Registry) -> None:
    case = store.cases.add("HX-1")
    import_document(store, case.id, example("dash-ric-14-yes.json", q5="dont_know", q21="yes"))
    import_document(store, case.id, example("perpetrator-priority-high-harm.json", alcohol="dont_know",
                                            mental_health="dont_know"))
    rows = trio(make_view(store, case.id, qtbot, registry))
    assert rows["Mental health"][0] == NOT_KNOWN
    assert rows["Substance misuse"][1] == ("Not known: Abuser's drugs, alcohol or mental health (q21): yes, but "
                                           "not which (q21_which not answered)")
    assert rows["Substance misuse"][2] == "Not known: Alcohol (alcohol): don’t know"
    assert "subject not recorded" in picture_of(store.cases.get(case.id), registry).victim_lines[0]


def test_the_picture_reads_the_stored_snapshot_and_never_rescores(
    store: Store, qtbot: Any, registry: Registry
) -> None:
    case = store.cases.add("HX-1")
    a = store.assessments.start(case.id, "perpetrator-risk-needs", assessed_on=dt.date(2026, 11, 1),
                                answers={"alcohol": "no", "drugs": "yes"})
    snapshot = {"needs": ["drugs"], "unknown": [], "priority": False,
                "dapp": {"pathway": [{"id": "radar", "name": "A step named in the stored result"}]}}
    store.assessments.complete(a.id, result=snapshot, risk_level="medium", yes_count=2)
    view = make_view(store, case.id, qtbot, registry)
    text = view.picture.perpetrator_result.accessibleName()
    assert "Risk level: Medium" in text and "Priority perpetrator: no" in text
    assert "Pathway: A step named in the stored result" in text
    assert trio(view)["Substance misuse"][2] == "Present: Drugs (drugs): yes"


def test_serial_flag_possible_match_in_words(store: Store, qtbot: Any, registry: Registry) -> None:
    case = store.cases.add("HX-2026-0042")
    store.people.add(case.id, "victim", "Jo Bloggs")
    store.people.add(case.id, "perpetrator", "Kev Bloggs", date_of_birth=DOB)
    for reference, victim, dob in (("HX-2024-0311", "Sam Smith", DOB), ("HX-2025-0007", "Ali Khan", None)):
        other = store.cases.add(reference)
        store.people.add(other.id, "victim", victim)
        store.people.add(other.id, "perpetrator", "kev bloggs", date_of_birth=dob)
    view = make_view(store, case.id, qtbot, registry)
    [flag] = view.serial_flags
    assert flag.accessibleName() == (
        "Serial perpetrator: Kev Bloggs is also the perpetrator in cases HX-2024-0311, HX-2025-0007; 3 victims "
        "known across these cases. Possible match: no date of birth (HX-2025-0007); the name alone matches, so "
        "check it is the same person.")
    assert flag.text().startswith("⚠ Serial perpetrator: Kev Bloggs")
    assert view.serial_box.isVisibleTo(view)
    assert flag.focusPolicy() & Qt.FocusPolicy.TabFocus  # a keyboard user can reach it
    assert view.grab().save(str(SHOTS / "case-view-serial-possible-match.png"))


def test_serial_flag_two_victims_in_one_case_and_none_for_one(store: Store, qtbot: Any, registry: Registry) -> None:
    case = store.cases.add("HX-1")
    store.people.add(case.id, "victim", "Jo Bloggs")
    perpetrator = store.people.add(case.id, "perpetrator", "Kev Bloggs")
    view = make_view(store, case.id, qtbot, registry)
    assert view.serial_flags == []
    store.people.add(case.id, "victim", "Sam Smith")
    view.refresh()
    [flag] = view.serial_flags
    assert flag.accessibleName() == "Serial perpetrator: Kev Bloggs has 2 victims known in this case."
    store.people.update(perpetrator.id, role="child")
    view.refresh()
    assert view.serial_flags == []
    assert not view.serial_box.isVisibleTo(view)


def test_the_trio_is_labelled_for_screen_readers(store: Store, qtbot: Any, registry: Registry) -> None:
    view = make_view(store, store.cases.add("HX-1").id, qtbot, registry)
    buddies = {label.buddy() for label in view.findChildren(QLabel) if label.buddy() is not None}
    assert view.picture.trio in buddies
    assert view.picture.accessibleName() == "Household picture"
    assert view.picture.victim_result.accessibleName().startswith("Latest victim DASH: ")


def test_nothing_is_cut_off_at_1366_by_768(store: Store, qtbot: Any, registry: Registry) -> None:
    """Defect 14: the perpetrator's pathway was clipped at 1366 x 768, and toxic-trio cells ended in
    "…" with room below. Every label of the picture is as tall as its wrapped words need."""
    case = store.cases.add("HX-2026-0042")
    victim = store.people.add(case.id, "victim", "Jo Bloggs")
    perpetrator = store.people.add(case.id, "perpetrator", "Kev Bloggs", date_of_birth=DOB)
    import_document(store, case.id, example("dash-ric-14-yes.json", q21="yes", q21_which=["alcohol", "drugs"]),
                    subject_person_id=victim.id)
    import_document(store, case.id, example("perpetrator-high-risk-complex-needs.json"),
                    subject_person_id=perpetrator.id)
    view = CaseView(store, case.id, registry=registry, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1366, 708)  # a 1366 x 768 screen, less the window's menu and status bars
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)
    assert "Pathway: " in view.picture.perpetrator_result.accessibleName()
    labels = [view.picture.victim_result, view.picture.perpetrator_result,
              *(cell for row in view.picture.trio_cells for cell in row)]
    for label in labels:
        assert label.isVisibleTo(view)
        assert label.height() >= label.heightForWidth(label.width()), label.text()
    assert view.grab().save(str(SHOTS / "case-view-1366x768.png"))
