"""Area profiles: the thresholds and rules an area applies, loaded from data files.

A profile lives in ``resources/profiles/<id>.yaml`` (or any folder named by
``$DASH_DESKTOP_PROFILES``). ``extends: <id>`` starts from another profile: mappings are merged key
by key, anything else (numbers, lists) is replaced.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from dash_desktop.paths import resource
from dash_desktop.questionnaires.conditions import Condition, ConditionError, parse_condition
from dash_desktop.questionnaires.loader import check_condition, read_data_file, schema_errors
from dash_desktop.questionnaires.model import Questionnaire

T = TypeVar("T")
LEVELS = ("standard", "medium", "high")
DEFAULT_PROFILE = "hampshire"
ENV_PATH = "DASH_DESKTOP_PROFILES"
FORMAT = "dash-desktop.profile/1"


class ProfileError(ValueError):
    """A profile (or services directory) that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Rule:
    """A conditional rule from a profile: a prompt, a need, a floor or a pathway service."""

    id: str
    when: Condition
    text: str  # its ``text`` (prompts, floors) or ``reason`` (needs, services)
    level: str | None = None  # the minimum level a floor sets


@dataclass(frozen=True)
class Profile:
    id: str
    version: str
    name: str
    description: str
    sources: tuple[str, ...]
    services_directory: str
    instruments: Mapping[str, Mapping[str, Any]]
    source: Path
    #: weeks from a high-risk result to the case's review (the profile's ``review_weeks``); None: not set
    review_weeks: int | None = None
    #: what :meth:`once` has worked out, by key: scoring the same form again and again reuses it
    _memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def rules_for(self, instrument: str) -> Mapping[str, Any]:
        try:
            return self.instruments[instrument]
        except KeyError:
            raise ProfileError(
                f"{self.source}: profile '{self.id}' has no rules for the instrument '{instrument}' "
                f"(it has: {', '.join(sorted(self.instruments))})"
            ) from None

    def conditions(self, instrument: str, key: str) -> tuple[Rule, ...]:
        """The rules listed under ``key`` (``prompts``, ``needs``, ``subject_needs``, ``floors``,
        ``pathway.services``) for an instrument, with their conditions parsed; none when the profile
        lists none."""
        return self.once(("rules", instrument, key), lambda: self._parse(instrument, key))

    def once(self, key: Hashable, work: Callable[[], T]) -> T:
        """``work()`` the first time ``key`` is asked for, then the same answer (a profile never
        changes once loaded). For what depends only on the profile and something as fixed, such as
        a questionnaire named by its content hash; a ``work`` that raises is tried again next time."""
        if key not in self._memo:
            self._memo[key] = work()
        return cast(T, self._memo[key])

    def _parse(self, instrument: str, key: str) -> tuple[Rule, ...]:
        node: Any = self.rules_for(instrument)
        for part in key.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        out = []
        for i, raw in enumerate(node or []):
            where = f"{self.source}: instruments.{instrument}.{key}[{i}] ('{raw['id']}')"
            try:
                cond = parse_condition(raw["when"], where)
            except ConditionError as exc:
                raise ProfileError(str(exc)) from None
            out.append(Rule(raw["id"], cond, raw.get("text") or raw.get("reason", ""), raw.get("level")))
        return tuple(out)

    def check_against(self, questionnaire: Questionnaire, items_read: list[str]) -> None:
        """Refuse a questionnaire that lacks an item this profile's rules read (a re-worded file
        that dropped or renamed an item must not be scored as if the answer were "no")."""
        shapes = item_shapes(questionnaire)
        problems = [f"'{i}' is not an item of the questionnaire" for i in items_read if i not in shapes]
        for key in ("prompts", "needs"):
            for rule in self.conditions(questionnaire.instrument, key):
                problems += check_condition(rule.when, shapes, f"{key} '{rule.id}'")
        self.refuse_if(questionnaire, problems)

    def refuse_if(self, questionnaire: Questionnaire, problems: list[str]) -> None:
        """Raise ``ProfileError`` naming the profile, the questionnaire and each problem (if any)."""
        if problems:
            raise ProfileError(
                f"profile '{self.id}' cannot score {questionnaire.id} {questionnaire.version} "
                f"({questionnaire.source}): " + "; ".join(dict.fromkeys(problems))
            )


def item_shapes(questionnaire: Questionnaire) -> dict[str, dict[str, Any]]:
    """Each item's type and answer values, in the form :func:`check_condition` reads."""
    return {
        i.id: {"type": i.type.value, "choices": [{"value": c.value} for c in i.choices]}
        for i in questionnaire.items
    }


def search_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get(ENV_PATH, "").split(os.pathsep) if p]
    return [*extra, resource("profiles")]


def find_profile(name: str) -> Path:
    """A profile by id (searched in the profile folders) or by path to a file."""
    candidate = Path(name)
    if candidate.suffix.lower() in (".yaml", ".yml", ".json"):
        return candidate
    for folder in search_dirs():
        for suffix in (".yaml", ".yml", ".json"):
            path = folder / f"{name}{suffix}"
            if path.is_file():
                return path
    raise ProfileError(f"no profile named '{name}' (known: {', '.join(available_profiles()) or 'none'})")


def available_profiles() -> list[str]:
    names = {
        p.stem
        for folder in search_dirs()
        if folder.is_dir()
        for p in folder.iterdir()
        if p.suffix.lower() in (".yaml", ".yml", ".json")
    }
    return sorted(names)


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        data = read_data_file(path)
    except OSError as exc:
        raise ProfileError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ProfileError(f"{path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProfileError(f"{path}: 'format' must be {FORMAT!r}")
    return data


def load_profile(name: str = DEFAULT_PROFILE) -> Profile:
    path = find_profile(name)
    data = _read(path)
    seen = [data["id"]]
    while "extends" in data:
        parent_id = data["extends"]
        if parent_id in seen:
            raise ProfileError(f"{path}: 'extends' goes round in a circle ({' -> '.join([*seen, parent_id])})")
        seen.append(parent_id)
        parent = _read(find_profile(parent_id))
        child = {k: v for k, v in data.items() if k != "extends"}
        data = merge(parent, child)
    errors = schema_errors(__package__, "profile.schema.json", data)
    if errors:
        lines = "; ".join(f"{'.'.join(map(str, e.absolute_path)) or 'top level'}: {e.message}" for e in errors[:5])
        raise ProfileError(f"{path}: not a usable profile: {lines}")
    for instrument, rules in data["instruments"].items():
        levels = rules.get("levels")
        if levels and not levels["standard"] < levels["medium"] < levels["high"]:
            raise ProfileError(f"{path}: instruments.{instrument}.levels must rise: standard < medium < high")
    profile = Profile(
        id=data["id"],
        version=data["version"],
        name=data["name"],
        description=data.get("description", "").strip(),
        sources=tuple(data.get("sources", [])),
        services_directory=data["services_directory"],
        instruments=data["instruments"],
        source=path,
        review_weeks=data.get("review_weeks"),
    )
    for instrument in profile.instruments:  # parse every condition now: fail at load, not mid-scoring
        profile.conditions(instrument, "prompts")
        profile.conditions(instrument, "needs")
        profile.conditions(instrument, "subject_needs")
    return profile
