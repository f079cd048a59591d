"""The text a practitioner reads from ``dash-desktop score``: it formats the result's typed
conclusions (these tests empty the list of reasons, so nothing can be looked up by rule name)."""

from __future__ import annotations

from result_helpers import JUDGEMENT_REASON, perpetrator_result, typed_only, victim_result

from dash_desktop.assessment.explain import explain
from dash_desktop.questionnaires import Registry


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_each_criterion_the_level_and_the_judgement_with_their_whys(registry: Registry) -> None:
    result = victim_result(registry)
    text = _flat(explain(typed_only(result)))
    assert "[x] Visible high risk: 14 yes answers, at or over the threshold of 14." in text
    assert f"[x] Professional judgement: The practitioner judges the risk high: {JUDGEMENT_REASON}" in text
    assert "[x] Potential escalation: 4 incidents in the past 12 months, at or over 3." in text
    assert "[ ] Repeat referral: The last MARAC referral" in text and "more than 12 months" in text
    assert result.level_why is not None and f"Why: {result.level_why.text}" in text
    assert "PROFESSIONAL JUDGEMENT: high (agrees with the score)" in text


def test_services_and_follow_on_screens_in_words(registry: Registry) -> None:
    result = victim_result(registry)
    text = _flat(explain(typed_only(result)))
    assert result.idash is not None
    for service in result.idash.services:
        assert f"Local services: {service.provider_names}" in text
    stalking = registry.get("dash-stalking").title
    assert f"- {stalking}: " in text
    assert "- dash-stalking:" not in text


def test_the_priority_perpetrator_with_its_why(registry: Registry) -> None:
    result = perpetrator_result(registry)
    assert result.dapp is not None and result.dapp.priority_why is not None
    text = _flat(explain(typed_only(result)))
    assert f"PRIORITY PERPETRATOR (this tool's approximation): YES {result.dapp.priority_why.text}" in text
    assert "not the Priority Perpetrator Identification Tool" in result.dapp.priority_why.text


def test_dates_and_the_level_read_as_sentences(registry: Registry) -> None:
    from dash_helpers import ric_answers, ric_doc

    from dash_desktop.assessment import score

    text = _flat(explain(victim_result(registry)))
    assert "The last MARAC referral (16 October 2025) was 400 days before this assessment" in text
    plain = _flat(explain(score(ric_doc(ric_answers(3)), registry=registry)))
    assert ("Why: Nothing raises the score's level: no MARAC criterion is met and no professional judgement is "
            "higher.") in plain
    perp = _flat(explain(perpetrator_result(registry)))
    assert "The most recent incident (4 May 2026) was 200 days before" in perp
