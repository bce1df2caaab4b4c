"""Rasa's SQL tracker store, made to survive a database restart and to read each conversation
once per process instead of whole at every message (deploy/endpoints.production.yml).

Rasa wraps every tracker store in its `FailSafeTrackerStore`: when loading a conversation
fails, it carries on with an empty in-memory one. Rasa's `SQLTrackerStore` pools its
connections without checking them, so after PostgreSQL restarts, the first message on each
pooled connection fails that way: the physician's answer is read by an empty conversation
("Anything else?") instead of the one it belongs to. Checking a connection before use
(`pool_pre_ping`, as prescreen/store/db.py does for the outcome log) reconnects instead.

Rasa's store also reads every event row of the conversation through the ORM at each message
(and counts them again with a subquery to save): about a quarter of the Rasa server's CPU per
turn (bench/load.py). Here the rows are kept per conversation, and each message reads only
the rows stored since (by this replica or any other: ids only grow) plus the conversation's
row count; when the count says anything else changed, every row is read again. Events are
only ever appended (Rasa never updates or deletes one), so the kept rows plus the new ones are
exactly what Rasa's query would read, and the tracker is built from them as Rasa builds it.
Any replica may still serve any turn, and a restarted server starts with an empty cache.

    tracker_store:
      type: rasa_addons.tracker_store.PingingSQLTrackerStore
      url: ${TRACKER_URL}
      rasa_patches: true       # install_rasa_patches() when the server builds the store
      ...                      # every other key as for `type: SQL`

The store is where the Rasa server is configured (endpoints.yml), and it is built before the
model is loaded, so `rasa_patches: true` there installs rasa_addons/rasa_speedups.py,
session_cap.py and nlu_read_limit.py in that server. Importing this module patches nothing,
and a store built without the key (as tests build it) neither.
"""
from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from typing import Any, Iterator, Optional, Sequence

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from rasa_addons import nlu_read_limit, patching, rasa_speedups, session_cap

logger = logging.getLogger(__name__)


def install_rasa_patches() -> list[str]:
    """This project's changes to Rasa, in the Rasa server only (patching.undo() takes them back).
    Returns what is patched, as the server's log shows it."""
    rasa_speedups.install()  # measured per-turn costs (off with PRESCREEN_RASA_SCHEMA_CACHE=0)
    session_cap.install()  # a session ends after MAX_SESSION_EVENTS events: a turn's cost is bounded
    nlu_read_limit.install()  # NLU parses at most READ_LIMIT characters (MAX_MESSAGE_CHARS), as the fact extraction reads
    names = patching.replaced()
    logger.info("Rasa patches installed: %s", ", ".join(names) or "none")
    return names


CACHED_CONVERSATIONS = 1000  # the rows of the most recently used ones (a screening is ~50 KB)


class KeptRows:
    """One conversation's stored event rows, and those of its latest session (the rows Rasa's
    `SQLTrackerStore._event_query` selects: timestamp at least the greatest `session_started`
    timestamp, or all rows without one), both kept up to date as rows are added. Filtering
    every row at every turn cost 20 ms a turn at 6,000 rows: a long conversation got slower
    even with its sessions capped (rasa_addons/session_cap.py); now only a new session start
    makes the rows be filtered again."""

    __slots__ = ("rows", "start", "session")

    def __init__(self, rows: Sequence) -> None:
        self.rows = list(rows)
        self._new_session()

    def _new_session(self) -> None:
        starts = [r.timestamp for r in self.rows if r.type_name == SessionStarted.type_name and r.timestamp is not None]
        self.start = max(starts) if starts else None
        self.session = list(self.rows) if self.start is None else [
            r for r in self.rows if r.timestamp is not None and r.timestamp >= self.start]

    def extend(self, new: Sequence) -> None:
        self.rows.extend(new)
        starts = [r.timestamp for r in new if r.type_name == SessionStarted.type_name and r.timestamp is not None]
        if starts and (self.start is None or max(starts) > self.start):
            self._new_session()
        else:
            self.session.extend(r for r in new if self.start is None
                                or (r.timestamp is not None and r.timestamp >= self.start))


class PingingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, rasa_patches: bool = False, **kwargs: Any) -> None:
        if rasa_patches:  # endpoints.yml: this store is the Rasa server's
            install_rasa_patches()
        super().__init__(*args, **kwargs)  # connects (waits for the database) and creates the tables
        url = self.engine.url.render_as_string(hide_password=False)
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._rows: OrderedDict[str, KeptRows] = OrderedDict()  # sender id -> its rows, oldest used first
        events = self.SQLEvent.__table__
        rows = sa.select(events.c.id, events.c.type_name, events.c.timestamp, events.c.data).where(
            events.c.sender_id == sa.bindparam("sender_id")).order_by(events.c.id)
        self._select_all = rows
        self._select_after = rows.where(events.c.id > sa.bindparam("after"))
        self._count = sa.select(sa.func.count()).select_from(events).where(
            events.c.sender_id == sa.bindparam("sender_id"))

    def _stored_rows(self, session: sa.orm.Session, sender_id: str) -> Optional[KeptRows]:
        """Every stored event row of the conversation (id, type_name, timestamp, data), by id."""
        kept = self._rows.pop(sender_id, None)
        if kept is not None and kept.rows:
            new = session.execute(self._select_after, {"sender_id": sender_id, "after": kept.rows[-1].id}).all()
            count = session.execute(self._count, {"sender_id": sender_id}).scalar_one()
            # Fewer or more rows than kept + new: some were deleted, or committed late with a
            # lower id (two writers without a shared lock). Read them all again.
            if count == len(kept.rows) + len(new):
                kept.extend(new)
            else:
                kept = None
        if kept is None or not kept.rows:
            rows = session.execute(self._select_all, {"sender_id": sender_id}).all()
            kept = KeptRows(rows) if rows else None
        if kept is not None:
            self._rows[sender_id] = kept
            if len(self._rows) > CACHED_CONVERSATIONS:
                self._rows.popitem(last=False)
        return kept

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            kept = self._stored_rows(session, sender_id)
        rows = [] if kept is None else kept.rows if fetch_events_from_all_sessions else kept.session
        events = [json.loads(r.data) for r in rows]  # fresh dicts: the tracker's events are its own
        if self.domain and len(events) > 0:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's `SQLTrackerStore.save`, the same rows in the same order, inserted by one
        statement instead of through the ORM's unit of work (a sixth of saving's CPU)."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                rows.append({
                    "sender_id": tracker.sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
                    "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    "action_name": data.get("name"), "data": json.dumps(data)})
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()

    def _additional_events(self, session: sa.orm.Session, tracker: DialogueStateTracker) -> Iterator:
        """The tracker's events not stored yet (as Rasa's: those after the latest session's
        stored ones), counted from the kept rows instead of a COUNT over a subquery."""
        kept = self._stored_rows(session, tracker.sender_id)
        stored = 0 if kept is None else len(kept.session)
        return itertools.islice(tracker.events, stored, len(tracker.events))
