"""``check``: the feedback a trainee gets on an interchange file — exactly the items they got wrong,
with the teaching notes, the outcome theirs gives against the model's, and the score."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dash_desktop.assessment import AssessmentDocument, parse_document
from dash_desktop.questionnaires import AnswerError
from dash_desktop.training import SCORE_METHOD, Scenario, check

#: Shipped scenarios the rules score to their model outcome before and after issue 11.
ESCALATION = "housing-disabled-four-callouts"
MALE_VICTIM = "ae-male-victim"
CHAOTIC = "dapp-chaotic-high-risk"
STANDARD = "gp-older-mother-son"


def trainee(scenario: Scenario, assessed_on: str | None = None, **changes: Any) -> AssessmentDocument:
    """The model answers with the trainee's changes, as the interchange file they would hand in."""
    answers = {**scenario.model_answers, **changes}
    return parse_document({
        "format": "dash-desktop.assessment/1",
        "questionnaire": {"id": scenario.questionnaire.id},
        "assessed_on": assessed_on or scenario.assessed_on.isoformat(),
        "answers": {k: v for k, v in answers.items() if v is not None},
    })


def test_two_mistakes_give_exactly_those_two_differences_with_their_notes(by_id: dict[str, Scenario]) -> None:
    scenario = by_id[ESCALATION]
    feedback = check(scenario, trainee(scenario, q5="no", incidents_12m=2))
    assert [d.to_dict() for d in feedback.differences] == [
        {"item": "q5", "given": "no", "model": "yes", "note": scenario.notes["q5"]},
        {"item": "incidents_12m", "given": 2, "model": 4, "note": scenario.notes["incidents_12m"]},
    ]
    assert feedback.differences[1].note is not None
    assert feedback.differences[1].note.startswith("4: four police call-outs since last May")


def test_the_outcome_their_answers_give_is_set_against_the_model(by_id: dict[str, Scenario]) -> None:
    scenario = by_id[ESCALATION]
    outcome = check(scenario, trainee(scenario, q5="no", incidents_12m=2)).outcome
    assert outcome.to_dict() == {
        "given": {"risk_level": "standard", "yes_count": 5, "marac": {"refer": False, "criteria": []},
                  "idash": {"tier": "information"}, "prompts": [], "offered": []},
        "model": {"risk_level": "high", "yes_count": 6, "marac": {"refer": True, "criteria": ["potential_escalation"]},
                  "idash": {"tier": "idva"}, "prompts": [], "offered": []},
        "differs": ["risk_level", "yes_count", "marac.refer", "marac.criteria", "idash.tier"],
        "prompts_missed": [],
    }
    assert not outcome.agrees


def test_the_score_counts_items_agreeing_of_items_compared(by_id: dict[str, Scenario]) -> None:
    """33 items are compared on this scenario: q1-q24, the two follow-ups the model and the trainee
    both reach (q21_which, q24_which), and the seven context and professional items answered."""
    scenario = by_id[ESCALATION]
    score = check(scenario, trainee(scenario, q5="no", incidents_12m=2)).score
    assert score.to_dict() == {"agreeing": 31, "items": 33, "percent": 93, "method": SCORE_METHOD}


def test_the_model_answers_themselves_score_full_marks(by_id: dict[str, Scenario]) -> None:
    for scenario in by_id.values():
        feedback = check(scenario, trainee(scenario))
        assert feedback.differences == ()
        assert feedback.score.agreeing == feedback.score.items > 0
        assert feedback.score.percent == 100


def test_a_missed_prompt_is_named(by_id: dict[str, Scenario]) -> None:
    scenario = by_id[CHAOTIC]
    feedback = check(scenario, trainee(scenario, stalking="no"))
    assert [d.item for d in feedback.differences] == ["stalking"]
    assert feedback.outcome.prompts_missed == ("stalking",)
    assert feedback.outcome.differs == ("yes_count", "prompts")
    assert feedback.outcome.to_dict()["given"]["pathway"] == [
        "assertive_outreach", "substance_misuse_service", "mental_health_service", "victim_safety_service"]


def test_a_follow_up_is_part_of_its_question(by_id: dict[str, Scenario]) -> None:
    """No to q21 where the model says yes (drinking): one difference, not a second for q21_which,
    which the trainee was never asked."""
    scenario = by_id[MALE_VICTIM]
    feedback = check(scenario, trainee(scenario, q21="no", q21_which=None))
    assert [(d.item, d.given, d.model) for d in feedback.differences] == [("q21", "no", "yes")]
    assert feedback.score.items == check(scenario, trainee(scenario)).score.items - 1


def test_an_unanswered_question_and_an_extra_judgement_are_differences(by_id: dict[str, Scenario]) -> None:
    scenario = by_id[STANDARD]
    doc = trainee(scenario, q20=None, professional_judgement="medium",
                  professional_judgement_reason="She seems isolated.")
    differences = {d.item: d for d in check(scenario, doc).differences}
    assert set(differences) == {"q20", "professional_judgement"}
    assert (differences["q20"].given, differences["q20"].model) == (None, "yes")
    assert (differences["professional_judgement"].given, differences["professional_judgement"].model) == (
        "medium", None)
    assert differences["professional_judgement"].note == scenario.notes["professional_judgement"]


def test_their_answers_are_scored_on_the_scenarios_date(
    changed: Callable[[str, Callable[[dict[str, Any]], None]], Scenario]
) -> None:
    """A repeat referral counts from the story's date, not the day the trainee filled in the form."""
    def repeat(data: dict[str, Any]) -> None:
        data["model_answers"].update(previous_marac_on="2025-06-01", further_abuse_since_marac="yes",
                                     further_abuse_same_perpetrator="yes")
        data["model_outcome"].update(risk_level="high", marac={"refer": True, "criteria": ["repeat"]},
                                     idash={"tier": "idva"})

    scenario = changed(STANDARD, repeat)
    feedback = check(scenario, trainee(scenario, assessed_on="2026-11-20"))
    assert feedback.outcome.agrees
    assert feedback.outcome.given.marac_criteria == ("repeat",)


@pytest.mark.parametrize(
    ("envelope", "field"),
    [({"questionnaire": {"id": "dash-stalking"}}, "questionnaire.id"),
     ({"questionnaire": {"id": "dash-ric", "version": "1.0.0"}}, "questionnaire.version")],
)
def test_answers_to_another_questionnaire_are_refused(
    by_id: dict[str, Scenario], envelope: dict[str, Any], field: str
) -> None:
    scenario = by_id[STANDARD]
    doc = parse_document({**trainee(scenario).to_dict(), **envelope})
    with pytest.raises(AnswerError) as caught:
        check(scenario, doc)
    assert caught.value.field == field


def test_an_answer_the_questionnaire_refuses_names_the_item(by_id: dict[str, Scenario]) -> None:
    scenario = by_id[STANDARD]
    with pytest.raises(AnswerError) as caught:
        check(scenario, trainee(scenario, q3="perhaps"))
    assert caught.value.field == "q3"


def test_the_json_form_has_the_keys_the_cli_prints(by_id: dict[str, Scenario]) -> None:
    scenario = by_id[ESCALATION]
    out = check(scenario, trainee(scenario, q5="no")).to_dict()
    assert set(out) == {"scenario", "differences", "outcome", "score"}
    assert out["scenario"] == ESCALATION
    assert set(out["differences"][0]) == {"item", "given", "model", "note"}
