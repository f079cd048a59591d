"""The live result beside the form: the count, the level, each MARAC criterion and prompt with its
reason. Level and criteria are always written out in words; colour only repeats them."""

from __future__ import annotations

import html as html_module
import re
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from dash_desktop.assessment import Result

LEVEL_COLOURS = {"standard": "#2e7d32", "medium": "#b26a00", "high": "#c62828"}


def result_html(result: Result) -> str:
    """The result as rich text: used by the panel and by the review page. It only formats the
    result's typed conclusions (every piece of text from the result is escaped)."""
    parts: list[str] = _level_html(result)
    if result.marac is not None:
        head = "MARAC: refer" if result.marac.refer else "MARAC: no criterion met"
        parts.append(f"<h3>{head}</h3><ul>")
        for c in result.marac.checks:
            mark = "☑ met" if c.met else "☐ not met"
            why = f" — {escape(c.why.text)}" if c.why else ""
            parts.append(f"<li>{mark}: {escape(c.name)}{why}</li>")
        parts.append("</ul>")
    if result.judgement is not None:
        j = result.judgement
        parts.append(f"<h3>Professional judgement: {escape(j.level)}</h3>"
                     f"<p>{escape(j.effect_words.capitalize())}. Reason: {escape(j.reason)}</p>")
    if result.prompts:
        parts.append("<h3>Consider professional judgement</h3><ul>")
        parts += [f"<li>{escape(p.text)}</li>" for p in result.prompts]
        parts.append("</ul>")
    if result.idash is not None:
        parts.append("<h3>Suggested support</h3><ul>")
        parts += [f"<li><b>{escape(s.name)}</b>: {escape(s.provider_names)}</li>" for s in result.idash.services]
        parts.append("</ul>")
    if result.dapp is not None:
        parts += _dapp_html(result)
    if result.offered:
        parts.append("<h3>Also complete</h3><ul>")
        parts += [f"<li><b>{escape(o.title)}</b>: {escape(o.reason)}</li>" for o in result.offered]
        parts.append("</ul>")
    parts.append(f"<p style='color:#555'><i>{escape(result.notice)}</i></p>")
    return "".join(parts)


def _level_html(result: Result) -> list[str]:
    """The level (never a reassuring green while still being answered), the count and the level's why."""
    parts: list[str] = []
    if result.risk_level is None:
        parts.append(
            f"<h2>{result.yes_count} of {result.scored_items} yes</h2><p>No cut-off: more yes answers "
            "mean more concern.</p>"
        )
    elif not result.complete:
        parts.append(f"<h2>Risk level so far: {result.risk_level.upper()}</h2>"
                     "<p><i>Still being answered: the level can rise with the remaining questions.</i></p>")
    else:
        colour = LEVEL_COLOURS[result.risk_level]
        parts.append(f"<h2>Risk level: <span style='color:{colour}'>{result.risk_level.upper()}</span></h2>")
    if result.risk_level is not None and result.score_why is not None:
        parts.append(f"<p>{escape(result.score_why.text)}</p>")
    if result.level_why is not None:
        parts.append(f"<p>{escape(result.level_why.text)}</p>")
    if not result.complete:
        parts.append(f"<p><b>Incomplete:</b> {len(result.unanswered)} required question(s) still to answer.</p>")
    if result.unknown:
        parts.append(f"<p>Don't know: {len(result.unknown)} (not counted; follow up).</p>")
    return parts


def _dapp_html(result: Result) -> list[str]:
    d = result.dapp
    if d is None:
        return []
    parts = []
    if d.priority_why is not None:
        head = "Priority perpetrator" if d.priority else "Not a priority perpetrator"
        parts.append(f"<h3>{head}</h3><p>{escape(d.priority_why.text)}</p>")
    parts.append("<h3>DAPP pathway</h3><ul>")
    parts += [f"<li><b>{escape(step.name)}</b>: {escape(step.reason)}</li>" for step in d.pathway]
    parts.append("</ul>")
    if d.needs:
        parts.append(f"<p><b>Needs:</b> {escape(', '.join(result.label(n) for n in d.needs))}</p>")
    return parts


class ResultPanel(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setObjectName("result-panel")
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.label.setAccessibleName("Live result")
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.setWidget(inner)
        self.setMinimumWidth(300)
        self.last: Result | None = None  # the last result shown, kept while a change is pending

    def show_result(self, result: Result | str) -> None:
        """Show a result; given instead what stops one (a judgement whose reason is still being typed),
        keep the last result in view, marked as not yet counting what is pending."""
        if isinstance(result, Result):
            self.last = result
            html = result_html(result)
        elif self.last is None:
            html = _pending_html(result, "There is no result to show until it is given.")
        else:
            html = _pending_html(result, "Shown below: the result before this change.") + result_html(self.last)
        self.label.setText(html)
        self.label.setAccessibleDescription(plain_text(html))


def plain_text(html: str) -> str:
    """The panel's rich text as a screen reader should read it: one line for each heading, paragraph
    and list entry, no markup, no entities. (Qt's own conversion costs half a millisecond a keypress;
    the markup here is only ever this module's.)"""
    text = re.sub(r"<li>", "• ", html)
    text = re.sub(r"</(h2|h3|p|li)>|<ul>|</ul>", "\n", text)
    text = html_module.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _pending_html(pending: str, then: str) -> str:
    return (f"<p style='background:#fff4e0; padding:4px'><b>Pending</b> — {escape(pending)}. "
            f"{escape(then)}</p>")
