"""The referral PDF: signed as assessments are, checked by our verify (pyHanko) and by Poppler's pdfsig;
its text holds what the referral says under its profile, and its first page lists what is missing."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from referral_helpers import (
    CHILD,
    PERPETRATOR,
    PERPETRATOR_ADDRESS,
    SCHOOL,
    VICTIM,
    VICTIM_ADDRESS,
    Practitioner,
    high_risk_case,
    marac_form,
    stored,
)
from report_helpers import pdftotext, run_tool

from dash_desktop.referrals import Kind, Profile, Sharing, prefill
from dash_desktop.referrals.redaction import copy_of
from dash_desktop.reports.identity import Identity
from dash_desktop.reports.referral import ATTACHMENT_NAME, build_signed, document_json, render, report_name
from dash_desktop.reports.signing import Attachment, sign_pdf
from dash_desktop.reports.verify import ReportUnreadable, ReportUnsigned, verify_report


def pdfsig_valid(path: Path) -> bool:
    result = run_tool("pdfsig", str(path))
    out = result.stdout + result.stderr
    return "Signature Validation: Signature is Valid." in out and "Total document signed" in out


def saved(tmp_path: Path, pdf: bytes, name: str = "referral.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def attachments(pdf: bytes) -> dict[str, bytes]:
    from pypdf import PdfReader

    return {name: data[0] for name, data in PdfReader(io.BytesIO(pdf)).attachments.items()}


@pytest.fixture(scope="module")
def referral_pdf(identity: Identity, signed_file: Path) -> bytes:
    """A MARAC referral carrying the signed report of the DASH it rests on."""
    return build_signed(marac_form(), identity, reports={10: signed_file.read_bytes()})


def test_a_signed_referral_verifies_with_pyhanko_and_pdfsig(referral_pdf: bytes, identity: Identity,
                                                             tmp_path: Path) -> None:
    v = verify_report(referral_pdf, [identity.certificate])
    assert v.ok and v.pages_problem is None
    assert v.document is None and "MARAC referral, case HANTS-2026-0413" in (v.document_problem or "")
    assert pdfsig_valid(saved(tmp_path, referral_pdf))


def test_its_text_holds_the_victim_perpetrator_children_and_criteria(referral_pdf: bytes, tmp_path: Path) -> None:
    text = pdftotext(saved(tmp_path, referral_pdf))
    for value in (VICTIM, PERPETRATOR, PERPETRATOR_ADDRESS, CHILD, SCHOOL, "visible high risk",
                  "14 yes answers, at or over the threshold of 14", "HIGH RISK"):
        assert value in text, value


def test_the_first_page_lists_what_is_missing(identity: Identity, tmp_path: Path) -> None:
    case = high_risk_case()
    people = (case.people[0], dataclasses.replace(case.people[1], date_of_birth=None), case.people[2])
    pdf = build_signed(marac_form(dataclasses.replace(case, people=people)), identity)
    first = " ".join(pdftotext(saved(tmp_path, pdf), 1).split())
    assert "5 detail(s) not known" in first
    assert "Perpetrator 1: date of birth" in first and "Safety: who is safe to contact" in first


def test_it_carries_the_signed_reports_it_rests_on(referral_pdf: bytes, signed_file: Path, identity: Identity) -> None:
    files = attachments(referral_pdf)
    assert set(files) == {ATTACHMENT_NAME, report_name(10)}
    assert files[report_name(10)] == signed_file.read_bytes()
    assert verify_report(files[report_name(10)], [identity.certificate]).ok
    copy = json.loads(files[ATTACHMENT_NAME])["copy"]
    rests = [r["text"] for sec in copy["sections"] for r in sec["rows"] if r["label"].startswith("Rests on")]
    assert rests and rests[0].endswith("(its signed report is attached)")


def test_a_flipped_byte_fails_both_validators(referral_pdf: bytes, tmp_path: Path) -> None:
    tampered = bytearray(referral_pdf)
    tampered[len(referral_pdf) // 3] ^= 0x01  # inside the first signed range
    path = saved(tmp_path, bytes(tampered), "tampered.pdf")
    try:
        sound = verify_report(bytes(tampered)).sound
    except Exception:  # unreadable is a failure too
        sound = False
    assert not sound and not pdfsig_valid(path)


def test_pages_that_do_not_say_what_the_attachment_says_are_refused(identity: Identity) -> None:
    """Signed pages of one form with another form attached: the signature holds, the pages do not."""
    shown, attached = marac_form(), marac_form(consent=False, lawful_basis=())
    pdf = sign_pdf(render(shown, for_signing=True), Attachment(ATTACHMENT_NAME, document_json(copy_of(attached)), "x"),
                   identity, name="x", role="x", organisation="x", box=(300, 60, 560, 130), reason="x")
    v = verify_report(pdf, [identity.certificate])
    assert all(s.sound for s in v.signatures) and not v.sound
    assert v.pages_problem is not None and "does not say what the attached referral says" in v.pages_problem


def test_a_preview_says_it_is_not_signed(tmp_path: Path) -> None:
    assert "NOT SIGNED" in pdftotext(saved(tmp_path, render(marac_form())), 1)


def test_the_commissioner_copy_names_nobody_on_its_pages_nor_in_its_attachments(identity: Identity, tmp_path: Path,
                                                                                signed_file: Path) -> None:
    pdf = build_signed(marac_form(), identity, profile=Profile.COMMISSIONER, reports={10: signed_file.read_bytes()})
    text = pdftotext(saved(tmp_path, pdf))
    files = attachments(pdf)
    assert set(files) == {ATTACHMENT_NAME}  # no assessment report: its pages name the subject
    inside = files[ATTACHMENT_NAME].decode("utf-8")
    for value in (VICTIM, PERPETRATOR, CHILD, SCHOOL, VICTIM_ADDRESS, PERPETRATOR_ADDRESS, "HANTS-2026-0413",
                  "kill her"):
        assert value not in text and value not in inside, value
    assert "visible high risk" in text and "commissioner" in text
    assert verify_report(pdf, [identity.certificate]).ok


def test_a_childrens_services_referral_shows_the_children_and_the_household(identity: Identity,
                                                                              tmp_path: Path) -> None:
    perp = stored("perpetrator-high-risk-complex-needs.json", 20, subject=2)
    case = dataclasses.replace(high_risk_case(), assessments=(*high_risk_case().assessments, perp))
    form = prefill(Kind.CHILDRENS_SERVICES, case, Practitioner(), sharing=Sharing(consent=True))
    pdf = build_signed(form, identity, reports={10: b"a signed DASH"})
    text = " ".join(pdftotext(saved(tmp_path, pdf)).split())
    assert "Referral to children's social care" in text and CHILD in text and "Mental health Present" in text
    assert text.index("Child 1") < text.index("The victim")  # the children first
    assert PERPETRATOR_ADDRESS not in text and "Female" not in text
    assert set(attachments(pdf)) == {ATTACHMENT_NAME}
    assert PERPETRATOR_ADDRESS not in attachments(pdf)[ATTACHMENT_NAME].decode("utf-8")
    assert verify_report(pdf, [identity.certificate]).ok


def test_a_dapp_referral_shows_the_pathway_and_its_reasons(identity: Identity, tmp_path: Path) -> None:
    perp = stored("perpetrator-priority-high-harm.json", 20, subject=2)
    case = dataclasses.replace(high_risk_case(), assessments=(perp,))
    form = prefill(Kind.DAPP, case, Practitioner(), sharing=Sharing(consent=True))
    pdf = build_signed(form, identity)
    text = " ".join(pdftotext(saved(tmp_path, pdf)).split())
    assert "DAPP referral" in text and PERPETRATOR_ADDRESS in text and VICTIM_ADDRESS not in text
    assert all(f"Pathway: {step.name}" in text and step.reason.split()[0] in text for step in form.pathway)
    assert verify_report(pdf, [identity.certificate]).ok


def test_long_free_text_and_long_names_are_printed_in_full_and_verify(identity: Identity, tmp_path: Path) -> None:
    """A table row cannot be split across pages: long text is set in pieces, every word kept."""
    fear = "\n".join(f"Line {i}: he said he would find her wherever she went, and she believes him." for i in range(90))
    form = dataclasses.replace(marac_form(), afraid_of=fear,
                               victim=dataclasses.replace(marac_form().victim, name="Aoife " + "Ní Bhriain-" * 200))
    pdf = build_signed(form, identity)
    text = pdftotext(saved(tmp_path, pdf))
    assert "Line 0:" in text and "Line 89:" in text and "(continued)" in text
    assert verify_report(pdf, [identity.certificate]).ok


@pytest.mark.parametrize("profile", list(Profile))
def test_every_row_of_the_copy_is_on_its_pages(profile: Profile, tmp_path: Path) -> None:
    """Nothing the copy states (and nothing its first page lists as missing) is left off the pages."""
    form = marac_form()
    text = " ".join(pdftotext(saved(tmp_path, render(form, profile))).split())
    for section in copy_of(form, profile).sections:
        for row in section.rows:
            assert " ".join(row.label.split()) in text, (section.title, row.label)
            assert " ".join(row.text.split())[:40] in text, (section.title, row.label, row.text)


@given(data=st.data())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_flipped_byte_of_a_referral_is_caught_and_never_a_crash(referral_pdf: bytes, data: st.DataObject) -> None:
    """Anywhere in the file (the pages, referral.json, the attached report, the signature): never GOOD."""
    pos = data.draw(st.integers(0, len(referral_pdf) - 1), label="position")
    tampered = bytearray(referral_pdf)
    tampered[pos] ^= data.draw(st.integers(1, 255), label="mask")
    try:
        result = verify_report(bytes(tampered))
    except (ReportUnreadable, ReportUnsigned):
        return
    assert not result.sound or bytes(tampered) == referral_pdf
