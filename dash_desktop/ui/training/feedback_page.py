"""The feedback after a scenario: the score, the outcome the trainee's answers give against the model
outcome (level, MARAC criteria, tier or pathway, prompts missed), then item by item where their
answers differ from the model, each with its teaching note."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from dash_desktop.training import Feedback, Scenario

#: The outcome's keys as the feedback names them.
OUTCOME_NAMES = {
    "risk_level": "Risk level",
    "yes_count": "Yes answers counted",
    "marac.refer": "MARAC referral",
    "marac.criteria": "MARAC criteria met",
    "idash.tier": "Support tier (IDASH)",
    "pathway": "Pathway (DAPP)",
    "priority": "Priority perpetrator",
    "prompts": "Prompts for judgement",
    "offered": "Screens offered",
}
_SPECIAL_WORDS = {"idva": "IDVA", "radar": "RADAR", "dash-stalking": "S-DASH", "dash-hbv": "H-DASH"}


def value_words(key: str, value: Any) -> str:
    """An outcome value as a trainee reads it."""
    if value is None:
        return "no level (a screen)" if key == "risk_level" else "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return ", ".join(value_words(key, v) for v in value) if value else "none"
    text = str(value)
    return _SPECIAL_WORDS.get(text, text.replace("_", " "))


def feedback_html(scenario: Scenario, feedback: Feedback) -> str:
    q = scenario.questionnaire
    score = feedback.score
    outcome = feedback.outcome
    parts = [f"<h1>Feedback: {escape(scenario.title)}</h1>",
             f"<h2>Score: {score.agreeing} of {score.items} items as the model answers ({score.percent}%)</h2>",
             f"<p style='color:#444'><i>{escape(score.to_dict()['method'])} The outcome is shown beside the "
             "score, not in it.</i></p>"]
    verdict = f"Your answers lead to {'the model' if outcome.agrees else 'a different'} outcome."
    parts.append(f"<h2>Outcome</h2><p><b>{verdict}</b></p><table cellpadding='4' border='1' cellspacing='0'>"
                 "<tr><th align='left'>&nbsp;</th><th align='left'>Your answers give</th>"
                 "<th align='left'>The model outcome</th><th>&nbsp;</th></tr>")
    for key in outcome.model.stated():
        same = key not in outcome.differs
        mark = "✓ same" if same else "✗ differs"
        colour = "#1b5e20" if same else "#a4161a"
        parts.append(f"<tr><td>{escape(OUTCOME_NAMES.get(key, key))}</td>"
                     f"<td>{escape(value_words(key, outcome.given.get(key)))}</td>"
                     f"<td>{escape(value_words(key, outcome.model.get(key)))}</td>"
                     f"<td style='color:{colour}'><b>{mark}</b></td></tr>")
    parts.append("</table>")
    if outcome.prompts_missed:
        parts.append("<p><b>Prompts your answers did not raise:</b> "
                     f"{escape(value_words('prompts', outcome.prompts_missed))}</p>")
    count = len(feedback.differences)
    parts.append(f"<h2>Where your answers differ ({count})</h2>" if count else
                 "<h2>Every answer agrees with the model</h2>")
    for d in feedback.differences:
        item = q.item(d.item)
        parts.append(f"<h3>{escape(item.name)}</h3><p style='color:#444'>{escape(item.prompt)}</p>"
                     f"<p>You answered: <b>{escape(item.answer_text(d.given))}</b><br>"
                     f"The model answer: <b>{escape(item.answer_text(d.model))}</b></p>")
        if d.note:
            parts.append(f"<p style='background:#fff4e0; padding:6px'><b>Why:</b> {escape(d.note)}</p>")
    if scenario.teaching_points:
        parts.append("<h2>What this scenario teaches</h2><ul>")
        parts += [f"<li>{escape(p)}</li>" for p in scenario.teaching_points]
        parts.append("</ul>")
    return "".join(parts)


class FeedbackPage(QWidget):
    """Shows one attempt's feedback; the trainer can make a scenario of the answers."""

    another = Signal()  # back to the scenarios
    author = Signal()  # make a scenario from these answers
    save_answers = Signal()  # save the answers as a file (to hand to the trainer)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Feedback")
        self.browser.setOpenLinks(False)
        self.shown_items: tuple[str, ...] = ()
        back = QPushButton("← Another &scenario")
        back.clicked.connect(self.another.emit)
        save = QPushButton("Save my &answers…")
        save.setAccessibleDescription("As an interchange file, for a trainer to add to a class session")
        save.clicked.connect(self.save_answers.emit)
        author = QPushButton("Make a scenario &from these answers…")
        author.setAccessibleDescription("For trainers: these answers become the model answers of a new scenario")
        author.clicked.connect(self.author.emit)
        bar = QHBoxLayout()
        bar.addWidget(back)
        bar.addStretch(1)
        bar.addWidget(save)
        bar.addWidget(author)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)

    def show_feedback(self, scenario: Scenario, feedback: Feedback) -> None:
        self.shown_items = tuple(d.item for d in feedback.differences)
        self.browser.setHtml(feedback_html(scenario, feedback))
        self.browser.setFocus()
