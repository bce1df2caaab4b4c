"""The referring physician's details: what counts as a name, a department and a way to call back.

One set of rules for the chat page (which keeps the details in the browser and sends them with
every message) and for the conversation (actions/referral.py, which asks for them when the page
did not send them). "skip" was once stored as a name and "what's the reference again?" as a
department: a command, a question or a refusal is never kept as a detail.
"""
from __future__ import annotations

import re
from typing import Optional

from prescreen.texts import LANGUAGES, template

LIMITS = {"referrer_name": 120, "referrer_department": 120, "referrer_contact": 60}
FIELDS = tuple(LIMITS)

# What the referral row holds when the physician declines to give a detail: the referral is
# still worth following up (the patient reference is asked per patient), and the coordinator
# sees plainly that nobody can be called back rather than a blank or a guessed name.
DECLINED = "(not given)"

_DECLINE = re.compile(
    r"^(?:skip|pass|decline|declined|no|nope|none|n/a|-+|"
    r"(?:i(?:'d| would)? )?(?:rather|prefer) not(?: to)?(?: say| give| share)?(?: it| that)?|"
    r"no thanks?|not now|won'?t say|don'?t want to(?: say| give| share)?|"
    r"跳过|不方便|不想说|不提供|不留|算了|不用了?|无|没有)[.!。！]?$",
    re.IGNORECASE)
# Words that make a message a command or a question, never a name or a department.
_COMMAND = re.compile(
    r"\b(?:start over|restart|reset|new (?:patient|screening)|next patient|cancel|undo|help|"
    r"what|why|how|when|where|which|who|can you|could you|is it|are you|reference)\b|"
    r"[?？]|新患者|重新开始|重新筛查|什么|为什么|怎么|多少|吗$|呢$",
    re.IGNORECASE)
_NAME_CHARS = re.compile(r"^[\w .,'’()\-/&·]+$", re.UNICODE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A phone number: 7-20 characters of digits, spaces, dashes, brackets and a leading +.
_PHONE = re.compile(r"^\+?[\d\s\-()]{7,20}$")
# An extension: "ext 3310", "x3310", "分机 3310" (short ones too once named: "ext 1"), or 3-6 digits alone.
_EXTENSION = re.compile(r"^(?:(?:ext\.?|extension|x|分机号?)\s*:?\s*\d{1,6}|\d{3,6})$", re.IGNORECASE)

# Why a detail cannot be kept, worded in the catalogue (prescreen/texts/catalogue.yml);
# "too_long" keeps its {limit} placeholder for the caller to fill.
MESSAGES = {
    lang: {"referrer_name": template("referrer_name_unreadable", lang),
           "referrer_department": template("referrer_department_unreadable", lang),
           "referrer_contact": template("referrer_contact_unreadable", lang),
           "too_long": template("too_long_to_keep", lang)}
    for lang in LANGUAGES
}


def tidy(value: object) -> str:
    return " ".join(str(value or "").split())


def declines(value: object) -> bool:
    """"skip", "rather not", "不方便": the physician does not want to give this detail."""
    text = tidy(value)
    return text == DECLINED or bool(_DECLINE.match(text))


def problem(field: str, value: object, lang: str = "en") -> Optional[str]:
    """Why `value` cannot be kept as `field` (in `lang`), or None when it can. A refusal is
    not a problem: the caller stores DECLINED for it (see `cleaned`)."""
    text = tidy(value)
    words = MESSAGES.get(lang, MESSAGES["en"])
    if not text:
        return words[field]
    if declines(text):
        return None
    if len(text) > LIMITS[field]:
        return words["too_long"].format(limit=LIMITS[field])
    if field == "referrer_contact":
        digits = sum(c.isdigit() for c in text)
        ok = _EMAIL.match(text) or _EXTENSION.match(text) or (_PHONE.match(text) and digits >= 7)
        return None if ok else words[field]
    if _COMMAND.search(text) or not _NAME_CHARS.match(text) or not any(c.isalpha() for c in text):
        return words[field]
    return None


def cleaned(field: str, value: object) -> Optional[str]:
    """The value to store: the tidied text, DECLINED for a refusal, None when it cannot be kept."""
    if problem(field, value) is not None:
        return None
    return DECLINED if declines(value) else tidy(value)


def from_page(details: object) -> dict[str, str]:
    """The fields of the details a chat page sent (message metadata) that can be kept.

    A field the page sent but that fails the rules is dropped, so the conversation asks for it
    instead of storing it; the page checks the same rules before it saves them."""
    if not isinstance(details, dict):
        return {}
    kept = {}
    for field in FIELDS:
        value = cleaned(field, details.get(field)) if details.get(field) else None
        if value is not None:
            kept[field] = value
    return kept
