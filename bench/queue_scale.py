"""The coordinators' queue, dashboard and exports at scale (issue 20), measured as a user would.

    .venv/bin/python -m bench.queue_scale --size 100000 --db sqlite       # ~minutes on 2 shared cores
    .venv/bin/python -m bench.queue_scale --size 100000 --db postgresql   # a private cluster (bin/install-test-services)
    .venv/bin/python -m bench.queue_scale --writes --db postgresql        # 50 screenings/s for 60 s while the queue is read

Fills a scratch database through the project's own models in bulk (`--size` screenings: about
45 % referred, each referral with its referrer, a third of them with a trail of status changes,
notes, assignments and contact attempts, 3 % re-screened by a coordinator), starts the REAL
web app (`python -m web.server`, waitress, as bin/run does) on it, signs in over HTTP and times
each page `--repeat` times: the queue page, the dashboard, one referral page, the whole CSV
(streamed; the web app's RSS growth sampled while it downloads) and one API page. Prints
min/median/max, the row count each answer showed and the web app's RSS after everything.
The counts are checked against what was generated ("counts ok"; exit 1 when not).

`--writes`: logs screenings through prescreen.store.outcome_log.record at `--rate` per second
for `--seconds` while another client reads the queue page over and over; reports the achieved
rate and how many rows are missing from the database (lost, target 0).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import psutil
import requests

from tests.support.postgres import postgres_cluster
from tests.support.patients import ELIGIBLE
from tests.support.servers import Assistant

PASSWORD = "bench horse battery staple"
QUEUE_DECISIONS = ("potentially_eligible", "needs_review")
CHANNELS = ("web", "rest", "wechat")
# Synthetic patients: (weight, facts changed from ELIGIBLE). About 45 % end up referred.
PATIENTS = [(30, {}), (10, {"age": 48, "sex": "F"}), (10, {"willing_to_consent": None}), (5, {"hiv": None}),
            (20, {"age": 80}), (10, {"ecog": 3}), (8, {"platelet_count": 120}), (7, {"thrombosis_history": True})]
TRANSCRIPT = [{"from": "user", "text": "62M AML post-induction, PLT 32k, ECOG 1, no HIV or hepatitis", "at": 1},
              {"from": "bot", "text": "Noted: age 62, male, AML, platelets 32 ×10⁹/L, ECOG 1. " * 3, "at": 2},
              {"from": "user", "text": "none of these", "at": 3},
              {"from": "bot", "text": "Summary of the screening before the decision. " * 6, "at": 4},
              {"from": "user", "text": "yes", "at": 5}]


# ---- filling a scratch database ----------------------------------------------------------

def outcomes() -> list[tuple[int, dict]]:
    from prescreen.eligibility.checker import check
    from prescreen.store.outcome_log import _criterion_row

    made = []
    for weight, change in PATIENTS:
        o = check({**ELIGIBLE, **change})
        made.append((weight, {"decision": o.decision, "failed": list(o.failed), "unknown": list(o.unknown),
                              "facts": dict(o.facts), "criteria": [_criterion_row(r, {}) for r in o.criteria],
                              "criteria_version": o.criteria_version}))
    return made


def fill(url: str, size: int, seed: int = 20) -> dict:
    """`size` screenings (plus re-screens) with referrals and trails, in bulk through the models.
    Returns what the pages must show: {chains, rows, in_queue, open}."""
    from sqlalchemy import insert, text

    from prescreen.followup import accounts
    from prescreen.store.db import get_engine, session
    from prescreen.store.models import ContactAttempt, FactEntry, QueueEvent, Referral, Screening

    rnd = random.Random(seed)
    engine = get_engine(url)
    accounts.add_coordinator("bench", PASSWORD)
    for name in ("wei.li", "anna.zhang"):
        accounts.add_coordinator(name, PASSWORD)
    with session(url) as s:
        coordinators = list(s.scalars(text("SELECT id FROM coordinators ORDER BY id")))
    kinds = outcomes()
    weights = [w for w, _ in kinds]
    now = datetime.now(timezone.utc).replace(microsecond=0)
    start = now - timedelta(days=365)
    step = timedelta(days=365) / max(size, 1)
    screenings, referrals, events, attempts, entries = [], [], [], [], []
    heads: dict[int, str] = {}  # chain's first id -> its current decision
    final = {"consented", "screen_failed", "declined"}
    status_of: dict[int, str] = {}
    for i in range(1, size + 1):
        _, o = rnd.choices(kinds, weights)[0]
        at = start + step * i
        screenings.append({"id": i, "created_at": at, "channel": rnd.choice(CHANNELS), "sender_ref": f"{i:064x}",
                           "transcript": TRANSCRIPT, "screening_key": None, "supersedes": None, **o})
        heads[i] = o["decision"]
        if o["decision"] not in QUEUE_DECISIONS:
            continue
        referrals.append({"screening_id": i, "created_at": at + timedelta(minutes=2),
                          "referrer_name": f"Dr {rnd.choice(['Chen', 'Wang', 'Liu', 'Smith'])} {i % 97}",
                          "referrer_department": "Haematology", "referrer_contact": f"ext {3000 + i % 900}",
                          "patient_reference": f"MRN {i:07d}"})
        if rnd.random() < 1 / 3:  # a worked referral: contacted, maybe further, with notes and attempts
            actor = rnd.choice(coordinators)
            t = at + timedelta(hours=5)
            attempts.append({"screening_id": i, "created_at": t, "actor_id": actor, "attempted_at": t, "channel": "phone",
                             "result": "reached", "next_attempt_on": None, "note": "spoke to the patient's son"})
            events.append({"screening_id": i, "created_at": t, "actor_id": actor, "kind": "assignment",
                           "from_status": "new", "to_status": "new", "assignee_id": actor})
            events.append({"screening_id": i, "created_at": t, "actor_id": actor, "kind": "status",
                           "from_status": "new", "to_status": "contacted", "note": "interested"})
            status = "contacted"
            roll = rnd.random()
            if roll < 0.4:
                events.append({"screening_id": i, "created_at": t + timedelta(days=1), "actor_id": actor,
                               "kind": "status", "from_status": "contacted", "to_status": "scheduled",
                               "visit_at": t + timedelta(days=8), "visit_place": "Haematology day unit"})
                status = "scheduled"
            elif roll < 0.55:
                events.append({"screening_id": i, "created_at": t + timedelta(days=1), "actor_id": actor,
                               "kind": "status", "from_status": "contacted", "to_status": "screen_failed",
                               "criterion": rnd.choice(["E5", "I4", "E11"]), "reason": "seen in clinic"})
                status = "screen_failed"
            else:
                attempts.append({"screening_id": i, "created_at": t + timedelta(days=1), "actor_id": actor,
                                 "attempted_at": t + timedelta(days=1), "channel": "phone", "result": "call_back",
                                 "next_attempt_on": (t + timedelta(days=3)).date(), "note": None})
            events.append({"screening_id": i, "created_at": t + timedelta(days=2), "actor_id": actor, "kind": "note",
                           "from_status": status, "to_status": status, "note": "left a message with the ward"})
            status_of[i] = status
    # Re-screens (3 % of the referred): a coordinator entered a fact; the new row supersedes.
    next_id = size + 1
    referred = [i for i, d in heads.items() if d in QUEUE_DECISIONS]
    ineligible = dict(kinds[4][1])  # age 80
    for i in rnd.sample(referred, len(referred) * 3 // 100):
        o = ineligible if rnd.random() < 0.3 else screenings[i - 1]
        o = {k: o[k] for k in ("decision", "failed", "unknown", "facts", "criteria", "criteria_version")}
        at = now - timedelta(minutes=rnd.randint(1, 60 * 24 * 30))
        at = max(at, screenings[i - 1]["created_at"] + timedelta(hours=1))
        screenings.append({"id": next_id, "created_at": at, "channel": screenings[i - 1]["channel"],
                           "sender_ref": screenings[i - 1]["sender_ref"], "transcript": [], "screening_key": None,
                           "supersedes": i, **o})
        entries.append({"screening_id": next_id, "created_at": at, "actor_id": coordinators[0], "fact": "age",
                        "value": o["facts"].get("age"), "source": "clinic letter", "reason": "age confirmed"})
        heads[i] = o["decision"]
        next_id += 1
    with session(url) as s:
        for model, rows in ((Screening, screenings), (Referral, referrals), (QueueEvent, events),
                            (ContactAttempt, attempts), (FactEntry, entries)):
            # executemany needs every row to name the same columns
            columns = {c.name for c in model.__table__.columns if c.name != "id"} | {"id"} & set(rows[0] if rows else ())
            rows = [{c: r.get(c) for c in columns} for r in rows]
            for chunk in range(0, len(rows), 5000):
                s.execute(insert(model.__table__), rows[chunk:chunk + 5000])
    with session(url) as s:  # bulk inserts bypass the ORM's listener: the queue state from the trail
        from prescreen.store.queue_state import rebuild

        rebuild(s.connection())
    if engine.dialect.name == "postgresql":  # explicit ids: move the sequence past them
        with engine.begin() as c:
            c.execute(text("SELECT setval(pg_get_serial_sequence('screenings', 'id'), (SELECT max(id) FROM screenings))"))
    if engine.dialect.name == "postgresql":  # as autovacuum leaves a table in use: statistics, visibility map
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    in_queue = [i for i, d in heads.items() if d in QUEUE_DECISIONS]
    return {"chains": size, "rows": len(screenings), "in_queue": len(in_queue),
            "open": sum(1 for i in in_queue if status_of.get(i, "new") not in final),
            "referral": f"PS-{next(i for i in in_queue if i in status_of):06d}"}


# ---- timing the real web app over HTTP ---------------------------------------------------

def sign_in(web: str) -> requests.Session:
    http = requests.Session()
    page = http.get(f"{web}/queue/sign-in", timeout=60)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = http.post(f"{web}/queue/sign-in", data={"username": "bench", "password": PASSWORD, "csrf_token": token},
                  allow_redirects=False, timeout=60)
    assert r.status_code == 302, r.status_code
    return http


def rss(pid: int) -> int:
    return psutil.Process(pid).memory_info().rss


class PeakRss:
    """The web app's peak RSS while a request runs (sampled every 20 ms)."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, rss(pid), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss(self.pid))

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()


def count_queue(html: str) -> int:
    m = re.search(r'class="summary" role="status">\s*(?:[\d,]+ of )?([\d,]+) referral', html)
    return int(m.group(1).replace(",", "")) if m else -1


def count_dashboard(html: str) -> int:
    m = re.search(r'<th scope="row">Pre-screened</th><td>(\d+)</td>', html)
    return int(m.group(1)) if m else -1


def timed(label: str, repeat: int, call) -> tuple[list[float], object]:
    times, shown = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        shown = call()
        times.append(time.perf_counter() - t)
    ms = [x * 1000 for x in times]
    print(f"  {label:<28} min {min(ms):8.0f} ms  median {statistics.median(ms):8.0f} ms  max {max(ms):8.0f} ms"
          f"  rows {shown}", flush=True)
    return ms, shown


def measure(web: str, pid: int, expected: dict, repeat: int) -> bool:
    http = sign_in(web)
    ok = True

    def page(path: str) -> str:
        r = http.get(web + path, timeout=600)
        r.raise_for_status()
        return r.text

    # First, from the freshly started app: other pages would have grown its memory already.
    growth = []

    def csv_rows() -> int:
        before = rss(pid)
        with PeakRss(pid) as peak, http.get(web + "/queue/screening-log.csv", stream=True, timeout=600) as r:
            r.raise_for_status()
            lines = sum(chunk.count(b"\n") for chunk in r.iter_content(65536))
        growth.append((peak.peak - before) / 2**20)
        return lines - 1  # the header

    _, n = timed("CSV, whole, streamed", repeat, csv_rows)
    ok &= n == expected["rows"]
    print(f"  {'CSV: web app RSS growth':<28} max {max(growth):8.1f} MB", flush=True)

    _, n = timed("queue page (open)", repeat, lambda: count_queue(page("/queue/")))
    ok &= n == expected["open"]
    _, n = timed("queue page (any status)", repeat, lambda: count_queue(page("/queue/?status=any")))
    ok &= n == expected["in_queue"]
    _, n = timed("dashboard", repeat, lambda: count_dashboard(page("/queue/dashboard")))
    ok &= n == expected["chains"]
    ref = expected["referral"]
    _, n = timed(f"referral page {ref}", repeat, lambda: int(ref in page(f"/queue/referrals/{ref}")))
    ok &= n == 1

    def api_page() -> int:
        r = http.get(web + "/queue/api/screenings?limit=100", timeout=600)
        r.raise_for_status()
        return len(r.json()["screenings"])

    _, n = timed("API page (limit=100)", repeat, api_page)
    ok &= n == min(100, expected["rows"])
    print(f"  web app RSS after all: {rss(pid) / 2**20:.0f} MB", flush=True)
    print(f"  expected: {expected}; counts {'ok' if ok else 'WRONG'}", flush=True)
    return ok


# ---- the write path ----------------------------------------------------------------------

def writes(web: str, rate: float, seconds: float) -> bool:
    """outcome_log.record at `rate`/s for `seconds` (one writer thread per 10/s, as conversations
    arrive independently) while the queue page is read; every logged row must be in the table."""
    from sqlalchemy import func, select

    from prescreen.eligibility.checker import check
    from prescreen.store import outcome_log
    from prescreen.store.db import session
    from prescreen.store.models import Screening

    outcome = check(ELIGIBLE)
    logged, failed, stop = [], [], threading.Event()
    threads = max(1, int(rate // 10))
    total = int(rate * seconds)
    begin = time.monotonic()

    def writer(k: int) -> None:
        for n in range(k, total, threads):
            due = begin + n / rate
            time.sleep(max(0.0, due - time.monotonic()))
            try:
                logged.append(outcome_log.record(outcome, "web", f"bench-writer-{n}", transcript=TRANSCRIPT,
                                                 key=f"bench-{n}")["reference"])
            except Exception as e:  # counted and reported: a lost screening is the failure this looks for
                failed.append(repr(e))

    reads: list[float] = []

    def reader() -> None:
        http = sign_in(web)
        while not stop.is_set():
            t = time.perf_counter()
            http.get(web + "/queue/", timeout=60).raise_for_status()
            reads.append((time.perf_counter() - t) * 1000)

    workers = [threading.Thread(target=writer, args=(k,)) for k in range(threads)]
    read = threading.Thread(target=reader)
    read.start()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - begin
    stop.set()
    read.join()
    with session() as s:
        stored = s.scalar(select(func.count()).select_from(Screening).where(
            Screening.id.in_([outcome_log.screening_id(r) for r in logged])))
    lost = total - stored
    print(f"  writes: {len(logged)} of {total} logged in {elapsed:.1f} s = {len(logged) / elapsed:.1f}/s "
          f"(target {rate:g}/s), errors {len(failed)}, in the table {stored}, lost {lost}", flush=True)
    if reads:
        print(f"  queue page meanwhile: {len(reads)} reads, median {statistics.median(reads):.0f} ms, "
              f"max {max(reads):.0f} ms", flush=True)
    for e in failed[:3]:
        print("   ", e)
    return lost == 0 and not failed and len(logged) / elapsed >= rate * 0.95


# ---- one database --------------------------------------------------------------------------

@contextmanager
def database(kind: str, workdir: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'scale.db'}"
        return
    with postgres_cluster() as cluster:
        yield cluster.url


def run(kind: str, size: int, repeat: int, write_mode: bool, rate: float, seconds: float) -> bool:
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="queue-scale-")))
        url = stack.enter_context(database(kind, workdir))
        os.environ["DATABASE_URL"] = url  # this process's own writes (accounts, outcome_log) go there too
        t = time.perf_counter()
        expected = fill(url, size)
        print(f"{kind}: {size} screenings ({expected['rows']} rows, {expected['in_queue']} in the queue) "
              f"filled in {time.perf_counter() - t:.0f} s", flush=True)
        site = Assistant(url, workdir)
        stack.callback(site.stop_all)
        site.start_web()
        pid = site.procs["web"].pid
        ok = measure(site.web_url, pid, expected, repeat)
        if write_mode:
            ok &= writes(site.web_url, rate, seconds)
        return ok


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=100_000, help="screenings to fill (default 100,000)")
    p.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="sqlite")
    p.add_argument("--repeat", type=int, default=5, help="times each page is fetched")
    p.add_argument("--writes", action="store_true", help="also log screenings at --rate/s while reading the queue")
    p.add_argument("--rate", type=float, default=50.0)
    p.add_argument("--seconds", type=float, default=60.0)
    args = p.parse_args(argv)
    if args.db == "both":  # one process per database: engines and settings are cached per process
        rest = [a for a in (argv if argv is not None else sys.argv[1:]) if a not in ("--db", "both")]
        codes = [subprocess.call([sys.executable, "-m", "bench.queue_scale", *rest, "--db", kind])
                 for kind in ("sqlite", "postgresql")]
        return max(codes)
    return 0 if run(args.db, args.size, args.repeat, args.writes, args.rate, args.seconds) else 1


if __name__ == "__main__":
    sys.exit(main())
