"""The patient's right to erasure (PIPL): a withdrawal of contact.

A WeChat user who writes "删除我的信息" (channels/wechat.py), or a coordinator who takes the
request on a call, erases the stored contact details of that person's referrals: the phone
number a patient left, the patient reference a referrer gave, and the WeChat OpenID kept to
message the patient (prescreen.followup.wechat_patient). The pseudonymous screening
rows stay (the trial's screening log needs them and they name nobody). Each erased screening
gets an `erasures` entry, which is the audit record; the database lets a referral's contact
be blanked only once that entry exists (migration 0007), and nothing else of it changes.
"""
from __future__ import annotations

from sqlalchemy import and_, or_, select, update

from prescreen.followup import wechat_patient
from prescreen.store.db import session
from prescreen.store.models import Erasure, Referral, Screening, utcnow
from prescreen.store.outcome_log import sender_ref

# What a referral row held as the patient's own contact (actions/referral.py).
PATIENT_REFERRER = "patient or family (self-referral)"
VIA_WECHAT, VIA_COORDINATOR = "wechat", "coordinator"

# What a WeChat user may write to withdraw. Whole message only (punctuation aside), so a
# sentence that merely mentions deleting is not taken as a request.
REQUESTS = {"删除我的信息", "删除我的资料", "删除我的个人信息", "删除我的电话", "删除我的手机号",
            "撤回我的信息", "delete my information", "delete my data", "erase my data"}


def is_request(text: str) -> bool:
    return text.strip().strip("。.!！ ").lower() in REQUESTS


def _erase(s, screening_ids: list[int], via: str, actor_id: int | None, reason: str | None) -> int:
    if not screening_ids:
        return 0
    now = utcnow()
    for sid in screening_ids:
        s.add(Erasure(screening_id=sid, created_at=now, requested_via=via, actor_id=actor_id,
                      reason=(reason or "").strip() or None))
    s.flush()  # the trigger lets the blanking through only once the entries exist
    # The patient reference names the patient whoever gave it; a phone number is the
    # patient's only when they left it themselves (a referrer's extension is the referrer's).
    s.execute(update(Referral).where(Referral.screening_id.in_(screening_ids))
              .values(patient_reference="").execution_options(synchronize_session=False))
    s.execute(update(Referral).where(Referral.screening_id.in_(screening_ids),
                                     Referral.referrer_name == PATIENT_REFERRER)
              .values(referrer_contact="").execution_options(synchronize_session=False))
    # The WeChat OpenID kept to message the patient goes with the number, and so does any
    # message not sent yet.
    wechat_patient.forget(s, screening_ids)
    return len(screening_ids)


def _with_referrals(s, sender: str) -> list[int]:
    """The sender's screenings whose referrals still hold something erasure blanks."""
    left = or_(Referral.patient_reference != "",
               and_(Referral.referrer_name == PATIENT_REFERRER, Referral.referrer_contact != ""))
    return list(s.scalars(select(Screening.id).join(Referral, Referral.screening_id == Screening.id)
                          .where(Screening.sender_ref == sender, left).distinct().order_by(Screening.id)))


def erase_sender(sender_id: str, via: str = VIA_WECHAT) -> int:
    """Erases the contact details of every referral of one conversation's sender (a WeChat
    OpenID's "ps-" pseudonym). Returns how many screenings had details erased."""
    with session() as s:
        erased = _erase(s, _with_referrals(s, sender_ref(sender_id)), via, None, None)
        wechat_patient.forget_refs(s, {sender_ref(sender_id)})  # whatever is left of it
        return erased


def forget_conversation(sender_id: str) -> int:
    """Deletes the conversation Rasa keeps for this sender (table `events` of TRACKER_URL, or
    DATABASE_URL): the phone number was typed there too, and the tracker is the patient's
    words, not the trial's record (the screening keeps its own transcript, which ends at the
    decision, before any phone number). The next message starts a new conversation. Returns
    the number of event rows deleted (0 when that database keeps no trackers)."""

    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from prescreen.store.db import make_engine
    from prescreen.settings import get_settings

    url = get_settings().tracker_database_url
    engine = make_engine(url)
    try:
        with engine.begin() as c:
            return c.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": sender_id}).rowcount
    except SQLAlchemyError as e:
        if "events" in str(e) and ("no such table" in str(e) or "does not exist" in str(e)):
            return 0
        raise
    finally:
        engine.dispose()


def erase_for_screening(screening_id: int, actor_id: int, reason: str | None) -> int:
    """A coordinator on a call: the same erasure for the person of this referral (every
    referral of the same conversation)."""
    with session() as s:
        row = s.get(Screening, screening_id)
        if row is None:
            return 0
        return _erase(s, _with_referrals(s, row.sender_ref) or [screening_id], VIA_COORDINATOR, actor_id, reason)


def withdrawn(screening_ids: list[int] | None = None) -> dict[int, dict]:
    """{screening id: the newest erasure entry} for the queue's "contact withdrawn"."""
    query = select(Erasure).order_by(Erasure.id)
    if screening_ids is not None:
        query = query.where(Erasure.screening_id.in_(screening_ids))
    with session() as s:
        return {e.screening_id: {"at": e.created_at, "via": e.requested_via} for e in s.scalars(query)}
