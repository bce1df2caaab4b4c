"""Starts the real assistant (action server + Rasa server) for end-to-end tests and benchmarks.

Each `Assistant` gets its own database, ports and auth token, uses the trained model in
models/, and talks to Rasa only over HTTP, the way the web page and WeChat do.
`running_replicas` starts several of them on one shared database (the production layout:
deploy/endpoints.production.yml, PostgreSQL + Redis lock store).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import requests

from tests.support.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def tracker_env(database_url: str) -> dict[str, str]:
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    return {"TRACKER_DIALECT": url.get_backend_name(), "TRACKER_URL": database_url, "TRACKER_DB": url.database or ""}


class Assistant:
    def __init__(self, database_url: str, workdir: Path, extra_env: dict[str, str] | None = None,
                 endpoints: str = "endpoints.yml"):
        self.database_url = database_url
        self.workdir = workdir
        self.endpoints = endpoints  # relative to the project root, or absolute
        # Rasa's auth token (HTTP API and REST channel) and the action server's; replicas share them.
        self.token = (extra_env or {}).get("RASA_AUTH_TOKEN") or uuid.uuid4().hex
        self.action_token = (extra_env or {}).get("ACTION_SERVER_TOKEN") or uuid.uuid4().hex
        self.action_port = free_port()
        self.rasa_port = free_port()
        self.web_port = free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "RASA_AUTH_TOKEN": self.token,
            "ACTION_SERVER_TOKEN": self.action_token,
            # Tests drive many conversations from one address as fast as Rasa answers: the REST
            # channel's rate limits are off unless a test sets them (tests/test_rest_door.py).
            "REST_MESSAGES_PER_MINUTE_PER_SENDER": "0",
            "REST_MESSAGES_PER_MINUTE_PER_ADDRESS": "0",
            "ACTION_PORT": str(self.action_port),
            "RASA_PORT": str(self.rasa_port),
            "WEB_PORT": str(self.web_port),
            # deploy/endpoints.production.yml reads the action server's URL whole.
            "ACTION_URL": f"http://127.0.0.1:{self.action_port}/webhook",
            "SANIC_HOST": "127.0.0.1",
            "RASA_TELEMETRY_ENABLED": "false",
            **tracker_env(database_url),
            **(extra_env or {}),
        }
        self.procs: dict[str, subprocess.Popen] = {}
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {self.token}"  # the REST channel refuses calls without it

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def _spawn(self, name: str, args: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.workdir / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(args, cwd=ROOT, env={**self.env, **(env or {})}, stdout=log,
                                            stderr=subprocess.STDOUT)

    def _wait(self, name: str, url: str, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs[name].poll() is not None:
                raise RuntimeError(f"{name} exited; log:\n{self.log(name)[-3000:]}")
            try:
                if requests.get(url, timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{name} did not come up at {url}; log:\n{self.log(name)[-3000:]}")

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    def start_actions(self) -> None:
        # rasa_sdk's server behind ACTION_SERVER_TOKEN, as bin/run and bin/rasa start it.
        self._spawn("actions", [str(BIN / "python"), "-m", "rasa_addons.action_server", "--actions", "actions",
                                "--port", str(self.action_port)])
        self._wait("actions", f"http://127.0.0.1:{self.action_port}/health")

    def start_rasa(self) -> None:
        self._spawn("rasa", [str(BIN / "rasa"), "run", "--model", "models", "--enable-api",
                             "--auth-token", self.token, "-i", "127.0.0.1", "-p", str(self.rasa_port),
                             "--credentials", "credentials.yml", "--endpoints", self.endpoints],
                    # as bin/rasa sets it: no request body over 1 MB
                    env={"SANIC_REQUEST_MAX_SIZE": self.env.get("SANIC_REQUEST_MAX_SIZE", "1048576")})
        self._wait("rasa", f"{self.url}/")

    def start_web(self) -> None:
        self._spawn("web", [str(BIN / "python"), "-m", "web.server"])
        self._wait("web", self.web_url + "/")

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)

    # ---- talking to it ------------------------------------------------------------------

    def say(self, sender: str, text: str) -> list[dict]:
        r = self.http.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
        r.raise_for_status()
        return r.json()

    def tracker(self, sender: str) -> dict:
        r = self.http.get(f"{self.url}/conversations/{sender}/tracker", params={"token": self.token}, timeout=30)
        r.raise_for_status()
        return r.json()

    def slots(self, sender: str) -> dict:
        return self.tracker(sender)["slots"]


def texts(replies: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in replies)


@contextmanager
def running_assistant(database_url: str | None = None, extra_env: dict[str, str] | None = None,
                      endpoints: str = "endpoints.yml") -> Iterator[Assistant]:
    """A fresh assistant; `extra_env` adds settings (e.g. a channel's secrets) for both servers."""
    with tempfile.TemporaryDirectory(prefix="prescreen-e2e-") as tmp:
        workdir = Path(tmp)
        a = Assistant(database_url or f"sqlite:///{workdir / 'prescreen.db'}", workdir, extra_env, endpoints)
        try:
            subprocess.run([str(BIN / "prescreen"), "migrate"], env=a.env, check=True, capture_output=True)
            a.start_actions()
            a.start_rasa()
            yield a
        finally:
            a.stop_all()


PRODUCTION_ENDPOINTS = "deploy/endpoints.production.yml"


def in_parallel(calls) -> None:
    """Runs the calls in threads (servers start in parallel) and re-raises the first error."""
    errors: list[BaseException] = []

    def run(call):
        try:
            call()
        except BaseException as e:  # noqa: BLE001 - handed to the caller below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


@contextmanager
def running_replicas(database_url: str, replicas: int = 2, extra_env: dict[str, str] | None = None,
                     endpoints: str = PRODUCTION_ENDPOINTS) -> Iterator[list[Assistant]]:
    """`replicas` pairs of (action server, Rasa server) on one shared database.

    Replica i's Rasa server calls replica i's action server (ACTION_URL). With the production
    endpoints, `extra_env` must carry REDIS_HOST/REDIS_PORT/REDIS_DB/REDIS_PASSWORD for the
    lock store (tests.support.redis.RedisServer.env()).
    """
    extra_env = {"RASA_AUTH_TOKEN": uuid.uuid4().hex, "ACTION_SERVER_TOKEN": uuid.uuid4().hex, **(extra_env or {})}
    with tempfile.TemporaryDirectory(prefix="prescreen-replicas-") as tmp:
        team = []
        for i in range(replicas):
            workdir = Path(tmp) / f"replica{i}"
            workdir.mkdir()
            team.append(Assistant(database_url, workdir, extra_env, endpoints))
        try:
            subprocess.run([str(BIN / "prescreen"), "migrate"], env=team[0].env, check=True, capture_output=True)
            in_parallel([a.start_actions for a in team])
            in_parallel([a.start_rasa for a in team])
            yield team
        finally:
            for a in team:
                a.stop_all()
