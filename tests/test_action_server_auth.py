"""The action server (rasa_addons/action_server.py) answers the assistant's Rasa server only,
and every action writes only to its own conversation's screenings. Real Rasa server, real
action server, real SQLite file; the forged calls are what anyone on the network could send."""
from __future__ import annotations

import re
import uuid

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.support.servers import running_assistant, texts

pytestmark = pytest.mark.e2e

FACTS = {"age": 62, "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": 32,
         "thrombocytopenia_due_to_treatment": True, "ecog": 1, "childbearing_potential": False,
         "willing_to_consent": True, "pregnant_or_breastfeeding": False, "romiplostim_hypersensitivity": False,
         "other_hematologic_disorder": False, "other_thrombocytopenia_cause_6mo": False,
         "thrombosis_history": False, "severe_bleeding_2wk": False, "tpo_agent_1mo": False, "hiv": False,
         "chronic_hepatitis": False, "severe_comorbidity": False, "other_trial_28d": False,
         "cognitive_psychiatric": False, "refuses_romiplostim": False}
MALLORY = {"referrer_name": "Mallory", "referrer_department": "Nowhere", "referrer_contact": "555 0000",
           "patient_reference": "XX"}


@pytest.fixture(scope="module")
def assistant():
    with running_assistant() as a:
        yield a


@pytest.fixture(scope="module")
def referral(assistant):
    """A real referral: a physician's conversation through Rasa, to the stored contact (so Rasa's
    own calls, carrying the token from endpoints.yml, get through)."""
    sender = f"dr-{uuid.uuid4().hex[:8]}"
    assistant.say(sender, "62M AML confirmed, PLT 32k post chemo, ECOG 1, not of childbearing potential")
    assistant.say(sender, "none of these")
    assistant.say(sender, "yes")
    decision = texts(assistant.say(sender, "yes"))
    reference = re.search(r"PS-\d{6}", decision).group(0)
    for answer in ("Dr Wang Li", "Haematology", "ext 4521", "WL 0012345"):
        assistant.say(sender, answer)
    assert contacts(assistant, reference) == [("Dr Wang Li", "ext 4521")]
    return sender, reference


def query(assistant, sql: str, **params) -> list[tuple]:
    engine = create_engine(assistant.database_url, future=True)
    try:
        with engine.connect() as c:
            return [tuple(row) for row in c.execute(text(sql), params)]
    finally:
        engine.dispose()


def contacts(assistant, reference: str) -> list[tuple]:
    return query(assistant, "SELECT referrer_name, referrer_contact FROM referrals WHERE screening_id = :id",
                 id=int(reference.split("-")[1]))


def screenings(assistant) -> int:
    return query(assistant, "SELECT count(*) FROM screenings")[0][0]


def action_call(action: str, sender: str, slots: dict) -> dict:
    """What Rasa posts to the action server, made up."""
    return {"next_action": action, "sender_id": sender, "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": sender, "slots": slots, "paused": False, "followup_action": None,
                        "active_loop": {}, "latest_action_name": "action_listen", "latest_input_channel": "rest",
                        "latest_message": {"text": "yes", "intent": {"name": "affirm"}},
                        "events": [{"event": "user", "text": "made-up transcript", "timestamp": 1.0}]}}


def call(assistant, body: dict, token: str | None, content_type: str = "application/json") -> requests.Response:
    import json

    headers = {"Content-Type": content_type}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(f"http://127.0.0.1:{assistant.action_port}/webhook", data=json.dumps(body),
                         headers=headers, timeout=30)


def test_a_forged_action_call_logs_nothing_and_changes_no_referral(assistant, referral):
    _, reference = referral
    before = screenings(assistant)
    forged = [
        action_call("action_screen", "mallory", FACTS),
        action_call("action_save_referrer", "mallory", {"last_screening": {"reference": reference}, **MALLORY}),
    ]
    for body in forged:
        for token, content_type in ((None, "application/json"), ("guess", "application/json"),
                                    (None, "text/plain"), (assistant.token, "application/json")):
            r = call(assistant, body, token, content_type)  # the Rasa auth token is not this server's
            assert r.status_code == 401, (body["next_action"], token, content_type)
        # A page on another origin can send text/plain without asking; even with the token it is refused.
        assert call(assistant, body, assistant.action_token, "text/plain").status_code == 415
    assert screenings(assistant) == before
    assert contacts(assistant, reference) == [("Dr Wang Li", "ext 4521")]
    # Health checks still get an answer, and nothing more.
    assert requests.get(f"http://127.0.0.1:{assistant.action_port}/health", timeout=10).ok
    assert requests.get(f"http://127.0.0.1:{assistant.action_port}/actions", timeout=10).status_code == 401


def test_an_action_writes_only_to_its_own_conversations_screening(assistant, referral):
    """Even a call carrying the action server's token cannot attach contacts to another
    conversation's screening: the reference must be one this sender's conversation logged."""
    _, reference = referral
    for action, slots in (("action_save_referrer", MALLORY),
                          ("action_save_patient_contact", {"contact_consent": True, "contact_phone": "555 0000"})):
        r = call(assistant, action_call(action, "mallory", {"last_screening": {"reference": reference}, **slots}),
                 assistant.action_token)
        assert r.status_code == 200, r.text
        said = " ".join(m.get("text") or "" for m in r.json()["responses"])
        assert "nothing was stored" in said and reference not in said
    assert contacts(assistant, reference) == [("Dr Wang Li", "ext 4521")]

    # A screening "confirmed again" with someone else's reference gets a row of its own.
    before = screenings(assistant)
    r = call(assistant, action_call("action_screen", "mallory", {**FACTS, "last_screening": {"reference": reference}}),
             assistant.action_token)
    said = " ".join(m.get("text") or "" for m in r.json()["responses"])
    assert reference not in said and re.search(r"PS-\d{6}", said)
    assert screenings(assistant) == before + 1

