"""Signed reports, checked by pyHanko (our verify) and by Poppler's pdfsig (an independent validator)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_helpers import PRACTITIONER, run_tool

from dash_desktop.assessment import AssessmentDocument, score
from dash_desktop.reports.export import Report, build_report
from dash_desktop.reports.header import ReportHeader
from dash_desktop.reports.identity import Identity, create_identity
from dash_desktop.reports.verify import (
    ReportUnreadable,
    ReportUnsigned,
    Verification,
    extract_document,
    verify_report,
)


def pdfsig(path: Path) -> str:
    result = run_tool("pdfsig", str(path))
    return result.stdout + result.stderr


def pdfsig_valid(path: Path) -> bool:
    out = pdfsig(path)
    return "Signature Validation: Signature is Valid." in out and "Total document signed" in out


def byte_range(pdf: bytes) -> tuple[int, int, int, int]:
    found = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    assert found is not None
    a, b, c, d = (int(x) for x in found.groups())
    return a, b, c, d


def test_pyhanko_validation_bottom_line(signed: Report, identity: Identity) -> None:
    """Straight from pyHanko, not through our wrapper: bottom line, intact, whole file."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    root = asn1_x509.Certificate.load(identity.certificate.public_bytes(serialization.Encoding.DER))
    reader = PdfFileReader(io.BytesIO(signed.pdf))
    (sig,) = reader.embedded_signatures
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[root], allow_fetching=False))
    assert status.bottom_line
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE


def test_our_verify_reports_good(signed: Report, identity: Identity) -> None:
    v = verify_report(signed.pdf, [identity.certificate])
    assert v.ok
    (s,) = v.signatures
    assert (s.intact, s.valid, s.whole_file, s.trusted) == (True, True, True, True)
    assert s.signer == PRACTITIONER and s.role == "IDVA"
    assert s.fingerprint == identity.fingerprint
    assert s.signed_at is not None


def test_without_trust_anchor_trust_is_not_checked(signed: Report) -> None:
    v = verify_report(signed.pdf)
    assert v.sound and not v.ok  # intact and valid; who signed it is not known
    assert v.signatures[0].trusted is None


def test_a_different_trust_anchor_is_not_trusted(signed: Report) -> None:
    stranger = create_identity("Somebody Else", "Another Organisation")
    v = verify_report(signed.pdf, [stranger.certificate])
    assert not v.ok
    assert v.signatures[0].trusted is False
    assert v.signatures[0].intact  # the document itself is fine


def test_pdfsig_independently_validates(signed_file: Path) -> None:
    out = pdfsig(signed_file)
    assert "Signature Validation: Signature is Valid." in out, out
    assert "Total document signed" in out, out
    assert f"Signer Certificate Common Name: {PRACTITIONER}" in out, out
    assert "ETSI.CAdES.detached" in out, out  # PAdES


def _flip_positions(pdf: bytes) -> list[int]:
    """Positions spread over both signed ranges, plus their edges (the bytes next to /Contents)."""
    a, b, c, d = byte_range(pdf)
    assert a == 0 and c + d == len(pdf), "the signature must cover the whole file"
    first = list(range(0, b, max(1, b // 14)))
    second = list(range(c, c + d, max(1, d // 10)))
    return sorted({*first, *second, 0, b - 1, c, c + d - 1})


def test_flipping_any_signed_byte_fails_both_validators(signed: Report, tmp_path: Path) -> None:
    positions = _flip_positions(signed.pdf)
    assert len(positions) >= 25
    for pos in positions:
        tampered = bytearray(signed.pdf)
        tampered[pos] ^= 0x01
        path = tmp_path / f"flip-{pos}.pdf"
        path.write_bytes(bytes(tampered))
        try:
            result: Verification | None = verify_report(bytes(tampered))
        except (ReportUnreadable, ReportUnsigned):
            result = None  # exit 2: still a failure
        assert result is None or not result.ok, f"verify accepted a flip at byte {pos}"
        assert not pdfsig_valid(path), f"pdfsig accepted a flip at byte {pos}: {pdfsig(path)}"


def test_flip_in_page_text_is_reported_as_not_intact(signed: Report) -> None:
    """A change the parser does not notice (inside the first page's content) is caught by the digest."""
    _, b, _, _ = byte_range(signed.pdf)
    middle = signed.pdf.index(b"stream", b // 3) + 20
    tampered = bytearray(signed.pdf)
    tampered[middle] ^= 0x01
    v = verify_report(bytes(tampered))
    assert not v.ok
    assert v.signatures[0].intact is False


def test_appending_after_signing_is_not_whole_file(signed: Report, identity: Identity) -> None:
    """An incremental update after the signature (e.g. an added page or annotation) is detected."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed.pdf))
    info = writer.trailer["/Info"].get_object() if "/Info" in writer.trailer else None
    if info is None:
        writer.root["/Lang"] = generic.pdf_string("en-GB")
        writer.update_root()
    else:
        info["/Title"] = generic.pdf_string("Altered after signing")
        writer.update_container(info)
    out = io.BytesIO()
    writer.write(out)
    v = verify_report(out.getvalue(), [identity.certificate])
    assert not v.ok
    assert not v.signatures[0].whole_file


def test_unsigned_and_unreadable_files(example_doc: AssessmentDocument, header: ReportHeader) -> None:
    preview = build_report(example_doc, header, identity=None)
    assert not preview.signed
    with pytest.raises(ReportUnsigned):
        verify_report(preview.pdf)
    with pytest.raises(ReportUnreadable):
        verify_report(b"not a pdf at all")
    with pytest.raises(ReportUnreadable):
        verify_report(b"")


def test_embedded_json_round_trips_to_the_same_result(signed: Report, example_doc: AssessmentDocument) -> None:
    attached = extract_document(signed.pdf)
    assert attached.answers == example_doc.answers
    assert attached.sources == example_doc.sources
    assert attached.questionnaire_hash == signed.result.questionnaire["hash"]
    assert score(attached).to_dict() == score(example_doc).to_dict() == signed.result.to_dict()


def test_signature_box_names_signer(signed_file: Path) -> None:
    from report_helpers import pdftotext

    page1 = " ".join(pdftotext(signed_file, 1).split())
    assert f"Digitally signed by {PRACTITIONER} IDVA, Southern Domestic Abuse Service" in page1


def test_app_start_does_not_import_pyhanko_or_reportlab() -> None:
    code = ("import sys, dash_desktop.cli, dash_desktop.reports, dash_desktop.reports.identity; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pyhanko', 'reportlab', 'fontTools'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_organisation_issued_identity_is_trusted_through_its_ca(example_doc: AssessmentDocument,
                                                                header: ReportHeader, tmp_path: Path) -> None:
    """An identity from the organisation's PKCS#12 verifies against the organisation's CA certificate."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Southern DA Service Signing CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Jo Bloggs"),
                                     x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SDAS")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(2)
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    report = build_report(example_doc, header, identity=Identity(key, cert, (ca,)))
    v = verify_report(report.pdf, [ca])
    assert v.ok and v.signatures[0].trusted is True
    assert v.signatures[0].issuer.endswith("Southern DA Service Signing CA")
    stranger = create_identity("Somebody Else", "Another Organisation")
    assert not verify_report(report.pdf, [stranger.certificate]).ok
    path = tmp_path / "org.pdf"
    path.write_bytes(report.pdf)
    assert pdfsig_valid(path)


@given(data=st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_flipped_signed_byte_is_caught_by_verify(signed: Report, data: st.DataObject) -> None:
    """Random positions and bit masks anywhere in the signed range (pdfsig is checked above on a spread)."""
    _, b, c, d = byte_range(signed.pdf)
    pos = data.draw(st.one_of(st.integers(0, b - 1), st.integers(c, c + d - 1)), label="position")
    mask = data.draw(st.integers(1, 255), label="mask")
    tampered = bytearray(signed.pdf)
    tampered[pos] ^= mask
    try:
        result = verify_report(bytes(tampered))
    except (ReportUnreadable, ReportUnsigned):
        return
    assert not result.ok
