"""Pure helpers of the WeChat channel: its fixed replies (worded in the catalogue), the bot's
messages as one WeChat text, splitting at WeChat's text limit, and a DTD-refusing XML check.
No I/O, no Rasa, no wechatpy."""
from __future__ import annotations

from typing import Any, Iterable
from xml.parsers import expat

from prescreen.texts import EN, ZH, say

# WeChat refuses text messages (passive replies and customer-service messages) whose
# content is longer than 2048 bytes of UTF-8.
WECHAT_TEXT_LIMIT_BYTES = 2048


def _both(key: str, between: str = "\n") -> str:
    """A reply the channel gives before any conversation exists: WeChat conversations start in
    Chinese with a patient or family member (actions/extraction.py), so Chinese first, then
    English. The words are the catalogue's (prescreen/texts/catalogue.yml, section `wechat`)."""
    return say(key, ZH) + between + say(key, EN)


GREETING = _both("wechat_greeting", "\n\n")
IMAGE_REPLY = _both("wechat_image")
VOICE_REPLY = _both("wechat_voice")
UNSUPPORTED_REPLY = _both("wechat_unsupported")
ERROR_REPLY = _both("wechat_error")


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
            lines.append(say("wechat_buttons", ZH, titles=" / ".join(buttons)))
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
