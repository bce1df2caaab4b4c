"""Which language a conversation should be in: a user's explicit request ("English please",
"请用中文"), and the language a message is written in. Plain Python, no Rasa."""
from __future__ import annotations

import re

from prescreen.reading import nlp

EN, ZH = "en", "zh"
LANGUAGES = (EN, ZH)

# Only a short message that is about the language counts as a request: "中文" inside a long
# answer ("我看不懂中文药名") must not switch the conversation.
_ASK_EN = re.compile(
    r"^(?:(?:can|could)\s+(?:you|we)\s+|please\s+)?(?:speak|use|write|switch\s+to|reply\s+in|answer\s+in|in)?\s*"
    r"english(?:\s+please)?[.!?]*$|^(?:能|可以|能不能)?请?(?:用|说|讲|换成|改用|切换到?)(?:英文|英语)(?:吧|回答|交流|吗|可以吗)?[。!！?？]*$"
    r"|^(?:英文|英语)(?:模式|版)?$",
    re.IGNORECASE,
)
_ASK_ZH = re.compile(
    r"^(?:(?:can|could)\s+(?:you|we)\s+|please\s+)?(?:speak|use|write|switch\s+to|reply\s+in|answer\s+in|in)?\s*"
    r"(?:chinese|mandarin)(?:\s+please)?[.!?]*$|^(?:能|可以|能不能)?请?(?:用|说|讲|换成|改用|切换到?)(?:中文|汉语|普通话)"
    r"(?:吧|回答|交流|吗|可以吗)?[。!！?？]*$|^(?:中文|汉语)(?:模式|版)?$",
    re.IGNORECASE,
)


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
_PATIENT = re.compile(
    r"\b(?:i\s*(?:am|'m)\s+(?:the\s+|a\s+)?(?:patient|family\s+member|relative|caregiver|carer)"
    r"|(?:asking|here)\s+for\s+my\s+(?:father|mother|dad|mum|mom|husband|wife|son|daughter|brother|sister|parent)"
    r"|my\s+(?:father|mother|dad|mum|mom|husband|wife|son|daughter|brother|sister)\s+(?:has|had|is|was))\b"
    r"|我是(?:患者|病人|病友|家属|他的家人|她的家人)|(?:我|我的)?(?:爸爸|妈妈|父亲|母亲|老公|丈夫|老婆|妻子|儿子|女儿|哥哥|姐姐|弟弟|妹妹)(?:得了|患有|是|确诊)",
    re.IGNORECASE,
)


def says_patient(text: str) -> bool:
    return bool(_PATIENT.search(text[:500]))
