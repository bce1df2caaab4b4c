"""The ticket lock that replicas share (rasa_addons/lock_store.py), on a real private Redis:
tickets taken at the same moment by many replicas are all different, and finishing one turn
never drops the ticket another replica just took."""
from __future__ import annotations

import threading
import uuid

import pytest

from rasa_addons.lock_store import AtomicRedisLockStore
from tests.support.redis import redis_server, redis_server_binary

REPLICAS, TURNS = 8, 25


@pytest.fixture(scope="module")
def redis():
    if redis_server_binary() is None:
        pytest.skip("needs Debian's redis-server (bin/install-test-services)")
    with redis_server() as server:
        yield server


def stores(redis, cls, n):
    return [cls(host=redis.host, port=redis.port, password=redis.password, db=1, key_prefix="t") for _ in range(n)]


def tickets_taken_at_once(lock_stores, conversation):
    taken, start = [], threading.Barrier(len(lock_stores))

    def replica(store):
        start.wait()
        for _ in range(TURNS):
            taken.append(store.issue_ticket(conversation))

    threads = [threading.Thread(target=replica, args=(s,)) for s in lock_stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return taken


def test_tickets_taken_by_many_replicas_at_once_are_all_different(redis):
    conversation = uuid.uuid4().hex
    taken = tickets_taken_at_once(stores(redis, AtomicRedisLockStore, REPLICAS), conversation)
    assert sorted(taken) == list(range(REPLICAS * TURNS))
    lock = AtomicRedisLockStore(host=redis.host, port=redis.port, password=redis.password, db=1,
                                key_prefix="t").get_lock(conversation)
    assert len(lock.tickets) == REPLICAS * TURNS


def test_rasas_own_redis_lock_store_hands_out_the_same_ticket_twice(redis):
    """The control, and why the production endpoints do not use `type: redis`."""
    from rasa.core.lock_store import RedisLockStore

    # A race: each attempt is 200 tickets from 8 threads; one duplicate in three attempts is enough.
    duplicated = any(len(set(taken)) < len(taken) for taken in
                     (tickets_taken_at_once(stores(redis, RedisLockStore, REPLICAS), uuid.uuid4().hex)
                      for _ in range(3)))
    assert duplicated, "Rasa's store gave no duplicate ticket in three attempts"


def test_finishing_a_turn_keeps_the_ticket_another_replica_took_meanwhile(redis):
    a, b = stores(redis, AtomicRedisLockStore, 2)
    conversation = uuid.uuid4().hex
    first = a.issue_ticket(conversation)
    second = b.issue_ticket(conversation)
    a.cleanup(conversation, first)
    lock = b.get_lock(conversation)
    assert lock is not None and not lock.is_locked(second)  # b is served next
    b.cleanup(conversation, second)
    assert b.get_lock(conversation) is None  # nothing left behind


def test_the_lock_serialises_two_turns_of_one_conversation(redis):
    import asyncio

    a, b = stores(redis, AtomicRedisLockStore, 2)
    conversation, order = uuid.uuid4().hex, []

    async def turn(store, name):
        async with store.lock(conversation, wait_time_in_seconds=0.01):
            order.append(f"{name} in")
            await asyncio.sleep(0.05)
            order.append(f"{name} out")

    async def both():
        await asyncio.gather(turn(a, "a"), turn(b, "b"))

    asyncio.run(both())
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
