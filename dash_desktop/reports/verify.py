"""Checking a signed report: is it intact, is the signature valid, is the signer trusted, who signed
and when; and the assessment attached to it.

A signature counts as good only when pyHanko's ``bottom_line`` holds (digest intact, signature valid,
modification policy kept) *and* it covers the whole file: ``valid`` alone stays true after the
signed bytes are changed, and a signature over an earlier revision says nothing about what was
appended after it.

Without a trust anchor the signer's certificate is taken as its own root, which checks the
signature but proves nothing about who holds the key: anyone can make a certificate in any name.
``trusted`` is then ``None`` ("not checked") and the caller says so.

pyHanko is imported inside the functions (see :mod:`dash_desktop.reports.signing`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from cryptography import x509
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

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.whole_file and self.policy_ok and self.trusted is not False


@dataclass(frozen=True)
class Verification:
    signatures: tuple[SignatureCheck, ...]
    document: AssessmentDocument | None
    document_problem: str | None

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures)


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


def _check(sig: Any, trust: list[x509.Certificate] | None) -> SignatureCheck:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    signer_asn1 = sig.signer_cert
    signer = x509.load_der_x509_certificate(signer_asn1.dump())
    if trust:
        roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in trust]
    else:
        roots = [signer_asn1]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    status = validate_pdf_signature(sig, context, key_usage_settings=usage)
    reported = status.signer_reported_dt
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
        trusted=bool(status.trusted) if trust else None,
    )


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
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.validation.errors import SignatureValidationError

    checks = []
    for sig in signatures:
        try:
            checks.append(_check(sig, trust))
        except (PdfError, SignatureValidationError, ValueError, KeyError) as exc:
            # pyHanko or asn1crypto refuses a malformed signature: it is an invalid signature
            checks.append(SignatureCheck(
                field=str(getattr(sig, "field_name", "?")), signer=f"(unreadable: {type(exc).__name__})",
                organisation="", role="", issuer="", fingerprint="", signed_at=None, intact=False,
                valid=False, whole_file=False, policy_ok=False, trusted=False if trust else None,
            ))
    document: AssessmentDocument | None = None
    problem: str | None = None
    try:
        document = _extract(reader)
    except AnswerError as exc:
        problem = f"{exc.field}: {exc.message}"
    except Exception as exc:  # a damaged attachment must not hide the signature result
        problem = f"the attached assessment cannot be read ({type(exc).__name__})"
    return Verification(tuple(checks), document, problem)
