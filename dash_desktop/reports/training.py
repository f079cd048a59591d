"""Training PDFs: a class session's summary (per item, how many got it right) and a trainee's signed
completion certificate. Every page carries the training mark of :mod:`dash_desktop.reports.render`
("TRAINING — NOT A REAL ASSESSMENT"). Neither holds an assessment: there is nothing in them that
``assess import`` could take into the case store.

The certificate is signed with the trainer's own certificate-signing identity, made on first use
and kept in the training store (never the case store's identity: training never opens it).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dash_desktop.questionnaires.model import date_text
from dash_desktop.reports.identity import Identity, IdentityError, create_identity, load_pkcs12, to_pkcs12
from dash_desktop.reports.render import (
    ALERT,
    FONT,
    FONT_BOLD,
    INK,
    MARGIN,
    MUTED,
    PAGE_WIDTH,
    RULE,
    TRAINING_MARK,
    draw_training_mark,
    register_fonts,
)
from dash_desktop.training_store.results import ClassResults, ScenarioTally, TraineeResult
from dash_desktop.training_store.store import TrainingStore, TrainingStoreError

CERTIFICATE_FORMAT = "dash-desktop.training-certificate/1"
CERTIFICATE_ATTACHMENT = "training-certificate.json"
TRAINER_ROLE = "Trainer"
#: The trainer's signature on the certificate (PDF points, origin bottom left).
CERTIFICATE_SIGNATURE_BOX = (round(PAGE_WIDTH / 2 - 46 * mm), round(22 * mm),
                             round(PAGE_WIDTH / 2 + 46 * mm), round(48 * mm))
SCORE_NOTE = ("The score is the share of items answered as the scenario's model answer (free text is not "
              "scored); the outcome is whether the trainee's answers led to the model outcome.")


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    big: ParagraphStyle
    centre: ParagraphStyle


def _styles() -> _Styles:
    register_fonts()
    body = ParagraphStyle("t-body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
    centre = ParagraphStyle("t-centre", parent=body, fontSize=11, leading=15, alignment=TA_CENTER)
    return _Styles(
        title=ParagraphStyle("t-title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=4),
        h2=ParagraphStyle("t-h2", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8,
                          spaceAfter=3),
        body=body,
        small=ParagraphStyle("t-small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        cell=ParagraphStyle("t-cell", parent=body, fontSize=8.5, leading=11),
        big=ParagraphStyle("t-big", parent=centre, fontName=FONT_BOLD, fontSize=24, leading=30),
        centre=centre,
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(rows: list[list[Any]], widths: list[float], extra: list[tuple[Any, ...]] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        *(extra or []),
    ]))
    return table


def _build(story: list[Any], title: str, footer: str, *, signature: bool = False) -> bytes:
    """A4 pages, each with the training mark and a footer naming what it is and its page; with
    ``signature``, page 1 keeps the trainer's signature box free below the text."""
    buffer = io.BytesIO()

    def first(canvas: Any, doc: Any) -> None:
        page(canvas, doc)
        if signature:
            x1, _, x2, y2 = CERTIFICATE_SIGNATURE_BOX
            canvas.saveState()
            canvas.setFont(FONT, 7.5)
            canvas.setFillColor(MUTED)
            canvas.drawCentredString((x1 + x2) / 2, y2 + 2.5 * mm, "Trainer's digital signature")
            canvas.restoreState()

    def page(canvas: Any, doc: Any) -> None:
        draw_training_mark(canvas)
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, 14 * mm, PAGE_WIDTH - MARGIN, 14 * mm)
        canvas.drawString(MARGIN, 10 * mm, f"{footer} · {TRAINING_MARK}")
        canvas.drawRightString(PAGE_WIDTH - MARGIN, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    template = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                                 topMargin=MARGIN + 6 * mm, bottomMargin=(60 if signature else 20) * mm,
                                 title=f"{title} (training)",
                                 author="", subject="", creator="DASH Desktop", initialFontName=FONT,
                                 producer="DASH Desktop (ReportLab)")
    template.build(story, onFirstPage=first, onLaterPages=page)
    return buffer.getvalue()


# --- the class summary -------------------------------------------------------------------------------


def class_summary_pdf(results: ClassResults) -> bytes:
    """The class session on paper: each trainee's score, then per scenario, per item, how many of the
    trainees who completed it answered as the model does, the items fewest got right first."""
    s = _styles()
    session = results.session
    width = PAGE_WIDTH - 2 * MARGIN
    story: list[Any] = [
        _p("Training class summary", s.small),
        _p(session.name, s.title),
        _p(f"Held on {date_text(session.held_on)} · trainer {session.trainer}, {session.organisation} · "
           f"{len(results.trainees)} trainee(s)", s.body),
        Spacer(1, 4),
        _p(SCORE_NOTE, s.small),
        _p("Trainees", s.h2),
        _table(_trainee_rows(results.trainees, s), [0.34 * width, 0.16 * width, 0.28 * width, 0.22 * width]),
    ]
    if not results.scenarios:
        story.append(_p("No trainee has completed a scenario in this session yet.", s.body))
    for tally in results.scenarios:
        story += _scenario_part(tally, s, width)
    return _build(story, f"Class summary: {session.name}", f"Class summary: {session.name}")


def _trainee_rows(trainees: tuple[TraineeResult, ...], s: _Styles) -> list[list[Any]]:
    rows: list[list[Any]] = [[_p(h, s.small) for h in ("Trainee", "Scenarios", "Items agreeing", "Outcome")]]
    for r in trainees:
        score = f"{r.agreeing} of {r.compared} ({r.percent}%)" if r.attempts else "—"
        outcome = f"{sum(1 for a in r.attempts if a.outcome_agrees)} of {len(r.attempts)} right" if r.attempts else "—"
        rows.append([_p(r.trainee.label, s.cell), _p(str(len(r.attempts)), s.cell), _p(score, s.cell),
                     _p(outcome, s.cell)])
    return rows


def _scenario_part(tally: ScenarioTally, s: _Styles, width: float) -> list[Any]:
    head = [
        _p(tally.title, s.h2),
        _p(f"{tally.scenario_id} · completed by {tally.trainees} · {tally.outcome_right} of {tally.trainees} "
           "reached the model outcome", s.small),
    ]
    hardest = tally.hardest()
    if hardest:
        words = "; ".join(f"{t.label} ({t.right} of {t.of})" for t in hardest)
        head.append(Paragraph(f"<b>Where the class needs teaching:</b> {escape(words)}", s.body))
    else:
        head.append(_p("Every trainee answered every item as the model does.", s.body))
    rows: list[list[Any]] = [[_p(h, s.small) for h in ("Item", "Right", "Of", "")]]
    shading: list[tuple[Any, ...]] = []
    for t in tally.items:
        share = t.right / t.of if t.of else 1.0
        rows.append([Paragraph(f"{escape(t.label)} <font color='#5A5A5A' size='7'>{escape(t.item)}</font>",
                               s.cell), _p(str(t.right), s.cell), _p(str(t.of), s.cell), _bar(share, 0.3 * width)])
        if share < 1:
            tint = "#F8D7D7" if share < 0.5 else "#FFF4E0"
            shading.append(("BACKGROUND", (0, len(rows) - 1), (2, len(rows) - 1), colors.HexColor(tint)))
    table = _table(rows, [0.52 * width, 0.09 * width, 0.09 * width, 0.3 * width], shading)
    return [KeepTogether(head), table]


def _bar(share: float, width: float) -> Table:
    """A bar as long as the share of the class that got the item right."""
    done = max(share, 0.001) * (width - 6)
    bar = Table([["", ""]], colWidths=[done, max(width - 6 - done, 0.001)], rowHeights=[7])
    colour = colors.HexColor("#2F6B2F") if share >= 1 else (ALERT if share < 0.5 else colors.HexColor("#9A5B00"))
    bar.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, 0), colour), ("BACKGROUND", (1, 0), (1, 0), RULE),
                             ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return bar


# --- the completion certificate ----------------------------------------------------------------------


def certificate_data(results: ClassResults, trainee: TraineeResult) -> dict[str, Any]:
    """What the certificate states, as the JSON attached to it (marked as training)."""
    session = results.session
    return {
        "format": CERTIFICATE_FORMAT,
        "training": True,
        "trainee": trainee.trainee.label,
        "session": session.name,
        "held_on": session.held_on.isoformat(),
        "trainer": session.trainer,
        "organisation": session.organisation,
        "scenarios": [{"id": a.scenario_id, "title": a.scenario_title, "agreeing": a.agreeing, "items": a.compared,
                       "percent": a.percent, "outcome_agrees": a.outcome_agrees} for a in trainee.attempts],
        "score": {"agreeing": trainee.agreeing, "items": trainee.compared, "percent": trainee.percent},
    }


def certificate_pdf(results: ClassResults, trainee: TraineeResult, identity: Identity | None,
                    *, when: dt.datetime | None = None) -> bytes:
    """The trainee's completion certificate for the session: their name, the date, the scenarios done
    with their scores; signed with ``identity`` (the trainer's), or unsigned (a preview) when None."""
    if not trainee.attempts:
        raise TrainingStoreError(f"{trainee.trainee.label} has completed no scenario in this session, so there "
                                 "is nothing to certify yet")
    data = certificate_data(results, trainee)
    pdf = _build(_certificate_story(results, trainee), f"Training certificate: {trainee.trainee.label}",
                 f"Training certificate · {results.session.name}", signature=True)
    if identity is None:
        return pdf
    from dash_desktop.reports.signing import Attachment, sign_pdf

    attachment = Attachment(CERTIFICATE_ATTACHMENT, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"),
                            f"What this training certificate states ({CERTIFICATE_FORMAT})")
    return sign_pdf(pdf, attachment, identity, name=identity.name, role=identity.role,
                    organisation=identity.organisation, box=CERTIFICATE_SIGNATURE_BOX,
                    reason="Training completed, signed by the trainer", when=when)


def _certificate_story(results: ClassResults, trainee: TraineeResult) -> list[Any]:
    s = _styles()
    session = results.session
    width = PAGE_WIDTH - 2 * MARGIN
    rows: list[list[Any]] = [[_p(h, s.small) for h in ("Scenario", "Items agreeing", "Outcome")]]
    for a in trainee.attempts:
        rows.append([_p(a.scenario_title, s.cell), _p(f"{a.agreeing} of {a.compared} ({a.percent}%)", s.cell),
                     _p("the model outcome" if a.outcome_agrees else "differed from the model", s.cell)])
    story: list[Any] = [
        Spacer(1, 8 * mm),
        _p("Certificate of completion", ParagraphStyle("t-cert", parent=s.big, fontSize=28, leading=34)),
        _p("Domestic abuse risk assessment training (DASH)", s.centre),
        Spacer(1, 12 * mm),
        _p("This records that", s.centre),
        Spacer(1, 3 * mm),
        _p(trainee.trainee.label, s.big),
        Spacer(1, 3 * mm),
        _p(f"took part in the training session “{session.name}” on {date_text(session.held_on)}, run by "
           f"{session.trainer} ({session.organisation}), and completed {len(trainee.attempts)} scenario(s):",
           s.centre),
        Spacer(1, 6 * mm),
        _table(rows, [0.56 * width, 0.22 * width, 0.22 * width]),
        Spacer(1, 4 * mm),
        _p(f"Overall: {trainee.agreeing} of {trainee.compared} items agreeing with the model answers "
           f"({trainee.percent}%).", s.centre),
        Spacer(1, 3 * mm),
        _p(SCORE_NOTE + " The scenarios are synthetic. A record of training, not a qualification and not a real "
           "assessment.", s.small),
    ]
    return story


# --- the trainer's signing identity ---------------------------------------------------------------


def trainer_identity(store: TrainingStore, trainer: str, organisation: str) -> tuple[Identity, bool]:
    """The trainer's certificate-signing identity from the training store, made and kept there on
    first use (a self-signed EC P-256 certificate naming the trainer as a trainer). Returns it with
    whether it was just made."""
    kept = store.identity(trainer, organisation)
    try:
        if kept is not None:
            return load_pkcs12(kept, None), False
        identity = create_identity(trainer, organisation, TRAINER_ROLE)
    except IdentityError as exc:
        raise TrainingStoreError(f"the trainer's signing identity cannot be used: {exc}") from None
    store.keep_identity(trainer, organisation, to_pkcs12(identity, None), identity.fingerprint)
    return identity, True


def signed_certificate(store: TrainingStore, results: ClassResults, trainee: TraineeResult,
                       notify: Callable[[str], None] | None = None) -> bytes:
    """The certificate signed with the session's trainer's identity (made on first use)."""
    if not trainee.attempts:
        return certificate_pdf(results, trainee, None)  # refused, before any identity is made
    session = results.session
    identity, made = trainer_identity(store, session.trainer, session.organisation)
    if made and notify is not None:
        notify(f"Made the trainer's certificate-signing identity for {identity.name} ({identity.organisation}), "
               f"kept in the training store; fingerprint {identity.fingerprint}")
    return certificate_pdf(results, trainee, identity)

