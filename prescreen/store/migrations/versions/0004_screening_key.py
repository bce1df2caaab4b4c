"""A key per screening decision, so a retried log write cannot add a second row.

If PostgreSQL commits an outcome but the connection drops before the action server hears
so, the user is told nothing was recorded and the confirming "yes" is sent again; without a
key that retry would log the same screening twice. Nullable: rows logged before this
revision have none (NULLs never collide in a unique index, on SQLite or PostgreSQL).

Added with ADD COLUMN and CREATE UNIQUE INDEX rather than a batch table rebuild, which on
SQLite would drop the append-only triggers along with the old table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("screenings", sa.Column("screening_key", sa.String(64), nullable=True))
    op.create_index("ix_screenings_screening_key", "screenings", ["screening_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_screenings_screening_key", table_name="screenings")
    op.drop_column("screenings", "screening_key")
