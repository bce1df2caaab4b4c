"""The chat page and its same-origin proxy to Rasa's REST channel.

The browser never learns a Rasa sender id of its own choosing: the id lives in the signed
session cookie, so a page can only ever read and continue its own conversation.
"""
from __future__ import annotations

import secrets
from datetime import datetime

import requests
from flask import Blueprint, current_app, jsonify, render_template, request, session

from prescreen.followup import referrer_details, roles, workflow
from prescreen.settings import get_settings
from prescreen.store import outcome_log
from prescreen.store.db import reachable
from prescreen.reading.language import from_browser
from prescreen.texts import LANGUAGES, say, table

bp = Blueprint("chat", __name__)

# The same cap as Rasa's REST channel and the WeChat channel (MAX_MESSAGE_CHARS, 20,000): a
# whole referral letter is read, every character of it. The page shows it and refuses a longer
# message before sending, so nothing is ever cut without a word.
MAX_MESSAGE_CHARS = get_settings().max_message_chars
# Only a short message can be "new patient" (a letter that mentions a new patient is a letter);
# the intent of those is asked of Rasa's NLU before the message goes to a conversation.
NEW_PATIENT_CHECK_CHARS = 300


def _sender() -> str:
    if "sender" not in session:
        session["sender"] = f"web-{secrets.token_urlsafe(12)}"
    return session["sender"]


def _new_conversation() -> None:
    """A new patient is a new conversation identity, so the queue never lists the next patient
    among "other screenings of the same conversation" (a correction stays in the same one)."""
    session["sender"] = f"web-{secrets.token_urlsafe(12)}"


def _close_pending_referral(referrer: dict | None) -> None:
    """A physician who starts the next patient before giving this one's patient reference still
    leaves a referral the coordinator can call back about: the referral is stored with the
    details the page holds and the patient reference as not given, before the conversation is
    left. Best effort: the new patient is never held up by it."""
    if not referrer:
        return
    try:
        r = requests.get(f"{current_app.config['RASA_URL']}/conversations/{_sender()}/tracker",
                         params={"token": current_app.config["RASA_AUTH_TOKEN"]}, timeout=15)
        r.raise_for_status()
        tracker = r.json()
        if ((tracker.get("active_loop") or {}).get("name") == "referrer_form"
                and (tracker.get("slots") or {}).get("requested_slot") == "patient_reference"):
            _to_rasa(referrer_details.DECLINED, referrer)
    except requests.RequestException:
        current_app.logger.exception("could not close the previous patient's referral")


def _starts_a_new_patient(message: str) -> bool:
    """Whether Rasa's NLU reads the message as "new patient" / "start over" (the intent that
    restarts the conversation), asked before the message is sent anywhere."""
    if len(message) > NEW_PATIENT_CHECK_CHARS or message.startswith("/"):
        return False
    r = requests.post(f"{current_app.config['RASA_URL']}/model/parse",
                      params={"token": current_app.config["RASA_AUTH_TOKEN"]},
                      json={"text": message}, timeout=15)
    r.raise_for_status()
    return (r.json().get("intent") or {}).get("name") == "start_over"


def _to_rasa(message: str, referrer: dict | None = None) -> list[dict]:
    # Rasa keeps the conversation in this database; while it is down Rasa would answer from
    # an empty conversation, so the message is not sent (prescreen.store.db.reachable).
    if not reachable():
        raise AssistantUnavailable("database unreachable")
    r = requests.post(
        f"{current_app.config['RASA_URL']}/webhooks/rest/webhook",
        # The page starts in the browser's language; prescreen/reading/language.py decides after that.
        # The referrer's details the page keeps (localStorage) ride along with every message;
        # actions/referral.py takes them instead of asking again.
        json={"sender": _sender(), "message": message,
              "metadata": {"language": from_browser(request.headers.get("Accept-Language")),
                           **({"referrer": referrer} if referrer else {})}},
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


# The page's own words are the catalogue's (prescreen/texts/catalogue.yml, sections `page` and
# `summary`); the conversation's come from Rasa in the conversation's language.
UNAVAILABLE = {lang: say("page_unavailable", lang) for lang in LANGUAGES}


def _lang() -> str:
    return from_browser(request.headers.get("Accept-Language"))


def _unavailable():
    lang = from_browser(request.headers.get("Accept-Language"))
    return jsonify(error=UNAVAILABLE.get(lang, UNAVAILABLE["en"])), 503


PAGE_TEXT = {lang: table("page_", lang) for lang in LANGUAGES}


@bp.get("/")
def page():
    _sender()
    lang = from_browser(request.headers.get("Accept-Language"))
    return render_template("chat.html", lang=lang, t=PAGE_TEXT[lang], max_chars=MAX_MESSAGE_CHARS,
                           referrer_rules=referrer_details.LIMITS)


def _referrer(body: dict) -> tuple[dict, str | None]:
    """The referrer's details the page sent, checked by the rules the conversation uses."""
    details = body.get("referrer")
    if details in (None, {}):
        return {}, None
    if not isinstance(details, dict):
        return {}, "The referrer's details must be a JSON object."
    lang = from_browser(request.headers.get("Accept-Language"))
    for field in referrer_details.FIELDS:
        if details.get(field):
            why = referrer_details.problem(field, details[field], lang)
            if why:
                return {}, why
    return referrer_details.from_page(details), None


@bp.post("/chat/referrer")
def check_referrer():
    """Checks the details the page is about to keep, by the conversation's own rules: the
    page stores what this returns, so every later message carries details that will be kept."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error=say("page_error_details_json", _lang())), 400
    lang = from_browser(request.headers.get("Accept-Language"))
    if body.get("declined") is True:
        return jsonify(referrer={f: referrer_details.DECLINED for f in referrer_details.FIELDS})
    problems = {f: referrer_details.problem(f, body.get(f), lang) for f in referrer_details.FIELDS}
    problems.update({f: referrer_details.MESSAGES[lang if lang in referrer_details.MESSAGES else "en"][f]
                     for f in referrer_details.FIELDS
                     if referrer_details.declines(body.get(f)) and body.get(f) != referrer_details.DECLINED})
    problems = {f: why for f, why in problems.items() if why}
    if problems:
        return jsonify(errors=problems), 422
    return jsonify(referrer={f: referrer_details.tidy(body.get(f)) for f in referrer_details.FIELDS})


@bp.post("/chat/message")
def message():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("message", ""), str):
        return jsonify(error=say("page_error_message_json", _lang())), 400
    text = body.get("message", "").strip()
    if not text:
        return jsonify(error=say("page_error_empty", _lang())), 400
    if len(text) > MAX_MESSAGE_CHARS:
        return jsonify(error=say("page_error_too_long", _lang(), n=f"{len(text):,}", max=f"{MAX_MESSAGE_CHARS:,}")), 413
    referrer, problem = _referrer(body)
    if problem:
        return jsonify(error=problem), 400
    try:
        new = _starts_a_new_patient(text)
        if new:
            _close_pending_referral(referrer)
            _new_conversation()
        return jsonify(messages=_to_rasa(text, referrer), new_conversation=new)
    except requests.RequestException:
        return _unavailable()


@bp.post("/chat/new")
def new_screening():
    """A new screening is a new conversation: nothing of the previous patient carries over."""
    body = request.get_json(silent=True)
    referrer, problem = _referrer(body if isinstance(body, dict) else {})
    if not problem:
        _close_pending_referral(referrer)
    _new_conversation()
    try:
        return jsonify(messages=_to_rasa("/greet"))
    except requests.RequestException:
        return _unavailable()


SUMMARY_TEXT = {lang: table("summary_", lang) for lang in LANGUAGES}


@bp.get("/chat/summary")
def summary():
    """The latest screening of this conversation on one printed page, for the patient's notes:
    facts, decision, the reason for every failed or unknown criterion, reference, criteria
    version and date, without the chat around it."""
    lang = from_browser(request.headers.get("Accept-Language"))
    rows = outcome_log.screenings(sender_id=_sender(), limit=1)
    s = rows[0] if rows else None
    shown = None
    if s:
        facts = s.get("facts") or {}
        shown = {
            "reference": s["reference"], "decision": workflow.DECISION_LABELS.get(s["decision"], s["decision"]),
            "decision_key": s["decision"], "version": s["criteria_version"],
            "date": roles.stamp(datetime.fromisoformat(s["created_at"])),
            "facts": [(workflow.FACT_LABELS.get(k, k.replace("_", " ")), workflow.value_in_words(k, v))
                      for k, v in facts.items() if v is not None and k in workflow.FACT_LABELS],
            "reasons": [(c["id"], workflow.CRITERION_SHORT.get(c["id"], c["id"]), c["status"], c["reason"])
                        for c in s.get("criteria") or [] if c.get("status") in ("not_met", "unknown")],
        }
    return render_template("chat_summary.html", lang=lang, t=SUMMARY_TEXT[lang], s=shown)


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
