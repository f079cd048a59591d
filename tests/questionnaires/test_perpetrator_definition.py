"""The perpetrator risk-and-needs definition: it validates, and carries the item ids, types and answers
that other tools rely on."""

from __future__ import annotations

import pytest
from perpetrator_helpers import COMPLEX, FACTORS, NEEDS, QID

from dash_desktop.questionnaires import ItemType, Registry, load_file
from dash_desktop.questionnaires.loader import builtin_dir

VERSIONS = ["1.0.0", "1.1.0"]
NEWEST = builtin_dir() / f"{QID}-1.1.0.yaml"

CHOICES = {
    "referral_source": ["police", "childrens_services", "probation", "self", "health", "other"],
    "gravity": ["threats", "damage", "physical", "serious_physical", "sexual"],
    "motivation": ["none", "ambivalent", "motivated"],
    "justice_route": ["none", "court_ordered_programme", "conditional_caution"],
}
#: Added in 1.1.0.
CHOICES_1_1 = {"relationship_to_victim": ["partner", "ex_partner", "family_member", "other"]}
TYPES = {
    "age": ItemType.NUMBER,
    "incidents_12m": ItemType.NUMBER,
    "victims_count": ItemType.NUMBER,
    "most_recent_incident_on": ItemType.DATE,
    "children_present": ItemType.YES_NO_DONT_KNOW,
    "charged": ItemType.YES_NO,
    **dict.fromkeys(CHOICES, ItemType.SINGLE_CHOICE),
    **dict.fromkeys(FACTORS + NEEDS, ItemType.YES_NO_DONT_KNOW),
}


@pytest.mark.parametrize("version", VERSIONS)
def test_the_definition_validates(version: str) -> None:
    q = load_file(builtin_dir() / f"{QID}-{version}.yaml")
    assert (q.id, q.version, q.instrument, q.subject) == (QID, version, QID, "perpetrator")
    assert len(q.content_hash) == 64


def test_the_newest_is_in_the_registry(registry: Registry) -> None:
    assert registry.get(QID).content_hash == load_file(NEWEST).content_hash
    assert registry.problems == []


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("item", "kind"), sorted(TYPES.items()))
def test_the_items_other_tools_rely_on(registry: Registry, item: str, kind: ItemType, version: str) -> None:
    q = registry.get(QID, version)
    assert q.item(item).type is kind
    if item in CHOICES:
        assert [c.value for c in q.item(item).choices] == CHOICES[item]


@pytest.mark.parametrize(("item", "values"), sorted(CHOICES_1_1.items()))
def test_the_items_added_in_1_1_0(registry: Registry, item: str, values: list[str]) -> None:
    assert [c.value for c in registry.get(QID, "1.1.0").item(item).choices] == values
    assert not registry.get(QID, "1.0.0").has_item(item)


def test_counts_are_whole_numbers(registry: Registry) -> None:
    q = registry.get(QID)
    for item in ("age", "incidents_12m", "victims_count"):
        assert q.item(item).integer
        assert q.item(item).required


def test_tags_drive_the_rules(registry: Registry) -> None:
    q = registry.get(QID)
    assert [i.id for i in q.tagged("risk_factor")] == FACTORS
    assert [i.id for i in q.tagged("need")] == NEEDS
    assert [i.id for i in q.tagged("complex_need")] == COMPLEX


def test_yes_and_no_are_answers_not_booleans(registry: Registry) -> None:
    q = registry.get(QID)
    for item in q.items:
        for choice in item.answer_choices():
            assert isinstance(choice.value, str)
    assert [c.value for c in q.item("charged").answer_choices()] == ["yes", "no"]


def test_every_question_is_plain_and_complete(registry: Registry) -> None:
    q = registry.get(QID)
    for item in q.items:
        assert "?" in item.prompt, item.id
        assert item.label, item.id
    assert q.is_relevant(q.item("professional_judgement_reason"), {"professional_judgement": "high"})
    assert not q.is_relevant(q.item("professional_judgement_reason"), {})
