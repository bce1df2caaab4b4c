"""Turn latency of complete screenings over REST, next to a bare `rasa init` assistant.

    .venv/bin/python -m bench.turn_latency [--screenings 20]

Starts the real assistant (action server + Rasa server, fresh SQLite file), drives complete
screenings through POST /webhooks/rest/webhook, and prints median and 95th-percentile turn
latency and turns per screening. Then builds the stock `rasa init` assistant in a temporary
directory and measures its turns the same way, in the same run, on the same machine.
Target: our median within 1.5x of the bare assistant's.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid

import requests

from bench.bare_rasa import MOODBOT, bare_project, bare_server
from tests.support.servers import running_assistant, texts

# Two kinds of referral: a busy physician's one-liner, and one answer per question.
ONE_LINER = ["58F, AML post-induction, PLT 32k, ECOG 1, no HIV or hepatitis, not of childbearing potential",
             "yes confirmed", "none of these", "yes", "yes"]
STEP_BY_STEP = ["hi", "62", "AML", "yes", "32k", "yes", "1", "no", "none of these", "yes", "yes"]
EARLY_EXIT = ["45M CML, PLT 52k", "yes"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def drive(post, scripts: list[list[str]], rounds: int) -> tuple[list[float], list[int], list[str]]:
    latencies, turns, finals = [], [], []
    for i in range(rounds):
        script = scripts[i % len(scripts)]
        sender = f"bench-{uuid.uuid4().hex[:10]}"
        last = ""
        for message in script:
            start = time.perf_counter()
            last = texts(post(sender, message))
            latencies.append(time.perf_counter() - start)
        turns.append(len(script))
        finals.append(last)
    return latencies, turns, finals


def rest_poster(base_url: str, token: str | None = None):
    http = requests.Session()
    if token:  # our REST channel answers only clients holding the Rasa auth token
        http.headers["Authorization"] = f"Bearer {token}"

    def post(sender: str, message: str) -> list[dict]:
        r = http.post(f"{base_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60)
        r.raise_for_status()
        return r.json()

    return post


def report(name: str, latencies: list[float], turns: list[int] | None = None) -> float:
    median = statistics.median(latencies)
    line = (f"{name:<28} turns={len(latencies):>4}  median={median * 1000:7.1f} ms  "
            f"p95={percentile(latencies, 95) * 1000:7.1f} ms")
    if turns:
        line += f"  turns/screening={statistics.mean(turns):.1f} (max {max(turns)})"
    print(line, flush=True)
    return median


def bare_rasa_init(rounds: int) -> list[float]:
    with bare_project() as project, bare_server(project) as (base, _):
        post = rest_poster(base)
        drive(post, [MOODBOT], 2)  # warm-up
        latencies, _, _ = drive(post, [MOODBOT], rounds)
        return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screenings", type=int, default=30, help="complete screenings to drive")
    args = parser.parse_args()

    with running_assistant() as a:
        post = rest_poster(a.url, a.token)
        drive(post, [EARLY_EXIT], 2)  # warm-up: first requests load lazily built pipelines
        latencies, turns, finals = drive(post, [ONE_LINER, STEP_BY_STEP, EARLY_EXIT], args.screenings)
    decided = sum(("PS-" in f) for f in finals)
    print(f"screenings completed with a logged decision: {decided}/{len(finals)}")
    ours = report("prescreen assistant", latencies, turns)
    bare = report("bare `rasa init` assistant", bare_rasa_init(args.screenings))
    ratio = ours / bare
    print(f"median ratio ours/bare = {ratio:.2f}x (target <= 1.5x): {'OK' if ratio <= 1.5 else 'ABOVE TARGET'}")
    sys.exit(0 if decided == len(finals) else 1)


if __name__ == "__main__":
    main()
