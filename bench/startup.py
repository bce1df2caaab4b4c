"""What the Rasa side costs: start time, memory, model size, training time; next to `rasa init`.

    .venv/bin/python -m bench.startup [--screenings 100] [--model models/prescreen.tar.gz]

In one run, on this machine: trains this project from scratch (an empty training cache, a
temporary output folder) and the stock `rasa init` assistant likewise, starts each trained
model with `rasa run` on a free loopback port and times it until it answers, drives N complete
screenings over REST through ours (the bare assistant gets as many messages), and then reads
each Rasa server's resident memory (RSS, its child processes included) and our action
server's. Each figure is printed with the bare assistant's and the ratio, and the targets of
issue 21: start <= 15 s and <= 0.5x the bare one's, memory after the screenings <= 0.8x,
action server <= 250 MB, model <= 5 MB, training from scratch <= 60 s.
`--model` skips training this project and measures that model instead (training time then
reads "-"). Exit 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.bare_rasa import ENV, MOODBOT, RASA, bare_project, bare_server, wait_answering
from bench.turn_latency import EARLY_EXIT, ONE_LINER, STEP_BY_STEP, drive, rest_poster
from tests.support.servers import BIN, ROOT, Assistant

MB = 1024 * 1024


def rss(pid: int) -> int:
    """Resident memory of a process and its children, in bytes."""
    process = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])


def cpu(pid: int) -> float:
    """CPU seconds a process and its children have used: on a shared machine the steadier
    figure than wall time."""
    process = psutil.Process(pid)
    return sum(sum(p.cpu_times()[:2]) for p in [process, *process.children(recursive=True)])


def train(project: Path, out: Path, env: dict[str, str]) -> tuple[float, Path]:
    """Seconds to train `project` from scratch (empty cache), and the model file."""
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        started, cpu = time.monotonic(), _children_cpu()
        subprocess.run([RASA, "train", "--quiet", "--out", str(out), "--fixed-model-name", "model"],
                       cwd=project, check=True, capture_output=True,
                       env={**env, "RASA_CACHE_DIRECTORY": cache})
        print(f"  trained {project.name} in {time.monotonic() - started:.0f} s, "
              f"{_children_cpu() - cpu:.0f} s of CPU (on a shared machine the CPU time is the steadier figure)",
              flush=True)
        return time.monotonic() - started, out / "model.tar.gz"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def line(name: str, ours: float | None, bare: float | None, unit: str, target: str = "", ok: bool | None = None) -> None:
    def show(v: float | None) -> str:
        return "-" if v is None else f"{v:.1f} {unit}"

    ratio = f"{ours / bare:.2f}x" if ours is not None and bare else "-"
    verdict = "" if ok is None else ("OK" if ok else "MISSED")
    print(f"{name:<34} ours {show(ours):>11}   bare {show(bare):>11}   ratio {ratio:>6}   {target:<22} {verdict}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screenings", type=int, default=100, help="complete screenings to drive through ours")
    parser.add_argument("--model", help="measure this trained model instead of training one")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        workdir = Path(tmp)
        a = Assistant(f"sqlite:///{workdir / 'prescreen.db'}", workdir)
        if args.model:
            ours_train, model = None, Path(args.model).resolve()
        else:
            print("training this project from scratch ...", flush=True)
            ours_train, model = train(ROOT, workdir / "models", a.env)
        ours_size = model.stat().st_size / MB

        subprocess.run([str(BIN / "prescreen"), "migrate"], env=a.env, check=True, capture_output=True)
        a.start_actions()
        started = time.monotonic()
        a._spawn("rasa", [RASA, "run", "--model", str(model), "--enable-api", "--auth-token", a.token,
                          "-i", "127.0.0.1", "-p", str(a.rasa_port),
                          "--credentials", "credentials.yml", "--endpoints", a.endpoints])
        try:
            wait_answering(a.url, a.procs["rasa"])
            ours_start = time.monotonic() - started
            ours_start_cpu = cpu(a.procs["rasa"].pid)
            ours_rss_idle = rss(a.procs["rasa"].pid) / MB
            post = rest_poster(a.url, a.token)
            _, turns, finals = drive(post, [ONE_LINER, STEP_BY_STEP, EARLY_EXIT], args.screenings)
            ours_rss = rss(a.procs["rasa"].pid) / MB
            actions_rss = rss(a.procs["actions"].pid) / MB
        finally:
            a.stop_all()
        decided = sum("PS-" in f for f in finals)
        messages = sum(turns)

    print("training the bare `rasa init` assistant from scratch ...", flush=True)
    with bare_project(train=False) as project:
        bare_train, bare_model = train(project, project / "models", ENV)
        bare_size = bare_model.stat().st_size / MB
        started = time.monotonic()
        with bare_server(project) as (base, server):
            bare_start = time.monotonic() - started
            bare_start_cpu = cpu(server.pid)
            bare_rss_idle = rss(server.pid) / MB
            post = rest_poster(base)
            rounds = -(-messages // len(MOODBOT))  # at least as many messages as ours got
            drive(post, [MOODBOT], rounds)
            bare_rss = rss(server.pid) / MB

    print(f"\n{decided}/{args.screenings} screenings ended with a logged decision ({messages} messages; "
          f"the bare assistant got {rounds * len(MOODBOT)}); CPU cores: {os.cpu_count()}, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    checks = [
        ours_start <= 15 and ours_start <= 0.5 * bare_start,
        ours_rss <= 0.8 * bare_rss,
        actions_rss <= 250,
        ours_size <= 5,
        ours_train is None or ours_train <= 60,
    ]
    line("Rasa server: `rasa run` to answering", ours_start, bare_start, "s", "<= 15 s and <= 0.5x", checks[0])
    line("  its CPU time until then", ours_start_cpu, bare_start_cpu, "s")
    line("Rasa server RSS, just started", ours_rss_idle, bare_rss_idle, "MB")
    line(f"Rasa server RSS after {args.screenings} screenings", ours_rss, bare_rss, "MB", "<= 0.8x", checks[1])
    line("action server RSS (no bare one)", actions_rss, None, "MB", "<= 250 MB", checks[2])
    line("trained model", ours_size, bare_size, "MB", "<= 5 MB", checks[3])
    line("training from scratch", ours_train, bare_train, "s", "<= 60 s", checks[4])
    sys.exit(0 if all(checks) and decided == args.screenings else 1)


if __name__ == "__main__":
    main()
