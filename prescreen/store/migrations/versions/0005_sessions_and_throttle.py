"""Server-side queue sessions, deactivated accounts, and the sign-in throttle's counters.

- `coordinator_sessions`: one row per sign-in; the cookie carries a random token whose hash
  is the row's id. Sign-out revokes the row, a password change or a deactivation revokes all
  of the coordinator's rows, so a copied cookie stops working at once instead of idling out.
- `coordinators.active`: a deactivated coordinator can neither sign in nor use a session.
- `sign_in_throttle`: one counter per (username, address) and per address, changed only by
  compare-and-set on `version`, so concurrent wrong passwords are counted exactly.
  `sign_in_attempts` stays the append-only record of every password checked.

Added with ADD COLUMN and CREATE TABLE rather than a batch table rebuild, which on SQLite
would drop the append-only triggers of the tables it rebuilds.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("coordinators", sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()))
    op.create_table(
        "coordinator_sessions",
        sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the cookie's token, hex
        sa.Column("coordinator_id", sa.Integer, sa.ForeignKey("coordinators.id"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttle")
    op.drop_table("coordinator_sessions")
    op.drop_column("coordinators", "active")
