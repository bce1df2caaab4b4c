"""What the FHIR resources are made from, read from the database: one `SubjectRecord` per
patient, i.e. per chain of screenings, named by the chain's first screening (the "root").

Paging is by that root id: a page is the matching chains with a root id above the cursor, in id
order, so a patient comes exactly once however often they are re-screened meanwhile (a re-screen
is a new row, never a new root) and new patients arrive after the ones already paged. The
status filter is applied in Python with mapping.subject_status (the ONE table), over batches of
chains that grow while few match, so a page reads a bounded number of rows when most match and
still finds a rare status without one query per chain.

Known limit: on PostgreSQL an id is taken when a row is inserted, not when it commits; a
screening whose transaction commits after a later id was already paged past is not seen by that
walk (the next search finds it). SQLite commits one writer at a time, in id order.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import and_, select

from prescreen.fhir.mapping import SubjectRecord
from prescreen.store.db import session
from prescreen.store.models import QueueEvent, Referral, Screening, Signoff

S, E, G, R = Screening.__table__, QueueEvent.__table__, Signoff.__table__, Referral.__table__
FIRST_BATCH, LARGEST_BATCH = 100, 5000


def _aware(t: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def _chains(lo: int, hi: int):
    """(root, member): every screening of every chain whose first screening's id is in [lo, hi]."""
    chain = (select(S.c.id.label("root"), S.c.id.label("member"))
             .where(S.c.supersedes.is_(None), S.c.id >= lo, S.c.id <= hi).cte("chain", recursive=True))
    newer = S.alias("newer")
    # `newer.id > member`: a re-screen is always a newer row, so the walk ends.
    return chain.union_all(select(chain.c.root, newer.c.id)
                           .where(newer.c.supersedes == chain.c.member, newer.c.id > chain.c.member))


def _load(s, lo: int, hi: int, with_patient: bool) -> list[SubjectRecord]:
    chain = _chains(lo, hi)
    rows = s.execute(select(chain.c.root, S.c.id, S.c.created_at, S.c.decision, S.c.facts, S.c.criteria,
                            S.c.criteria_version)
                     .select_from(chain.join(S, S.c.id == chain.c.member)).order_by(S.c.id)).all()
    first: dict[int, datetime] = {}
    head: dict[int, dict] = {}
    for root, sid, at, decision, facts, criteria, version in rows:  # oldest first: the last one is the head
        first.setdefault(root, _aware(at))
        head[root] = {"id": sid, "created_at": _aware(at), "decision": decision, "facts": facts or {},
                      "criteria": criteria or [], "criteria_version": version}
    status: dict[int, str] = {}
    for root, to_status in s.execute(select(chain.c.root, E.c.to_status)
                                     .select_from(chain.join(E, and_(E.c.screening_id == chain.c.member,
                                                                     E.c.kind == "status")))
                                     .order_by(E.c.id)):
        status[root] = to_status  # the newest status entry of the chain counts
    determination: dict[int, str] = {}
    for root, value in s.execute(select(chain.c.root, G.c.value)
                                 .select_from(chain.join(G, and_(G.c.screening_id == chain.c.member,
                                                                 G.c.kind == "determination")))
                                 .order_by(G.c.id)):
        determination[root] = value  # the newest signed determination counts
    patient_ref: dict[int, str] = {}
    if with_patient:
        for root, given in s.execute(select(chain.c.root, R.c.patient_reference)
                                     .select_from(chain.join(R, R.c.screening_id == chain.c.member))
                                     .order_by(R.c.id)):
            patient_ref[root] = given or ""  # the newest referral counts; "" once erased
    return [SubjectRecord(root_id=root, first_at=first[root], head=head[root],
                          queue_status=status.get(root, "new"), determination=determination.get(root),
                          patient_reference=patient_ref.get(root, "") if with_patient else None)
            for root in sorted(head)]


def subjects_page(after: int, count: int, statuses: set[str] | None,
                  with_patient: bool) -> tuple[list[SubjectRecord], int | None]:
    """Up to `count` patients whose first screening's id is above `after` and whose status is
    one of `statuses` (any when None), in id order; and the cursor of the next page (None when
    there is none: a further match was looked for and not found)."""
    found: list[SubjectRecord] = []
    cursor, batch = after, max(FIRST_BATCH, 2 * count)
    while True:
        with session() as s:
            roots = s.scalars(select(S.c.id).where(S.c.supersedes.is_(None), S.c.id > cursor)
                              .order_by(S.c.id).limit(batch)).all()
            if not roots:
                return found, None
            for record in _load(s, roots[0], roots[-1], with_patient):
                if statuses is None or record.status in statuses:
                    if len(found) == count:
                        return found, found[-1].root_id  # one more exists: there is a next page
                    found.append(record)
        if len(roots) < batch:
            return found, None
        cursor, batch = roots[-1], min(2 * batch, LARGEST_BATCH)


def subject(root_id: int, with_patient: bool) -> SubjectRecord | None:
    """The patient whose first screening is `root_id`; None if there is none (or `root_id` is a
    re-screen: a subject is named by its first screening only)."""
    with session() as s:
        found = _load(s, root_id, root_id, with_patient)
    return found[0] if found else None


def root_of(screening_id: int) -> int | None:
    """The first screening of this screening's chain."""
    with session() as s:
        current, seen = screening_id, set()
        while current not in seen:
            seen.add(current)
            prev = s.execute(select(S.c.supersedes).where(S.c.id == current)).first()
            if prev is None:
                return None
            if prev[0] is None:
                return current
            current = prev[0]
    return None


def screening_record(screening_id: int, with_patient: bool) -> SubjectRecord | None:
    """The patient of this screening, with this screening (current or not) as the one whose
    facts and results are shown: an Observation id names the screening it was read from."""
    root = root_of(screening_id)
    record = subject(root, with_patient) if root is not None else None
    if record is None:
        return None
    if record.head["id"] == screening_id:
        return record
    with session() as s:
        row = s.execute(select(S.c.id, S.c.created_at, S.c.decision, S.c.facts, S.c.criteria,
                               S.c.criteria_version).where(S.c.id == screening_id)).one()
    head = {"id": row.id, "created_at": _aware(row.created_at), "decision": row.decision, "facts": row.facts or {},
            "criteria": row.criteria or [], "criteria_version": row.criteria_version}
    return SubjectRecord(record.root_id, record.first_at, head, record.queue_status, record.determination,
                         record.patient_reference)
