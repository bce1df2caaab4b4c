"""The referrer's contact and the patient reference, for screenings worth following up."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from prescreen import outcome_log

FIELDS = ("referrer_name", "referrer_department", "referrer_contact", "patient_reference")
LIMITS = {"referrer_name": 120, "referrer_department": 120, "referrer_contact": 60, "patient_reference": 40}


class ValidateReferrerForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_referrer_form"

    def _short_text(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        text = " ".join(str(value or "").split())
        if not text:
            return {slot: None}
        if len(text) > LIMITS[slot]:
            extra = " Initials or a hospital number only, please." if slot == "patient_reference" else ""
            dispatcher.utter_message(text=f"That is longer than I can keep here ({LIMITS[slot]} characters at most).{extra}")
            return {slot: None}
        return {slot: text}

    def validate_referrer_name(self, value, dispatcher, tracker, domain):
        return self._short_text("referrer_name", value, dispatcher)

    def validate_referrer_department(self, value, dispatcher, tracker, domain):
        return self._short_text("referrer_department", value, dispatcher)

    def validate_referrer_contact(self, value, dispatcher, tracker, domain):
        return self._short_text("referrer_contact", value, dispatcher)

    def validate_patient_reference(self, value, dispatcher, tracker, domain):
        return self._short_text("patient_reference", value, dispatcher)


class ActionSaveReferrer(Action):
    def name(self) -> Text:
        return "action_save_referrer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        reference = (tracker.get_slot("last_screening") or {}).get("reference")
        details = {f: tracker.get_slot(f) for f in FIELDS}
        try:
            outcome_log.record_referral(reference, **details)
        except SQLAlchemyError:
            dispatcher.utter_message(
                text=f"I could not store your contact details (the database is unavailable). {reference} is "
                "logged; please give your details again in a minute, or the coordinator will find you by reference."
            )
            return [SlotSet(f, None) for f in FIELDS]
        dispatcher.utter_message(
            text=f"Thank you, {details['referrer_name']}. The study coordinator will contact you about {reference}. "
            "Say \"new patient\" to screen another."
        )
        return [SlotSet(f, None) for f in FIELDS]
