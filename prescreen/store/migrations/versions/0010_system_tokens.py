"""API tokens for hospital systems (the FHIR interface, issue 20).

- `system_tokens`: one row per token a system (CTMS, EHR, the sponsor's EDC) was given with
  `prescreen system-token create NAME --role ...`. Only the token's SHA-256 is stored; a revoked
  token keeps its row (`revoked_at`), and `last_used_at` is written on every use. At most one
  unrevoked token per name (a partial unique index), so "revoke NAME" means one token.
  Creations and revocations are `account_events` entries (account `system:NAME`).

CREATE TABLE only: no batch rebuild, which on SQLite would drop other tables' triggers.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "system_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("uq_system_tokens_active_name", "system_tokens", ["name"], unique=True,
                    sqlite_where=sa.text("revoked_at IS NULL"), postgresql_where=sa.text("revoked_at IS NULL"))


def downgrade() -> None:
    op.drop_index("uq_system_tokens_active_name", table_name="system_tokens")
    op.drop_table("system_tokens")
