"""The chat page's own words, errors included, come from the catalogue in the browser's language
(issue 17: one catalogue the ethics committee reviews). No assistant is needed: each request
below is refused by the web app before anything is sent to Rasa."""
from __future__ import annotations

import re

import pytest

from web import create_app


@pytest.fixture
def client():
    return create_app(TESTING=True).test_client()  # CSRF stays on


def _post(client, lang: str, body):
    page = client.get("/", headers={"Accept-Language": lang}).get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return client.post("/chat/message", json=body, headers={"X-CSRFToken": token, "Accept-Language": lang})


@pytest.mark.parametrize("lang, skip, empty, not_json, too_long", [
    ("en", "Skip to content", "Type a message first.", '{"message": "..."}', "too long (20,001 characters"),
    ("zh-CN", "跳到正文", "请先输入消息。", "JSON", "消息太长（20,001个字符"),
])
def test_the_pages_words_and_refusals_are_in_the_browsers_language(client, lang, skip, empty, not_json, too_long):
    assert skip in client.get("/", headers={"Accept-Language": lang}).get_data(as_text=True)
    r = _post(client, lang, {"message": "   "})
    assert r.status_code == 400 and r.get_json()["error"] == empty
    r = _post(client, lang, {"message": 42})
    assert r.status_code == 400 and not_json in r.get_json()["error"]
    r = _post(client, lang, {"message": "x" * 20_001})
    assert r.status_code == 413 and too_long in r.get_json()["error"]
