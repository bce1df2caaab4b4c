"""Load: N concurrent complete screenings against one deployment, with Locust (headless, loopback).

    .venv/bin/python -m bench.load                        # N = 1, 10, 50; 2 screenings per user
    .venv/bin/python -m bench.load --users 50 --think 2,5 # a referrer reading and typing between turns

Starts the production layout on this machine: a private PostgreSQL (outcome log, queue,
Rasa's tracker store) and Redis (Rasa's lock store) from Debian's packages, the action
server(s), the Rasa server(s) with deploy/endpoints.production.yml, and the web app. Then, for
each N, Locust starts N users at once (bench/locust_users.py, its own process); each user
runs --screenings-per-user complete screenings over Rasa's REST webhook (a mix of one-liners,
one answer at a time with the referrer's details, an early exit and a needs-review; 2 to
15 turns) and stops; a hard time limit ends a level that takes too long.

With --wechat-share S (default a third), that share of the users are families screening over
the WeChat channel in Chinese (signed plain-mode XML to the Rasa server's WeChat webhook, token
set for the bench); answers later than WECHAT_REPLY_BUDGET_SECONDS (4.5 s) go by the
customer-service API to a loopback stand-in this script runs (WECHAT_API_BASE_URL), so nothing
leaves the machine. The REST channel's rate limits are off for the bench's servers
(REST_MESSAGES_PER_MINUTE_PER_SENDER/_ADDRESS = 0, tests/support/servers.py): every
simulated referrer comes from 127.0.0.1.

Prints per N: screenings completed, errors, throughput (turns/s), median and 95th-percentile
turn latency, each process's peak memory (RSS; PostgreSQL: the sum of its processes' unique
memory) and CPU seconds per turn (where the time goes), and checks in the database that
every completed screening logged exactly one outcome; for WeChat, the p50/p95/p99 time to the
passive reply and how many requests were over budget; and the machine's load average (other
people's work on a shared machine slows every figure). Target (issue 21, 2 cores): N = 100
with p95 < 1 s and no errors; WeChat within 4.5 s at the 99th percentile.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import uuid
from contextlib import ExitStack

import psutil
import requests
from sqlalchemy import create_engine, text

from bench.load_scripts import SCRIPTS, WECHAT_SCRIPTS
from tests.support.postgres import postgres_cluster
from tests.support.redis import redis_server
from tests.support.servers import BIN, ROOT, running_replicas, texts
from tests.support.wechat_api import FakeWeChatAPI


BURST_SECONDS = 5.0
WECHAT_TOKEN = "benchWeChatToken0123"  # plain mode: the token signs WeChat's queries
WECHAT_BUDGET_SECONDS = 4.5  # WECHAT_REPLY_BUDGET_SECONDS as deployed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


class Sampler:
    """Peak memory and CPU time of named process groups while a level runs."""

    def __init__(self, groups: dict[str, list[int]]):
        self.groups = {name: [psutil.Process(pid) for pid in pids] for name, pids in groups.items()}
        self.peak = {name: 0 for name in groups}
        self.cpu_start = {name: self._cpu(name) for name in groups}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _procs(self, name: str) -> list[psutil.Process]:
        return [p for root in self.groups[name] for p in tree(root)]

    def _cpu(self, name: str) -> float:
        total = 0.0
        for p in self._procs(name):
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    def _memory(self, name: str) -> int:
        total = 0
        for p in self._procs(name):
            try:
                # PostgreSQL's backends share their buffers: count each one's own pages only.
                total += p.memory_full_info().uss if name == "postgres" else p.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            for name in self.groups:
                self.peak[name] = max(self.peak[name], self._memory(name))
            self._stop.wait(0.5)

    def __enter__(self) -> "Sampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.cpu = {name: self._cpu(name) - self.cpu_start[name] for name in self.groups}


def postgres_pids(cluster) -> list[int]:
    pid = int(open(f"{cluster.data}/postmaster.pid").readline())
    return [pid]


def screenings_logged(url: str) -> int:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as c:
            return c.execute(text("SELECT count(*) FROM screenings")).scalar_one()
    finally:
        engine.dispose()


def warm_up(urls: list[str], token: str) -> None:
    """Each script once, one after the other: lazily built pipelines load, and the scripts
    are checked before any load is measured."""
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"  # the REST channel refuses calls without it
    for name, messages, checks in SCRIPTS:
        sender = f"warm-{uuid.uuid4().hex[:8]}"
        for i, message in enumerate(messages):
            r = http.post(f"{urls[i % len(urls)]}/webhooks/rest/webhook",
                          json={"sender": sender, "message": message}, timeout=120)
            r.raise_for_status()
            said = texts(r.json())
            if i in checks and checks[i] not in said:
                sys.exit(f"warm-up: {name}: turn {i} ({message!r}) did not say {checks[i]!r}:\n{said}")


def warm_up_wechat(url: str, stub: FakeWeChatAPI) -> None:
    """The WeChat scripts once each, as WeChat's servers send them; checked like the REST ones."""
    import hashlib
    import re
    import time

    http = requests.Session()
    for name, messages, checks in WECHAT_SCRIPTS:
        open_id = "o" + uuid.uuid4().hex[:27]
        for i, message in enumerate(messages):
            ts, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
            signature = hashlib.sha1("".join(sorted([WECHAT_TOKEN, ts, nonce])).encode()).hexdigest()
            xml = (f"<xml><ToUserName><![CDATA[gh_bench0000001]]></ToUserName><FromUserName><![CDATA[{open_id}]]>"
                   f"</FromUserName><CreateTime>{ts}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                   f"<Content><![CDATA[{message}]]></Content><MsgId>{int.from_bytes(os.urandom(7), 'big')}</MsgId></xml>")
            before = len(stub.sent_to(open_id))
            r = http.post(f"{url}/webhooks/wechat/webhook", data=xml.encode(), headers={"Content-Type": "text/xml"},
                          params={"signature": signature, "timestamp": ts, "nonce": nonce}, timeout=120)
            r.raise_for_status()
            found = re.search(r"<Content><!\[CDATA\[(.*?)\]\]></Content>", r.text, re.S)
            said = found.group(1) if found else ""
            if not found:  # late: wait for the customer-service message
                for _ in range(240):
                    if len(stub.sent_to(open_id)) > before:
                        break
                    time.sleep(0.25)
                said = "\n".join(stub.sent_to(open_id)[before:])
            if i in checks and checks[i] not in said:
                sys.exit(f"warm-up: WeChat {name}: turn {i} ({message!r}) did not say {checks[i]!r}:\n{said}")


def run_level(urls: list[str], users: int, args, groups: dict[str, list[int]], database_url: str) -> dict:
    before = screenings_logged(database_url)
    cmd = [str(BIN / "python"), "-m", "bench.locust_users", "--users", str(users),
           "--screenings-per-user", str(args.screenings_per_user), "--think", args.think,
           "--time-limit", str(args.time_limit)]
    for u in urls:
        cmd += ["--url", u]
    cmd += ["--token", args.token, "--wechat-share", str(args.wechat_share), "--wechat-token", WECHAT_TOKEN,
            "--wechat-stub", args.stub_url]
    load_before = os.getloadavg()
    machine_before = psutil.cpu_times()
    locust = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Sampler({**groups, "locust": [locust.pid]}) as sampler:
        try:
            out, err = locust.communicate(timeout=args.time_limit + 120)
        except subprocess.TimeoutExpired:
            locust.kill()
            out, err = locust.communicate()
    if locust.returncode != 0:
        sys.exit(f"locust failed ({locust.returncode}):\n{err[-3000:]}")
    result = json.loads(out)
    result["logged"] = screenings_logged(database_url) - before
    result["loadavg"] = (load_before, os.getloadavg())  # 1-minute load average before and after
    result["peak"] = sampler.peak
    result["cpu"] = {**sampler.cpu, "locust": result["cpu_seconds"]}  # it has exited: its own count
    machine_after = psutil.cpu_times()
    busy = sum(getattr(machine_after, f) - getattr(machine_before, f) for f in ("user", "system", "nice", "irq", "softirq"))
    result["others_cpu"] = max(0.0, busy - sum(result["cpu"].values()))  # other people's processes
    return result


def report(results: list[dict], groups: list[str], budget: float) -> None:
    mib = 1024 * 1024
    print()
    head = (f"{'N':>3} {'screenings':>10} {'errors':>6} {'turns':>6} {'turns/s':>7} {'median':>8} {'p95':>8} "
            f"{'max':>8}  " + "  ".join(f"{g + ' MiB':>12}" for g in groups))
    print(head)
    print("-" * len(head))
    for r in results:
        lat = r["latencies"] or [float("nan")]
        print(f"{r['users']:>3} {r['screenings']:>4}/{r['expected_screenings']:<5} {len(r['errors']):>6} "
              f"{r['turns']:>6} {r['turns'] / r['wall_seconds']:>7.2f} {statistics.median(lat) * 1000:>6.0f}ms "
              f"{percentile(lat, 95) * 1000:>6.0f}ms {max(lat) * 1000:>6.0f}ms  "
              + "  ".join(f"{r['peak'][g] / mib:>12.0f}" for g in groups))
    print()
    print("CPU seconds per turn, REST and WeChat (where the time goes; 2 cores = at most 2 CPU-s per wall second):")
    for r in results:
        turns = max(r["turns"] + len(r["wechat_latencies"]), 1)
        print(f"  N={r['users']:<3} " + "  ".join(f"{g}={r['cpu'][g] / turns * 1000:.0f}ms" for g in groups)
              + f"   (wall {r['wall_seconds']:.0f} s{', TIME LIMIT HIT' if r['timed_out'] else ''}; "
              f"other processes on this machine used {r['others_cpu'] / r['wall_seconds']:.2f} of its "
              f"{psutil.cpu_count()} cores meanwhile)")
    print()
    print("Opening burst (all N users send their first message at once) vs the rest, by when a turn started:")
    for r in results:
        early = [lat for lat, t in zip(r["latencies"], r["started"]) if t < BURST_SECONDS]
        late = [lat for lat, t in zip(r["latencies"], r["started"]) if t >= BURST_SECONDS]
        line = f"  N={r['users']:<3}"
        for label, part in ((f"first {BURST_SECONDS:.0f} s", early), ("after", late)):
            if part:
                line += (f"  {label}: {len(part)} turns, median {statistics.median(part) * 1000:.0f} ms, "
                         f"p95 {percentile(part, 95) * 1000:.0f} ms;")
        print(line.rstrip(";"))
    print()
    print(f"WeChat (time to the passive reply; over budget = no passive answer within {budget} s, "
          "sent by the customer-service API instead):")
    for r in results:
        wx = r["wechat_latencies"]
        line = (f"  N={r['users']:<3} WeChat users {r['wechat_users']}, screenings "
                f"{r['wechat_screenings']}/{r['wechat_expected_screenings']}")
        if wx:
            late = r["wechat_late_seconds"]
            line += (f", {len(wx)} requests: p50 {percentile(wx, 50) * 1000:.0f} ms, p95 {percentile(wx, 95) * 1000:.0f} ms, "
                     f"p99 {percentile(wx, 99) * 1000:.0f} ms, max {max(wx) * 1000:.0f} ms; over budget "
                     f"{r['wechat_over_budget']}, and {sum(1 for t in wx if t > budget)} took longer than {budget} s "
                     "as the caller saw it (queued before the channel's clock starts; WeChat gives up at 5 s)" + (f" (late answer after {statistics.median(late):.1f} s median, "
                                                     f"{max(late):.1f} s max)" if late else ""))
        print(line)
    print()
    print("Load average (1 min; 2 cores) at the start and end of each level:")
    for r in results:
        (b1, _, _), (a1, a5, _) = r["loadavg"]
        print(f"  N={r['users']:<3} {b1:.2f} -> {a1:.2f} (5 min: {a5:.2f})")
    print()
    for r in results:
        refs = r["references"]
        once = r["logged"] == len(refs) == len(set(refs))
        print(f"  N={r['users']:<3} outcomes logged {r['logged']} for {len(refs)} decisions given "
              f"({'exactly one each' if once else 'MISMATCH'})")
        for e in r["errors"][:5]:
            print(f"      error: {e}")
        if len(r["errors"]) > 5:
            print(f"      ... {len(r['errors']) - 5} more")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="1,10,50", help="concurrent users per level, e.g. 1,10,50")
    parser.add_argument("--screenings-per-user", type=int, default=2)
    parser.add_argument("--think", default="0,0",
                        help="seconds a user waits between turns, MIN,MAX (0,0 = answers at once)")
    parser.add_argument("--time-limit", type=float, default=300, help="hard limit per level, seconds")
    parser.add_argument("--wechat-share", type=float, default=1 / 3,
                        help="share of the users who screen over WeChat (0 = REST only)")
    parser.add_argument("--wechat-budget", type=float, default=WECHAT_BUDGET_SECONDS,
                        help="WECHAT_REPLY_BUDGET_SECONDS for the bench (a tiny one exercises the late path)")
    parser.add_argument("--replicas", type=int, default=1, help="Rasa server + action server pairs")
    parser.add_argument("--no-schema-cache", action="store_true",
                        help="Rasa as it is, without rasa_addons/rasa_speedups.py (to compare)")
    args = parser.parse_args()
    levels = [int(n) for n in args.users.split(",")]
    if max(levels) > 200:
        sys.exit("at most 200 users: this is a loopback benchmark on a small machine")

    with ExitStack() as stack:
        cluster = stack.enter_context(postgres_cluster())
        rds = stack.enter_context(redis_server())
        stub = FakeWeChatAPI()  # nothing leaves the machine
        stack.callback(stub.close)
        args.stub_url = stub.url
        print(f"starting {args.replicas} replica(s) on PostgreSQL + Redis ...", flush=True)
        env = {**rds.env(), "PRESCREEN_RASA_SCHEMA_CACHE": "0" if args.no_schema_cache else "1",
               # the WeChat channel on, plain mode; late answers go to the loopback stub
               "WECHAT_TOKEN": WECHAT_TOKEN, "WECHAT_APP_ID": "wxbench0123456789", "WECHAT_APP_SECRET":
               "bench-app-secret-0123456789abcdef", "WECHAT_ENCODING_AES_KEY": "",
               "WECHAT_API_BASE_URL": stub.base_url, "WECHAT_REPLY_BUDGET_SECONDS": str(args.wechat_budget),
               # WeChat's deduplication shared between replicas, as in production
               "REDIS_URL": f"redis://:{rds.password}@{rds.host}:{rds.port}/2"}
        replicas = stack.enter_context(running_replicas(cluster.url, args.replicas, env))
        replicas[0].start_web()
        urls = [a.url for a in replicas]
        groups = {
            "rasa": [a.procs["rasa"].pid for a in replicas],
            "actions": [a.procs["actions"].pid for a in replicas],
            "web": [replicas[0].procs["web"].pid],
            "postgres": postgres_pids(cluster),
            "redis": [rds.pid],
        }
        args.token = replicas[0].token  # replicas share it
        warm_up(urls, args.token)
        if args.wechat_share:
            warm_up_wechat(urls[0], stub)
        print(f"warm; think time {args.think} s, {args.screenings_per_user} screening(s) per user, "
              f"{args.replicas} replica(s), schema cache {'off' if args.no_schema_cache else 'on'}", flush=True)
        results = []
        for users in levels:
            print(f"N={users} ...", flush=True)
            results.append(run_level(urls, users, args, groups, cluster.url))
        report(results, [*groups, "locust"], args.wechat_budget)
        ok = all(not r["errors"] and not r["timed_out"] and r["screenings"] == r["expected_screenings"]
                 and r["wechat_screenings"] == r["wechat_expected_screenings"] for r in results)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
