"""Questionnaires as versioned data: the model, the schema and the loader (no Qt, no SQLAlchemy)."""

from dash_desktop.questionnaires.conditions import Condition, ConditionError, parse_condition
from dash_desktop.questionnaires.loader import DefinitionError, Registry, load_file, parse_definition
from dash_desktop.questionnaires.model import (
    DONT_KNOW,
    NO,
    YES,
    AnswerError,
    Choice,
    Item,
    ItemType,
    Questionnaire,
    Section,
)

__all__ = [
    "DONT_KNOW",
    "NO",
    "YES",
    "AnswerError",
    "Choice",
    "Condition",
    "ConditionError",
    "DefinitionError",
    "Item",
    "ItemType",
    "Questionnaire",
    "Registry",
    "Section",
    "load_file",
    "parse_condition",
    "parse_definition",
]
