"""The report as a reader sees it: text extracted by Poppler, not ReportLab's own idea of it."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from report_helpers import ORGANISATION, PRACTITIONER, SUBJECT, pdftotext, run_tool

from dash_desktop.assessment import AssessmentDocument, bind, score
from dash_desktop.questionnaires import Registry
from dash_desktop.reports.export import Report, build_report
from dash_desktop.reports.header import ReportHeader, Subject, redact_subject
from dash_desktop.reports.render import TRAINING_MARK, render_report
from dash_desktop.reports.verify import extract_document


def _render(doc: AssessmentDocument, header: ReportHeader, tmp_path: Path, *, for_signing: bool = False) -> Path:
    registry = Registry.default()
    questionnaire, answers = bind(doc, registry)
    pdf = render_report(doc, score(doc, registry=registry), questionnaire, answers, header, for_signing=for_signing)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_page_one_tells_the_story(signed_file: Path) -> None:
    page1 = _flat(pdftotext(signed_file, 1))
    for expected in (ORGANISATION, "HANTS-2026-0413", SUBJECT, "20 November 2026", f"{PRACTITIONER}, IDVA",
                     "HIGH RISK", "14 of 24 risk indicators", "MARAC: REFER", "Visible high risk: 14 yes answers",
                     "Potential escalation — not met", "Professional judgement", "None recorded",
                     "Threats to kill were reported", "Suggested support (IDASH): IDVA support",
                     "Aurora New Dawn", "aid to professional judgement", "Digitally signed by"):
        assert expected in page1, f"page 1 lacks {expected!r}"


def test_non_ascii_names_render(signed_file: Path) -> None:
    """Poppler reads back the accented, Greek and Cyrillic names: the glyphs are embedded and mapped."""
    text = pdftotext(signed_file)
    assert SUBJECT in text
    assert PRACTITIONER in text
    assert text.count(PRACTITIONER) >= 2  # header and the signature box


def test_fonts_are_embedded(signed_file: Path) -> None:
    """Every font text is drawn in is DejaVu, embedded as a subset with a Unicode map. ReportLab
    always declares Helvetica as /F1 in the shared font resources; no text uses it."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    result = run_tool("pdffonts", str(signed_file))
    rows = [r for r in result.stdout.splitlines()[2:] if not r.startswith("Helvetica ")]
    assert len(rows) >= 3, result.stdout
    for row in rows:
        assert "DejaVu" in row, row
        assert re.search(r"\byes\s+yes\s+yes\b", row), f"not embedded as a subset with a Unicode map: {row}"
    with signed_file.open("rb") as fh:
        reader = PdfFileReader(fh)
        for number in range(reader.root["/Pages"]["/Count"]):
            page = reader.find_page_for_modification(number)[0].get_object()
            contents = page["/Contents"]
            streams = contents if isinstance(contents, list) else [contents]
            for stream in streams:
                assert b"/F1 " not in stream.get_object().data


def test_every_question_with_its_answer(signed_file: Path, registry: Registry) -> None:
    text = _flat(pdftotext(signed_file))
    questionnaire = registry.get("dash-ric")
    for section in questionnaire.sections:
        assert section.title in text
    for item in questionnaire.items:
        assert f"· {item.id}" in text, f"{item.id} is not listed"
    assert "A kitchen knife held to her throat." in text
    assert "(source: police report)" in text


def test_unknown_and_unanswered_are_marked(example_doc: AssessmentDocument, header: ReportHeader,
                                           tmp_path: Path) -> None:
    answers = {**example_doc.answers, "q16": "dont_know"}
    del answers["q15"]
    doc = dataclasses.replace(example_doc, answers=answers)
    text = _flat(pdftotext(_render(doc, header, tmp_path)))
    assert "INCOMPLETE: 1 required question(s) not answered" in text
    assert "NOT ANSWERED (required)" in text
    assert "DON'T KNOW — not counted; follow up" in text
    assert "Don't know (not counted, follow up): 1" in text


def test_footer_on_every_page(signed_file: Path, registry: Registry) -> None:
    q = registry.get("dash-ric")
    info = run_tool("pdfinfo", str(signed_file)).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages >= 3
    for page in range(1, pages + 1):
        text = pdftotext(signed_file, page)
        assert f"Page {page} of {pages}" in text
        assert f"Questionnaire {q.id} version {q.version}" in text
        assert q.content_hash in _flat(text).replace(" ", "")


def test_unsigned_preview_says_so(example_doc: AssessmentDocument, header: ReportHeader, tmp_path: Path) -> None:
    assert "NOT SIGNED" in pdftotext(_render(example_doc, header, tmp_path), 1)
    assert "NOT SIGNED" not in pdftotext(_render(example_doc, header, tmp_path, for_signing=True), 1)


@pytest.mark.parametrize("training_from", ["document", "profile"])
def test_training_watermark_on_every_page(example_doc: AssessmentDocument, header: ReportHeader, tmp_path: Path,
                                          training_from: str) -> None:
    if training_from == "document":
        doc = dataclasses.replace(example_doc, meta={**example_doc.meta, "training": True})
    else:
        doc, header = example_doc, dataclasses.replace(header, training=True)
    path = _render(doc, header, tmp_path)
    pages = pdftotext(path).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    for text in pages:
        assert TRAINING_MARK in text


def test_real_case_has_no_watermark(signed_file: Path) -> None:
    assert "TRAINING" not in pdftotext(signed_file)


@pytest.mark.parametrize(("mode", "shown"), [(Subject.FULL, SUBJECT), (Subject.INITIALS, "Z. Ł. Ø."),
                                              (Subject.NONE, None)])
def test_subject_redaction_applies_to_page_and_attachment(
    example_doc: AssessmentDocument, header: ReportHeader, mode: Subject, shown: str | None, tmp_path: Path
) -> None:
    assert redact_subject(SUBJECT, mode) == shown
    report: Report = build_report(example_doc, dataclasses.replace(header, subject_mode=mode), identity=None)
    attached = extract_document(report.pdf)
    assert attached.meta.get("subject") == shown
    path = tmp_path / "r.pdf"
    path.write_bytes(report.pdf)
    page1 = _flat(pdftotext(path, 1))
    assert (SUBJECT in page1) is (mode is Subject.FULL)
    assert (shown or "withheld (see the case record)") in page1


def test_markup_in_free_text_is_shown_not_obeyed(example_doc: AssessmentDocument, header: ReportHeader,
                                                 tmp_path: Path) -> None:
    answers = {**example_doc.answers, "q13_detail": "<b>bold</b> & <font size=40>big</font>"}
    doc = dataclasses.replace(example_doc, answers=answers, meta={"subject": "O'Brien <Smith> & Co"})
    text = _flat(pdftotext(_render(doc, header, tmp_path)))
    assert "<b>bold</b> & <font size=40>big</font>" in text
    assert "O'Brien <Smith> & Co" in text


@pytest.mark.parametrize("questionnaire_id", ["dash-ric", "dash-stalking", "dash-hbv"])
def test_every_shipped_questionnaire_renders_even_unanswered(questionnaire_id: str, header: ReportHeader,
                                                             tmp_path: Path) -> None:
    from dash_desktop.assessment import parse_document

    doc = parse_document({"format": "dash-desktop.assessment/1", "questionnaire": {"id": questionnaire_id},
                          "assessed_on": "2026-11-20", "answers": {}})
    text = _flat(pdftotext(_render(doc, header, tmp_path)))
    assert "Page 1 of" in text
    assert "NOT ANSWERED (required)" in text or "not answered" in text


def test_an_amendment_names_the_assessment_it_replaces(example_doc: AssessmentDocument, header: ReportHeader,
                                                       tmp_path: Path) -> None:
    doc = dataclasses.replace(example_doc, meta={**example_doc.meta, "amends": "HX-7/3"})
    assert "Amends assessment HX-7/3 (this one replaces it)" in _flat(pdftotext(_render(doc, header, tmp_path), 1))


def test_perpetrator_report_shows_the_dapp_pathway(header: ReportHeader, tmp_path: Path) -> None:
    from report_helpers import EXAMPLE

    from dash_desktop.assessment import read_document

    doc = read_document(EXAMPLE.with_name("perpetrator-high-risk-complex-needs.json"))
    page1 = _flat(pdftotext(_render(doc, header, tmp_path), 1))
    for expected in ("HIGH RISK", "8 points", "Priority perpetrator (this tool's approximation): no",
                     "Suggested pathway (DAPP)",
                     "Assertive outreach (DAPP individual module)", "Victim safety service (DAPP)",
                     "Complex needs (for assertive outreach): Alcohol; Mental health; Housing"):
        assert expected in page1, f"page 1 lacks {expected!r}"


def test_stamp_font_is_what_pyhanko_needs() -> None:
    """1000 units per em (pyHanko writes widths unscaled), no layout tables, and the letters of names
    in Latin, Greek and Cyrillic scripts (see resources/fonts/README.md)."""
    from fontTools.ttLib import TTFont

    from dash_desktop.paths import resource

    font = TTFont(resource("fonts", "DejaVuSans-Stamp.ttf"))
    assert font["head"].unitsPerEm == 1000
    assert not {"GSUB", "GPOS", "GDEF"} & set(font.keys())
    cmap = font.getBestCmap()
    for name in (PRACTITIONER, SUBJECT, "Siobhán Ní Bhriain", "Nguyễn Thị Ánh", "Ђорђе Шћепановић", "Øystein Åsgård"):
        missing = [ch for ch in name if ch != " " and ord(ch) not in cmap]
        assert not missing, f"{name}: {missing}"


def test_the_report_formats_the_typed_conclusions(header: ReportHeader, tmp_path: Path) -> None:
    """Page 1 from a result whose list of reasons is empty: each criterion's why, the level's why,
    the follow-on screen's title and the priority perpetrator's why still appear."""
    from result_helpers import perpetrator_result, typed_only, victim_result

    registry = Registry.default()
    for result in (victim_result(registry), perpetrator_result(registry)):
        doc = AssessmentDocument(result.questionnaire["id"], result.assessed_on, {}, meta={})
        questionnaire = registry.get(result.questionnaire["id"])
        path = tmp_path / f"{questionnaire.id}.pdf"
        path.write_bytes(render_report(doc, typed_only(result), questionnaire, {}, header))
        page1 = _flat(pdftotext(path, 1))
        assert result.level_why is not None and _flat(result.level_why.text) in page1
        if result.marac is not None:
            assert "Visible high risk: 14 yes answers, at or over the threshold of 14." in page1
            assert "Repeat referral — not met: The last MARAC referral" in page1
            assert registry.get("dash-stalking").title in page1
        if result.dapp is not None:
            assert result.dapp.priority_why is not None and _flat(result.dapp.priority_why.text) in page1


@pytest.mark.parametrize(("answers", "headline", "count"), [
    ({"h1": "yes", "h2": "yes", "h5": "yes"}, "SPECIALIST ADVICE NEEDED", "3 of the 10 questions asked answered yes"),
    ({}, "NO YES ANSWERS", "0 of the 10 questions asked answered yes"),
])
def test_a_screen_report_leads_with_what_the_screen_found(header: ReportHeader, tmp_path: Path,
                                                          answers: dict[str, str], headline: str, count: str) -> None:
    from dash_desktop.assessment import parse_document
    from dash_desktop.assessment.explain import explain

    doc = parse_document({"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-hbv"},
                          "assessed_on": "2026-11-20", "area": "eastleigh",
                          "answers": {**{f"h{i}": "no" for i in range(1, 11)}, "under_18": "no", **answers}})
    page1 = _flat(pdftotext(_render(doc, header, tmp_path), 1))
    assert headline in page1
    assert "NO CUT-OFF" not in page1
    assert "Professional judgement" not in page1 and "None recorded" not in page1
    assert count in page1
    assert count in _flat(explain(score(doc)))  # the same count on screen and on paper
    if answers:
        assert "Specialist advice" in page1
        assert "Hampshire Constabulary, honour-based abuse, forced marriage and FGM teams" in page1


def test_a_checklist_report_still_says_no_judgement_was_recorded(example_doc: AssessmentDocument,
                                                                 header: ReportHeader, tmp_path: Path) -> None:
    page1 = _flat(pdftotext(_render(example_doc, header, tmp_path), 1))
    assert "Professional judgement None recorded." in page1
    assert "14 of 24 risk indicators answered yes" in page1
    assert "The case's area is not recorded, so every provider in the directory is listed" in page1


def test_one_point_reads_in_the_singular(header: ReportHeader, tmp_path: Path) -> None:
    from perpetrator_helpers import perp_answers, perp_doc

    page1 = _flat(pdftotext(_render(perp_doc(perp_answers(stalking="yes")), header, tmp_path), 1))
    assert "1 point; 1 of 8 risk factors answered yes" in page1
    assert "1 points" not in page1


def test_an_old_assessment_renders_with_the_version_it_answered(header: ReportHeader, tmp_path: Path) -> None:
    """A stored dash-ric 1.0.0 assessment (no question on further abuse) keeps its repeat referral."""
    from dash_helpers import days_before, ric_answers, ric_doc

    doc = ric_doc(ric_answers(3, previous_marac_on=days_before("2026-11-20", 100)),
                  questionnaire={"id": "dash-ric", "version": "1.0.0"})
    text = _flat(pdftotext(_render(doc, header, tmp_path)))
    assert "Questionnaire dash-ric version 1.0.0" in text
    assert "MARAC: REFER" in text and "any further abuse is a repeat referral" in text
    assert "INCOMPLETE" not in text
