"""The coordinators' daily work: re-screens that name what they supersede, the facts a
coordinator entered, contact attempts, and the screening visit's date and place.

- `screenings.supersedes`: the screening a re-screen replaces (a physician's late answer or
  a coordinator's entered fact). Unique: a screening is superseded at most once, so each
  patient's screenings form one chain and the screening log counts its newest row only.
  "Superseded by" is read from the newer row; no row is ever updated (append-only).
- `fact_entries`: who entered which fact, from which source, why, for which re-screen.
- `contact_attempts`: each attempt to reach a referral's patient (date, channel, result,
  the next attempt's date).
- `queue_events.visit_at`, `queue_events.visit_place`: the screening visit a "scheduled"
  status entry carries.

Added with ADD COLUMN and CREATE TABLE rather than a batch table rebuild, which on SQLite
would drop the append-only triggers of the tables it rebuilds.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

from prescreen.store.append_only import protect, unprotect

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("screenings", sa.Column("supersedes", sa.Integer, nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        # SQLite cannot add a constraint to an existing table without rebuilding it.
        op.create_foreign_key("fk_screenings_supersedes", "screenings", "screenings", ["supersedes"], ["id"])
    op.create_index("ix_screenings_supersedes", "screenings", ["supersedes"], unique=True)
    op.create_table(
        "fact_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("screening_id", sa.Integer, sa.ForeignKey("screenings.id"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("coordinators.id"), nullable=False),
        sa.Column("fact", sa.String(64), nullable=False),
        sa.Column("value", sa.JSON, nullable=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_table(
        "contact_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("screening_id", sa.Integer, sa.ForeignKey("screenings.id"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("coordinators.id"), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("next_attempt_on", sa.Date, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.add_column("queue_events", sa.Column("visit_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("queue_events", sa.Column("visit_place", sa.String(200), nullable=True))
    # Evidence for the trial like the rest of the trail: no client may rewrite them.
    protect("fact_entries")
    protect("contact_attempts")


def downgrade() -> None:
    unprotect("contact_attempts")
    unprotect("fact_entries")
    op.drop_column("queue_events", "visit_place")
    op.drop_column("queue_events", "visit_at")
    op.drop_table("contact_attempts")
    op.drop_table("fact_entries")
    op.drop_index("ix_screenings_supersedes", table_name="screenings")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_screenings_supersedes", "screenings", type_="foreignkey")
    op.drop_column("screenings", "supersedes")
