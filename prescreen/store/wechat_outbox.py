"""The patient's WeChat message when a screening visit is scheduled: written with the
"scheduled" trail entry, in the same transaction, whichever code path writes it. So the status
change never waits for WeChat, and a message never names a visit that was rolled back. The
sender (prescreen.followup.wechat_patient, run by `prescreen notify`) delivers it.

A row is written only for a patient who consented to be contacted over WeChat: a patient-mode
referral of a WeChat screening of this patient's chain, its phone number not erased, and the
OpenID kept for that sender (wechat_contacts). WeChat's customer-service API takes a message
only within 48 hours of the user's last message: outside it the row says so at once
("window_closed"), and the queue tells the coordinator to call instead.

Imported by prescreen.store.models, so the listener is registered wherever the trail is written.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import overload

from sqlalchemy import event, exists, select

from prescreen.store.models import (
    Erasure,
    PatientMessage,
    QueueEvent,
    Referral,
    Screening,
    WeChatContact,
    utcnow,
)

WINDOW = timedelta(hours=48)  # WeChat's customer-service window, from the user's last message
# Judged with this much of the window left, so that the send (and a quick retry) still falls inside it.
MARGIN = timedelta(minutes=5)
PENDING, SENT, WINDOW_CLOSED, WITHDRAWN, REFUSED = "pending", "sent", "window_closed", "withdrawn", "refused"
# What a patient-mode referral row holds as its referrer (actions/referral.py, followup/erasure.py).
PATIENT_REFERRER = "patient or family (self-referral)"
WECHAT = "wechat"


@overload
def aware(t: datetime) -> datetime: ...
@overload
def aware(t: None) -> None: ...
def aware(t: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    return t if t is None or t.tzinfo else t.replace(tzinfo=timezone.utc)


def window_open(last_message_at: datetime | None, now: datetime) -> bool:
    return last_message_at is not None and now < aware(last_message_at) + WINDOW - MARGIN


def chain_back(connection, head_id: int) -> list[int]:
    """The screening and every one it supersedes (entries are written on the newest one)."""
    ids, current = [head_id], head_id
    while True:
        older = connection.execute(select(Screening.supersedes).where(Screening.id == current)).scalar()
        if older is None or older in ids:
            return ids
        ids.append(older)
        current = older


def consented(connection, screening_ids: list[int]) -> bool:
    """Whether this patient left a phone number over WeChat after saying yes to being
    contacted, and has not withdrawn it."""
    left = connection.execute(
        select(Referral.id).join(Screening, Screening.id == Referral.screening_id)
        .where(Referral.screening_id.in_(screening_ids), Referral.referrer_name == PATIENT_REFERRER,
               Referral.referrer_contact != "", Screening.channel == WECHAT,
               ~exists().where(Erasure.screening_id == Referral.screening_id)).limit(1)).first()
    return left is not None


def contact_of(connection, screening_id: int):
    """(open_id, last_message_at) kept for this screening's sender, or None."""
    ref = connection.execute(select(Screening.sender_ref).where(Screening.id == screening_id)).scalar()
    return connection.execute(select(WeChatContact.open_id, WeChatContact.last_message_at)
                              .where(WeChatContact.sender_ref == ref)).first()


@event.listens_for(QueueEvent, "after_insert")
def _enqueue(mapper, connection, target: QueueEvent) -> None:
    if target.kind != "status" or target.to_status != "scheduled":
        return
    ids = chain_back(connection, target.screening_id)
    if not consented(connection, ids):
        return
    contact = contact_of(connection, target.screening_id)
    if contact is None:
        return
    now = utcnow()
    last = aware(contact.last_message_at)
    connection.execute(PatientMessage.__table__.insert().values(
        screening_id=target.screening_id, queue_event_id=target.id, created_at=now,
        state=PENDING if window_open(last, now) else WINDOW_CLOSED, last_message_at=last,
        attempts=0, next_attempt_at=now))
