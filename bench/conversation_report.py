"""Complete referrals driven end to end over the REST and the WeChat channel (issue 15).

    .venv/bin/python -m bench.conversation_report [--cases FILE] [--only ID,ID] [--channel rest|wechat] [--verbose]

Starts the real assistant (action server + Rasa server, private SQLite file, the WeChat channel
on) through tests/support/servers.py. For each case of tests/reading/conversations.yml it sends
the opening message, then reads which fact the assistant is asking (the tracker's
`requested_slot`, Rasa's HTTP API) and answers it in the case's words, until a decision is in
the outcome log; the referrer's (or a family's consented phone) questions after the decision
are answered too. Prints, per channel and overall:

- decisions correct: the logged decision is the checker's on the patient's full facts (for
  needs_review the same unknown criteria; for ineligible, failed criteria among the checker's);
- stated facts asked again: a fact the opening message gave whose question was asked anyway;
- questions per screening: questions asked before the decision (the summary to confirm included).

Exits 1 when a target is missed: every decision correct, no stated fact asked again.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import hmac
import statistics
import sys
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import yaml
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from prescreen.eligibility.checker import check
from prescreen.store.models import Screening
from tests.support.servers import Assistant, running_assistant

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "reading" / "conversations.yml"

# A question asked this many times in a row (the case's words, then the plain value) without
# the form moving on: the case is stuck.
MAX_SAME_QUESTION = 3
MAX_TURNS = 40
FOLLOW_UP_FORMS = {"referrer_form", "patient_contact_form"}

# The checklist's numbers are the exclusion criteria's E numbers (README).
EXCLUSION_NUMBERS = {
    "pregnant_or_breastfeeding": 1, "romiplostim_hypersensitivity": 2, "other_hematologic_disorder": 3,
    "other_thrombocytopenia_cause_6mo": 4, "thrombosis_history": 5, "severe_bleeding_2wk": 6,
    "tpo_agent_1mo": 7, "hiv": 8, "chronic_hepatitis": 9, "severe_comorbidity": 10, "other_trial_28d": 11,
    "cognitive_psychiatric": 12, "refuses_romiplostim": 13,
}

# What a referrer (or a family member) gives after the decision: synthetic, never a real person.
FOLLOW_UP_ANSWERS = {
    "en": {"referrer_name": "Dr Test Synthetic", "referrer_department": "Haematology",
           "referrer_contact": "ext 4321", "patient_reference": "TS", "contact_consent": "yes",
           "contact_phone": "13800138000"},
    "zh": {"referrer_name": "测试医生", "referrer_department": "血液科", "referrer_contact": "分机8123",
           "patient_reference": "住院号T0001", "contact_consent": "同意", "contact_phone": "13800138000"},
}


def load_cases(path: Path = CASES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def plain_answer(case: dict, slot: str) -> str:
    """The answer to a question the case gives no words for: the plain value from its facts."""
    zh = case["lang"] == "zh"
    facts = case["facts"]
    if slot == "exclusion_checklist":
        numbers = [str(n) for key, n in EXCLUSION_NUMBERS.items() if facts.get(key)]
        if numbers:
            return ("、".join(numbers) if zh else ", ".join(numbers))
        return "都没有" if zh else "none of these"
    if slot == "facts_confirmed":
        return "对" if zh else "yes"
    value = facts.get(slot)
    if slot == "contraception_agreed" and facts.get("childbearing_potential") is False:
        # Asked although it does not apply: a person says so rather than "not sure".
        return "不适用，没有生育可能" if zh else "not applicable, no childbearing potential"
    if value is None:
        return "不清楚" if zh else "not sure"
    if value is True:
        return "是的" if zh else "yes"
    if value is False:
        return "没有" if zh else "no"
    if slot == "age" and zh:
        return f"{value}岁"
    return str(value)


def answer(case: dict, slot: str, attempt: int = 0) -> tuple[str, bool]:
    """(the words, whether they come from the case's own answers).

    A person whose words were not taken (the same question again) says it plainly the second
    time: the value from the facts, e.g. the number the patient-mode activity question asks for.
    """
    if slot in FOLLOW_UP_ANSWERS["en"]:
        return FOLLOW_UP_ANSWERS[case["lang"]][slot], True
    given = (case.get("answers") or {}).get(slot)
    if given is not None and attempt == 0:
        return str(given), True
    return plain_answer(case, slot), False


def expected_outcome(case: dict):
    return check(case["facts"])


def decision_correct(expected, logged: dict | None) -> bool:
    if logged is None or logged["decision"] != expected.decision:
        return False
    if expected.decision == "needs_review":
        return set(logged["unknown"]) == set(expected.unknown)
    if expected.decision == "ineligible":
        # The form stops at the first failed criterion, so fewer may be logged, never others.
        return bool(logged["failed"]) and set(logged["failed"]) <= set(expected.failed)
    return True


@dataclass
class Result:
    case: dict
    logged: dict | None = None
    asked: list[str] = field(default_factory=list)  # questions before the decision, in order
    reasked: list[str] = field(default_factory=list)  # a question asked again right after its answer
    fallback_answers: list[str] = field(default_factory=list)
    stuck: str = ""  # why the conversation ended without a decision
    transcript: list[str] = field(default_factory=list)

    @property
    def channel(self) -> str:
        return self.case["channel"]

    @property
    def correct(self) -> bool:
        return decision_correct(expected_outcome(self.case), self.logged)

    @property
    def asked_again(self) -> list[str]:
        stated = set(self.case.get("stated") or [])
        return sorted({slot for slot in self.asked if slot in stated})


class Channels:
    """Sends a case's messages over its channel and reads its tracker and outcome rows."""

    def __init__(self, assistant: Assistant, wechat=None):
        self.assistant = assistant
        self.wechat = wechat  # tests.test_wechat_channel.WeChat, or None when only REST is driven
        self.engine = create_engine(assistant.database_url, future=True)
        self.secret = assistant.env["PSEUDONYM_SECRET"].encode()

    def close(self) -> None:
        self.engine.dispose()

    def sender(self, raw_id: str, channel: str) -> str:
        """The sender id Rasa sees: a WeChat OpenID arrives pseudonymised by the channel."""
        if channel == "wechat":
            return "ps-" + hmac.new(self.secret, raw_id.encode(), hashlib.sha256).hexdigest()
        return raw_id

    def send(self, raw_id: str, channel: str, text: str) -> None:
        if channel == "wechat":
            from tests.test_wechat_channel import text_xml

            r = self.wechat.post(text_xml(raw_id, text))
            if r.status_code != 200:
                raise RuntimeError(f"WeChat webhook answered {r.status_code}: {r.text[:200]}")
            return
        # The token goes with every REST request: the REST door may require it (it is ignored if not).
        a = self.assistant
        r = a.http.post(f"{a.url}/webhooks/rest/webhook", params={"token": a.token},
                        json={"sender": raw_id, "message": text}, timeout=60)
        r.raise_for_status()

    def tracker(self, raw_id: str, channel: str) -> dict:
        return self.assistant.tracker(self.sender(raw_id, channel))

    def decisions(self, raw_id: str) -> list[dict]:
        """The conversation's logged screenings, oldest first (sender_ref = HMAC of the raw id)."""
        ref = hmac.new(self.secret, raw_id.encode(), hashlib.sha256).hexdigest()
        with Session(self.engine) as s:
            rows = s.scalars(select(Screening).where(Screening.sender_ref == ref).order_by(Screening.id))
            return [{"decision": r.decision, "failed": list(r.failed), "unknown": list(r.unknown),
                     "facts": dict(r.facts)} for r in rows]


def last_bot_texts(tracker: dict) -> list[str]:
    events = tracker.get("events") or []
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    start = users[-1] if users else 0
    return [e.get("text") or "" for e in events[start:] if e.get("event") == "bot"]


def drive(channels: Channels, case: dict, verbose: bool = False) -> Result:
    result = Result(case)
    channel = case["channel"]
    raw_id = ("o" + uuid.uuid4().hex[:27]) if channel == "wechat" else f"bench-{case['id']}-{uuid.uuid4().hex[:6]}"

    def say(text: str) -> None:
        result.transcript.append(f"  > {text}")
        channels.send(raw_id, channel, text)

    say(case["opening"])
    previous, same = None, 0
    for _ in range(MAX_TURNS):
        tracker = channels.tracker(raw_id, channel)
        if verbose:
            result.transcript.extend("  < " + t.replace("\n", " / ")[:300] for t in last_bot_texts(tracker))
        logged = channels.decisions(raw_id)
        if logged and result.logged is None:
            result.logged = logged[0]
        slot = tracker["slots"].get("requested_slot")
        loop = (tracker.get("active_loop") or {}).get("name")
        if result.logged is not None and loop not in FOLLOW_UP_FORMS:
            break
        if slot is None:
            result.stuck = f"nothing asked (active loop {loop!r}) and no decision logged"
            break
        if result.logged is None:
            result.asked.append(slot)
        same = same + 1 if slot == previous else 1
        if same > 1:
            result.reasked.append(slot)
        if same >= MAX_SAME_QUESTION:
            result.stuck = f"{slot} asked {same} times in a row"
            break
        text, own = answer(case, slot, attempt=same - 1)
        if not own and same == 1:
            result.fallback_answers.append(slot)
        result.transcript.append(f"  [{slot}]")
        say(text)
        previous = slot
    else:
        result.stuck = f"no decision after {MAX_TURNS} turns"
    return result


@contextlib.contextmanager
def running(channels_needed: set[str]) -> Iterator[Channels]:
    """The real assistant with the WeChat channel on (its secrets as the WeChat tests set them)."""
    from tests.test_wechat_channel import FakeWeChatAPI, WeChat, wechat_env

    api = FakeWeChatAPI()
    try:
        with running_assistant(extra_env=wechat_env(api)) as a:
            channels = Channels(a, WeChat(a) if "wechat" in channels_needed else None)
            try:
                channels.send("warm-up", "rest", "hi")  # the first prediction of a fresh server is the slowest
                yield channels
            finally:
                channels.close()
    finally:
        api.close()


# ---- the report ---------------------------------------------------------------------------


def summary(results: list[Result]) -> dict:
    questions = [len(r.asked) for r in results if r.logged is not None]
    again = [(r.case["id"], slot) for r in results for slot in r.asked_again]
    return {
        "cases": len(results),
        "correct": sum(r.correct for r in results),
        "asked_again": again,
        "questions_mean": statistics.mean(questions) if questions else 0.0,
        "questions_max": max(questions) if questions else 0,
        "reasked": sum(len(r.reasked) for r in results),
    }


def report(results: list[Result]) -> bool:
    print(f"{'channel':8} {'cases':>5} {'decisions correct':>18} {'stated asked again':>19} "
          f"{'questions mean':>15} {'max':>4} {'answers re-asked':>17}")
    groups = [(ch, [r for r in results if r.channel == ch]) for ch in ("rest", "wechat")] + [("all", results)]
    for name, group in groups:
        if not group:
            continue
        s = summary(group)
        print(f"{name:8} {s['cases']:>5} {s['correct']:>9}/{s['cases']:<8} {len(s['asked_again']):>19} "
              f"{s['questions_mean']:>15.1f} {s['questions_max']:>4} {s['reasked']:>17}")
    by_decision = Counter((expected_outcome(r.case).decision, r.correct) for r in results)
    print("by expected decision: " + ", ".join(
        f"{d} {by_decision[(d, True)]}/{by_decision[(d, True)] + by_decision[(d, False)]}"
        for d in ("potentially_eligible", "ineligible", "needs_review")))

    wrong = [r for r in results if not r.correct]
    if wrong:
        print("\nwrong decisions:")
        for r in wrong:
            e = expected_outcome(r.case)
            got = (f"{r.logged['decision']} failed={r.logged['failed']} unknown={r.logged['unknown']}"
                   if r.logged else f"no decision ({r.stuck})")
            print(f"  {r.case['id']} [{r.channel}]: expected {e.decision} failed={e.failed} unknown={e.unknown}; got {got}")
    again = [r for r in results if r.asked_again]
    if again:
        print("\nstated facts asked again:")
        for r in again:
            print(f"  {r.case['id']} [{r.channel}]: {', '.join(r.asked_again)}")
    reasked = [r for r in results if r.reasked]
    if reasked:
        print("\nanswers not taken (the same question again right after the case's words; then said plainly):")
        for r in reasked:
            words = [f"{slot} ({answer(r.case, slot)[0]!r})" for slot in dict.fromkeys(r.reasked)]
            print(f"  {r.case['id']} [{r.channel}]: {', '.join(words)}")
    s = summary(results)
    met = s["correct"] == s["cases"] and not s["asked_again"]
    print(f"\ntargets (every decision correct, no stated fact asked again): {'met' if met else 'NOT met'}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES, help="case file (default tests/reading/conversations.yml)")
    parser.add_argument("--only", default="", help="comma-separated case ids")
    parser.add_argument("--channel", choices=("rest", "wechat"), help="only this channel's cases")
    parser.add_argument("--verbose", action="store_true", help="print each conversation")
    args = parser.parse_args(argv)

    cases = load_cases(args.cases)
    if args.only:
        wanted = {c.strip() for c in args.only.split(",") if c.strip()}
        unknown = wanted - {c["id"] for c in cases}
        if unknown:
            parser.error(f"no such case: {', '.join(sorted(unknown))}")
        cases = [c for c in cases if c["id"] in wanted]
    if args.channel:
        cases = [c for c in cases if c["channel"] == args.channel]
    if not cases:
        parser.error("no cases selected")

    results = []
    with running({c["channel"] for c in cases}) as channels:
        for case in cases:
            r = drive(channels, case, verbose=args.verbose)
            results.append(r)
            mark = "ok " if r.correct else "BAD"
            got = r.logged["decision"] if r.logged else f"none: {r.stuck}"
            print(f"{mark} {case['id']:42} [{r.channel}] {got}; asked {' '.join(r.asked) or '-'}", flush=True)
            if args.verbose:
                if r.fallback_answers:
                    print(f"    answered plainly from the facts (no words in the case): {' '.join(r.fallback_answers)}")
                print("\n".join(r.transcript), flush=True)
    print()
    return 0 if report(results) else 1


if __name__ == "__main__":
    sys.exit(main())
