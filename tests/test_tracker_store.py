"""rasa_addons/tracker_store.py against real databases (SQLite file, PostgreSQL): keeping each
conversation's rows never makes it read differently from Rasa's own SQLTrackerStore, whoever
wrote in between (another replica, a restarted process, rows changed behind its back)."""
from __future__ import annotations

import asyncio

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from sqlalchemy import create_engine, event, text

from rasa_addons import tracker_store
from rasa_addons.tracker_store import PingingSQLTrackerStore

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, inform]
slots:
  age: {type: any, mappings: [{type: custom}]}
  diagnosis: {type: any, mappings: [{type: custom}]}
""")


def store(url: str, cls: type = PingingSQLTrackerStore) -> SQLTrackerStore:
    return cls(domain=DOMAIN, host=url)


def turn(store: SQLTrackerStore, sender: str, at: float, text: str, **slots) -> None:
    """One message as Rasa handles it: load, add the turn's events, save."""
    tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(UserUttered(text, {"name": "inform", "confidence": 0.9}, timestamp=at))
    for i, (name, value) in enumerate(slots.items()):
        tracker.update(SlotSet(name, value, timestamp=at + 0.01 * (i + 1)))
    tracker.update(ActionExecuted("action_listen", timestamp=at + 0.5))
    asyncio.run(store.save(tracker))


def new_session(store: SQLTrackerStore, sender: str, at: float) -> None:
    tracker = asyncio.run(store.retrieve(sender))
    age = tracker.get_slot("age")
    tracker.update(ActionExecuted("action_session_start", timestamp=at))
    tracker.update(SessionStarted(timestamp=at + 0.01))
    tracker.update(SlotSet("age", age, timestamp=at + 0.02))  # carried over
    tracker.update(ActionExecuted("action_listen", timestamp=at + 0.03))
    asyncio.run(store.save(tracker))


def read(store: SQLTrackerStore, sender: str, full: bool = False) -> dict | None:
    tracker = asyncio.run(store.retrieve_full_tracker(sender) if full else store.retrieve(sender))
    return None if tracker is None else tracker.current_state(EventVerbosity.ALL)


def same_as_rasa(ours: SQLTrackerStore, rasa: SQLTrackerStore, sender: str) -> bool:
    return (read(ours, sender) == read(rasa, sender)
            and read(ours, sender, full=True) == read(rasa, sender, full=True))


@pytest.fixture
def stores(database_url):
    """Two replicas with our store, and Rasa's own store as the reference reader."""
    return store(database_url), store(database_url), store(database_url, SQLTrackerStore)


def test_reads_what_rasas_store_reads_through_turns_and_sessions(stores):
    a, _, rasa = stores
    assert read(a, "dr-1") is None and read(rasa, "dr-1") is None
    turn(a, "dr-1", 1000.0, "62M AML", age=62, diagnosis="AML")
    assert same_as_rasa(a, rasa, "dr-1")
    turn(a, "dr-1", 1010.0, "sorry, 63", age=63)
    new_session(a, "dr-1", 5000.0)  # the latest session is read from its session_started on
    turn(a, "dr-1", 5010.0, "PLT 32k")
    assert same_as_rasa(a, rasa, "dr-1")
    assert len(read(a, "dr-1")["events"]) < len(read(a, "dr-1", full=True)["events"])
    assert read(a, "dr-1")["slots"]["age"] == 63


def test_a_turn_served_by_another_replica_is_seen(stores, database_url):
    a, b, rasa = stores
    turn(a, "dr-2", 1000.0, "62M", age=62)
    turn(b, "dr-2", 1010.0, "AML", diagnosis="AML")  # b wrote after a had kept the rows
    assert read(a, "dr-2")["slots"] == read(rasa, "dr-2")["slots"]
    assert read(a, "dr-2")["slots"]["diagnosis"] == "AML"
    turn(a, "dr-2", 1020.0, "sorry, 63", age=63)
    assert read(b, "dr-2")["slots"]["age"] == 63
    new_session(b, "dr-2", 5000.0)
    turn(a, "dr-2", 5010.0, "hi again")
    assert same_as_rasa(a, rasa, "dr-2") and same_as_rasa(b, rasa, "dr-2")
    assert [e["text"] for e in read(a, "dr-2", full=True)["events"] if e["event"] == "user"] == [
        "62M", "AML", "sorry, 63", "hi again"]


def test_kept_rows_are_read_again_only_from_the_last_one_on(stores):
    a, b, _ = stores
    turn(a, "dr-3", 1000.0, "62M AML", age=62)
    read(a, "dr-3")
    turn(b, "dr-3", 1010.0, "PLT 32k")
    statements = []
    event.listen(a.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    read(a, "dr-3")
    selects = [s for s in statements if "FROM events" in s]
    assert len(selects) == 2 and "events.id >" in selects[0] and "count(" in selects[1].lower(), selects


def test_rows_changed_behind_its_back_are_read_again(stores, database_url):
    a, _, rasa = stores
    for i in range(3):
        turn(a, "dr-4", 1000.0 + 10 * i, f"message {i}", age=60 + i)
    read(a, "dr-4")
    engine = create_engine(database_url, future=True)
    with engine.begin() as c:  # a row deleted, as by hand
        gone = c.execute(text("SELECT min(id) FROM events WHERE sender_id = 'dr-4' AND type_name = 'user'")).scalar()
        c.execute(text("DELETE FROM events WHERE id = :id"), {"id": gone})
    assert same_as_rasa(a, rasa, "dr-4")
    with engine.begin() as c:  # a row committed late, with a lower id (two writers without a lock)
        c.execute(text("INSERT INTO events (id, sender_id, type_name, timestamp, data) VALUES (:id, 'dr-4', 'slot',"
                       " 1001.5, '{\"event\": \"slot\", \"timestamp\": 1001.5, \"name\": \"age\", \"value\": 99}')"),
                  {"id": gone})
    engine.dispose()
    assert same_as_rasa(a, rasa, "dr-4")
    assert read(a, "dr-4")["slots"]["age"] == 62  # the later turns still set it after 99


def test_a_restarted_server_resumes_from_the_database(stores, database_url):
    a, _, rasa = stores
    turn(a, "dr-5", 1000.0, "62M AML", age=62)
    restarted = store(database_url)
    assert read(restarted, "dr-5") == read(a, "dr-5") == read(rasa, "dr-5")
    turn(restarted, "dr-5", 1010.0, "PLT 32k")
    assert same_as_rasa(a, rasa, "dr-5")


def test_saves_the_rows_rasas_store_saves(stores, database_url):
    a, _, rasa = stores
    for s, sender in ((a, "ours"), (rasa, "rasas")):
        turn(s, sender, 1000.0, "62M AML", age=62, diagnosis="AML")
        turn(s, sender, 1010.0, "sorry, 63", age=63)
    engine = create_engine(database_url, future=True)
    with engine.connect() as c:
        rows = {sender: c.execute(text("SELECT type_name, timestamp, intent_name, action_name, data FROM events"
                                       " WHERE sender_id = :s ORDER BY id"), {"s": sender}).all()
                for sender in ("ours", "rasas")}
    engine.dispose()
    assert rows["ours"] == rows["rasas"] and len(rows["ours"]) == 7


def test_only_the_most_recently_used_conversations_are_kept(stores, monkeypatch):
    a, _, rasa = stores
    monkeypatch.setattr(tracker_store, "CACHED_CONVERSATIONS", 2)
    for sender in ("x", "y", "z"):
        turn(a, sender, 1000.0, f"hello {sender}", age=40)
        read(a, sender)
    read(a, "x")
    assert list(a._rows) == ["z", "x"]
    assert all(same_as_rasa(a, rasa, s) for s in ("x", "y", "z"))
