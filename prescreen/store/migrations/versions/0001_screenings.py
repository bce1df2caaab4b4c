"""The outcome log: one append-only row per screening.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

from prescreen.store.append_only import protect, unprotect

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("sender_ref", sa.String(64), nullable=False),
        sa.Column("decision", sa.String(32), nullable=False),
        sa.Column("failed", sa.JSON, nullable=False),
        sa.Column("unknown", sa.JSON, nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("criteria", sa.JSON, nullable=False),
        sa.Column("criteria_version", sa.String(64), nullable=False),
        # The conversation up to the decision, as the assistant saw it, for the coordinator.
        sa.Column("transcript", sa.JSON, nullable=False),
    )
    op.create_index("ix_screenings_created_at", "screenings", ["created_at"])
    op.create_index("ix_screenings_sender_ref", "screenings", ["sender_ref"])
    op.create_index("ix_screenings_decision", "screenings", ["decision"])

    # Append-only in the database itself, so no client (not only this app's ORM) can
    # rewrite or delete a logged decision.
    protect("screenings")


def downgrade() -> None:
    unprotect("screenings")
    op.drop_table("screenings")
