"""Who may do what in the follow-up queue, and the investigator's sign-off.

- coordinator: works referrals (status, assignment, notes, contact withdrawn on a call).
- investigator: everything a coordinator does, and records I6 (potential benefit) and E14
  (suitability) with a reason, and signs the eligibility determination after re-entering
  their password. Only an investigator can: the assistant never calls anyone "eligible".
- monitor: reads the queue and the screening log, without referrer contacts, patient
  references or transcripts, and changes nothing.

Sign-offs are append-only (table `signoffs`): a later entry of a kind supersedes an earlier
one, and both stay on the record with who, when, what and the criteria version. They are made
on the patient's current screening; after a re-screen (a new row) they still show on the newer
one and in the export, marked as made on the earlier screening, whose facts have changed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from prescreen.utc import aware
from prescreen.eligibility.criteria import CRITERIA_VERSION
from prescreen.followup import accounts
from prescreen.store.db import session
from prescreen.store.models import Coordinator, Screening, Signoff, utcnow
from prescreen.settings import get_settings

COORDINATOR, INVESTIGATOR, MONITOR = accounts.ROLES
ROLE_LABELS = {COORDINATOR: "Coordinator", INVESTIGATOR: "Investigator", MONITOR: "Monitor (read-only)"}

I6, E14, DETERMINATION = "I6", "E14", "determination"
# The investigator's own criteria, in words a signature can carry.
JUDGEMENTS = {
    I6: {"benefit": "May benefit from the study treatment", "no_benefit": "Not expected to benefit"},
    E14: {"suitable": "Suitable for the study", "unsuitable": "Unsuitable for the study"},
}
ELIGIBLE, NOT_ELIGIBLE, DEVIATION = "eligible", "not_eligible", "eligible_deviation"
DETERMINATIONS = {ELIGIBLE: "Eligible", NOT_ELIGIBLE: "Not eligible",
                  DEVIATION: "Eligible with a documented deviation"}
MAX_REASON_CHARS = 1000


class SignoffError(ValueError):
    """Refused; the message is meant for the person at the page."""


def can_change(role: str) -> bool:
    """Whether the role may record anything in the queue (a monitor only reads)."""
    return role in (COORDINATOR, INVESTIGATOR)


def sees_contacts(role: str) -> bool:
    return role in (COORDINATOR, INVESTIGATOR)


def site_zone() -> ZoneInfo:
    return ZoneInfo(get_settings().site_time_zone)


def local(t: datetime) -> datetime:
    """A stored (UTC) time in the site's zone; SQLite hands back naive UTC datetimes."""
    return aware(t).astimezone(site_zone())


def stamp(t: datetime) -> str:
    """A time as a signature shows it, with the zone named: 2026-12-04 18:05 Asia/Shanghai (UTC+08:00)."""
    lt = local(t)
    offset = lt.strftime("%z")
    return f"{lt:%Y-%m-%d %H:%M} {site_zone().key} (UTC{offset[:3]}:{offset[3:]})"


@dataclass(frozen=True)
class Entry:
    kind: str
    value: str
    label: str
    reason: str
    by: str
    at: datetime
    criteria_version: str
    # The screening it was made on and that screening's decision: after a re-screen the
    # patient's sign-offs still show, marked as made on the earlier facts.
    reference: str = ""
    decision: str = ""
    id: int = 0


def _label(kind: str, value: str) -> str:
    return DETERMINATIONS.get(value, value) if kind == DETERMINATION else JUDGEMENTS[kind].get(value, value)


def _entry(r: Signoff, names: dict[int, str], decisions: dict[int, str]) -> Entry:
    return Entry(r.kind, r.value, _label(r.kind, r.value), r.reason, names.get(r.investigator_id, "?"),
                 r.created_at if r.created_at.tzinfo else r.created_at.replace(tzinfo=timezone.utc),
                 r.criteria_version, f"PS-{r.screening_id:06d}", decisions.get(r.screening_id, ""), r.id)


def _entries_of(s, screening_ids: list[int]) -> list[Entry]:
    names = dict(s.execute(select(Coordinator.id, Coordinator.username)).all())
    decisions = dict(s.execute(select(Screening.id, Screening.decision).where(Screening.id.in_(screening_ids))).all())
    rows = s.scalars(select(Signoff).where(Signoff.screening_id.in_(screening_ids)).order_by(Signoff.id)).all()
    return [_entry(r, names, decisions) for r in rows]


def entries(screening_id: int) -> list[Entry]:
    """Every sign-off entry made on this screening itself, oldest first."""
    with session() as s:
        return _entries_of(s, [screening_id])


def current(screening_id: int) -> dict[str, Entry]:
    """The newest entry of each kind made on this screening: {"I6": ..., "E14": ..., "determination": ...}."""
    return {e.kind: e for e in entries(screening_id)}


def chain_entries(screening_id: int) -> list[Entry]:
    """Every sign-off entry of the patient's chain of screenings (a re-screen is a new row, and
    the sign-offs made before it stay the patient's), oldest first; each names its screening."""
    from prescreen.store.outcome_log import chain_ids

    with session() as s:
        row = s.get(Screening, screening_id)
        return _entries_of(s, chain_ids(s, row)) if row is not None else []


def chain_current(screening_id: int) -> dict[str, Entry]:
    """The newest entry of each kind over the chain; one made on an earlier screening has
    that screening's `reference` (its facts have changed since)."""
    return {e.kind: e for e in chain_entries(screening_id)}


def current_determinations() -> dict[int, Entry]:
    """For the export: for every screening, the newest signed determination made on it or on
    an earlier screening of its chain (the one in force while it was the current outcome;
    `reference` says which screening it was signed on)."""
    with session() as s:
        names = dict(s.execute(select(Coordinator.id, Coordinator.username)).all())
        screenings = dict(s.execute(select(Screening.id, Screening.supersedes)).all())
        decisions = dict(s.execute(select(Screening.id, Screening.decision)).all())
        signed: dict[int, Entry] = {}
        for r in s.scalars(select(Signoff).where(Signoff.kind == DETERMINATION).order_by(Signoff.id)):
            signed[r.screening_id] = _entry(r, names, decisions)  # the newest on each screening
    found: dict[int, Entry] = {}
    for sid in screenings:
        seen, current, best = set(), sid, None
        while current is not None and current not in seen:
            seen.add(current)
            e = signed.get(current)
            if e is not None and (best is None or e.id > best.id):
                best = e
            current = screenings.get(current)
        if best is not None:
            found[sid] = best
    return found


def _investigator(s, user_id: int) -> Coordinator:
    who = s.get(Coordinator, user_id)
    if who is None or not who.active:
        raise SignoffError("Your account is not active.")
    if who.role != INVESTIGATOR:
        raise SignoffError(f"Only an investigator can do this; your role is {ROLE_LABELS.get(who.role, who.role)}.")
    return who


def _reason(reason: str | None, required: bool, what: str) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise SignoffError(f"{what} needs a reason.")
    if len(reason) > MAX_REASON_CHARS:
        raise SignoffError(f"The reason is too long (at most {MAX_REASON_CHARS} characters).")
    return reason


def record_judgement(screening_id: int, user_id: int, criterion: str, value: str, reason: str | None) -> Entry:
    """The investigator's I6 or E14, with its reason."""
    if criterion not in JUDGEMENTS:
        raise SignoffError("Only I6 and E14 are the investigator's to record.")
    if value not in JUDGEMENTS[criterion]:
        raise SignoffError(f"Choose one of: {', '.join(JUDGEMENTS[criterion].values())}.")
    reason = _reason(reason, True, criterion)
    with session() as s:
        who = _investigator(s, user_id)
        if s.get(Screening, screening_id) is None:
            raise SignoffError("No such screening.")
        row = Signoff(screening_id=screening_id, investigator_id=who.id, kind=criterion, value=value,
                      reason=reason, criteria_version=CRITERIA_VERSION, created_at=utcnow())
        s.add(row)
    return current(screening_id)[criterion]


def sign(screening_id: int, user_id: int, password: str, determination: str, reason: str | None,
         client: str) -> Entry:
    """The investigator's signed eligibility determination. The password is checked again at
    this moment, through the sign-in throttle (a wrong one counts like a wrong sign-in)."""
    if determination not in DETERMINATIONS:
        raise SignoffError(f"Choose one of: {', '.join(DETERMINATIONS.values())}.")
    reason = _reason(reason, determination in (NOT_ELIGIBLE, DEVIATION),
                     "A determination of not eligible or with a deviation")
    with session() as s:
        who = _investigator(s, user_id)
        username = who.username
        if s.get(Screening, screening_id) is None:
            raise SignoffError("No such screening.")
    now = current(screening_id)
    if determination == ELIGIBLE:
        missing = [c for c, ok in ((I6, "benefit"), (E14, "suitable")) if c not in now or now[c].value != ok]
        if missing:
            # Only this screening's own count: one made before a re-screen judged other facts.
            earlier = sorted({e.reference for e in chain_entries(screening_id)
                              if e.kind in missing and e.reference != f"PS-{screening_id:06d}"})
            since = (f" on this screening: those on {', '.join(earlier)} were recorded before the facts changed"
                     if earlier else " first")
            raise SignoffError(f"Eligible needs {' and '.join(missing)} recorded as met{since} "
                               "(or sign with a documented deviation).")
    checked = accounts.authenticate(username, password or "", client)
    if checked.throttled:
        raise SignoffError("Too many wrong passwords: wait a little and sign again. Nothing was signed.")
    if checked.coordinator is None or checked.coordinator.id != user_id:
        raise SignoffError("The password is not right. Nothing was signed.")
    with session() as s:
        s.add(Signoff(screening_id=screening_id, investigator_id=user_id, kind=DETERMINATION, value=determination,
                      reason=reason, criteria_version=CRITERIA_VERSION, created_at=utcnow()))
    return current(screening_id)[DETERMINATION]
