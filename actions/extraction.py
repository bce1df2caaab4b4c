"""action_extract_facts: reads every user message for facts, in or out of the form.

It is the custom slot mapping of every fact slot (domain.yml), so Rasa runs it after
each user message. Facts can therefore arrive in any order, several at once, and as
corrections at any time ("sorry, platelets are 45"), even after the decision.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from prescreen.diagnosis import classify
from prescreen.extract import extract_facts
from prescreen.facts import FACT_KEYS

from actions.plan import CHECKLIST, CONFIRM, checklist_items, facts_of
from actions.summary import fact_phrase

FORM = "prescreen_form"
# Messages these intents carry are questions or commands, not answers: the form must be
# rejected for them so that the rules can answer and the form resumes afterwards.
PASS_THROUGH_INTENTS = {"faq", "ask_why", "start_over", "bot_challenge"}
READ_LIMIT = 2000  # prescreen.extract reads at most this many characters

HINTS = {
    "age": "the age in years, e.g. \"62\"",
    "diagnosis": "a diagnosis, e.g. AML, APL, ALL, CML or CLL, or its full name",
    "platelet_count": "a platelet count, e.g. \"32\", \"32k\", \"32,000/µL\" or \"32×10⁹/L\"",
    "ecog": "an ECOG score from 0 (fully active) to 4 (bedbound)",
    CHECKLIST: "which of the listed items apply",
    CONFIRM: "whether the summary is right",
}


def _hint(requested: str | None, attempts: int) -> str:
    wanted = HINTS.get(requested or "", "a yes, no or \"not sure\"")
    text = f"Sorry, I couldn't read {wanted} in that."
    if attempts >= 2:
        text += " If it isn't known, say \"not sure\" and I'll move on."
    return text


class ActionExtractFacts(Action):
    def name(self) -> Text:
        return "action_extract_facts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        text = (tracker.latest_message.get("text") or "").strip()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if not text or text.startswith("/"):  # button payloads such as /greet carry no facts
            return []
        if tracker.active_loop_name == "referrer_form":  # "ext 4521" is a phone, not a fact
            return []
        in_form = tracker.active_loop_name == FORM
        requested = tracker.get_slot("requested_slot") if in_form else None
        current = facts_of(tracker.slots)
        unknown = set(tracker.get_slot("unknown_facts") or [])
        offered = [k for _, k in checklist_items(current, unknown)] if requested == CHECKLIST else []

        found = extract_facts(text, expecting=requested, offered=offered)
        facts = dict(found.facts)
        if "diagnosis" not in facts:
            facts.update(self._diagnosis_from_entities(tracker))

        # Rasa does not send what a slot-mapping action says, so notices wait in a slot for
        # the form's validation action (screening_form.py), which says them this same turn.
        notices: List[str] = []
        events: List[Dict] = [SlotSet(k, v) for k, v in facts.items()]
        for key in found.unsure:
            events.append(SlotSet(key, None))
        new_unknown = (unknown - set(facts)) | set(found.unsure)
        if new_unknown != unknown:
            events.append(SlotSet("unknown_facts", sorted(new_unknown)))

        changed = {k: v for k, v in facts.items() if k in FACT_KEYS and current.get(k) != v}
        corrected = [k for k in changed if current.get(k) is not None]
        if changed and tracker.get_slot(CONFIRM) and not in_form:
            # A correction after the decision: the form runs again and re-confirms.
            events.append(SlotSet(CONFIRM, None))

        for problem in found.problems:
            notices.append(problem.message)
        if len(text) > READ_LIMIT:
            notices.append(
                f"That message is long ({len(text):,} characters); I read the first {READ_LIMIT:,}. "
                "Please send the facts briefly."
            )
        if len(changed) >= 2 or corrected:
            noted = "Updated" if corrected else "Noted"
            notices.append(f"{noted}: " + ", ".join(fact_phrase(k, v) for k, v in changed.items()) + ".")

        answered = bool(facts or found.unsure or found.checklist_answered)
        if requested == CHECKLIST and intent not in PASS_THROUGH_INTENTS:
            events.append(SlotSet(CHECKLIST, "answered" if found.checklist_answered else "unclear"))
            if not found.checklist_answered:
                notices.append("I couldn't match that to the list, so I'll ask about each item in turn.")
            answered = True

        if in_form and not answered and intent not in PASS_THROUGH_INTENTS:
            # Keep the form going with a re-worded request instead of letting it be rejected
            # into a loop. The form then asks its question again.
            attempts = int(tracker.get_slot("not_understood") or 0) + 1
            if not found.problems:
                notices.append(self._not_understood(found.language, requested, attempts))
            events.append(SlotSet("not_understood", attempts))
        elif answered and tracker.get_slot("not_understood"):
            events.append(SlotSet("not_understood", 0))
        if self._second_reading(tracker):
            # Activating the form reads the same message again (Rasa runs the slot mappings
            # once more); by then the slots hold its facts, so this reading finds no change.
            # Keep what the first reading noticed ("Updated: …") for the form to say.
            earlier = tracker.get_slot("notices") or []
            notices = earlier + [n for n in notices if n not in earlier]
        if notices or tracker.get_slot("notices"):
            events.append(SlotSet("notices", notices))
        return events

    @staticmethod
    def _second_reading(tracker: Tracker) -> bool:
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                return False
            if event.get("event") == "slot":
                return True
        return False

    @staticmethod
    def _not_understood(language: str, requested: str | None, attempts: int) -> str:
        if language == "zh":
            return ("This screening runs in English for now; please answer in English (numbers are fine). "
                    "本页面目前用英文进行筛查，请用英文回答（数字也可以）。")
        return _hint(requested, attempts)

    @staticmethod
    def _diagnosis_from_entities(tracker: Tracker) -> Dict[str, Any]:
        # DIET's entity (with synonyms) catches spellings the rule lexicon has not seen.
        for entity in tracker.latest_message.get("entities") or []:
            if entity.get("entity") == "diagnosis":
                found = classify(str(entity.get("value")))
                if found is not None:
                    return {"diagnosis": found.canonical}
        return {}
