"""The statistics page: a period's anonymised counts as tables and charts, small counts as "fewer
than 5", exports that say what the page says, and nothing identifying anywhere (pytest-qt)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from case_helpers import SHOTS
from fit_helpers import clipped
from marac_ui_helpers import TODAY, household_case, imported
from report_helpers import pdftotext

from dash_desktop.questionnaires.model import date_text
from dash_desktop.store import Store
from dash_desktop.ui.case_list import format_date
from dash_desktop.ui.statistics import StatisticsPage

CASES = 6


def referred_cases(store: Store) -> list[str]:
    """Six high-risk cases referred to MARAC in November 2026 (one from a closed case), and what in
    them identifies someone: every name, reference and date of birth, as each could be written."""
    secrets: list[str] = []
    for i in range(CASES):
        reference = f"HX-STAT-{i:03d}"
        case_id = household_case(store, reference=reference, area="fareham" if i % 2 else "gosport")
        dash = imported(store, case_id, "dash-ric-14-yes.json", assessed_on=dt.date(2026, 11, 2 + i))
        store.records.add_referral(case_id, "marac", status="sent", referred_on=dt.date(2026, 11, 3 + i),
                                   assessment_id=dash)
        for person in store.cases.get(case_id).people:
            name = f"{person.name} {i}"
            store.people.update(person.id, name=name)
            secrets.append(name)
            if person.date_of_birth is not None:
                born = person.date_of_birth
                secrets += [born.isoformat(), format_date(born), date_text(born), born.strftime("%d/%m/%Y")]
        secrets.append(reference)
    store.records.add_referral(reference, "childrens_services", status="sent", referred_on=dt.date(2026, 11, 12))
    return secrets


@pytest.fixture
def page(store: Store, qtbot: Any) -> StatisticsPage:
    widget = StatisticsPage(store, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def period(page: StatisticsPage, first: str, last: str) -> bool:
    page.from_on.edit.setText(first)
    page.to_on.edit.setText(last)
    return page.show_period()


def test_the_period_counts_shown_as_tables_and_charts(store: Store, page: StatisticsPage, qtbot: Any) -> None:
    referred_cases(store)
    assert period(page, "1/11/2026", "30/11/2026")
    assert set(page.groups) >= {"totals", "assessments_by_risk", "marac_by_criterion", "referrals_by_kind",
                                "victims", "cases_by_district"}
    text = page.shown_text()
    assert "MARAC referrals 6" in text
    assert "Visible high risk 6" in text
    assert "High 6" in text
    assert "Children's social care fewer than 5" in text  # one referral: never shown as a number
    assert "Fareham fewer than 5" in text and "Gosport fewer than 5" in text  # districts by name
    assert "Nov 2026: Standard 0, Medium 0, High 6" in page.risk_chart.accessibleDescription()
    assert "Nov 2026: MARAC 6" in page.referral_chart.accessibleDescription()
    qtbot.wait(100)
    page.window().grab().save(str(SHOTS / "statistics-1366x768.png"))
    assert clipped(page) == []


def test_nothing_identifying_is_shown_or_exported(store: Store, page: StatisticsPage, tmp_path: Path,
                                                  monkeypatch: Any) -> None:
    secrets = referred_cases(store)
    assert period(page, "1/11/2026", "30/11/2026")
    outputs = {"page": page.shown_text()}
    for fmt in ("csv", "json", "pdf"):
        target = tmp_path / f"statistics.{fmt}"
        monkeypatch.setattr(page, "ask_save_path", lambda _suggested, _fmt, t=target: str(t))
        assert page.export(fmt) == target
        outputs[fmt] = pdftotext(target) if fmt == "pdf" else target.read_text("utf-8")
    assert "fewer than 5" in outputs["pdf"]
    assert json.loads(outputs["json"])["marac_referrals"] == CASES
    assert outputs["csv"].startswith("measure,category,value")
    for where, text in outputs.items():
        for secret in secrets:
            assert secret.casefold() not in text.casefold(), f"{secret!r} in the {where}"


def test_a_period_that_is_not_one_is_refused_in_words(page: StatisticsPage) -> None:
    assert not period(page, "30/11/2026", "1/11/2026")
    assert page.message.text() == "⚠ Not shown: the period's first day is after its last"
    assert not period(page, "", "1/11/2026")
    assert page.message.text() == "⚠ Not shown: the period needs a first and a last day"
    assert not period(page, "31/02/2026", "1/11/2026")
    assert page.message.text().startswith("⚠ Not shown: the period: ")
    assert not any(b.isEnabled() for b in page.exports.values())  # nothing to export yet


def test_an_empty_period_shows_zeros_not_a_fault(page: StatisticsPage) -> None:
    assert period(page, "1/1/2020", "31/1/2020")
    assert "MARAC referrals 0" in page.shown_text()
