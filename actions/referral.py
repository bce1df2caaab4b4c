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

from prescreen.followup import referrer_details
from prescreen.store import outcome_log
from prescreen.reading.parsing import parse_bool

from actions import texts
from actions.questions import AskingFormValidationAction

logger = logging.getLogger(__name__)

FIELDS = ("referrer_name", "referrer_department", "referrer_contact", "patient_reference")
PATIENT_REFERENCE_LIMIT = 40


def _from_page(tracker: Tracker) -> Dict[str, str]:
    """The referrer's details the chat page sent with this message (message metadata
    "referrer", kept by the browser after the first time): only those that pass the same rules
    as a typed answer (prescreen/followup/referrer_details.py)."""
    metadata = tracker.latest_message.get("metadata") or {}
    return referrer_details.from_page(metadata.get("referrer"))


class ValidateReferrerForm(AskingFormValidationAction):
    """Who to call back. A page that remembers the physician sends their details with every
    message: those are taken as given and only the patient reference is asked, per patient."""

    def name(self) -> Text:
        return "validate_referrer_form"

    def _extract_from_page(self, slot: str, tracker: Tracker) -> Dict[Text, Any]:
        if tracker.get_slot(slot) is not None:
            return {}
        value = _from_page(tracker).get(slot)
        return {slot: value} if value else {}

    def extract_referrer_name(self, dispatcher, tracker, domain):
        return self._extract_from_page("referrer_name", tracker)

    def extract_referrer_department(self, dispatcher, tracker, domain):
        return self._extract_from_page("referrer_department", tracker)

    def extract_referrer_contact(self, dispatcher, tracker, domain):
        return self._extract_from_page("referrer_contact", tracker)

    def _detail(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
        lang = texts.lang_of(tracker.slots)
        why = referrer_details.problem(slot, value, lang)
        if why:
            dispatcher.utter_message(text=why)
            return {slot: None}
        return {slot: referrer_details.cleaned(slot, value)}

    def validate_referrer_name(self, value, dispatcher, tracker, domain):
        return self._detail("referrer_name", value, dispatcher, tracker)

    def validate_referrer_department(self, value, dispatcher, tracker, domain):
        return self._detail("referrer_department", value, dispatcher, tracker)

    def validate_referrer_contact(self, value, dispatcher, tracker, domain):
        return self._detail("referrer_contact", value, dispatcher, tracker)

    def validate_patient_reference(self, value, dispatcher, tracker, domain):
        text = referrer_details.tidy(value)
        if not text:
            return {"patient_reference": None}
        if referrer_details.declines(text):  # "skip", "rather not": kept as not given, not as a reference
            return {"patient_reference": referrer_details.DECLINED}
        if len(text) > PATIENT_REFERENCE_LIMIT:
            dispatcher.utter_message(text=texts.too_long_to_keep(PATIENT_REFERENCE_LIMIT, texts.lang_of(tracker.slots),
                                                                 patient_reference=True))
            return {"patient_reference": None}
        return {"patient_reference": text}


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
        lang = texts.lang_of(tracker.slots)
        name = details["referrer_name"]
        if name == referrer_details.DECLINED:  # thanked without a name they chose not to give
            name = texts.say("thanks_without_name", lang)
        dispatcher.utter_message(text=texts.referrer_thanks(name, reference, lang))
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
