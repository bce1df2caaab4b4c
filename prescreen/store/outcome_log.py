"""Recording and reading screening outcomes.

The sender id of a conversation (for WeChat, the user's OpenID) is personal data: only its
HMAC with PSEUDONYM_SECRET is stored, so rows of one conversation can be linked without
the raw id ever touching the database.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from prescreen.eligibility.checker import Outcome
from prescreen.eligibility.criteria import BY_ID
from prescreen.store.db import session
from prescreen.store.models import Referral, Screening
from prescreen.settings import get_settings


def pseudonym(sender_id: str) -> str:
    secret = get_settings().pseudonym_secret.encode()
    return hmac.new(secret, sender_id.encode(), hashlib.sha256).hexdigest()


# A channel that must not hand Rasa the raw id (WeChat's OpenID) gives it "ps-" + the
# pseudonym instead; the log then keeps that pseudonym as it is, so `prescreen log --sender
# OPENID` finds the rows of an OpenID and of a web session alike.
PSEUDONYMOUS = re.compile(r"^ps-([0-9a-f]{64})$")


def pseudonymous_sender(raw_id: str) -> str:
    return "ps-" + pseudonym(raw_id)


def sender_ref(sender_id: str) -> str:
    already = PSEUDONYMOUS.match(sender_id)
    return already.group(1) if already else pseudonym(sender_id)


def _criterion_row(result, evidence: dict) -> dict:
    row = {"id": result.id, "status": result.status, "reason": result.reason}
    said = {k: str(evidence[k]) for k in BY_ID[result.id].facts if evidence.get(k)}
    if said:
        row["evidence"] = said
    return row


def record(outcome: Outcome, channel: str, sender_id: str, transcript: list[dict] | None = None,
           key: str | None = None, evidence: dict | None = None) -> dict:
    """Append one screening row; returns it as a dict (with its `reference`).

    `key` names the decision being logged (the caller's: one conversation, one set of facts,
    one place in the conversation). A second call with the same key returns the row the first
    one wrote: the retry after a write whose acknowledgement was lost adds nothing.
    `evidence` maps fact keys to the words they were read from; each criterion keeps its own.
    """
    if key is not None:
        key = hmac.new(get_settings().pseudonym_secret.encode(), f"{sender_ref(sender_id)}:{key}".encode(),
                       hashlib.sha256).hexdigest()
        found = _by_key(key)
        if found is not None:
            return found
    row = Screening(
        channel=channel,
        sender_ref=sender_ref(sender_id),
        decision=outcome.decision,
        failed=list(outcome.failed),
        unknown=list(outcome.unknown),
        facts=dict(outcome.facts),
        criteria=[_criterion_row(r, evidence or {}) for r in outcome.criteria],
        criteria_version=outcome.criteria_version,
        transcript=transcript or [],
        screening_key=key,
    )
    try:
        with session() as s:
            s.add(row)
            s.flush()
            return row.to_dict()
    except IntegrityError:
        # The same decision written at the same moment by a retried request.
        found = _by_key(key) if key is not None else None
        if found is None:
            raise
        return found


def _by_key(key: str) -> dict | None:
    with session() as s:
        row = s.scalars(select(Screening).where(Screening.screening_key == key)).first()
        return row.to_dict() if row is not None else None


def screenings(sender_id: str | None = None, limit: int | None = None) -> list[dict]:
    """Logged screenings, newest first; only one sender's when `sender_id` is given."""
    query = select(Screening).order_by(Screening.created_at.desc(), Screening.id.desc())
    if sender_id is not None:
        query = query.where(Screening.sender_ref == pseudonym(sender_id))
    if limit:
        query = query.limit(limit)
    with session() as s:
        return [row.to_dict() for row in s.scalars(query)]


def screening_id(reference: str) -> int:
    """PS-000042 -> 42."""
    prefix, _, number = reference.partition("-")
    if prefix != "PS" or not number.isdigit():
        raise ValueError(f"not a screening reference: {reference!r}")
    return int(number)


def produced_by(reference: str, sender_id: str) -> bool:
    """Whether screening `reference` was logged by the conversation `sender_id`.

    The actions write only to their own conversation's screenings: a `last_screening` slot
    naming another conversation's reference (a forged tracker) must not reach its referral."""
    try:
        number = screening_id(str(reference))
    except ValueError:
        return False
    with session() as s:
        owner = s.scalars(select(Screening.sender_ref).where(Screening.id == number)).first()
    return owner is not None and hmac.compare_digest(owner, sender_ref(sender_id))


def record_referral(reference: str, referrer_name: str, referrer_department: str, referrer_contact: str,
                    patient_reference: str) -> None:
    """Attach the referrer's contact and the patient reference to a logged screening."""
    with session() as s:
        s.add(Referral(screening_id=screening_id(reference), referrer_name=referrer_name,
                       referrer_department=referrer_department, referrer_contact=referrer_contact,
                       patient_reference=patient_reference))
