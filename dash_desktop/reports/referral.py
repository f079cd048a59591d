"""The referral as a signed PDF: a MARAC referral, a referral to children's social care or a DAPP
referral, written under its redaction profile (:mod:`dash_desktop.referrals.redaction`).

Page 1 names the referral, the copy's profile and the referrer, the risk and the criteria met (from
the stored result), and lists every detail that is not known, so the referral goes with what there
is and the reader knows what to ask for; its foot keeps the box for the practitioner's visible
signature. The sections follow (the people, the risk and what it rests on, consent and sharing,
safety, history). Every page's footer names the referral and the SHA-256 of the form it states.

Signed as assessments are (:func:`dash_desktop.reports.signing.sign_pdf`: PAdES, a certification
signature that permits no changes). Attached before signing, so the signature covers them:

- ``referral.json``: what this copy states, row by row, and nothing it withholds (``"format":
  "dash-desktop.referral-document/1"``, ``copy``: :class:`dash_desktop.referrals.redaction.Copy`),
  which ``dash-desktop verify`` renders again and compares with the pages (the full form stays in
  the case store's ``referrals.form``);
- under the ``marac`` and ``dapp`` profiles, the signed report of each assessment the referral rests
  on (``assessment-ID.pdf``), whose own signature still verifies once saved out of it.

Public API: :func:`render` (an unsigned preview, or the pages to sign), :func:`build_signed` (the
signed PDF from a form and an identity), :func:`pages_disagree` (for verify); with the case store,
:func:`sign_from_store` (the store's identity and the signed reports it rests on; refuses a form
:func:`dash_desktop.referrals.required_faults` faults) and :func:`keep` (the referral recorded in its
case with its form and signed PDF). The command line and the app both go through these two.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from dash_desktop.referrals import Fault, ReferralForm
from dash_desktop.referrals.redaction import (
    PROFILE_OF_KIND,
    RULES,
    SHOWN,
    UNKNOWN,
    WITHHELD,
    Copy,
    Profile,
    Section,
    copy_of,
)
from dash_desktop.reports.identity import Identity
from dash_desktop.reports.render import (
    _FIRST_PAGE_BOTTOM,
    FOOTER_HEIGHT,
    LEVEL_COLOURS,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SIGNATURE_BOX,
    _canvas_class,
    _cut,
    _p,
    _pm,
    _signature_caption,
    _styles,
    register_fonts,
)

if TYPE_CHECKING:
    from dash_desktop.store import Store
    from dash_desktop.store.records import ReferralRecord, SignedDocumentRecord

ATTACHMENT_NAME = "referral.json"
DOCUMENT_FORMAT = "dash-desktop.referral-document/1"
SIGN_REASON = "Referral made and signed by the practitioner who made it"
WIDTH = PAGE_WIDTH - 2 * MARGIN


def report_name(assessment_id: int) -> str:
    """The name of an assessment's signed report attached to a referral."""
    return f"assessment-{assessment_id}.pdf"


def _with_attached(form: ReferralForm, reports: Mapping[int, bytes]) -> ReferralForm:
    """The form saying which assessments' signed reports go with it (those given, and only those)."""
    rests_on = tuple(dataclasses.replace(r, signed=r.assessment_id in reports) for r in form.rests_on)
    return dataclasses.replace(form, rests_on=rests_on)


def _profile(form: ReferralForm, profile: Profile | str | None) -> Profile:
    return Profile(profile) if profile is not None else PROFILE_OF_KIND[form.kind]


def copy_json(copy: Copy) -> str:
    return json.dumps(copy.to_dict(), ensure_ascii=False, sort_keys=True)


# --- page 1 --------------------------------------------------------------------------------------------


def _header(copy: Copy) -> Table:
    s = _styles()
    first = {r.label: _cut(r.text) for r in copy.sections[0].rows}
    rows = [("Date of referral", first["Date of referral"], "Case reference", first["Case reference"]),
            ("Referrer", first["Referrer"], "Referring agency", first["Referring agency"]),
            ("Referrer's role", first["Referrer's role"], "District", first["District"]),
            ("Referrer's phone", first["Referrer's phone"], "Referrer's email", first["Referrer's email"]),
            ("This copy", RULES[copy.profile].name, "", "")]
    table = Table([[_p(a, s.label), _p(b, s.cell_bold), _p(c, s.label), _p(d, s.cell_bold)] for a, b, c, d in rows],
                  colWidths=[0.16 * WIDTH, 0.34 * WIDTH, 0.17 * WIDTH, 0.33 * WIDTH])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _risk_block(copy: Copy) -> Table:
    s = _styles()
    level = copy.risk_level
    colour = LEVEL_COLOURS.get(level or "", MUTED)
    rests = (f"Rests on: {escape(copy.rests_on)}" if copy.rests_on is not None
             else "<font color='#A4161A'>Rests on no completed assessment</font>")
    label = f"{level.upper()} RISK" if level else "NOT ASSESSED"
    table = Table([[_pm(escape(label), s.level), [_pm(f"<b>{escape(copy.headline)}</b>", s.body), _pm(rests, s.cell)]]],
                  colWidths=[0.3 * WIDTH, 0.7 * WIDTH])
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, 0), colour), ("BOX", (0, 0), (-1, -1), 1, colour),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 6),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6), ("LEFTPADDING", (1, 0), (1, 0), 8)]))
    return table


def _missing_block(sections: tuple[Section, ...]) -> list[Any]:
    s = _styles()
    def low(label: str) -> str:  # "Date of birth" -> "date of birth"; "LGBT+" stays
        return label if label[:2].isupper() else label[:1].lower() + label[1:]

    gaps = [f"{sec.title}: {low(row.label)}" for sec in sections for row in sec.rows if row.state == UNKNOWN]
    if not gaps:
        return [_p("Missing details", s.h2), _p("None: every detail this copy carries is recorded.", s.body)]
    text = (f"<b>{len(gaps)} detail(s) not known</b> (printed “not known” below; the referral is sent with what "
            "there is): " + "; ".join(escape(g) for g in gaps) + ".")
    box = Table([[_pm(text, s.cell)]], colWidths=[WIDTH])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FFF4E0")),
                             ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#9A5B00")),
                             ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return [_p("Missing details", s.h2), box]


def _first_page(copy: Copy) -> list[Any]:
    s = _styles()
    story: list[Any] = [_p("Referral", s.label), _p(copy.title, s.title), Spacer(1, 2), _header(copy), Spacer(1, 8),
                        _risk_block(copy), Spacer(1, 4), *_missing_block(copy.sections)]
    if copy.profile is not Profile.MARAC:
        story.append(_p(f"This is the {RULES[copy.profile].name} copy: details it may not carry are marked "
                        "withheld.", s.small))
    return story


# --- the sections --------------------------------------------------------------------------------------


#: A row's text is set in pieces of at most this many characters and lines (a table row cannot be
#: split across pages, and one taller than a page stops the render).
PIECE_CHARS, PIECE_LINES = 900, 12


def _pieces(text: str) -> list[str]:
    """Long text in pieces a table row can hold, cut at line ends and spaces."""
    lines: list[str] = []
    for line in text.split("\n"):
        while len(line) > PIECE_CHARS:
            cut = line.rfind(" ", 0, PIECE_CHARS)
            cut = cut if cut > 0 else PIECE_CHARS
            lines.append(line[:cut])
            line = line[cut:].lstrip()
        lines.append(line)
    pieces: list[list[str]] = [[]]
    for line in lines:
        if len(pieces[-1]) >= PIECE_LINES or sum(map(len, pieces[-1])) + len(line) > PIECE_CHARS:
            pieces.append([])
        pieces[-1].append(line)
    return ["\n".join(p) for p in pieces if p]


def _section(section: Section) -> list[Any]:
    s = _styles()
    rows: list[list[Any]] = []
    shading: list[tuple[Any, ...]] = []
    for row in section.rows:
        if row.state == UNKNOWN:
            shading.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), colors.HexColor("#FFF4E0")))
            rows.append([_p(row.label, s.label), _pm(f"<font color='#8A4B00'><b>{escape(row.text)}</b></font>",
                                                      s.cell)])
            continue
        if row.state == WITHHELD:
            rows.append([_p(row.label, s.label), _pm(f"<font color='#5A5A5A'><i>{escape(row.text)}</i></font>",
                                                      s.cell)])
            continue
        for i, piece in enumerate(_pieces(row.text)):
            label = row.label if i == 0 else f"{row.label} (continued)"
            rows.append([_p(label, s.label), _pm(escape(piece).replace("\n", "<br/>"), s.cell)])
    table = Table(rows, colWidths=[0.32 * WIDTH, 0.68 * WIDTH])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                               ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2), *shading]))
    heading = _p(section.title, s.h2)
    return [KeepTogether([heading, table])] if len(rows) <= 14 else [heading, table]


# --- the document --------------------------------------------------------------------------------------


def render(form: ReferralForm | Copy, profile: Profile | str | None = None, *, for_signing: bool = False) -> bytes:
    """The referral's pages as PDF bytes (no attachment, no signature): of ``form`` under ``profile``
    (the kind's own by default), or of a :class:`Copy` as it is. Without ``for_signing`` the
    signature box says plainly it is not signed."""
    register_fonts()
    copy = form if isinstance(form, Copy) else copy_of(form, _profile(form, profile))
    footer = f"{copy.title} · {RULES[copy.profile].name} copy · DASH Desktop"
    footer_hash = f"sha256 of what this copy states {hashlib.sha256(copy_json(copy).encode('utf-8')).hexdigest()}"

    def first(canvas: Any, _doc: Any) -> None:
        _signature_caption(canvas, for_signing)

    top = PAGE_HEIGHT - MARGIN
    buffer = io.BytesIO()
    template = BaseDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                               bottomMargin=MARGIN, title=copy.title, author="", subject="", creator="DASH Desktop",
                               initialFontName="DejaVuSans", producer="DASH Desktop (ReportLab)")
    template.addPageTemplates([
        PageTemplate("first", [Frame(MARGIN, _FIRST_PAGE_BOTTOM, WIDTH, top - _FIRST_PAGE_BOTTOM, id="f1",
                                     leftPadding=0, rightPadding=0)], onPage=first),
        PageTemplate("later", [Frame(MARGIN, FOOTER_HEIGHT + 4 * mm, WIDTH, top - FOOTER_HEIGHT - 4 * mm,
                                     id="f2", leftPadding=0, rightPadding=0)]),
    ])
    story: list[Any] = [NextPageTemplate("later"), *_first_page(copy)]
    for section in copy.sections[1:]:
        story += _section(section)
    template.build(story, canvasmaker=_canvas_class(footer, footer_hash))
    return buffer.getvalue()


def document_json(copy: Copy) -> bytes:
    """The ``referral.json`` attachment: what the copy states (only that: never the full form)."""
    from dash_desktop import __version__

    payload = {"format": DOCUMENT_FORMAT, "program": __version__, "copy": copy.to_dict()}
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def build_signed(
    form: ReferralForm,
    identity: Identity,
    *,
    reports: Mapping[int, bytes] | None = None,
    profile: Profile | str | None = None,
    when: dt.datetime | None = None,
) -> bytes:
    """The referral signed with ``identity``: its pages under ``profile`` (the kind's own by default),
    ``referral.json`` and the signed report of each assessment in ``reports`` (assessment id -> signed
    PDF bytes; the form then says which are attached) embedded, and the whole file signed.

    Raises ``IdentityError`` for an identity that cannot sign. Whether the form may go at all
    (:func:`dash_desktop.referrals.required_faults`) is the caller's to check first.
    """
    from dash_desktop.reports.signing import Attachment, sign_pdf

    chosen = _profile(form, profile)
    reports = dict(reports or {}) if RULES[chosen].reports else {}
    form = _with_attached(form, reports)
    copy = copy_of(form, chosen)
    pdf = render(copy, for_signing=True)
    attachment = Attachment(ATTACHMENT_NAME, document_json(copy), f"What this referral states ({DOCUMENT_FORMAT})")
    extra = [Attachment(report_name(r.assessment_id), reports[r.assessment_id],
                        f"The signed report of {r.title} (assessment {r.assessment_id})", mime_type="application/pdf")
             for r in form.rests_on if r.assessment_id in reports]
    r = form.referrer
    return sign_pdf(pdf, attachment, identity, name=identity.name or r.name or "", role=identity.role or r.role or "",
                    organisation=identity.organisation or r.agency or "", box=_box(), reason=SIGN_REASON, when=when,
                    extra=extra)


def _box() -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = (round(v) for v in SIGNATURE_BOX)
    return x1, y1, x2, y2


# --- verifying -----------------------------------------------------------------------------------------


def attached(reader: Any) -> dict[str, Any] | None:
    """The ``referral.json`` a PDF carries (parsed), or None when it carries none."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        found = [i for i in range(0, len(names) - 1, 2) if str(names[i]) == ATTACHMENT_NAME]
    except Exception:  # no attachments, or a damaged name tree: not a referral this can read
        return None
    if not found:
        return None
    try:
        payload = json.loads(names[found[0] + 1].get_object()["/EF"]["/F"].get_object().data.decode("utf-8"))
    except Exception:  # a damaged attachment: a referral whose pages cannot be shown to agree
        return {}
    return payload if isinstance(payload, dict) else {}


def _copy(payload: Mapping[str, Any]) -> Copy:
    if payload.get("format") != DOCUMENT_FORMAT:
        raise ValueError(f"its {ATTACHMENT_NAME} is not a {DOCUMENT_FORMAT} document")
    copy = payload.get("copy")
    if not isinstance(copy, Mapping):
        raise ValueError(f"its {ATTACHMENT_NAME} holds no copy")
    return Copy.from_dict(copy)


def describe(payload: Mapping[str, Any]) -> str:
    """The attached referral in words ("MARAC referral, case HX-9, MARAC (full) copy, 21 November 2026")."""
    try:
        copy = _copy(payload)
    except Exception as exc:  # whatever a damaged attachment holds, the verdict must still be given
        return f"a referral whose {ATTACHMENT_NAME} cannot be read ({type(exc).__name__})"
    first = {r.label: r.text for r in copy.sections[0].rows if r.state == SHOWN} if copy.sections else {}
    case = [f"case {first['Case reference']}"] if "Case reference" in first else []
    day = [first["Date of referral"]] if "Date of referral" in first else []
    return ", ".join([copy.title, *case, f"{RULES[copy.profile].name} copy", *day])


def pages_disagree(data: bytes, payload: Mapping[str, Any]) -> str | None:
    """Why a signed referral's pages do not say what its ``referral.json`` does, or None when each
    page's text is that of the attachment rendered again."""
    from dash_desktop.reports.verify import page_texts

    try:
        copy = _copy(payload)
    except (ValueError, KeyError, TypeError) as exc:
        return f"its {ATTACHMENT_NAME} cannot be read ({type(exc).__name__}: {exc})"[:500]
    try:
        expected = page_texts(render(copy, for_signing=True))
        shown = page_texts(data)
    except Exception as exc:  # a page pypdf cannot read is a page that cannot be shown to agree
        return f"the pages cannot be read to compare them ({type(exc).__name__})"
    if shown == expected:
        return None
    if len(shown) != len(expected):
        return f"the referral has {len(shown)} pages; its attachment makes {len(expected)}"
    page = next(i for i, (a, b) in enumerate(zip(shown, expected, strict=True), 1) if a != b)
    return f"page {page} does not say what the attached referral says"


# --- the referral in the case store --------------------------------------------------------------------


class ReferralRefused(Exception):
    """The form lacks what a referral cannot go without (each fault names its field); nothing was stored."""

    def __init__(self, faults: Sequence[Fault]) -> None:
        super().__init__("; ".join(f"{f.field}: {f.message}" for f in faults))
        self.faults = tuple(faults)


@dataclass(frozen=True)
class SignedReferral:
    pdf: bytes
    notes: tuple[str, ...]  # e.g. "made your signing identity", "signed the report of assessment 3"


def sign_from_store(store: Store, form: ReferralForm) -> SignedReferral:
    """The referral signed with the store's identity (made from the profile on first use), carrying
    the signed report of each assessment it rests on (a completed one is signed, and so locked, first).
    Raises :class:`ReferralRefused` before anything is written when :func:`required_faults` finds any,
    and ``SigningError`` when it cannot be signed. Nothing of the referral itself is stored: :func:`keep`
    does that."""
    from dash_desktop.referrals import required_faults
    from dash_desktop.reports.identity import IdentityError
    from dash_desktop.reports.stored import SigningError, sign_stored, signing_identity

    if faults := required_faults(form):
        raise ReferralRefused(faults)
    identity, notes = signing_identity(store, create=True)
    reports = {}
    for r in form.rests_on if RULES[PROFILE_OF_KIND[form.kind]].reports else ():
        try:
            kept = sign_stored(store, r.assessment_id, report_name(r.assessment_id))
        except SigningError as exc:
            raise SigningError(f"assessment {r.assessment_id} ({r.title}): {exc}") from None
        if not kept.already_signed:
            notes.append(f"Signed the report of assessment {r.assessment_id} ({r.title})")
        notes += kept.notes
        reports[r.assessment_id] = kept.document.content
    try:
        pdf = build_signed(form, identity, reports=reports)
    except IdentityError as exc:
        raise SigningError(str(exc)) from None
    return SignedReferral(pdf, tuple(notes))


def keep(store: Store, form: ReferralForm, filename: str, pdf: bytes, *,
         status: str = "proposed") -> tuple[ReferralRecord, SignedDocumentRecord]:
    """Record the referral in its case (its kind, ``status``, the day, the assessment it rests on and
    its form) and keep its signed PDF with it, in one transaction: both are saved or neither is."""
    if form.case_reference is None:
        raise ReferralRefused([Fault("case_reference", "the referral names no case")])
    basis = form.assessment.assessment_id if form.assessment is not None else None
    referral = store.records.add_referral(form.case_reference, form.kind.value, status=status,
                                          referred_on=form.referred_on, assessment_id=basis, form=form.to_json(),
                                          signed=(filename, pdf))
    (document_id,) = store.documents.for_referral(referral.id)
    return store.records.referral(referral.id), store.documents.get(document_id)
