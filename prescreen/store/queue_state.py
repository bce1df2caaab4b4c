"""The queue's state (models.QueueState), kept in step with the trail it is derived from.

Whatever ORM session writes a screening, referral, trail entry, contact attempt or erasure,
the state of the chains it touched is worked out again from the trail (the SQL of
prescreen/followup/queue_sql.py, which tests/test_queue_scale.py holds to the Python fold in
workflow.py) and rewritten just before that session commits, in the same transaction: so a
rolled-back write leaves neither, and the state never disagrees with the trail. `rebuild`
(migration 0011, `prescreen queue rebuild-state`) writes it all from the trail; bulk inserts
that bypass the ORM (bench/queue_scale.py's fill) call it afterwards.

Imported by prescreen.store.models, so the listener is registered wherever the models are.
"""
from __future__ import annotations

from sqlalchemy import bindparam, delete, event, func, insert, select
from sqlalchemy.orm import Session

from prescreen.store.models import ContactAttempt, Erasure, QueueEvent, QueueState, Referral, Screening

TOUCHED = "queue_state_touched"  # Session.info key: screening ids written to since the last commit
_TRAILS = (Screening, Referral, QueueEvent, ContactAttempt, Erasure)
S, Q = Screening.__table__, QueueState.__table__


@event.listens_for(Session, "after_flush")
def _note_touched(session: Session, _context) -> None:
    # In after_flush `session.new` still lists what was just inserted, now with its ids.
    ids = {o.id if isinstance(o, Screening) else o.screening_id for o in session.new if isinstance(o, _TRAILS)}
    ids |= {o.screening_id for o in session.dirty if isinstance(o, Referral)}
    if ids:
        session.info.setdefault(TOUCHED, set()).update(ids)


@event.listens_for(Session, "before_commit")
def _write_state(session: Session) -> None:
    session.flush()  # commit flushes after this event: flushed now, what is pending is noted too
    if not session.info.get(TOUCHED):
        return
    # At commit, not at each flush: an erasure blanks its referrals by an UPDATE after adding
    # its row, and the state must show the blanked details.
    refresh(session.connection(), session.info.pop(TOUCHED))


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, _previous) -> None:
    session.info.pop(TOUCHED, None)


def chains(conn, ids) -> set[int]:
    """Every screening of the chains these screenings belong to."""
    members, frontier = set(ids), set(ids)
    while frontier:
        found = set(conn.execute(select(S.c.supersedes).where(S.c.id.in_(frontier), S.c.supersedes.isnot(None)))
                    .scalars())
        found |= set(conn.execute(select(S.c.id).where(S.c.supersedes.in_(frontier))).scalars())
        frontier = found - members
        members |= frontier
    return members


def refresh(conn, screening_ids) -> None:
    """Rewrite the state of the chains of these screenings from their trails."""
    members = sorted(chains(conn, screening_ids))
    if conn.dialect.name == "postgresql":
        # Two transactions writing to one chain (a referrer's details and a status change) take
        # turns here, and the second then reads the first's committed rows: otherwise both could
        # work from the trail without the other's entry, or both insert the chain's row.
        # (SQLite serialises writers anyway.)
        locked: list[int] = []
        while members != locked:  # a re-screen committed while waiting makes the chain longer
            conn.execute(select(S.c.id).where(S.c.id.in_(members)).order_by(S.c.id).with_for_update())
            locked, members = members, sorted(chains(conn, members))
    conn.execute(delete(Q).where(Q.c.head_id.in_(members)))
    _insert(conn, members)


def rebuild(conn) -> int:
    """Rewrite every chain's state from the trails; returns the rows written."""
    conn.execute(delete(Q))
    _insert(conn, None)
    return conn.execute(select(func.count()).select_from(Q)).scalar()


_INSERTS: dict[tuple[str, bool], object] = {}  # built once: building it costs more than running it


def _insert(conn, heads) -> None:
    from prescreen.followup.queue_sql import STATE_COLUMNS, state_select

    key = (conn.dialect.name, heads is None)
    if key not in _INSERTS:
        members = None if heads is None else bindparam("members", expanding=True)
        _INSERTS[key] = insert(Q).from_select(["head_id", *STATE_COLUMNS], state_select(conn.dialect.name, members))
    conn.execute(_INSERTS[key], {} if heads is None else {"members": list(heads)})

