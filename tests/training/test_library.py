"""The shipped scenario library: every scenario loads, teaches what the rules give, covers what
issue 13 asks for, and carries its teaching notes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from dash_desktop.questionnaires import YES, ItemType, Registry
from dash_desktop.training import (
    Scenario,
    ScenarioError,
    builtin_dir,
    find_scenario,
    load_library,
    summaries,
    validate,
)

#: The tags of the answers each instrument's rules count.
SCORED_TAGS = ("risk_indicator", "screen_indicator", "risk_factor")
#: Hampshire's districts, as issue 11 names them. When the services directory carries its districts,
#: the scenario loader should check `context.area` against them and this list should go.
DISTRICTS = {"basingstoke_and_deane", "east_hampshire", "eastleigh", "fareham", "gosport", "hart", "havant",
             "new_forest", "rushmoor", "test_valley", "winchester"}


def test_every_shipped_scenario_validates(library: tuple[Scenario, ...]) -> None:
    """A scenario must never teach a wrong rule. The model outcomes are written to the rules as
    issue 11 corrects them; until that rule code lands, the scenarios that depend on a correction
    fail here, each listed with every disagreement (docs/training.md, "What the model outcomes assume
    of the rules", names them)."""
    failing = {s.id: [d.text for d in validate(s)] for s in library}
    failing = {k: v for k, v in failing.items() if v}
    report = "\n".join(f"  {sid}:\n" + "\n".join(f"    - {text}" for text in texts) for sid, texts in failing.items())
    assert not failing, (
        f"{len(failing)} of {len(library)} shipped scenarios disagree with the current rules:\n{report}"
    )


def test_the_library_covers_what_training_needs(library: tuple[Scenario, ...]) -> None:
    victim = [s for s in library if s.instrument == "dash-ric"]
    assert len(library) >= 12
    assert {s.model_outcome.risk_level for s in victim} == {"standard", "medium", "high"}
    criteria = {c for s in victim for c in s.model_outcome.marac_criteria or ()}
    assert criteria == {"visible_high_risk", "professional_judgement", "potential_escalation", "repeat"}
    just_under = [s for s in victim if s.model_answers.get("q15") == YES and s.model_outcome.yes_count == 8
                  and s.model_outcome.marac_criteria == ("professional_judgement",)]
    assert just_under, "a case of 8 yes answers with strangulation, rightly raised by judgement"
    repeat = [s for s in victim if "repeat" in (s.model_outcome.marac_criteria or ())]
    assert all(s.model_answers.get("further_abuse_since_marac") == YES for s in repeat)
    assert {s.instrument for s in library} == {"dash-ric", "dash-stalking", "dash-hbv", "perpetrator-risk-needs"}
    assert any("dash-stalking" in (s.model_outcome.offered or ()) and s.model_answers.get("q8") == YES for s in victim)
    assert any("dash-hbv" in (s.model_outcome.offered or ()) for s in victim)
    perpetrators = [s for s in library if s.instrument == "perpetrator-risk-needs"]
    assert len(perpetrators) >= 3
    assert any(s.model_answers["motivation"] == "motivated" for s in perpetrators)
    assert any("assertive_outreach" in (s.model_outcome.pathway or ()) for s in perpetrators)
    assert any(s.model_answers["children_present"] == YES and s.model_answers["charged"] == "no"
               and s.model_outcome.priority for s in perpetrators)
    topics = {t for s in library for t in s.topics}
    wanted = {"stalking", "honour_based_abuse", "male_victim", "same_sex_relationship", "disability",
              "older_victim", "young_person_16_17", "pregnancy", "first_language_not_english"}
    assert wanted <= topics, f"missing topics: {sorted(wanted - topics)}"


@pytest.mark.parametrize("scenario_id", sorted(p.stem for p in builtin_dir().glob("*.yaml")))
def test_every_answer_that_teaches_has_its_note(by_id: dict[str, Scenario], scenario_id: str) -> None:
    """Every yes to a counted question, every answer that meets or misses a criterion, and every
    judgement carries a teaching note."""
    s = by_id[scenario_id]
    q = s.questionnaire
    teaching = [i.id for i in q.items if any(t in i.tags for t in SCORED_TAGS) and s.model_answers.get(i.id) == YES]
    decisive = ("incidents_12m", "previous_marac_on", "further_abuse_since_marac", "professional_judgement")
    teaching += [i for i in decisive if i in s.model_answers]
    assert [i for i in teaching if not s.note(i)] == []
    if q.has_item("professional_judgement"):
        assert s.note("professional_judgement"), "say why the judgement is given, or left blank"


@pytest.mark.parametrize("scenario_id", sorted(p.stem for p in builtin_dir().glob("*.yaml")))
def test_every_question_the_form_asks_has_a_model_answer(by_id: dict[str, Scenario], scenario_id: str) -> None:
    """Not only the required ones: every yes/no and choice question shown (the judgement excepted,
    left blank when the practitioner agrees with the result)."""
    s = by_id[scenario_id]
    q = s.questionnaire
    asked = [i for i in q.items if q.is_relevant(i, s.model_answers)
             and i.type in (ItemType.YES_NO, ItemType.YES_NO_DONT_KNOW, ItemType.MULTIPLE_CHOICE, ItemType.NUMBER)]
    assert [i.id for i in asked if i.id not in s.model_answers] == []
    if s.model_answers.get("professional_judgement") is None:
        assert "professional_judgement_reason" not in s.model_answers


@pytest.mark.parametrize("scenario_id", sorted(p.stem for p in builtin_dir().glob("*.yaml")))
def test_each_file_is_named_by_its_id_and_set_in_a_real_district(by_id: dict[str, Scenario], scenario_id: str) -> None:
    s = by_id[scenario_id]
    assert s.source is not None and s.source.name == f"{s.id}.yaml"
    assert s.area in DISTRICTS
    assert s.setting and s.people and s.teaching_points


def test_two_files_with_one_id_are_refused(tmp_path: Path, registry: Registry) -> None:
    source = builtin_dir() / "gp-older-mother-son.yaml"
    shutil.copy(source, tmp_path / "a.yaml")
    shutil.copy(source, tmp_path / "b.yaml")
    with pytest.raises(ScenarioError, match=r"b\.yaml: id: 'gp-older-mother-son' is also the id of .*a\.yaml"):
        load_library([tmp_path], registry)


def test_a_scenario_is_found_by_id(library: tuple[Scenario, ...]) -> None:
    assert find_scenario("ae-male-victim", library).title.startswith("A&E")
    with pytest.raises(ScenarioError, match=r"id: no scenario 'nope' \(known: ae-male-victim, "):
        find_scenario("nope", library)


def test_the_list_names_id_title_and_instrument(library: tuple[Scenario, ...]) -> None:
    listed = [s.to_dict() for s in summaries(library)]
    assert listed[0] == {"id": "ae-male-victim", "title": "A&E: a man with a head wound from a thrown glass",
                         "instrument": "dash-ric"}
    assert [x["id"] for x in listed] == sorted(x["id"] for x in listed)
    assert {x["instrument"] for x in listed} == {"dash-ric", "dash-stalking", "dash-hbv", "perpetrator-risk-needs"}


def test_docs_list_every_shipped_scenario(library: tuple[Scenario, ...]) -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "training.md").read_text("utf-8")
    table = re.findall(r"^\| `([a-z0-9-]+)` \| ([a-z-]+) \|", text, flags=re.M)
    assert table == [(s.id, s.instrument) for s in library]
