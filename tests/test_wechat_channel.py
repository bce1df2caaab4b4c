"""The WeChat Official Account channel (channels/wechat.py).

Fast tests cover the pure parts (UTF-8 splitting, texts, the XML guard, deduplication and who
delivers an answer). The e2e tests run the real Rasa and action servers with the channel on
and talk to /webhooks/wechat/webhook the way WeChat's servers do: signed query strings, plain
and safe-mode (AES) XML bodies; late answers go to a local stand-in for api.weixin.qq.com.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from xml.parsers.expat import ExpatError

import pytest
import requests
import xmltodict
from hypothesis import given, settings, strategies as st

from channels.wechat_dedup import OncePerMessage, MemoryDedupStore, RedisDedupStore
from tests.support.wechat_api import FakeWeChatAPI
from channels.wechat_text import (GREETING, IMAGE_REPLY, UnsafeXML, cdata_safe, check_xml, render_bot_messages,
                                  split_utf8, utf8_len)

# ---- splitting at WeChat's 2048-byte limit -------------------------------------------------


def test_short_text_is_one_part():
    assert split_utf8("Hello, 你好") == ["Hello, 你好"]
    assert split_utf8("") == []


def test_long_chinese_text_is_cut_between_characters():
    text = "血小板减少症" * 500  # 3 bytes a character, 9000 bytes, no spaces or line breaks
    parts = split_utf8(text)
    assert len(parts) == 5
    assert all(utf8_len(p) <= 2048 for p in parts)
    assert "".join(parts) == text  # nothing lost, no character cut in two
    assert utf8_len(parts[0]) == 2046  # as full as whole characters allow


def test_four_byte_characters_at_the_boundary():
    text = "a" + "🙂" * 1000  # 1 + 4000 bytes: the 2048th byte falls inside an emoji
    parts = split_utf8(text)
    assert "".join(parts) == text and all(utf8_len(p) <= 2048 for p in parts)
    assert parts[0] == "a" + "🙂" * 511


def test_prefers_line_breaks_then_spaces():
    paragraph = ("x" * 99 + "\n") * 30  # 3000 bytes in 100-byte lines
    parts = split_utf8(paragraph)
    assert [utf8_len(p) for p in parts] == [1999, 1000]  # 20 whole lines (less the break cut at), then the rest
    assert parts[0].endswith("x") and not parts[1].startswith("\n")
    words = "word " * 600
    assert all(not p.startswith(" ") and utf8_len(p) <= 2048 for p in split_utf8(words))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000),
       st.integers(min_value=4, max_value=600))
def test_every_part_fits_and_decodes(text, limit):
    parts = split_utf8(text, limit)
    for p in parts:
        assert utf8_len(p) <= limit
        p.encode("utf-8").decode("utf-8")
    # Only the line breaks/spaces cut at (and whitespace-only parts) can go missing.
    def visible(s):
        return "".join(ch for ch in s if not ch.isspace())

    assert visible("".join(parts)) == visible(text)


def test_bot_messages_become_one_text_with_button_titles():
    text = render_bot_messages([
        {"recipient_id": "x", "text": "Is the AML confirmed?", "buttons": [{"title": "Yes", "payload": "yes"},
                                                                          {"title": "No", "payload": "no"}]},
        {"recipient_id": "x", "text": "Second message"},
    ])
    assert text.startswith("Is the AML confirmed?\n") and "Yes / No" in text and text.endswith("\n\nSecond message")


def test_cdata_terminator_in_text_is_kept_as_text():
    xml = f"<xml><Content><![CDATA[{cdata_safe('a ]]> b')}]]></Content></xml>"
    assert xmltodict.parse(xml)["xml"]["Content"] == "a ]]> b"


def test_greeting_is_chinese_first_and_says_it_is_not_a_diagnosis():
    assert GREETING.startswith("您好！")
    assert "临床试验" in GREETING and "预筛查助手" in GREETING and "这不是诊断，也不是入组" in GREETING
    assert GREETING.index("您好") < GREETING.index("Hello") and "not a diagnosis" in GREETING
    assert utf8_len(GREETING) <= 2048 and utf8_len(IMAGE_REPLY) <= 2048


# ---- the XML guard -------------------------------------------------------------------------

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[o_bomb]]></FromUserName>
<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&lol9;</Content>
<MsgId>1</MsgId></xml>"""


def test_xml_guard_refuses_any_dtd_before_expanding():
    started = time.monotonic()
    with pytest.raises(UnsafeXML):
        check_xml(BOMB)
    with pytest.raises(UnsafeXML):
        check_xml('<!DOCTYPE xml SYSTEM "file:///etc/passwd"><xml/>')
    assert time.monotonic() - started < 1
    with pytest.raises(ExpatError):
        check_xml("<xml><Content>unclosed</xml>")
    check_xml("<xml><Content><![CDATA[<!DOCTYPE is fine inside text]]></Content></xml>")


# ---- deduplication store -----------------------------------------------------------------------

class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_memory_store_claims_once_per_ttl():
    clock = FakeClock()
    store = MemoryDedupStore(ttl_seconds=300, clock=clock)

    async def go():
        assert await store.claim("s:1") is True
        assert await store.claim("s:1") is False
        assert await store.claim("s:2") is True
        clock.now += 301
        assert await store.claim("s:1") is True  # expired, and the old entries are purged
        assert len(store) == 1

    asyncio.run(go())


def test_memory_store_remembers_what_was_claimed_first():
    clock = FakeClock()
    store = MemoryDedupStore(ttl_seconds=660, clock=clock)

    async def go():
        assert await store.claim_for("ts:nonce:sig", b"body-1") is True
        assert await store.claim_for("ts:nonce:sig", b"body-1") is True  # WeChat's retry: the same body
        assert await store.claim_for("ts:nonce:sig", b"body-2") is False  # a replay with another body
        clock.now += 661
        assert await store.claim_for("ts:nonce:sig", b"body-2") is True  # long past its timestamp's window

    asyncio.run(go())


class FakeRedis:
    """Just SET NX EX, as redis.asyncio.Redis.set answers it (True or None)."""

    def __init__(self, fail=False):
        self.data, self.calls, self.fail = {}, [], fail

    async def set(self, key, value, nx=False, ex=None):
        self.calls.append((key, nx, ex))
        if self.fail:
            raise ConnectionError("down")
        if nx and key in self.data:
            return None
        self.data[key] = value
        return True

    async def close(self):
        pass


def test_redis_store_uses_set_nx_with_expiry_and_fails_open():
    async def go():
        shared = FakeRedis()
        a, b = RedisDedupStore("", 300, client=shared), RedisDedupStore("", 300, client=shared)
        assert await a.claim("s:1") is True
        assert await b.claim("s:1") is False  # another replica
        assert shared.calls[0] == ("prescreen:wechat:seen:s:1", True, 300)
        assert await RedisDedupStore("", 300, client=FakeRedis(fail=True)).claim("s:1") is True

    asyncio.run(go())


@pytest.fixture
def redis_url():
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("no redis-server here")
    from tests.support.postgres import free_port

    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen([server, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", tmp],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            import redis

            deadline = time.monotonic() + 10
            while True:
                try:
                    redis.Redis(port=port).ping()
                    break
                except redis.ConnectionError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.terminate()
            proc.wait(10)


def test_replicas_sharing_a_real_redis_refuse_a_signed_query_with_another_body(redis_url):
    async def go():
        a = RedisDedupStore(redis_url, 660, prefix="prescreen:wechat:query:")
        b = RedisDedupStore(redis_url, 660, prefix="prescreen:wechat:query:")
        key = uuid.uuid4().hex
        assert await a.claim_for(key, b"body-1") is True
        assert await b.claim_for(key, b"body-1") is True
        assert await b.claim_for(key, b"body-2") is False
        await a.close()
        await b.close()

    asyncio.run(go())


def test_redis_store_against_a_real_redis(redis_url):
    async def go():
        a, b = RedisDedupStore(redis_url, 2), RedisDedupStore(redis_url, 2)
        key = uuid.uuid4().hex
        assert await a.claim(key) is True and await b.claim(key) is False
        await asyncio.sleep(2.5)
        assert await b.claim(key) is True
        await a.close()
        await b.close()

    asyncio.run(go())


# ---- who answers: the passive reply, a retry, or the customer-service API ---------------------

class Work:
    def __init__(self, parts, delay=0.0):
        self.parts, self.delay, self.calls = parts, delay, 0

    async def __call__(self):
        self.calls += 1
        await asyncio.sleep(self.delay)
        return list(self.parts)


class Later:
    def __init__(self):
        self.sent = []

    async def __call__(self, parts):
        self.sent.append(list(parts))


def test_fast_answer_is_the_passive_reply_and_a_retry_repeats_it_without_reprocessing():
    async def go():
        c, work, later = OncePerMessage(MemoryDedupStore()), Work(["answer"]), Later()
        assert await c.handle("s:1", work, 1.0, later) == "answer"
        assert await c.handle("s:1", work, 1.0, later) == "answer"  # WeChat did not get it: again
        assert work.calls == 1 and later.sent == []

    asyncio.run(go())


def test_retry_during_the_first_attempt_awaits_it_and_carries_the_reply():
    async def go():
        c, work, later = OncePerMessage(MemoryDedupStore()), Work(["answer"], delay=0.3), Later()
        first = asyncio.ensure_future(c.handle("s:1", work, 0.1, later))
        await asyncio.sleep(0.05)
        retry = asyncio.ensure_future(c.handle("s:1", work, 1.0, later))
        assert await first is None  # `success`
        assert await retry == "answer"
        await asyncio.sleep(0.05)
        assert work.calls == 1 and later.sent == []  # carried by the retry, not sent twice

    asyncio.run(go())


def test_concurrent_copies_are_processed_once():
    async def go():
        c, work, later = OncePerMessage(MemoryDedupStore()), Work(["answer"], delay=0.05), Later()
        replies = await asyncio.gather(*(c.handle("s:1", work, 1.0, later) for _ in range(4)))
        assert replies == ["answer"] * 4 and work.calls == 1

    asyncio.run(go())


def test_slow_answer_goes_to_the_customer_service_api_once():
    async def go():
        c, work, later = OncePerMessage(MemoryDedupStore()), Work(["part 1", "part 2"], delay=0.2), Later()
        assert await c.handle("s:1", work, 0.01, later) is None
        assert await c.handle("s:1", work, 0.01, later) is None  # a retry that also runs out of time
        await asyncio.sleep(0.4)
        assert later.sent == [["part 1", "part 2"]] and work.calls == 1
        assert await c.handle("s:1", work, 1.0, later) is None  # already delivered: no second copy

    asyncio.run(go())


def test_long_answer_first_part_passive_rest_by_the_api():
    async def go():
        c, later = OncePerMessage(MemoryDedupStore()), Later()
        parts = split_utf8("很长的回答。" * 1000)
        assert len(parts) > 2
        assert await c.handle("s:1", Work(parts), 1.0, later) == parts[0]
        await asyncio.sleep(0.01)
        assert later.sent == [parts[1:]]

    asyncio.run(go())


def test_replicas_sharing_a_store_process_once_and_the_owner_delivers():
    async def go():
        shared = FakeRedis()
        owner = OncePerMessage(RedisDedupStore("", 300, client=shared))
        other = OncePerMessage(RedisDedupStore("", 300, client=shared))
        work, later = Work(["answer"], delay=0.2), Later()
        assert await owner.handle("s:1", work, 0.05, later) is None
        assert await other.handle("s:1", work, 1.0, later) is None  # retry landed on another replica
        await asyncio.sleep(0.3)
        assert work.calls == 1 and later.sent == [["answer"]]

    asyncio.run(go())


def test_failed_work_is_not_delivered_and_does_not_hang():
    async def boom():
        raise RuntimeError("rasa down")

    async def go():
        c, later = OncePerMessage(MemoryDedupStore()), Later()
        assert await c.handle("s:1", boom, 1.0, later) is None
        assert later.sent == []

    asyncio.run(go())


# ---- settings ------------------------------------------------------------------------------------

@pytest.fixture
def clean_env(monkeypatch):
    from prescreen.settings import get_settings

    for name in [n for n in os.environ if n.startswith("WECHAT_")] + ["REDIS_URL"]:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_channel_is_off_without_a_token_even_in_production(clean_env):
    from channels.wechat import WeChatInput

    for name in ("PSEUDONYM_SECRET", "RASA_AUTH_TOKEN", "WEB_SECRET_KEY", "ACTION_SERVER_TOKEN"):
        clean_env.setenv(name, "x" * 32)  # production refuses any process without these
    clean_env.setenv("PRESCREEN_ENV", "production")
    channel = WeChatInput.from_credentials(None)  # does not demand WeChat secrets
    assert not channel.config.enabled and channel.name() == "wechat"


def test_production_refuses_empty_or_dev_wechat_secrets_when_on(clean_env):
    from channels.wechat import WeChatInput
    from prescreen.settings import SettingsError, get_settings

    for name in ("PSEUDONYM_SECRET", "RASA_AUTH_TOKEN", "WEB_SECRET_KEY", "ACTION_SERVER_TOKEN"):
        clean_env.setenv(name, "x" * 32)
    clean_env.setenv("PRESCREEN_ENV", "production")
    clean_env.setenv("WECHAT_TOKEN", TOKEN)
    clean_env.setenv("WECHAT_APP_ID", APP_ID)
    clean_env.setenv("WECHAT_APP_SECRET", "change-me")
    with pytest.raises(SettingsError, match="WECHAT_APP_SECRET.*WECHAT_ENCODING_AES_KEY"):
        WeChatInput.from_credentials(None)
    clean_env.setenv("WECHAT_APP_SECRET", APP_SECRET)
    clean_env.setenv("WECHAT_ENCODING_AES_KEY", "too-short")
    with pytest.raises(SettingsError, match="43-character"):
        WeChatInput.from_credentials(None)
    clean_env.setenv("WECHAT_ENCODING_AES_KEY", AES_KEY)
    get_settings.cache_clear()
    channel = WeChatInput.from_credentials(None)
    assert channel.config.enabled and channel.crypto is not None
    assert channel.config.api_base_url == "https://api.weixin.qq.com/cgi-bin/"
    assert channel.config.reply_budget_seconds == 4.5 and channel.config.max_body_bytes == 65536


def test_development_accepts_plain_mode_without_secrets(clean_env):
    from channels.wechat import WeChatInput

    clean_env.setenv("PRESCREEN_ENV", "development")
    clean_env.setenv("WECHAT_TOKEN", TOKEN)
    clean_env.setenv("WECHAT_REPLY_BUDGET_SECONDS", "0.5")
    clean_env.setenv("WECHAT_API_BASE_URL", "http://127.0.0.1:9/cgi-bin")
    channel = WeChatInput.from_credentials(None)
    assert channel.config.enabled and channel.crypto is None and channel.config.reply_budget_seconds == 0.5
    assert channel.client().API_BASE_URL == "http://127.0.0.1:9/cgi-bin/"


# ---- end to end: real Rasa + action server, requests built the way WeChat builds them ----------

TOKEN = "wechatTestToken123"
APP_ID = "wx0123456789abcdef"
APP_SECRET = "test-app-secret-0123456789abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as the console makes them
PSEUDONYM_SECRET = "wechat-test-pseudonym-secret-0123456789"
ACCOUNT = "gh_0123456789ab"


def pseudonym(open_id: str) -> str:
    """The sender id Rasa sees for an OpenID (prescreen.store.outcome_log.pseudonymous_sender)."""
    return "ps-" + hmac.new(PSEUDONYM_SECRET.encode(), open_id.encode(), hashlib.sha256).hexdigest()


def new_open_id() -> str:
    return "o" + uuid.uuid4().hex[:27]


def new_msg_id() -> int:
    return int.from_bytes(os.urandom(7), "big")


def sign(*values: str) -> str:
    return hashlib.sha1("".join(sorted(values)).encode()).hexdigest()


def query(token: str = TOKEN, timestamp: int | None = None) -> dict[str, str]:
    ts, nonce = str(timestamp if timestamp is not None else int(time.time())), uuid.uuid4().hex[:10]
    return {"signature": sign(token, ts, nonce), "timestamp": ts, "nonce": nonce, "openid": "ignored"}


def message_xml(open_id: str, msg_type: str, msg_id: int | None = None, create_time: int | None = None,
                **fields: str) -> str:
    body = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items())
    msg_id_xml = f"<MsgId>{msg_id}</MsgId>" if msg_id is not None else ""
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{open_id}]]></FromUserName>"
            f"<CreateTime>{create_time or int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
            f"{body}{msg_id_xml}</xml>")


def text_xml(open_id: str, content: str, msg_id: int | None = None) -> str:
    return message_xml(open_id, "text", msg_id or new_msg_id(), Content=content)


class WeChat:
    """Plays WeChat's servers against one assistant."""

    def __init__(self, assistant):
        self.assistant = assistant
        self.url = f"{assistant.url}/webhooks/wechat/webhook"
        self.http = requests.Session()

    def post(self, xml: str | bytes, params: dict | None = None, timeout: float = 60) -> requests.Response:
        data = xml.encode("utf-8") if isinstance(xml, str) else xml
        return self.http.post(self.url, params=params or query(), data=data, timeout=timeout,
                              headers={"Content-Type": "text/xml"})

    def reply(self, xml: str) -> str:
        """The text of the passive reply ('' for `success`)."""
        r = self.post(xml)
        assert r.status_code == 200, r.text
        if r.text in ("success", ""):
            return ""
        reply = xmltodict.parse(r.text)["xml"]
        assert reply["MsgType"] == "text" and reply["FromUserName"] == ACCOUNT
        return reply["Content"]

    def user_events(self, open_id: str) -> list[dict]:
        return [e for e in self.assistant.tracker(pseudonym(open_id))["events"] if e["event"] == "user"]

    def last_answer(self, open_id: str) -> str:
        """What the assistant said after the sender's last message, as the channel renders it
        for WeChat: the reply must be exactly this, whatever the wording of the day."""
        events = self.assistant.tracker(pseudonym(open_id))["events"]
        last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
        said = [{"text": e.get("text"), "buttons": (e.get("data") or {}).get("buttons")}
                for e in events[last_user:] if e["event"] == "bot"]
        return render_bot_messages(said)


# These tests check what the channel answers, not how fast: on a busy 2-core CI machine a turn
# can miss WeChat's 4.5 s, and the answer then goes by the customer-service API instead of the
# passive reply. That path has tests of its own (slow_wechat: a budget of 1 ms); the rest
# get a budget no turn misses, so that a slow moment does not turn into a wrong answer.
TEST_REPLY_BUDGET_SECONDS = "30"


def wechat_env(api: FakeWeChatAPI, **extra: str) -> dict[str, str]:
    return {"WECHAT_TOKEN": TOKEN, "WECHAT_APP_ID": APP_ID, "WECHAT_APP_SECRET": APP_SECRET,
            "WECHAT_ENCODING_AES_KEY": AES_KEY, "WECHAT_API_BASE_URL": api.base_url,
            "PSEUDONYM_SECRET": PSEUDONYM_SECRET, "REDIS_URL": "",
            "WECHAT_REPLY_BUDGET_SECONDS": TEST_REPLY_BUDGET_SECONDS, **extra}


@pytest.fixture(scope="module")
def api():
    fake = FakeWeChatAPI()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def wechat(api):
    from tests.support.servers import running_assistant

    with running_assistant(extra_env=wechat_env(api)) as a:
        a.say("warm-up", "hi")  # the first prediction of a fresh server is the slowest
        yield WeChat(a)


@pytest.fixture(scope="module")
def slow_wechat(api):
    """An assistant that never answers within its reply budget: every answer goes by the API."""
    from tests.support.servers import running_assistant

    with running_assistant(extra_env=wechat_env(api, WECHAT_REPLY_BUDGET_SECONDS="0.001")) as a:
        yield WeChat(a)


@pytest.mark.e2e
def test_url_verification_echoes_echostr_only_with_the_right_signature(wechat):
    params = {**query(), "echostr": "1234567890123"}
    r = requests.get(wechat.url, params=params, timeout=10)
    assert r.status_code == 200 and r.text == "1234567890123"
    bad = {**params, "signature": sign("wrong-token", params["timestamp"], params["nonce"])}
    assert requests.get(wechat.url, params=bad, timeout=10).status_code == 403
    assert requests.get(wechat.url, params={"echostr": "x"}, timeout=10).status_code == 403


@pytest.mark.e2e
def test_plain_text_message_gets_the_assistants_reply(wechat):
    open_id = new_open_id()
    first = wechat.reply(text_xml(open_id, "hi"))
    assert "NCT06898983" in first and first == wechat.last_answer(open_id)
    second = wechat.reply(text_xml(open_id, "62"))
    assert second and second == wechat.last_answer(open_id)
    tracker = wechat.assistant.tracker(pseudonym(open_id))
    assert tracker["slots"]["age"] == 62
    assert tracker["latest_input_channel"] == "wechat"
    assert open_id not in json.dumps(tracker)  # Rasa only ever sees the pseudonym


@pytest.mark.e2e
def test_safe_mode_round_trip(wechat):
    from wechatpy.crypto import WeChatCrypto

    crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    open_id = new_open_id()
    params = query()
    sealed = xmltodict.parse(crypto.encrypt_message(text_xml(open_id, "hi"), params["nonce"], params["timestamp"]))
    encrypted = sealed["xml"]["Encrypt"]
    body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    safe = {**params, "encrypt_type": "aes", "msg_signature": sign(TOKEN, params["timestamp"], params["nonce"], encrypted)}
    r = wechat.post(body, safe)
    assert r.status_code == 200, r.text
    outer = xmltodict.parse(r.text)["xml"]
    assert set(outer) >= {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"} and "NCT06898983" not in r.text
    reply = xmltodict.parse(crypto.decrypt_message(r.text, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"]))
    assert reply["xml"]["ToUserName"] == open_id and reply["xml"]["FromUserName"] == ACCOUNT
    assert "NCT06898983" in reply["xml"]["Content"] and reply["xml"]["Content"] == wechat.last_answer(open_id)
    # A forged msg_signature is refused and never reaches Rasa.
    other = new_open_id()
    params = query()
    encrypted = xmltodict.parse(crypto.encrypt_message(text_xml(other, "hi"), params["nonce"]))["xml"]["Encrypt"]
    body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    forged = {**params, "encrypt_type": "aes", "msg_signature": "0" * 40}
    assert wechat.post(body, forged).status_code == 403
    assert wechat.user_events(other) == []


@pytest.mark.e2e
def test_the_same_msg_id_is_processed_once(wechat):
    open_id, msg_id = new_open_id(), new_msg_id()
    xml = text_xml(open_id, "hi", msg_id)
    first = wechat.reply(xml)
    assert first and first == wechat.last_answer(open_id)
    assert wechat.reply(xml) == first  # WeChat retried: the same answer, not a second turn
    with ThreadPoolExecutor(3) as pool:  # retries arriving together
        replies = list(pool.map(lambda _: wechat.reply(xml), range(3)))
    assert replies == [first] * 3
    events = wechat.user_events(open_id)
    assert len(events) == 1 and events[0]["text"] == "hi" and events[0]["input_channel"] == "wechat"
    # A new MsgId with the same text is a new message.
    wechat.reply(text_xml(open_id, "hi"))
    assert len(wechat.user_events(open_id)) == 2


@pytest.mark.e2e
def test_concurrent_first_copies_are_processed_once(wechat):
    open_id = new_open_id()
    xml = text_xml(open_id, "62M AML")
    with ThreadPoolExecutor(3) as pool:
        replies = list(pool.map(lambda _: wechat.reply(xml), range(3)))
    assert replies[0] and replies == [wechat.last_answer(open_id)] * 3, replies
    assert len(wechat.user_events(open_id)) == 1


@pytest.mark.e2e
def test_subscribe_gets_the_greeting_and_unsubscribe_ends_the_conversation(wechat):
    open_id = new_open_id()
    greeting = wechat.reply(message_xml(open_id, "event", Event="subscribe", EventKey=""))
    assert greeting == GREETING and greeting.startswith("您好！") and "这不是诊断，也不是入组" in greeting
    assert wechat.user_events(open_id) == []
    wechat.reply(text_xml(open_id, "62M AML"))
    assert wechat.assistant.slots(pseudonym(open_id))["age"] == 62
    assert wechat.reply(message_xml(open_id, "event", Event="unsubscribe", EventKey="")) == ""
    tracker = wechat.assistant.tracker(pseudonym(open_id))
    assert tracker["slots"]["age"] is None and tracker["slots"]["diagnosis"] is None


@pytest.mark.e2e
def test_image_and_voice(wechat):
    open_id = new_open_id()
    image = message_xml(open_id, "image", new_msg_id(), PicUrl="http://example.invalid/x.jpg", MediaId="m1")
    assert wechat.reply(image) == IMAGE_REPLY
    voice = message_xml(open_id, "voice", new_msg_id(), MediaId="m2", Format="amr")
    assert "语音" in wechat.reply(voice)
    assert wechat.user_events(open_id) == []
    recognised = message_xml(open_id, "voice", new_msg_id(), MediaId="m3", Format="amr", Recognition="hi")
    answer = wechat.reply(recognised)
    assert "NCT06898983" in answer and answer == wechat.last_answer(open_id)
    assert [e["text"] for e in wechat.user_events(open_id)] == ["hi"]


@pytest.mark.e2e
def test_forged_missing_or_stale_signature_is_refused_before_rasa(wechat):
    open_id = new_open_id()
    xml = text_xml(open_id, "hi")
    forged = query()
    forged["signature"] = sign("not-the-token", forged["timestamp"], forged["nonce"])
    assert wechat.post(xml, forged).status_code == 403
    missing = query()
    del missing["signature"]
    assert wechat.post(xml, missing).status_code == 403
    assert wechat.post(xml, query(timestamp=int(time.time()) - 301)).status_code == 403  # a replay
    assert wechat.post(xml, query(timestamp=int(time.time()) + 301)).status_code == 403
    assert wechat.user_events(open_id) == []


@pytest.mark.e2e
def test_a_signed_query_replayed_with_another_body_is_refused(wechat):
    """Plain mode signs the token, timestamp and nonce, not the body: the same signed query
    with another message or another OpenID is a replay; WeChat's own retry (the same body)
    and a freshly signed request pass."""
    victim, intruder = new_open_id(), new_open_id()
    params = query()
    first = text_xml(victim, "hi")
    r = wechat.post(first, params)
    assert r.status_code == 200 and "NCT06898983" in r.text
    for body in (text_xml(victim, "62M AML"), text_xml(intruder, "hi"), text_xml(intruder, "80 yo man")):
        refused = wechat.post(body, params)
        assert refused.status_code == 403 and "NCT06898983" not in refused.text
    assert wechat.post(first, params).status_code == 200  # WeChat retrying the same message
    assert [e["text"] for e in wechat.user_events(victim)] == ["hi"]
    assert wechat.user_events(intruder) == []
    assert "NCT06898983" in wechat.reply(text_xml(intruder, "hi"))  # signed afresh: a new message


@pytest.mark.e2e
def test_a_crafted_from_user_name_cannot_add_elements_to_the_reply(wechat):
    crafted = "o_evil]]></ToUserName><Injected>1</Injected><ToUserName><![CDATA[o_other"
    escaped = crafted.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName>{escaped}</FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[hi]]></Content><MsgId>{new_msg_id()}</MsgId></xml>")
    r = wechat.post(body)
    assert r.status_code == 200
    reply = xmltodict.parse(r.text)["xml"]
    assert set(reply) == {"ToUserName", "FromUserName", "CreateTime", "MsgType", "Content"}
    assert reply["ToUserName"] == crafted and reply["FromUserName"] == ACCOUNT
    assert "NCT06898983" in reply["Content"]


@pytest.mark.e2e
def test_malformed_xml_and_entity_bomb_are_400_without_expanding(wechat):
    assert wechat.post("<xml><MsgType>text</Msg").status_code == 400
    assert wechat.post(b"\xff\xfe<\x00x\x00").status_code == 400
    assert wechat.post("<xml><MsgType><![CDATA[text]]></MsgType></xml>").status_code == 400  # no sender
    started = time.monotonic()
    assert wechat.post(BOMB).status_code == 400
    assert time.monotonic() - started < 3
    assert wechat.user_events("o_bomb") == []


@pytest.mark.e2e
def test_oversized_body_is_413(wechat):
    open_id = new_open_id()
    body = text_xml(open_id, "x" * (70 * 1024)).encode()
    assert wechat.post(body).status_code == 413  # Content-Length says so: not even read
    chunked = requests.post(wechat.url, params=query(), timeout=10,  # no Content-Length: counted while read
                            data=(body[i:i + 8192] for i in range(0, len(body), 8192)))
    assert chunked.status_code == 413
    assert wechat.user_events(open_id) == []


@pytest.mark.e2e
def test_answer_that_misses_the_budget_goes_by_the_customer_service_api(slow_wechat, api):
    open_id, msg_id = new_open_id(), new_msg_id()
    xml = text_xml(open_id, "hi", msg_id)
    assert slow_wechat.reply(xml) == ""  # `success` within the budget
    assert slow_wechat.reply(xml) == ""  # WeChat's retry: no second processing
    deadline = time.monotonic() + 60
    while not [m for m in api.sent() if m["touser"] == open_id] and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    sent = [m for m in api.sent() if m["touser"] == open_id]
    assert len(sent) == 1, api.calls
    assert sent[0]["msgtype"] == "text" and sent[0]["text"]["content"] == slow_wechat.last_answer(open_id)
    assert "NCT06898983" in sent[0]["text"]["content"]
    token_calls = [q for path, q, _ in api.calls if path == "/cgi-bin/token"]
    assert token_calls and token_calls[0]["appid"] == [APP_ID] and token_calls[0]["secret"] == [APP_SECRET]
    send_queries = [q for path, q, _ in api.calls if path == "/cgi-bin/message/custom/send"]
    assert all(q["access_token"] == ["ACCESS_TOKEN_1"] for q in send_queries)
    assert len(slow_wechat.user_events(open_id)) == 1


@pytest.mark.e2e
def test_rasa_starts_with_the_channel_off_when_wechat_is_not_configured(tmp_path):
    from tests.support.servers import BIN, Assistant

    a = Assistant(f"sqlite:///{tmp_path / 'prescreen.db'}", tmp_path)
    for name in [n for n in a.env if n.startswith("WECHAT_")]:
        del a.env[name]
    try:
        subprocess.run([str(BIN / "prescreen"), "migrate"], env=a.env, check=True, capture_output=True)
        a.start_rasa()
        assert requests.get(f"{a.url}/webhooks/wechat/", timeout=10).json() == {"status": "off"}
        r = requests.post(f"{a.url}/webhooks/wechat/webhook", params=query(), data=text_xml(new_open_id(), "hi"),
                          timeout=10)
        assert r.status_code == 503
        assert requests.get(f"{a.url}/webhooks/rest/", timeout=10).ok
    finally:
        a.stop_all()


@pytest.mark.e2e
def test_two_replicas_sharing_redis_process_a_retry_once(redis_url, api):
    from tests.support.servers import Assistant, running_assistant

    with running_assistant(extra_env=wechat_env(api, REDIS_URL=redis_url)) as a:
        b = Assistant(a.database_url, a.workdir, wechat_env(api, REDIS_URL=redis_url))
        b.env["ACTION_PORT"] = a.env["ACTION_PORT"]
        b.env["RASA_AUTH_TOKEN"] = b.token
        try:
            b.start_rasa()
            one, other = WeChat(a), WeChat(b)
            open_id = new_open_id()
            xml = text_xml(open_id, "hi")
            answer = one.reply(xml)
            assert "NCT06898983" in answer
            assert other.reply(xml) == ""  # the retry reached the other replica: `success`, no second turn
            assert len(one.user_events(open_id)) == 1
            assert len(other.user_events(open_id)) == 1  # same tracker store, seen from replica b
            # A signed query seen by one replica cannot be replayed with another body at the other.
            params, intruder = query(), new_open_id()
            assert one.post(text_xml(new_open_id(), "hi"), params).status_code == 200
            assert other.post(text_xml(intruder, "hi"), params).status_code == 403
            assert other.user_events(intruder) == []
        finally:
            b.stop_all()


@pytest.mark.e2e
def test_a_family_member_completes_a_chinese_patient_mode_screening_over_wechat(wechat):
    """Issue: an end-to-end WeChat test that completes a Chinese patient-mode screening."""
    open_id = new_open_id()
    steps = [  # (what the family member types, what the reply must contain)
        ("你好", "不是诊断"),
        ("我妈妈今年58岁，急性髓系白血病，骨髓穿刺确诊的", "血小板"),
        ("化验单上血小板是1.8万", "化疗"),
        ("是的，化疗以后才低的", "日常活动"),
        ("1", "生育"),
        ("不会，已经绝经了", "以下情况有符合的吗"),
        ("都没有", "知情同意"),
        ("愿意", "请核对"),
    ]
    for message, expected in steps:
        answer = wechat.reply(text_xml(open_id, message)) or wechat.last_answer(open_id)
        assert expected in answer, (message, answer)
        assert "ECOG" not in answer  # a patient is never asked for a score
    slots = wechat.assistant.slots(pseudonym(open_id))
    assert (slots["language"], slots["audience"]) == ("zh", "patient")
    assert (slots["age"], slots["diagnosis"], slots["platelet_count"], slots["ecog"]) == (58, "AML", 18.0, 1)
    decision = wechat.reply(text_xml(open_id, "对")) or wechat.last_answer(open_id)
    assert "可能符合" in decision and "不是诊断" in decision and "同意保存手机号" in decision
    assert "手机号码" in (wechat.reply(text_xml(open_id, "同意")) or wechat.last_answer(open_id))
    saved = wechat.reply(text_xml(open_id, "13800138000")) or wechat.last_answer(open_id)
    assert "研究协调员会通过您留下的号码联系您" in saved

    from sqlalchemy import create_engine, text

    engine = create_engine(wechat.assistant.database_url, future=True)
    with engine.connect() as c:
        channel, decided, sender_ref = c.execute(text(
            "SELECT channel, decision, sender_ref FROM screenings ORDER BY id DESC LIMIT 1")).one()
        contact = c.execute(text("SELECT referrer_contact FROM referrals ORDER BY id DESC LIMIT 1")).scalar()
    engine.dispose()
    assert (channel, decided, contact) == ("wechat", "potentially_eligible", "13800138000")
    assert sender_ref == pseudonym(open_id).removeprefix("ps-")  # the OpenID's pseudonym, hashed once
