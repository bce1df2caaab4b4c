"""The coordinators' follow-up queue: workflow, overdue rule, funnel and screening-log rows.

The queue is read straight from `screenings` and `referrals` (a referral is in the queue the
moment the assistant logs it) plus the append-only audit trail `queue_events`. A referral's
status, assignee and last action are folded from its events, never stored: nothing is
overwritten, and the trail is the record.

The first half is plain Python over plain data (unit-tested directly); the second half reads
and writes the database.
"""
from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Iterable

from sqlalchemy import select

from prescreen.eligibility.checker import INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE
from prescreen.eligibility.criteria import CRITERIA
from prescreen.store.db import session
from prescreen.store.models import Coordinator, QueueEvent, Referral, Screening
from prescreen.settings import get_settings

# ---- workflow ----------------------------------------------------------------------------

NEW, CONTACTED, SCHEDULED = "new", "contacted", "scheduled"
CONSENTED, SCREEN_FAILED, DECLINED, UNREACHABLE = "consented", "screen_failed", "declined", "unreachable"

STATUS_LABELS = {
    NEW: "New",
    CONTACTED: "Contacted",
    SCHEDULED: "Scheduled for screening visit",
    CONSENTED: "Consented",
    SCREEN_FAILED: "Screen failed",
    DECLINED: "Declined",
    UNREACHABLE: "Unreachable",
}
STATUSES = tuple(STATUS_LABELS)

# Where a referral may go next. "Unreachable" stays open (a later call may get through);
# consented, screen failed and declined are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    NEW: (CONTACTED, UNREACHABLE, SCREEN_FAILED),
    CONTACTED: (SCHEDULED, DECLINED, SCREEN_FAILED, UNREACHABLE),
    SCHEDULED: (CONSENTED, SCREEN_FAILED, DECLINED, UNREACHABLE),
    UNREACHABLE: (CONTACTED,),
    CONSENTED: (),
    SCREEN_FAILED: (),
    DECLINED: (),
}
FINAL = tuple(s for s, nxt in TRANSITIONS.items() if not nxt)

QUEUE_DECISIONS = (POTENTIALLY_ELIGIBLE, NEEDS_REVIEW)
DECISION_LABELS = {POTENTIALLY_ELIGIBLE: "Potentially eligible", NEEDS_REVIEW: "Needs review",
                   INELIGIBLE: "Not eligible"}
CRITERION_SHORT = {c.id: c.short for c in CRITERIA}

STATUS, ASSIGNMENT, NOTE = "status", "assignment", "note"
MAX_NOTE_CHARS = 5000
MAX_REASON_CHARS = 500


class WorkflowError(ValueError):
    """A change the workflow does not allow; the message is meant for the coordinator."""


def _labels(statuses: Iterable[str]) -> str:
    return ", ".join(STATUS_LABELS[s] for s in statuses)


def check_transition(current: str, to: str, criterion: str | None = None, reason: str | None = None) -> None:
    if to not in STATUS_LABELS:
        raise WorkflowError(f"{to!r} is not a status. Statuses: {_labels(STATUSES)}.")
    if current in FINAL:
        raise WorkflowError(f"This referral is {STATUS_LABELS[current]}, which is final: "
                            f"it cannot become {STATUS_LABELS[to]}. Add a note instead.")
    if to not in TRANSITIONS[current]:
        raise WorkflowError(f"A referral that is {STATUS_LABELS[current]} cannot become {STATUS_LABELS[to]}; "
                            f"next can be: {_labels(TRANSITIONS[current])}.")
    if criterion and criterion not in CRITERION_SHORT:
        raise WorkflowError(f"{criterion!r} is not a criterion of this trial (I1–I7, E1–E14).")
    if criterion and to != SCREEN_FAILED:
        raise WorkflowError("A criterion is only named for a screen failure.")
    if to == SCREEN_FAILED and not (criterion or (reason or "").strip()):
        raise WorkflowError("A screen failure needs the criterion that failed or the reason.")
    if reason and len(reason) > MAX_REASON_CHARS:
        raise WorkflowError(f"The reason is too long (at most {MAX_REASON_CHARS} characters).")


# ---- the trail, folded -------------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    id: int
    at: datetime
    actor: str
    kind: str
    from_status: str
    to_status: str
    assignee: str | None = None
    criterion: str | None = None
    reason: str | None = None
    note: str | None = None


@dataclass
class Item:
    """One screening worth following up, with everything the queue shows about it."""

    screening: dict
    referral: dict | None  # the newest one: a corrected contact is a new row
    events: list[Event] = field(default_factory=list)  # oldest first
    earlier_referrals: list[dict] = field(default_factory=list)
    related: list[tuple[str, str]] = field(default_factory=list)  # (reference, decision): same conversation

    @property
    def id(self) -> int:
        return self.screening["id"]

    @property
    def reference(self) -> str:
        return self.screening["reference"]

    @property
    def status(self) -> str:
        return current_status(self.events)

    @property
    def assignee(self) -> str | None:
        return current_assignee(self.events)

    @property
    def referred_at(self) -> datetime:
        return self.referral["created_at"] if self.referral else self.screening["created_at"]

    @property
    def last_action_at(self) -> datetime:
        return self.events[-1].at if self.events else self.screening["created_at"]

    @property
    def outcome(self) -> Event | None:
        """The status entry that closed or last moved the referral (its reason, criterion)."""
        return next((e for e in reversed(self.events) if e.kind == STATUS), None)


def current_status(events: list[Event]) -> str:
    return next((e.to_status for e in reversed(events) if e.kind == STATUS), NEW)


def current_assignee(events: list[Event]) -> str | None:
    return next((e.assignee for e in reversed(events) if e.kind == ASSIGNMENT), None)


def statuses_reached(events: list[Event]) -> set[str]:
    return {NEW} | {e.to_status for e in events if e.kind == STATUS}


# ---- overdue: working days ---------------------------------------------------------------

def overdue_working_days() -> int:
    """QUEUE_OVERDUE_WORKING_DAYS (default 2): days without action before a referral stands out."""
    get_settings()  # loads .env into the environment
    raw = os.environ.get("QUEUE_OVERDUE_WORKING_DAYS", "").strip() or "2"
    days = int(raw)
    if days < 1:
        raise ValueError("QUEUE_OVERDUE_WORKING_DAYS must be at least 1")
    return days


def add_working_days(start: datetime, days: int, tz: tzinfo | None = None) -> datetime:
    """`start` plus `days` working days (Monday–Friday, in `tz`, default the server's zone).
    Friday 10:00 + 2 = Tuesday 10:00; anything during a weekend counts from Monday 00:00."""
    t = start.astimezone(tz) if tz else start.astimezone()
    if t.weekday() >= 5:
        t = (t + timedelta(days=7 - t.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    added = 0
    while added < days:
        t += timedelta(days=1)
        if t.weekday() < 5:
            added += 1
    return t


def is_overdue(item: Item, now: datetime, days: int, tz: tzinfo | None = None) -> bool:
    """Open and no action (status change, assignment or note) for `days` working days."""
    if item.status in FINAL:
        return False
    return now >= add_working_days(item.last_action_at, days, tz)


# ---- the list's filters ------------------------------------------------------------------

def filter_items(items: list[Item], status: str | None = None, decision: str | None = None,
                 channel: str | None = None, open_only: bool = False) -> list[Item]:
    """Oldest first: the longest-waiting referral is the next one to work on."""
    chosen = [i for i in items
              if (not status or i.status == status)
              and (not decision or i.screening["decision"] == decision)
              and (not channel or i.screening["channel"] == channel)
              and (not open_only or i.status not in FINAL)]
    return sorted(chosen, key=lambda i: (i.screening["created_at"], i.id))


# ---- funnel ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Funnel:
    screened: int
    by_decision: dict[str, int]
    reached: dict[str, int]  # referrals that got at least this far
    current: dict[str, int]  # referrals by status now


def funnel(screenings: list[dict], items: list[Item]) -> Funnel:
    by_decision = Counter(s["decision"] for s in screenings)
    # Reaching a later stage implies the earlier ones, even if a step was not recorded.
    ladder = (CONTACTED, SCHEDULED, CONSENTED)
    reached = {NEW: len(items)}
    for i, stage in enumerate(ladder):
        reached[stage] = sum(1 for it in items if statuses_reached(it.events) & set(ladder[i:]))
    current = Counter(it.status for it in items)
    return Funnel(
        screened=len(screenings),
        by_decision={d: by_decision.get(d, 0) for d in (INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE)},
        reached=reached,
        current={s: current.get(s, 0) for s in STATUSES},
    )


def week_of(t: datetime, tz: tzinfo | None = None) -> date:
    local = t.astimezone(tz) if tz else t.astimezone()
    return local.date() - timedelta(days=local.weekday())


def referrals_per_week(items: list[Item], tz: tzinfo | None = None) -> tuple[list[str], list[tuple[date, dict[str, int]]]]:
    """(channels, [(Monday of the week, {channel: referrals})]), newest week first."""
    weeks: dict[date, Counter] = defaultdict(Counter)
    for it in items:
        weeks[week_of(it.screening["created_at"], tz)][it.screening["channel"]] += 1
    channels = sorted({it.screening["channel"] for it in items})
    return channels, [(w, {c: weeks[w].get(c, 0) for c in channels}) for w in sorted(weeks, reverse=True)]


OTHER_REASON = "other"


def failure_reasons(screenings: list[dict], items: list[Item]) -> list[tuple[str, int, int]]:
    """(criterion id or "other", failed at pre-screen, failed at the screening visit), in the
    criteria's order. Pre-screen: every failed id of an ineligible screening; visit: the
    criterion of each referral closed as screen failed (one without a criterion is "other")."""
    pre = Counter(cid for s in screenings if s["decision"] == INELIGIBLE for cid in s["failed"])
    visit = Counter((it.outcome.criterion or OTHER_REASON) for it in items if it.status == SCREEN_FAILED)
    order = [c.id for c in CRITERIA] + [OTHER_REASON]
    return [(cid, pre.get(cid, 0), visit.get(cid, 0)) for cid in order if pre.get(cid) or visit.get(cid)]


# ---- the screening log (CONSORT) ---------------------------------------------------------

PRESCREEN_FAILED = "prescreen_failed"  # status of an ineligible screening: never in the queue
EXPORT_COLUMNS = ["reference", "screened_at", "screening_date", "channel", "decision", "failed_criteria",
                  "unknown_criteria", "status", "status_date", "outcome_reason", "criteria_version"]


def _iso(t: datetime | None) -> str | None:
    return t.astimezone(timezone.utc).isoformat(timespec="seconds") if t else None


def export_row(screening: dict, item: Item | None) -> dict:
    """One screening as the trial team's screening log keeps it. Pseudonymous: the reference,
    never the referrer's contact, the patient reference, the transcript or coordinators' notes."""
    reasons = {c["id"]: c["reason"] for c in screening["criteria"]}
    status, status_at, outcome = PRESCREEN_FAILED, None, ""
    if screening["decision"] == INELIGIBLE:
        outcome = "; ".join(f"{cid}: {reasons.get(cid, CRITERION_SHORT.get(cid, ''))}" for cid in screening["failed"])
    elif item is not None:
        status, last = item.status, item.outcome
        status_at = last.at if last else None
        if last and last.criterion:
            outcome = f"{last.criterion}: {CRITERION_SHORT[last.criterion]}"
            outcome += f" ({last.reason})" if last.reason else ""
        elif last and last.reason:
            outcome = last.reason
    return {
        "reference": screening["reference"],
        "screened_at": _iso(screening["created_at"]),
        "screening_date": screening["created_at"].astimezone(timezone.utc).date().isoformat(),
        "channel": screening["channel"],
        "decision": screening["decision"],
        "failed_criteria": list(screening["failed"]),
        "unknown_criteria": list(screening["unknown"]),
        "status": status,
        "status_date": status_at.astimezone(timezone.utc).date().isoformat() if status_at else None,
        "outcome_reason": outcome,
        "criteria_version": screening["criteria_version"],
    }


def _cell(value) -> str:
    if isinstance(value, list):
        return " ".join(value)  # one cell in a spreadsheet
    text = "" if value is None else str(value)
    # A typed reason starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_row(row: dict) -> dict:
    return {k: _cell(v) for k, v in row.items()}


# ---- reading and writing the database ----------------------------------------------------

def _utc(t: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def _screening(row: Screening, with_details: bool = False) -> dict:
    data = {"id": row.id, "reference": row.reference, "created_at": _utc(row.created_at), "channel": row.channel,
            "decision": row.decision, "failed": list(row.failed), "unknown": list(row.unknown),
            "facts": dict(row.facts), "criteria": list(row.criteria), "criteria_version": row.criteria_version}
    if with_details:
        data["transcript"] = list(row.transcript or [])
        data["sender_ref"] = row.sender_ref
    return data


def _referral(row: Referral) -> dict:
    return {"created_at": _utc(row.created_at), "referrer_name": row.referrer_name,
            "referrer_department": row.referrer_department, "referrer_contact": row.referrer_contact,
            "patient_reference": row.patient_reference}


def _events(s, screening_ids: list[int] | None) -> dict[int, list[Event]]:
    names = dict(s.execute(select(Coordinator.id, Coordinator.username)).all())
    query = select(QueueEvent).order_by(QueueEvent.id)
    if screening_ids is not None:
        query = query.where(QueueEvent.screening_id.in_(screening_ids))
    trail: dict[int, list[Event]] = defaultdict(list)
    for e in s.scalars(query):
        trail[e.screening_id].append(Event(
            id=e.id, at=_utc(e.created_at), actor=names.get(e.actor_id, "?"), kind=e.kind,
            from_status=e.from_status, to_status=e.to_status,
            assignee=names.get(e.assignee_id) if e.assignee_id else None,
            criterion=e.criterion, reason=e.reason, note=e.note))
    return trail


def _newest_referrals(s, screening_ids: list[int] | None) -> dict[int, list[dict]]:
    query = select(Referral).order_by(Referral.id)
    if screening_ids is not None:
        query = query.where(Referral.screening_id.in_(screening_ids))
    found: dict[int, list[dict]] = defaultdict(list)
    for r in s.scalars(query):
        found[r.screening_id].append(_referral(r))
    return found


def load_items() -> list[Item]:
    """Every screening worth following up (potentially eligible or needs review)."""
    with session() as s:
        rows = s.scalars(select(Screening).where(Screening.decision.in_(QUEUE_DECISIONS))
                         .order_by(Screening.created_at, Screening.id)).all()
        trail, referrals = _events(s, None), _newest_referrals(s, None)
        return [Item(_screening(r), (referrals.get(r.id) or [None])[-1], trail.get(r.id, [])) for r in rows]


def load_item(screening_id: int) -> Item | None:
    """One referral with its transcript, earlier referrer details and sibling screenings."""
    with session() as s:
        row = s.get(Screening, screening_id)
        if row is None or row.decision not in QUEUE_DECISIONS:
            return None
        referrals = _newest_referrals(s, [row.id]).get(row.id, [])
        related = s.scalars(select(Screening).where(Screening.sender_ref == row.sender_ref, Screening.id != row.id)
                            .order_by(Screening.id)).all()
        item = Item(_screening(row, with_details=True), referrals[-1] if referrals else None,
                    _events(s, [row.id]).get(row.id, []), earlier_referrals=referrals[:-1],
                    related=[(r.reference, r.decision) for r in related])
        item.screening.pop("sender_ref")  # used only to find the siblings
        return item


def load_screenings() -> list[dict]:
    with session() as s:
        return [_screening(r) for r in s.scalars(select(Screening).order_by(Screening.id))]


def screening_log() -> list[dict]:
    """The export: every screening, one row each, oldest first."""
    items = {it.id: it for it in load_items()}
    return [export_row(s, items.get(s["id"])) for s in load_screenings()]


def coordinator_names() -> list[str]:
    with session() as s:
        return list(s.scalars(select(Coordinator.username).order_by(Coordinator.username)))


def record(screening_id: int, actor_id: int, kind: str, *, to_status: str | None = None,
           expected_status: str | None = None, assignee: str | None = None, criterion: str | None = None,
           reason: str | None = None, note: str | None = None) -> Event:
    """Append one audit entry, or raise WorkflowError saying why not.

    `expected_status` is the status the coordinator's page showed: if someone else moved the
    referral meanwhile, the change is refused rather than applied to a state nobody saw."""
    note = (note or "").strip() or None
    reason = (reason or "").strip() or None
    criterion = (criterion or "").strip() or None
    if note and len(note) > MAX_NOTE_CHARS:
        raise WorkflowError(f"The note is too long (at most {MAX_NOTE_CHARS} characters).")
    with session() as s:
        # Serialises changes to one referral on PostgreSQL (a no-op on SQLite, whose writes
        # are serialised anyway). Screenings are never updated, so the row lock hurts no one.
        row = s.execute(select(Screening).where(Screening.id == screening_id).with_for_update()).scalar()
        if row is None or row.decision not in QUEUE_DECISIONS:
            raise WorkflowError("No such referral in the queue.")
        events = _events(s, [screening_id]).get(screening_id, [])
        current = current_status(events)
        if expected_status and expected_status != current:
            raise WorkflowError(f"Someone changed this referral meanwhile: it is now {STATUS_LABELS[current]}. "
                                "Nothing was recorded; check the trail below and try again.")
        entry = QueueEvent(screening_id=screening_id, actor_id=actor_id, kind=kind,
                           from_status=current, to_status=current, note=note)
        if kind == STATUS:
            check_transition(current, to_status or "", criterion, reason)
            entry.to_status, entry.criterion, entry.reason = to_status, criterion, reason
        elif kind == ASSIGNMENT:
            assignee = (assignee or "").strip() or None
            if assignee == current_assignee(events):
                raise WorkflowError(f"Already {'assigned to ' + assignee if assignee else 'unassigned'}.")
            if assignee is not None:
                entry.assignee_id = s.scalar(select(Coordinator.id).where(Coordinator.username == assignee))
                if entry.assignee_id is None:
                    raise WorkflowError(f"No coordinator called {assignee!r}.")
        elif kind == NOTE:
            if not note:
                raise WorkflowError("The note is empty.")
        else:
            raise WorkflowError(f"Unknown kind of entry {kind!r}.")
        s.add(entry)
        s.flush()
        return _events(s, [screening_id])[screening_id][-1]
