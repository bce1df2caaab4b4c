"""What the FHIR resources are made from, read from the database: one `SubjectRecord` per
patient, i.e. per chain of screenings, named by the chain's first screening (the "root").

Paging is by that root id: a page is the matching chains with a root id above the cursor, in id
order, so a patient comes exactly once however often they are re-screened meanwhile (a re-screen
is a new row, never a new root) and new patients arrive after the ones already paged. The
status filter is applied with mapping.subject_status (the ONE table) to four short columns per
chain (head decision, newest status entry, newest signed determination), over batches of chains
that grow while few match; the facts and results are read for the page's patients only, and a
status only an action gives (on-study, candidate, ...) reads only the patients someone acted on.
Measured in-process on bench/queue_scale.py's fill of 100,000 screenings (loaded 2-core machine),
SQLite / PostgreSQL: a page of 50 73 / 121 ms, of 200 135 / 308 ms, status=candidate 390 / 576 ms,
status=on-study when nobody is (every acted-on patient read) 1.2 / 1.5 s, one subject 48 / 30 ms.

Known limit: on PostgreSQL an id is taken when a row is inserted, not when it commits; a
screening whose transaction commits after a later id was already paged past is not seen by that
walk (the next search finds it). SQLite commits one writer at a time, in id order.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import and_, func, select, text

from prescreen.utc import aware
from prescreen.fhir.mapping import SubjectRecord, only_after_action, subject_status
from prescreen.store.db import session
from prescreen.store.models import QueueEvent, Referral, Screening, Signoff

S, E, G, R = Screening.__table__, QueueEvent.__table__, Signoff.__table__, Referral.__table__
FIRST_BATCH, LARGEST_BATCH = 100, 5000  # the largest is an IN list: well under any bound-parameter limit


@contextmanager
def _reading():
    """A read transaction; on PostgreSQL without JIT. The recursive CTE's row estimate is far
    too high, so PostgreSQL spent longer JIT-compiling the statuses query than running it (the
    statuses of 1,000 patients at 100,000 screenings: 2.1 s with JIT, 0.3 s without)."""
    with session() as s:
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("SET LOCAL jit = off"))
        yield s


def _chains(*where):
    """(root, member): every screening of every chain whose first screening matches `where`."""
    chain = (select(S.c.id.label("root"), S.c.id.label("member"))
             .where(S.c.supersedes.is_(None), *where).cte("chain", recursive=True))
    newer = S.alias("newer")
    # `newer.id > member`: a re-screen is always a newer row, so the walk ends.
    return chain.union_all(select(chain.c.root, newer.c.id)
                           .where(newer.c.supersedes == chain.c.member, newer.c.id > chain.c.member))


def _acted_on():
    """The first screenings of the chains that have a queue status entry or a signed determination."""
    marked = (select(E.c.screening_id.label("id")).where(E.c.kind == "status")
              .union(select(G.c.screening_id.label("id")).where(G.c.kind == "determination"))).subquery("marked")
    up = (select(S.c.id.label("id"), S.c.supersedes.label("prev")).where(S.c.id.in_(select(marked.c.id)))
          .cte("up", recursive=True))
    older = S.alias("older")
    up = up.union_all(select(older.c.id, older.c.supersedes).where(older.c.id == up.c.prev, older.c.id < up.c.id))
    return select(up.c.id).where(up.c.prev.is_(None))


def _statuses_query(roots: list[int]):
    chain = _chains(S.c.id.in_(roots))
    # Each member's newest status entry and signed determination as correlated maxima (the
    # indexes on screening_id answer them), then one pass over the chain per root: the CTE
    # is read once, not once per aggregate.
    status_id = (select(func.max(E.c.id)).where(E.c.screening_id == chain.c.member, E.c.kind == "status")
                 .scalar_subquery())
    signed_id = (select(func.max(G.c.id)).where(G.c.screening_id == chain.c.member, G.c.kind == "determination")
                 .scalar_subquery())
    per_member = select(chain.c.root, chain.c.member, status_id.label("status_id"),
                        signed_id.label("signed_id")).subquery("per_member")
    newest = (select(per_member.c.root, func.max(per_member.c.member).label("head"),
                     func.max(per_member.c.status_id).label("status_id"),
                     func.max(per_member.c.signed_id).label("signed_id"))
              .group_by(per_member.c.root).subquery("newest"))
    head, event, signed = S.alias("head"), E.alias("event"), G.alias("signed")
    return (select(newest.c.root, head.c.decision, event.c.to_status, signed.c.value)
            .select_from(newest.join(head, head.c.id == newest.c.head)
                         .outerjoin(event, event.c.id == newest.c.status_id)
                         .outerjoin(signed, signed.c.id == newest.c.signed_id))
            .order_by(newest.c.root))


def _statuses(s, roots: list[int]) -> list[tuple[int, str]]:
    """(root, ResearchSubject.status) of the chains whose first screenings are `roots`, in id order. Reads no facts: the database returns four short columns per chain, and the
    ONE table (mapping.subject_status) is applied here."""
    rows = s.execute(_statuses_query(roots)).all()
    return [(root, subject_status(to_status or "new", decision, value)) for root, decision, to_status, value in rows]


def _load(s, roots: list[int], with_patient: bool) -> list[SubjectRecord]:
    chain = _chains(S.c.id.in_(roots))
    rows = s.execute(select(chain.c.root, S.c.id, S.c.created_at, S.c.decision, S.c.facts, S.c.criteria,
                            S.c.criteria_version)
                     .select_from(chain.join(S, S.c.id == chain.c.member)).order_by(S.c.id)).all()
    first: dict[int, datetime] = {}
    head: dict[int, dict] = {}
    for root, sid, at, decision, facts, criteria, version in rows:  # oldest first: the last one is the head
        first.setdefault(root, aware(at))
        head[root] = {"id": sid, "created_at": aware(at), "decision": decision, "facts": facts or {},
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


def _batches(s, after: int, first: int, acted_on_only: bool):
    """The first screenings of the chains after `after`, in id order, in batches that grow
    while the caller reads on. A status only a coordinator's or investigator's action gives
    (on-study, candidate, ...) reads only the patients someone acted on, listed once."""
    if acted_on_only:
        roots = s.scalars(select(S.c.id).where(S.c.id.in_(_acted_on()), S.c.id > after).order_by(S.c.id)).all()
        start, size = 0, first
        while start < len(roots):
            yield roots[start:start + size]
            start, size = start + size, min(2 * size, LARGEST_BATCH)
        return
    cursor, size = after, first
    while True:
        roots = s.scalars(select(S.c.id).where(S.c.supersedes.is_(None), S.c.id > cursor)
                          .order_by(S.c.id).limit(size)).all()
        if roots:
            yield roots
        if len(roots) < size:
            return
        cursor, size = roots[-1], min(2 * size, LARGEST_BATCH)


def subjects_page(after: int, count: int, statuses: set[str] | None,
                  with_patient: bool) -> tuple[list[SubjectRecord], int | None]:
    """Up to `count` patients whose first screening's id is above `after` and whose status is
    one of `statuses` (any when None), in id order; and the cursor of the next page (None when
    there is none: a further match was looked for and not found)."""
    found: list[int] = []
    following = None
    with _reading() as s:
        for roots in _batches(s, after, max(FIRST_BATCH, 2 * count),
                              statuses is not None and only_after_action(statuses)):
            for root, status in _statuses(s, roots):
                if statuses is None or status in statuses:
                    if len(found) == count:
                        following = found[-1]  # one more exists: there is a next page
                        break
                    found.append(root)
            if following is not None:
                break
        # The resources' facts and results are read for this page's patients only.
        return (_load(s, found, with_patient) if found else []), following


def subject(root_id: int, with_patient: bool) -> SubjectRecord | None:
    """The patient whose first screening is `root_id`; None if there is none (or `root_id` is a
    re-screen: a subject is named by its first screening only)."""
    with _reading() as s:
        found = _load(s, [root_id], with_patient)
    return found[0] if found else None


def root_of(screening_id: int) -> int | None:
    """The first screening of this screening's chain."""
    with _reading() as s:
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
    with _reading() as s:
        row = s.execute(select(S.c.id, S.c.created_at, S.c.decision, S.c.facts, S.c.criteria,
                               S.c.criteria_version).where(S.c.id == screening_id)).one()
    head = {"id": row.id, "created_at": aware(row.created_at), "decision": row.decision, "facts": row.facts or {},
            "criteria": row.criteria or [], "criteria_version": row.criteria_version}
    return SubjectRecord(record.root_id, record.first_at, head, record.queue_status, record.determination,
                         record.patient_reference)
