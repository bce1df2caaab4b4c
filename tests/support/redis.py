"""A throwaway Redis server from Debian's packages, on loopback, for tests and benchmarks.

bin/install-test-services installs the `redis-server` package when it is missing; here we
only start a private server in a temporary directory (never the system one, no persistence)
and stop it afterwards.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.support.postgres import free_port


def redis_server_binary() -> str | None:
    return shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if Path(p).exists()), None)


class RedisServer:
    """A private Redis a test can stop and start again (same port, same password)."""

    def __init__(self, binary: str, base: str, port: int, password: str):
        self.binary, self.base, self.host, self.port, self.password = binary, base, "127.0.0.1", port, password
        self.conf = Path(base) / "redis.conf"
        self.conf.write_text("\n".join([
            "bind 127.0.0.1", f"port {port}", "protected-mode yes", f"dir {base}", "daemonize no",
            'save ""', "appendonly no", f"requirepass {password}", f"logfile {base}/redis.log",
            "databases 4", "",
        ]))
        self.proc: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc else 0

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@{self.host}:{self.port}/0"

    def env(self, db: int = 1) -> dict[str, str]:
        """The variables deploy/endpoints.production.yml reads for Rasa's RedisLockStore."""
        return {"REDIS_HOST": self.host, "REDIS_PORT": str(self.port), "REDIS_DB": str(db),
                "REDIS_PASSWORD": self.password}

    def start(self) -> None:
        self.proc = subprocess.Popen([self.binary, str(self.conf)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not _answers_ping(self.port, self.password):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                log = Path(self.base, "redis.log")
                raise RuntimeError(f"redis-server did not start: {log.read_text() if log.exists() else ''}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _answers_ping(port: int, password: str) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(f"AUTH {password}\r\nPING\r\n".encode())
            s.settimeout(1)
            got = b""
            while b"PONG" not in got:
                chunk = s.recv(256)
                if not chunk:
                    return False
                got += chunk
            return True
    except OSError:
        return False


@contextmanager
def redis_server(password: str = "prescreen-test-redis") -> Iterator[RedisServer]:
    """Yields a running private Redis (127.0.0.1, a free port, a password, no disk writes)."""
    binary = redis_server_binary()
    if binary is None:
        raise RuntimeError("redis-server not found: apt-get install redis-server")
    base = tempfile.mkdtemp(prefix="prescreen-redis-")
    server = RedisServer(binary, base, free_port(), password)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
