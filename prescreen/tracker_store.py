"""Rasa's SQL tracker store, made to survive a database restart (deploy/endpoints.production.yml).

Rasa wraps every tracker store in its `FailSafeTrackerStore`: when loading a conversation
fails, it carries on with an empty in-memory one. Rasa's `SQLTrackerStore` pools its
connections without checking them, so after PostgreSQL restarts, the first message on each
pooled connection fails that way: the physician's answer is read by an empty conversation
("Anything else?") instead of the one it belongs to. Checking a connection before use
(`pool_pre_ping`, as prescreen/db.py does for the outcome log) reconnects instead.

    tracker_store:
      type: prescreen.tracker_store.PingingSQLTrackerStore
      url: ${TRACKER_URL}
      ...                      # every other key as for `type: SQL`

Loading this module also installs prescreen/rasa_speedups.py in the Rasa server (the action
server's answers validated without re-checking Rasa's own schema every time).
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs

from prescreen import rasa_speedups

rasa_speedups.install()


class PingingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # connects (waits for the database) and creates the tables
        url = self.engine.url.render_as_string(hide_password=False)
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
