"""The live result panel's rich text formats the result's typed conclusions (these tests empty the list
of reasons, so nothing can be looked up by rule name)."""

from __future__ import annotations

from html import escape
from typing import Any

from result_helpers import JUDGEMENT_REASON, perpetrator_result, typed_only, victim_result

from dash_desktop.forms.result_panel import ResultPanel, result_html
from dash_desktop.questionnaires import Registry


def test_each_criterion_and_the_level_with_their_whys(registry: Registry) -> None:
    result = victim_result(registry)
    html = result_html(typed_only(result))
    assert "☑ met: visible high risk — 14 yes answers, at or over the threshold of 14." in html
    assert escape(f"The practitioner judges the risk high: {JUDGEMENT_REASON}") in html
    assert "☐ not met: repeat referral — The last MARAC referral" in html
    assert result.level_why is not None and escape(result.level_why.text) in html
    assert result.score_why is not None and escape(result.score_why.text) in html  # the band the count falls in
    assert "Agrees with the score. Reason:" in html


def test_providers_and_follow_on_screens_by_name(registry: Registry) -> None:
    result = victim_result(registry)
    html = result_html(typed_only(result))
    assert result.idash is not None
    for service in result.idash.services:
        assert escape(service.provider_names) in html
    assert escape(registry.get("dash-stalking").title) in html
    assert "dash-stalking" not in html


def test_the_priority_perpetrator_with_its_why(registry: Registry) -> None:
    result = perpetrator_result(registry)
    assert result.dapp is not None and result.dapp.priority_why is not None
    html = result_html(typed_only(result))
    assert "<h3>Priority perpetrator</h3>" in html
    assert escape(result.dapp.priority_why.text) in html
    assert f"{result.dapp.points} points" in html  # the same headline as the PDF's, not a count of yes answers


def test_the_panel_describes_itself_in_plain_text(qtbot: Any, registry: Registry) -> None:
    """A screen reader reads the result, not its markup."""
    panel = ResultPanel()
    qtbot.addWidget(panel)
    panel.show_result(victim_result(registry))
    description = panel.label.accessibleDescription()
    assert "<" not in description and "&amp;" not in description and "&#" not in description
    assert "Risk level" in description
    assert "visible high risk — 14 yes answers, at or over the threshold of 14." in description
    assert JUDGEMENT_REASON in description
    panel.show_result("Reason for the judgement: a professional judgement needs its reason written down")
    pending = panel.label.accessibleDescription()
    assert pending.startswith("Pending — Reason for the judgement") and "<" not in pending
