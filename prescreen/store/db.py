"""Engine, sessions and the automatic schema upgrade.

Every process that touches the database (action server, CLI, web app) calls `get_engine()`,
which applies pending Alembic migrations once per process: a fresh clone needs no manual
migration step, and several processes starting together serialise on a lock.
"""
from __future__ import annotations

import fcntl
import logging
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from prescreen.settings import get_settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 6898983  # any constant shared by all processes of this app


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the Rasa server, the action server and the web app read while one writes;
    # busy_timeout makes a writer wait instead of failing with "database is locked".
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


@contextmanager
def _migration_lock(engine: Engine, url: str) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
        return
    lock_path = Path(url.split("///", 1)[-1] + ".migrate.lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def migrate(engine: Engine, url: str) -> None:
    """Bring the schema to the newest migration (a no-op when it already is)."""
    with _migration_lock(engine, url):
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


@lru_cache(maxsize=None)
def get_engine(url: str | None = None) -> Engine:
    url = url or get_settings().database_url
    engine = make_engine(url)
    migrate(engine, url)
    return engine


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    """A unit of work: committed on success, rolled back on error."""
    factory = sessionmaker(get_engine(url), future=True, expire_on_commit=False)
    with factory.begin() as s:
        yield s


def reachable() -> bool:
    """Whether the conversations' database answers now. The channels ask before handing Rasa
    a message: while it is down, Rasa would carry on with an empty in-memory conversation (its
    FailSafeTrackerStore) and answer from scratch, so they say "try again shortly" instead.
    TRACKER_URL (prescreen/runenv.py) is where Rasa keeps conversations; usually DATABASE_URL."""
    url = get_settings().tracker_database_url
    try:
        with _probe_engine(url).connect() as c:
            c.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError as e:
        logging.getLogger(__name__).warning("database unreachable: %s", e.__class__.__name__)
        return False


@lru_cache(maxsize=4)
def _probe_engine(url: str) -> Engine:
    return make_engine(url)  # not get_engine: only a ping, no migration of Rasa's database
