"""The stored queue state (issue 20; prescreen/store/queue_state.py, migration 0011) never
disagrees with the trail: after every kind of write a coordinator or the assistant makes, each
stored row equals what the Python fold of the trail (prescreen/followup/workflow.py) says, and a
write that fails leaves neither the trail entry nor the state. SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from prescreen.eligibility.checker import check
from prescreen.followup import accounts, erasure, queue
from prescreen.followup import workflow as wf
from prescreen.store import outcome_log, queue_state
from prescreen.store.db import session
from prescreen.store.models import Coordinator, QueueEvent, QueueState
from prescreen.utc import aware
from tests.test_queue import ELIGIBLE

UTC = timezone.utc


def _expected() -> dict[int, dict]:
    """Each referral's state as the Python fold of the whole trail says it."""
    withdrawn = erasure.withdrawn()
    found = {}
    for it in queue.load_items():
        rungs = [i + 1 for i, s in enumerate((wf.CONTACTED, wf.SCHEDULED, wf.CONSENTED))
                 if s in wf.statuses_reached(it.events)]
        found[it.id] = {
            "first_at": it.first_at, "decision": it.screening["decision"], "channel": it.screening["channel"],
            "status": it.status, "rung": max(rungs, default=0),
            "criterion": it.outcome.criterion if it.outcome else None,
            "visit_at": it.visit_at, "visit_place": it.visit.visit_place if it.visit else None,
            "next_attempt_on": it.next_attempt_on, "last_action_at": it.last_action_at, "assignee": it.assignee,
            "referrer": it.referrer.lower() or None, "patient": it.patient_reference.lower() or None,
            "contact_withdrawn": any(s["id"] in withdrawn for s in it.chain),
            "age": it.screening["facts"].get("age"), "unknown": len(it.screening["unknown"])}
    return found


def _stored() -> dict[int, dict]:
    with session() as s:
        names = dict(s.execute(select(Coordinator.id, Coordinator.username)).all())
        rows = s.scalars(select(QueueState)).all()
    found = {}
    for r in rows:
        found[r.head_id] = {
            "first_at": aware(r.first_at), "decision": r.decision, "channel": r.channel, "status": r.status,
            "rung": r.rung, "criterion": r.criterion, "visit_at": aware(r.visit_at) if r.visit_at else None,
            "visit_place": r.visit_place, "next_attempt_on": r.next_attempt_on,
            "last_action_at": aware(r.last_action_at), "assignee": names.get(r.assignee_id),
            "referrer": r.referrer, "patient": r.patient, "contact_withdrawn": r.contact_withdrawn,
            "age": r.age, "unknown": r.unknown}
    return found


def _agrees() -> dict[int, dict]:
    expected = _expected()
    assert _stored() == expected
    return expected


def _screen(sender: str, referral: bool = True, **facts) -> int:
    row = outcome_log.record(check({**ELIGIBLE, **facts}), channel="web", sender_id=sender)
    if referral:
        outcome_log.record_referral(row["reference"], "Dr Chen", "Haematology", "ext 3001", f"MRN {sender}")
    return outcome_log.screening_id(row["reference"])


def test_the_stored_state_equals_the_fold_of_the_trail_after_every_kind_of_write(database_url):
    alice_id = accounts.add_coordinator("alice", "correct horse battery staple").id
    a = _screen("dr-a")
    b = _screen("dr-b", referral=False, hiv=None)  # needs review, no referrer yet
    _screen("dr-c", referral=False, age=80)  # ineligible: never in the queue
    state = _agrees()
    assert set(state) == {a, b} and state[a]["referrer"] == "dr chen" and state[b]["status"] == wf.NEW

    queue.record_action(a, alice_id, wf.STATUS, to_status=wf.CONTACTED, expected_status=wf.NEW)
    assert _agrees()[a]["status"] == wf.CONTACTED
    queue.record_action(a, alice_id, wf.ASSIGNMENT, assignee="alice")
    assert _agrees()[a]["assignee"] == "alice"
    queue.record_action(a, alice_id, wf.NOTE, note="spoke to his son")
    queue.record_attempt(b, alice_id, channel="phone", result="call_back", attempted_at=datetime.now(UTC),
                         next_attempt_on=date.today() + timedelta(days=2))
    assert _agrees()[b]["next_attempt_on"] == date.today() + timedelta(days=2)
    visit = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    queue.record_action(a, alice_id, wf.STATUS, to_status=wf.SCHEDULED, visit_at=visit, visit_place="Day unit")
    state = _agrees()
    assert (state[a]["status"], state[a]["visit_at"], state[a]["rung"]) == (wf.SCHEDULED, visit, 2)

    outcome_log.record_referral(f"PS-{b:06d}", "Dr Wang", "Haematology", "ext 3002", "MRN later")
    assert _agrees()[b]["referrer"] == "dr wang"

    # A re-screen moves the referral to its new screening, trail and all; one that makes the
    # patient ineligible takes it out of the queue.
    newer = outcome_log.rescreen(f"PS-{b:06d}", alice_id, [outcome_log.parse_entry("hiv", "no", "lab", "tested")])
    b2 = outcome_log.screening_id(newer["reference"])
    state = _agrees()
    assert b not in state and state[b2]["next_attempt_on"] == date.today() + timedelta(days=2)
    out = outcome_log.rescreen(f"PS-{a:06d}", alice_id, [outcome_log.parse_entry("age", "80", "letter", "age")])
    assert out["decision"] == "ineligible" and set(_agrees()) == {b2}

    assert erasure.erase_for_screening(b2, alice_id, "asked on the phone")
    state = _agrees()
    assert state[b2]["contact_withdrawn"] and state[b2]["patient"] is None

    # What the rebuild (migration 0011's backfill, `prescreen queue rebuild-state`) writes is
    # what the writes kept.
    before = _stored()
    with session() as s:
        assert queue_state.rebuild(s.connection()) == 1
    assert _stored() == before


def test_a_failing_write_leaves_neither_the_trail_entry_nor_the_state(database_url, monkeypatch):
    alice_id = accounts.add_coordinator("alice", "correct horse battery staple").id
    a = _screen("dr-a")
    before = _agrees()

    def trail_count() -> int:
        with session() as s:
            return s.scalar(select(func.count()).select_from(QueueEvent))

    # The state written, then the transaction fails: both are rolled back.
    with pytest.raises(RuntimeError):
        with session() as s:
            s.add(QueueEvent(screening_id=a, actor_id=alice_id, kind=wf.STATUS, from_status=wf.NEW,
                             to_status=wf.CONTACTED))
            s.flush()
            queue_state.refresh(s.connection(), [a])
            assert s.scalar(select(QueueState.status).where(QueueState.head_id == a)) == wf.CONTACTED
            raise RuntimeError("the disk is full")
    assert trail_count() == 0 and _agrees() == before

    # The state cannot be written: the coordinator's change is not recorded either.
    def broken(conn, heads):
        raise RuntimeError("the state could not be written")

    monkeypatch.setattr(queue_state, "_insert", broken)
    with pytest.raises(RuntimeError):
        queue.record_action(a, alice_id, wf.STATUS, to_status=wf.CONTACTED, expected_status=wf.NEW)
    monkeypatch.undo()
    assert trail_count() == 0 and _agrees() == before


def test_writes_to_one_referral_at_the_same_time_all_reach_the_state(database_url):
    """A referrer correcting their details while coordinators log attempts and notes on the same
    referral: each transaction's state is worked out after the other's commit, none is lost."""
    import threading

    alice_id = accounts.add_coordinator("alice", "correct horse battery staple").id
    a = _screen("dr-a")
    errors: list[BaseException] = []

    def run(write) -> None:
        try:
            for n in range(8):
                write(n)
        except BaseException as e:  # noqa: BLE001  (reported by the assertion below)
            errors.append(e)

    writers = [
        lambda n: outcome_log.record_referral(f"PS-{a:06d}", f"Dr Lin {n}", "Haematology", "ext 1", f"MRN {n}"),
        lambda n: queue.record_attempt(a, alice_id, channel="phone", result="call_back",
                                       attempted_at=datetime.now(UTC), next_attempt_on=date.today() + timedelta(n)),
        lambda n: queue.record_action(a, alice_id, wf.NOTE, note=f"note {n}"),
    ]
    threads = [threading.Thread(target=run, args=(w,)) for w in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    state = _agrees()[a]
    assert state["referrer"] == "dr lin 7" and state["next_attempt_on"] == date.today() + timedelta(7)


def test_the_migration_backfills_it_and_the_command_rebuilds_it_from_the_trail(database_url):
    import subprocess

    from alembic import command

    from bench.queue_scale import fill
    from prescreen.store.db import alembic_config, get_engine
    from tests.support.servers import ROOT

    fill(database_url, 120, seed=5)  # referrals, trails, re-screens
    expected = _expected()
    for target in ("0010", "head"):  # the table dropped, then created and backfilled by 0011
        with get_engine(database_url).begin() as conn:
            cfg = alembic_config(database_url)
            cfg.attributes["connection"] = conn
            (command.downgrade if target == "0010" else command.upgrade)(cfg, target)
    assert expected and _stored() == expected
    with session() as s:
        s.execute(QueueState.__table__.delete())  # lost or damaged: rebuilt by the command
    out = subprocess.run([str(ROOT / ".venv/bin/prescreen"), "queue", "rebuild-state"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and f"{len(expected)} referrals" in out.stdout, out.stdout + out.stderr
    assert _stored() == expected
