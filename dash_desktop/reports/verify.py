"""Checking a signed report: is it intact, is the signature valid, is the signer trusted, who signed
and when; and the assessment attached to it.

A signature counts as good only when pyHanko's ``bottom_line`` holds (digest intact, signature valid,
modification policy kept) *and* it covers the whole file: ``valid`` alone stays true after the
signed bytes are changed, and a signature over an earlier revision says nothing about what was
appended after it.

Without a trust anchor the signer's certificate is taken as its own root, which checks the
signature but proves nothing about who holds the key: anyone can make a certificate in any name.
``trusted`` is then ``None`` ("not checked") and the caller says so: a report is ``ok`` only when
it is ``sound`` and every signer is trusted.

Two more checks make "sound" mean what a reader assumes:

- the signature field's unsigned bytes (the hex string of ``/Contents`` between the signed byte
  ranges) must be the signature itself followed by zeros, in one case: any other byte there
  changes nothing signed but is still a change, so it is reported (``padding_ok``);
- the pages must say what the attached assessment says: the attachment is rendered again (with
  the header it records in ``meta.report``) and the text of each page is compared (``pages``); a
  signed referral (:mod:`dash_desktop.reports.referral`) is checked the same way against its
  ``referral.json``, and has no assessment attached.

pyHanko is imported inside the functions (see :mod:`dash_desktop.reports.signing`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from dash_desktop.assessment.document import AssessmentDocument, parse_document
from dash_desktop.questionnaires.model import AnswerError
from dash_desktop.reports._quiet import quiet_third_party_logs
from dash_desktop.reports.identity import fingerprint
from dash_desktop.reports.signing import ATTACHMENT_NAME


class ReportUnreadable(Exception):
    """Not a PDF we can read (exit 2)."""


class ReportUnsigned(Exception):
    """A readable PDF with no signature (exit 2)."""


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    organisation: str
    role: str
    issuer: str
    fingerprint: str
    signed_at: dt.datetime | None  # as the signer's clock reported it (no trusted timestamp offline)
    intact: bool  # the signed bytes are the bytes that were signed
    valid: bool  # the signature over them checks out with the certificate's key
    whole_file: bool  # nothing was added after signing
    policy_ok: bool  # pyHanko's bottom line under the context used (includes the modification policy)
    trusted: bool | None  # chains to a given trust anchor; None when none was given
    #: the unsigned bytes of the signature field are the signature and zeros, and the certificates it
    #: carries are each signed by their issuer (or themselves): nothing outside the signed bytes changed
    padding_ok: bool = True

    @property
    def sound(self) -> bool:
        """Intact, valid, the whole file, and nothing changed even outside the signed bytes."""
        return self.intact and self.valid and self.whole_file and self.policy_ok and self.padding_ok


@dataclass(frozen=True)
class Verification:
    signatures: tuple[SignatureCheck, ...]
    document: AssessmentDocument | None
    document_problem: str | None
    #: Why the pages do not say what the attachment says (None: they do, page for page).
    pages_problem: str | None = None

    @property
    def sound(self) -> bool:
        """Every signature sound and the pages agreeing with the attachment; trust aside."""
        return bool(self.signatures) and all(s.sound for s in self.signatures) and self.pages_problem is None

    @property
    def trusted(self) -> bool:
        return bool(self.signatures) and all(s.trusted is True for s in self.signatures)

    @property
    def ok(self) -> bool:
        return self.sound and self.trusted


def _name_attr(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    if not values:
        return ""
    value = values[0].value
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def _open(data: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    quiet_third_party_logs()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        _ = reader.root  # forces the trailer and the catalogue to be read
        return reader
    except Exception as exc:  # any fault in parsing a damaged or foreign file means "unreadable"
        raise ReportUnreadable(f"not a readable PDF ({type(exc).__name__}: {exc})") from None


def extract_document(data: bytes) -> AssessmentDocument:
    """The assessment attached to a report. Raises :class:`ReportUnreadable` or ``AnswerError``."""
    reader = _open(data)
    return _extract(reader)


def _extract(reader: Any) -> AssessmentDocument:
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except (KeyError, TypeError):
        raise AnswerError("report", "has no attached assessment (it was not made by DASH Desktop)") from None
    for i in range(0, len(names) - 1, 2):
        if str(names[i]) != ATTACHMENT_NAME:
            continue
        try:
            raw = names[i + 1].get_object()["/EF"]["/F"].get_object().data
            payload = json.loads(raw.decode("utf-8"))
        except (KeyError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise AnswerError(ATTACHMENT_NAME, f"the attached assessment cannot be read ({exc})") from None
        return parse_document(payload)
    raise AnswerError("report", f"has no attachment named {ATTACHMENT_NAME}")


def _check(sig: Any, trust: list[x509.Certificate] | None, data: bytes) -> SignatureCheck:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    signer_asn1 = sig.signer_cert
    signer = x509.load_der_x509_certificate(signer_asn1.dump())
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    # Sound or not, checked with the signer as its own root; trusted or not, against the anchors.
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[signer_asn1], allow_fetching=False),
                                    key_usage_settings=usage)
    trusted: bool | None = None
    if trust:
        roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in trust]
        anchored = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False),
                                          key_usage_settings=usage)
        trusted = bool(anchored.trusted and anchored.bottom_line)
    reported = status.signer_reported_dt
    padding_ok = _padding_ok(data, sig.byte_range) and _unsigned_parts_ok(sig, signer)
    return SignatureCheck(
        field=str(sig.field_name),
        signer=_name_attr(signer.subject, NameOID.COMMON_NAME),
        organisation=_name_attr(signer.subject, NameOID.ORGANIZATION_NAME),
        role=_name_attr(signer.subject, NameOID.TITLE),
        issuer="self-signed" if signer.issuer == signer.subject else signer.issuer.rfc4514_string(),
        fingerprint=fingerprint(signer),
        signed_at=reported,
        intact=bool(status.intact),
        valid=bool(status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        policy_ok=bool(status.bottom_line),
        trusted=trusted,
        padding_ok=padding_ok,
    )


def _unsigned_parts_ok(sig: Any, signer: x509.Certificate) -> bool:
    """The parts of the signature that its own signature does not cover must still be what they
    claim: the digest algorithms listed are the signer's, the signer is named (issuer and serial) as
    its certificate says, and every certificate carried is signed by itself (a self-signed one) or by
    another one carried with it; so a changed byte anywhere in them (a name shown as the signer's,
    say) is seen, never taken for the signer."""
    signed_data = sig.signed_data
    signer_info = sig.signer_info
    if [a.dump() for a in signed_data["digest_algorithms"]] != [signer_info["digest_algorithm"].dump()]:
        return False
    sid = signer_info["sid"].chosen
    cert = sig.signer_cert
    if signer_info["sid"].name == "issuer_and_serial_number" and (
            sid["issuer"].dump() != cert.issuer.dump() or sid["serial_number"].native != cert.serial_number):
        return False
    bag = [x509.load_der_x509_certificate(c.chosen.dump()) for c in signed_data["certificates"] or []]
    key = signer.public_key()
    if any(c != signer and c.public_key() == key for c in bag):
        return False  # a copy of the signer's certificate that is not the signer's certificate
    for carried in [signer, *bag]:
        issuers = [c for c in bag if c.subject == carried.issuer]
        if issuers and not any(_issued_by(carried, issuer) for issuer in issuers):
            return False  # (issued by a CA not carried here: checked against --trust, when given)
    return True


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _padding_ok(data: bytes, byte_range: Any) -> bool:
    """The bytes between the signed ranges must be ``<`` the signature's DER in hex, zeros, ``>``:
    written in one case, with nothing after the DER but zero bytes."""
    try:
        start, end = int(byte_range[0]) + int(byte_range[1]), int(byte_range[2])
        gap = data[start:end]
        hex_text = gap[1:-1].decode("ascii")
        raw = bytes.fromhex(hex_text)
    except (ValueError, IndexError, TypeError, UnicodeDecodeError):
        return False
    if gap[:1] != b"<" or gap[-1:] != b">" or hex_text not in (hex_text.lower(), hex_text.upper()):
        return False
    if len(raw) < 2 or raw[0] != 0x30:
        return False
    if raw[1] < 0x80:
        length = 2 + raw[1]
    else:
        size = raw[1] & 0x7F
        length = 2 + size + int.from_bytes(raw[2:2 + size], "big")
    return length <= len(raw) and not any(raw[length:])


def verify_report(data: bytes, trust: list[x509.Certificate] | None = None) -> Verification:
    """Check every signature of a report and read its attached assessment.

    Raises :class:`ReportUnreadable` or :class:`ReportUnsigned`; a tampered or invalid signature is
    not an exception but a :class:`SignatureCheck` that is not ``ok``.
    """
    reader = _open(data)
    try:
        signatures = list(reader.embedded_regular_signatures)
    except Exception as exc:  # a damaged signature dictionary: readable PDF, unusable signature
        raise ReportUnreadable(f"the signature cannot be read ({type(exc).__name__}: {exc})") from None
    if not signatures:
        raise ReportUnsigned("the PDF has no signature")
    checks = []
    for sig in signatures:
        try:
            checks.append(_check(sig, trust, data))
        except Exception as exc:  # pyHanko or asn1crypto refusing a malformed signature
            # (PdfError, SignatureValidationError, ValueError, KeyError, AttributeError, ...): invalid
            checks.append(SignatureCheck(
                field=str(getattr(sig, "field_name", "?")), signer=f"(unreadable: {type(exc).__name__})",
                organisation="", role="", issuer="", fingerprint="", signed_at=None, intact=False,
                valid=False, whole_file=False, policy_ok=False, trusted=False if trust else None,
            ))
    from dash_desktop.reports import referral

    payload = referral.attached(reader)
    if payload is not None:  # a signed referral: its pages are checked against its referral.json
        return Verification(tuple(checks), None, f"{referral.describe(payload)}: a referral, not an assessment",
                            referral.pages_disagree(data, payload))
    document: AssessmentDocument | None = None
    problem: str | None = None
    try:
        document = _extract(reader)
    except AnswerError as exc:
        problem = f"{exc.field}: {exc.message}"
    except Exception as exc:  # a damaged attachment must not hide the signature result
        problem = f"the attached assessment cannot be read ({type(exc).__name__})"
    pages = pages_disagree(data, document) if document is not None else f"nothing to compare them with ({problem})"
    return Verification(tuple(checks), document, problem, pages)


def page_texts(data: bytes) -> list[str]:
    """The text of each page, with its spacing made uniform (so only what it says is compared)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pages_disagree(data: bytes, document: AssessmentDocument) -> str | None:
    """Why the report's pages do not state what its attachment does (level, criteria, answers, every
    word), or None when each page's text is that of the attachment rendered again."""
    from dash_desktop import __version__
    from dash_desktop.assessment.document import bind
    from dash_desktop.assessment.engine import score
    from dash_desktop.assessment.profiles import ProfileError
    from dash_desktop.questionnaires.loader import Registry
    from dash_desktop.reports.render import header_of, render_report

    made = header_of(document)
    if made is None:
        return "the attachment does not record how its pages were made, so they cannot be compared with it"
    header, profile = made
    registry = Registry.default()
    try:
        result = score(document, profile=profile, registry=registry)
        questionnaire, answers = bind(document, registry)
        expected = page_texts(render_report(document, result, questionnaire, answers, header, for_signing=True))
        shown = page_texts(data)
    except (AnswerError, ProfileError) as exc:
        return f"the attachment cannot be scored here to compare it with the pages ({exc})"
    except Exception as exc:  # a page pypdf cannot read is a page that cannot be shown to agree
        return f"the pages cannot be read to compare them ({type(exc).__name__})"
    if shown == expected:
        return None
    program = document.meta.get("report", {}).get("program")
    made_by = f" (made by DASH Desktop {program}, checked by {__version__})" if program != __version__ else ""
    if len(shown) != len(expected):
        return f"the report has {len(shown)} pages; its attachment makes {len(expected)}{made_by}"
    page = next(i for i, (a, b) in enumerate(zip(shown, expected, strict=True), 1) if a != b)
    return f"page {page} does not say what the attached assessment says{made_by}"
