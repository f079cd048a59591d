"""Conditions over answers: the ``relevant`` rule of an item, and the ``when`` of profile rules.

A condition is written as data (YAML/JSON), never as code to evaluate::

    {item: q1, equals: yes}            # the answer to q1 is "yes"
    {item: q18, in: [yes, dont_know]}
    {item: incidents_12m, gte: 3}      # also gt, lte, lt
    {item: q21_which, contains: drugs} # a multiple-choice answer includes "drugs"
    {item: professional_judgement, answered: true}
    {all: [...]}, {any: [...]}, {not: {...}}

An unanswered item satisfies no comparison (only ``answered: false``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

COMPARISONS = ("equals", "in", "gte", "gt", "lte", "lt", "contains", "answered")
#: How deep all / any / not may nest: far more than any rule needs, far less than Python's stack.
MAX_DEPTH = 24


class ConditionError(ValueError):
    """A condition written as data is malformed."""


@dataclass(frozen=True)
class Condition:
    """A parsed condition; evaluate it with :meth:`holds`."""

    op: str  # one of COMPARISONS, or "all" / "any" / "not"
    item: str | None = None
    value: Any = None
    parts: tuple[Condition, ...] = ()

    def holds(self, answers: Mapping[str, Any]) -> bool:
        if self.op == "all":
            return all(p.holds(answers) for p in self.parts)
        if self.op == "any":
            return any(p.holds(answers) for p in self.parts)
        if self.op == "not":
            return not self.parts[0].holds(answers)
        answer = answers.get(self.item or "")
        answered = answer is not None and answer != "" and answer != []
        if self.op == "answered":
            return answered is bool(self.value)
        if not answered:
            return False
        if self.op == "equals":
            return bool(answer == self.value)
        if self.op == "in":
            return answer in self.value
        if self.op == "contains":
            return isinstance(answer, list | tuple) and self.value in answer
        if not isinstance(answer, int | float) or isinstance(answer, bool):
            return False
        if self.op == "gte":
            return bool(answer >= self.value)
        if self.op == "gt":
            return bool(answer > self.value)
        if self.op == "lte":
            return bool(answer <= self.value)
        return bool(answer < self.value)  # "lt"

    def leaves(self, skip_negated: bool = False) -> Iterator[Condition]:
        """The comparisons inside the condition (optionally not those under a ``not``)."""
        if self.item is not None:
            yield self
        if skip_negated and self.op == "not":
            return
        for part in self.parts:
            yield from part.leaves(skip_negated)

    def items(self) -> Iterator[str]:
        """Every item id the condition reads, in order of appearance."""
        for leaf in self.leaves():
            yield leaf.item or ""

    def matching_items(self, answers: Mapping[str, Any]) -> tuple[str, ...]:
        """The items whose own comparison holds: the answers that made the condition true."""
        found = (leaf.item or "" for leaf in self.leaves(skip_negated=True) if leaf.holds(answers))
        return tuple(dict.fromkeys(found))

    def describe(self) -> str:
        """A short human reading, e.g. ``q1 = yes and incidents_12m ≥ 3``."""
        if self.op in ("all", "any"):
            joiner = " and " if self.op == "all" else " or "
            return "(" + joiner.join(p.describe() for p in self.parts) + ")"
        if self.op == "not":
            return "not " + self.parts[0].describe()
        symbols = {"equals": "=", "gte": "≥", "gt": ">", "lte": "≤", "lt": "<"}
        if self.op in symbols:
            return f"{self.item} {symbols[self.op]} {self.value}"
        if self.op == "in":
            return f"{self.item} in {', '.join(map(str, self.value))}"
        if self.op == "contains":
            return f"{self.item} includes {self.value}"
        return f"{self.item} {'answered' if self.value else 'not answered'}"


def parse_condition(data: Any, where: str = "condition", depth: int = 0) -> Condition:
    """Parse a condition written as data; raise :class:`ConditionError` naming ``where``."""
    if depth > MAX_DEPTH:
        raise ConditionError(f"{where.split('.')[0]}: the condition nests all / any / not more than {MAX_DEPTH} deep")
    if not isinstance(data, Mapping):
        raise ConditionError(f"{where}: a condition must be a mapping, got {type(data).__name__}")
    keys = set(data)
    for combinator in ("all", "any"):
        if combinator in keys:
            if keys != {combinator}:
                raise ConditionError(f"{where}: '{combinator}' cannot be mixed with {sorted(keys - {combinator})}")
            parts = data[combinator]
            if not isinstance(parts, list) or not parts:
                raise ConditionError(f"{where}: '{combinator}' needs a non-empty list of conditions")
            return Condition(
                combinator,
                parts=tuple(parse_condition(p, f"{where}.{combinator}[{i}]", depth + 1) for i, p in enumerate(parts)),
            )
    if "not" in keys:
        if keys != {"not"}:
            raise ConditionError(f"{where}: 'not' cannot be mixed with {sorted(keys - {'not'})}")
        return Condition("not", parts=(parse_condition(data["not"], f"{where}.not", depth + 1),))
    item = data.get("item")
    if not isinstance(item, str) or not item:
        raise ConditionError(f"{where}: needs 'item' (an item id) or one of all/any/not")
    ops = keys - {"item"}
    if len(ops) != 1 or not ops <= set(COMPARISONS):
        raise ConditionError(f"{where}: needs exactly one of {', '.join(COMPARISONS)}; got {sorted(ops)}")
    op = ops.pop()
    value = data[op]
    if op == "in":
        if not isinstance(value, list) or not value:
            raise ConditionError(f"{where}: 'in' needs a non-empty list")
        value = tuple(value)
    elif op in ("gte", "gt", "lte", "lt"):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ConditionError(f"{where}: '{op}' needs a number")
    elif op == "answered" and not isinstance(value, bool):
        raise ConditionError(f"{where}: 'answered' needs true or false")
    return Condition(op, item=item, value=value)
