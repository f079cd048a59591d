"""Malformed assessment documents never crash: every fault is an AnswerError naming a field."""

from __future__ import annotations

from typing import Any

from dash_helpers import ric_answers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dash_desktop.assessment import parse_document, score
from dash_desktop.questionnaires import AnswerError, Registry

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 40) | st.floats(allow_nan=True) | st.text(max_size=12)
    | st.sampled_from(["yes", "no", "dont_know", "high", "2026-01-01", "2026-13-01"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=10,
)
ITEM_IDS = st.sampled_from([*(f"q{i}" for i in range(0, 27)), "incidents_12m", "previous_marac_on",
                            "professional_judgement", "professional_judgement_reason", "q18_who",
                            "children_count", "honour_concern"])


def _score(data: Any, registry: Registry) -> None:
    try:
        score(parse_document(data), registry=registry)
    except AnswerError as exc:
        refused = exc
    else:
        return
    assert refused.field
    assert refused.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(item=ITEM_IDS, value=JSON)
def test_any_single_answer_is_scored_or_refused(registry: Registry, item: str, value: Any) -> None:
    answers = ric_answers(5)
    answers[item] = value
    _score({"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"},
            "assessed_on": "2026-11-20", "answers": answers}, registry)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.dictionaries(st.sampled_from(["format", "questionnaire", "assessed_on", "answers", "sources",
                                            "meta", "other"]), JSON, max_size=6))
def test_any_envelope_is_scored_or_refused(registry: Registry, doc: dict[str, Any]) -> None:
    _score(doc, registry)
