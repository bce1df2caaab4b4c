"""Coordinators' follow-up queue: accounts, sign-in attempts (throttling) and the audit trail.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

from prescreen.store.append_only import protect, unprotect

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coordinators",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("username", sa.String(64), nullable=False, index=True),
        sa.Column("client", sa.String(64), nullable=False, index=True),
        sa.Column("succeeded", sa.Boolean, nullable=False),
    )
    op.create_table(
        "queue_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("screening_id", sa.Integer, sa.ForeignKey("screenings.id"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("coordinators.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("from_status", sa.String(32), nullable=False),
        sa.Column("to_status", sa.String(32), nullable=False),
        sa.Column("assignee_id", sa.Integer, sa.ForeignKey("coordinators.id")),
        sa.Column("criterion", sa.String(8)),
        sa.Column("reason", sa.Text),
        sa.Column("note", sa.Text),
    )
    # The audit trail is evidence for the trial: no client may rewrite or delete it. The
    # sign-in log likewise, so a throttled attacker cannot clear their own failures.
    protect("queue_events")
    protect("sign_in_attempts")


def downgrade() -> None:
    unprotect("sign_in_attempts")
    unprotect("queue_events")
    op.drop_table("queue_events")
    op.drop_table("sign_in_attempts")
    op.drop_table("coordinators")
