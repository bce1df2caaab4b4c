"""The forms' questions (the catalogue's `questions`, prescreen/texts/catalogue.yml) and the
validation-action base that asks them.

Rasa's FormAction would utter `utter_ask_<slot>`; here the validation action, which has just
decided what is still worth asking, says the question in the same reply. When no ask action
or response exists, Rasa's form asks nothing itself (rasa.core.actions.forms: "the user might
have asked as part of a custom action"), so each question is said exactly once.
"""
from __future__ import annotations

from abc import abstractmethod
from typing import Any, Callable, Dict, List, Mapping, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from prescreen import texts as catalogue

from actions import texts
from actions.plan import FORM



def question_text(slot: str, slots: Mapping[str, Any]) -> str:
    """The question, with `{slot}` placeholders filled as Rasa fills them in responses."""
    text = catalogue.question(slot, texts.lang_of(slots), texts.audience_of(slots))
    return catalogue.PLACEHOLDER.sub(
        lambda m: str(slots.get(m.group(1)) if slots.get(m.group(1)) is not None else ""), text)


def question_buttons(slot: str, slots: Mapping[str, Any]) -> List[Dict[str, str]]:
    named = catalogue.catalogue()["questions"][slot].get("buttons")
    return catalogue.buttons(named, texts.lang_of(slots), texts.audience_of(slots)) if named else []


def asked_slots() -> List[str]:
    return list(catalogue.catalogue()["questions"])


Composer = Callable[[CollectingDispatcher, Tracker], None]


class AskingFormValidationAction(FormValidationAction):
    """Validates like rasa_sdk's FormValidationAction, then asks the next slot's question.

    `composed` maps slots whose question is built from the conversation (the checklist, the
    summary) to a function that says it; every other slot's question comes from the catalogue.
    """

    composed: Dict[str, Composer] = {}

    @abstractmethod  # abstract, so that rasa_sdk does not register this base as an action
    def name(self) -> Text:
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        if tracker.get_slot("late_answer") and tracker.active_loop_name != FORM:
            # The message answered the screening, not this contact question ("he agreed to use
            # condoms" when asked for a name): action_extract_facts has set the facts. The text
            # is not kept as a contact detail; the screening form takes over, says what changed
            # and decides again; this form's question comes back after the new decision.
            requested = tracker.get_slot("requested_slot")
            return ([SlotSet(requested, None)] if requested else []) + [
                SlotSet("late_answer", None), ActiveLoop(FORM)]
        events = await super().run(dispatcher, tracker, domain)  # tracker.slots now include them
        slot = await self._slot_to_ask(events, dispatcher, tracker, domain)
        if slot in self.composed:
            self.composed[slot](dispatcher, tracker)
        elif slot:
            dispatcher.utter_message(text=question_text(slot, tracker.slots),
                                     buttons=question_buttons(slot, tracker.slots))
        return events

    async def _slot_to_ask(self, events: List[Dict], dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Optional[Text]:
        """The slot the form will request: the SDK's own choice when required_slots is
        overridden (a SlotSet of requested_slot, None ending the form), else the first slot
        of the form that is still empty, as Rasa's FormAction picks it."""
        for event in reversed(events):
            if event.get("event") == "slot" and event.get("name") == "requested_slot":
                return event.get("value")
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return next((s for s in required if tracker.slots.get(s) is None), None)
