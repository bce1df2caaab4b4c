"""Locust, used as a library, headless: N users each run complete screenings over Rasa's REST
webhook, then stop. Started by bench/load.py in a process of its own (Locust patches the
standard library for gevent); prints one JSON object with every turn's latency.

    .venv/bin/python -m bench.locust_users --url http://127.0.0.1:5005 --users 10 \
        --screenings-per-user 2 --think 0,0 --time-limit 300

Several --url values: every conversation's turns alternate between them (replicas).

With --wechat-share S, that share of the users are families screening over the WeChat channel
instead: signed plain-mode XML to /webhooks/wechat/webhook, as WeChat's servers send it. Each
request's time to its passive reply is recorded; an empty passive reply ("success") means the
answer missed WECHAT_REPLY_BUDGET_SECONDS and goes by the customer-service API, i.e. to the
loopback stand-in bench/load.py runs (--wechat-stub), which the user then waits on, as a
family waits for the late message, before typing on.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import json
import random
import re
import resource
import sys
import time
import uuid
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment
from locust.exception import StopUser

from bench.load_scripts import DECISION_TURN, SCRIPTS, WECHAT_SCRIPTS

CONFIG: dict = {}
RESULTS = {"latencies": [], "started": [], "turns": 0, "errors": [], "screenings": 0, "references": [],
           # WeChat users: time to the passive reply of each request, how many came back empty
           # (over budget), and for those the time until the late answer reached the stub.
           "wechat_latencies": [], "wechat_over_budget": 0, "wechat_late_seconds": [], "wechat_screenings": 0,
           "wechat_users": 0}
CONTENT = re.compile(r"<Content><!\[CDATA\[(.*?)\]\]></Content>", re.S)
REFERENCE = re.compile(r"PS-\d+")
T0 = time.perf_counter()
_user_numbers = itertools.count()


class Referrer(FastHttpUser):
    wait_time = constant(0)  # think time is applied between turns, inside a screening
    network_timeout = 120.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        self.number = next(_user_numbers)
        self.done = 0
        # Users number*share rounded down steps up: exactly floor(N * share) of N are WeChat families.
        share = CONFIG["wechat_share"]
        self.wechat = int((self.number + 1) * share) > int(self.number * share)
        if self.wechat:
            RESULTS["wechat_users"] += 1

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

    def late_answers(self, open_id: str) -> list[str]:
        """What the customer-service API stand-in has received for this OpenID so far."""
        r = self.client.get(f"{CONFIG['wechat_stub']}/sent?{urlencode({'touser': open_id})}", name="stub")
        return r.json() if r.status_code == 200 else []

    def wechat_turn(self, open_id: str, message: str, late_seen: int) -> tuple[str, int] | None:
        """One message as WeChat's servers post it: (what the family reads, late messages seen)."""
        timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
        signature = hashlib.sha1("".join(sorted([CONFIG["wechat_token"], timestamp, nonce])).encode()).hexdigest()
        msg_id = int.from_bytes(os.urandom(7), "big")
        xml = (f"<xml><ToUserName><![CDATA[gh_bench0000001]]></ToUserName><FromUserName><![CDATA[{open_id}]]>"
               f"</FromUserName><CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
               f"<Content><![CDATA[{message}]]></Content><MsgId>{msg_id}</MsgId></xml>")
        url = f"{CONFIG['urls'][0]}/webhooks/wechat/webhook?" + urlencode(
            {"signature": signature, "timestamp": timestamp, "nonce": nonce, "openid": open_id})
        start = time.perf_counter()
        with self.client.post(url, data=xml.encode("utf-8"), headers={"Content-Type": "text/xml"},
                              name="wechat", catch_response=True) as r:
            elapsed = time.perf_counter() - start
            RESULTS["wechat_latencies"].append(elapsed)
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                RESULTS["errors"].append(f"WeChat: HTTP {r.status_code} after {message!r}: {r.text[:200]!r}")
                return None
            passive = CONTENT.search(r.text or "")
            if passive:
                return passive.group(1), late_seen
        # Over budget: the answer goes by the customer-service API; the family waits for it.
        RESULTS["wechat_over_budget"] += 1
        deadline = time.perf_counter() + 120
        while time.perf_counter() < deadline:
            sent = self.late_answers(open_id)
            if len(sent) > late_seen:
                gevent.sleep(0.5)  # a long answer comes in several parts
                sent = self.late_answers(open_id)
                RESULTS["wechat_late_seconds"].append(time.perf_counter() - start)
                return "\n".join(sent[late_seen:]), len(sent)
            gevent.sleep(0.25)
        RESULTS["errors"].append(f"WeChat: no answer to {message!r}, passive or late, within 120 s")
        return None

    def wechat_screening(self) -> None:
        name, messages, checks = WECHAT_SCRIPTS[(self.number + self.done) % len(WECHAT_SCRIPTS)]
        open_id = "o" + uuid.uuid4().hex[:27]
        think_min, think_max = CONFIG["think"]
        late_seen, refs = 0, set()
        for i, message in enumerate(messages):
            if i and think_max:
                gevent.sleep(random.uniform(think_min, think_max))
            answer = self.wechat_turn(open_id, message, late_seen)
            if answer is None:
                break
            said, late_seen = answer
            refs.update(REFERENCE.findall(said))
            if i in checks and checks[i] not in said:
                RESULTS["errors"].append(f"WeChat {name}: turn {i} ({message!r}) did not say {checks[i]!r}: "
                                         f"{said[:200]!r}")
                break
        else:
            refs.update(REFERENCE.findall("\n".join(self.late_answers(open_id))))  # parts sent after the last look
            if len(refs) != 1:
                RESULTS["errors"].append(f"WeChat {name}: {len(refs)} references given: {sorted(refs)}")
            else:
                RESULTS["references"].extend(refs)
                RESULTS["wechat_screenings"] += 1

    @task
    def screening(self) -> None:
        if self.done >= CONFIG["screenings_per_user"]:
            raise StopUser()
        if self.wechat:
            self.wechat_screening()
            self.done += 1
            return
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
    parser.add_argument("--wechat-share", type=float, default=0.0, help="share of users screening over WeChat")
    parser.add_argument("--wechat-token", default="", help="WECHAT_TOKEN of the Rasa server (signs the queries)")
    parser.add_argument("--wechat-stub", default="", help="URL of the customer-service API stand-in")
    args = parser.parse_args()
    CONFIG.update(urls=[u.rstrip("/") for u in args.url], screenings_per_user=args.screenings_per_user,
                  token=args.token, wechat_share=args.wechat_share, wechat_token=args.wechat_token,
                  wechat_stub=args.wechat_stub.rstrip("/"),
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
               "expected_screenings": (args.users - RESULTS["wechat_users"]) * args.screenings_per_user,
               "wechat_expected_screenings": RESULTS["wechat_users"] * args.screenings_per_user}, sys.stdout)


if __name__ == "__main__":
    main()
