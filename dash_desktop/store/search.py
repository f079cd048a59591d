"""The case-list search: one rule for every field it looks through.

A search matches any part of a case's reference, its area or the name of anyone in its household,
ignoring case and accents ("zoe" finds "Zoë", "0043" finds "HX-2026-0043", "strasse" finds
"Straße"). Both sides go through :func:`search_key`; each case keeps the folded text of its fields
in ``cases.search_text``, set here whenever one of them changes, and a trigram full-text index over
that column (migration 0008) finds the cases holding a search of three or more characters without
reading every case. A search of one or two characters is shorter than a trigram: it is a plain
``LIKE`` over the folded column, read in the list's own sort order, which stops at the first page
of matches.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dash_desktop.store.models import Case, Person

#: What separates the fields in ``search_text``; a folded search never holds it, so no match spans two fields.
SEPARATOR = "\n"
#: The trigram index finds text of this many characters or more.
TRIGRAM = 3


def search_key(text: str) -> str:
    """``text`` as the search compares it: accents dropped (compatibility decomposition, combining
    marks removed), case folded, whitespace collapsed to single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def search_text(reference: str, area: str | None, names: Iterable[str]) -> str:
    """The folded fields of one case, as kept in ``cases.search_text``."""
    return SEPARATOR.join(search_key(field) for field in (reference, area or "", *names))


def refresh(s: Session, case_id: int) -> None:
    """Recompute one case's ``search_text`` from what is in the session (after a change of its
    reference, area, or anyone's name in it)."""
    s.flush()
    case = s.execute(select(Case.reference, Case.area).where(Case.id == case_id)).one()
    names = s.scalars(select(Person.name).where(Person.case_id == case_id).order_by(Person.id))
    s.execute(update(Case).where(Case.id == case_id).values(search_text=search_text(case.reference, case.area, names)))


def match_phrase(key: str) -> str:
    """An FTS5 query for ``key`` as one phrase (so quotes, dashes and the like are literal)."""
    return '"' + key.replace('"', '""') + '"'


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
