"""Roles and the investigator's sign-off, account audit, the notification outbox, erasure.

- `coordinators.role`: coordinator | investigator | monitor (prescreen.followup.roles).
- `account_events`: who created an account, changed its role, (de)activated it or reset its
  password, when and why. Append-only.
- `signoffs`: the investigator's I6 and E14 and their signed eligibility determination, each
  naming who, when, what and the criteria version. Append-only: a new sign-off supersedes.
- `notifications`: the outbox of "new referral" messages (e-mail, WeCom), written with the
  screening; the sender (`prescreen notify`) marks them sent or counts a failed attempt.
- `erasures`: a patient's withdrawal of contact (PIPL). Append-only. The referrals' UPDATE
  trigger is replaced by one that lets through only the blanking of `referrer_contact` and
  `patient_reference`, and only for a screening with an erasure entry; everything else of a
  referral stays unchangeable, and DELETE stays refused.

Added with ADD COLUMN and CREATE TABLE rather than a batch table rebuild, which on SQLite
would drop the append-only triggers of the tables it rebuilds.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

from prescreen.store.append_only import protect, unprotect

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The only change a referral row may undergo: its contact details blanked, nothing else, and
# only once the erasure is on record.
_ERASURE_ONLY = """
    NEW.id = OLD.id AND NEW.screening_id = OLD.screening_id AND NEW.created_at = OLD.created_at
    AND NEW.referrer_name = OLD.referrer_name AND NEW.referrer_department = OLD.referrer_department
    AND (NEW.referrer_contact = OLD.referrer_contact OR NEW.referrer_contact = '')
    AND (NEW.patient_reference = OLD.patient_reference OR NEW.patient_reference = '')
    AND EXISTS (SELECT 1 FROM erasures e WHERE e.screening_id = NEW.screening_id)
"""


def upgrade() -> None:
    op.add_column("coordinators", sa.Column("role", sa.String(16), nullable=False, server_default="coordinator"))
    op.create_table(
        "account_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account", sa.String(64), nullable=False, index=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.String(200), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("actor", sa.String(64), nullable=False),
    )
    op.create_table(
        "signoffs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("screening_id", sa.Integer, sa.ForeignKey("screenings.id"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("investigator_id", sa.Integer, sa.ForeignKey("coordinators.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("criteria_version", sa.String(64), nullable=False),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("screening_id", sa.Integer, sa.ForeignKey("screenings.id"), nullable=False, index=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True, index=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.UniqueConstraint("screening_id", "channel", name="uq_notifications_screening_channel"),
    )
    op.create_table(
        "erasures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("screening_id", sa.Integer, sa.ForeignKey("screenings.id"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_via", sa.String(32), nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("coordinators.id"), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
    )
    protect("account_events")
    protect("signoffs")
    protect("erasures")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER referrals_no_rewrite ON referrals")
        op.execute("DROP FUNCTION referrals_append_only()")
        op.execute(f"""
            CREATE FUNCTION referrals_erasure_only() RETURNS trigger AS $$
            BEGIN
              IF TG_OP = 'DELETE' OR NOT ({_ERASURE_ONLY}) THEN
                RAISE EXCEPTION 'referrals are append-only (only an erasure may blank the contact)';
              END IF;
              RETURN NEW;
            END; $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER referrals_no_rewrite BEFORE UPDATE OR DELETE ON referrals
            FOR EACH ROW EXECUTE FUNCTION referrals_erasure_only()
        """)
    else:
        op.execute("DROP TRIGGER referrals_no_update")
        op.execute(f"""
            CREATE TRIGGER referrals_no_update BEFORE UPDATE ON referrals
            WHEN NOT ({_ERASURE_ONLY})
            BEGIN SELECT RAISE(ABORT, 'referrals are append-only (only an erasure may blank the contact)'); END
        """)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER referrals_no_rewrite ON referrals")
        op.execute("DROP FUNCTION referrals_erasure_only()")
        op.execute("""
            CREATE FUNCTION referrals_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'referrals are append-only'; END; $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER referrals_no_rewrite BEFORE UPDATE OR DELETE ON referrals
            FOR EACH ROW EXECUTE FUNCTION referrals_append_only()
        """)
    else:
        op.execute("DROP TRIGGER referrals_no_update")
        op.execute("""
            CREATE TRIGGER referrals_no_update BEFORE UPDATE ON referrals
            BEGIN SELECT RAISE(ABORT, 'referrals are append-only'); END
        """)
    unprotect("erasures")
    unprotect("signoffs")
    unprotect("account_events")
    op.drop_table("erasures")
    op.drop_table("notifications")
    op.drop_table("signoffs")
    op.drop_table("account_events")
    op.drop_column("coordinators", "role")
