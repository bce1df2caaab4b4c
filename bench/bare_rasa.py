"""The stock `rasa init` assistant, as the anchor the benchmarks compare this project with.

The same Rasa install as ours (the venv's), none of this project's settings, no telemetry,
in a temporary directory: bench/turn_latency.py and bench/startup.py start it in the same run
as our assistant, so both figures come from the same machine under the same load.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import requests

from tests.support.postgres import free_port
from tests.support.servers import BIN

RASA = str(BIN / "rasa")
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
MOODBOT = ["hi", "I am sad", "yes", "bye"]


@contextmanager
def bare_project(train: bool = True) -> Iterator[Path]:
    """A `rasa init` project; trained by `rasa init` itself unless train=False (then the
    caller trains it, e.g. to time that)."""
    with tempfile.TemporaryDirectory(prefix="bench-rasa-init-") as tmp:
        project = Path(tmp) / "bare"
        project.mkdir()
        if train:
            subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(project)],
                           check=True, capture_output=True, cwd=project, env=ENV)
        else:  # the files `rasa init` writes, without its training step
            subprocess.run([str(BIN / "python"), "-c",
                            "import sys, rasa.cli.scaffold as s; s.create_initial_project(sys.argv[1])",
                            str(project)], check=True, capture_output=True, env=ENV)
        yield project


def wait_answering(base_url: str, proc: subprocess.Popen, timeout: float = 900) -> None:
    """Until GET / answers (Rasa answers it once the model is loaded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server at {base_url} exited with {proc.returncode}")
        try:
            if requests.get(f"{base_url}/", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered at {base_url} within {timeout} s")


@contextmanager
def bare_server(project: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`rasa run` of the bare project on a free loopback port: (base URL, process), answering."""
    port = free_port()
    server = subprocess.Popen([RASA, "run", "--enable-api", "-i", "127.0.0.1", "-p", str(port)],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_answering(base, server)
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
