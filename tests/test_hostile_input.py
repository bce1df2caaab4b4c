"""Bad and hostile input at the physicians' door (the web app in front of Rasa) and at Rasa's
own HTTP API: each gets a clear refusal, the servers stay up, the conversation goes on, and
the database holds the text as text. WeChat's door has its own battery in
tests/test_wechat_channel.py; the queue's forms in tests/test_queue.py."""
from __future__ import annotations

import re

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.support.servers import running_assistant

pytestmark = pytest.mark.e2e

INJECTIONS = [
    "'; DROP TABLE screenings; --",
    "62\" OR 1=1 --",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "{{7*7}} ${7*7} %(x)s",
    "\u202e\u0000\ufeff null bytes and bidi",
]


@pytest.fixture(scope="module")
def site():
    with running_assistant() as a:
        a.start_web()
        yield a


class Page:
    """A browser session on the chat page, as chat.js drives it (cookie + CSRF header)."""

    def __init__(self, site):
        self.site = site
        self.http = requests.Session()
        page = self.http.get(site.web_url + "/", timeout=30)
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)

    def post(self, path: str, data: bytes | str, content_type: str = "application/json", csrf: bool = True):
        headers = {"Content-Type": content_type}
        if csrf:
            headers["X-CSRFToken"] = self.csrf
        return self.http.post(self.site.web_url + path, data=data, headers=headers, timeout=60)

    def say(self, message: str) -> requests.Response:
        import json

        return self.post("/chat/message", json.dumps({"message": message}))


def still_up(site) -> None:
    assert requests.get(site.web_url + "/", timeout=10).ok
    assert requests.get(site.url + "/", timeout=10).ok


def test_malformed_and_oversized_bodies_get_clear_refusals(site):
    page = Page(site)
    for body in (b"{not json", b"\xff\xfe\xfa invalid utf-8", b"[]", b'{"message": 42}'):
        r = page.post("/chat/message", body)
        assert r.status_code == 400, (body, r.status_code)
        assert r.json()["error"], body
    r = page.post("/chat/message", b'{"message": "' + b"a" * 200_000 + b'"}')
    assert r.status_code == 413
    r = page.say("x" * 20_001)  # MAX_MESSAGE_CHARS + 1
    assert r.status_code == 413 and "too long" in r.json()["error"]
    still_up(site)


def test_a_post_without_the_token_or_from_another_session_is_refused(site):
    page = Page(site)
    r = page.post("/chat/message", '{"message": "hi"}', csrf=False)
    assert r.status_code == 400
    stranger = requests.post(site.web_url + "/chat/message", json={"message": "hi"},
                             headers={"X-CSRFToken": page.csrf}, timeout=30)
    assert stranger.status_code == 400  # a token without its session cookie is worthless


def test_injection_strings_are_kept_as_text_and_the_screening_goes_on(site):
    page = Page(site)
    assert page.say("hi").ok
    for attack in INJECTIONS:
        r = page.say(attack)
        assert r.status_code == 200, attack
        assert r.json()["messages"], attack  # a clear answer, never silence
    replies = page.say("62M AML confirmed, PLT 32k post chemo, ECOG 3").json()["messages"]
    assert "ECOG 3" in " ".join(m.get("text", "") for m in replies)
    decision = " ".join(m.get("text", "") for m in page.say("yes").json()["messages"])
    assert "Not eligible" in decision
    still_up(site)

    engine = create_engine(site.database_url, future=True)
    with engine.connect() as c:
        tables = set(c.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars())
        transcript = c.execute(text("SELECT transcript FROM screenings ORDER BY id DESC LIMIT 1")).scalar()
    engine.dispose()
    assert {"screenings", "referrals"} <= tables
    assert "'; DROP TABLE screenings; --" in transcript and "<script>alert('x')</script>" in transcript


def test_history_shows_only_this_sessions_conversation(site):
    mine, other = Page(site), Page(site)
    mine.say("62M AML, my own patient 4711")
    shown = other.http.get(site.web_url + "/chat/history", timeout=30).json()["messages"]
    assert "4711" not in str(shown)


def test_rasa_http_api_needs_its_token(site):
    assert requests.get(f"{site.url}/conversations/anyone/tracker", timeout=10).status_code in (401, 403)
    wrong = requests.get(f"{site.url}/conversations/anyone/tracker", params={"token": "guess"}, timeout=10)
    assert wrong.status_code in (401, 403)
    assert requests.get(f"{site.url}/conversations/anyone/tracker", params={"token": site.token}, timeout=10).ok
