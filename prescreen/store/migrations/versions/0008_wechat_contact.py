"""Issue 19: the patient's WeChat message when a visit is scheduled.

- `wechat_contacts`: for a WeChat user who consented to be contacted (a patient-mode referral
  with a phone number, left over WeChat), the raw OpenID that the customer-service message API
  needs, and the time of their last message (WeChat's 48-hour customer-service window runs
  from it). One row per pseudonymous sender (`screenings.sender_ref`). Not append-only: the
  last message's time moves on, and the PIPL erasure deletes the row with the phone number.
- `patient_messages`: the outbox of "your screening visit is scheduled" messages, one per
  "scheduled" entry of the trail, written in the same transaction as that entry
  (prescreen/store/wechat_outbox.py); `state` says what came of it: pending, sent,
  window_closed (the coordinator must call), withdrawn (contact erased), refused.

Added with CREATE TABLE rather than a batch rebuild, which on SQLite would drop the append-only
triggers of the tables it rebuilds (see 0007).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wechat_contacts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_ref", sa.String(64), nullable=False, unique=True),
        sa.Column("open_id", sa.String(128), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "patient_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("screening_id", sa.Integer, sa.ForeignKey("screenings.id"), nullable=False, index=True),
        sa.Column("queue_event_id", sa.Integer, sa.ForeignKey("queue_events.id"), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("patient_messages")
    op.drop_table("wechat_contacts")
