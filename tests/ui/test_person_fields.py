"""The person dialog's structured fields and the case's district picker (pytest-qt, offscreen), and
what they feed: the district and the person's details scored with the app's assessments."""

from __future__ import annotations

import json
from typing import Any

from case_helpers import SHOTS
from dash_helpers import ric_answers
from fit_helpers import clipped
from marac_ui_helpers import TODAY, VICTIM, household_case
from PySide6.QtWidgets import QComboBox

from dash_desktop.assessment import load_profile
from dash_desktop.questionnaires import Registry
from dash_desktop.reports.stored import complete_and_sign
from dash_desktop.store import Store
from dash_desktop.ui.assessment_page import AssessmentPage
from dash_desktop.ui.assessment_start import begin_assessment
from dash_desktop.ui.dialogs import CaseDialog, PersonDialog


def pick(combo: QComboBox, words: str) -> None:
    index = combo.findText(words)
    assert index >= 0, f"{words!r} is not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def test_every_equality_choice_is_offered_in_words(store: Store, qtbot: Any) -> None:
    from dash_desktop.store.vocabulary import EQUALITY_CHOICES

    case = store.cases.add("HX-0")
    dialog = PersonDialog(store, case.id, None, role="victim", today=TODAY)
    qtbot.addWidget(dialog)
    for field, enum in EQUALITY_CHOICES.items():
        combo = dialog.fields.categories[field]
        offered = [combo.itemData(i) for i in range(combo.count())]
        assert offered == [None, *(m.value for m in enum)], field
        words = [combo.itemText(i) for i in range(combo.count())]
        assert "_" not in "".join(words), words  # words, never the stored codes


def test_a_new_victim_with_every_detail_is_stored_as_typed_and_shown_again(store: Store, qtbot: Any) -> None:
    case = store.cases.add("HX-1", area="fareham")
    dialog = PersonDialog(store, case.id, None, role="victim", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.name.setText(VICTIM)
    fields = dialog.fields
    fields.texts["address"].setText("14 Orchard Close, Fareham")
    fields.texts["phone"].setText("07700 900123")
    pick(fields.flags["safe_to_call"], "No")
    fields.texts["relationship_to_perpetrator"].setText("ex-partner")
    fields.texts["first_language"].setText("Nepali")
    pick(fields.flags["interpreter_needed"], "Yes")
    pick(fields.categories["gender"], "Female")
    pick(fields.categories["ethnicity"], "Asian or Asian British")
    pick(fields.categories["disability"], "Not known")
    pick(fields.categories["armed_forces"], "Yes")
    dialog.buttons.accepted.emit()
    assert dialog.result() == dialog.DialogCode.Accepted
    person = store.cases.get(case.id).people[0]
    assert (person.address, person.phone, person.safe_to_call) == ("14 Orchard Close, Fareham", "07700 900123", False)
    assert (person.relationship_to_perpetrator, person.first_language, person.interpreter_needed) == (
        "ex-partner", "Nepali", True)
    assert (person.gender, person.ethnicity, person.disability, person.armed_forces, person.lgbt_plus) == (
        "female", "asian", "not_known", "yes", None)
    again = PersonDialog(store, case.id, person, today=TODAY)
    qtbot.addWidget(again)
    shown = {f: c.currentText() for f, c in again.fields.categories.items()}  # the store's categories in words
    assert shown == {"gender": "Female", "ethnicity": "Asian or Asian British", "disability": "Not known",
                     "lgbt_plus": "Not recorded", "armed_forces": "Yes"}
    assert again.fields.flags["safe_to_call"].currentText() == "No"
    assert again.fields.texts["phone"].text() == "07700 900123"


def test_each_role_is_asked_its_own_relationships(store: Store, qtbot: Any) -> None:
    case = store.cases.add("HX-2")
    dialog = PersonDialog(store, case.id, None, role="victim", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    dialog.show()
    texts = dialog.fields.texts

    def visible() -> set[str]:
        return {f for f in ("relationship_to_victim", "relationship_to_perpetrator", "school") if texts[f].isVisible()}

    assert visible() == {"relationship_to_perpetrator"}
    pick(dialog.role, "Child")
    assert visible() == {"relationship_to_victim", "relationship_to_perpetrator", "school"}
    pick(dialog.role, "Perpetrator")
    assert visible() == {"relationship_to_victim"}
    qtbot.wait(20)
    dialog.grab().save(str(SHOTS / "person-dialog-structured.png"))
    assert clipped(dialog) == []


def test_a_note_the_categories_do_not_hold_is_shown_and_kept(store: Store, qtbot: Any) -> None:
    case = store.cases.add("HX-3")
    person = store.people.add(case.id, "victim", "Jo", equality_note="Describes herself as Cornish")
    dialog = PersonDialog(store, case.id, person, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.fields.equality_note.text() == "Describes herself as Cornish"
    dialog.buttons.accepted.emit()
    assert store.cases.get(case.id).people[0].equality_note == "Describes herself as Cornish"


def test_the_district_is_picked_by_name_and_stored_by_id(store: Store, qtbot: Any) -> None:
    dialog = CaseDialog(store, None, today=TODAY)
    qtbot.addWidget(dialog)
    offered = [dialog.area.itemText(i) for i in range(dialog.area.count())]
    assert offered[0] == "Not recorded" and "Fareham" in offered and "Basingstoke and Deane" in offered
    dialog.reference.setText("HX-4")
    pick(dialog.area, "Fareham")
    dialog.buttons.accepted.emit()
    assert store.cases.get("HX-4").area == "fareham"


def test_an_area_typed_before_districts_stays_until_another_is_picked(store: Store, qtbot: Any) -> None:
    case = store.cases.add("HX-5", area="Havant town centre")
    dialog = CaseDialog(store, case, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.area.currentText() == "Havant town centre (as recorded; not one of the districts)"
    dialog.buttons.accepted.emit()
    assert store.cases.get(case.id).area == "Havant town centre"


def test_the_district_and_the_victims_details_are_scored_and_signed_with(store: Store, qtbot: Any,
                                                                         registry: Registry) -> None:
    case_id = household_case(store)
    victim = next(p for p in store.cases.get(case_id).people if p.role == "victim")
    store.people.update(victim.id, armed_forces="yes", first_language="Nepali", interpreter_needed=True)
    profile = load_profile()
    draft = begin_assessment(store, registry, case_id, "dash-ric", None, profile=profile, today=TODAY)
    page = AssessmentPage(store, draft.id, profile=profile, registry=registry)
    qtbot.addWidget(page)
    session = page.session
    assert session.area == "fareham"
    assert (session.subject.armed_forces, session.subject.first_language, session.subject.interpreter_needed) == (
        True, "Nepali", True)
    document = session.to_dict()
    assert document["area"] == "fareham"
    assert document["subject"] == {"armed_forces": True, "first_language": "Nepali", "interpreter_needed": True}
    for item, value in ric_answers(14).items():
        session.set_answer(item, value)
    live = session.result()
    assert not isinstance(live, str) and live.idash is not None and live.idash.area is not None
    assert live.idash.area.id == "fareham"
    page.flush()
    store.assessments.save_draft(draft.id, session.answers, document=session.to_dict())  # as "Complete" does
    complete_and_sign(store, draft.id, "assessment.pdf", profile=profile)
    signed = store.assessments.get(draft.id)
    assert signed.status == "signed" and signed.result is not None
    assert signed.result["idash"]["area"] == {"id": "fareham", "name": "Fareham"}
    assert signed.result == json.loads(json.dumps(live.to_dict()))  # what was shown is what was signed


def test_an_area_that_is_not_a_district_is_not_passed_to_scoring(store: Store, qtbot: Any,
                                                                 registry: Registry) -> None:
    case_id = household_case(store, area="Havant town centre")
    profile = load_profile()
    draft = begin_assessment(store, registry, case_id, "dash-ric", None, profile=profile, today=TODAY)
    page = AssessmentPage(store, draft.id, profile=profile, registry=registry)
    qtbot.addWidget(page)
    assert page.session.area is None
    assert not isinstance(page.session.result(), str)  # scored, not refused for the area
