"""action_extract_facts: reads every user message for facts, in or out of the form.

It is the custom slot mapping of every fact slot (domain.yml), so Rasa runs it after
each user message. Facts can therefore arrive in any order, several at once, and as
corrections at any time ("sorry, platelets are 45"), even after the decision.
"""
from __future__ import annotations

import asyncio
import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from prescreen.reading.diagnosis import capitalise_abbreviations
from prescreen.reading.extract import READ_LIMIT, extract_facts
from prescreen.eligibility.facts import FACT_KEYS
from prescreen.reading.language import EN, LANGUAGES, ZH, requested_language, says_patient, written_in

from actions import activity, texts
from actions.conversation import FAQ_INTENTS
from actions.plan import CHECKLIST, CONFIRM, FORM, QUESTION_ORDER, checklist_items, facts_of, still_to_ask
# Messages these intents carry are questions or commands, not answers: the form must be
# rejected for them so that the rules can answer and the form resumes afterwards.
PASS_THROUGH_INTENTS = {"ask_why", "start_over", "bot_challenge", "switch_language",
                        *FAQ_INTENTS}
LONG_MESSAGE = 2_000  # longer messages (letters) are read off the event loop
CONTACT_FORMS = ("referrer_form", "patient_contact_form")
# Words that say a message corrects the screening even while a contact question is asked.
_CORRECTING = re.compile(r"\b(?:sorry|correction|i mean|i meant|actually)\b|更正|说错|写错|不对", re.IGNORECASE)
# Acknowledgements after a decision ("ok", "好的", "thanks") are not answers to what was not known.
_ACKNOWLEDGEMENTS = {"ok", "okay", "k", "thanks", "thank you", "thx", "great", "good", "fine", "sure", "right",
                     "好", "好的", "行", "嗯", "嗯嗯", "谢谢", "知道了", "明白", "收到", "可以", "对", "对的"}


def _bare_answer(text: str) -> bool:
    """A short answer ("negative", "yes", "阴性", "同意") rather than a sentence or a thank-you."""
    words = " ".join(text.lower().split()).strip(" .!。！~")
    if not words or words in _ACKNOWLEDGEMENTS or "thank" in words or "谢" in words:
        return False  # "no thanks" declines nothing about the patient
    return len(words) <= 24 and len(words.split()) <= 4

def _failing_facts(facts: Dict[str, Any]) -> set:
    """The fact keys of the criteria these facts fail: the ones whose words are quoted."""
    from prescreen.eligibility.checker import check
    from prescreen.eligibility.criteria import BY_ID, NOT_MET
    from prescreen.reading.parsing import InvalidValue

    try:
        outcome = check({k: v for k, v in facts.items() if k in FACT_KEYS})
    except InvalidValue:
        return set()
    return {key for c in outcome.criteria if c.status == NOT_MET for key in BY_ID[c.id].facts}


class ActionExtractFacts(Action):
    def name(self) -> Text:
        return "action_extract_facts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        text = (tracker.latest_message.get("text") or "").strip()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if not text:
            return []
        lang, events, notices, asked_for_language = self._language(tracker, text, intent)
        if text.startswith("/"):  # payloads such as /greet (the page's "New screening") carry no facts
            return events
        contact_form = tracker.active_loop_name in CONTACT_FORMS
        in_form = tracker.active_loop_name == FORM
        requested = tracker.get_slot("requested_slot") if in_form else None
        current = facts_of(tracker.slots)
        unknown = set(tracker.get_slot("unknown_facts") or [])
        offered = [k for _, k in checklist_items(current, unknown)] if requested == CHECKLIST else []
        # After a decision (its follow-up questions included), a message stating a fact is a
        # late answer: it updates the screening, which is decided and logged again.
        decided = bool(tracker.get_slot("last_screening")) and not in_form
        pending = activity.pending_range(tracker.get_slot("ecog_range"))
        followup = requested == "ecog" and pending is not None

        expecting = requested
        review = (tracker.get_slot("last_screening") or {}).get("decision") == "needs_review"
        if decided and review and not contact_form and len(unknown) == 1 and _bare_answer(text):
            expecting = next(iter(unknown))  # "negative" after a decision that left only HIV open
        if len(text) > LONG_MESSAGE:
            # A pasted letter is read in a worker thread, so that the action server keeps
            # answering other conversations meanwhile (a 20,000-character letter takes about a
            # second to read twice); the pipelines are only read from, never changed, by a reading.
            found = await asyncio.get_running_loop().run_in_executor(None, _read_message, text, expecting, offered,
                                                                     contact_form)
        else:
            found = _read_message(text, expecting, offered, contact_form)
        facts = dict(found.facts)
        if contact_form:
            # A name, a department, "ext 4521" or "同意" are contact details, not facts: only a
            # criterion fact that was not known yet is read as a late answer ("he agreed to use
            # condoms" when asked for a name); the form then gives way to the screening.
            correcting = bool(_CORRECTING.search(text))  # "sorry, he is HIV positive": a fact known before
            facts = {k: v for k, v in facts.items()
                     if k in FACT_KEYS and k != "sex" and current.get(k) != v and (current.get(k) is None or correcting)
                     and (k != "diagnosis" or correcting)}  # "Leukemia unit" is a department
            if not facts:
                return events
            found.unsure, found.conflicts, found.problems = [], {}, []
            events.append(SlotSet("late_answer", True))

        # Activity words that leave a range of ECOG grades: one follow-up question (the form asks
        # it, screening_form.py), unless a grade is already known and the words agree with it.
        ecog_words = found.ecog_range if "ecog" in found.unsure and "ecog" not in found.conflicts else None
        range_notice = False
        if followup:
            grade = activity.decide(*pending, text, facts.get("ecog"), ecog_words,
                                    "ecog" in found.unsure and ecog_words is None)
            said = found.evidence.get("ecog") or text
            earlier = (tracker.get_slot("evidence") or {}).get("ecog")
            if grade is not None:
                facts["ecog"] = grade
                found.evidence["ecog"] = f"{earlier}; {said}" if earlier and earlier != said else said
                if "ecog" in found.unsure:
                    found.unsure.remove("ecog")
                events.append(SlotSet("ecog_range", None))
            elif (ecog_words is not None or "ecog" in found.unsure or activity.yes_no(text) is not None
                  or activity.undecided(text)):
                # The answer leaves it open: not known, never the nearer grade guessed.
                if "ecog" not in found.unsure:
                    found.unsure.append("ecog")
                found.evidence["ecog"] = f"{earlier}; {said}" if earlier and earlier != said else said
                events.append(SlotSet("ecog_range", None))
        elif ecog_words is not None:
            if current.get("ecog") is not None and ecog_words[0] <= current["ecog"] <= ecog_words[1]:
                found.unsure.remove("ecog")  # "ECOG 1" earlier, "walks independently" now: they agree
                found.evidence.pop("ecog", None)
            else:
                found.unsure.remove("ecog")
                events.append(SlotSet("ecog", None))
                events.append(SlotSet("ecog_range", list(ecog_words)))
                range_notice = True
                if "ecog" in unknown:
                    unknown.discard("ecog")
                    events.append(SlotSet("unknown_facts", sorted(unknown)))

        # A rough value ("1万多") or two that disagree, said before its question was asked: the
        # form asks the question (one the person can answer) instead of leaving it not known;
        # the answer to that question, if still rough or both ways, is then not known.
        ask_back = {k for k in found.unsure if k != requested and k in QUESTION_ORDER and k not in unknown
                    and (k in found.rough or k in found.conflicts)}

        # Rasa does not send what a slot-mapping action says, so notices wait in a slot for
        # the form's validation action (screening_form.py), which says them this same turn.
        events += [SlotSet(k, v) for k, v in facts.items()]
        if found.evidence:
            # The words each fact was read from, kept for the summary and the outcome log.
            evidence = {k: w for k, w in found.evidence.items() if not contact_form or k in facts}
            events.append(SlotSet("evidence", {**(tracker.get_slot("evidence") or {}), **evidence}))
        for key in found.unsure:
            events.append(SlotSet(key, None))
        new_unknown = (unknown - set(facts)) | (set(found.unsure) - ask_back)
        if new_unknown != unknown:
            events.append(SlotSet("unknown_facts", sorted(new_unknown)))

        changed = {k: v for k, v in facts.items() if k in FACT_KEYS and current.get(k) != v}
        corrected = [k for k in changed if current.get(k) is not None]
        late = bool(changed or range_notice) and decided
        if late and not contact_form:
            events.append(SlotSet("late_answer", True))  # the rules run the screening form again
        elif not contact_form and tracker.get_slot("late_answer"):
            events.append(SlotSet("late_answer", None))
        if (changed or range_notice) and tracker.get_slot(CONFIRM) and not in_form:
            # After the decision. A late answer that leaves nothing more to ask is decided at
            # once (the reply says what changed, then the new decision); one that opens new
            # questions (a correction that lifts an exclusion) runs the form and confirms again.
            after = {**current, **facts, **{k: None for k in found.unsure}}
            if range_notice:
                after["ecog"] = None
            if still_to_ask(after, new_unknown, tracker.get_slot(CHECKLIST)) != [CONFIRM] or range_notice:
                events.append(SlotSet(CONFIRM, None))

        for problem in found.problems:
            notices.append(texts.problem(problem, lang, texts.audience_of(tracker.slots)))
        if len(text) > READ_LIMIT:
            notices.append(texts.too_long(len(text), READ_LIMIT, lang))
        failing = _failing_facts({**current, **facts})
        quote = {k: found.evidence[k] for k in changed if k in failing and k in found.evidence}
        if len(changed) >= 2 or corrected or quote or late:
            notices.append(texts.noted(changed, bool(corrected) or late, lang, quote, texts.audience_of(tracker.slots)))
        unsettled = {k: found.evidence[k] for k in found.unsure
                     if k in found.evidence and k not in found.conflicts and k not in ask_back}
        if unsettled and requested not in unsettled:
            notices.append(texts.not_known_yet(unsettled, lang))
        for key, (one, other) in found.conflicts.items():
            notices.append(texts.both_ways(key, one, other, lang))

        answered = bool(facts or found.unsure or found.checklist_answered or asked_for_language or range_notice
                        or (followup and any(e.get("name") == "ecog_range" for e in events)))
        if requested == CHECKLIST and intent not in PASS_THROUGH_INTENTS and not asked_for_language:
            events.append(SlotSet(CHECKLIST, "answered" if found.checklist_answered else "unclear"))
            if not found.checklist_answered:
                notices.append(texts.checklist_unmatched(lang))
            answered = True

        second = self._second_reading(tracker)
        activating = in_form and requested is None  # the form is starting on this message: nothing was asked yet
        if in_form and not answered and intent not in PASS_THROUGH_INTENTS and not activating:
            # Keep the form going with a re-worded request instead of letting it be rejected
            # into a loop. The form then asks its question again.
            attempts = int(tracker.get_slot("not_understood") or 0) + 1
            if not found.problems:
                notices.append(texts.not_understood(requested, attempts, lang, texts.audience_of(tracker.slots)))
            events.append(SlotSet("not_understood", attempts))
        elif activating and intent == "inform" and not answered and not found.problems \
                and not tracker.get_slot("late_answer"):  # a bare late answer was read before the form started
            # An opening message classified as facts but holding none (keyboard mash can score
            # just above the fallback threshold): say so before the form's first question.
            notices.append(texts.nothing_read(lang))
        elif answered and tracker.get_slot("not_understood"):
            events.append(SlotSet("not_understood", 0))
        if second:
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
    def _language(tracker: Tracker, text: str, intent: str | None) -> tuple[str, List[Dict], List[str], bool]:
        """The conversation's language and audience after this message, the events that set
        them, what to tell the user about a switch, and whether the message asked for one.

        WeChat conversations start in Chinese with a patient or family member; the intranet
        page starts in the browser's language (metadata from web/chat.py) with a physician.
        Chinese text in an English conversation switches to Chinese; back to English only on
        request, since button payloads and drug names are English in any conversation."""
        metadata = tracker.latest_message.get("metadata") or {}
        wechat = tracker.get_latest_input_channel() == "wechat"
        current = tracker.get_slot("language")
        asked = requested_language(text)
        notices: List[str] = []
        if asked and intent == "switch_language":
            lang = current or asked  # action_switch_language switches and says so (rules.yml)
        elif asked:
            lang = asked
            if asked != current:
                notices.append(texts.switched_to(asked, automatically=False))
        elif current in LANGUAGES:
            lang = current
            if current == EN and written_in(text) == ZH:
                lang = ZH
                notices.append(texts.switched_to(ZH, automatically=True))
        elif wechat or written_in(text) == ZH:
            lang = ZH
        else:
            lang = metadata.get("language") if metadata.get("language") in LANGUAGES else EN
        events: List[Dict] = [SlotSet("language", lang)] if lang != current else []

        audience = tracker.get_slot("audience")
        wanted = audience or (texts.PATIENT if wechat or metadata.get("audience") == texts.PATIENT else texts.PHYSICIAN)
        if says_patient(text):
            wanted = texts.PATIENT
        if wanted != audience:
            events.append(SlotSet("audience", wanted))
            if wanted == texts.PATIENT and intent != "greet":  # the greeting says it otherwise
                notices.append(texts.patient_disclaimer(lang))
        return lang, events, notices, asked is not None


def _read_message(text: str, expecting: str | None, offered: list, contact_form: bool):
    found = extract_facts(text, expecting=expecting, offered=offered)
    if not contact_form:
        _read_lowercase_abbreviations(found, text, expecting, offered)
    return found


def _read_lowercase_abbreviations(found, text: str, expecting: str | None, offered: list) -> None:
    """Adds to `found` what the message says through an abbreviation written in lower case.

    The reading layer counts abbreviations in capitals only ("all", "mm" are words), yet
    physicians type "aml 55f plt 25k". The message is read again with the abbreviations that
    are unambiguous in any case capitalised (prescreen.reading.diagnosis); a fact, or a fact
    left not known, that only this second reading finds is added, with negation and doubt read
    as in any message ("no cml", "?aml"). What the first reading found stays as it was.
    (This replaced DIET's `diagnosis` entity, which tagged "aml" without reading its context.)
    """
    capitalised = capitalise_abbreviations(text)
    if capitalised == text:
        return
    again = extract_facts(capitalised, expecting=expecting, offered=offered)
    known = set(found.facts) | set(found.unsure) | set(found.conflicts) | set(found.rough)
    for key, value in again.facts.items():
        if key not in known:
            found.facts[key] = value
            if key in again.evidence:
                found.evidence[key] = again.evidence[key]
    for key in again.unsure:
        if key not in known and key not in found.facts:
            found.unsure.append(key)
            if key in again.evidence:
                found.evidence[key] = again.evidence[key]
