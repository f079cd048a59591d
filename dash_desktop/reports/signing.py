"""Signing a report with pyHanko: the assessment JSON attached, then a PAdES signature over the
whole file with a visible box on page 1 (name, role, organisation, date).

pyHanko takes about half a second to import, so it is imported inside these functions only: the app
and the CLI start without it, and pay for it the first time something is signed or verified.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from cryptography.hazmat.primitives import serialization

from dash_desktop.assessment.document import AssessmentDocument
from dash_desktop.paths import resource
from dash_desktop.reports._quiet import quiet_third_party_logs
from dash_desktop.reports.identity import Identity, check_usable
from dash_desktop.reports.render import SIGNATURE_BOX

FIELD_NAME = "PractitionerSignature"
ATTACHMENT_NAME = "assessment.json"
ATTACHMENT_DESCRIPTION = "The assessment in DASH Desktop's interchange format (dash-desktop.assessment/1)"
#: DejaVu Sans at 1000 units per em: see resources/fonts/README.md for why the stamp needs it.
STAMP_FONT = "DejaVuSans-Stamp.ttf"
SIGN_REASON = "Completed assessment, signed by the practitioner who made it"


@cache
def _stamp_font_bytes() -> bytes:
    return resource("fonts", STAMP_FONT).read_bytes()


def _stamp_font_factory() -> Any:
    """pyHanko's font factory opens the font file and never closes it; this one hands it the bytes."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class StampFont(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(_stamp_font_bytes()),
                                    font_size=self.font_size, obj_stream=obj_stream)

    return StampFont


def _box() -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = (round(v) for v in SIGNATURE_BOX)
    return x1, y1, x2, y2


def assessment_json(doc: AssessmentDocument) -> bytes:
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


@dataclass(frozen=True)
class Attachment:
    """A file embedded in the PDF before it is signed (so the signature covers it)."""

    name: str
    data: bytes
    description: str
    mime_type: str = "application/json"


def assessment_attachment(doc: AssessmentDocument) -> Attachment:
    return Attachment(ATTACHMENT_NAME, assessment_json(doc), ATTACHMENT_DESCRIPTION)


def _attach(writer: Any, attachment: Attachment, when: dt.datetime) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.embed import EmbeddedFileObject, EmbeddedFileParams, FileSpec, embed_file

    params = EmbeddedFileParams(embed_size=True, embed_checksum=True, creation_date=when, modification_date=when)
    stream = EmbeddedFileObject.from_file_data(writer, attachment.data, params=params,
                                               mime_type=attachment.mime_type)
    embed_file(writer, FileSpec(
        file_spec_string=attachment.name,
        file_name=attachment.name,
        embedded_data=stream,
        description=attachment.description,
        af_relationship=generic.NameObject("/Data"),
    ))


def attach_assessment(pdf: bytes, doc: AssessmentDocument, *, when: dt.datetime | None = None) -> bytes:
    """An unsigned report with the assessment attached (a preview, or for tests)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    quiet_third_party_logs()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    _attach(writer, assessment_attachment(doc), when or dt.datetime.now(dt.UTC))
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def sign_report(
    pdf: bytes,
    doc: AssessmentDocument,
    identity: Identity,
    *,
    name: str,
    role: str,
    organisation: str,
    when: dt.datetime | None = None,
) -> bytes:
    """Attach ``doc`` to the rendered ``pdf`` and sign the result (one revision, whole file covered).

    The signature is a certification signature that permits no changes (DocMDP level 1): any later
    change is a new assessment, never an edit of this one.
    """
    return sign_pdf(pdf, assessment_attachment(doc), identity, name=name, role=role, organisation=organisation,
                    box=_box(), reason=SIGN_REASON, when=when)


def sign_pdf(
    pdf: bytes,
    attachment: Attachment,
    identity: Identity,
    *,
    name: str,
    role: str,
    organisation: str,
    box: tuple[int, int, int, int],
    reason: str,
    when: dt.datetime | None = None,
    extra: Sequence[Attachment] = (),
) -> bytes:
    """Attach ``attachment`` (and any ``extra`` files) to ``pdf`` and sign the whole file with a
    certification signature that permits no changes, its visible stamp (name, role and organisation,
    date) in ``box`` on page 1."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    quiet_third_party_logs()
    check_usable(identity)
    when = when or dt.datetime.now(dt.UTC)

    def der(cert: Any) -> Any:
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    key_der = identity.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signing_cert = der(identity.certificate)
    signer = signers.SimpleSigner(
        signing_cert=signing_cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [signing_cert, *(der(c) for c in identity.chain)]
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        name=name,
        location=organisation or None,
        reason=reason,
        signer_key_usage={"digital_signature"},
    )
    font = _stamp_font_factory()(str(resource("fonts", STAMP_FONT)), font_size=9)
    stamp = TextStampStyle(
        stamp_text="Digitally signed by\n%(name)s\n%(role_org)s\n%(ts)s",
        text_box_style=TextBoxStyle(font=font, font_size=9, leading=11),
        timestamp_format="%d %B %Y, %H:%M UTC",
        border_width=1,
    )
    # NFC: the stamp font has no mark positioning, so precomposed letters (é, not e + ◌́) draw best.
    name = unicodedata.normalize("NFC", name)
    role_org = unicodedata.normalize("NFC", ", ".join(part for part in (role, organisation) if part))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for each in (attachment, *extra):
        _attach(writer, each, when)
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=stamp,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=0, box=box),
    )
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out, appearance_text_params={"name": name, "role_org": role_org})
    return out.getvalue()
