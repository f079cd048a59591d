"""The household picture's logic, without Qt: the toxic trio read from stored answers by the tags in
the definitions (never by item ids written in code), and a 1.0.0 assessment read with the tags of
the newest installed version."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dash_desktop.assessment.household import (
    NOT_KNOWN,
    NOT_PRESENT,
    PRESENT,
    Assessed,
    household_picture,
    tag_source,
    topic_finding,
)
from dash_desktop.questionnaires import Registry
from dash_desktop.questionnaires.loader import parse_definition

MENTAL, SUBSTANCE = "toxic_trio_mental_health", "toxic_trio_substance_misuse"


def assessed(qid: str, answers: dict[str, Any], *, version: str | None = "1.1.0", day: int = 1,
             result: dict[str, Any] | None = None, level: str | None = "medium") -> Assessed:
    return Assessed(qid, version, dt.date(2026, 11, day), day, answers, result or {}, level, None, "Jo Bloggs")


def trio(registry: Registry, *assessments: Assessed) -> dict[str, tuple[str, str, str]]:
    picture = household_picture(registry, list(assessments))
    return {line.topic: (line.state, f"{line.victim_dash.state}: {line.victim_dash.detail}",
                         f"{line.perpetrator.state}: {line.perpetrator.detail}") for line in picture.trio}


def test_the_victims_depression_is_mental_health_present(registry: Registry) -> None:
    rows = trio(registry, assessed("dash-ric", {"q5": "yes", "q21": "no"}))
    assert rows["Mental health"][:2] == (PRESENT, "Present: Depressed or suicidal thoughts (q5): yes")
    # not present by the DASH; not known overall while no perpetrator assessment says
    assert rows["Substance misuse"][:2] == (NOT_KNOWN,
                                            "Not present: Abuser's drugs, alcohol or mental health (q21): no")
    assert rows["Domestic abuse"][0] == PRESENT
    assert rows["Mental health"][2] == "Not known: no completed perpetrator assessment"


def test_the_follow_ups_choice_tags_say_which_part_a_yes_is(registry: Registry) -> None:
    rows = trio(registry, assessed("dash-ric", {"q5": "no", "q21": "yes", "q21_which": ["alcohol"]}))
    assert rows["Substance misuse"][1] == ("Present: Abuser's drugs, alcohol or mental health (q21): yes; "
                                           "Abuser's problems (q21_which): Drinking")
    # q21's yes names drinking only: for mental health it is not known, and q5's no is not the whole story
    assert rows["Mental health"][0] == NOT_KNOWN
    assert "other problems named" in rows["Mental health"][1]


def test_a_yes_without_which_and_dont_know_are_not_known(registry: Registry) -> None:
    rows = trio(registry, assessed("dash-ric", {"q5": "dont_know", "q21": "yes"}))
    assert rows["Substance misuse"][1] == ("Not known: Abuser's drugs, alcohol or mental health (q21): yes, but "
                                           "not which (q21_which not answered)")
    assert rows["Mental health"][0] == NOT_KNOWN


def test_the_perpetrators_needs_and_the_latest_of_each(registry: Registry) -> None:
    perp_answers = {"alcohol": "no", "drugs": "yes", "mental_health": "no"}
    rows = trio(registry,
                assessed("dash-ric", {"q5": "yes"}, day=1), assessed("dash-ric", {"q5": "no", "q21": "no"}, day=9),
                assessed("perpetrator-risk-needs", perp_answers, day=3, result={"priority": True}, level="high"))
    assert rows["Mental health"] == (NOT_PRESENT, "Not present: Depressed or suicidal thoughts (q5): no; Abuser's "
                                     "drugs, alcohol or mental health (q21): no",
                                     "Not present: Mental health (mental_health): no")  # the later DASH counts
    assert rows["Substance misuse"] == (PRESENT, "Not present: Abuser's drugs, alcohol or mental health (q21): no",
                                        "Present: Drugs (drugs): yes")
    picture = household_picture(registry, [assessed("perpetrator-risk-needs", perp_answers, result={"priority": True},
                                                    level="high")])
    assert picture.perpetrator_lines[:3] == ("1 November 2026, Jo Bloggs", "Risk level: High",
                                             "Priority perpetrator: yes")
    assert picture.victim_lines == ("No completed victim DASH yet.",)


def test_a_1_0_0_assessment_is_read_with_the_newest_versions_tags(registry: Registry) -> None:
    old = registry.get("dash-ric", "1.0.0")
    assert not any(i.tags & {MENTAL, SUBSTANCE} for i in old.items)  # 1.0.0 carries no trio tags
    assert tag_source(registry, "dash-ric", "1.0.0") is registry.get("dash-ric")
    a = assessed("dash-ric", {"q21": "yes", "q21_which": ["mental_health"]}, version="1.0.0")
    found = topic_finding(registry, a, MENTAL)
    # matched by item id, and worded as the 1.0.0 definition words its own choice ("Mental health")
    assert found.state == PRESENT
    assert found.detail.endswith("Abuser's problems (q21_which): Mental health")
    assert topic_finding(registry, a, SUBSTANCE).state == NOT_KNOWN


def test_the_tags_not_the_item_ids_drive_it() -> None:
    """A definition of its own, with its own item ids, read by its tags alone."""
    data = {
        "format": "dash-desktop.questionnaire/1", "id": "dash-ric", "version": "9.0.0", "title": "A re-worded DASH",
        "attribution": "Test.", "sections": [{"id": "s", "title": "S", "items": [
            {"id": "low_mood", "label": "Low mood", "type": "yes_no", "prompt": "Low?", "tags": [MENTAL]},
            {"id": "problems", "label": "Their problems", "type": "yes_no_dont_know", "prompt": "Problems?",
             "tags": [SUBSTANCE]},
            {"id": "which", "label": "Which", "type": "single_choice", "prompt": "Which?",
             "relevant": {"item": "problems", "equals": "yes"},
             "choices": [{"value": "gambling", "label": "Gambling"},
                         {"value": "cannabis", "label": "Cannabis", "tags": [SUBSTANCE]}]},
        ]}],
    }
    registry = Registry([parse_definition(data)])
    rows = trio(registry, assessed("dash-ric", {"low_mood": "yes", "problems": "yes", "which": "cannabis"},
                                   version="9.0.0"))
    assert rows["Mental health"][1] == "Present: Low mood (low_mood): yes"
    assert rows["Substance misuse"][1] == "Present: Their problems (problems): yes; Which (which): Cannabis"
    rows = trio(registry, assessed("dash-ric", {"low_mood": "no", "problems": "yes", "which": "gambling"},
                                   version="9.0.0"))
    assert rows["Substance misuse"][0] == NOT_KNOWN


@pytest.mark.parametrize("qid", ["dash-ric", "perpetrator-risk-needs"])
def test_an_uninstalled_definition_is_said_in_words(qid: str) -> None:
    found = topic_finding(Registry([]), assessed(qid, {"q5": "yes"}), MENTAL)
    assert (found.state, found.detail) == (NOT_KNOWN, f"the definition of {qid} is not installed")
