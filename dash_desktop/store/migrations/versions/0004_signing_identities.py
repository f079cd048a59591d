"""The practitioner's signing identity (issue 4: signed PDF reports), kept in the encrypted database.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 12:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signing_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=True),
        sa.Column("pkcs12", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=95), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name=op.f("fk_signing_identities_practitioner_id_practitioners"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_identities")),
    )


def downgrade() -> None:
    op.drop_table("signing_identities")
