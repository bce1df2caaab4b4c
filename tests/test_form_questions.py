"""The forms' validation actions ask the next question themselves, once, in the user's
language and register: run on rasa_sdk trackers with the real domain, no servers."""
from __future__ import annotations

import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.referral import ValidatePatientContactForm, ValidateReferrerForm
from actions.screening_form import ValidatePrescreenForm
from tests.support.servers import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml")).as_dict()
EMPTY = {name: None for name in DOMAIN["slots"]}


def run(action, slots, loop="prescreen_form"):
    tracker = Tracker("test", {**EMPTY, **slots}, {"text": "", "intent": {}}, [], False, None,
                      {"name": loop}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def requested(events):
    return [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == "requested_slot"]


def test_a_new_screening_is_asked_the_age_once():
    messages, events = run(ValidatePrescreenForm(), {})
    assert requested(events) == ["age"]
    assert [m["text"] for m in messages] == ["How old is the patient?"]


def test_facts_already_given_are_not_asked_again():
    messages, events = run(ValidatePrescreenForm(), {"age": 62, "sex": "M", "diagnosis": "AML"})
    assert requested(events) == ["diagnosis_confirmed"]
    (message,) = messages
    assert message["text"].startswith("Is the AML histologically or pathologically confirmed")
    assert [b["payload"] for b in message["buttons"]] == ["yes", "no", "not sure"]


def test_a_chinese_patient_is_asked_in_everyday_chinese():
    messages, _ = run(ValidatePrescreenForm(), {"language": "zh", "audience": "patient", "age": 62, "diagnosis": "AML",
                                                "diagnosis_confirmed": True, "platelet_count": 32,
                                                "thrombocytopenia_due_to_treatment": True})
    (message,) = messages
    assert "ECOG" not in message["text"] and "躺" in message["text"]
    assert message["buttons"][0]["title"].startswith("0 和生病前一样")


def test_notices_come_before_the_question():
    messages, events = run(ValidatePrescreenForm(), {"notices": ["Age must be between 0 and 120."]})
    assert [m["text"] for m in messages] == ["Age must be between 0 and 120.", "How old is the patient?"]
    assert {"event": "slot", "name": "notices", "value": [], "timestamp": None} in events


def test_a_failed_criterion_goes_straight_to_the_summary_that_says_so():
    messages, events = run(ValidatePrescreenForm(), {"age": 12})
    assert requested(events) == ["facts_confirmed"]
    (message,) = messages
    assert message["text"].startswith("This already rules the patient out:\n• I1 age 18–75: age 12: below 18")
    assert [b["payload"] for b in message["buttons"]] == ["yes"]


def test_the_exclusion_checklist_quotes_each_items_question():
    slots = {"age": 62, "sex": "M", "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": 32,
             "thrombocytopenia_due_to_treatment": True, "ecog": 1, "childbearing_potential": False}
    messages, events = run(ValidatePrescreenForm(), slots)
    assert requested(events) == ["exclusion_checklist"]
    (message,) = messages
    assert "Do any of these apply?" in message["text"] and "\n5. " in message["text"]
    assert "HIV" in message["text"]


@pytest.mark.parametrize("slots, asked", [
    ({}, "your name"),
    ({"referrer_name": "Dr Wang"}, "department"),
])
def test_the_referrer_form_asks_its_first_empty_field(slots, asked):
    messages, _ = run(ValidateReferrerForm(), slots, loop="referrer_form")
    (message,) = messages
    assert asked in message["text"].lower()


def test_the_patient_is_asked_for_consent_before_a_phone_number():
    messages, _ = run(ValidatePatientContactForm(), {"language": "zh", "audience": "patient"},
                      loop="patient_contact_form")
    (message,) = messages
    assert [b["title"] for b in message["buttons"]] == ["同意", "不同意"]
