"""Alembic environment for the case store.

Migrations run only over the connection the store has already keyed (``config.attributes["connection"]``):
there is no URL and no ``alembic.ini``, because the database cannot be opened without its data key.
"""

from __future__ import annotations

from alembic import context

from dash_desktop.store.migrate import include_name
from dash_desktop.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("the case store's migrations run through dash_desktop.store, over its keyed connection")


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
