"""Which language a conversation should be in: a user's explicit request ("English please",
"请用中文"), and the language a message is written in. Plain Python, no Rasa."""
from __future__ import annotations

import re

from prescreen.reading import lexicon as lx
from prescreen.reading import nlp

EN, ZH = "en", "zh"
LANGUAGES = (EN, ZH)

def _either(words) -> str:
    return "(?:" + "|".join(words) + ")"


def _latin(words) -> tuple[str, ...]:
    return tuple(w for w in words if w.isascii())


def _chinese(words) -> tuple[str, ...]:
    return tuple(w for w in words if not w.isascii())


def _asking_for(names: tuple[str, ...]) -> re.Pattern:
    return re.compile(
        r"^(?:(?:can|could)\s+(?:you|we)\s+|please\s+)?(?:speak|use|write|switch\s+to|reply\s+in|answer\s+in|in)?\s*"
        rf"{_either(_latin(names))}(?:\s+please)?[.!?]*$|^(?:能|可以|能不能)?请?(?:用|说|讲|换成|改用|切换到?){_either(_chinese(names))}"
        r"(?:吧|回答|交流|吗|可以吗)?[。!！?？]*$"
        rf"|^{_either(_chinese(names))}(?:模式|版)?$",
        re.IGNORECASE,
    )


# Only a short message that is about the language counts as a request: "中文" inside a long
# answer ("我看不懂中文药名") must not switch the conversation. The names are the lexicon's.
_ASK_EN = _asking_for(lx.LANGUAGE_NAMES[EN])
_ASK_ZH = _asking_for(lx.LANGUAGE_NAMES[ZH])


def requested_language(text: str) -> str | None:
    """"en" / "zh" when the message asks for that language, else None."""
    t = " ".join(text.split())
    if len(t) > 40:
        return None
    if _ASK_EN.match(t):
        return EN
    if _ASK_ZH.match(t):
        return ZH
    return None


def written_in(text: str) -> str:
    """"zh" when the message is mostly Chinese, else "en"."""
    return ZH if nlp.language_of(text) == ZH else EN


def from_browser(accept_language: str | None) -> str:
    """The chat page's starting language from the browser's Accept-Language header."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return ZH
        if tag.startswith("en"):
            return EN
    return EN


# "I am the patient" / "asking for my father" / "我是患者家属": the person typing is not a
# physician, so the assistant switches to everyday words (patient mode).
_EN_RELATIVES = list(_latin(lx.RELATIVES))
_EN_SELF = [w.replace(" ", r"\s+") for w in _latin(lx.SELF_AS_PATIENT)]
_PATIENT = re.compile(
    rf"\b(?:i\s*(?:am|'m)\s+(?:the\s+|a\s+)?{_either(_EN_SELF)}"
    rf"|(?:asking|here)\s+for\s+my\s+{_either(_EN_RELATIVES + ['parent'])}"
    rf"|my\s+{_either(_EN_RELATIVES)}\s+(?:has|had|is|was))\b"
    rf"|我是{_either(_chinese(lx.SELF_AS_PATIENT))}|(?:我|我的)?{_either(_chinese(lx.RELATIVES))}(?:得了|患有|是|确诊)",
    re.IGNORECASE,
)


def says_patient(text: str) -> bool:
    return bool(_PATIENT.search(text[:500]))
