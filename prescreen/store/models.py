"""SQLAlchemy models (2.0-style on SQLAlchemy 1.4). The schema itself is built by the
Alembic migrations in prescreen/store/migrations, never by `create_all`."""
from __future__ import annotations

from datetime import timezone
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import declarative_base

from prescreen.utc import aware, utcnow  # the one UTC helper (utcnow: the columns' default)

Base = declarative_base()


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
    # Which decision of which conversation this row records (outcome_log.record): a retried
    # write of the same decision finds this row instead of adding another.
    screening_key = Column(String(64), nullable=True, unique=True, index=True)
    # The screening this re-screen replaces (migration 0006). Unique: each screening is
    # superseded at most once, so one patient's screenings are one chain; "superseded by"
    # is read from the newer row, never written into the older one.
    supersedes = Column(Integer, ForeignKey("screenings.id"), nullable=True, unique=True, index=True)

    @property
    def reference(self) -> str:
        """What the referrer is told and the coordinator sees."""
        return f"PS-{self.id:06d}"

    def to_dict(self) -> dict:
        """As the outcome log returns it and `prescreen log --json` prints it: screening_dict's
        fields with the time as ISO text and the sender's pseudonym, without the row ids."""
        d = screening_dict(self)
        return {"reference": d["reference"], "created_at": d["created_at"].astimezone(timezone.utc).isoformat(),
                "channel": d["channel"], "sender_ref": self.sender_ref,
                **{k: d[k] for k in ("decision", "failed", "unknown", "facts", "criteria", "criteria_version",
                                     "supersedes")}}


def screening_dict(row: Any, with_details: bool = False) -> dict:
    """The one conversion of a screening to a dict: `row` is a Screening or a SQL row with its
    columns (prescreen/followup/queue_sql.py); the time aware (UTC), references as PS-000042."""
    data = {"id": row.id, "reference": f"PS-{row.id:06d}", "created_at": aware(row.created_at),
            "channel": row.channel, "decision": row.decision, "failed": list(row.failed),
            "unknown": list(row.unknown), "facts": dict(row.facts), "criteria": list(row.criteria),
            "criteria_version": row.criteria_version, "supersedes_id": row.supersedes,
            "supersedes": f"PS-{row.supersedes:06d}" if row.supersedes else None}
    if with_details:
        data["transcript"] = list(row.transcript or [])
    return data


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


class Coordinator(Base):
    """A study coordinator's account for the follow-up queue (`prescreen coordinator add`)."""

    __tablename__ = "coordinators"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)  # stored lower-case
    # werkzeug's scrypt hash, salt and parameters included; never the password itself
    password_hash = Column(String(256), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    # A deactivated coordinator can neither sign in nor go on using a session (migration 0005).
    active = Column(Boolean, nullable=False, default=True)
    # coordinator | investigator | monitor (prescreen.followup.roles; migration 0007)
    role = Column(String(16), nullable=False, default="coordinator")


class CoordinatorSession(Base):
    """One sign-in to the queue. The session cookie carries a random token; only its SHA-256
    is stored, and a request counts as signed in only while this row is not revoked."""

    __tablename__ = "coordinator_sessions"

    id = Column(String(64), primary_key=True)  # SHA-256 of the cookie's token, hex
    coordinator_id = Column(Integer, ForeignKey("coordinators.id"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    revoked_at = Column(DateTime(timezone=True), nullable=True)


class SignInThrottle(Base):
    """A counter of recent failed sign-ins for one key ("pair:<username>@<address>" or
    "addr:<address>"). Changed only by compare-and-set on `version` (followup/accounts.py),
    so concurrent attempts are each counted."""

    __tablename__ = "sign_in_throttle"

    key = Column(String(160), primary_key=True)
    failures = Column(Integer, nullable=False)
    last_failure_at = Column(DateTime(timezone=True), nullable=True)
    version = Column(Integer, nullable=False)


class SignInAttempt(AppendOnly, Base):
    """Every sign-in attempt, kept in the database so the throttle holds across processes
    and restarts. The username is kept as typed (lower-cased) even when no such account exists."""

    __tablename__ = "sign_in_attempts"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    username = Column(String(64), nullable=False, index=True)
    client = Column(String(64), nullable=False, index=True)
    succeeded = Column(Boolean, nullable=False)


class QueueEvent(AppendOnly, Base):
    """One entry of a referral's audit trail: a status change, an assignment or a note.
    The newest status entry is the referral's status; nothing is ever rewritten."""

    __tablename__ = "queue_events"

    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    actor_id = Column(Integer, ForeignKey("coordinators.id"), nullable=False)
    kind = Column(String(16), nullable=False)  # status | assignment | note
    from_status = Column(String(32), nullable=False)
    to_status = Column(String(32), nullable=False)
    assignee_id = Column(Integer, ForeignKey("coordinators.id"))  # assignment entries; NULL = unassigned
    criterion = Column(String(8))  # the criterion a screen failure names, if any
    reason = Column(Text)  # outcome reason, exported in the screening log: no names
    note = Column(Text)  # coordinators' own notes: never exported
    # The screening visit a "scheduled" entry carries (migration 0006).
    visit_at = Column(DateTime(timezone=True))
    visit_place = Column(String(200))


class FactEntry(AppendOnly, Base):
    """A fact a coordinator entered for a re-screen: which, from what source, why. The
    re-screen's own row (`screening_id`) names the screening it supersedes."""

    __tablename__ = "fact_entries"

    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    actor_id = Column(Integer, ForeignKey("coordinators.id"), nullable=False)
    fact = Column(String(64), nullable=False)  # a CONTRACT fact key
    value = Column(JSON)  # normalised, as the checker reads it; NULL = not known
    source = Column(String(200), nullable=False)  # "lab result 2026-12-03", "phone call with patient"
    reason = Column(Text, nullable=False)


class ContactAttempt(AppendOnly, Base):
    """One attempt to reach a referral's patient (or the referrer) and what came of it."""

    __tablename__ = "contact_attempts"

    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    actor_id = Column(Integer, ForeignKey("coordinators.id"), nullable=False)
    attempted_at = Column(DateTime(timezone=True), nullable=False)
    channel = Column(String(16), nullable=False)  # phone | wechat | clinic
    result = Column(String(16), nullable=False)  # reached | no_answer | wrong_number | call_back
    next_attempt_on = Column(Date)
    note = Column(Text)  # never exported


class AccountEvent(AppendOnly, Base):
    """An account created, its role changed, deactivated or reactivated, its password reset:
    who did it (a queue user's name, or "cli:<login>" at the command line), when, and why."""

    __tablename__ = "account_events"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    account = Column(String(64), nullable=False, index=True)
    action = Column(String(32), nullable=False)  # created | role | deactivated | activated | password
    detail = Column(String(200))  # e.g. "coordinator -> investigator"
    reason = Column(Text)
    actor = Column(String(64), nullable=False)


class Signoff(AppendOnly, Base):
    """The investigator's own criteria (I6, E14) and their signed eligibility determination.
    The newest entry of a kind counts; each names who, when, what and the criteria version."""

    __tablename__ = "signoffs"

    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    investigator_id = Column(Integer, ForeignKey("coordinators.id"), nullable=False)
    kind = Column(String(16), nullable=False)  # I6 | E14 | determination
    value = Column(String(32), nullable=False)  # met | not_met; eligible | not_eligible | eligible_deviation
    reason = Column(Text, nullable=False)
    criteria_version = Column(String(64), nullable=False)


class Notification(Base):
    """One "new referral" message to send (outbox). Written with the screening, so a referral
    is never logged without it; the sender marks it sent or counts a failed attempt."""

    __tablename__ = "notifications"

    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id"), nullable=False, index=True)
    channel = Column(String(16), nullable=False)  # email | wecom
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    sent_at = Column(DateTime(timezone=True), index=True)
    last_error = Column(String(500))


class Erasure(AppendOnly, Base):
    """A patient's withdrawal of contact (PIPL): the referral's phone number and contact
    details were blanked; the pseudonymous screening stays."""

    __tablename__ = "erasures"

    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    requested_via = Column(String(32), nullable=False)  # wechat | coordinator
    actor_id = Column(Integer, ForeignKey("coordinators.id"))  # the coordinator who took the call
    reason = Column(Text)


class WeChatContact(Base):
    """A WeChat user who consented to be contacted: the raw OpenID (kept only then, for the
    customer-service message API) and their last message's time (the API's 48-hour window runs
    from it). Deleted by the PIPL erasure (migration 0008; prescreen/followup/wechat_patient.py)."""

    __tablename__ = "wechat_contacts"

    id = Column(Integer, primary_key=True)
    sender_ref = Column(String(64), nullable=False, unique=True)  # screenings.sender_ref
    open_id = Column(String(128), nullable=False)
    consented_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_message_at = Column(DateTime(timezone=True), nullable=False)


class PatientMessage(Base):
    """The patient's "your screening visit is scheduled" WeChat message (outbox), one per
    "scheduled" trail entry, written with it (prescreen/store/wechat_outbox.py)."""

    __tablename__ = "patient_messages"

    id = Column(Integer, primary_key=True)
    screening_id = Column(Integer, ForeignKey("screenings.id"), nullable=False, index=True)
    queue_event_id = Column(Integer, ForeignKey("queue_events.id"), nullable=False, unique=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    state = Column(String(16), nullable=False)  # pending | sent | window_closed | withdrawn | refused
    last_message_at = Column(DateTime(timezone=True))  # the patient's, as the window was judged
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    sent_at = Column(DateTime(timezone=True))
    last_error = Column(String(500))


class SystemToken(Base):
    """An API token of a hospital system for the FHIR interface (`prescreen system-token`;
    migration 0010). Only the token's SHA-256 is stored; revoking sets `revoked_at`, every
    use sets `last_used_at` (prescreen/followup/system_tokens.py)."""

    __tablename__ = "system_tokens"

    id = Column(Integer, primary_key=True)
    name = Column(String(64), nullable=False)  # unique among unrevoked tokens
    role = Column(String(16), nullable=False)  # coordinator | monitor (prescreen.followup.roles)
    token_hash = Column(String(64), nullable=False, unique=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    created_by = Column(String(64), nullable=False)
    revoked_at = Column(DateTime(timezone=True))
    last_used_at = Column(DateTime(timezone=True))


class QueueState(Base):
    """A derived copy of each referral's current queue state (one row per chain in the queue,
    keyed by its current screening), so the list and the dashboard need not fold every trail
    on every request (issue 20; migration 0011). Never the truth: rewritten from the trail in
    the same transaction as every write to it (prescreen/store/queue_state.py), rebuildable
    with `prescreen queue rebuild-state`."""

    __tablename__ = "queue_state"

    head_id = Column(Integer, ForeignKey("screenings.id"), primary_key=True)
    first_at = Column(DateTime(timezone=True), nullable=False)  # the chain's first screening
    decision = Column(String(32), nullable=False)
    channel = Column(String(32), nullable=False)
    status = Column(String(32), nullable=False)
    rung = Column(Integer, nullable=False)  # furthest of contacted(1) -> scheduled(2) -> consented(3)
    criterion = Column(String(8))  # of the newest status entry
    visit_at = Column(DateTime(timezone=True))  # while scheduled
    visit_place = Column(String(200))
    next_attempt_on = Column(Date)  # while open and not scheduled
    last_action_at = Column(DateTime(timezone=True), nullable=False)
    assignee_id = Column(Integer, ForeignKey("coordinators.id"))
    referrer = Column(String(200))  # lower-cased, for search and sort; NULL when blank
    patient = Column(String(200))
    contact_withdrawn = Column(Boolean, nullable=False)
    age = Column(Float)
    unknown = Column(Integer, nullable=False)  # how many facts are not known


# Registers the outbox's listener on Screening wherever models are imported (kept last: it
# imports the classes above).
from prescreen.store import outbox as _outbox  # noqa: E402,F401
# ... and the patient's WeChat message on a "scheduled" trail entry.
from prescreen.store import wechat_outbox as _wechat_outbox  # noqa: E402,F401
# ... and the queue's state, rewritten from the trail whenever a trail is written to.
from prescreen.store import queue_state as _queue_state  # noqa: E402,F401
