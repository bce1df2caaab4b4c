"""The screening form: which slot to ask next, and the two questions that are built
from the conversation (the exclusion checklist and the confirmation summary)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from prescreen.eligibility.checker import check

from actions import activity, texts
from actions.plan import CHECKLIST, CONFIRM, checklist_items, facts_of, still_to_ask
from actions.questions import AskingFormValidationAction, question_buttons, question_text


def ask_exclusion_checklist(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The exclusion history as one numbered list (numbers are the criteria's E numbers)."""
    items = checklist_items(facts_of(tracker.slots), tracker.get_slot("unknown_facts") or [])
    lang = texts.lang_of(tracker.slots)
    lines = [f"{n}. {question_text(key, tracker.slots)}" for n, key in items]
    dispatcher.utter_message(
        text=texts.checklist_question(lines, lang),
        buttons=texts.buttons("checklist", lang),
    )


def ask_facts_confirmed(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The summary before deciding; says up front when a criterion has already failed."""
    facts = facts_of(tracker.slots)
    unknown = tracker.get_slot("unknown_facts") or []
    lang = texts.lang_of(tracker.slots)
    dispatcher.utter_message(
        text=texts.confirm_question(facts, unknown, check(facts), lang, texts.audience_of(tracker.slots),
                                    tracker.get_slot("evidence"), tracker.get_slot("ecog_range")),
        buttons=texts.buttons("confirm", lang),
    )


def ask_ecog(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The activity question; after words that left a range of grades, the one follow-up
    question that tells those grades apart, in everyday words."""
    pending = activity.pending_range(tracker.get_slot("ecog_range"))
    if pending is None:
        dispatcher.utter_message(text=question_text("ecog", tracker.slots), buttons=question_buttons("ecog", tracker.slots))
        return
    lang = texts.lang_of(tracker.slots)
    dispatcher.utter_message(text=activity.followup_question(*pending, lang, tracker.get_slot("sex")),
                             buttons=activity.followup_buttons(*pending, lang))


class ValidatePrescreenForm(AskingFormValidationAction):
    def name(self) -> Text:
        return "validate_prescreen_form"

    composed = {CHECKLIST: ask_exclusion_checklist, CONFIRM: ask_facts_confirmed, "ecog": ask_ecog}

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        # Say what action_extract_facts noticed (refused values, corrections, re-prompts).
        for text in tracker.get_slot("notices") or []:
            dispatcher.utter_message(text=text)
        events = await super().run(dispatcher, tracker, domain)
        done = [SlotSet("late_answer", None)] if tracker.get_slot("late_answer") else []
        return events + ([SlotSet("notices", [])] if tracker.get_slot("notices") else []) + done

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
            dispatcher.utter_message(text=texts.what_to_change(texts.lang_of(tracker.slots), texts.audience_of(tracker.slots)))
            return {CONFIRM: None}
        return {CONFIRM: value}
