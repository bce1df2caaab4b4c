"""Indexes for the queue at 100,000 screenings (issue 20): what the list, the dashboard and
the screening log filter, group and sort by (prescreen/followup/queue_sql.py).

- `queue_events (screening_id, kind, to_status)`: a chain's newest status entry, newest
  assignment and furthest rung are read from this index alone (no table rows).
- `contact_attempts (screening_id, id)`, `referrals (screening_id, id)`: the newest attempt and
  the newest referrer's details of a chain, from the index.
- `screenings (decision, created_at, channel, id)`: the referrals (current outcome potentially
  eligible or needs review), oldest first, with their channel, read from the index alone: a
  screening's row is large (criteria, transcript) and reading 50,000 of them is most of the cost.
- `screenings (decision, CAST(failed AS TEXT))`: the dashboard's failures by criterion, counted
  per list of failed criteria from the index.

Plain CREATE INDEX, no batch table rebuild: on SQLite that would drop the append-only
triggers of the rebuilt table.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_queue_events_screening_kind", "queue_events", ["screening_id", "kind", "to_status"]),
    ("ix_contact_attempts_screening_id_id", "contact_attempts", ["screening_id", "id"]),
    ("ix_referrals_screening_id_id", "referrals", ["screening_id", "id"]),
    ("ix_screenings_queue", "screenings", ["decision", "created_at", "channel", "id"]),
    ("ix_screenings_decision_failed", "screenings", ["decision", sa.text("CAST(failed AS TEXT)")]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
