"""Locust, used as a library, headless: N users each run complete screenings over Rasa's REST
webhook, then stop. Started by bench/load.py in a process of its own (Locust patches the
standard library for gevent); prints one JSON object with every turn's latency.

    .venv/bin/python -m bench.locust_users --url http://127.0.0.1:5005 --users 10 \
        --screenings-per-user 2 --think 0,0 --time-limit 300

Several --url values: every conversation's turns alternate between them (replicas).
"""
from __future__ import annotations

import argparse
import itertools
import os
import json
import random
import resource
import sys
import time
import uuid

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment
from locust.exception import StopUser

from bench.load_scripts import DECISION_TURN, SCRIPTS

CONFIG: dict = {}
RESULTS = {"latencies": [], "started": [], "turns": 0, "errors": [], "screenings": 0, "references": []}
T0 = time.perf_counter()
_user_numbers = itertools.count()


class Referrer(FastHttpUser):
    wait_time = constant(0)  # think time is applied between turns, inside a screening
    network_timeout = 120.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        self.number = next(_user_numbers)
        self.done = 0

    def turn(self, url: str, sender: str, message: str) -> list | None:
        start = time.perf_counter()
        with self.client.post(url + "/webhooks/rest/webhook", json={"sender": sender, "message": message},
                              headers={"Authorization": f"Bearer {CONFIG['token']}"},
                              name="turn", catch_response=True) as r:
            elapsed = time.perf_counter() - start
            RESULTS["turns"] += 1
            RESULTS["latencies"].append(elapsed)
            RESULTS["started"].append(start - T0)  # seconds into the level: shows the opening burst
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                RESULTS["errors"].append(f"HTTP {r.status_code} after {message!r}")
                return None
            replies = r.json()
            if not replies:  # the chat page would say "try again shortly"
                r.failure("no answer")
                RESULTS["errors"].append(f"no answer to {message!r}")
                return None
            return replies

    @task
    def screening(self) -> None:
        if self.done >= CONFIG["screenings_per_user"]:
            raise StopUser()
        name, messages, checks = SCRIPTS[(self.number + self.done) % len(SCRIPTS)]
        sender = f"load-{uuid.uuid4().hex[:12]}"
        urls = CONFIG["urls"]
        think_min, think_max = CONFIG["think"]
        for i, message in enumerate(messages):
            if i and think_max:
                gevent.sleep(random.uniform(think_min, think_max))
            replies = self.turn(urls[(self.number + i) % len(urls)], sender, message)
            if replies is None:
                break
            said = "\n".join(m.get("text", "") for m in replies)
            if i in checks and checks[i] not in said:
                RESULTS["errors"].append(f"{name}: turn {i} ({message!r}) did not say {checks[i]!r}: {said[:200]!r}")
                break
            if i == DECISION_TURN[name]:
                ref = [w.strip(".,") for w in said.split() if w.startswith("PS-")]
                if not ref:
                    RESULTS["errors"].append(f"{name}: no reference in the decision: {said[:200]!r}")
                    break
                RESULTS["references"].append(ref[0])
        else:
            RESULTS["screenings"] += 1
        self.done += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", action="append", required=True)
    parser.add_argument("--token", default=os.environ.get("RASA_AUTH_TOKEN", ""),
                        help="the Rasa auth token (the REST channel refuses calls without it)")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--screenings-per-user", type=int, default=2)
    parser.add_argument("--think", default="0,0", help="seconds between a user's turns: MIN,MAX")
    parser.add_argument("--time-limit", type=float, default=300)
    args = parser.parse_args()
    CONFIG.update(urls=[u.rstrip("/") for u in args.url], screenings_per_user=args.screenings_per_user,
                  token=args.token,
                  think=tuple(float(x) for x in args.think.split(",")))

    global T0
    env = Environment(user_classes=[Referrer], host=CONFIG["urls"][0])
    runner = env.create_local_runner()
    started = T0 = time.perf_counter()
    runner.start(args.users, spawn_rate=args.users)  # all at once: a burst
    deadline = started + args.time_limit
    gevent.sleep(0.5)
    while runner.user_count > 0 and time.perf_counter() < deadline:
        gevent.sleep(0.2)
    timed_out = runner.user_count > 0
    runner.quit()
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    json.dump({**RESULTS, "wall_seconds": wall, "timed_out": timed_out, "users": args.users,
               "cpu_seconds": usage.ru_utime + usage.ru_stime,
               "expected_screenings": args.users * args.screenings_per_user}, sys.stdout)


if __name__ == "__main__":
    main()
