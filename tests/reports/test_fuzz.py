"""A bounded fuzz loop over what reaches a report (issue 10): any document the door accepts is
scored and its report made (and, signed, verified as agreeing with its pages); anything else is an
AnswerError naming a field. Text of any length and script, lone surrogates, huge numbers, sources
and nested ``meta`` included."""

from __future__ import annotations

from typing import Any

from dash_helpers import ric_answers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dash_desktop.assessment import parse_document, score
from dash_desktop.questionnaires import AnswerError, Registry
from dash_desktop.reports.export import build_report
from dash_desktop.reports.header import ReportHeader, Subject
from dash_desktop.reports.identity import Identity
from dash_desktop.reports.verify import verify_report

TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=400, max_size=4000),
    st.text(alphabet=st.sampled_from("Zoë Łukasz Ødegård Αλεξάνδρα Петрова \n\t\u200b\ud800"), max_size=3000),
    st.builds(lambda n: "x" * n, st.integers(0, 9000)),
)
NUMBER = st.one_of(st.integers(-3, 60), st.integers(10**14, 10**40), st.floats(allow_nan=True))
TEXT_ITEMS = ["q1_detail", "professional_judgement_reason", "q18_who", "q21_which"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(texts=st.dictionaries(st.sampled_from(TEXT_ITEMS), TEXT, max_size=3), number=NUMBER,
       source=TEXT, meta=st.dictionaries(st.sampled_from(["case_reference", "subject", "extra", "amends"]), TEXT,
                                         max_size=3),
       mode=st.sampled_from(list(Subject)))
def test_any_accepted_document_renders(
    registry: Registry, texts: dict[str, str], number: Any, source: str, meta: dict[str, str], mode: Subject
) -> None:
    answers = ric_answers(14, incidents_12m=number, professional_judgement="high", **texts)
    answers.setdefault("professional_judgement_reason", "Recent strangulation.")
    data = {"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"}, "assessed_on": "2026-11-20",
            "answers": answers, "sources": {"q1": source}, "meta": meta}
    refused: AnswerError | None = None
    try:
        doc = parse_document(data)
        score(doc, registry=registry)
    except AnswerError as exc:
        refused = exc
    if refused is not None:
        assert refused.field and refused.message and len(str(refused)) < 2000
        return
    report = build_report(doc, ReportHeader("P", "O", subject_mode=mode), identity=None, registry=registry)
    assert report.pdf.startswith(b"%PDF")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT.filter(lambda t: "\ud800" not in t))
def test_a_signed_report_of_any_answer_verifies_and_its_pages_agree(
    registry: Registry, identity: Identity, text: str
) -> None:
    answers = ric_answers(14, q1_detail=text or None)
    doc = parse_document({"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"},
                          "assessed_on": "2026-11-20", "answers": answers})
    report = build_report(doc, ReportHeader("P", "O"), identity=identity, registry=registry)
    v = verify_report(report.pdf, [identity.certificate])
    assert v.ok, v.pages_problem
