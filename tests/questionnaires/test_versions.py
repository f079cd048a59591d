"""Definition versions: 1.0.0 stays byte for byte what stored assessments and signed reports answered;
1.1.0 keeps every 1.0.0 item id and answer, re-words what issue 11 lists, and adds the new items with
exactly the names and answers other tools will read."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from dash_helpers import ric_answers
from perpetrator_helpers import perp_answers

from dash_desktop.assessment import parse_document
from dash_desktop.assessment.document import bind
from dash_desktop.questionnaires import Item, ItemType, Questionnaire, Registry, load_file
from dash_desktop.questionnaires.loader import builtin_dir

INSTRUMENTS = ["dash-hbv", "dash-ric", "dash-stalking", "perpetrator-risk-needs"]
#: (SHA-256 of the file's bytes, the content hash a stored assessment carries) of each 1.0.0 file.
PINNED = {
    "dash-hbv": ("7f0efa0f9fd67bccc3d2d665497d0cef4ddcb0293ad5f8fdcc2e116163593c85",
                 "531232eec3ccaf605f57532af3339530b5e19d3d2108d67893fc9cd31c9b80fa"),
    "dash-ric": ("9863943162b03cee9c59ccc875a41765013926231aa4592132c5ad1d637b1e20",
                 "7a18086efaf32005cc7842839182b03f4acd879f34f8a0f8c41dbcacbc8c92b1"),
    "dash-stalking": ("fda981febe83d81af31b0b9104b11628d7c7b10fb2dba71bf8aac36f46e0cfb0",
                      "d11518867a32a648b73992a26299fe2d4faaae9b8f7c5317335735ade4a71944"),
    "perpetrator-risk-needs": ("c2ba1ab67a464f039044f46f2695558cae11aa9dbfafd533e508ec1af8a8b66d",
                               "87b6e9dbea378517d38ed5204e4424a6be2951f24daf2b8dc6cf828b90f2c846"),
}
#: The tags the profiles' rules read: which items they tag, in order, must not move between versions.
RULE_TAGS = ["risk_indicator", "screen_indicator", "risk_factor", "need", "complex_need"]
YND = ["yes", "no", "dont_know"]


def versions(registry: Registry, qid: str) -> tuple[Questionnaire, Questionnaire]:
    return registry.get(qid, "1.0.0"), registry.get(qid, "1.1.0")


@pytest.mark.parametrize("qid", INSTRUMENTS)
def test_1_0_0_is_unchanged(registry: Registry, qid: str) -> None:
    path = builtin_dir() / f"{qid}-1.0.0.yaml"
    file_sha, content = PINNED[qid]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == file_sha, f"{path.name} was edited: publish a new version"
    assert load_file(path).content_hash == content
    assert registry.get(qid, "1.0.0").content_hash == content


@pytest.mark.parametrize("qid", INSTRUMENTS)
def test_1_1_0_is_the_newest_and_keeps_every_item_and_answer(registry: Registry, qid: str) -> None:
    old, new = versions(registry, qid)
    assert registry.get(qid) is new
    assert (new.instrument, new.subject) == (old.instrument, old.subject)
    for item in old.items:
        assert new.has_item(item.id), f"{qid} 1.1.0 dropped {item.id}"
        now = new.item(item.id)
        assert now.type is item.type, item.id
        assert [c.value for c in now.answer_choices()] == [c.value for c in item.answer_choices()], item.id
        assert (now.minimum, now.maximum, now.integer) == (item.minimum, item.maximum, item.integer), item.id


@pytest.mark.parametrize("qid", INSTRUMENTS)
@pytest.mark.parametrize("tag", RULE_TAGS)
def test_the_tags_the_rules_read_stay_on_their_items(registry: Registry, qid: str, tag: str) -> None:
    old, new = versions(registry, qid)
    added = {"dash-hbv": ["h11"]}.get(qid, []) if tag == "screen_indicator" else []
    assert [i.id for i in new.tagged(tag)] == [i.id for i in old.tagged(tag)] + added


def _answer(item: Item) -> Any:
    """A valid answer to ``item``: its first choice, its minimum, a date, a word."""
    choices = [c.value for c in item.answer_choices()]
    return {ItemType.NUMBER: int(item.minimum or 0), ItemType.DATE: "2026-01-05", ItemType.TEXT: "x",
            ItemType.MULTIPLE_CHOICE: choices[:1]}.get(item.type, choices[0] if choices else None)


@pytest.mark.parametrize("qid", INSTRUMENTS)
def test_an_answer_document_for_1_0_0_still_binds(registry: Registry, qid: str) -> None:
    old, new = versions(registry, qid)
    answers = {i.id: _answer(i) for i in old.items}
    doc = {"format": "dash-desktop.assessment/1", "assessed_on": "2026-11-20", "answers": answers}
    pinned = parse_document({**doc, "questionnaire": {"id": qid, "version": "1.0.0", "hash": old.content_hash}})
    q, bound = bind(pinned, registry)
    assert q is old and set(bound) == set(answers)
    q, bound = bind(parse_document({**doc, "questionnaire": {"id": qid}}), registry)
    assert q is new and set(bound) == set(answers)  # the same answers are valid on the new version


REWORDED = {
    "dash-ric": {
        "prompt": ["q1", "q2", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "q12", "q13", "q14", "q16", "q17",
                   "q18", "q19", "q21", "q23", "q24", "q3_detail"],
        "guidance": ["q1", "q3", "q4", "q8", "q12", "q17", "q18", "q20"],
        # the answers whose 1.0.0 label was the 2009 tick-box label
        "labels": ["q18_who:children", "q18_who:family", "q18_who:previous_partner", "q21_which:drugs",
                   "q21_which:alcohol", "q21_which:mental_health", "q24_which:domestic_abuse",
                   "q24_which:sexual_violence", "q24_which:other_violence", "q24_which:other"],
    },
    "dash-stalking": {"prompt": ["s1", "s6", "s10", "s11"], "guidance": [], "labels": []},
    "dash-hbv": {"prompt": ["h10"], "guidance": [], "labels": []},
}


@pytest.mark.parametrize("qid", sorted(REWORDED))
def test_reworded_items_no_longer_read_as_before(registry: Registry, qid: str) -> None:
    old, new = versions(registry, qid)
    for item in REWORDED[qid]["prompt"]:
        assert new.item(item).prompt != old.item(item).prompt, item
    for item in REWORDED[qid]["guidance"]:
        assert new.item(item).guidance != old.item(item).guidance, item
    for answer in REWORDED[qid]["labels"]:
        item, value = answer.split(":")
        assert new.item(item).choice_label(value) != old.item(item).choice_label(value), answer
    assert new.attribution != old.attribution


def test_dash_ric_meanings_mended(registry: Registry) -> None:
    q = registry.get("dash-ric", "1.1.0")
    assert "physically injured" in q.item("q1").prompt
    assert "ever" in q.item("q13").prompt.split() and "ever" in q.item("q23").prompt.split()
    assert q.item("q17").prompt.startswith("Apart from them, has another person made threats")  # not "is threatening"
    assert "job" in q.item("q20").guidance  # the abuser losing their job
    for item in ("q12", "q17", "q18"):
        assert "honour-based abuse" in q.item(item).guidance, item
    assert "ten times" not in q.item("q8").guidance  # unsourced, removed
    assert q.item("q8").prompt.endswith("stalk or harass you?")


def test_dash_ric_asks_about_further_abuse_since_the_last_marac(registry: Registry) -> None:
    q = registry.get("dash-ric", "1.1.0")
    further, same = q.item("further_abuse_since_marac"), q.item("further_abuse_same_perpetrator")
    for item in (further, same):
        assert item.type is ItemType.YES_NO_DONT_KNOW and item.required
        assert [c.value for c in item.answer_choices()] == YND
    ids = [i.id for i in q.items]
    assert ids.index("previous_marac_on") + 1 == ids.index(further.id) == ids.index(same.id) - 1
    assert not q.is_relevant(further, {})
    assert q.is_relevant(further, {"previous_marac_on": "2026-05-01"})
    assert not q.is_relevant(same, {"previous_marac_on": "2026-05-01", further.id: "no"})
    assert not q.is_relevant(same, {"previous_marac_on": "2026-05-01", further.id: "dont_know"})
    assert q.is_relevant(same, {"previous_marac_on": "2026-05-01", further.id: "yes"})


CLOSING = {
    "other_relevant_information": ItemType.TEXT,
    "abuser_access_to_weapons": ItemType.TEXT,
    "victim_safety_priorities": ItemType.TEXT,
    "risks_to_children": ItemType.YES_NO_DONT_KNOW,
    "risks_to_children_detail": ItemType.TEXT,
    "referral_made": ItemType.YES_NO,
    "referral_made_to": ItemType.TEXT,
}


def test_dash_ric_closing_questions_for_the_professional_are_optional(registry: Registry) -> None:
    q = registry.get("dash-ric", "1.1.0")
    section = next(s for s in q.sections if s.id == "professional")
    assert {i.id: i.type for i in section.items} == CLOSING
    assert not any(i.required for i in section.items)
    for words in ("disability", "language", "isolation", "played down", "willing"):
        assert words in q.item("other_relevant_information").prompt
    assert q.is_relevant(q.item("referral_made_to"), {"referral_made": "yes"})
    assert not q.is_relevant(q.item("referral_made_to"), {"referral_made": "no"})


def test_dash_ric_needs_no_more_answers_than_before(registry: Registry) -> None:
    """The keyboard budget: with no previous MARAC, 1.1.0 asks for exactly the answers 1.0.0 did."""
    old, new = versions(registry, "dash-ric")

    def required(q: Questionnaire, given: dict[str, Any]) -> list[str]:
        return [i.id for i in q.items if i.required and q.is_relevant(i, given)]

    for answers in (ric_answers(0), ric_answers(24, children_count=3)):
        assert required(new, answers) == required(old, answers)


def test_hbv_asks_about_school_only_under_18(registry: Registry) -> None:
    q = registry.get("dash-hbv", "1.1.0")
    gate, school = q.item("under_18"), q.item("h11")
    assert gate.type is ItemType.YES_NO and gate.required and not gate.tags
    assert "screen_indicator" in school.tags and school.required
    assert not q.is_relevant(school, {"under_18": "no"})
    assert q.is_relevant(school, {"under_18": "yes"})
    assert "because" not in q.item("h10").prompt  # self-harm whatever its reason


def test_perpetrator_relationship_and_police_report(registry: Registry) -> None:
    q = registry.get("perpetrator-risk-needs", "1.1.0")
    relationship = q.item("relationship_to_victim")
    assert relationship.type is ItemType.SINGLE_CHOICE and relationship.required
    assert [c.value for c in relationship.choices] == ["partner", "ex_partner", "family_member", "other"]
    police = q.item("reported_to_police")
    assert police.type is ItemType.YES_NO_DONT_KNOW and police.required
    assert [c.value for c in police.answer_choices()] == YND
    for item in ("incidents_12m", "victims_count"):
        assert "not the Priority Perpetrator Identification Tool" in q.item(item).guidance
    assert "not the Priority Perpetrator Identification Tool" in q.attribution
    assert "ambivalent" not in q.item("motivation").guidance  # the unsourced claim is gone
    assert set(perp_answers()) >= {"relationship_to_victim", "reported_to_police"}  # the helper answers them


@pytest.mark.parametrize(
    ("qid", "words"),
    [("dash-stalking", "Sheridan, Karl Roberts and Laura Richards (2009) for ACPO with CAADA"),
     ("dash-hbv", "H-DASH"), ("dash-hbv", "Laura Richards for ACPO")],
)
def test_screen_attributions(registry: Registry, qid: str, words: str) -> None:
    assert words in " ".join(registry.get(qid, "1.1.0").attribution.split())
