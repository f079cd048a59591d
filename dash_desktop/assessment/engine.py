"""Scoring's front door: an interchange document in, a :class:`Result` out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dash_desktop.assessment.document import AssessmentDocument, bind
from dash_desktop.assessment.facts import KnownDate, Subject
from dash_desktop.assessment.profiles import DEFAULT_PROFILE, Profile, ProfileError, load_profile
from dash_desktop.assessment.result import Area, Result
from dash_desktop.assessment.rules import RULE_SETS, Context, items_read
from dash_desktop.assessment.services import ServiceDirectory, load_directory
from dash_desktop.questionnaires.loader import Registry
from dash_desktop.questionnaires.model import AnswerError, Questionnaire


def check_profile(profile: Profile, questionnaire: Questionnaire) -> str:
    """Refuse a profile that cannot score this questionnaire; return the rule-set name. Checked once
    for each definition (by its content hash) a loaded profile scores."""
    return profile.once(("fits", questionnaire.content_hash), lambda: _check_profile(profile, questionnaire))


def _check_profile(profile: Profile, questionnaire: Questionnaire) -> str:
    rules = profile.rules_for(questionnaire.instrument)
    name = rules["rules"]
    if name not in RULE_SETS:
        raise ProfileError(f"{profile.source}: unknown rule set {name!r} (known: {', '.join(sorted(RULE_SETS))})")
    if not questionnaire.tagged(rules["count_tag"]):
        raise ProfileError(
            f"profile '{profile.id}' counts items tagged '{rules['count_tag']}', and "
            f"{questionnaire.id} {questionnaire.version} has none"
        )
    profile.check_against(questionnaire, items_read(rules))
    return str(name)


def score(
    doc: AssessmentDocument,
    profile: Profile | str | None = None,
    registry: Registry | None = None,
    directory: ServiceDirectory | None = None,
    *,
    known_marac_on: KnownDate | None = None,
) -> Result:
    """Score ``doc`` (with its ``area`` and ``subject``). Raises ``AnswerError`` for bad answers or an
    area not in the services directory, and ``ProfileError`` for a profile that cannot score the
    questionnaire. ``known_marac_on``: see :func:`score_answers`.

    A profile given by name is read and validated on every call: a caller that scores again and
    again (the live form) loads it once with :func:`load_profile` and passes the object, and may pass
    the profile's services ``directory`` too."""
    registry = registry if registry is not None else Registry.default()
    if not isinstance(profile, Profile):
        profile = load_profile(profile or DEFAULT_PROFILE)
    questionnaire, answers = bind(doc, registry)
    return score_answers(questionnaire, answers, doc.assessed_on, profile, registry, directory, area=doc.area,
                         subject=doc.subject, known_marac_on=known_marac_on)


def score_answers(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    assessed_on: dt.date,
    profile: Profile,
    registry: Registry,
    directory: ServiceDirectory | None = None,
    *,
    area: str | None = None,
    subject: Subject | None = None,
    known_marac_on: KnownDate | None = None,
) -> Result:
    """Score answers already checked against ``questionnaire`` (what :func:`bind` returns, or what a
    form session holds: each answer checked as it was given).

    ``area``: the case's district id (one of the directory's ``districts``; another is refused with an
    ``AnswerError`` on ``area``); providers are matched to it, and without it every provider is listed.
    ``subject``: the person's recorded details (armed forces, first language, interpreter).
    ``known_marac_on``: the last MARAC referral the case's own history holds (on or before the
    assessment), with where it comes from in words; the repeat criterion uses it, or the answered
    ``previous_marac_on`` if later."""
    rule_set = check_profile(profile, questionnaire)
    titles = {}
    for follow_on in questionnaire.follow_on:
        try:
            titles[follow_on.questionnaire] = registry.get(follow_on.questionnaire).title
        except KeyError:  # not installed: offered by its id
            continue
    if directory is None:
        directory = load_directory(profile.services_directory)
    ctx = Context(questionnaire, answers, assessed_on, profile, directory, titles, district(directory, area),
                  subject or Subject(), known_marac_on)
    return RULE_SETS[rule_set](ctx)


def district(directory: ServiceDirectory, area: str | None) -> Area | None:
    """The case's district, by its id in the services directory; an unknown one is refused."""
    if area is None:
        return None
    if area not in directory.districts:
        known = ", ".join(directory.districts) or "none"
        raise AnswerError("area", f"{area!r} is not a district of {directory.name} (districts: {known})")
    return Area(area, directory.districts[area])
