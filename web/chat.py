"""The chat page and its same-origin proxy to Rasa's REST channel.

The browser never learns a Rasa sender id of its own choosing: the id lives in the signed
session cookie, so a page can only ever read and continue its own conversation.
"""
from __future__ import annotations

import secrets

import requests
from flask import Blueprint, current_app, jsonify, render_template, request, session

from prescreen.settings import get_settings
from prescreen.store.db import reachable
from prescreen.reading.language import from_browser

bp = Blueprint("chat", __name__)

# The same cap as Rasa's REST channel and the WeChat channel (MAX_MESSAGE_CHARS); the dialogue
# reads the first 2,000 characters and says so.
MAX_MESSAGE_CHARS = get_settings().max_message_chars


def _sender() -> str:
    if "sender" not in session:
        session["sender"] = f"web-{secrets.token_urlsafe(12)}"
    return session["sender"]


def _to_rasa(message: str) -> list[dict]:
    # Rasa keeps the conversation in this database; while it is down Rasa would answer from
    # an empty conversation, so the message is not sent (prescreen.store.db.reachable).
    if not reachable():
        raise AssistantUnavailable("database unreachable")
    r = requests.post(
        f"{current_app.config['RASA_URL']}/webhooks/rest/webhook",
        # The page starts in the browser's language; prescreen/reading/language.py decides after that.
        json={"sender": _sender(), "message": message,
              "metadata": {"language": from_browser(request.headers.get("Accept-Language"))}},
        # Rasa's REST channel answers only clients holding its auth token (rasa_addons/rest_channel.py).
        headers={"Authorization": f"Bearer {current_app.config['RASA_AUTH_TOKEN']}"},
        timeout=30,
    )
    r.raise_for_status()
    replies = r.json()
    if not replies:
        # Every message gets an answer from this assistant; Rasa's REST channel answers an
        # empty list when it could not handle the message (action server or database down:
        # the error is in Rasa's log). The conversation so far is kept in the tracker store,
        # and the form is still on the same question, so the same message can be sent again.
        raise AssistantUnavailable("Rasa handled the message without an answer")
    return [{"text": m.get("text", ""), "buttons": m.get("buttons", [])} for m in replies]


class AssistantUnavailable(requests.RequestException):
    """Rasa answered, but not the conversation: treated like Rasa not answering at all."""


UNAVAILABLE = {
    "en": "The assistant is not answering right now. Please try again shortly; nothing you typed has been lost.",
    "zh": "助手暂时没有响应，请稍后再试；您输入的内容没有丢失。",
}


def _unavailable():
    lang = from_browser(request.headers.get("Accept-Language"))
    return jsonify(error=UNAVAILABLE.get(lang, UNAVAILABLE["en"])), 503


# The page's own words; the conversation's come from Rasa in the conversation's language.
PAGE_TEXT = {
    "en": {"title": "Refer a patient", "new": "New screening", "send": "Send", "your_message": "Your message",
           "note": "A pre-screen against the trial's criteria, not an enrolment decision. Several facts "
                   "per message are fine, e.g.", "example": "62M AML, PLT 32k, ECOG 1",
           "placeholder": "Type facts or a question; Enter sends, Shift+Enter for a new line",
           "conversation": "Conversation", "answering": "The assistant is answering…"},
    "zh": {"title": "转诊患者预筛查", "new": "新的筛查", "send": "发送", "your_message": "您的消息",
           "note": "按试验标准进行预筛查，不是入组决定。一条消息可以包含多项信息，例如",
           "example": "62岁男，急髓，PLT 3.2万，ECOG 1",
           "placeholder": "输入信息或问题；Enter发送，Shift+Enter换行",
           "conversation": "对话", "answering": "助手正在回复…"},
}


@bp.get("/")
def page():
    _sender()
    lang = from_browser(request.headers.get("Accept-Language"))
    return render_template("chat.html", lang=lang, t=PAGE_TEXT[lang])


@bp.post("/chat/message")
def message():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("message", ""), str):
        return jsonify(error='Send the message as JSON text: {"message": "..."}.'), 400
    text = body.get("message", "").strip()
    if not text:
        return jsonify(error="Type a message first."), 400
    if len(text) > MAX_MESSAGE_CHARS:
        return jsonify(error=f"That message is too long ({len(text):,} characters; at most {MAX_MESSAGE_CHARS:,})."), 413
    try:
        return jsonify(messages=_to_rasa(text))
    except requests.RequestException:
        return _unavailable()


@bp.post("/chat/new")
def new_screening():
    """A new screening is a new conversation: nothing of the previous patient carries over."""
    session["sender"] = f"web-{secrets.token_urlsafe(12)}"
    try:
        return jsonify(messages=_to_rasa("/greet"))
    except requests.RequestException:
        return _unavailable()


@bp.get("/chat/history")
def history():
    """This session's conversation so far, from Rasa's tracker store (a reload loses nothing)."""
    try:
        r = requests.get(
            f"{current_app.config['RASA_URL']}/conversations/{_sender()}/tracker",
            params={"token": current_app.config["RASA_AUTH_TOKEN"]},
            timeout=15,
        )
        r.raise_for_status()
    except requests.RequestException:
        return _unavailable()
    shown = []
    for e in r.json().get("events", []):
        if e.get("event") == "user" and not (e.get("text") or "").startswith("/"):
            shown.append({"from": "user", "text": e.get("text", "")})
        elif e.get("event") == "bot":
            shown.append({"from": "bot", "text": e.get("text") or "", "buttons": (e.get("data") or {}).get("buttons") or []})
        elif e.get("event") == "restart":
            shown = []
    return jsonify(messages=shown)
