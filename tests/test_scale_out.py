"""Scale-out, the production layout: real PostgreSQL and Redis from Debian's packages on
loopback, two Rasa servers and two action servers sharing them
(deploy/endpoints.production.yml: SQL tracker store on PostgreSQL, RedisLockStore).
Every conversation's turns alternate between the two Rasa servers, and so between the two
action servers (Rasa A -> action server A, Rasa B -> action server B)."""
from __future__ import annotations

import json
import re
import subprocess
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text

from tests.support.postgres import pg_bindir, postgres_server
from tests.support.redis import redis_server, redis_server_binary
from tests.support.servers import BIN, Assistant, in_parallel, running_replicas, texts

pytestmark = pytest.mark.e2e

ELIGIBLE = ["62M AML confirmed, PLT 32k post chemo, ECOG 1, not of childbearing potential",
            "none of these", "yes",  # willing to consent
            "yes",  # the summary is right -> decision
            "Dr Wang Li", "Haematology", "ext 4521", "WL 0012345"]
STEP_BY_STEP = ["hi", "62", "AML", "yes", "32k", "yes", "1", "no", "none of these", "yes", "yes"]
NOT_SURE = ["58F AML confirmed, PLT 40k post chemo, ECOG 0, not of childbearing potential",
            "none of these", "not sure", "yes"]
INELIGIBLE = ["80 yo man with AML", "yes"]

# (script, decision logged, what the last reply must say)
SCREENINGS = [
    (ELIGIBLE, "potentially_eligible", "The study coordinator will contact you about PS-"),
    (INELIGIBLE, "ineligible", "Not eligible"),
    (STEP_BY_STEP, "potentially_eligible", "Potentially eligible"),
    (ELIGIBLE, "potentially_eligible", "The study coordinator will contact you about PS-"),
    (NOT_SURE, "needs_review", "Needs review"),
    (INELIGIBLE, "ineligible", "Not eligible"),
]


@pytest.fixture(scope="module")
def deployment():
    if pg_bindir() is None or redis_server_binary() is None:
        pytest.skip("needs Debian's postgresql and redis-server (bin/install-test-services)")
    with postgres_server() as pg, redis_server() as rds:
        with running_replicas(pg, replicas=2, extra_env=rds.env()) as replicas:
            yield replicas, pg, rds


def logged(assistant, sender: str) -> list[dict]:
    r = subprocess.run([str(BIN / "prescreen"), "log", "--json", "--sender", sender], env=assistant.env,
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def user_turns(assistant, sender: str) -> list[str]:
    return [e.get("text") for e in assistant.tracker(sender)["events"] if e.get("event") == "user"]


def screen(replicas, script: list[str], offset: int) -> tuple[str, list[str]]:
    """One complete screening; turn i goes to replica (i + offset) % 2."""
    sender = f"dr-{uuid.uuid4().hex[:8]}"
    replies = []
    for i, message in enumerate(script):
        replies.append(texts(replicas[(i + offset) % len(replicas)].say(sender, message)))
    return sender, replies


def test_concurrent_screenings_alternating_between_two_rasa_servers(deployment):
    replicas, pg, rds = deployment
    a, b = replicas
    commands_before = redis.Redis(host=rds.host, port=rds.port, password=rds.password).info("stats")[
        "total_commands_processed"]
    with ThreadPoolExecutor(max_workers=len(SCREENINGS)) as pool:
        futures = [pool.submit(screen, replicas, script, i % 2) for i, (script, _, _) in enumerate(SCREENINGS)]
        results = [f.result(timeout=900) for f in futures]

    references = set()
    for (script, decision, says), (sender, replies) in zip(SCREENINGS, results):
        assert says in replies[-1], f"{sender}: expected {says!r}; the conversation was:\n" + "\n---\n".join(replies)
        rows = logged(a, sender)
        assert len(rows) == 1, f"{sender}: {len(rows)} outcomes logged"
        assert rows[0]["decision"] == decision
        assert re.search(r"PS-\d{6}", "\n".join(replies)).group(0) == rows[0]["reference"]
        references.add(rows[0]["reference"])
        # Both Rasa servers read the same tracker: every message is in it once, in order.
        assert user_turns(a, sender) == script == user_turns(b, sender)

    engine = create_engine(pg, future=True)
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM screenings")).scalar_one() == len(SCREENINGS) == len(references)
        contacts = c.execute(text("SELECT referrer_name, referrer_department, referrer_contact, patient_reference "
                                  "FROM referrals")).all()
    engine.dispose()
    assert sorted(map(tuple, contacts)) == [("Dr Wang Li", "Haematology", "ext 4521", "WL 0012345")] * 2
    # The Rasa servers took their conversation locks in Redis.
    commands_after = redis.Redis(host=rds.host, port=rds.port, password=rds.password).info("stats")[
        "total_commands_processed"]
    assert commands_after - commands_before > 100


BURST = ("62M AML confirmed", "PLT 32k post chemo, ECOG 1")


def burst(a, b, senders: list[str]) -> None:
    """Each conversation's two messages reach the two Rasa servers at the same moment."""
    with ThreadPoolExecutor(max_workers=2 * len(senders)) as pool:
        futures = []
        for sender in senders:
            futures.append(pool.submit(a.say, sender, BURST[0]))
            futures.append(pool.submit(b.say, sender, BURST[1]))
        for f in futures:
            f.result(timeout=600)


def both_kept(reader, sender: str) -> bool:
    slots = reader.slots(sender)
    return ((slots["age"], slots["diagnosis"], slots["platelet_count"], slots["ecog"]) == (62, "AML", 32, 1)
            and sorted(user_turns(reader, sender)) == sorted(BURST))


def test_two_messages_of_one_conversation_at_two_servers_at_once_are_both_kept(deployment):
    """What the Redis lock store is for: WeChat bursts and double-clicks reach different
    replicas at the same moment; one waits for the other, neither message is lost."""
    (a, b), _, _ = deployment
    senders = [f"dr-{uuid.uuid4().hex[:8]}" for _ in range(6)]
    burst(a, b, senders)
    assert all(both_kept(a, s) and both_kept(b, s) for s in senders)


def test_without_the_lock_store_the_same_burst_loses_messages(deployment):
    """The control: two Rasa servers on the same tracker store but each with Rasa's default
    in-memory lock (endpoints.yml) both load the conversation, both save, one message is lost.
    This is why deploy/endpoints.production.yml has a RedisLockStore."""
    (a, b), pg, _ = deployment
    with tempfile.TemporaryDirectory(prefix="prescreen-nolock-") as tmp:
        naive = [Assistant(pg, Path(tmp), {"ACTION_PORT": str(r.action_port)}, endpoints="endpoints.yml")
                 for r in (a, b)]
        for i, x in enumerate(naive):
            x.workdir = Path(tmp) / f"naive{i}"
            x.workdir.mkdir()
        try:
            in_parallel([x.start_rasa for x in naive])
            senders = [f"dr-{uuid.uuid4().hex[:8]}" for _ in range(6)]
            burst(*naive, senders)
            lost = sum(not both_kept(a, s) for s in senders)
        finally:
            for x in naive:
                x.stop_all()
    assert lost >= 1, "without a shared lock no message was lost this time (a race: rerun)"
