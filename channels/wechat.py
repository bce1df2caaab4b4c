"""WeChat Official Account (微信公众号) input channel for Rasa, built on wechatpy.

Registered in credentials.yml as `channels.wechat.WeChatInput`; serves
  GET  /webhooks/wechat/webhook  URL verification (echoes `echostr` when `signature` is right)
  POST /webhooks/wechat/webhook  messages, plain or safe mode (`encrypt_type=aes`, `msg_signature`)

Settings come from prescreen/settings.py, i.e. the environment or .env (WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_APP_SECRET,
WECHAT_ENCODING_AES_KEY, ...; see .env.example); without WECHAT_TOKEN the channel is off and
its webhook answers 503, so `rasa run` starts whether or not WeChat is configured.

Rasa never sees the OpenID: the sender id is its HMAC-SHA256 with PSEUDONYM_SECRET
(`prescreen.store.outcome_log.pseudonym`). The OpenID lives only in memory while a message is
handled, to send a late answer through the customer-service message API; it is stored only for
a user who consented to be contacted (prescreen.followup.wechat_patient: the message when a
screening visit is scheduled), and erased with their phone number.
"""
from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import Any, Awaitable, Callable, Optional
from xml.parsers.expat import ExpatError

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from prescreen.utc import utcnow
from prescreen.followup import erasure, wechat_patient
from prescreen.settings import get_settings
from prescreen.store.db import reachable

from channels.wechat_dedup import OncePerMessage, make_dedup_store
from channels.wechat_text import (ERROR_REPLY, GREETING, IMAGE_REPLY, UNSUPPORTED_REPLY, VOICE_REPLY, UnsafeXML,
                                  cdata_safe, check_xml, render_bot_messages, split_utf8)

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://api.weixin.qq.com/cgi-bin/"
MAX_CLOCK_SKEW_SECONDS = 300  # older or future-dated requests are refused as replays
# A signed query is remembered while its timestamp could still pass the check above (from
# 300 s before to 300 s after it), and a little longer.
SIGNED_QUERY_MEMORY_SECONDS = 2 * MAX_CLOCK_SKEW_SECONDS + 60


def _given(credentials: Optional[dict], key: str, configured: Any) -> Any:
    """credentials.yml's value for `key` when it gives one, else the setting's."""
    value = (credentials or {}).get(key)
    return configured if value is None or str(value).strip() == "" else str(value).strip()


@dataclass(frozen=True)
class WeChatConfig:
    token: str = ""
    app_id: str = ""
    app_secret: str = ""
    encoding_aes_key: str = ""
    api_base_url: str = DEFAULT_API_BASE_URL
    reply_budget_seconds: float = 4.5
    max_body_bytes: int = 64 * 1024
    dedup_ttl_seconds: float = 300
    redis_url: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    @classmethod
    def load(cls, credentials: Optional[dict] = None) -> "WeChatConfig":
        """From credentials.yml (optional keys token, app_id, app_secret, encoding_aes_key, ...)
        or else the settings (WECHAT_*, REDIS_URL: prescreen/settings.py)."""
        s = get_settings()
        base = str(_given(credentials, "api_base_url", s.wechat_api_base_url))
        return cls(
            token=_given(credentials, "token", s.wechat_token),
            app_id=_given(credentials, "app_id", s.wechat_app_id),
            app_secret=_given(credentials, "app_secret", s.wechat_app_secret),
            encoding_aes_key=_given(credentials, "encoding_aes_key", s.wechat_encoding_aes_key),
            api_base_url=base if base.endswith("/") else base + "/",
            reply_budget_seconds=float(_given(credentials, "reply_budget_seconds", s.wechat_reply_budget_seconds)),
            max_body_bytes=int(_given(credentials, "max_body_bytes", s.wechat_max_body_bytes)),
            dedup_ttl_seconds=float(_given(credentials, "dedup_ttl_seconds", s.wechat_dedup_ttl_seconds)),
            redis_url=_given(credentials, "redis_url", s.redis_url),
        )

    def check(self) -> None:
        """Refuses a malformed EncodingAESKey always, and in production (PRESCREEN_ENV other
        than development) empty or development values of the WeChat secrets, when enabled."""
        from prescreen.settings import DEV_SECRETS, SettingsError, get_settings

        if not self.enabled:
            return
        if self.encoding_aes_key:
            try:
                ok = len(base64.b64decode(self.encoding_aes_key + "=", validate=True)) == 32
            except (binascii.Error, ValueError):
                ok = False
            if not ok or len(self.encoding_aes_key) != 43:
                raise SettingsError("WECHAT_ENCODING_AES_KEY must be the 43-character key from the WeChat console")
        settings = get_settings()  # also refuses weak PSEUDONYM_SECRET etc. in production
        if settings.env != "development":
            weak = [name for name, value in (("WECHAT_TOKEN", self.token), ("WECHAT_APP_ID", self.app_id),
                                             ("WECHAT_APP_SECRET", self.app_secret),
                                             ("WECHAT_ENCODING_AES_KEY", self.encoding_aes_key))
                    if value in DEV_SECRETS or value.startswith("dev-only")]
            if weak:
                raise SettingsError(f"PRESCREEN_ENV={settings.env} with the WeChat channel on (WECHAT_TOKEN set) "
                                    f"refuses empty or development values: set {', '.join(weak)} in .env.")


# The client (configurable API base, access token shared through Redis) is the one the
# coordinators' "visit scheduled" message to the patient uses too.
_Client = wechat_patient.Client


def too_long_reply(length: int) -> str:
    """A text over MAX_MESSAGE_CHARS is answered here and never reaches Rasa (a 30,000-character
    message held every conversation up for seconds); the same limit as the chat page's."""
    return f"您的消息太长了（{length}字，最多{get_settings().max_message_chars}字）。请分几次发送，每次写短一些。"


def _text_reply(text: str, msg: Any) -> str:
    """The passive reply's XML. wechatpy writes every field into <![CDATA[...]]> as it is; the
    OpenID and account id come from the request, so each field is made CDATA-safe, or a
    FromUserName holding "]]>" could add elements of its choosing to the reply."""
    return TextReply(content=cdata_safe(text), source=cdata_safe(msg.target or ""),
                     target=cdata_safe(msg.source or "")).render()


ERASED_REPLY = ("已删除您留下的联系方式（电话号码等），研究协调员不会再通过这次预筛查联系您。"
                "预筛查的匿名记录仍保留，其中没有您的姓名或电话。")
NOTHING_TO_ERASE_REPLY = "我们没有保存您的电话号码或其他联系方式，无需删除。"


async def erase_contact(sender: str) -> list[str]:
    """"删除我的信息": the contact details of this sender's referrals are erased
    (prescreen.followup.erasure); the pseudonymous screenings stay."""
    if not await asyncio.to_thread(reachable):
        return split_utf8(ERROR_REPLY)  # nothing erased: the patient is asked to send it again
    try:
        erased = await asyncio.to_thread(erasure.erase_sender, sender)
        if erased:  # the number was typed in the conversation too: Rasa's copy goes as well
            await asyncio.to_thread(erasure.forget_conversation, sender)
    except Exception:
        logger.exception("WeChat: erasure failed")
        return split_utf8(ERROR_REPLY)
    return split_utf8(ERASED_REPLY if erased else NOTHING_TO_ERASE_REPLY)


def _pseudonym(open_id: str) -> str:
    from prescreen.store.outcome_log import pseudonymous_sender

    return pseudonymous_sender(open_id)


class WeChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> "WeChatInput":
        config = WeChatConfig.load(credentials)
        config.check()
        if not config.enabled:
            logger.info("WeChat channel off: WECHAT_TOKEN is not set")
        return cls(config)

    def __init__(self, config: WeChatConfig):
        self.config = config
        self.crypto = (WeChatCrypto(config.token, config.encoding_aes_key, config.app_id)
                       if config.enabled and config.encoding_aes_key else None)
        self.once_per_message = OncePerMessage(make_dedup_store(config.redis_url or None, config.dedup_ttl_seconds),
                                       keep_seconds=config.dedup_ttl_seconds)
        self.signed_queries = make_dedup_store(config.redis_url or None, SIGNED_QUERY_MEMORY_SECONDS,
                                               prefix="prescreen:wechat:query:")
        self._client: Optional[_Client] = None

    # ---- the customer-service message API (answers that miss the 5 s window) ----------

    def client(self) -> _Client:
        if self._client is None:
            # With REDIS_URL the access token is shared between replicas (and the patient-message sender).
            self._client = wechat_patient.make_client(self.config.app_id, self.config.app_secret,
                                                      self.config.api_base_url, self.config.redis_url)
        return self._client

    def _deliver_later(self, open_id: str) -> Callable[[list[str]], Awaitable[None]]:
        async def deliver(parts: list[str]) -> None:
            if not (self.config.app_id and self.config.app_secret):
                logger.error("WeChat: %d late message part(s) dropped, WECHAT_APP_ID/WECHAT_APP_SECRET unset", len(parts))
                return
            loop = asyncio.get_running_loop()
            client = self.client()
            for i, part in enumerate(parts):
                try:
                    await loop.run_in_executor(None, partial(client.message.send_text, open_id, part))
                except Exception as e:  # WeChatClientException, requests errors
                    logger.error("WeChat: customer-service message failed (%s); %d part(s) not sent", e, len(parts) - i)
                    return
        return deliver

    # ---- what a message means ----------------------------------------------------------

    def _work(self, msg: Any, sender: str,
              on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Optional[Callable[[], Awaitable[list[str]]]]:
        """The coroutine function answering `msg`, or None when it needs no answer."""

        async def fixed(text: str) -> list[str]:
            return split_utf8(text)

        async def ask_rasa(text: str, reply: bool = True) -> list[str]:
            # Every text gets an answer. Not handled (database down: Rasa would read it with
            # an empty conversation; action server down; no answer at all): "please send it
            # again in a moment", and the conversation stays on the question it was on.
            if not await asyncio.to_thread(reachable):
                return split_utf8(ERROR_REPLY) if reply else []
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name()))
            except Exception:
                logger.exception("WeChat: Rasa failed on a message")
                return split_utf8(ERROR_REPLY) if reply else []
            if not reply:
                return []
            await self._seen(msg, sender)
            return split_utf8(render_bot_messages(collector.messages) or ERROR_REPLY)

        if msg.type == "text":
            text = (msg.content or "").strip()
            if len(text) > get_settings().max_message_chars:  # every door's limit: MAX_MESSAGE_CHARS
                return partial(fixed, too_long_reply(len(text)))
            if erasure.is_request(text):  # PIPL: answered here, whatever the conversation was on
                return partial(erase_contact, sender)
            return partial(ask_rasa, text) if text else partial(fixed, UNSUPPORTED_REPLY)
        if msg.type == "voice":
            text = (msg.recognition or "").strip()
            return partial(ask_rasa, text) if text else partial(fixed, VOICE_REPLY)
        if msg.type == "image":
            return partial(fixed, IMAGE_REPLY)
        if msg.type == "event":
            if msg.event in ("subscribe", "subscribe_scan"):
                return partial(fixed, GREETING)
            if msg.event == "unsubscribe":  # the conversation ends: forget this patient's facts
                return partial(ask_rasa, "/restart", reply=False)
            return None
        if msg.type in ("video", "shortvideo", "location", "link", "file"):
            return partial(fixed, UNSUPPORTED_REPLY)
        return None

    @staticmethod
    async def _seen(msg: Any, sender: str) -> None:
        """After a message that reached Rasa (where a consent may just have been given): for a
        user who consented to be contacted, the OpenID and this message's time are kept, since
        WeChat's 48-hour customer-service window runs from it; for anyone else, nothing. The
        message's CreateTime is WeChat's clock; the earlier of it and ours never overstates
        the window."""
        try:
            now = utcnow()
            at = min(datetime.fromtimestamp(int(msg.time), timezone.utc), now) if msg.time else now
            await asyncio.to_thread(wechat_patient.seen, msg.source, sender, at)
        except Exception:  # the answer still goes; the queue then says to call instead
            logger.exception("WeChat: could not note a consenting patient's last message")

    @staticmethod
    def _key(msg: Any, sender: str) -> str:
        if msg.type != "event" and msg.id:
            return f"{sender}:msg:{msg.id}"
        return f"{sender}:event:{msg.time}:{getattr(msg, 'event', '') or msg.type}"

    # ---- HTTP --------------------------------------------------------------------------

    def _verify(self, request: Request) -> Optional[HTTPResponse]:
        """403 unless `signature` matches the token and `timestamp` is within 5 minutes."""
        args = request.args
        signature, timestamp, nonce = args.get("signature"), args.get("timestamp"), args.get("nonce")
        if not (signature and timestamp and nonce):
            return response.text("missing signature", status=403)
        try:
            skew = abs(time.time() - int(timestamp))
        except ValueError:
            return response.text("bad timestamp", status=403)
        if skew > MAX_CLOCK_SKEW_SECONDS:
            return response.text("stale timestamp", status=403)
        try:
            check_signature(self.config.token, signature, timestamp, nonce)
        except InvalidSignatureException:
            return response.text("invalid signature", status=403)
        return None

    async def _read_body(self, request: Request) -> Optional[bytes]:
        """The body, or None when it is longer than WECHAT_MAX_BODY_BYTES (read no further)."""
        limit = self.config.max_body_bytes
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return None
        body = bytearray()
        if request.stream is not None:
            async for chunk in request.stream:
                body += chunk
                if len(body) > limit:
                    return None
        else:
            body += request.body or b""
        return bytes(body) if len(body) <= limit else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("wechat_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.config.enabled else "off"})

        @bp.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self.config.enabled:
                return response.text("WeChat channel not configured", status=503)
            return self._verify(request) or response.text(request.args.get("echostr", ""))

        @bp.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            started = time.monotonic()
            if not self.config.enabled:
                return response.text("WeChat channel not configured", status=503)
            refused = self._verify(request)
            if refused is not None:
                return refused
            body = await self._read_body(request)
            if body is None:
                return response.text("body too large", status=413)
            # In plain mode the signature does not cover the body: a signed query seen before
            # with another body is a replay (a different message or OpenID under a captured
            # signature). The same body again is WeChat retrying, which the OncePerMessage merges.
            query = f"{request.args.get('timestamp')}:{request.args.get('nonce')}:{request.args.get('signature')}"
            if not await self.signed_queries.claim_for(query, hashlib.sha256(body).hexdigest().encode()):
                logger.info("WeChat: refused a replayed signature with another body")
                return response.text("replayed signature", status=403)
            safe_mode = request.args.get("encrypt_type", "raw").lower() == "aes"
            try:
                xml = body.decode("utf-8")
                check_xml(xml)
                if safe_mode:
                    if self.crypto is None:
                        return response.text("safe mode is not configured (WECHAT_ENCODING_AES_KEY)", status=400)
                    try:
                        xml = self.crypto.decrypt_message(xml, request.args.get("msg_signature", ""),
                                                          request.args.get("timestamp"), request.args.get("nonce"))
                    except InvalidSignatureException:
                        return response.text("invalid msg_signature", status=403)
                    check_xml(xml)
                msg = parse_message(xml)
                if msg is None or not msg.source:
                    raise ValueError("no FromUserName")
            except (UnsafeXML, ExpatError, UnicodeDecodeError):
                return response.text("malformed or unsafe XML", status=400)
            except Exception as e:  # missing fields, bad ciphertext, wrong AppID ...
                logger.info("WeChat: refused a message: %s", type(e).__name__)
                return response.text("malformed message", status=400)

            sender = _pseudonym(msg.source)
            work = self._work(msg, sender, on_new_message)
            if work is None:
                return response.text("success")
            budget = self.config.reply_budget_seconds - (time.monotonic() - started)
            text = await self.once_per_message.handle(self._key(msg, sender), work, budget,
                                                 self._deliver_later(msg.source))
            if not text:
                return response.text("success")
            reply = _text_reply(text, msg)
            if safe_mode:
                reply = self.crypto.encrypt_message(reply, request.args.get("nonce"))
            return response.text(reply, content_type="application/xml; charset=utf-8")

        return bp
