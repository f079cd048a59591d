"""Load, validate and index questionnaire definition files (YAML or JSON).

A definition is validated in two passes: the JSON Schema (structure and types), then the checks a
schema cannot express (unique ids, conditions that name real items and real answers). Either pass
refuses the file with a :class:`DefinitionError` naming the file, the item and what is wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from dash_desktop.questionnaires.conditions import Condition, ConditionError, parse_condition
from dash_desktop.questionnaires.model import (
    FIXED_CHOICES,
    HOUSEHOLD_FACT_TYPES,
    Choice,
    FollowOn,
    HouseholdFact,
    Item,
    ItemType,
    Prefill,
    Questionnaire,
    Section,
)

if TYPE_CHECKING:
    import jsonschema

FORMAT = "dash-desktop.questionnaire/1"
SUFFIXES = (".yaml", ".yml", ".json")
#: Extra folders of definitions (an organisation's licensed wording), separated like PATH.
ENV_PATH = "DASH_DESKTOP_QUESTIONNAIRES"
#: Bounds on a data file (a definition, a profile, the services directory), far above any real one:
#: its size, how deep it nests, and how many values it holds once YAML aliases are followed (an
#: "alias bomb" of a few lines stands for billions of values, and would hang whatever reads it).
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 200_000
#: How much of an offending value a fault quotes.
QUOTE = 120


class DefinitionError(ValueError):
    """A questionnaire definition that cannot be used. The message names file, item and fault."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: not a usable questionnaire definition:\n{lines}")


def _strict_bools(base: type[Any]) -> type[Any]:
    """YAML 1.1 reads a bare ``yes``/``no``/``on``/``off`` as a boolean; questionnaire files use
    ``yes`` and ``no`` as answers, so only ``true``/``false`` are booleans here."""
    loader: type[Any] = type(f"StrictBool{base.__name__}", (base,), {})
    loader.yaml_implicit_resolvers = {
        key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:bool"]
        for key, resolvers in base.yaml_implicit_resolvers.items()
    }
    for first in "tTfF":
        loader.add_implicit_resolver(
            "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [first]
        )
    return loader


#: PyYAML's safe loader over libyaml where the wheel has it (about ten times faster than the pure
#: Python parser, which was most of what ``dash-desktop score`` spent), then the pure Python one:
#: a file libyaml refuses is read again by it, for its clearer account of where the fault is.
_LOADERS = tuple(_strict_bools(base) for base in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader) if base)


def _load_yaml(text: str) -> Any:
    for loader in _LOADERS[:-1]:
        try:
            return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_LOADERS[-1])  # noqa: S506 - a safe loader


def check_shape(data: Any) -> None:
    """Refuse data nested deeper than :data:`MAX_DEPTH` or holding more than :data:`MAX_VALUES`
    values (counting each use of a YAML alias), without ever walking more than that."""
    pending: list[tuple[int, Any]] = [(0, data)]
    seen = 0
    while pending:
        depth, value = pending.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise ValueError(f"holds more than {MAX_VALUES:,} values (YAML aliases repeating a part?): "
                             "too large to be read")
        if depth > MAX_DEPTH:
            raise ValueError(f"is nested too deeply (more than {MAX_DEPTH} levels) to be read")
        if isinstance(value, dict):
            pending.extend((depth + 1, v) for v in value.values())
            seen += len(value)  # the keys
        elif isinstance(value, list):
            pending.extend((depth + 1, v) for v in value)


def read_data_file(path: Path) -> Any:
    """Read YAML or JSON (by suffix) into plain data; raise ``ValueError`` with a clear reason."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError(f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: too large to be read")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    else:
        try:
            data = _load_yaml(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise ValueError(f"malformed YAML{where}: {_quote(problem)}") from None
    check_shape(data)
    return data


def _quote(text: str) -> str:
    """Part of an offending value, for a message: never the whole of a long one."""
    return text if len(text) <= QUOTE else text[: QUOTE - 1] + "…"


@cache
def _schema(package: str, name: str) -> jsonschema.Draft202012Validator:
    import jsonschema  # ~50 ms: loaded when a definition is first read, not at start-up

    text = resources.files(package).joinpath(name).read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def schema_errors(package: str, name: str, data: Any) -> list[jsonschema.ValidationError]:
    """Where ``data`` breaks the JSON Schema ``name`` shipped in ``package``, in document order (the
    questionnaire and the profile loaders both validate with it)."""
    return sorted(_schema(package, name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))


def content_hash(data: Any) -> str:
    """SHA-256 of the definition's canonical JSON: the same content gives the same hash whether it
    was written as YAML or JSON, with whatever comments and spacing."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _where(data: Any, path: Iterable[Any]) -> str:
    """Turn a JSON path into words: ``item 'q3' (field 'type')``."""
    parts = list(path)
    node = data
    label = ""
    for i, key in enumerate(parts):
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, Mapping) and isinstance(node.get("id"), str) and i >= 1:
            kind = "item" if parts[i - 1] == "items" else "section" if parts[i - 1] == "sections" else ""
            if kind:
                rest = ".".join(str(p) for p in parts[i + 1 :])
                label = f"{kind} '{node['id']}'" + (f" (field '{rest}')" if rest else "")
    if label:
        return label
    return "field '" + ".".join(str(p) for p in parts) + "'" if parts else "top level"


def parse_definition(data: Any, source: str = "<definition>", path: Path | None = None) -> Questionnaire:
    """Validate plain data as a definition and build the :class:`Questionnaire`."""
    errors = schema_errors(__package__, "schema/questionnaire.schema.json", data)
    if errors:
        raise DefinitionError(source, [f"{_where(data, e.absolute_path)}: {_quote(e.message)}" for e in errors[:10]])
    problems: list[str] = []
    items: dict[str, dict[str, Any]] = {}
    section_ids: set[str] = set()
    for section in data["sections"]:
        if section["id"] in section_ids:
            problems.append(f"section '{section['id']}': the id is used twice")
        section_ids.add(section["id"])
        for raw in section["items"]:
            if raw["id"] in items:
                problems.append(f"item '{raw['id']}': the id is used twice")
            items[raw["id"]] = raw
            values = [c["value"] for c in raw.get("choices", [])]
            if len(set(values)) != len(values):
                problems.append(f"item '{raw['id']}': a choice value is used twice")
            if raw.get("minimum", float("-inf")) > raw.get("maximum", float("inf")):
                problems.append(f"item '{raw['id']}': minimum is greater than maximum")
            problems += _prefill_problems(raw)

    def condition(raw: Any, where: str, owner: str | None = None) -> Condition | None:
        try:
            cond = parse_condition(raw, where)
        except ConditionError as exc:
            problems.append(str(exc))
            return None
        problems.extend(check_condition(cond, items, where, owner))
        return cond

    sections = []
    for section in data["sections"]:
        built = []
        for raw in section["items"]:
            relevant = None
            if "relevant" in raw:
                relevant = condition(raw["relevant"], f"item '{raw['id']}' (relevant)", raw["id"])
            built.append(
                Item(
                    id=raw["id"],
                    type=ItemType(raw["type"]),
                    prompt=raw["prompt"].strip(),
                    label=raw.get("label", ""),
                    guidance=raw.get("guidance", "").strip(),
                    required=raw.get("required", False),
                    relevant=relevant,
                    tags=frozenset(raw.get("tags", [])),
                    choices=tuple(Choice(c["value"], c["label"], frozenset(c.get("tags", [])))
                                  for c in raw.get("choices", [])),
                    minimum=raw.get("minimum"),
                    maximum=raw.get("maximum"),
                    integer=raw.get("integer", False),
                    ask_source=raw.get("ask_source", False),
                    persists=raw.get("persists", True),
                    prefill=_prefill(raw.get("prefill")),
                )
            )
        sections.append(Section(section["id"], section["title"], tuple(built), section.get("description", "")))
    follow_on = []
    for i, raw in enumerate(data.get("follow_on", [])):
        when = condition(raw["when"], f"follow_on[{i}] (when)")
        if when is not None:
            follow_on.append(FollowOn(raw["questionnaire"], when, raw["reason"]))
    if problems:
        raise DefinitionError(source, problems)
    return Questionnaire(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        instrument=data.get("instrument", data["id"]),
        attribution=data["attribution"].strip(),
        description=data.get("description", "").strip(),
        subject=data.get("subject", "victim"),
        sections=tuple(sections),
        follow_on=tuple(follow_on),
        content_hash=content_hash(data),
        source=path,
    )


def _prefill(raw: Mapping[str, Any] | None) -> Prefill | None:
    if raw is None:
        return None
    if "household" in raw:
        return Prefill(household=HouseholdFact(raw["household"]))
    return Prefill(questionnaire=raw["questionnaire"], item=raw["item"])


def _prefill_problems(raw: Mapping[str, Any]) -> list[str]:
    """A household fact fills only an item of a type that can hold it (a count, a yes or no)."""
    fact = (raw.get("prefill") or {}).get("household")
    if fact is None or raw["type"] in HOUSEHOLD_FACT_TYPES[HouseholdFact(fact)]:
        return []
    kinds = " or ".join(HOUSEHOLD_FACT_TYPES[HouseholdFact(fact)])
    return [f"item '{raw['id']}': the household's {fact} can fill only a {kinds} item, not {raw['type']}"]


def check_condition(
    cond: Condition, items: Mapping[str, Mapping[str, Any]], where: str, owner: str | None = None
) -> list[str]:
    """Problems with a condition against the items it reads (``items``: id -> raw item data)."""
    problems = []
    for leaf in cond.leaves():
        raw = items.get(leaf.item or "")
        if raw is None:
            problems.append(f"{where}: refers to '{leaf.item}', which is not an item of this questionnaire")
            continue
        if leaf.item == owner:
            problems.append(f"{where}: an item cannot depend on its own answer")
        kind = raw["type"]
        fixed = FIXED_CHOICES.get(ItemType(kind))  # the type is checked by the schema before this
        allowed = [v for v, _ in fixed] if fixed else [c["value"] for c in raw.get("choices", [])]
        if leaf.op in ("equals", "in", "contains"):
            if kind in ("text", "date"):
                continue
            values = leaf.value if leaf.op == "in" else (leaf.value,)
            if kind == "number":
                if not all(isinstance(v, int | float) for v in values):
                    problems.append(f"{where}: '{leaf.item}' is a number; compare it with a number")
                continue
            if leaf.op == "contains" and kind != "multiple_choice":
                problems.append(f"{where}: 'contains' needs a multiple-choice item; '{leaf.item}' is {kind}")
            for v in values:
                if v not in allowed:
                    problems.append(f"{where}: '{leaf.item}' has no answer {_quote(repr(v))} "
                                    f"(answers: {', '.join(allowed)})")
        elif leaf.op in ("gte", "gt", "lte", "lt") and kind != "number":
            problems.append(f"{where}: '{leaf.op}' needs a number item; '{leaf.item}' is {kind}")
    return problems


def load_file(path: Path | str) -> Questionnaire:
    """Load one definition file; every fault comes out as :class:`DefinitionError`."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise DefinitionError(str(path), [f"unknown file type {path.suffix!r}: use .yaml, .yml or .json"])
    try:
        data = read_data_file(path)
    except OSError as exc:
        raise DefinitionError(str(path), [f"cannot be read: {exc.strerror or exc}"]) from None
    except RecursionError:
        raise DefinitionError(str(path), [f"is nested too deeply (more than {MAX_DEPTH} levels) to be read"]) from None
    except ValueError as exc:
        raise DefinitionError(str(path), [str(exc)]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise DefinitionError(str(path), [f"top level: 'format' must be {FORMAT!r} (found {_quote(repr(found))})"])
    try:
        return parse_definition(data, str(path), path)
    except RecursionError:  # pragma: no cover - check_shape bounds the nesting first
        raise DefinitionError(str(path), ["is nested too deeply to be a definition"]) from None


def builtin_dir() -> Path:
    return Path(str(resources.files(__package__).joinpath("definitions")))


def search_dirs(extra: Iterable[Path] = ()) -> list[Path]:
    """Where definitions are found: the shipped ones, then ``$DASH_DESKTOP_QUESTIONNAIRES``, then
    ``extra`` (for example the data directory's ``questionnaires/`` folder)."""
    dirs = [builtin_dir()]
    dirs += [Path(p) for p in os.environ.get(ENV_PATH, "").split(os.pathsep) if p]
    dirs += list(extra)
    return dirs


class Registry:
    """All definitions found in a list of folders, by id and version."""

    def __init__(self, questionnaires: Iterable[Questionnaire], problems: Iterable[DefinitionError] = ()) -> None:
        self._by_id: dict[str, dict[str, Questionnaire]] = {}
        self.problems = list(problems)
        for q in questionnaires:
            versions = self._by_id.setdefault(q.id, {})
            if q.version in versions and versions[q.version].content_hash != q.content_hash:
                self.problems.append(
                    DefinitionError(
                        str(q.source),
                        [f"{q.id} version {q.version} is also defined, differently, in {versions[q.version].source}"],
                    )
                )
                continue
            versions.setdefault(q.version, q)

    @classmethod
    def from_dirs(cls, dirs: Iterable[Path]) -> Registry:
        found: list[Questionnaire] = []
        problems: list[DefinitionError] = []
        for folder in dirs:
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in SUFFIXES and path.is_file():
                    try:
                        found.append(load_file(path))
                    except DefinitionError as exc:
                        problems.append(exc)
                    except (RecursionError, MemoryError, TypeError, ValueError) as exc:
                        # A fault this loader did not foresee: still only this file is left out.
                        problems.append(DefinitionError(str(path), [f"cannot be read ({type(exc).__name__})"]))
        return cls(found, problems)

    @classmethod
    def default(cls, extra: Iterable[Path] = ()) -> Registry:
        return cls.from_dirs(search_dirs(extra))

    def __iter__(self) -> Iterator[Questionnaire]:
        for qid in sorted(self._by_id):
            yield from sorted(self._by_id[qid].values(), key=lambda q: q.version_key)

    def get(self, qid: str, version: str | None = None) -> Questionnaire:
        """The named version, or the newest; ``KeyError`` with a readable message otherwise."""
        versions = self._by_id.get(qid)
        if not versions:
            known = ", ".join(sorted(self._by_id)) or "none"
            raise KeyError(f"no questionnaire with id {qid!r} (known: {known})")
        if version is None:
            return max(versions.values(), key=lambda q: q.version_key)
        if version not in versions:
            raise KeyError(f"questionnaire {qid!r} has no version {version!r} (known: {', '.join(sorted(versions))})")
        return versions[version]

    def latest(self) -> list[Questionnaire]:
        return [self.get(qid) for qid in sorted(self._by_id)]
