"""Conversation control: starting a new screening, explaining why a question is asked, and
switching the language."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from prescreen.reading.language import requested_language, written_in

from actions import texts


class ActionNewScreening(Action):
    """Clears every fact so nothing of one patient leaks into the next; keeps the language
    and who is typing, which belong to the person, not the patient. The rule that runs it
    has already said hello or "new screening"."""

    def name(self) -> Text:
        return "action_new_screening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        kept = [SlotSet(k, tracker.get_slot(k)) for k in ("language", "audience") if tracker.get_slot(k)]
        return [ActiveLoop(None), AllSlotsReset(), *kept]


class ActionExplainQuestion(Action):
    """"Why do you ask?": quotes the criterion the current question serves."""

    def name(self) -> Text:
        return "action_explain_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        dispatcher.utter_message(text=texts.explain(tracker.get_slot("requested_slot"), texts.lang_of(tracker.slots)))
        return []


class ActionSwitchLanguage(Action):
    """"English please" / "请用中文": action_extract_facts has already set the slot from the
    words; this confirms it (and picks the language when NLU saw a request the words lack)."""

    def name(self) -> Text:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        text = tracker.latest_message.get("text") or ""
        lang = requested_language(text) or written_in(text)
        dispatcher.utter_message(text=texts.switched_to(lang, automatically=False))
        return [SlotSet("language", lang)] if lang != tracker.get_slot("language") else []


# One intent per question topic, answered by the domain response `utter_<intent>`; the rules
# in data/rules.yml say it and resume the form. The intent classifier
# (rasa_addons/intent_classifier.py) sorts the topic with every other intent, so no second
# model (Rasa's ResponseSelector) runs on each message.
FAQ_INTENTS = ("faq_dose", "faq_number_of_doses", "faq_sponsor", "faq_enrollment", "faq_ctit", "faq_design",
               "faq_eligibility_overview")
