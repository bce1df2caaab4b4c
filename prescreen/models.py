"""SQLAlchemy models (2.0-style on SQLAlchemy 1.4). The schema itself is built by the
Alembic migrations in prescreen/migrations, never by `create_all`."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, event
from sqlalchemy.orm import declarative_base

Base = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class AppendOnlyError(RuntimeError):
    pass


class AppendOnly:
    """Rows are never updated or deleted. The database refuses too (triggers in the
    migrations); this catches it earlier, in Python."""


@event.listens_for(AppendOnly, "before_update", propagate=True)
@event.listens_for(AppendOnly, "before_delete", propagate=True)
def _refuse_rewrite(mapper, connection, target) -> None:
    raise AppendOnlyError(f"{target.__tablename__} are append-only: add a new row instead")


class Screening(AppendOnly, Base):
    """One screening outcome. Append-only: a re-screen adds a row, never rewrites one."""

    __tablename__ = "screenings"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    channel = Column(String(32), nullable=False)
    # HMAC-SHA256 of the sender id (prescreen.pseudonym); the raw id is never stored.
    sender_ref = Column(String(64), nullable=False, index=True)
    decision = Column(String(32), nullable=False, index=True)
    failed = Column(JSON, nullable=False)
    unknown = Column(JSON, nullable=False)
    facts = Column(JSON, nullable=False)
    criteria = Column(JSON, nullable=False)
    criteria_version = Column(String(64), nullable=False)
    # [{"from": "user"|"bot", "text": ..., "at": iso time}] up to the decision; coordinators only
    transcript = Column(JSON, nullable=False, default=list)

    @property
    def reference(self) -> str:
        """What the referrer is told and the coordinator sees."""
        return f"PS-{self.id:06d}"

    def to_dict(self) -> dict:
        return {
            "reference": self.reference,
            "created_at": self.created_at.astimezone(timezone.utc).isoformat() if self.created_at.tzinfo
            else self.created_at.replace(tzinfo=timezone.utc).isoformat(),
            "channel": self.channel,
            "sender_ref": self.sender_ref,
            "decision": self.decision,
            "failed": self.failed,
            "unknown": self.unknown,
            "facts": self.facts,
            "criteria": self.criteria,
            "criteria_version": self.criteria_version,
        }


class Referral(AppendOnly, Base):
    """Who referred a screening worth following up, and the patient reference they gave.
    Seen only by coordinators; a correction is a new row, the newest one counts."""

    __tablename__ = "referrals"

    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    referrer_name = Column(String(200), nullable=False)
    referrer_department = Column(String(200), nullable=False)
    referrer_contact = Column(String(200), nullable=False)
    patient_reference = Column(String(200), nullable=False)
