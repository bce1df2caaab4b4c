"""The notification outbox: a screening worth following up is inserted together with its
"new referral" messages, in the same transaction, whichever code path writes it (the
assistant's decision, a re-screen). So a referral is never logged without its message and a
message never names a screening that was rolled back. The sender (prescreen.followup.notify,
`prescreen notify`) delivers them and retries failures; it never blocks the screening.

Imported by prescreen.store.models, so the listener is registered wherever screenings are written.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import event, update

from prescreen.store.models import Notification, Screening, utcnow

NOTIFY_DECISIONS = ("potentially_eligible", "needs_review")
EMAIL, WECOM = "email", "wecom"


def configured_channels() -> list[str]:
    """Read on every insert (not cached): e-mail when NOTIFY_EMAIL_TO is set, WeCom when
    WECOM_WEBHOOK_URL is."""
    from prescreen.settings import get_settings

    s = get_settings()
    found = []
    if s.notify_email_to:
        found.append(EMAIL)
    if s.wecom_webhook_url:
        found.append(WECOM)
    return found


@event.listens_for(Screening, "after_insert")
def _enqueue(mapper, connection, target: Screening) -> None:
    if target.decision not in NOTIFY_DECISIONS:
        return
    if target.supersedes is not None:
        # A re-screen of a referral already in the queue is not a new referral; one that
        # brings an ineligible patient back into the queue is.
        before = connection.execute(Screening.__table__.select().with_only_columns(Screening.decision)
                                    .where(Screening.id == target.supersedes)).scalar()
        if before in NOTIFY_DECISIONS:
            return
    now = utcnow()
    for channel in configured_channels():
        connection.execute(Notification.__table__.insert().values(
            screening_id=target.id, channel=channel, created_at=now, attempts=0, next_attempt_at=now))


# ---- what both outboxes' senders share (prescreen.followup.notify, .wechat_patient) ---------

LEASE = timedelta(minutes=2)  # a row being sent is not picked up by another sender meanwhile


@dataclass(frozen=True)
class Sent:
    sent: int
    failed: int


def claim(session, model, row_id: int, due_at: datetime, now: datetime, *still_due) -> bool:
    """Compare-and-set on next_attempt_at: of several senders, one gets the row (`still_due`:
    the model's own "not yet sent" condition)."""
    done = session.execute(update(model)
                           .where(model.id == row_id, model.next_attempt_at == due_at, *still_due)
                           .values(next_attempt_at=now + LEASE).execution_options(synchronize_session=False))
    return done.rowcount == 1
