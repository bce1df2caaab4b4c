"""Shared fixtures: real databases (a SQLite file, and PostgreSQL when available)."""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from prescreen.store.db import get_engine
from prescreen.settings import get_settings
from tests.support.postgres import pg_bindir, postgres_server


@pytest.fixture(scope="session")
def postgres_url():
    """PRESCREEN_TEST_POSTGRES_URL if given, else a private cluster from Debian's packages."""
    given = os.environ.get("PRESCREEN_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    if pg_bindir() is None:
        pytest.skip("no PostgreSQL server here (bin/test installs Debian's postgresql)")
    with postgres_server() as url:
        yield url


def _fresh_pg_database(server_url: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, monkeypatch):
    """Points the whole app (settings, engine) at a fresh, empty database of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'prescreen.db'}"
    else:
        url = _fresh_pg_database(request.getfixturevalue("postgres_url"))
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield url
    get_settings.cache_clear()
    get_engine.cache_clear()
