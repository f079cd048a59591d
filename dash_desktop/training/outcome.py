"""An outcome in the keys of ``dash-desktop score --format json``: what a scenario's model answers
should score to, or what the rules (or a trainee's answers) actually give.

Each key is named as in the score JSON, dotted where it is nested (``marac.criteria``,
``idash.tier``). ``None`` means "not stated" in a scenario, "not in the result" in a result.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

#: Every key, in the order feedback lists them, with the attribute that holds it.
KEYS: dict[str, str] = {
    "risk_level": "risk_level",
    "yes_count": "yes_count",
    "marac.refer": "marac_refer",
    "marac.criteria": "marac_criteria",
    "idash.tier": "tier",
    "pathway": "pathway",
    "priority": "priority",
    "prompts": "prompts",
    "offered": "offered",
}
#: Keys holding a list whose order does not matter (compared as sets).
SET_KEYS = frozenset({"marac.criteria", "pathway", "prompts", "offered"})


@dataclass(frozen=True)
class Outcome:
    risk_level: str | None
    prompts: tuple[str, ...] | None = None
    yes_count: int | None = None
    marac_refer: bool | None = None
    marac_criteria: tuple[str, ...] | None = None
    tier: str | None = None
    pathway: tuple[str, ...] | None = None
    priority: bool | None = None
    offered: tuple[str, ...] | None = None

    def get(self, key: str) -> Any:
        return getattr(self, KEYS[key])

    def stated(self) -> tuple[str, ...]:
        """The keys this outcome gives a value for (``risk_level`` always: ``None`` is a screen's)."""
        return tuple(k for k in KEYS if k == "risk_level" or self.get(k) is not None)

    def to_dict(self, only: Collection[str] | None = None) -> dict[str, Any]:
        """The scenario file's ``model_outcome`` structure; ``only`` keeps just those keys."""
        keys = [k for k in self.stated() if only is None or k in only]
        out: dict[str, Any] = {}
        for key in keys:
            value = self.get(key)
            value = list(value) if isinstance(value, tuple) else value
            head, _, tail = key.partition(".")
            if tail:
                out.setdefault(head, {})[tail] = value
            else:
                out[key] = value
        return out


def from_data(data: Mapping[str, Any]) -> Outcome:
    """An outcome as a scenario file writes it (already checked by the schema)."""
    marac = data.get("marac") or {}
    idash = data.get("idash") or {}
    return Outcome(
        risk_level=data["risk_level"],
        prompts=_ids(data.get("prompts")),
        yes_count=data.get("yes_count"),
        marac_refer=marac.get("refer"),
        marac_criteria=_ids(marac.get("criteria")),
        tier=idash.get("tier"),
        pathway=_ids(data.get("pathway")),
        priority=data.get("priority"),
        offered=_ids(data.get("offered")),
    )


def from_result(result: Mapping[str, Any]) -> Outcome:
    """The outcome of a result, from its JSON form (``Result.to_dict()``): the public contract of the
    score JSON, not the rule code's internals."""
    marac = result.get("marac") or {}
    idash = result.get("idash") or {}
    return Outcome(
        risk_level=result.get("risk_level"),
        prompts=tuple(p["id"] for p in result.get("prompts", [])),
        yes_count=result.get("yes_count"),
        marac_refer=marac.get("refer"),
        marac_criteria=_ids(marac.get("criteria")),
        tier=idash.get("tier"),
        pathway=_ids(result.get("pathway")),
        priority=result.get("priority"),
        offered=tuple(o["questionnaire"] for o in result.get("offered", [])),
    )


def _ids(value: Any) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def same(key: str, a: Any, b: Any) -> bool:
    if key in SET_KEYS and a is not None and b is not None:
        return set(a) == set(b)
    return bool(a == b)


def words(key: str, value: Any) -> str:
    """A value as a practitioner reads it in a sentence."""
    if value is None:
        return "no level" if key == "risk_level" else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "none"
    return str(value)

