"""The queue, the dashboard and the screening log as SQL: what a page shows is filtered,
sorted, counted and aggregated by the database, so a request costs one page of rows rather
than every screening ever logged (issue 20: 100,000 screenings).

The meaning is prescreen.followup.workflow's, unchanged (tests/test_queue_scale.py compares
both on a database with re-screens):
- a patient is a chain of screenings; its current outcome is the screening nothing
  supersedes (`_current`), and a chain's trail is the trail of all its screenings (`_older`);
- a referral's status is its newest status entry (`new` without one), its assignee the newest
  assignment, its next attempt the newest contact attempt's date while the referral is open and
  not scheduled, its visit the newest status entry's while it is scheduled;
- "last action" is the newest of the current screening, the newest entry and the newest attempt.
The list's page itself is then folded by the same Python as before (queue.load_item's helpers).
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterator

from sqlalchemy import DateTime, Integer, String, Text, and_, case, cast, exists, func, or_, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import defer
from sqlalchemy.sql.functions import FunctionElement

from prescreen.utc import aware, utcnow
from prescreen.eligibility.checker import INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE
from prescreen.eligibility.criteria import CRITERIA
from prescreen.followup import workflow as wf
from prescreen.store.db import get_engine, session
from prescreen.store.models import (ContactAttempt, Coordinator, Erasure, QueueEvent, QueueState, Referral, Screening,
                                     screening_dict)

S = Screening.__table__
E = QueueEvent.__table__
A = ContactAttempt.__table__
R = Referral.__table__
C = Coordinator.__table__
Q = QueueState.__table__


# ---- two functions the two databases spell differently -----------------------------------

class greatest(FunctionElement):
    """The newest of several times (none NULL). SQLite's scalar max() is PostgreSQL's greatest()."""
    type = DateTime(timezone=True)
    name = "greatest"
    inherit_cache = True


@compiles(greatest)
def _greatest(element, compiler, **kw):
    return f"greatest({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


class reference_of(FunctionElement):
    """A screening id as its reference, lower-cased: 42 -> 'ps-000042' (Screening.reference)."""
    type = String()
    name = "reference_of"
    inherit_cache = True


@compiles(reference_of)
def _reference_pg(element, compiler, **kw):
    arg = compiler.process(list(element.clauses)[0], **kw)
    return f"('ps-' || CASE WHEN {arg} < 1000000 THEN lpad(CAST({arg} AS TEXT), 6, '0') ELSE CAST({arg} AS TEXT) END)"


@compiles(reference_of, "sqlite")
def _reference_sqlite(element, compiler, **kw):
    return f"printf('ps-%06d', {compiler.process(list(element.clauses)[0], **kw)})"


# ---- chains ----------------------------------------------------------------------------------

def _current(table):
    """Nothing supersedes this screening: it is its chain's current outcome."""
    newer = S.alias()
    return ~exists().where(newer.c.supersedes == table.c.id)


def _older(where=lambda head: (), dialect: str | None = None):
    """(head, member): the earlier screenings of each chain whose current screening (`head`)
    matches `where(head_table)`. Only re-screened patients have any, so the walk starts from
    the few current screenings that supersede one, and goes on only through screenings that
    supersede one themselves: never through the whole table."""
    dialect = dialect or _dialect()
    head = _rescreens(dialect)
    base = select(head.c.id.label("head"), head.c.supersedes.label("member")).where(_current(head), *where(head))
    older = base.cte("older", recursive=True)
    # On PostgreSQL the few re-screens are hashed; SQLite looks each one up by its key.
    row = S.alias("older_row") if dialect == "sqlite" else _rescreens(dialect)
    # `supersedes < id`: a re-screen always names an older screening, so the walk ends.
    return older.union_all(select(older.c.head, row.c.supersedes)
                           .where(row.c.id == older.c.member, row.c.supersedes.isnot(None),
                                  row.c.supersedes < row.c.id))


def _dialect() -> str:
    return get_engine(None).dialect.name


def _no_jit(s) -> None:
    """PostgreSQL compiles a query it estimates as costly (these are: they read every referral)
    to machine code first, which costs more than these queries take to run."""
    if _dialect() == "postgresql":
        s.execute(text("SET LOCAL jit = off"))


def _rescreens(dialect: str | None = None):
    """The screenings that supersede one (id, supersedes, decision): few, found by the index on
    `supersedes`. SQLite, without statistics, would rather read every screening (large rows),
    so it is told which index to use."""
    indexed = " INDEXED BY ix_screenings_supersedes" if (dialect or _dialect()) == "sqlite" else ""
    return (text(f"SELECT id, supersedes, decision FROM screenings{indexed} WHERE supersedes IS NOT NULL")
            .columns(S.c.id, S.c.supersedes, S.c.decision).subquery("rescreens"))


def _by_head(older, table):
    """`table` joined to the chains: (table's rows, the current screening of their chain)."""
    # CAST: an INTEGER column again, so SQLite can index the grouped rows it joins on (an
    # expression without affinity cannot use an automatic index: a nested scan instead).
    return table.outerjoin(older, older.c.member == table.c.screening_id), \
        cast(func.coalesce(older.c.head, table.c.screening_id), Integer)


LADDER = (wf.CONTACTED, wf.SCHEDULED, wf.CONSENTED)


def _only(table, members) -> tuple:
    """Rows of these screenings only (the chains one write touched), or all when None."""
    return () if members is None else (table.c.screening_id.in_(members),)


def _trail(older, members=None):
    """Per chain: its newest status entry, newest assignment, newest entry of any kind, and the
    furthest rung of the contacted -> scheduled -> consented ladder any status entry reached."""
    rung = case(*[(E.c.to_status == s, i + 1) for i, s in enumerate(LADDER)], else_=0)
    rows, head = _by_head(older, E)
    return (select(head.label("head"),
                   func.max(case((E.c.kind == wf.STATUS, E.c.id))).label("status_id"),
                   func.max(case((E.c.kind == wf.ASSIGNMENT, E.c.id))).label("assignment_id"),
                   func.max(E.c.id).label("last_id"),
                   func.max(case((E.c.kind == wf.STATUS, rung), else_=0)).label("rung"))
            .select_from(rows).where(*_only(E, members)).group_by(head).subquery("trail"))


def _newest(older, table, name: str, members=None):
    rows, head = _by_head(older, table)
    return (select(head.label("head"), func.max(table.c.id).label("id")).select_from(rows)
            .where(*_only(table, members)).group_by(head).subquery(name))


def _in_queue(head) -> tuple:
    return (head.c.decision.in_(wf.QUEUE_DECISIONS),)




def _roots(older):
    """(head, at): when the chain's first screening was logged, for the (few) chains that have
    more than one; the first is the member that supersedes none."""
    first = S.alias("first_of_chain")
    return (select(older.c.head, first.c.created_at.label("at")).join(first, first.c.id == older.c.member)
            .where(first.c.supersedes.is_(None)).subquery("roots"))


def _queue_rows(attempts: bool = True, contact: bool = False, assignee: bool = False, dialect: str | None = None,
                members: list[int] | None = None):
    """The in-queue chains, one row each (`joined`), and their state as the trail says it.
    Joins only what is asked for: each costs a pass over its table, or over the rows of
    `members` (the screenings of the chains one write touched) when given."""
    in_queue = _in_queue(S)
    older = _older(_in_queue if members is None else lambda h: (*_in_queue(h), h.c.id.in_(members)), dialect)
    trail, roots = _trail(older, members), _roots(older)
    st, last = E.alias("st"), E.alias("last")
    status = func.coalesce(st.c.to_status, wf.NEW)
    joined = (S.outerjoin(trail, trail.c.head == S.c.id).outerjoin(st, st.c.id == trail.c.status_id)
              .outerjoin(last, last.c.id == trail.c.last_id).outerjoin(roots, roots.c.head == S.c.id))
    cols = {
        "id": S.c.id,
        "first_at": func.coalesce(roots.c.at, S.c.created_at),
        "decision": S.c.decision,
        "channel": S.c.channel,
        "status": status,
        "rung": func.coalesce(trail.c.rung, 0),
        "criterion": st.c.criterion,
        "visit_at": case((status == wf.SCHEDULED, st.c.visit_at)),
        "visit_place": case((status == wf.SCHEDULED, st.c.visit_place)),
        "age": S.c.facts["age"].as_float(),
        "unknown": func.json_array_length(S.c.unknown),
    }
    if attempts:
        tried, att = _newest(older, A, "tried", members), A.alias("att")
        joined = joined.outerjoin(tried, tried.c.head == S.c.id).outerjoin(att, att.c.id == tried.c.id)
        cols["next_attempt_on"] = case((and_(~status.in_(wf.FINAL), status != wf.SCHEDULED), att.c.next_attempt_on))
        cols["last_action_at"] = greatest(S.c.created_at, func.coalesce(last.c.created_at, S.c.created_at),
                                          func.coalesce(att.c.created_at, S.c.created_at))
    if contact:
        newest, ref = _newest(older, R, "contact", members), R.alias("ref")
        joined = joined.outerjoin(newest, newest.c.head == S.c.id).outerjoin(ref, ref.c.id == newest.c.id)
        cols["referrer"] = func.nullif(func.lower(ref.c.referrer_name, type_=String), "", type_=String)
        cols["patient"] = func.nullif(func.lower(ref.c.patient_reference, type_=String), "", type_=String)
    if assignee:
        asg, who = E.alias("asg"), C.alias("who")
        joined = joined.outerjoin(asg, asg.c.id == trail.c.assignment_id).outerjoin(who, who.c.id == asg.c.assignee_id)
        cols["assignee"] = who.c.username
        cols["assignee_id"] = asg.c.assignee_id
    return older, joined, cols, in_queue


# ---- the stored state (models.QueueState, prescreen/store/queue_state.py) -------------------

STATE_COLUMNS = ("first_at", "decision", "channel", "status", "rung", "criterion", "visit_at", "visit_place",
                 "next_attempt_on", "last_action_at", "assignee_id", "referrer", "patient", "contact_withdrawn",
                 "age", "unknown")


def state_select(dialect: str, heads=None):
    """The queue state of the in-queue chains whose current screening is one of `heads` (all
    when None), worked out from the trail: what QueueState stores. `heads` names every screening
    of those chains (queue_state.chains): only their trail rows are read."""
    older, joined, c, in_queue = _queue_rows(contact=True, assignee=True, dialect=dialect, members=heads)
    chain, Er = older.alias("erased_chain"), Erasure.__table__
    c["contact_withdrawn"] = or_(exists().where(Er.c.screening_id == S.c.id),
                                 exists().where(chain.c.head == S.c.id, Er.c.screening_id == chain.c.member))
    where = [*in_queue, _current(S)] + ([S.c.id.in_(heads)] if heads is not None else [])
    return select(S.c.id, *[c[k].label(k) for k in STATE_COLUMNS]).select_from(joined).where(*where)


def _state_cols() -> dict:
    """What the list filters and sorts by, from the stored state."""
    cols = {k: Q.c[k] for k in STATE_COLUMNS}
    cols["id"] = Q.c.head_id
    return cols


# ---- the list -------------------------------------------------------------------------------

def overdue_before(now: datetime, days: int, tz=None) -> datetime:
    """The latest last action that is overdue at `now`: workflow.is_overdue is
    `now >= add_working_days(last_action, days)`, which grows with last_action, so the
    boundary is found by bisection (to the microsecond) and the database compares with it."""
    lo, hi = now - timedelta(days=7 * days + 14), now
    assert wf.add_working_days(lo, days, tz) <= now
    while hi - lo > timedelta(microseconds=1):
        mid = lo + (hi - lo) / 2
        if wf.add_working_days(mid, days, tz) <= now:
            lo = mid
        else:
            hi = mid
    return lo


def _utc_naive_ok(t: datetime) -> datetime:
    # Bound as UTC: SQLite stores a datetime's wall time and drops its zone.
    return t.astimezone(timezone.utc)


def _local_day_start(d: date) -> datetime:
    return datetime.combine(d, time.min).astimezone().astimezone(timezone.utc)


@dataclass
class Page:
    items: list  # queue.Item, this page's
    total: int  # referrals matching the filters
    overdue: set[int]  # ids of this page's overdue referrals
    overdue_total: int  # of all matching
    page: int
    pages: int
    per_page: int


def list_page(status: str | None = None, decision: str | None = None, channel: str | None = None,
              open_only: bool = False, query: str = "", visit_from: date | None = None,
              visit_to: date | None = None, sort: str = "", descending: bool = False, page: int = 1,
              per_page: int = 100, now: datetime | None = None, days: int = 2) -> Page:
    """workflow.filter_items + sort_items + is_overdue, in SQL, one page of them, from the
    stored queue state (one narrow row per referral, indexed on what the list sorts by)."""
    now = now or utcnow()
    c = _state_cols()
    where = []
    if status:
        where.append(c["status"] == status)
    if decision:
        where.append(c["decision"] == decision)
    if channel:
        where.append(c["channel"] == channel)
    if open_only:
        where.append(~c["status"].in_(wf.FINAL))
    q = query.strip().lower()
    if q:
        chain = _older(_in_queue).alias("searched")
        found = [reference_of(Q.c.head_id).contains(q, autoescape=True),
                 exists().where(chain.c.head == Q.c.head_id, reference_of(chain.c.member).contains(q, autoescape=True)),
                 c["patient"].contains(q, autoescape=True), c["referrer"].contains(q, autoescape=True)]
        if q.isdigit() and 0 < int(q) < 2**31:
            found += [Q.c.head_id == int(q), exists().where(chain.c.head == Q.c.head_id, chain.c.member == int(q))]
        where.append(or_(*found))
    if visit_from is not None or visit_to is not None:
        where.append(c["visit_at"].isnot(None))
        if visit_from is not None:
            where.append(c["visit_at"] >= _local_day_start(visit_from))
        if visit_to is not None:
            where.append(c["visit_at"] < _local_day_start(visit_to + timedelta(days=1)))
    overdue = and_(~c["status"].in_(wf.FINAL), c["last_action_at"] <= _utc_naive_ok(overdue_before(now, days)))
    is_overdue = case((overdue, 1), else_=0)
    order = _order(c, sort, descending, is_overdue, now)
    page = max(1, page)
    with session() as s:
        _no_jit(s)
        # The page first (an index walk that stops after it), then the counts: a window
        # count over the page query would make the database sort every match first.
        rows = s.execute(select(Q.c.head_id.label("id"), is_overdue.label("late")).where(*where).order_by(*order)
                         .limit(per_page).offset((page - 1) * per_page)).all()
        total, late_total = s.execute(select(func.count(), func.sum(is_overdue)).where(*where)).one()
        late_total = late_total or 0
    items = load_heads([r.id for r in rows])
    return Page(items=items, total=total, overdue={r.id for r in rows if r.late}, overdue_total=late_total,
                page=page, pages=max(1, -(-total // per_page)), per_page=per_page)


def _order(c: dict, sort: str, descending: bool, is_overdue, now: datetime) -> list:
    oldest_first = [c["first_at"], c["id"]]  # filter_items' order
    if sort == "urgent":
        today = now.astimezone(timezone.utc).date()
        due = case((c["next_attempt_on"] <= today, c["next_attempt_on"]))
        return [is_overdue.desc(), due.is_(None), due, c["visit_at"].is_(None), c["visit_at"], *oldest_first]
    key = _sort_key(c, sort)
    if key is None:
        return oldest_first
    # Missing values last either way; the rest by (key, id), both reversed when descending.
    tie = case((key.isnot(None), c["id"]))
    return [key.is_(None), key.desc() if descending else key, tie.desc() if descending else tie, *oldest_first]


def _sort_key(c: dict, sort: str):
    if sort == "status":
        return case(*[(c["status"] == s, i) for i, s in enumerate(wf.STATUSES)])
    if sort == "assignee":  # by name, as the page shows it
        return select(C.c.username).where(C.c.id == c["assignee_id"]).scalar_subquery()
    named = {"reference": c["id"], "waiting": c["first_at"], "next_attempt": c["next_attempt_on"],
             "visit": c["visit_at"], "last_action": c["last_action_at"]}
    if sort in named:
        return named[sort]
    return c.get(sort) if sort in ("age", "decision", "unknown", "channel", "referrer", "patient") else None


def channels() -> list[str]:
    """The channels the queue's filter offers."""
    with session() as s:
        return sorted(s.scalars(select(S.c.channel).where(S.c.decision.in_(wf.QUEUE_DECISIONS)).distinct()))


def load_heads(ids: list[int]) -> list:
    """The items (whole chains, trails and contacts) of these current screenings, in this order."""
    from prescreen.followup import queue

    if not ids:
        return []
    older = _older(lambda head: (head.c.id.in_(ids),))
    with session() as s:
        pairs = [(i, i) for i in ids] + s.execute(select(older.c.head, older.c.member)).all()
        member_ids = sorted({m for _, m in pairs})
        rows = {r.id: screening_dict(r) for r in s.scalars(
            select(Screening).options(defer(Screening.transcript)).where(Screening.id.in_(member_ids)))}
        names = queue._names(s)
        trail, contacts = queue._events(s, member_ids, names), queue._newest_referrals(s, member_ids)
        attempts, entries = queue._attempts(s, member_ids, names), queue._entries(s, member_ids, names)
    chains: dict[int, list[dict]] = defaultdict(list)
    for head, member in pairs:
        chains[head].append(rows[member])
    return [queue._item(sorted(chains[h], key=lambda r: r["id"]), trail, contacts, attempts, entries) for h in ids]


# ---- the dashboard ------------------------------------------------------------------------

def funnel_and_failures(tz=None) -> tuple[wf.Funnel, list[tuple[str, int, int]], list[str], list]:
    """workflow.funnel, failure_reasons and referrals_per_week, aggregated by the database."""
    superseded = S.alias("superseded")
    newer = _rescreens()
    replaced = newer.join(superseded, superseded.c.id == newer.c.supersedes)
    with session() as s:
        _no_jit(s)
        # Current outcomes per decision: all rows, less the (few) rows a re-screen replaced.
        by_decision = Counter(dict(s.execute(select(S.c.decision, func.count()).group_by(S.c.decision)).all()))
        by_decision.subtract(dict(s.execute(select(superseded.c.decision, func.count()).select_from(replaced)
                                            .group_by(superseded.c.decision)).all()))
        # Failed criteria of current ineligible outcomes, per distinct list of failed criteria
        # (from the index): every ineligible row, less those a re-screen replaced.
        failed_text, replaced_text = cast(S.c.failed, Text), cast(superseded.c.failed, Text)
        lists = Counter(dict(s.execute(select(failed_text, func.count()).where(S.c.decision == INELIGIBLE)
                                       .group_by(failed_text)).all()))
        lists.subtract(dict(s.execute(select(replaced_text, func.count()).select_from(replaced)
                                      .where(superseded.c.decision == INELIGIBLE).group_by(replaced_text)).all()))
        # The referrals: one GROUP BY over status, furthest rung and screen-failure criterion
        # (a few dozen groups), one over the hour of their first screening and channel.
        failed_as = case((Q.c.status == wf.SCREEN_FAILED, func.coalesce(Q.c.criterion, wf.OTHER_REASON)))
        groups = s.execute(select(Q.c.status, Q.c.rung, failed_as, func.count())
                           .group_by(Q.c.status, Q.c.rung, failed_as)).all()
        hour = _hour(Q.c.first_at, s.get_bind().dialect.name)
        hours = s.execute(select(hour, Q.c.channel, func.count()).group_by(hour, Q.c.channel)).all()
    statuses, rungs, visit = Counter(), Counter(), Counter()
    for status, rung, criterion, n in groups:
        statuses[status] += n
        rungs[rung] += n
        if criterion:
            visit[criterion] += n
    total = sum(statuses.values())
    reached = {wf.NEW: total}
    for i, stage in enumerate(LADDER):
        reached[stage] = sum(n for r, n in rungs.items() if r and r >= i + 1)
    funnel = wf.Funnel(
        screened=sum(by_decision.values()),
        by_decision={d: by_decision.get(d, 0) for d in (INELIGIBLE, NEEDS_REVIEW, POTENTIALLY_ELIGIBLE)},
        reached=reached, current={st: statuses.get(st, 0) for st in wf.STATUSES})
    pre = Counter()
    for failed, n in lists.items():
        for cid in json.loads(failed) if n else ():
            pre[cid] += n
    order = [cr.id for cr in CRITERIA] + [wf.OTHER_REASON]
    reasons = [(cid, pre.get(cid, 0), visit.get(cid, 0)) for cid in order if pre.get(cid) or visit.get(cid)]
    weeks: dict[date, Counter] = defaultdict(Counter)
    week_of_hour: dict[str, date] = {}  # each hour's week worked out once, not once per channel
    for at, channel, n in hours:
        week = week_of_hour.get(at)
        if week is None:
            # 'YYYY-MM-DD HH' read by slicing: strptime costs more than the query for 20,000 hours
            start = datetime(int(at[:4]), int(at[5:7]), int(at[8:10]), int(at[11:13]), tzinfo=timezone.utc)
            week = week_of_hour[at] = wf.week_of(start, tz)
        weeks[week][channel] += n
    names = sorted({ch for _, ch, _ in hours})
    return funnel, reasons, names, [(w, {ch: weeks[w].get(ch, 0) for ch in names}) for w in sorted(weeks, reverse=True)]


def _hour(column, dialect: str):
    """The UTC hour a time falls in, as text 'YYYY-MM-DD HH'. The week is taken in Python in the
    server's zone (workflow.week_of): exact for every zone whose offset is whole hours."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD HH24")
    # SQLAlchemy keeps a time in SQLite as ISO text, 'YYYY-MM-DD HH:MM:SS.ffffff': its first 13
    # characters are the hour, with no date parsing per row.
    return func.substr(column, 1, 13)


# ---- the screening log ---------------------------------------------------------------------

EXPORT_STATUSES = (wf.PRESCREEN_FAILED, wf.SUPERSEDED, *wf.STATUSES)


def screening_log(after: int = 0, limit: int | None = None, screened_from: date | None = None,
                  screened_to: date | None = None, decision: str | None = None,
                  status: str | None = None) -> Iterator[dict]:
    """queue.screening_log's rows, oldest first, from the database a batch at a time (a
    server-side cursor on PostgreSQL): every screening with id > `after`, at most `limit`,
    screened between the dates (UTC, inclusive), with this decision and export status."""
    events, head = _by_head(_older(_in_queue), E)
    trail = (select(head.label("head"), func.max(E.c.id).label("status_id")).select_from(events)
             .where(E.c.kind == wf.STATUS).group_by(head).subquery("trail"))
    st, succ = E.alias("st"), S.alias("succ")
    export_status = case((succ.c.id.isnot(None), wf.SUPERSEDED), (S.c.decision == INELIGIBLE, wf.PRESCREEN_FAILED),
                         else_=func.coalesce(st.c.to_status, wf.NEW))
    stmt = (select(S.c.id, S.c.created_at, S.c.channel, S.c.decision, S.c.failed, S.c.unknown, S.c.facts,
                   S.c.criteria, S.c.criteria_version, S.c.supersedes, succ.c.id.label("succ_id"),
                   succ.c.created_at.label("succ_at"), st.c.id.label("st_id"), st.c.created_at.label("st_at"),
                   st.c.to_status, st.c.from_status, st.c.criterion, st.c.reason, st.c.kind)
            .select_from(S.outerjoin(succ, succ.c.supersedes == S.c.id).outerjoin(trail, trail.c.head == S.c.id)
                         .outerjoin(st, st.c.id == trail.c.status_id))
            .where(S.c.id > after).order_by(S.c.id))
    if screened_from is not None:
        stmt = stmt.where(S.c.created_at >= datetime.combine(screened_from, time.min, tzinfo=timezone.utc))
    if screened_to is not None:
        stmt = stmt.where(S.c.created_at < datetime.combine(screened_to + timedelta(days=1), time.min,
                                                             tzinfo=timezone.utc))
    if decision:
        stmt = stmt.where(S.c.decision == decision)
    if status:
        stmt = stmt.where(export_status == status)
    if limit is not None:
        stmt = stmt.limit(limit)
    with session() as s:
        _no_jit(s)
        signed = _determinations(s)
        result = s.execute(stmt, execution_options={"stream_results": True})
        for r in result.yield_per(500):
            yield _export(r, signed.get(r.id))


def _export(r, d) -> dict:
    screening = screening_dict(r)
    replaced = {"reference": f"PS-{r.succ_id:06d}", "created_at": aware(r.succ_at)} if r.succ_id else None
    item = None
    if replaced is None:  # the chain's current screening: its item is the chain's newest status entry
        events = [] if r.st_id is None else [wf.QueueAction(id=r.st_id, at=aware(r.st_at), actor="", kind=r.kind,
                                                      from_status=r.from_status, to_status=r.to_status,
                                                      criterion=r.criterion, reason=r.reason)]
        item = wf.Item(screening, None, events)
    row = {**wf.export_row(screening, item, replaced), **(d or NOT_SIGNED)}
    return {k: row.get(k) for k in wf.EXPORT_COLUMNS}


NOT_SIGNED: dict = {}


def _determinations(s) -> dict[int, dict]:
    """roles.current_determinations, from the sign-offs outward: for every screening, the newest
    signed determination made on it or on an earlier screening of its chain. Walks from each
    signed screening to the newer ones of its chain, so it costs the sign-offs, not the log."""
    from prescreen.store.models import Signoff

    G = Signoff.__table__
    signed = select(G.c.screening_id.label("signed_on"), G.c.screening_id.label("applies")) \
        .where(G.c.kind == "determination").distinct().cte("applies", recursive=True)
    newer = S.alias("newer_of_signed")
    signed = signed.union_all(select(signed.c.signed_on, newer.c.id)
                              .where(newer.c.supersedes == signed.c.applies, newer.c.id > signed.c.applies))
    rows = s.execute(select(signed.c.applies, G.c.id, G.c.value, G.c.reason, G.c.created_at, G.c.criteria_version,
                            G.c.screening_id, C.c.username, S.c.decision)
                     .select_from(signed.join(G, G.c.screening_id == signed.c.signed_on)
                                  .outerjoin(C, C.c.id == G.c.investigator_id).join(S, S.c.id == G.c.screening_id))
                     .where(G.c.kind == "determination").order_by(G.c.id)).all()
    found: dict[int, dict] = {}
    for r in rows:  # oldest sign-off first: the newest in force wins
        at = aware(r.created_at)
        found[r.applies] = {"investigator_determination": r.value, "determination_reason": r.reason,
                            "signed_by": r.username or "?", "signed_at": at.astimezone(timezone.utc).isoformat(
                                timespec="seconds"), "signed_criteria_version": r.criteria_version,
                            "signed_on": f"PS-{r.screening_id:06d}", "signed_on_decision": r.decision or ""}
    return found
