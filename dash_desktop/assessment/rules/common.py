"""What every rule set shares: the context it is given, the level order, the score band, the
practitioner's judgement, the profile's prompts, completeness, the check that a date is not after
the assessment, and local services matched to the area and the person. The rule sets (``victim``,
``screen``, ``perpetrator``) build on this module; it imports none of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dash_desktop.assessment.facts import KnownDate, Subject
from dash_desktop.assessment.profiles import LEVELS, Profile
from dash_desktop.assessment.result import Area, Effect, Judgement, Offer, Prompt, Provider, Reason, ServiceSuggestion
from dash_desktop.assessment.services import ServiceDirectory
from dash_desktop.questionnaires.model import DONT_KNOW, YES, AnswerError, Item, Questionnaire


@dataclass(frozen=True)
class Context:
    """What every rule set is given."""

    questionnaire: Questionnaire
    answers: Mapping[str, Any]
    assessed_on: dt.date
    profile: Profile
    directory: ServiceDirectory
    #: the human titles of the questionnaires this one's follow-ons offer, by id
    titles: Mapping[str, str] = field(default_factory=dict)
    #: the district the case is in (checked against the directory); None when not known
    area: Area | None = None
    #: the person's recorded details (armed forces, first language, interpreter)
    subject: Subject = field(default_factory=Subject)
    #: the last MARAC referral the case's own history holds, where the store supplies it
    known_marac_on: KnownDate | None = None

    @property
    def rules(self) -> Mapping[str, Any]:
        return self.profile.rules_for(self.questionnaire.instrument)

    def label(self, item_id: str) -> str:
        q = self.questionnaire
        return q.item(item_id).name if q.has_item(item_id) else item_id

    def answer_text(self, item_id: str) -> str:
        """The answer to an item in words ("2 September 2026", "Don't know"; "not answered")."""
        return self.questionnaire.item(item_id).answer_text(self.answers.get(item_id))


def rank(level: str) -> int:
    return LEVELS.index(level)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def answered(items: Iterable[Item], answers: Mapping[str, Any], value: str) -> tuple[str, ...]:
    """The ids of ``items`` answered ``value`` (``YES``, ``DONT_KNOW``...), in questionnaire order."""
    return tuple(i.id for i in items if answers.get(i.id) == value)


def number(answers: Mapping[str, Any], item: str) -> int | float | None:
    """A number item's answer, or ``None`` when it is not answered."""
    value = answers.get(item)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def days_before_assessment(ctx: Context, item: str) -> int | None:
    """How many days the date answered to ``item`` lies before the assessment (``None`` when not
    answered); a date after the assessment is refused with an ``AnswerError`` naming the item."""
    value = ctx.answers.get(item)
    if value is None:
        return None
    days = (ctx.assessed_on - dt.date.fromisoformat(value)).days
    if days < 0:
        raise AnswerError(item, f"{value} is after the assessment date {ctx.assessed_on.isoformat()}")
    return days


def score_band(levels: Mapping[str, int], value: int) -> tuple[str, str]:
    """The level ``value`` reaches under ``levels`` (the lowest value of each level) and that level's
    band in words ("10-13", "14 or more")."""
    level = max((lvl for lvl in LEVELS if value >= levels[lvl]), key=rank)
    upper = {"standard": levels["medium"] - 1, "medium": levels["high"] - 1}.get(level)
    band = f"{levels[level]}-{upper}" if upper is not None else f"{levels[level]} or more"
    return level, band


def professional_judgement(
    answers: Mapping[str, Any], cfg: Mapping[str, str], level: str, basis: str
) -> tuple[Judgement | None, list[Reason]]:
    """The practitioner's judgement set against ``level`` (what ``basis``, e.g. "the score", gave):
    it can raise the level, never lower it, and is refused without its written reason."""
    level_j = answers.get(cfg["item"])
    if level_j is None:
        return None, []
    reason_j = str(answers.get(cfg["reason_item"]) or "").strip()
    if not reason_j:
        raise AnswerError(cfg["reason_item"], "a professional judgement needs its reason written down")
    effect = (Effect.RAISED if rank(level_j) > rank(level) else Effect.AGREES if level_j == level
              else Effect.RECORDED_ONLY)
    text = {
        Effect.RAISED: f"Judgement of {level_j} raises the level above {basis} ({level}).",
        Effect.AGREES: f"Judgement of {level_j} agrees with {basis}.",
        Effect.RECORDED_ONLY: (
            f"Judgement of {level_j} is recorded, but a judgement cannot lower the level below {basis} ({level})."
        ),
    }[effect]
    reason = Reason("judgement", f"Professional judgement: {level_j}", f"{text} Reason given: {reason_j}",
                    (cfg["item"],))
    return Judgement(level_j, reason_j, effect, basis), [reason]


def profile_prompts(ctx: Context) -> list[Prompt]:
    """The profile's prompts for judgement whose conditions hold: shown, never scored."""
    return [
        Prompt(rule.id, rule.text, rule.when.matching_items(ctx.answers))
        for rule in ctx.profile.conditions(ctx.questionnaire.instrument, "prompts")
        if rule.when.holds(ctx.answers)
    ]


def basics(ctx: Context) -> dict[str, Any]:
    """The fields every result has: completeness, the yes / don't-know items among the counted
    questions asked (a follow-up that does not apply is never counted) and the labels."""
    q, answers = ctx.questionnaire, ctx.answers
    counted = [i for i in q.tagged(ctx.rules["count_tag"]) if q.is_relevant(i, answers)]
    return {
        "questionnaire": q.ref,
        "title": q.title,
        "instrument": q.instrument,
        "profile": {"id": ctx.profile.id, "version": ctx.profile.version, "name": ctx.profile.name},
        "assessed_on": ctx.assessed_on,
        "unanswered": tuple(
            i.id for i in q.items if i.required and q.is_relevant(i, answers) and answers.get(i.id) is None
        ),
        "unknown": answered(counted, answers, DONT_KNOW),
        "yes_items": answered(counted, answers, YES),
        "scored_items": len(counted),
        "offered": tuple(
            Offer(f.questionnaire, ctx.titles.get(f.questionnaire, f.questionnaire), f.reason)
            for f in q.follow_on
            if f.when.holds(answers)
        ),
        "labels": {i.id: i.name for i in q.items},
    }


def completeness_reason(fields: Mapping[str, Any]) -> list[Reason]:
    """Why an incomplete result may understate the risk (nothing when every required item is answered)."""
    if not fields["unanswered"]:
        return []
    n = len(fields["unanswered"])
    return [
        Reason(
            "completeness",
            "Incomplete",
            f"{plural(n, 'required question')} not answered yet: the result may understate the risk.",
            fields["unanswered"],
        )
    ]


def suggest(ctx: Context, element_id: str, reason: str) -> ServiceSuggestion:
    """An element with its local providers: in the case's area where it is known (marking those whose
    area the directory does not record), and not those that work only in a language the person's
    recorded first language is not."""
    element = ctx.directory.element(element_id)
    area = ctx.area
    providers = []
    for s in ctx.directory.providers(element_id, area.id if area else None, ctx.subject.first_language):
        unrecorded = area is not None and s.covers_area(area.id) is None
        check = f"area not recorded: check it covers {area.name}" if unrecorded and area else None
        providers.append(Provider(s.id, s.name, s.serves, s.covers, check))
    return ServiceSuggestion(element_id, element.name, element.description, tuple(providers), reason)


def area_reason(ctx: Context) -> Reason:
    """What the case's area did to the providers listed (or that it is not known)."""
    if ctx.area is None:
        return Reason("services.area", "Area not known",
                      "The case's area is not recorded, so every provider in the directory is listed, wherever "
                      "it works: check which one covers where the person lives.")
    return Reason("services.area", f"Services for {ctx.area.name}",
                  f"Providers covering {ctx.area.name}, county-wide or national; a provider whose area the "
                  "directory does not record is listed too, marked to check.")
