"""The domain core: answers in, an explained risk result out. Plain Python: no Qt, no SQLAlchemy."""

from dash_desktop.assessment.document import AssessmentDocument, bind, parse_document, read_document
from dash_desktop.assessment.engine import score, score_answers
from dash_desktop.assessment.facts import KnownDate, Subject
from dash_desktop.assessment.profiles import (
    DEFAULT_PROFILE,
    LEVELS,
    Profile,
    ProfileError,
    available_profiles,
    load_profile,
)
from dash_desktop.assessment.result import AID_NOTICE, Reason, Result
from dash_desktop.assessment.review import proposed_review

__all__ = [
    "AID_NOTICE",
    "DEFAULT_PROFILE",
    "LEVELS",
    "AssessmentDocument",
    "KnownDate",
    "Profile",
    "ProfileError",
    "Reason",
    "Result",
    "Subject",
    "available_profiles",
    "bind",
    "load_profile",
    "parse_document",
    "proposed_review",
    "read_document",
    "score",
    "score_answers",
]
