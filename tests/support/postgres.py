"""A throwaway PostgreSQL cluster from Debian's packages, on loopback, for tests.

bin/test installs the `postgresql` package when it is missing; here we only start a private
cluster in a temporary directory (never the system one) and stop it afterwards.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from typing import Iterator


def pg_bindir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(found[-1]) if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root; Debian's package creates the `postgres` user.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class PostgresCluster:
    """A private cluster that a test can stop and start again (same port, same data)."""

    def __init__(self, bindir: str, base: str, data: str, port: int):
        self.bindir, self.base, self.data, self.port = bindir, base, data, port

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://prescreen@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        opts = f"-h 127.0.0.1 -p {self.port} -k {self.base} -c fsync=off -c full_page_writes=off"
        subprocess.run(_as_postgres([f"{self.bindir}/pg_ctl", "-D", self.data, "-o", opts, "-l", f"{self.base}/log",
                                     "-w", "start"]), check=True, capture_output=True)

    def stop(self, mode: str = "immediate") -> None:
        subprocess.run(_as_postgres([f"{self.bindir}/pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"]),
                       capture_output=True)


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A fresh, running cluster with a superuser `prescreen`; removed afterwards."""
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found: apt-get install postgresql")
    base = tempfile.mkdtemp(prefix="prescreen-pg-")
    data = os.path.join(base, "data")
    os.makedirs(data)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(data, "postgres")
    cluster = PostgresCluster(bindir, base, data, free_port())
    subprocess.run(_as_postgres([f"{bindir}/initdb", "-D", data, "-U", "prescreen", "-A", "trust",
                                 "--encoding=UTF8", "--locale=C"]), check=True, capture_output=True)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yields a SQLAlchemy URL of a superuser `prescreen` on a fresh cluster."""
    with postgres_cluster() as cluster:
        yield cluster.url
