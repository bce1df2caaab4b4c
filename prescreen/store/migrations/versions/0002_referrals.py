"""Referrer contact and patient reference for screenings worth following up.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

from prescreen.store.append_only import protect, unprotect

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("screening_id", sa.Integer, sa.ForeignKey("screenings.id"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("referrer_name", sa.String(200), nullable=False),
        sa.Column("referrer_department", sa.String(200), nullable=False),
        sa.Column("referrer_contact", sa.String(200), nullable=False),
        sa.Column("patient_reference", sa.String(200), nullable=False),
    )
    # A corrected contact is a new row; the newest row of a screening is the one shown.
    protect("referrals")


def downgrade() -> None:
    unprotect("referrals")
    op.drop_table("referrals")
