"""Schema migrations: Alembic scripts shipped inside the package, run over the keyed connection."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError as AlembicCommandError
from sqlalchemy import Connection

from dash_desktop.store.models import PEOPLE_NAME_INDEX

SCRIPT_LOCATION = "dash_desktop.store:migrations"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the full-text index (a virtual table and its shadow tables) out of autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith(PEOPLE_NAME_INDEX))


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    if head is None:  # pragma: no cover - a packaging fault
        raise RuntimeError("the package ships no migrations")
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def is_known(revision: str) -> bool:
    """Whether this program has the migration ``revision`` (a newer program's revision is unknown)."""
    try:
        return script_directory().get_revision(revision) is not None
    except AlembicCommandError:
        return False


def upgrade(connection: Connection, target: str = "head") -> None:
    command.upgrade(config(connection), target)


def downgrade(connection: Connection, target: str) -> None:
    """For tests of the upgrade path only."""
    command.downgrade(config(connection), target)
