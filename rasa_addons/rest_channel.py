"""Rasa's REST channel with a door: credentials.yml registers `rasa_addons.rest_channel.TokenRestInput`
in place of `rest:`; same URL (POST /webhooks/rest/webhook), same JSON in and out.

Rasa's own channel trusts whatever sender the client names: a second client sending
{"sender": "<someone's id>", "message": "what do you have so far?"} read and changed that
conversation, a WeChat user's conversation was reachable as ps-<HMAC(OpenID)>, and there was
no size limit (a 30,000-character message held the server for 7 s). This channel answers
only clients that hold the Rasa auth token (the web app; an operator with curl), as Rasa's
HTTP API does, and before a message reaches Rasa it checks, in this order:

- the token: `?token=` or `Authorization: Bearer`, compared in constant time (401);
- a JSON object body of bounded size (415, 413, 400);
- the sender: present, a short string, and not of the WeChat channel's form `ps-…` (400),
  so no REST client can reach a WeChat conversation;
- the message: a string of at most MAX_MESSAGE_CHARS characters, the chat page's and the
  WeChat channel's limit too (413, with a message saying so);
- a rate limit per conversation and per client address (429 with Retry-After).

`input_channel` in the body is ignored: the channel is "rest" (a client could otherwise
pass itself off as WeChat, whose conversations start in patient mode).

Loading this channel also makes GET / and /version of the Rasa server say nothing about the
Rasa version (a channel's blueprint is the one hook Rasa gives into its server from its
configuration files; see `hide_version`).
"""
from __future__ import annotations

import hmac
import math
import re
import time
from collections import deque
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from prescreen.settings import get_settings

MAX_SENDER_CHARS = 128
WECHAT_SENDER = re.compile(r"^ps-", re.IGNORECASE)  # channels/wechat.py: "ps-" + HMAC(OpenID)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
JSON_OVERHEAD_BYTES = 16 * 1024  # sender, metadata and the JSON around the message
BYTES_PER_CHAR = 6  # the most one character can take in JSON ("\u00e9"); UTF-8 takes at most 4


class SlidingWindow:
    """At most `limit` events per key in any `seconds`-long window, in this process.

    In memory, so each Rasa replica counts its own share; a limit of 0 turns it off. (The
    `limits` package would do the same and more, but its versions that install beside
    Rasa 3.6's pinned `packaging` are years old.)"""

    def __init__(self, limit: int, seconds: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self._hits: Dict[str, deque] = {}
        self._next_sweep = 0.0

    def retry_after(self, key: str) -> float:
        """0 and the event counted when within the limit, else the seconds until it would be."""
        if self.limit <= 0:
            return 0.0
        now = self.clock()
        self._sweep(now)
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.seconds:
            hits.popleft()
        if len(hits) >= self.limit:
            return hits[0] + self.seconds - now
        hits.append(now)
        return 0.0

    def _sweep(self, now: float) -> None:
        # Forget keys idle for a whole window, so memory follows the active conversations.
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.seconds
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.seconds]:
            del self._hits[key]


def _refusal(status: int, error: str, **headers: str):
    return response.json({"error": error}, status=status, headers=headers or None)


def request_token(request: Request) -> str:
    scheme, _, bearer = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() == "bearer" and bearer.strip():
        return bearer.strip()
    return request.args.get("token") or ""


def client_address(request: Request) -> str:
    # remote_addr is set only behind a proxy Sanic is told to trust (SANIC_PROXIES_COUNT,
    # SANIC_REAL_IP_HEADER or SANIC_FORWARDED_SECRET); otherwise the peer's address.
    return request.remote_addr or request.ip or "unknown"


class TokenRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        settings = get_settings()
        self.token = settings.rasa_auth_token.encode()
        self.max_chars = settings.max_message_chars
        self.max_body_bytes = self.max_chars * BYTES_PER_CHAR + JSON_OVERHEAD_BYTES
        self.per_sender = SlidingWindow(settings.rest_messages_per_minute_per_sender)
        self.per_address = SlidingWindow(settings.rest_messages_per_minute_per_address)

    def refusal(self, request: Request):
        """None when the request may go to Rasa, else the response that says why not."""
        if not hmac.compare_digest(request_token(request).encode(), self.token):
            return _refusal(401, "This channel needs the Rasa auth token (?token= or Authorization: Bearer).")
        if (request.headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
            return _refusal(415, 'Send JSON (Content-Type: application/json): {"sender": "...", "message": "..."}.')
        if len(request.body or b"") > self.max_body_bytes:
            return _refusal(413, f"That message is too long (at most {self.max_chars:,} characters).")
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - Sanic raises its own error for unreadable JSON
            body = None
        if not isinstance(body, dict):
            return _refusal(400, 'Send a JSON object: {"sender": "...", "message": "..."}.')
        sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
        if not isinstance(sender, str) or not sender.strip():
            return _refusal(400, "Name the conversation: \"sender\" must be a non-empty string.")
        if len(sender) > MAX_SENDER_CHARS or CONTROL.search(sender):
            return _refusal(400, f"\"sender\" must be at most {MAX_SENDER_CHARS} printable characters.")
        if WECHAT_SENDER.match(sender):
            return _refusal(400, "A \"sender\" starting with \"ps-\" is a WeChat conversation; it is not "
                                 "reachable over REST.")
        if not isinstance(message, str):
            return _refusal(400, "\"message\" must be a string.")
        if len(message) > self.max_chars:
            return _refusal(413, f"That message is too long ({len(message):,} characters; "
                                 f"at most {self.max_chars:,}).")
        if metadata is not None and not isinstance(metadata, dict):
            return _refusal(400, "\"metadata\" must be a JSON object.")
        for window, key, what in ((self.per_sender, sender, "this conversation"),
                                  (self.per_address, client_address(request), "this address")):
            wait = window.retry_after(key)
            if wait > 0:
                return _refusal(429, f"Too many messages from {what}; try again in {math.ceil(wait)} s.",
                                **{"Retry-After": str(math.ceil(wait))})
        return None

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        bp = super().blueprint(on_new_message)

        @bp.middleware("request")
        async def door(request: Request):
            if request.method == "POST" and request.path.rstrip("/").endswith("/webhook"):
                return self.refusal(request)
            return None

        @bp.listener("before_server_start")
        async def install(app, _loop) -> None:
            hide_version(app)

        return bp


def hide_version(app) -> None:
    """GET / answers a plain "ok" and /version is not found: what a health check needs, and
    nothing that names the Rasa version to whoever can reach the port."""

    async def plain(request: Request):
        if request.path == "/version":
            return response.json({"error": "Not found."}, status=404)
        if request.path == "/" and request.method in ("GET", "HEAD"):
            return response.json({"status": "ok"})
        return None

    app.register_middleware(plain, "request")
