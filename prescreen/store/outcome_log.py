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

from prescreen.eligibility.checker import Outcome, check
from prescreen.eligibility.criteria import BY_ID
from prescreen.eligibility.facts import FACT_KEYS, PARSERS
from prescreen.reading.parsing import InvalidValue
from prescreen.store.db import session
from prescreen.store.models import FactEntry, Referral, Screening
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
           key: str | None = None, evidence: dict | None = None, supersedes: str | None = None) -> dict:
    """Append one screening row; returns it as a dict (with its `reference`).

    `key` names the decision being logged (the caller's: one conversation, one set of facts,
    one place in the conversation). A second call with the same key returns the row the first
    one wrote: the retry after a write whose acknowledgement was lost adds nothing.
    `evidence` maps fact keys to the words they were read from; each criterion keeps its own.
    `supersedes` is the reference of the screening this one re-screens (a late answer after
    the decision). If that one was re-screened meanwhile (a coordinator entered a fact), the
    new row supersedes the newest of the chain instead, and the facts the coordinator entered
    that this conversation does not state are kept: a late answer never drops a lab result.
    """
    if key is not None:
        key = hmac.new(get_settings().pseudonym_secret.encode(), f"{sender_ref(sender_id)}:{key}".encode(),
                       hashlib.sha256).hexdigest()
        found = _by_key(key)
        if found is not None:
            return found
    for attempt in range(3):
        try:
            with session() as s:
                replaces = None
                if supersedes:
                    given = s.get(Screening, screening_id(supersedes))
                    if given is not None:
                        head = _head(s, given)
                        replaces = head.id
                        if head.id != given.id:
                            outcome, evidence = _with_entered_facts(s, given, head, outcome, evidence)
                row = _row(outcome, channel, sender_ref(sender_id), transcript, key, evidence, replaces)
                s.add(row)
                s.flush()
                return row.to_dict()
        except IntegrityError:
            # The same decision written at the same moment by a retried request, or another
            # re-screen of the same screening that got there first (then: supersede that one).
            found = _by_key(key) if key is not None else None
            if found is not None:
                return found
            if not supersedes or attempt == 2:
                raise
    raise AssertionError("unreachable")


def _row(outcome: Outcome, channel: str, ref: str, transcript, key, evidence, replaces) -> Screening:
    return Screening(
        channel=channel,
        sender_ref=ref,
        decision=outcome.decision,
        failed=list(outcome.failed),
        unknown=list(outcome.unknown),
        facts=dict(outcome.facts),
        criteria=[_criterion_row(r, evidence or {}) for r in outcome.criteria],
        criteria_version=outcome.criteria_version,
        transcript=transcript or [],
        screening_key=key,
        supersedes=replaces,
    )


def _head(s, row: Screening) -> Screening:
    """The newest screening of the chain `row` belongs to (the one nothing supersedes)."""
    seen = {row.id}
    while True:
        newer = s.scalars(select(Screening).where(Screening.supersedes == row.id)).first()
        if newer is None or newer.id in seen:
            return row
        seen.add(newer.id)
        row = newer


def chain_ids(s, row: Screening) -> list[int]:
    """Every screening of `row`'s chain, oldest first."""
    first, seen = row, {row.id}
    while first.supersedes and first.supersedes not in seen:
        older = s.get(Screening, first.supersedes)
        if older is None:
            break
        seen.add(older.id)
        first = older
    ids, row = [first.id], first
    while True:
        newer = s.scalars(select(Screening).where(Screening.supersedes == row.id)).first()
        if newer is None or newer.id in ids:
            return ids
        ids.append(newer.id)
        row = newer


def _with_entered_facts(s, since: Screening, head: Screening, outcome: Outcome, evidence: dict | None):
    """The conversation's outcome, with the facts coordinators entered after `since` that the
    conversation leaves unknown (the conversation's own statements win: they are newer)."""
    ids = chain_ids(s, head)
    later = ids[ids.index(since.id) + 1:] if since.id in ids else ids
    entries = s.scalars(select(FactEntry).where(FactEntry.screening_id.in_(later)).order_by(FactEntry.id)).all()
    facts, said = dict(outcome.facts), dict(evidence or {})
    for e in entries:
        if facts.get(e.fact) is None and e.value is not None:
            facts[e.fact] = e.value
            said[e.fact] = f"{e.source}: {e.value}"
    return (check(facts), said) if facts != outcome.facts else (outcome, evidence)


class RescreenError(ValueError):
    """An entered fact that cannot be used; the message is meant for the coordinator."""


MAX_SOURCE_CHARS = 200
MAX_REASON_CHARS = 500


def parse_entry(fact: str, value: str, source: str, reason: str) -> tuple[str, object, str, str]:
    """A coordinator's entered fact, checked: (fact key, normalised value, source, reason)."""
    fact, source, reason = (fact or "").strip(), (source or "").strip(), (reason or "").strip()
    if fact not in FACT_KEYS:
        raise RescreenError("Choose which fact you are entering.")
    if not str(value or "").strip():
        raise RescreenError("Enter the fact's value (for yes/no facts: yes or no).")
    try:
        parsed = PARSERS[fact](value)
    except InvalidValue as e:
        raise RescreenError(f"{e.message}") from None
    if parsed is None:
        raise RescreenError("That value says the fact is not known: nothing to re-screen with.")
    if not source:
        raise RescreenError("Say where the fact comes from (for example \"lab result 2026-12-03\").")
    if len(source) > MAX_SOURCE_CHARS:
        raise RescreenError(f"The source is too long (at most {MAX_SOURCE_CHARS} characters).")
    if not reason:
        raise RescreenError("Give the reason for the re-screen.")
    if len(reason) > MAX_REASON_CHARS:
        raise RescreenError(f"The reason is too long (at most {MAX_REASON_CHARS} characters).")
    return fact, parsed, source, reason


def rescreen(reference: str, actor_id: int, entries: list[tuple[str, object, str, str]],
             expected_reference: str | None = None) -> dict:
    """A coordinator's re-screen: the current screening's facts plus `entries` (from
    `parse_entry`), run through the checker again and logged as a new row that supersedes
    the current one; who entered what is kept in `fact_entries`. Returns the new row.

    `expected_reference` is the current screening the coordinator's page showed: if the
    chain moved on meanwhile, nothing is written."""
    if not entries:
        raise RescreenError("Enter at least one fact.")
    with session() as s:
        start = s.get(Screening, screening_id(reference))
        if start is None:
            raise RescreenError("No such screening.")
        head = _head(s, start)
        if expected_reference and head.reference != expected_reference:
            raise RescreenError(f"This referral was re-screened meanwhile (now {head.reference}). "
                                "Nothing was recorded; check the outcome and enter the fact again.")
        facts = dict(head.facts)
        said = {}
        for fact, value, source, _ in entries:
            facts[fact] = value
            said[fact] = f"{source}: {value}"
        outcome = check(facts)
        row = _row(outcome, head.channel, head.sender_ref, [], None, said, head.id)
        s.add(row)
        try:
            s.flush()
        except IntegrityError:
            raise RescreenError("This referral was re-screened by someone else at the same moment. "
                                "Nothing was recorded; check the outcome and try again.") from None
        for fact, value, source, reason in entries:
            s.add(FactEntry(screening_id=row.id, actor_id=actor_id, fact=fact, value=value, source=source,
                            reason=reason))
        s.flush()
        return row.to_dict()


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
