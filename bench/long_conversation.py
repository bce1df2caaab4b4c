"""Turn latency as one conversation grows: does turn 500 answer as fast as turn 10?

Starts the assistant as bin/run does (SQLite, one Rasa server, one action server, the REST
channel's rate limits off), then drives ONE conversation for `--turns` turns over the REST
webhook, the way a client that never stops typing would: the facts one at a time, then
questions about the trial, corrections and "not sure" answers in a loop (each turn reads and
writes the conversation's tracker, runs the extraction action, the form, and usually an
answer rule). A second, fresh conversation's turn is timed alongside now and then, to show
what a long conversation costs everyone else.

    .venv/bin/python -m bench.long_conversation --turns 500
    .venv/bin/python -m bench.long_conversation --turns 300 --max-session-events 0   # no cap, to compare

Prints per block of turns the median and 95th percentile, the Rasa and action servers' CPU
time per turn (steady when other processes share the machine, unlike wall time), and the
number of events in the conversation (all sessions); no pass/fail (a figure for the README).
"""
from __future__ import annotations

import argparse
import itertools
import statistics
import time
import uuid

import psutil

from tests.support.servers import running_assistant

OPENING = ["hi", "62", "AML", "yes", "32k"]
LOOP = ["what dose?", "sorry, platelets are 45", "why do you ask?", "not sure", "who runs it?",
        "sorry, platelets are 32k", "what is romiplostim?", "ECOG 1"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def cpu_seconds(processes: list[psutil.Process]) -> float:
    return sum(t.user + t.system for t in (p.cpu_times() for p in processes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--block", type=int, default=50, help="turns per reported block")
    parser.add_argument("--max-session-events", type=int, default=None,
                        help="MAX_SESSION_EVENTS for this run (0 = sessions never end for length)")
    args = parser.parse_args()

    env = {} if args.max_session_events is None else {"MAX_SESSION_EVENTS": str(args.max_session_events)}
    with running_assistant(extra_env=env) as a:
        sender = f"long-{uuid.uuid4().hex[:8]}"
        messages = itertools.chain(OPENING, itertools.cycle(LOOP))
        a.say(f"warm-{uuid.uuid4().hex[:6]}", "hi")  # lazily built pipelines load here
        latencies: list[float] = []
        servers = [psutil.Process(a.procs[name].pid) for name in ("rasa", "actions")]
        cpu: list[float] = []
        others: list[tuple[int, float]] = []
        print(f"one conversation, {args.turns} turns (block = {args.block} turns)", flush=True)
        print(f"{'turns':>11} {'median':>9} {'p95':>9} {'CPU/turn':>9} {'events':>7}  fresh conversation's turn",
              flush=True)
        for turn, message in zip(range(1, args.turns + 1), messages):
            used = cpu_seconds(servers)
            start = time.perf_counter()
            replies = a.say(sender, message)
            latencies.append(time.perf_counter() - start)
            cpu.append(cpu_seconds(servers) - used)
            if not replies:
                raise SystemExit(f"turn {turn} ({message!r}) got no answer; see the servers' logs")
            if turn % args.block == 0:
                start = time.perf_counter()
                a.say(f"fresh-{uuid.uuid4().hex[:8]}", "hi")
                others.append((turn, time.perf_counter() - start))
                block = latencies[-args.block:]
                events = len(a.tracker(sender)["events"])
                print(f"{turn - args.block + 1:>5}-{turn:<5} {statistics.median(block) * 1000:>7.1f}ms "
                      f"{percentile(block, 95) * 1000:>7.1f}ms {statistics.mean(cpu[-args.block:]) * 1000:>7.1f}ms "
                      f"{events:>7}  {others[-1][1] * 1000:.1f} ms", flush=True)
        for name, values in (("latency", latencies), ("CPU", cpu)):
            first, last = values[5:15], values[-10:]
            print(f"{name}: turns 6-15 median {statistics.median(first) * 1000:.1f} ms; last 10 turns median "
                  f"{statistics.median(last) * 1000:.1f} ms (ratio {statistics.median(last) / statistics.median(first):.2f})",
                  flush=True)


if __name__ == "__main__":
    main()
