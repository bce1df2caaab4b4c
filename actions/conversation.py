"""Conversation control: starting a new screening, and explaining why a question is asked."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher

from prescreen.criteria import CRITERIA

from actions.plan import CHECKLIST, CONFIRM


class ActionNewScreening(Action):
    """Clears every fact so nothing of one patient leaks into the next."""

    def name(self) -> Text:
        return "action_new_screening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        dispatcher.utter_message(response="utter_new_screening" if intent == "start_over" else "utter_greet")
        return [ActiveLoop(None), AllSlotsReset()]


class ActionExplainQuestion(Action):
    """"Why do you ask?": quotes the criterion the current question serves."""

    def name(self) -> Text:
        return "action_explain_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        requested = tracker.get_slot("requested_slot")
        if requested == CHECKLIST:
            text = "These are the trial's exclusion criteria E1–E13: any one of them rules the patient out."
        elif requested == CONFIRM:
            text = "I show the summary so that a misread value cannot decide the outcome."
        else:
            serving = [c for c in CRITERIA if requested in c.facts]
            if not serving:
                text = ("I only ask what NCT06898983's eligibility criteria need; each answer settles "
                        "one inclusion or exclusion criterion.")
            else:
                text = "\n".join(f"{c.id} of the protocol: \"{c.text.rstrip(';.')}\"" for c in serving)
                text = "I ask because of\n" + text
        dispatcher.utter_message(text=text)
        return []
