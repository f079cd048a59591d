"""From the score to the action (issue 12): people's contact and household details and equality
fields as the SafeLives MARAC dataset's categories; referrals to children's services, the ``heard``
status, the referral form's answers and the meeting's actions; signed referral documents; notes
marked as incidents; a case's close date and outcome; the practitioner's phone and email (the
referrer's contact details on a referral).

The equality fields held free text until now. Each value this migration recognises (ignoring case
and punctuation: "F", "Woman", "White British", "Y"...) becomes its category; anything else is kept
word for word in the new ``equality_note`` ("gender: Woman (trans)"), and the field is left empty,
so nothing is lost. A value recognised but more precise than its category ("Veteran" for armed
forces: yes) is kept in the note as well.

``referrals`` and ``signed_documents`` are rebuilt (SQLite cannot change a CHECK constraint or make
a column nullable in place); every row is copied.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 01:30:00
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of the vocabulary as this migration knows it (dash_desktop.store.vocabulary may change).
_NOT_KNOWN = {"not known": "not_known", "unknown": "not_known", "dont know": "not_known", "don t know": "not_known",
              "prefer not to say": "prefer_not_to_say", "declined to say": "prefer_not_to_say",
              "not stated": "prefer_not_to_say"}
_YES_NO = {"yes": "yes", "y": "yes", "true": "yes", "no": "no", "n": "no", "none": "no", "false": "no", **_NOT_KNOWN}
#: Plain words for a category: recognised, and nothing more said (never kept in the note).
_PLAIN: dict[str, dict[str, str]] = {
    "gender": {"female": "female", "f": "female", "woman": "female", "male": "male", "m": "male", "man": "male",
               "non binary": "non_binary", "nonbinary": "non_binary", "other": "other", **_NOT_KNOWN},
    "ethnicity": {"white british": "white_british", "white other": "white_other",
                  "gypsy roma traveller": "gypsy_roma_traveller", "mixed": "mixed", "asian": "asian",
                  "black": "black", "arab": "arab", "other": "other", **_NOT_KNOWN},
    "disability": dict(_YES_NO),
    "lgbt_plus": dict(_YES_NO),
    "armed_forces": dict(_YES_NO),
}
#: Words recognised as a category that say more than it: the category is set, the words kept in the note.
_DETAILED: dict[str, dict[str, str]] = {
    "gender": {"girl": "female", "boy": "male", "trans woman": "female", "trans man": "male"},
    "ethnicity": {"british": "white_british", "white english": "white_british", "white scottish": "white_british",
                  "white welsh": "white_british", "white irish": "white_other", "irish": "white_other",
                  "white european": "white_other", "gypsy": "gypsy_roma_traveller", "roma": "gypsy_roma_traveller",
                  "traveller": "gypsy_roma_traveller", "irish traveller": "gypsy_roma_traveller",
                  "mixed race": "mixed", "dual heritage": "mixed", "asian british": "asian", "indian": "asian",
                  "pakistani": "asian", "bangladeshi": "asian", "chinese": "asian", "black british": "black",
                  "black african": "black", "black caribbean": "black", "african": "black", "caribbean": "black"},
    "disability": {},
    "lgbt_plus": {"lesbian": "yes", "gay": "yes", "bisexual": "yes", "trans": "yes", "queer": "yes",
                  "heterosexual": "no", "straight": "no"},
    "armed_forces": {"veteran": "yes", "serving": "yes", "forces family": "yes", "ex forces": "yes",
                     "reservist": "yes", "not applicable": "no", "n a": "no"},
}


def _words(text: str) -> str:
    """Lower case, punctuation as spaces, spaces collapsed ("White - British" -> "white british")."""
    return " ".join(re.sub(r"[^\w]+|_", " ", text.casefold()).split())


def categorise(field: str, text: str | None) -> tuple[str | None, str | None]:
    """The category for a free-text value, and the text to keep in the note (if any)."""
    if text is None or not text.strip():
        return None, None
    words = _words(text)
    if words in _PLAIN[field]:
        return _PLAIN[field][words], None
    kept = f"{field}: {text.strip()}"
    return _DETAILED[field].get(words), kept


def _people_columns() -> tuple[sa.Column[object], ...]:
    return (
        sa.Column("equality_note", sa.Text(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=60), nullable=True),
        sa.Column("safe_to_call", sa.Boolean(), nullable=True),
        sa.Column("relationship_to_victim", sa.String(length=120), nullable=True),
        sa.Column("relationship_to_perpetrator", sa.String(length=120), nullable=True),
        sa.Column("school", sa.String(length=200), nullable=True),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=True),
    )


def _people() -> None:
    for column in _people_columns():
        op.add_column("people", column)
    conn = op.get_bind()
    fields = list(_PLAIN)
    rows = conn.execute(sa.text(f"SELECT id, {', '.join(fields)} FROM people")).all()  # noqa: S608 - our names
    updates = []
    for row in rows:
        values: dict[str, object] = {"id": row[0]}
        notes = []
        for field, text in zip(fields, row[1:], strict=True):
            values[field], note = categorise(field, text)
            if note:
                notes.append(note)
        values["equality_note"] = "\n".join(notes) or None
        updates.append(values)
    if updates:
        sets = ", ".join(f"{f} = :{f}" for f in [*fields, "equality_note"])
        conn.execute(sa.text(f"UPDATE people SET {sets} WHERE id = :id"), updates)  # noqa: S608 - our names


def _referrals_table(name: str, kinds: str, statuses: str, *, form: bool) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24 if form else 16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=True),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        *([sa.Column("form", sa.Text(), nullable=True)] if form else []),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"kind IN ({kinds})", name="ck_referrals_kind_valid"),
        sa.CheckConstraint(f"status IN ({statuses})", name="ck_referrals_status_valid"),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"], name="fk_referrals_assessment_id_assessments",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_referrals_case_id_cases", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_referrals"),
    )


def _documents_table(name: str, *, referral: bool) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=referral),
        *([sa.Column("referral_id", sa.Integer(), nullable=True)] if referral else []),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        *([sa.CheckConstraint("(assessment_id IS NULL) != (referral_id IS NULL)",
                              name="ck_signed_documents_one_owner"),
           sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"], name="fk_signed_documents_referral_id_referrals",
                                   ondelete="CASCADE")] if referral else []),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"],
                                name="fk_signed_documents_assessment_id_assessments", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_signed_documents"),
    )


def _swap(table: str, columns: str, *, where: str = "") -> None:
    """Copy ``table`` into its rebuilt ``_new`` twin, drop it and give the twin its name."""
    op.execute(f"INSERT INTO {table}_new ({columns}) SELECT {columns} FROM {table} {where}")  # noqa: S608 - ours
    op.drop_table(table)
    op.rename_table(f"{table}_new", table)


_REFERRAL_COLUMNS = "id, case_id, assessment_id, kind, status, referred_on, meeting_on, detail, created_at, updated_at"
_DOCUMENT_COLUMNS = "id, assessment_id, filename, content, sha256, signed_at, created_at"


def upgrade() -> None:
    _people()
    op.add_column("practitioners", sa.Column("phone", sa.String(length=60), nullable=True))
    op.add_column("practitioners", sa.Column("email", sa.String(length=200), nullable=True))
    op.add_column("cases", sa.Column("closed_on", sa.Date(), nullable=True))
    op.add_column("cases", sa.Column("close_outcome", sa.String(length=24), nullable=True))
    op.add_column("notes", sa.Column("incident", sa.Boolean(), nullable=False, server_default=sa.false()))

    _referrals_table("referrals_new", "'marac', 'childrens_services', 'dapp', 'idash'",
                     "'proposed', 'sent', 'accepted', 'declined', 'heard', 'closed'", form=True)
    _swap("referrals", _REFERRAL_COLUMNS)
    op.create_index("ix_referrals_case_id", "referrals", ["case_id"], unique=False)
    op.create_table(
        "referral_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"], name="fk_referral_actions_referral_id_referrals",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_referral_actions"),
    )
    op.create_index("ix_referral_actions_referral_id", "referral_actions", ["referral_id"], unique=False)

    _documents_table("signed_documents_new", referral=True)
    _swap("signed_documents", _DOCUMENT_COLUMNS)
    op.create_index("ix_signed_documents_assessment_id", "signed_documents", ["assessment_id"], unique=False)
    op.create_index("ix_signed_documents_referral_id", "signed_documents", ["referral_id"], unique=False)


def downgrade() -> None:
    # For tests of the upgrade path: what the older schema cannot hold (a referral's documents and
    # actions, children's services referrals) is dropped; ``heard`` goes back to ``accepted``.
    _documents_table("signed_documents_new", referral=False)
    _swap("signed_documents", _DOCUMENT_COLUMNS, where="WHERE assessment_id IS NOT NULL")
    op.create_index("ix_signed_documents_assessment_id", "signed_documents", ["assessment_id"], unique=False)
    op.drop_table("referral_actions")
    op.execute("UPDATE referrals SET status = 'accepted' WHERE status = 'heard'")
    _referrals_table("referrals_new", "'marac', 'idash', 'dapp'",
                     "'proposed', 'sent', 'accepted', 'declined', 'closed'", form=False)
    _swap("referrals", _REFERRAL_COLUMNS, where="WHERE kind != 'childrens_services'")
    op.create_index("ix_referrals_case_id", "referrals", ["case_id"], unique=False)
    op.drop_column("notes", "incident")
    op.drop_column("cases", "close_outcome")
    op.drop_column("cases", "closed_on")
    op.drop_column("practitioners", "email")
    op.drop_column("practitioners", "phone")
    for column in reversed(_people_columns()):
        op.drop_column("people", column.name)
