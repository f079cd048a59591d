"""Driving the training window as a trainee and a trainer would (importable as
``training_window_helpers``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from training_helpers import ESCALATION

from dash_desktop.training import Scenario
from dash_desktop.ui.training.attempt_page import AttemptPage
from dash_desktop.ui.training.banner import TrainingBanner
from dash_desktop.ui.training.window import TrainingWindow

#: The model's answers to q1-q24 of the scenario, as keys, with q5 (Y in the model) answered N.
CHECKLIST_WITH_A_MISTAKE = "NNNYNNNNNNNYNNNNNNNYYNNY"
#: Optional questions the model answers that have no key of their own in the keyboard's path.
OPTIONAL = ("q21_which", "q24_which", "other_dependants", "risks_to_children", "referral_made")


def press(qtbot: Any, keys: str | list[Any], modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    for key in keys:
        target = QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard"
        qtbot.keyClick(target, key if isinstance(key, Qt.Key) else getattr(Qt.Key, f"Key_{key.upper()}"), modifier)


def start_class(window: TrainingWindow, qtbot: Any, trainee: str) -> None:
    """The trainer starts a session and adds the trainee, through the class page."""
    window.show_class()
    dialog = window.class_page.new_session()
    assert dialog.findChild(TrainingBanner) is not None  # a training dialog carries the banner too
    dialog.name.setText("Housing officers, spring")
    dialog.trainer.setText("Jo Trainer")
    dialog.organisation.setText("Hampshire DA Partnership")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    window.class_page.trainee_name.setFocus()
    qtbot.keyClicks(window.class_page.trainee_name, trainee)
    press(qtbot, [Qt.Key.Key_Return])
    assert window.class_page.results is not None
    assert [r.trainee.label for r in window.class_page.results.trainees] == [trainee]


def pick(window: TrainingWindow, qtbot: Any, trainee: str, words: str) -> AttemptPage:
    window.show_picker()
    picker = window.picker
    picker.who.setCurrentIndex(next(i for i in range(picker.who.count()) if picker.who.itemText(i).startswith(trainee)))
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, words)
    assert [s.id for s in picker.visible()] == [ESCALATION]
    picker.list.setFocus()
    press(qtbot, [Qt.Key.Key_Return])
    page = window.attempt_page
    assert page is not None and page.scenario.id == ESCALATION
    return page


def answer_with_two_mistakes(page: AttemptPage, qtbot: Any, model: Scenario) -> None:
    """The keyboard, as in real use: q1-q24 with q5 wrong, then 2 incidents (the model says 4), the
    honour and safety questions, no children; the optional choices the model makes, as clicks would."""
    press(qtbot, CHECKLIST_WITH_A_MISTAKE)
    press(qtbot, ["2", Qt.Key.Key_Return, "N", "N", "0", Qt.Key.Key_Return])
    for item_id in OPTIONAL:
        page.session.set_answer(item_id, model.model_answers[item_id])
    assert page.session.unanswered() == []
