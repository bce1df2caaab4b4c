"""The forms' questions (actions/questions.yml) and the validation-action base that asks them.

Rasa's FormAction would utter `utter_ask_<slot>`; here the validation action, which has just
decided what is still worth asking, says the question in the same reply. When no ask action
or response exists, Rasa's form asks nothing itself (rasa.core.actions.forms: "the user might
have asked as part of a custom action"), so each question is said exactly once.
"""
from __future__ import annotations

import re
from abc import abstractmethod
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Text

import yaml
from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import texts

QUESTIONS_FILE = Path(__file__).with_name("questions.yml")
SCREENING_FORM = "prescreen_form"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1)
def _table() -> Dict[str, Any]:
    return yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))


def _variant(options: Mapping[str, Any], slots: Mapping[str, Any]) -> Any:
    lang, audience = texts.lang_of(slots), texts.audience_of(slots)
    for key in (f"{lang} {audience}", lang, texts.EN):
        if key in options:
            return options[key]
    raise KeyError(f"no {lang}/{audience} or English variant")


def question_text(slot: str, slots: Mapping[str, Any]) -> str:
    """The question, with `{slot}` placeholders filled as Rasa fills them in responses."""
    text = _variant(_table()["questions"][slot], slots)
    return PLACEHOLDER.sub(lambda m: str(slots.get(m.group(1)) if slots.get(m.group(1)) is not None else ""), text)


def question_buttons(slot: str, slots: Mapping[str, Any]) -> List[Dict[str, str]]:
    named = _table()["questions"][slot].get("buttons")
    if not named:
        return []
    return [{"title": title, "payload": payload} for title, payload in _variant(_table()["buttons"][named], slots)]


def asked_slots() -> List[str]:
    return list(_table()["questions"])


Composer = Callable[[CollectingDispatcher, Tracker], None]


class AskingFormValidationAction(FormValidationAction):
    """Validates like rasa_sdk's FormValidationAction, then asks the next slot's question.

    `composed` maps slots whose question is built from the conversation (the checklist, the
    summary) to a function that says it; every other slot's question comes from questions.yml.
    """

    composed: Dict[str, Composer] = {}

    @abstractmethod  # abstract, so that rasa_sdk does not register this base as an action
    def name(self) -> Text:
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        if tracker.get_slot("late_answer") and tracker.active_loop_name != SCREENING_FORM:
            # The message answered the screening, not this contact question ("he agreed to use
            # condoms" when asked for a name): action_extract_facts has set the facts. The text
            # is not kept as a contact detail; the screening form takes over, says what changed
            # and decides again; this form's question comes back after the new decision.
            requested = tracker.get_slot("requested_slot")
            return ([SlotSet(requested, None)] if requested else []) + [
                SlotSet("late_answer", None), ActiveLoop(SCREENING_FORM)]
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
