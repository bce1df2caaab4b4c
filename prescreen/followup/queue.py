"""The coordinators' follow-up queue: reading and writing the database.

The queue is read straight from `screenings` and `referrals` (a referral is in the queue the
moment the assistant logs it) plus the append-only trails `queue_events`, `contact_attempts`
and `fact_entries`. What a referral is now (status, assignee, visit, next attempt, current
outcome) is folded from them by prescreen/followup/workflow.py, never stored.

A patient's screenings form a chain (each re-screen names the one it supersedes); an item is
a chain, named by its newest screening, and everything recorded on any of its screenings
belongs to it. New entries go to the newest screening.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timezone

from sqlalchemy import select

from prescreen.utc import aware, utcnow
from prescreen.followup.workflow import *  # noqa: F401,F403  (the queue's vocabulary, for callers)
from prescreen.followup.workflow import (
    ASSIGNMENT, NOTE, QUEUE_DECISIONS, STATUS, STATUS_LABELS, Attempt, Entry, QueueAction, Item, MAX_NOTE_CHARS,
    WorkflowError, check_attempt, check_transition, current_assignee, current_status, export_row, fold_chains,
    superseded_by,
)
from prescreen.settings import get_settings
from prescreen.store.db import session
from prescreen.store.models import (ContactAttempt, Coordinator, FactEntry, QueueEvent, Referral, Screening,
                                     screening_dict)
from prescreen.store.outcome_log import chain_ids


def _referral(row: Referral) -> dict:
    return {"created_at": aware(row.created_at), "referrer_name": row.referrer_name,
            "referrer_department": row.referrer_department, "referrer_contact": row.referrer_contact,
            "patient_reference": row.patient_reference}


def _names(s) -> dict[int, str]:
    return dict(s.execute(select(Coordinator.id, Coordinator.username)).all())


def _events(s, screening_ids: list[int] | None, names: dict[int, str] | None = None) -> dict[int, list[QueueAction]]:
    names = names if names is not None else _names(s)
    query = select(QueueEvent).order_by(QueueEvent.id)
    if screening_ids is not None:
        query = query.where(QueueEvent.screening_id.in_(screening_ids))
    trail: dict[int, list[QueueAction]] = defaultdict(list)
    for e in s.scalars(query):
        trail[e.screening_id].append(QueueAction(
            id=e.id, at=aware(e.created_at), actor=names.get(e.actor_id, "?"), kind=e.kind,
            from_status=e.from_status, to_status=e.to_status,
            assignee=names.get(e.assignee_id) if e.assignee_id else None,
            criterion=e.criterion, reason=e.reason, note=e.note,
            visit_at=aware(e.visit_at) if e.visit_at else None, visit_place=e.visit_place))
    return trail


def _attempts(s, screening_ids: list[int] | None, names: dict[int, str]) -> dict[int, list[Attempt]]:
    query = select(ContactAttempt).order_by(ContactAttempt.id)
    if screening_ids is not None:
        query = query.where(ContactAttempt.screening_id.in_(screening_ids))
    found: dict[int, list[Attempt]] = defaultdict(list)
    for a in s.scalars(query):
        found[a.screening_id].append(Attempt(
            id=a.id, at=aware(a.created_at), actor=names.get(a.actor_id, "?"), attempted_at=aware(a.attempted_at),
            channel=a.channel, result=a.result, next_attempt_on=a.next_attempt_on, note=a.note))
    return found


def _entries(s, screening_ids: list[int] | None, names: dict[int, str]) -> dict[int, list[Entry]]:
    query = select(FactEntry).order_by(FactEntry.id)
    if screening_ids is not None:
        query = query.where(FactEntry.screening_id.in_(screening_ids))
    found: dict[int, list[Entry]] = defaultdict(list)
    for e in s.scalars(query):
        found[e.screening_id].append(Entry(at=aware(e.created_at), actor=names.get(e.actor_id, "?"),
                                           reference=f"PS-{e.screening_id:06d}", fact=e.fact, value=e.value,
                                           source=e.source, reason=e.reason))
    return found


def _newest_referrals(s, screening_ids: list[int] | None) -> dict[int, list[dict]]:
    query = select(Referral).order_by(Referral.id)
    if screening_ids is not None:
        query = query.where(Referral.screening_id.in_(screening_ids))
    found: dict[int, list[dict]] = defaultdict(list)
    for r in s.scalars(query):
        found[r.screening_id].append(_referral(r))
    return found


def _item(chain: list[dict], trail, referrals, attempts, entries) -> Item:
    """One chain's item: every trail of every screening of the chain, in the order written."""
    ids = [c["id"] for c in chain]
    events = sorted((e for i in ids for e in trail.get(i, [])), key=lambda e: e.id)
    tried = sorted((a for i in ids for a in attempts.get(i, [])), key=lambda a: a.id)
    contacts = sorted((r for i in ids for r in referrals.get(i, [])), key=lambda r: r["created_at"])
    entered = sorted((e for i in ids for e in entries.get(i, [])), key=lambda e: e.at)
    return Item(chain[-1], contacts[-1] if contacts else None, events, earlier_referrals=contacts[:-1],
                attempts=tried, chain=chain, entries=entered)


def load_all() -> list[Item]:
    """Every patient (chain of screenings), in the order of their first screening."""
    with session() as s:
        screenings = [screening_dict(r) for r in s.scalars(select(Screening).order_by(Screening.id))]
        names = _names(s)
        trail, referrals = _events(s, None, names), _newest_referrals(s, None)
        attempts, entries = _attempts(s, None, names), _entries(s, None, names)
    return [_item(chain, trail, referrals, attempts, entries) for chain in fold_chains(screenings)]


def load_items() -> list[Item]:
    """Every patient worth following up now (current outcome potentially eligible or needs review)."""
    return [it for it in load_all() if it.in_queue]


def _chain_rows(s, row: Screening) -> list[Screening]:
    """Every screening of the patient `row` belongs to, oldest first (outcome_log's chain)."""
    return [s.get(Screening, i) for i in chain_ids(s, row)]


def load_item(screening_id: int) -> Item | None:
    """The patient `screening_id` belongs to (any screening of the chain), with transcripts,
    earlier referrer details and other screenings of the same conversation. Also an
    ineligible one: `item.in_queue` says whether the workflow applies."""
    with session() as s:
        row = s.get(Screening, screening_id)
        if row is None:
            return None
        rows = _chain_rows(s, row)
        ids = [r.id for r in rows]
        names = _names(s)
        chain = [screening_dict(r, with_details=True) for r in rows]
        related = s.scalars(select(Screening).where(Screening.sender_ref.in_({r.sender_ref for r in rows}),
                                                    Screening.id.not_in(ids)).order_by(Screening.id)).all()
        item = _item(chain, _events(s, ids, names), _newest_referrals(s, ids), _attempts(s, ids, names),
                     _entries(s, ids, names))
        item.related = [(r.reference, r.decision) for r in related]
        return item


def load_screenings() -> list[dict]:
    """Every screening, superseded ones too (each with `supersedes_id`): the funnel and the
    chart fold them into one current outcome per patient."""
    with session() as s:
        return [screening_dict(r) for r in s.scalars(select(Screening).order_by(Screening.id))]


def screening_log() -> list[dict]:
    """The export: every screening, one row each, oldest first; a superseded row names its
    re-screen (`superseded_by`) and the queue's status is on the current row only."""
    items = load_all()
    by_head = {it.id: it for it in items}
    screenings = [s for it in items for s in it.chain]
    replaced = superseded_by(screenings)
    from prescreen.followup.roles import current_determinations  # roles imports accounts, not this module

    signed = current_determinations()
    rows = []
    for s in sorted(screenings, key=lambda s: s["id"]):
        d = signed.get(s["id"])
        rows.append({**export_row(s, by_head.get(s["id"]), replaced.get(s["id"])),
                     "investigator_determination": d.value if d else None,
                     "determination_reason": d.reason if d else None, "signed_by": d.by if d else None,
                     "signed_at": d.at.astimezone(timezone.utc).isoformat(timespec="seconds") if d else None,
                     "signed_criteria_version": d.criteria_version if d else None,
                     # Signed before a re-screen: on that earlier screening, with its decision.
                     "signed_on": d.reference if d else None,
                     "signed_on_decision": d.decision if d else None})
    return rows


def coordinator_names() -> list[str]:
    with session() as s:
        return list(s.scalars(select(Coordinator.username).order_by(Coordinator.username)))


def _locked_head(s, screening_id: int) -> tuple[Screening, list[int]]:
    """The chain's newest screening, locked on PostgreSQL (serialises changes to one referral;
    a no-op on SQLite, whose writes are serialised anyway), and the chain's ids."""
    row = s.get(Screening, screening_id)
    if row is None:
        raise WorkflowError("No such referral in the queue.")
    rows = _chain_rows(s, row)
    head = s.execute(select(Screening).where(Screening.id == rows[-1].id).with_for_update()).scalar()
    if head.decision not in QUEUE_DECISIONS:
        raise WorkflowError("This screening is not in the queue (its current outcome is not eligible): "
                            "it is shown read-only.")
    return head, [r.id for r in rows]


def record_action(screening_id: int, actor_id: int, kind: str, *, to_status: str | None = None,
           expected_status: str | None = None, assignee: str | None = None, criterion: str | None = None,
           reason: str | None = None, note: str | None = None, visit_at: datetime | None = None,
           visit_place: str | None = None) -> QueueAction:
    """Append one audit entry, or raise WorkflowError saying why not.

    `expected_status` is the status the coordinator's page showed: if someone else moved the
    referral meanwhile, the change is refused rather than applied to a state nobody saw."""
    note = (note or "").strip() or None
    reason = (reason or "").strip() or None
    criterion = (criterion or "").strip() or None
    visit_place = (visit_place or "").strip() or None
    if note and len(note) > MAX_NOTE_CHARS:
        raise WorkflowError(f"The note is too long (at most {MAX_NOTE_CHARS} characters).")
    with session() as s:
        head, ids = _locked_head(s, screening_id)
        names = _names(s)
        events = sorted((e for i in ids for e in _events(s, ids, names).get(i, [])), key=lambda e: e.id)
        current = current_status(events)
        if expected_status and expected_status != current:
            raise WorkflowError(f"Someone changed this referral meanwhile: it is now {STATUS_LABELS[current]}. "
                                "Nothing was recorded; check the trail below and try again.")
        entry = QueueEvent(screening_id=head.id, actor_id=actor_id, kind=kind,
                           from_status=current, to_status=current, note=note)
        if kind == STATUS:
            attempts = sorted((a for i in ids for a in _attempts(s, ids, names).get(i, [])), key=lambda a: a.id)
            check_transition(current, to_status or "", criterion, reason, attempts=attempts,
                             min_attempts=get_settings().contact_attempts_before_unreachable,
                             visit_at=visit_at, visit_place=visit_place)
            entry.to_status, entry.criterion, entry.reason = to_status, criterion, reason
            if to_status == "scheduled":
                # In UTC: SQLite keeps a datetime's wall time and drops its zone.
                entry.visit_at, entry.visit_place = visit_at.astimezone(timezone.utc), visit_place
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
        return _events(s, [head.id], names)[head.id][-1]


def record_attempt(screening_id: int, actor_id: int, *, channel: str, result: str, attempted_at: datetime | None,
                   next_attempt_on: date | None = None, note: str | None = None) -> Attempt:
    """Append one contact attempt, or raise WorkflowError saying why not."""
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE_CHARS:
        raise WorkflowError(f"The note is too long (at most {MAX_NOTE_CHARS} characters).")
    check_attempt(channel, result, attempted_at, next_attempt_on, utcnow())
    with session() as s:
        head, _ = _locked_head(s, screening_id)
        row = ContactAttempt(screening_id=head.id, actor_id=actor_id, attempted_at=attempted_at.astimezone(timezone.utc),
                             channel=channel,
                             result=result, next_attempt_on=next_attempt_on, note=note)
        s.add(row)
        s.flush()
        return _attempts(s, [head.id], _names(s))[head.id][-1]
