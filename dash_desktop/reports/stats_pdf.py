"""The statistics of a period as a PDF for commissioners and the MARAC: the counts as tables and two
charts (risk levels by month, referrals by month), drawn with ReportLab.

Everything on the page comes from :meth:`dash_desktop.stats.Statistics.to_dict`, the same numbers the
JSON and CSV give, with every count from 1 to 4 already "fewer than 5": a chart draws such a count as
no bar, labelled "<5", so no picture shows what a table hides. The statistics hold no name,
reference, date of birth or date but the period's and the months', so neither does the PDF.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Spacer, Table, TableStyle

from dash_desktop.assessment.rules import CRITERION_NAMES
from dash_desktop.questionnaires.model import date_text
from dash_desktop.referrals.prefill import REFERRAL_WORDS
from dash_desktop.referrals.redaction import words
from dash_desktop.reports.render import (
    FONT,
    FOOTER_HEIGHT,
    LEVEL_COLOURS,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    _canvas_class,
    _p,
    _styles,
    register_fonts,
)
from dash_desktop.stats import FEWER_THAN_5, LEVELS, Statistics

WIDTH = PAGE_WIDTH - 2 * MARGIN
SUPPRESSED_LABEL = "<5"
VICTIM_WORDS = {"total": "Victims in cases referred to MARAC", "minoritised": "Black, Asian and racially minoritised",
                "lgbt_plus": "LGBT+", "disabled": "Disabled", "male": "Male", "aged_16_17": "Aged 16–17"}
REFERRALS_COLOUR, MARAC_COLOUR = colors.HexColor("#3B5B8C"), colors.HexColor("#A4161A")


def _text(value: Any) -> str:
    return "none" if value is None else str(value)


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float]) -> Any:
    s = _styles()
    data = [[_p(h, s.label) for h in header]] + [[_p(_text(v), s.cell) for v in row] for row in rows]
    if not rows:
        data.append([_p("none in the period", s.cell)] + [_p("", s.cell) for _ in header[1:]])
    table = Table(data, colWidths=[w * WIDTH for w in widths], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                               ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE), ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5), ("LEFTPADDING", (0, 0), (-1, -1), 2)]))
    return KeepTogether([_p(title, s.h2), table])


def _pairs(mapping: Mapping[str, Any], names: Mapping[str, str] | None = None) -> list[tuple[str, Any]]:
    return [(words((names or {}).get(key) or key), value) for key, value in mapping.items()]


def _plotted(value: Any) -> tuple[int, str]:
    """A shown count as a bar's height and label: "fewer than 5" is no bar, labelled "<5"."""
    if value == FEWER_THAN_5 or not isinstance(value, int):
        return 0, SUPPRESSED_LABEL
    return value, ""


def _chart(title: str, months: Sequence[str], series: Sequence[tuple[str, Sequence[Any], Any]]) -> Drawing:
    """A grouped bar chart by month: one bar per series (name, shown values, colour)."""
    height = 62 * mm
    drawing = Drawing(WIDTH, height)
    drawing.add(String(0, height - 10, title, fontName=FONT, fontSize=9.5))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 30, WIDTH - 150, height - 52
    plotted = [[_plotted(v) for v in values] for _name, values, _colour in series]
    chart.data = [[h for h, _ in row] or [0] for row in plotted]
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[label for _, label in row] or [""] for row in plotted]
    chart.barLabels.fontName, chart.barLabels.fontSize, chart.barLabels.nudge = FONT, 6.5, 6
    chart.categoryAxis.categoryNames = [_month_words(m) for m in months] or ["(no month)"]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(months) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(months) > 6 else "n"
    chart.valueAxis.valueMin = 0
    top = max((h for row in chart.data for h in row), default=0)
    chart.valueAxis.valueMax = max(5, int(top * 1.15) + 1)
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 7
    chart.valueAxis.labelTextFormat = "%d"
    for i, (_name, _values, colour) in enumerate(series):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = WIDTH - 112, height - 26
    legend.fontName, legend.fontSize, legend.alignment = FONT, 7.5, "right"
    legend.colorNamePairs = [(colour, name) for name, _values, colour in series]
    drawing.add(legend)
    return drawing


def _month_words(month: str) -> str:
    try:
        return dt.date.fromisoformat(f"{month}-01").strftime("%b %Y")
    except ValueError:
        return month


def _charts(data: Mapping[str, Any]) -> list[Any]:
    months = data["months"]
    names = [m["month"] for m in months]
    risk = [(words(level), [m["assessments_by_risk"].get(level, 0) for m in months], LEVEL_COLOURS[level])
            for level in LEVELS]
    referrals = [("MARAC referrals", [m["marac_referrals"] for m in months], MARAC_COLOUR),
                 ("Other referrals", [m["other_referrals"] for m in months], REFERRALS_COLOUR)]
    note = _p(f"A bar labelled {SUPPRESSED_LABEL} stands for fewer than 5 and is not drawn.", _styles().small)
    return [_chart("Assessments (DASH) by risk level, by month", names, risk), Spacer(1, 4),
            _chart("Referrals by month", names, referrals), note]


def _tables(data: Mapping[str, Any]) -> list[Any]:
    two = (0.7, 0.3)
    rate = data["repeat_rate_percent"]  # hidden by the statistics' own rule where it would give a count away
    marac = [("MARAC referrals", data["marac_referrals"]), ("Repeat referrals", data["repeat_referrals"]),
             ("Repeat rate", "none" if rate is None else f"{rate}%" if isinstance(rate, int)
              else "hidden (fewer than 5 referrals or repeats)")]
    people = [("Children in the households referred", data["children_in_referred_households"]),
              ("Perpetrators aged under 18", data["perpetrators_under_18"])]
    intake = data["intake_to_close"]
    found = {level for row in intake.values() for level in row}
    closes = [level for level in LEVELS if level in found] + sorted(found - set(LEVELS))
    matrix = [(words(level), *(row.get(c, 0) for c in closes)) for level, row in intake.items()]
    story = [
        _table("Assessments by risk level", ("Risk level", "Assessments"), _pairs(data["assessments_by_risk"]), two),
        _table("MARAC referrals", ("Measure", "Count"), marac, two),
        _table("MARAC referrals by criterion met", ("Criterion", "Referrals"),
               _pairs(data["marac_by_criterion"], CRITERION_NAMES), two),
        _table("Referrals by kind", ("Referred to", "Referrals"), _pairs(data["referrals_by_kind"], REFERRAL_WORDS),
               two),
        _table("Victims (the SafeLives MARAC dataset's categories)", ("Category", "Victims"),
               _pairs(data["victims"], VICTIM_WORDS), two),
        _table("Children and young perpetrators", ("Measure", "Count"), people, two),
        _table("Cases by district", ("District", "Cases"), _pairs(data["cases_by_district"]), two),
    ]
    if closes:
        width = 0.7 / len(closes)
        story.append(_table("Risk at intake against risk at close (cases closed in the period)",
                            ("At intake \\ at close", *(words(c) for c in closes)), matrix,
                            (0.3, *(width for _ in closes))))
    else:
        story.append(_table("Risk at intake against risk at close", ("Cases closed in the period", ""), [], two))
    return story


def render(statistics: Statistics) -> bytes:
    """The statistics of a period as PDF bytes: the counts as tables and the two monthly charts,
    small counts shown as "fewer than 5" as in every other output."""
    register_fonts()
    s = _styles()
    data = statistics.to_dict()
    period = f"{date_text(statistics.from_)} to {date_text(statistics.to)}"
    buffer = io.BytesIO()
    template = BaseDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                               bottomMargin=MARGIN, title=f"Statistics, {period}", author="", subject="",
                               creator="DASH Desktop", initialFontName=FONT, producer="DASH Desktop (ReportLab)")
    top = PAGE_HEIGHT - MARGIN
    template.addPageTemplates([PageTemplate("page", [Frame(MARGIN, FOOTER_HEIGHT + 4 * mm, WIDTH,
                                                           top - FOOTER_HEIGHT - 4 * mm, leftPadding=0,
                                                           rightPadding=0)])])
    story: list[Any] = [
        _p("Statistics for commissioners and the MARAC", s.label), _p(period, s.title),
        _p(f"Anonymised counts: no name, reference or date of birth. Every count from 1 to 4 is shown as "
           f"“{FEWER_THAN_5}”.", s.small), Spacer(1, 6), *_charts(data), *_tables(data),
    ]
    template.build(story, canvasmaker=_canvas_class(f"DASH Desktop statistics · {period}",
                                                    f"{data['format']} · counts under 5 shown as “{FEWER_THAN_5}”"))
    return buffer.getvalue()
