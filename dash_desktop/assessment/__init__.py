"""The domain core: answers in, an explained risk result out. Plain Python: no Qt, no SQLAlchemy."""

from dash_desktop.assessment.document import AssessmentDocument, bind, parse_document, read_document
from dash_desktop.assessment.engine import score
from dash_desktop.assessment.profiles import (
    DEFAULT_PROFILE,
    LEVELS,
    Profile,
    ProfileError,
    available_profiles,
    load_profile,
)
from dash_desktop.assessment.result import AID_NOTICE, Reason, Result

__all__ = [
    "AID_NOTICE",
    "DEFAULT_PROFILE",
    "LEVELS",
    "AssessmentDocument",
    "Profile",
    "ProfileError",
    "Reason",
    "Result",
    "available_profiles",
    "bind",
    "load_profile",
    "parse_document",
    "read_document",
    "score",
]
