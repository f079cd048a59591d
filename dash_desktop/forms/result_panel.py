"""The live result beside the form: the count, the level, each MARAC criterion and prompt with its
reason. Level and criteria are always written out in words; colour only repeats them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from dash_desktop.assessment import Result
from dash_desktop.assessment.rules import CRITERIA, CRITERION_NAMES

LEVEL_COLOURS = {"standard": "#2e7d32", "medium": "#b26a00", "high": "#c62828"}


def result_html(result: Result) -> str:
    """The result as rich text: used by the panel and by the review page."""
    parts: list[str] = []
    if result.risk_level is None:
        parts.append(
            f"<h2>{result.yes_count} of {result.scored_items} yes</h2><p>No cut-off: more yes answers "
            "mean more concern.</p>"
        )
    elif not result.complete:
        # Never a reassuring green on a checklist still being answered: the level can only rise.
        parts.append(f"<h2>Risk level so far: {result.risk_level.upper()}</h2>"
                     "<p><i>Still being answered: the level can rise with the remaining questions.</i></p>")
    else:
        colour = LEVEL_COLOURS[result.risk_level]
        parts.append(f"<h2>Risk level: <span style='color:{colour}'>{result.risk_level.upper()}</span></h2>")
        parts.append(
            f"<p>{result.yes_count} of {result.scored_items} answered yes (score level {result.score_level}).</p>"
        )
    if not result.complete:
        parts.append(f"<p><b>Incomplete:</b> {len(result.unanswered)} required question(s) still to answer.</p>")
    if result.unknown:
        parts.append(f"<p>Don't know: {len(result.unknown)} (not counted; follow up).</p>")
    if result.marac is not None:
        head = "MARAC: refer" if result.marac.refer else "MARAC: no criterion met"
        parts.append(f"<h3>{head}</h3><ul>")
        for criterion in CRITERIA:
            why = next(
                (
                    r.text
                    for r in result.reasons
                    if r.rule == f"marac.{criterion}" and criterion in result.marac.criteria
                ),
                "",
            )
            mark = "☑ met" if why else "☐ not met"
            parts.append(f"<li>{mark}: {CRITERION_NAMES[criterion]}{' — ' + escape(why) if why else ''}</li>")
        parts.append("</ul>")
    if result.judgement is not None:
        j = result.judgement
        effect = j.effect_words
        parts.append(f"<h3>Professional judgement: {j.level}</h3><p>{effect}. Reason: {escape(j.reason)}</p>")
    if result.prompts:
        parts.append("<h3>Consider professional judgement</h3><ul>")
        parts += [f"<li>{escape(p.text)}</li>" for p in result.prompts]
        parts.append("</ul>")
    if result.idash is not None:
        parts.append("<h3>Suggested support</h3><ul>")
        for s in result.idash.services:
            providers = ", ".join(escape(name) for _, name in s.providers) or "no local provider listed"
            parts.append(f"<li><b>{escape(s.name)}</b>: {providers}</li>")
        parts.append("</ul>")
    if result.dapp is not None:
        d = result.dapp
        if d.priority:
            parts.append("<h3>Priority perpetrator</h3><p>A repeat perpetrator of physical or sexual abuse.</p>")
        parts.append("<h3>DAPP pathway</h3><ul>")
        parts += [f"<li><b>{escape(step.name)}</b>: {escape(step.reason)}</li>" for step in d.pathway]
        parts.append("</ul>")
        if d.needs:
            names = ", ".join(escape(result.label(n)) for n in d.needs)
            parts.append(f"<p><b>Needs:</b> {names}</p>")
    if result.offered:
        parts.append("<h3>Also complete</h3><ul>")
        parts += [f"<li>{escape(q)}: {escape(why)}</li>" for q, why in result.offered]
        parts.append("</ul>")
    parts.append(f"<p style='color:#555'><i>{escape(result.notice)}</i></p>")
    return "".join(parts)


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

    def show_result(self, result: Result | str) -> None:
        if isinstance(result, str):
            self.label.setText(f"<h3>Result paused</h3><p>{escape(result)}</p>")
        else:
            self.label.setText(result_html(result))
        self.label.setAccessibleDescription(self.label.text())
