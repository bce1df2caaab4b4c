"""A long conversation's session ends after MAX_SESSION_EVENTS events (rasa_addons/session_cap.py)
and nothing the physician said is lost: real Rasa and action servers, a cap small enough that
one screening crosses it several times. bench/long_conversation.py measures what it buys."""
from __future__ import annotations

import re
import uuid

import pytest

from tests.support.servers import running_assistant, texts

pytestmark = pytest.mark.e2e

CAP = 40  # events; a turn is about ten


@pytest.fixture(scope="module")
def assistant():
    with running_assistant(extra_env={"MAX_SESSION_EVENTS": str(CAP)}) as a:
        yield a


def sessions(events: list[dict]) -> list[list[dict]]:
    split: list[list[dict]] = [[]]
    for e in events:
        if e.get("event") == "session_started":
            split.append([])
        split[-1].append(e)
    return split


def test_a_screening_goes_on_across_session_ends_and_each_session_stays_short(assistant):
    sender = f"dr-{uuid.uuid4().hex[:8]}"
    steps = [("hi", "how old"), ("62", "diagnosis"), ("what dose?", ""), ("AML", "confirmed"),
             ("yes", "platelet"), ("32k", "caused by the antitumor therapy"), ("yes", "ecog"),
             ("why do you ask?", ""), ("1", "childbearing"), ("no", "do any of these apply")]
    for message, expected in steps:
        reply = texts(assistant.say(sender, message)).lower()
        assert reply, message
        assert expected in reply, f"after {message!r} expected {expected!r}, got:\n{reply}"
    assistant.say(sender, "none of these")
    assistant.say(sender, "yes")  # willing to consent
    decision = texts(assistant.say(sender, "yes"))  # the summary is right
    assert "Potentially eligible" in decision and re.search(r"PS-\d{6}", decision)

    slots = assistant.slots(sender)
    assert (slots["age"], slots["diagnosis"], slots["platelet_count"], slots["ecog"]) == (62, "AML", 32, 1)
    events = assistant.http.get(f"{assistant.url}/conversations/{sender}/tracker",
                                params={"token": assistant.token, "include_events": "ALL"}, timeout=30).json()["events"]
    parts = sessions(events)
    assert len(parts) >= 4  # before the first session, the first, and at least two ended by the cap
    for part in parts[2:]:
        # Each session starts with each slot once (with its last value), not with every value
        # each slot ever had, and ends within a turn of reaching the cap.
        carried = []
        for e in part[1:]:
            if e.get("event") != "slot":
                break
            carried.append(e["name"])
        assert "age" in carried and len(carried) == len(set(carried)), carried
        assert len(part) <= CAP + len(carried) + 30, len(part)


def test_the_running_rasa_server_has_this_projects_patches(assistant):
    """Installed by the tracker store endpoints.yml names (`rasa_patches: true`), not by an import."""
    line = next(l for l in assistant.log("rasa").splitlines() if "Rasa patches installed:" in l)
    for patched in ("jsonschema.validate", "Event.resolve_by_type", "Agent.load_model", "EndpointConfig.request",
                    "MessageProcessor._has_session_expired", "MessageProcessor._parse_message_with_graph"):
        assert patched in line
