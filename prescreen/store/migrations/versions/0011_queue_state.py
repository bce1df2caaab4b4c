"""The queue's state, stored (issue 20: the queue page and the dashboard at 100,000 screenings).

- `queue_state`: one row per referral (chain of screenings in the queue), keyed by its current
  screening: status, furthest rung, screen-failure criterion, visit, next attempt, last action,
  assignee, referrer and patient reference (lower-cased, for search), contact withdrawn, and
  what the list sorts by. Derived from the append-only trails, never the truth: rewritten in
  the same transaction as every write to them (prescreen/store/queue_state.py) and rebuilt by
  `prescreen queue rebuild-state`. Not append-only: it is a cache of the fold.
- Indexes on what the list filters and sorts by; the backfill builds it from the trail.

CREATE TABLE only: no batch rebuild, which on SQLite would drop other tables' triggers.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_queue_state_first_at", ["first_at", "head_id", "channel"]),  # the list's order; weekly series
    ("ix_queue_state_status", ["status", "first_at", "head_id"]),  # a status's list
    ("ix_queue_state_funnel", ["status", "rung", "criterion"]),  # the dashboard's funnel
    ("ix_queue_state_last_action_at", ["last_action_at"]),
    ("ix_queue_state_next_attempt_on", ["next_attempt_on"]),
    ("ix_queue_state_visit_at", ["visit_at"]),
]


def upgrade() -> None:
    op.create_table(
        "queue_state",
        sa.Column("head_id", sa.Integer, sa.ForeignKey("screenings.id"), primary_key=True),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("rung", sa.Integer, nullable=False),
        sa.Column("criterion", sa.String(8)),
        sa.Column("visit_at", sa.DateTime(timezone=True)),
        sa.Column("visit_place", sa.String(200)),
        sa.Column("next_attempt_on", sa.Date),
        sa.Column("last_action_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assignee_id", sa.Integer, sa.ForeignKey("coordinators.id")),
        sa.Column("referrer", sa.String(200)),
        sa.Column("patient", sa.String(200)),
        sa.Column("contact_withdrawn", sa.Boolean, nullable=False),
        sa.Column("age", sa.Float),
        sa.Column("unknown", sa.Integer, nullable=False),
    )
    for name, columns in INDEXES:
        op.create_index(name, "queue_state", columns)
    # Backfill from the trail, by the same SQL that keeps it in step afterwards.
    from prescreen.store.queue_state import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    for name, _ in reversed(INDEXES):
        op.drop_index(name, table_name="queue_state")
    op.drop_table("queue_state")
