"""The screening form: which slot to ask next, and the two questions that are built
from the conversation (the exclusion checklist and the confirmation summary)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from prescreen.checker import check

from actions.plan import CONFIRM, checklist_items, facts_of, still_to_ask
from actions.summary import reasons, summary


class ValidatePrescreenForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_prescreen_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        # Say what action_extract_facts noticed (refused values, corrections, re-prompts).
        for text in tracker.get_slot("notices") or []:
            dispatcher.utter_message(text=text)
        events = await super().run(dispatcher, tracker, domain)
        return events + ([SlotSet("notices", [])] if tracker.get_slot("notices") else [])

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        return still_to_ask(
            facts_of(tracker.slots), tracker.get_slot("unknown_facts") or [], tracker.get_slot("exclusion_checklist")
        )

    def validate_facts_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value is False:
            # "No" without the fix: ask for it; the summary comes again afterwards.
            dispatcher.utter_message(response="utter_what_to_change")
            return {CONFIRM: None}
        return {CONFIRM: value}


class ActionAskExclusionChecklist(Action):
    """The exclusion history as one numbered list (numbers are the criteria's E numbers)."""

    def name(self) -> Text:
        return "action_ask_exclusion_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        items = checklist_items(facts_of(tracker.slots), tracker.get_slot("unknown_facts") or [])
        responses = domain.get("responses", {})
        lines = [f"{n}. {responses[f'utter_ask_{key}'][0]['text']}" for n, key in items]
        dispatcher.utter_message(
            text="Do any of these apply? Answer \"none\", the numbers (e.g. \"3 and 8\"), or name them "
            "(e.g. \"HIV positive, nothing else\").\n" + "\n".join(lines),
            buttons=[{"title": "None of these", "payload": "none of these"},
                     {"title": "Not sure", "payload": "not sure"}],
        )
        return []


class ActionAskFactsConfirmed(Action):
    """The summary before deciding; says up front when a criterion has already failed."""

    def name(self) -> Text:
        return "action_ask_facts_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        facts = facts_of(tracker.slots)
        unknown = tracker.get_slot("unknown_facts") or []
        outcome = check(facts)
        head = "Before I decide, please check:"
        if outcome.failed:
            head = "This already rules the patient out:\n" + reasons(outcome, outcome.failed) + "\nPlease check what I have:"
        dispatcher.utter_message(
            text=f"{head}\n{summary(facts, unknown)}\nIs this right? Say \"yes\", or correct a value (e.g. \"platelets 45\").",
            buttons=[{"title": "Yes, that's right", "payload": "yes"}],
        )
        return []
