"""The assessment interchange document (``dash-desktop.assessment/1``), documented in
docs/interchange.md. Parsing checks the envelope; :func:`bind` checks each answer against the
questionnaire it names. Every fault is an :class:`AnswerError` naming the field."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dash_desktop.assessment.facts import Subject, parse_subject
from dash_desktop.questionnaires.loader import Registry
from dash_desktop.questionnaires.model import FIXED_CHOICES, AnswerError, Questionnaire

FORMAT = "dash-desktop.assessment/1"
_KEYS = {"format", "questionnaire", "assessed_on", "answers", "sources", "meta", "area", "subject"}
#: Bounds at the door: an interchange file larger than this is not an assessment; no whole number
#: in one is longer than 15 digits (nothing counts that high); nothing nests deeper than this.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DIGITS = 15
MAX_DEPTH = 16


@dataclass(frozen=True)
class AssessmentDocument:
    questionnaire_id: str
    assessed_on: dt.date
    answers: dict[str, Any]
    questionnaire_version: str | None = None
    questionnaire_hash: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    area: str | None = None  # the case's district id (checked against the services directory when scored)
    subject: Subject = field(default_factory=Subject)  # the person's recorded details the services read

    def to_dict(self) -> dict[str, Any]:
        ref: dict[str, str] = {"id": self.questionnaire_id}
        if self.questionnaire_version:
            ref["version"] = self.questionnaire_version
        if self.questionnaire_hash:
            ref["hash"] = self.questionnaire_hash
        out: dict[str, Any] = {
            "format": FORMAT,
            "questionnaire": ref,
            "assessed_on": self.assessed_on.isoformat(),
            "answers": dict(self.answers),
        }
        if self.sources:
            out["sources"] = dict(self.sources)
        if self.meta:
            out["meta"] = dict(self.meta)
        if self.area is not None:
            out["area"] = self.area
        if self.subject.to_dict():
            out["subject"] = self.subject.to_dict()
        return out


def _field(path: tuple[str, ...]) -> str:
    return ".".join(part if part.isprintable() and len(part) <= 60 else repr(part[:60]) for part in path)


def check_values(data: Any) -> None:
    """Refuse, naming the field, what no answer can be and what the report could not print: text with
    lone surrogates (not Unicode text: it cannot be written out), a whole number of more than
    :data:`MAX_DIGITS` digits, and nesting deeper than :data:`MAX_DEPTH`."""
    pending: list[tuple[tuple[str, ...], Any]] = [((), data)]
    while pending:
        path, value = pending.pop()
        if len(path) > MAX_DEPTH:
            raise AnswerError(_field(path[:MAX_DEPTH]), f"is nested more than {MAX_DEPTH} deep")
        if isinstance(value, str):
            _check_text(value, path)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_DIGITS:
            raise AnswerError(_field(path), f"a number of more than {MAX_DIGITS} digits is not an answer")
        elif isinstance(value, dict):
            for key, inner in value.items():
                _check_text(str(key), (*path, "<key>"))
                pending.append(((*path, str(key)), inner))
        elif isinstance(value, list):
            pending.extend(((*path, f"[{i}]"), inner) for i, inner in enumerate(value))


def _check_text(text: str, path: tuple[str, ...]) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        where = _field(path[:-1]) if path and path[-1] == "<key>" else _field(path)
        what = "a field name in it " if path and path[-1] == "<key>" else ""
        raise AnswerError(where or "document", f"{what}holds a character that is not Unicode text "
                          f"(a lone surrogate at character {exc.start + 1}); type it again") from None


def parse_document(data: Any) -> AssessmentDocument:
    if not isinstance(data, dict):
        raise AnswerError("document", "must be a JSON object")
    check_values(data)
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise AnswerError(unknown[0], f"is not a field of {FORMAT} (fields: {', '.join(sorted(_KEYS))})")
    if data.get("format") != FORMAT:
        raise AnswerError("format", f"must be {FORMAT!r}")
    ref = data.get("questionnaire")
    if not isinstance(ref, dict) or not isinstance(ref.get("id"), str) or not ref["id"]:
        raise AnswerError("questionnaire.id", 'is missing (e.g. {"questionnaire": {"id": "dash-ric"}})')
    for key in ("version", "hash"):
        if key in ref and not isinstance(ref[key], str):
            raise AnswerError(f"questionnaire.{key}", "must be a string")
    extra = sorted(set(ref) - {"id", "version", "hash"})
    if extra:
        raise AnswerError(f"questionnaire.{extra[0]}", "is not a field (fields: id, version, hash)")
    assessed = data.get("assessed_on")
    if not isinstance(assessed, str):
        raise AnswerError("assessed_on", "is missing: the date of the assessment, as YYYY-MM-DD")
    try:
        assessed_on = dt.date.fromisoformat(assessed)
        if len(assessed) != 10:
            raise ValueError
    except ValueError:
        raise AnswerError("assessed_on", f"{assessed!r} is not a date (use YYYY-MM-DD)") from None
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise AnswerError("answers", "must be an object of item id -> answer")
    sources = data.get("sources", {})
    if not isinstance(sources, dict) or not all(isinstance(v, str) for v in sources.values()):
        raise AnswerError("sources", "must be an object of item id -> who gave the information")
    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        raise AnswerError("meta", "must be an object")
    area = data.get("area")
    if area is not None and (not isinstance(area, str) or not area):
        raise AnswerError("area", 'must be a district id, e.g. "fareham"')
    return AssessmentDocument(
        questionnaire_id=ref["id"],
        questionnaire_version=ref.get("version"),
        questionnaire_hash=ref.get("hash"),
        assessed_on=assessed_on,
        answers=dict(answers),
        sources=dict(sources),
        meta=dict(meta),
        area=area,
        subject=parse_subject(data["subject"]) if data.get("subject") is not None else Subject(),
    )


def read_document(path: Path | str) -> AssessmentDocument:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise AnswerError(str(path), f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: not an assessment")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AnswerError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise AnswerError(str(path), "is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswerError(str(path), f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise AnswerError(str(path), "is nested too deeply to be an assessment") from None
    except ValueError:  # Python's limit on the digits of a whole number read from text
        raise AnswerError(str(path), f"holds a number of thousands of digits; no answer has more than "
                          f"{MAX_DIGITS}") from None
    return parse_document(data)


def bind(doc: AssessmentDocument, registry: Registry) -> tuple[Questionnaire, dict[str, Any]]:
    """Find the questionnaire and check every answer; return it with the canonical answers."""
    try:
        questionnaire = registry.get(doc.questionnaire_id, doc.questionnaire_version)
    except KeyError as exc:
        raise AnswerError("questionnaire", str(exc.args[0])) from None
    if doc.questionnaire_hash and doc.questionnaire_hash != questionnaire.content_hash:
        raise AnswerError(
            "questionnaire.hash",
            f"the answers were given on a different definition of {questionnaire.id} {questionnaire.version} "
            f"(hash {doc.questionnaire_hash[:12]}…, this one is {questionnaire.content_hash[:12]}…)",
        )
    answers: dict[str, Any] = {}
    for item_id, value in doc.answers.items():
        if not questionnaire.has_item(item_id):
            raise AnswerError(item_id, f"is not an item of {questionnaire.id} {questionnaire.version}")
        answers[item_id] = questionnaire.item(item_id).check_answer(value)
    for item_id in doc.sources:
        if not questionnaire.has_item(item_id):
            raise AnswerError(f"sources.{item_id}", f"is not an item of {questionnaire.id}")
        if questionnaire.item(item_id).type not in FIXED_CHOICES:
            raise AnswerError(f"sources.{item_id}", "a source can be given only for a yes/no item")
    return questionnaire, {k: v for k, v in answers.items() if v is not None}
