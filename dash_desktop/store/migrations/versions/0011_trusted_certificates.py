"""Certificates the practitioner trusts as signers of reports brought into the store (issue 10,
defect 4: ``identity trust add CERT.pem``); ``assess import REPORT.pdf`` refuses any other signer.

Revision ID: 0011
Revises: 0009 (0010 is another branch's: when both are merged, this one revises 0010)
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trusted_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=95), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_certificates")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_trusted_certificates_fingerprint")),
    )


def downgrade() -> None:
    op.drop_table("trusted_certificates")
