"""An answer in words: one function every screen and report uses to show an answer."""

from __future__ import annotations

from typing import Any

import pytest

from dash_desktop.questionnaires import Choice, Item, ItemType

CHOICES = (Choice("drugs", "Drugs (prescribed or other)"), Choice("alcohol", "Alcohol"),
           Choice("mental_health", "Mental health"))


@pytest.mark.parametrize(
    ("kind", "value", "words"),
    [
        (ItemType.YES_NO_DONT_KNOW, "yes", "Yes"),
        (ItemType.YES_NO_DONT_KNOW, "dont_know", "Don't know"),
        (ItemType.YES_NO, "no", "No"),
        (ItemType.SINGLE_CHOICE, "mental_health", "Mental health"),
        (ItemType.MULTIPLE_CHOICE, ["drugs", "alcohol"], "Drugs (prescribed or other), Alcohol"),
        (ItemType.DATE, "2026-03-09", "9 March 2026"),
        (ItemType.NUMBER, 3, "3"),
        (ItemType.NUMBER, 2.5, "2.5"),
        (ItemType.TEXT, "Bruised ribs; A&E <twice>", "Bruised ribs; A&E <twice>"),
        (ItemType.YES_NO_DONT_KNOW, None, "not answered"),
        (ItemType.MULTIPLE_CHOICE, [], "not answered"),
    ],
)
def test_an_answer_in_words(kind: ItemType, value: Any, words: str) -> None:
    choices = CHOICES if kind in (ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_CHOICE) else ()
    item = Item(id="x", type=kind, prompt="A question?", choices=choices)
    assert item.answer_text(value) == words
