"""Pure helpers of the WeChat channel: fixed texts, the bot's messages as one WeChat text,
splitting at WeChat's text limit, and a DTD-refusing XML check. No I/O, no Rasa, no wechatpy."""
from __future__ import annotations

from typing import Any, Iterable
from xml.parsers import expat

# WeChat refuses text messages (passive replies and customer-service messages) whose
# content is longer than 2048 bytes of UTF-8.
WECHAT_TEXT_LIMIT_BYTES = 2048

# WeChat conversations start in Chinese with a patient or family member (actions/extraction.py),
# so the texts below speak to them first, then in English.
GREETING = (
    "您好！这是NCT06898983临床试验的预筛查助手。这项研究面向在白血病治疗（如化疗）后血小板降低的成人患者，"
    "使用的药物是罗米司亭。我会问几个简单的问题，帮您看看患者是否可能适合这项研究；不清楚的直接说“不清楚”就可以。"
    "请不要发送姓名、身份证号或病历号。"
    "这不是诊断，也不是入组决定：能否参加由研究医生决定。发送任意消息即可开始。\n\n"
    "Hello! This is the pre-screening assistant for clinical trial NCT06898983 (romiplostim for low platelets "
    "after leukemia treatment in adults). I ask a few simple questions to see whether the patient might fit "
    "the study. Please do not send names or ID numbers. This is not a diagnosis and not an enrolment decision. "
    "Say \"English please\" to continue in English."
)

IMAGE_REPLY = (
    "抱歉，我看不了图片。请直接用文字回答，例如“62岁，急性髓系白血病，血小板3.2万”。\n"
    "Sorry, I cannot read images. Please type your answer, e.g. \"62, AML, platelets 32k\"."
)

VOICE_REPLY = (
    "抱歉，我没能听懂这条语音。请用文字回答。\n"
    "Sorry, I could not make out this voice message. Please type your answer."
)

UNSUPPORTED_REPLY = (
    "抱歉，我只能读文字消息。请用文字回答。\n"
    "Sorry, I can only read text messages. Please type your answer."
)

ERROR_REPLY = (
    "抱歉，系统暂时出现问题，请稍后再发一次。\n"
    "Sorry, something went wrong on our side. Please send your message again in a moment."
)


def render_bot_messages(messages: Iterable[dict[str, Any]]) -> str:
    """Rasa's collected bot messages as one plain text (WeChat shows no buttons: their
    titles are listed as the answers one can type)."""
    parts: list[str] = []
    for m in messages:
        lines: list[str] = []
        if m.get("text"):
            lines.append(str(m["text"]))
        buttons = [str(b.get("title") or b.get("payload") or "") for b in (m.get("buttons") or [])]
        buttons = [b for b in buttons if b]
        if buttons:
            lines.append("（回复 Reply: " + " / ".join(buttons) + "）")
        if m.get("image"):
            lines.append(str(m["image"]))
        if lines:
            parts.append("\n".join(lines))
    return "\n\n".join(parts)


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def split_utf8(text: str, limit: int = WECHAT_TEXT_LIMIT_BYTES) -> list[str]:
    """Splits `text` into parts of at most `limit` bytes of UTF-8, never inside a character.

    A part ends at the last line break (or else space) of its window when that keeps it at
    least half full; otherwise it is cut at the last whole character that fits. Joining
    the parts gives back the text, except for the line breaks/spaces cut at.
    """
    if limit < 4:
        raise ValueError("limit must hold at least one UTF-8 character (4 bytes)")
    parts: list[str] = []
    data = text.encode("utf-8")
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # data[cut] continues a character: back off
            cut -= 1
        window = data[:cut]
        for sep in (b"\n", b" "):
            at = window.rfind(sep)
            if at >= limit // 2:
                parts.append(window[:at].decode("utf-8"))
                data = data[at + 1:]
                break
        else:
            parts.append(window.decode("utf-8"))
            data = data[cut:]
    if data:
        parts.append(data.decode("utf-8"))
    return [p for p in parts if p.strip()]


def cdata_safe(text: str) -> str:
    """wechatpy wraps text in <![CDATA[...]]>: a literal "]]>" would end it early."""
    return text.replace("]]>", "]]]]><![CDATA[>")


class UnsafeXML(ValueError):
    pass


def check_xml(text: str) -> None:
    """Parses `text` with expat, refusing any DTD: a DOCTYPE (and so any entity declaration,
    which can only live in one) raises before a single entity could be expanded, so an
    entity-expansion ("billion laughs") body costs nothing. Raises UnsafeXML for a DTD and
    expat.ExpatError for malformed XML."""
    parser = expat.ParserCreate()

    def refuse(*_args: Any) -> None:
        raise UnsafeXML("XML with a DTD or entity declarations is refused")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.Parse(text, True)
