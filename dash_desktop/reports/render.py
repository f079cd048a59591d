"""The assessment report as a PDF, drawn with ReportLab.

Page 1 tells the story at a glance (who, what level, why, what next) and keeps a box free at its foot
for the practitioner's visible signature; the pages after it give every question with its answer,
section by section. Every page carries a footer (page X of Y, the questionnaire's id, version and
hash) and, for a training assessment, a "TRAINING — NOT A REAL ASSESSMENT" watermark.

Text is set in DejaVu Sans, shipped in ``resources/fonts`` and embedded (subset) in the PDF, so
accented and non-Latin names (Greek, Cyrillic, ...) render the same on every machine. ReportLab
does not shape complex scripts: Arabic is drawn unjoined, and scripts DejaVu lacks (CJK, most Indic)
would show as empty boxes; docs/reports.md says so.

This module needs only ReportLab; the embedded JSON attachment and the signature are added by
:mod:`dash_desktop.reports.signing`.
"""

from __future__ import annotations

import dataclasses
import io
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from dash_desktop.assessment.document import AssessmentDocument
from dash_desktop.assessment.result import Result
from dash_desktop.paths import resource
from dash_desktop.questionnaires.model import DONT_KNOW, FIXED_CHOICES, Item, ItemType, Questionnaire, date_text
from dash_desktop.reports.header import ReportHeader, redact_subject

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
FOOTER_HEIGHT = 14 * mm
#: Where the visible signature goes on page 1 (PDF points, origin bottom left): x1, y1, x2, y2.
SIGNATURE_BOX = (PAGE_WIDTH - MARGIN - 92 * mm, FOOTER_HEIGHT + 4 * mm, PAGE_WIDTH - MARGIN, FOOTER_HEIGHT + 30 * mm)
#: Page 1's text stops above the signature box.
_FIRST_PAGE_BOTTOM = SIGNATURE_BOX[3] + 8 * mm
TRAINING_MARK = "TRAINING — NOT A REAL ASSESSMENT"

LEVEL_COLOURS = {"high": colors.HexColor("#A4161A"), "medium": colors.HexColor("#9A5B00"),
                 "standard": colors.HexColor("#2F6B2F")}
INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5A5A5A")
RULE = colors.HexColor("#B8B8B8")
ALERT = colors.HexColor("#A4161A")


@cache
def register_fonts() -> None:
    """Register the shipped TTFs once per process (they are then embedded as subsets)."""
    pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def is_training(doc: AssessmentDocument, header: ReportHeader) -> bool:
    return header.training or doc.meta.get("training") is True


#: The ``meta`` fields a report attaches (everything else a document's ``meta`` carries stays out of
#: the attachment, as it is not on the page): the case reference, the subject's name as redacted,
#: whether a subject was withheld, training, what it amends, and who made the report with what.
ATTACHED_META = ("case_reference", "subject", "subject_withheld", "training", "amends", "report")


def report_document(doc: AssessmentDocument, header: ReportHeader, profile: str | None = None) -> AssessmentDocument:
    """The interchange document as the report embeds it: only what the page shows, with the
    subject's name redacted as the header says (so the attachment never shows more than the page),
    marked as training when the report is (so a training report can never be taken back in as a
    real case), and with who made it (``meta.report``: the page's header, the area profile and the
    program version), so that verifying can render the attachment again and compare the pages."""
    from dash_desktop import __version__

    meta = {key: doc.meta[key] for key in ATTACHED_META if key in doc.meta and key != "report"}
    if is_training(doc, header):
        meta["training"] = True
    if "subject" in meta:
        shown = redact_subject(meta["subject"] if isinstance(meta["subject"], str) else None, header.subject_mode)
        if shown is None:
            del meta["subject"]
            meta["subject_withheld"] = True
        else:
            meta["subject"] = shown
    meta["report"] = {"practitioner": header.practitioner, "organisation": header.organisation, "role": header.role,
                      "profile": profile, "program": __version__}
    return dataclasses.replace(doc, answers=dict(doc.answers), sources=dict(doc.sources), meta=meta)


def header_of(doc: AssessmentDocument) -> tuple[ReportHeader, str | None] | None:
    """The header a report was made with, from its attachment (already redacted: shown in full), and
    its area profile; None when the attachment does not say (not made by this version)."""
    made = doc.meta.get("report")
    if not isinstance(made, dict) or not all(isinstance(made.get(k), str) for k in ("practitioner", "organisation",
                                                                                      "role")):
        return None
    profile = made.get("profile")
    return (ReportHeader(practitioner=made["practitioner"], organisation=made["organisation"], role=made["role"]),
            profile if isinstance(profile, str) else None)


# --- styles -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    level: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


@cache
def _styles() -> _Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=9, leading=11.5, textColor=INK)
    return _Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=2),
        h2=ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=13, spaceBefore=6,
                          spaceAfter=3),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        label=ParagraphStyle("label", parent=body, fontSize=8, leading=10, textColor=MUTED),
        level=ParagraphStyle("level", parent=body, fontName=FONT_BOLD, fontSize=18, leading=22,
                             textColor=colors.white, alignment=TA_CENTER),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=FONT_BOLD, fontSize=8.5, leading=11),
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: names and free text never become markup)."""
    return Paragraph(escape(text), style)


def _pm(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of trusted markup (its variable parts escaped by the caller)."""
    return Paragraph(markup, style)


# --- page 1: the summary ------------------------------------------------------------------------


def _cut(text: str) -> str:
    return text if len(text) <= HEADER_VALUE_CHARS else text[: HEADER_VALUE_CHARS - 1] + "…"


def _header_table(doc: AssessmentDocument, result: Result, header: ReportHeader) -> Table:
    s = _styles()
    meta = doc.meta
    subject_name = redact_subject(meta.get("subject") if isinstance(meta.get("subject"), str) else None,
                                  header.subject_mode)
    if subject_name is None:
        withheld = meta.get("subject") or meta.get("subject_withheld") is True
        subject_text = "withheld (see the case record)" if withheld else "not recorded"
    else:
        subject_text = subject_name
    reference = meta.get("case_reference")
    practitioner = header.practitioner + (f", {header.role}" if header.role else "")
    rows = [
        ("Organisation", header.organisation or "not recorded", "Case reference",
         str(reference) if reference else "not recorded"),
        ("Subject", subject_text, "Assessment date", date_text(result.assessed_on)),
        ("Practitioner", practitioner, "Area profile", result.profile.get("name", result.profile.get("id", ""))),
    ]
    amends = meta.get("amends")
    if amends:
        rows.append(("Amends", f"assessment {amends} (this one replaces it)", "", ""))
    data = [[_p(a, s.label), _p(_cut(b), s.cell_bold), _p(c, s.label), _p(_cut(d), s.cell_bold)]
            for a, b, c, d in rows]
    width = PAGE_WIDTH - 2 * MARGIN
    table = Table(data, colWidths=[0.15 * width, 0.35 * width, 0.17 * width, 0.33 * width])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _level_block(result: Result) -> Table:
    s = _styles()
    width = PAGE_WIDTH - 2 * MARGIN
    if result.risk_level is None:
        level_text = (result.screen.headline if result.screen else "No cut-off").upper()
        colour = LEVEL_COLOURS["high"] if result.screen and result.screen.advice else MUTED
        count = f"{escape(result.count_words)}. This screen has no cut-off: it informs professional judgement."
    else:
        level_text = f"{result.risk_level.upper()} RISK"
        colour = LEVEL_COLOURS.get(result.risk_level, MUTED)
        count = (f"{escape(result.count_words)} (the score alone gives "
                 f"<b>{escape(result.score_level or '')}</b>).")
        if result.level_why is not None:
            count += f" {escape(result.level_why.text)}"
    right: list[Any] = [_pm(count, s.body)]
    if result.unknown:
        right.append(_pm(f"<b>Don't know</b> (not counted, follow up): {len(result.unknown)} — "
                         + escape(", ".join(result.label(i) for i in result.unknown)), s.cell))
    table = Table([[_pm(escape(level_text), s.level), right]], colWidths=[0.3 * width, 0.7 * width])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (0, 0), colour),
        ("BOX", (0, 0), (-1, -1), 1, colour),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (1, 0), (1, 0), 8),
    ]))
    return table


def _bullets(lines: list[str], style: ParagraphStyle) -> list[Paragraph]:
    return [_pm(line, ParagraphStyle("bullet", parent=style, leftIndent=10, bulletIndent=0), ) for line in lines]


def _dapp(result: Result) -> list[Any]:
    """The perpetrator side: priority perpetrator, the DAPP pathway and the needs."""
    s = _styles()
    d = result.dapp
    if d is None:
        return []
    colour = "#A4161A" if d.priority else "#1A1A1A"
    story: list[Any] = [
        _pm(f"<font color='{colour}'>Priority perpetrator (this tool's approximation): "
            f"{'YES' if d.priority else 'no'}</font>", s.h2),
    ]
    if d.priority_why is not None:
        story.append(_p(d.priority_why.text, s.body))
    story.append(_p("Suggested pathway (DAPP)", s.h2))
    lines = [f"• <b>{escape(step.name)}</b>: {escape(step.reason)}"
             + (f" <font color='#5A5A5A'>{escape(step.description)}</font>" if step.description else "")
             for step in d.pathway]
    story += _bullets(lines or ["• none suggested"], s.body)
    needs = "; ".join(result.label(i) for i in d.needs) if d.needs else "none answered yes"
    story.append(_pm(f"<b>Needs:</b> {escape(needs)}", s.body))
    if d.complex_needs:
        complex_needs = "; ".join(result.label(i) for i in d.complex_needs)
        story.append(_pm(f"<b>Complex needs</b> (for assertive outreach): {escape(complex_needs)}", s.body))
    return story


def _summary(doc: AssessmentDocument, result: Result, header: ReportHeader) -> list[Any]:
    s = _styles()
    story: list[Any] = [
        _p("Assessment report", s.label),
        _p(result.title, s.title),
        Spacer(1, 2),
        _header_table(doc, result, header),
        Spacer(1, 8),
    ]
    if not result.complete:
        names = ", ".join(f"{result.label(i)} ({i})" for i in result.unanswered)
        story += [_pm(f"<font color='#A4161A'><b>INCOMPLETE:</b></font> {len(result.unanswered)} required "
                      f"question(s) not answered: {escape(names)}. The result counts only what was answered.",
                      s.body), Spacer(1, 4)]
    story += [_level_block(result), Spacer(1, 2), _p(result.notice, s.small)]

    if result.marac is not None:
        m = result.marac
        heading = "MARAC: REFER" if m.refer else "MARAC: no referral criterion met"
        story.append(_pm(f"<font color='{'#A4161A' if m.refer else '#1A1A1A'}'>{escape(heading)}</font>", s.h2))
        lines = []
        for c in m.checks:
            why = f": {escape(c.why.text)}" if c.why else ""
            lines.append(f"{'☒' if c.met else '☐'} <b>{escape(c.name.capitalize())}</b>"
                         + ("" if c.met else " — not met") + why)
        story += _bullets(lines, s.body)

    if result.judgement is not None:
        j = result.judgement
        story.append(_p("Professional judgement", s.h2))
        story.append(_pm(f"<b>{escape(j.level.capitalize())}</b> ({escape(j.effect_words)}). "
                         f"Reason: {escape(j.reason)}", s.body))
    elif result.risk_level is not None:  # a screen records no judgement of its own
        story += [_p("Professional judgement", s.h2), _p("None recorded.", s.body)]

    if result.prompts:
        story.append(_p("Consider professional judgement (shown, not scored)", s.h2))
        story += _bullets([f"• {escape(p.text)}" for p in result.prompts], s.body)

    if result.idash is not None:
        tier = result.idash.tier_service
        story.append(_pm(f"Suggested support (IDASH): {escape(tier.name)}" if tier else "Specialist advice", s.h2))
        if result.idash.area_why is not None:
            story.append(_p(result.idash.area_why.text, s.small))
        lines = []
        for svc in result.idash.services:
            lines.append(f"• <b>{escape(svc.name)}</b>: {escape(svc.reason)} "
                         f"<font color='#5A5A5A'>Local services: {escape(svc.provider_names)}</font>")
        story += _bullets(lines, s.body)

    if result.dapp is not None:
        story += _dapp(result)

    if result.offered:
        story.append(_p("Also complete", s.h2))
        story += _bullets([f"• <b>{escape(o.title)}</b>: {escape(o.reason)}" for o in result.offered], s.body)

    return story


# --- the answers --------------------------------------------------------------------------------


#: An answer (with its source) longer than this, or of more lines, is set out below its question as
#: paragraphs that run on across pages; a table cell cannot be split, and a tall one stops the render.
LONG_ANSWER_CHARS = 500
LONG_ANSWER_LINES = 8
#: A value in the page-1 header longer than this is cut (the header is one table on one page).
HEADER_VALUE_CHARS = 300


def _is_long(text: str) -> bool:
    return len(text) > LONG_ANSWER_CHARS or text.count("\n") >= LONG_ANSWER_LINES


def _answer_markup(item: Item, value: Any, relevant: bool, required_missing: bool) -> str:
    if value is None:
        if required_missing:
            return "<font color='#A4161A'><b>NOT ANSWERED</b></font> (required)"
        if not relevant:
            return "<font color='#5A5A5A'>not asked (does not apply)</font>"
        return "<font color='#5A5A5A'>not answered</font>"
    words = escape(item.answer_text(value))
    if item.type in FIXED_CHOICES and value == DONT_KNOW:
        return f"<font color='#8A4B00'><b>{words.upper()}</b></font> — not counted; follow up"
    if item.type in FIXED_CHOICES or item.type is ItemType.SINGLE_CHOICE:
        return f"<b>{words}</b>"
    return words.replace("\n", "<br/>")


def _source_markup(source: str | None) -> str:
    return f" <font color='#5A5A5A'>(source: {escape(source)})</font>" if source else ""


def _long_answer(item: Item, value: Any, source: str | None) -> list[Any]:
    """A long answer in full, below its question: a paragraph per line, each free to split."""
    s = _styles()
    style = ParagraphStyle("long_answer", parent=s.cell, leftIndent=8)
    story: list[Any] = [Spacer(1, 2), _p(f"The answer to {item.name} ({item.id}), in full:", s.label)]
    lines = item.answer_text(value).split("\n") if value is not None else []
    story += [_pm(escape(line) or "&nbsp;", style) for line in lines]
    if source:
        story.append(_pm(_source_markup(source).strip(), style))
    return [*story, Spacer(1, 4)]


def _section_table(rows: list[list[Any]], styles: list[tuple[Any, ...]], with_heading_row: bool) -> Table:
    width = PAGE_WIDTH - 2 * MARGIN
    table = Table(rows, colWidths=[0.62 * width, 0.38 * width], repeatRows=1 if with_heading_row else 0)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *([("LINEBELOW", (0, 0), (-1, 0), 0.6, INK)] if with_heading_row else []),
        ("LINEBELOW", (0, 1 if with_heading_row else 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        *styles,
    ]))
    return table


def _section(questionnaire: Questionnaire, section: Any, answers: Mapping[str, Any], doc: AssessmentDocument,
             missing: set[str]) -> list[Any]:
    """One section: its questions and answers in tables, broken where a long answer is set out in full."""
    s = _styles()
    parts: list[Any] = []
    rows: list[list[Any]] = [[_p("Question", s.label), _p("Answer", s.label)]]
    styles: list[tuple[Any, ...]] = []
    first = True
    for item in section.items:
        value = answers.get(item.id)
        source = doc.sources.get(item.id)
        question = (f"<font color='#5A5A5A' size='7.5'>{escape(item.name)} · {escape(item.id)}</font><br/>"
                    f"{escape(item.prompt)}")
        if value == DONT_KNOW or item.id in missing:
            styles.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), colors.HexColor("#FFF4E0")))
        shown = "" if value is None else item.answer_text(value)
        if _is_long(shown + (source or "")):
            rows.append([_pm(question, s.cell), _pm("<font color='#5A5A5A'>written out in full below</font>",
                                                    s.cell)])
            parts += [_section_table(rows, styles, first), *_long_answer(item, value, source)]
            rows, styles, first = [], [], False
            continue
        markup = _answer_markup(item, value, questionnaire.is_relevant(item, answers), item.id in missing)
        rows.append([_pm(question, s.cell), _pm(markup + _source_markup(source), s.cell)])
    if rows:
        parts.append(_section_table(rows, styles, first))
    heading = [_p(section.title, s.h2)]
    if section.description:
        heading.append(_p(section.description, s.small))
    if first and len(rows) <= 12:
        return [KeepTogether([*heading, *parts])]
    return [*heading, *parts]


def _answers(questionnaire: Questionnaire, answers: Mapping[str, Any], doc: AssessmentDocument,
             result: Result) -> list[Any]:
    s = _styles()
    missing = set(result.unanswered)
    story: list[Any] = [
        _p("Every question and answer", s.title),
        _p("Grouped by section, in the questionnaire's order. “Don't know” is not counted as yes; "
           "required questions left unanswered are marked.", s.small),
    ]
    for section in questionnaire.sections:
        story += _section(questionnaire, section, answers, doc, missing)
    return story


# --- page furniture -----------------------------------------------------------------------------


def draw_training_mark(canvas: Any) -> None:
    """The training mark on the page being drawn: a banner across the top and a diagonal watermark."""
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
    # as large as fits along the diagonal with a margin (40 pt at most)
    size = min(40.0, 0.8 * math.hypot(PAGE_WIDTH, PAGE_HEIGHT) / pdfmetrics.stringWidth(TRAINING_MARK, FONT_BOLD, 1))
    canvas.setFont(FONT_BOLD, size)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(math.degrees(math.atan2(PAGE_HEIGHT, PAGE_WIDTH)))
    canvas.drawCentredString(0, 0, TRAINING_MARK)
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.64, 0.09, 0.1))
    canvas.rect(0, PAGE_HEIGHT - 9 * mm, PAGE_WIDTH, 9 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 6.2 * mm, TRAINING_MARK)
    canvas.restoreState()


def _signature_caption(canvas: Any, for_signing: bool) -> None:
    x1, y1, x2, y2 = SIGNATURE_BOX
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(x1, y2 + 2.5 * mm, "Practitioner's digital signature")
    if not for_signing:
        canvas.setStrokeColor(ALERT)
        canvas.setDash(3, 2)
        canvas.rect(x1, y1, x2 - x1, y2 - y1, stroke=1, fill=0)
        canvas.setFillColor(ALERT)
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawCentredString((x1 + x2) / 2, (y1 + y2) / 2 + 2, "NOT SIGNED")
        canvas.setFont(FONT, 7.5)
        canvas.drawCentredString((x1 + x2) / 2, (y1 + y2) / 2 - 9, "a preview, not a signed record")
    canvas.restoreState()


def _canvas_class(footer_text: str, footer_hash: str) -> Callable[..., Any]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Holds every page until the end, so each footer can say "page X of Y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.saveState()
                self.setFont(FONT, 7)
                self.setFillColor(MUTED)
                self.setStrokeColor(RULE)
                self.line(MARGIN, FOOTER_HEIGHT, PAGE_WIDTH - MARGIN, FOOTER_HEIGHT)
                self.drawString(MARGIN, FOOTER_HEIGHT - 4 * mm, footer_text)
                self.drawString(MARGIN, FOOTER_HEIGHT - 7.5 * mm, footer_hash)
                self.setFont(FONT_BOLD, 8)
                self.drawRightString(PAGE_WIDTH - MARGIN, FOOTER_HEIGHT - 4 * mm,
                                     f"Page {self._pageNumber} of {total}")
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def render_report(
    doc: AssessmentDocument,
    result: Result,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    header: ReportHeader,
    *,
    for_signing: bool = False,
) -> bytes:
    """The report as PDF bytes (no attachment, no signature).

    ``questionnaire`` and ``answers`` are what :func:`dash_desktop.assessment.bind` returned for
    ``doc``; ``result`` is its score. With ``for_signing`` the signature box is left empty for the
    signature's own appearance; without it the box says plainly that the document is not signed.
    """
    register_fonts()
    training = is_training(doc, header)
    q = result.questionnaire
    footer = f"Questionnaire {q['id']} version {q['version']}"
    footer_hash = f"sha256 {q['hash']}"

    def first(canvas: Any, _doc: Any) -> None:
        if training:
            draw_training_mark(canvas)
        _signature_caption(canvas, for_signing)

    def later(canvas: Any, _doc: Any) -> None:
        if training:
            draw_training_mark(canvas)

    top = PAGE_HEIGHT - MARGIN - (6 * mm if training else 0)
    width = PAGE_WIDTH - 2 * MARGIN
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{result.title}: assessment report" + (" (training)" if training else ""),
        author="",
        subject="",
        creator="DASH Desktop",
        initialFontName=FONT,  # else every page declares Helvetica, which is not embedded
        producer="DASH Desktop (ReportLab)",
    )
    template.addPageTemplates([
        PageTemplate("first", [Frame(MARGIN, _FIRST_PAGE_BOTTOM, width, top - _FIRST_PAGE_BOTTOM, id="f1",
                                     leftPadding=0, rightPadding=0)], onPage=first),
        PageTemplate("later", [Frame(MARGIN, FOOTER_HEIGHT + 4 * mm, width, top - FOOTER_HEIGHT - 4 * mm,
                                     id="f2", leftPadding=0, rightPadding=0)], onPage=later),
    ])
    story: list[Any] = [NextPageTemplate("later"), *_summary(doc, result, header), PageBreak(),
                        *_answers(questionnaire, answers, doc, result)]
    template.build(story, canvasmaker=_canvas_class(footer, footer_hash))
    return buffer.getvalue()
