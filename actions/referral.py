"""The referrer's contact and the patient reference, for screenings worth following up."""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from prescreen.store import outcome_log
from prescreen.reading.parsing import parse_bool

from actions import texts
from actions.questions import AskingFormValidationAction

logger = logging.getLogger(__name__)

FIELDS = ("referrer_name", "referrer_department", "referrer_contact", "patient_reference")
LIMITS = {"referrer_name": 120, "referrer_department": 120, "referrer_contact": 60, "patient_reference": 40}


class ValidateReferrerForm(AskingFormValidationAction):
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


def refuse_foreign(dispatcher: CollectingDispatcher, tracker: Tracker, events: List[Dict]) -> List[Dict]:
    """Writes nothing: the `last_screening` reference is not one this conversation logged (a
    forged tracker naming someone else's referral, or none at all)."""
    logger.warning("refused to attach contact details: %r was not logged by this conversation",
                   (tracker.get_slot("last_screening") or {}).get("reference"))
    dispatcher.utter_message(text=texts.not_this_conversations(texts.lang_of(tracker.slots)))
    return events


class ActionSaveReferrer(Action):
    def name(self) -> Text:
        return "action_save_referrer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        reference = (tracker.get_slot("last_screening") or {}).get("reference")
        details = {f: tracker.get_slot(f) for f in FIELDS}
        try:
            if not outcome_log.produced_by(reference, tracker.sender_id):
                return refuse_foreign(dispatcher, tracker, [SlotSet(f, None) for f in FIELDS])
            outcome_log.record_referral(reference, **details)
        except SQLAlchemyError:
            # Nothing was stored (one INSERT). The details stay in the slots and the form asks
            # for the contact again, so one short answer retries the whole write.
            logger.exception("could not store the referrer's details")
            dispatcher.utter_message(text=texts.referral_not_stored(reference, texts.lang_of(tracker.slots)))
            return [SlotSet("referrer_contact", None), ActiveLoop("referrer_form")]
        dispatcher.utter_message(text=texts.referrer_thanks(details["referrer_name"], reference,
                                                             texts.lang_of(tracker.slots)))
        return [SlotSet(f, None) for f in FIELDS]


# ---- patient mode ------------------------------------------------------------------------

PHONE = re.compile(r"^\+?[\d\s\-()]{7,20}$")
PATIENT_REFERRER = "patient or family (self-referral)"


class ValidatePatientContactForm(AskingFormValidationAction):
    """Consent first, separately from the screening: a phone number is asked for, and kept,
    only after an explicit yes (PIPL treats health data as sensitive personal information)."""

    def name(self) -> Text:
        return "validate_patient_contact_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        return ["contact_consent"] if tracker.get_slot("contact_consent") is False else domain_slots

    def validate_contact_consent(self, value, dispatcher, tracker, domain):
        try:
            answer = parse_bool(" ".join(str(value or "").split()).rstrip("。.!！"))
        except ValueError:
            answer = None
        if answer is None:
            answer = {"同意": True, "好": True, "好的": True, "可以": True, "不同意": False, "不要": False,
                      "不用": False, "agree": True, "i agree": True, "ok": True}.get(str(value or "").strip().lower())
        if answer is None:
            dispatcher.utter_message(text=texts.consent_unclear(texts.lang_of(tracker.slots)))
        return {"contact_consent": answer}

    def validate_contact_phone(self, value, dispatcher, tracker, domain):
        phone = " ".join(str(value or "").split())
        if not PHONE.match(phone) or sum(c.isdigit() for c in phone) < 7:
            dispatcher.utter_message(text=texts.phone_unreadable(texts.lang_of(tracker.slots)))
            return {"contact_phone": None}
        return {"contact_phone": phone}


class ActionSavePatientContact(Action):
    def name(self) -> Text:
        return "action_save_patient_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        reference = (tracker.get_slot("last_screening") or {}).get("reference")
        lang = texts.lang_of(tracker.slots)
        cleared = [SlotSet("contact_consent", None), SlotSet("contact_phone", None)]
        if tracker.get_slot("contact_consent") is not True or not tracker.get_slot("contact_phone"):
            dispatcher.utter_message(text=texts.contact_declined(reference, lang))
            return cleared
        channel = tracker.get_latest_input_channel() or "unknown"
        try:
            if not outcome_log.produced_by(reference, tracker.sender_id):
                return refuse_foreign(dispatcher, tracker, cleared)
            outcome_log.record_referral(reference, referrer_name=PATIENT_REFERRER,
                                        referrer_department=f"{channel} pre-screen",
                                        referrer_contact=tracker.get_slot("contact_phone"),
                                        patient_reference="(consented to contact)")
        except SQLAlchemyError:
            # The screening itself is logged; only the number is missing. Consent stands, and
            # the form asks for the number again.
            logger.exception("could not store the patient's phone number")
            dispatcher.utter_message(text=texts.contact_not_stored(reference, lang))
            return [SlotSet("contact_phone", None), ActiveLoop("patient_contact_form")]
        dispatcher.utter_message(text=texts.contact_saved(reference, lang))
        return cleared
