"""The shipped definitions, the loader's refusals, and licensed re-wordings."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from dash_helpers import ric_answers, ric_doc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dash_desktop.assessment import ProfileError, score
from dash_desktop.questionnaires import DefinitionError, Registry, load_file
from dash_desktop.questionnaires.loader import builtin_dir, parse_definition, read_data_file

SHIPPED = sorted(p for p in builtin_dir().iterdir() if p.suffix == ".yaml")
#: A word of each indicator's topic, in the published order, as each version asks it.
RIC_TOPICS = {
    "1.0.0": [
        "hurt", "frightened", "afraid", "cut off", "depressed", "separated", "contact with the children",
        "stalking", "pregnant", "more often", "worse", "control", "weapon", "kill", "strangle", "sexual",
        "anyone else threatening", "hurt anyone else", "animal", "money", "drugs, alcohol or mental health",
        "own life", "bail", "police",
    ],
    "1.1.0": [
        "injured", "scared", "afraid", "cut off", "depressed", "ended the relationship",
        "contact with the children", "stalk", "expecting a baby", "more frequent", "more severe", "control",
        "weapon", "kill", "strangle", "sexual", "another person", "anyone other than you", "animal", "money",
        "mental health", "own life", "bail", "police",
    ],
}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_definition_validates(path: Path) -> None:
    q = load_file(path)
    assert len(q.content_hash) == 64
    assert path.name == f"{q.id}-{q.version}.yaml"  # one file per version, named for it


def test_registry_has_the_four_instruments(registry: Registry) -> None:
    assert [q.id for q in registry.latest()] == ["dash-hbv", "dash-ric", "dash-stalking", "perpetrator-risk-needs"]
    assert registry.problems == []


@pytest.mark.parametrize("version", sorted(RIC_TOPICS))
def test_dash_ric_has_the_24_indicators_in_published_order(registry: Registry, version: str) -> None:
    q = registry.get("dash-ric", version)
    scored = q.tagged("risk_indicator")
    assert [i.id for i in scored] == [f"q{n}" for n in range(1, 25)]
    for item, topic in zip(scored, RIC_TOPICS[version], strict=True):
        assert topic in item.prompt.lower(), (item.id, item.prompt)
        assert item.required and item.ask_source
        assert [c.value for c in item.answer_choices()] == ["yes", "no", "dont_know"]


@pytest.mark.parametrize(
    ("qid", "version", "count"),
    [("dash-stalking", "1.0.0", 11), ("dash-stalking", "1.1.0", 11), ("dash-hbv", "1.0.0", 10),
     ("dash-hbv", "1.1.0", 11)],  # 1.1.0 adds the screen's truanting topic (under 18)
)
def test_screens_have_their_question_counts(registry: Registry, qid: str, version: str, count: int) -> None:
    assert len(registry.get(qid, version).tagged("screen_indicator")) == count


def test_follow_up_items_appear_only_when_relevant(registry: Registry) -> None:
    q = registry.get("dash-ric")
    detail = q.item("q1_detail")
    assert not q.is_relevant(detail, {"q1": "no"})
    assert q.is_relevant(detail, {"q1": "yes"})
    reason = q.item("professional_judgement_reason")
    assert not q.is_relevant(reason, {})
    assert q.is_relevant(reason, {"professional_judgement": "medium"})


def test_hash_ignores_layout_and_format(tmp_path: Path) -> None:
    original = load_file(builtin_dir() / "dash-ric-1.0.0.yaml")
    data = ric_definition()
    as_json = tmp_path / "dash-ric.json"
    as_json.write_text(json.dumps(data, indent=1), "utf-8")
    assert load_file(as_json).content_hash == original.content_hash
    data["sections"][0]["items"][0]["prompt"] += " (changed)"
    as_json.write_text(json.dumps(data), "utf-8")
    assert load_file(as_json).content_hash != original.content_hash


def ric_definition() -> Any:
    return read_data_file(builtin_dir() / "dash-ric-1.0.0.yaml")


def test_yaml_yes_and_no_are_answers_not_booleans(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "format: dash-desktop.questionnaire/1\nid: t\nversion: '1'\ntitle: T\nattribution: me\n"
        "sections:\n- id: s\n  title: S\n  items:\n  - {id: a, type: yes_no, prompt: 'A?'}\n"
        "  - {id: b, type: text, prompt: 'B?', relevant: {item: a, equals: yes}, required: true}\n",
        "utf-8",
    )
    q = load_file(path)
    assert q.is_relevant(q.item("b"), {"a": "yes"})


# --- malformed definitions: refused with file, item and fault ----------------------------------


def _load_variant(tmp_path: Path, mutate: Any) -> DefinitionError:
    data = ric_definition()
    mutate(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data), "utf-8")
    with pytest.raises(DefinitionError) as err:
        load_file(path)
    assert str(path) in str(err.value)
    return err.value


def _item(data: dict[str, Any], item_id: str) -> dict[str, Any]:
    return next(i for s in data["sections"] for i in s["items"] if i["id"] == item_id)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: _item(d, "q3").update(type="multi"), ["item 'q3'", "type", "multi"]),
        (lambda d: _item(d, "q21_which").pop("choices"), ["item 'q21_which'", "choices"]),
        (lambda d: _item(d, "q5").update(choices=[{"value": "a", "label": "A"}]), ["item 'q5'"]),
        (lambda d: _item(d, "q7").pop("prompt"), ["item 'q7'", "prompt"]),
        (lambda d: _item(d, "q9").update(id="q8"), ["item 'q8'", "used twice"]),
        (lambda d: _item(d, "q1_detail").update(relevant={"item": "q99", "equals": "yes"}),
         ["item 'q1_detail'", "q99"]),
        (lambda d: _item(d, "q1_detail").update(relevant={"item": "q1", "equals": "ye"}),
         ["item 'q1_detail'", "'ye'", "yes, no, dont_know"]),
        (lambda d: _item(d, "q1_detail").update(relevant={"item": "q1", "gte": 3}), ["item 'q1_detail'", "number"]),
        (lambda d: _item(d, "q1_detail").update(relevant={"item": "q1_detail", "answered": True}), ["own answer"]),
        (lambda d: _item(d, "incidents_12m").update(minimum=5, maximum=1), ["incidents_12m", "minimum"]),
        (lambda d: d.update(version="one"), ["version"]),
        (lambda d: d.pop("attribution"), ["attribution"]),
        (lambda d: d.update(format="something/2"), ["format"]),
        (lambda d: _item(d, "q2").update(colour="red"), ["item 'q2'", "colour"]),
        (lambda d: d["follow_on"][0].update(when={"item": "q8", "equals": "maybe"}), ["follow_on[0]", "maybe"]),
    ],
)
def test_malformed_definitions_are_refused_clearly(tmp_path: Path, mutate: Any, expected: list[str]) -> None:
    message = str(_load_variant(tmp_path, mutate))
    for fragment in expected:
        assert fragment in message, message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("format: [unclosed", "malformed YAML at line 1"),
        ("", "'format' must be"),
        ("- just\n- a list\n", "'format' must be"),
        ("a: b: c\n", "malformed YAML at line 1"),
    ],
)
def test_broken_files_are_refused(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, "utf-8")
    with pytest.raises(DefinitionError, match=expected):
        load_file(path)


def test_non_utf8_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"title": "caf\xe9"}')
    with pytest.raises(DefinitionError, match="not UTF-8"):
        load_file(path)
    with pytest.raises(DefinitionError, match="cannot be read"):
        load_file(tmp_path / "missing.yaml")
    with pytest.raises(DefinitionError, match="unknown file type"):
        load_file(tmp_path / "x.txt")


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.lists(st.sampled_from(["sections", 0, 1, "items", 2, "relevant", "type", "id", "choices"]),
                     min_size=1, max_size=5), value=JSONISH)
def test_mutated_definitions_never_crash_the_loader(path: list[Any], value: Any) -> None:
    data = ric_definition()
    node: Any = copy.deepcopy(data)
    target = node
    try:
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    except (KeyError, IndexError, TypeError):
        return
    try:
        parse_definition(node, "mutated.yaml")
    except DefinitionError as exc:
        message = str(exc)
    else:
        return
    assert "mutated.yaml" in message


# --- an organisation's licensed wording ---------------------------------------------------------


def licensed_copy(tmp_path: Path, drop: str | None = None) -> Path:
    data = ric_definition()
    data["id"] = "dash-ric-licensed"
    data["version"] = "2009.1"
    data["title"] = "SafeLives Dash RIC (licensed wording)"
    for section in data["sections"]:
        for item in section["items"]:
            item["prompt"] = f"[licensed text for {item['id']}]"
        if drop:
            section["items"] = [i for i in section["items"] if i["id"] != drop]
    folder = tmp_path / "org"
    folder.mkdir(exist_ok=True)
    path = folder / "dash-ric-licensed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return folder


def test_licensed_wording_scores_like_the_shipped_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: Registry
) -> None:
    monkeypatch.setenv("DASH_DESKTOP_QUESTIONNAIRES", str(licensed_copy(tmp_path)))
    local = Registry.default()
    assert local.get("dash-ric-licensed").item("q1").prompt == "[licensed text for q1]"
    answers = ric_answers(15, incidents_12m=1)
    ours = score(ric_doc(answers), registry=registry)
    theirs = score(ric_doc(answers, questionnaire={"id": "dash-ric-licensed"}), registry=local)
    assert theirs.questionnaire["id"] == "dash-ric-licensed"
    assert (theirs.yes_count, theirs.risk_level, theirs.marac) == (ours.yes_count, ours.risk_level, ours.marac)


def test_licensed_wording_missing_an_item_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASH_DESKTOP_QUESTIONNAIRES", str(licensed_copy(tmp_path, drop="incidents_12m")))
    local = Registry.default()
    with pytest.raises(ProfileError, match="incidents_12m"):
        score(ric_doc(ric_answers(0, incidents_12m=None), questionnaire={"id": "dash-ric-licensed"}), registry=local)


def test_a_broken_local_file_does_not_hide_the_shipped_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "broken.yaml").write_text("format: dash-desktop.questionnaire/1\nid: x\n", "utf-8")
    monkeypatch.setenv("DASH_DESKTOP_QUESTIONNAIRES", str(tmp_path))
    local = Registry.default()
    assert local.get("dash-ric").id == "dash-ric"
    assert len(local.problems) == 1
    assert "broken.yaml" in str(local.problems[0])
