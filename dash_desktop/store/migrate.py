"""Schema migrations: Alembic scripts shipped inside the package, run over the keyed connection.

Alembic (~0.1 s to import) is loaded only when a migration runs: opening an up-to-date store needs
only the list of revisions this program knows, read from the scripts' ``revision`` lines.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import TYPE_CHECKING

from dash_desktop.store.models import CASE_SEARCH_INDEX

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

SCRIPT_LOCATION = "dash_desktop.store:migrations"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the full-text index (a virtual table and its shadow tables) out of autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith(CASE_SEARCH_INDEX))


def config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


_REVISION = re.compile(r'^revision(?:: str)? = "([^"]+)"', re.MULTILINE)


@functools.cache
def known_revisions() -> tuple[str, ...]:
    """The revisions shipped with this program, oldest first (one linear chain, numbered 0001, …)."""
    folder = resources.files(__package__).joinpath("migrations", "versions")
    found = [
        m.group(1)
        for entry in folder.iterdir()
        if entry.name.endswith(".py") and (m := _REVISION.search(entry.read_text("utf-8")))
    ]
    if not found:  # pragma: no cover - a packaging fault
        raise RuntimeError("the package ships no migrations")
    return tuple(sorted(found))


def head_revision() -> str:
    return known_revisions()[-1]


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def is_known(revision: str) -> bool:
    """Whether this program has the migration ``revision`` (a newer program's revision is unknown)."""
    return revision in known_revisions()


def upgrade(connection: Connection, target: str = "head") -> None:
    from alembic import command

    command.upgrade(config(connection), target)


def downgrade(connection: Connection, target: str) -> None:
    """For tests of the upgrade path only."""
    from alembic import command

    command.downgrade(config(connection), target)
