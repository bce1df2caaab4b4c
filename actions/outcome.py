"""action_screen: decide with the checker, log the outcome, tell the referrer."""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from prescreen.store import outcome_log
from prescreen.eligibility.checker import INELIGIBLE, check

from actions import texts
from actions.plan import facts_of

logger = logging.getLogger(__name__)


def transcript(tracker: Tracker) -> List[Dict[str, Any]]:
    """What was said, as the assistant saw it (button payloads such as /greet left out)."""
    lines = []
    for e in tracker.events:
        if e.get("event") == "user" and not (e.get("text") or "").startswith("/"):
            lines.append({"from": "user", "text": e.get("text") or "", "at": e.get("timestamp")})
        elif e.get("event") == "bot" and e.get("text"):
            lines.append({"from": "bot", "text": e["text"], "at": e.get("timestamp")})
        elif e.get("event") == "restart":
            lines = []
    return lines


def fingerprint(facts: Dict[str, Any], criteria_version: str) -> str:
    return hashlib.sha256(json.dumps([facts, criteria_version], sort_keys=True).encode()).hexdigest()[:16]


def screening_key(tracker: Tracker, digest: str, last: Dict[str, Any]) -> str:
    """Names this decision: these facts, after that earlier screening, since that restart.

    A retry of a write whose acknowledgement was lost has the same key (nothing in the
    tracker changed), so the log keeps one row; a re-screen after a correction or after
    "start over" has another, so it gets its own row."""
    since = next((e.get("timestamp") for e in reversed(tracker.events)
                  if e.get("event") in ("restart", "session_started")), None)
    return f"{digest}|{last.get('reference')}|{since}"


def own_last_screening(tracker: Tracker) -> Dict[str, Any]:
    """The `last_screening` slot if this conversation logged it, else {}: a reference from a
    forged tracker neither stands in for a new row nor names the screening this one follows."""
    last = tracker.get_slot("last_screening") or {}
    if not last.get("reference"):
        return last
    try:
        ours = outcome_log.produced_by(last["reference"], tracker.sender_id)
    except SQLAlchemyError:
        ours = False  # cannot tell; recording below fails the same way and says so
    if not ours:
        logger.warning("ignored last_screening %r: not logged by this conversation", last["reference"])
        return {}
    return last


class ActionScreen(Action):
    def name(self) -> Text:
        return "action_screen"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        outcome = check(facts_of(tracker.slots))
        lang, audience = texts.lang_of(tracker.slots), texts.audience_of(tracker.slots)
        digest = fingerprint(outcome.facts, outcome.criteria_version)
        last = own_last_screening(tracker)
        if last.get("fingerprint") == digest:
            # Same facts confirmed again (or a retried request): one screening, one row.
            dispatcher.utter_message(text=texts.decision_text(outcome, last["reference"], lang, audience,
                                                              contact_follows=False))
            return [SlotSet("follow_up", "none")]
        try:
            row = outcome_log.record(outcome, channel=tracker.get_latest_input_channel() or "unknown",
                                     sender_id=tracker.sender_id, transcript=transcript(tracker),
                                     key=screening_key(tracker, digest, last),
                                     evidence=tracker.get_slot("evidence"),
                                     # A late answer after the decision re-screens: the new row
                                     # names the one it replaces, so the log counts the patient once.
                                     supersedes=last.get("reference"))
        except SQLAlchemyError:
            # Nothing was written (one INSERT, one transaction), so no reference is given and
            # nothing claims the outcome was logged. The form goes back to the summary, so
            # the "yes" the message asks for re-runs the decision once the database is back.
            from rasa_sdk.events import ActiveLoop

            logger.exception("could not record the outcome")
            dispatcher.utter_message(text=texts.database_down(lang))
            return [SlotSet("facts_confirmed", None), SlotSet("follow_up", "none"), ActiveLoop("prescreen_form")]
        dispatcher.utter_message(text=texts.decision_text(outcome, row["reference"], lang, audience))
        return [
            SlotSet("last_screening", {"reference": row["reference"], "fingerprint": digest,
                                       "decision": outcome.decision}),
            # Referrals worth pursuing get the referrer's contact next (rules.yml); a patient or
            # family member is asked for consent before a phone number is kept.
            SlotSet("follow_up", "none" if outcome.decision == INELIGIBLE
                    else "patient" if audience == texts.PATIENT else "referrer"),
        ]
