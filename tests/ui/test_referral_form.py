"""Making a referral from the app: offered from a completed DASH (MARAC), the household picture
(children's social care) and a perpetrator assessment (DAPP); the form prefilled from the case and
the stored result; consent and the lawful basis; signed, stored as "proposed" and offered for
saving; and a new DASH in the case with the last MARAC referral's date prefilled (pytest-qt)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from case_helpers import SHOTS, mnemonics
from fit_helpers import clipped
from marac_ui_helpers import CHILD, PERPETRATOR, TODAY, VICTIM, household_case, imported
from PySide6.QtWidgets import QFileDialog

from dash_desktop.assessment import load_profile
from dash_desktop.questionnaires import Registry
from dash_desktop.referrals import LawfulBasis, ReferralForm
from dash_desktop.store import Store
from dash_desktop.ui.assessment_page import AssessmentPage
from dash_desktop.ui.assessment_start import begin_assessment
from dash_desktop.ui.assessment_view import AssessmentView
from dash_desktop.ui.case_view import CaseView
from dash_desktop.ui.dialogs import ReferralDialog
from dash_desktop.ui.referral_form import ReferralFormDialog


@pytest.fixture
def case_id(store: Store) -> int:
    return household_case(store)


def view_of(store: Store, case_id: int, qtbot: Any, registry: Registry) -> CaseView:
    view = CaseView(store, case_id, registry=registry, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    return view


def form_dialog(view: CaseView, kind: str, qtbot: Any) -> ReferralFormDialog:
    offer = next(o for o in view.offers if o.kind == kind)
    dialog = view.make_referral(offer)
    assert isinstance(dialog, ReferralFormDialog)
    qtbot.addWidget(dialog)
    return dialog


def test_a_high_risk_dash_offers_a_marac_referral_in_its_read_only_view(store: Store, case_id: int, qtbot: Any,
                                                                       registry: Registry) -> None:
    dash = imported(store, case_id, "dash-ric-14-yes.json")
    view = view_of(store, case_id, qtbot, registry)
    assert [a.text() for a in view.referral_menu.actions()] == ["MARAC referral (recommended)…",
                                                                 "Children's social care referral (recommended)…"]
    shown = view.open_record(dash)
    assert isinstance(shown, AssessmentView)
    assert shown.referral_button.text() == "Make MARAC &referral…"
    assert "visible high risk" in shown.referral_button.toolTip()
    with qtbot.waitSignal(shown.make_referral) as made:
        shown.referral_button.click()
    assert made.args[0].kind == "marac" and made.args[0].assessment_id == dash


def test_a_dash_meeting_no_criterion_offers_the_referral_by_choice(store: Store, case_id: int, qtbot: Any,
                                                                   registry: Registry) -> None:
    imported(store, case_id, "dash-ric-standard-rushmoor.json")
    view = view_of(store, case_id, qtbot, registry)
    assert view.referral_menu.actions()[0].text() == "MARAC referral (by choice)…"
    dialog = form_dialog(view, "marac", qtbot)
    assert "meets no MARAC criterion" in dialog.reason.text()
    assert "MARAC criteria met" not in dialog.case_view.toPlainText()  # none is claimed


def test_the_form_shows_the_case_and_the_result_and_what_is_missing(store: Store, case_id: int, qtbot: Any,
                                                                    registry: Registry) -> None:
    imported(store, case_id, "dash-ric-14-yes.json")
    dialog = form_dialog(view_of(store, case_id, qtbot, registry), "marac", qtbot)
    shown = dialog.case_view.toPlainText()
    for text in (VICTIM, PERPETRATOR, CHILD, "ex-partner", "Harbour Primary School", "14 Orchard Close",
                 "MARAC criteria met", "visible high risk", "Risk level: High"):
        assert text in shown, text
    assert dialog.afraid_of.toPlainText() == "That he will kill her and take the children."
    missing = dialog.missing_view.text()
    assert "Referrer: phone" in missing and "Who is safe to contact" in missing
    assert dialog.referrer_phone.text() == ""
    assert "Victim: address" not in missing
    dialog.resize(1366, 768)
    dialog.show()
    qtbot.waitExposed(dialog)
    keys = mnemonics(dialog)
    assert len(keys) == len(set(keys)), sorted(keys)
    qtbot.wait(50)
    dialog.grab().save(str(SHOTS / "referral-form-1366x768.png"))
    assert clipped(dialog) == []


def test_the_referrers_contact_comes_from_the_practitioners_profile(store: Store, case_id: int, qtbot: Any,
                                                                    registry: Registry) -> None:
    store.update_practitioner(phone="023 8000 0000", email="ana@example.org")
    imported(store, case_id, "dash-ric-14-yes.json")
    dialog = form_dialog(view_of(store, case_id, qtbot, registry), "marac", qtbot)
    assert (dialog.referrer_phone.text(), dialog.referrer_email.text()) == ("023 8000 0000", "ana@example.org")
    assert "Referrer: phone" not in dialog.missing_view.text()


def test_without_consent_it_cannot_be_finished_without_its_lawful_basis(store: Store, case_id: int, qtbot: Any,
                                                                        registry: Registry) -> None:
    imported(store, case_id, "dash-ric-14-yes.json")
    dialog = form_dialog(view_of(store, case_id, qtbot, registry), "marac", qtbot)
    assert "the consent decision (yes or no) is not recorded" in dialog.faults.text()
    assert not dialog.sign_button.isEnabled()
    dialog.sharing_box.consent_no.setChecked(True)
    assert "without consent, the lawful basis for sharing must be given" in dialog.faults.text()
    assert not dialog.sign_button.isEnabled()
    assert dialog.sign_and_store() is None
    assert store.records.referrals(case_id) == []  # nothing stored
    dialog.sharing_box.bases[LawfulBasis.LOCAL_PROTOCOL].setChecked(True)
    assert "the local information sharing protocol must be named" in dialog.faults.text()
    dialog.sharing_box.protocol_name.setText("Hampshire Domestic Abuse Information Sharing Protocol")
    assert dialog.faults.text() == "" and dialog.sign_button.isEnabled()


def test_a_signed_referral_is_stored_as_proposed_and_offered_for_saving(store: Store, case_id: int, qtbot: Any,
                                                                        registry: Registry, tmp_path: Path,
                                                                        monkeypatch: Any) -> None:
    from dash_desktop.reports.verify import verify_report

    dash = imported(store, case_id, "dash-ric-14-yes.json")
    view = view_of(store, case_id, qtbot, registry)
    dialog = form_dialog(view, "marac", qtbot)
    dialog.sharing_box.aware.setCurrentIndex(dialog.sharing_box.aware.findText("Yes"))
    dialog.sharing_box.consent_yes.setChecked(True)
    dialog.safe_to_contact.set_text("Her mother, on 01329 000000")
    out = tmp_path / "referral.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), "PDF (*.pdf)"))
    referral_id = dialog.sign_and_store()
    assert referral_id is not None
    (referral,) = store.records.referrals(case_id)
    assert (referral.id, referral.kind, referral.status, referral.assessment_id) == (referral_id, "marac", "proposed",
                                                                                     dash)
    form = ReferralForm.from_json(json.dumps(referral.form) if isinstance(referral.form, dict) else referral.form)
    assert form.sharing.consent is True and form.safe_to_contact == "Her mother, on 01329 000000"
    (doc_id,) = store.documents.for_referral(referral_id)
    pdf = store.documents.get(doc_id).content
    assert out.read_bytes() == pdf
    assert verify_report(pdf).sound
    assert dialog.saved == "Signed referral saved: referral.pdf"
    assert any(e.kind == "referral" and "MARAC" in e.title for e in view.chronology_entries())
    out.unlink()
    edit = ReferralDialog(store, case_id, view, today=TODAY, referral=referral)  # saved again from the case
    qtbot.addWidget(edit)
    assert edit.documents.message.text() == "1 signed referral document(s) kept in the case file."
    assert edit.documents.save() == "Signed referral saved: referral.pdf" and out.read_bytes() == pdf


def test_children_in_a_high_risk_household_are_offered_a_childrens_social_care_referral(
        store: Store, case_id: int, qtbot: Any, registry: Registry) -> None:
    imported(store, case_id, "dash-ric-14-yes.json")
    view = view_of(store, case_id, qtbot, registry)
    button = view.picture.referral_button
    assert button.isVisible()
    assert view.picture.referral_reason.text() == (
        "1 child in the household; the victim's DASH: high risk; toxic trio: mental health present beside the abuse.")
    with qtbot.waitSignal(view.picture.make_referral) as made:
        button.click()
    assert made.args[0].kind == "childrens_services"


def test_no_child_no_childrens_social_care_referral(store: Store, qtbot: Any, registry: Registry) -> None:
    case_id = household_case(store, children=False)
    imported(store, case_id, "dash-ric-14-yes.json")
    view = view_of(store, case_id, qtbot, registry)
    assert not view.picture.referral_button.isVisible()
    assert [o.kind for o in view.offers] == ["marac"]


def test_a_perpetrator_assessment_offers_the_dapp_referral(store: Store, case_id: int, qtbot: Any,
                                                           registry: Registry) -> None:
    imported(store, case_id, "perpetrator-priority-high-harm.json", subject_role="perpetrator")
    view = view_of(store, case_id, qtbot, registry)
    offer = next(o for o in view.offers if o.kind == "dapp")
    assert offer.recommended and "suggests" in offer.reason
    dialog = form_dialog(view, "dapp", qtbot)
    assert "DAPP pathway" in dialog.case_view.toPlainText()
    assert dialog.windowTitle() == "DAPP referral (single point of contact)"


def test_a_new_dash_prefills_the_last_marac_referral_from_the_case(store: Store, case_id: int, qtbot: Any,
                                                                  registry: Registry) -> None:
    referred = TODAY - dt.timedelta(days=100)
    store.records.add_referral(case_id, "marac", status="heard", referred_on=referred, meeting_on=referred)
    store.records.add_note(case_id, "Police called: he broke in.", happened_on=TODAY - dt.timedelta(days=20),
                           incident=True)
    store.records.add_note(case_id, "Phoned her back.", happened_on=TODAY - dt.timedelta(days=19))
    profile = load_profile()
    draft = begin_assessment(store, registry, case_id, "dash-ric", None, profile=profile, today=TODAY)
    assert draft.answers["previous_marac_on"] == referred.isoformat()
    page = AssessmentPage(store, draft.id, profile=profile, registry=registry)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    item = page.form.items["previous_marac_on"]
    assert not item.prefilled.isHidden()
    assert item.prefilled.text() == ("⤷ Filled in from the case's MARAC referral of 17 August 2026; change it if it "
                                     "is not right.")
    hint = page.form.items["incidents_12m"].prefilled
    assert not hint.isHidden()
    assert hint.text().startswith("ℹ The case's chronology records 1 incident since 25 November 2025")
    assert "incidents_12m" not in page.session.answers  # a hint, never an answer
    page.session.set_answer("further_abuse_since_marac", "yes")
    page.session.set_answer("further_abuse_same_perpetrator", "yes")
    result = page.session.result()
    assert not isinstance(result, str) and result.marac is not None and "repeat" in result.marac.criteria


def test_an_old_marac_referral_is_not_prefilled(store: Store, case_id: int, registry: Registry) -> None:
    store.records.add_referral(case_id, "marac", status="closed", referred_on=TODAY - dt.timedelta(days=400))
    draft = begin_assessment(store, registry, case_id, "dash-ric", None, profile=load_profile(), today=TODAY)
    assert "previous_marac_on" not in draft.answers
