"""The intranet chat page in a real browser (Debian's Chromium via Playwright), against the
real web app, Rasa server and action server."""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from tests.support.browser import chromium, screenshot
from tests.support.servers import running_assistant

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site():
    with running_assistant() as a:
        a.start_web()
        yield a


@pytest.fixture
def page(site):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.requested = requested
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        page.console = console
        yield page
        context.close()


def bot_says(page, pattern: str, timeout: float = 30_000) -> None:
    page.locator(".msg.bot").filter(has_text=re.compile(pattern, re.I)).last.wait_for(timeout=timeout)


def type_and_send(page, text: str) -> None:
    page.locator("#message").fill(text)
    page.keyboard.press("Enter")


def test_a_physician_completes_a_screening_with_the_keyboard_alone(site, page):
    page.goto(site.web_url + "/")
    bot_says(page, "pre-screen patients for NCT06898983")
    assert page.locator("#message").evaluate("el => el === document.activeElement")
    type_and_send(page, "62M AML confirmed, PLT 32k post chemo, ECOG 1, not of childbearing potential")
    bot_says(page, "Do any of these apply")
    # The checklist's buttons are reachable by Tab and pressed with Enter.
    none_button = page.get_by_role("button", name="None of these").last
    none_button.focus()
    page.keyboard.press("Enter")
    bot_says(page, "informed consent")
    type_and_send(page, "yes")
    bot_says(page, "Before I decide")
    page.get_by_role("button", name="Yes, that's right").last.click()
    bot_says(page, "Potentially eligible")
    decision = page.locator(".msg.bot").filter(has_text="Potentially eligible").last.inner_text()
    assert re.search(r"PS-\d{6}", decision)
    bot_says(page, "your name")
    for answer, next_question in (("Dr Chen", "department"), ("Haematology", "Phone"), ("ext 3310", "patient reference")):
        type_and_send(page, answer)
        bot_says(page, next_question)
    type_and_send(page, "CH 778")
    bot_says(page, "The study coordinator will contact you")
    screenshot(page, "chat-screening")
    # Every asset and call stayed on this app: nothing from a CDN or the internet.
    hosts = {urlparse(u).netloc for u in page.requested}
    assert hosts == {f"127.0.0.1:{site.web_port}"}
    # ... and the page's strict Content-Security-Policy refused nothing of its own.
    assert not [m for m in page.console if "Content Security Policy" in m], page.console


def test_the_chats_answers_hold_patient_facts_and_are_never_cached(site):
    import requests

    http = requests.Session()
    page = http.get(site.web_url + "/", timeout=30)
    assert page.headers["Cache-Control"] == "no-store"
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    said = http.post(site.web_url + "/chat/message", json={"message": "62M AML, PLT 32k"},
                     headers={"X-CSRFToken": token}, timeout=60)
    assert said.status_code == 200 and said.json()["messages"]
    history = http.get(site.web_url + "/chat/history", timeout=30)
    assert "62M AML, PLT 32k" in history.text
    for r in (said, history):
        assert r.headers["Cache-Control"] == "no-store"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["X-Frame-Options"] == "DENY"


def test_a_reload_keeps_the_conversation_and_new_screening_starts_fresh(site, page):
    page.goto(site.web_url + "/")
    bot_says(page, "pre-screen patients")
    type_and_send(page, "45F CML, PLT 52k")
    bot_says(page, "already rules the patient out")
    page.reload()
    bot_says(page, "already rules the patient out")
    assert "45F CML, PLT 52k" in page.locator(".msg.user").first.inner_text()
    page.get_by_role("button", name="New screening").click()
    bot_says(page, "pre-screen patients")
    assert page.locator(".msg.user").count() == 0


def test_readable_on_a_narrow_window(site):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(site.web_url + "/")
        bot_says(page, "pre-screen patients")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360  # no sideways scrolling
        screenshot(page, "chat-narrow")


def test_each_browser_session_sees_only_its_own_conversation(site):
    with chromium() as browser:
        first = browser.new_context().new_page()
        first.goto(site.web_url + "/")
        bot_says(first, "pre-screen patients")
        type_and_send(first, "71F AML, PLT 12k, ECOG 2")
        bot_says(first, "confirmed")
        other = browser.new_context().new_page()
        other.goto(site.web_url + "/")
        bot_says(other, "pre-screen patients")
        assert "71F" not in other.locator("#log").inner_text()


def test_the_page_says_so_when_the_assistant_is_down_and_keeps_the_text(site, page):
    page.goto(site.web_url + "/")
    bot_says(page, "pre-screen patients")
    site.stop("rasa")
    try:
        type_and_send(page, "62M AML")
        page.locator(".msg.error").filter(has_text="not answering").wait_for(timeout=30_000)
        assert page.locator("#message").input_value() == "62M AML"
    finally:
        site.start_rasa()


def test_a_chinese_browser_gets_the_page_and_the_conversation_in_chinese(site):
    with chromium() as browser:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1100, "height": 900})
        page = context.new_page()
        page.goto(site.web_url + "/")
        assert page.locator("html").get_attribute("lang") == "zh-Hans"
        page.get_by_role("heading", name="转诊患者预筛查").wait_for()
        bot_says(page, "您好")
        type_and_send(page, "62岁男，急髓骨穿确诊，化疗后血小板3.2万，ECOG 1，无生育可能")
        bot_says(page, "以下情况有符合的吗")
        page.get_by_role("button", name="以上都没有").last.click()
        bot_says(page, "知情同意")
        type_and_send(page, "愿意")
        bot_says(page, "请核对")
        page.get_by_role("button", name="是，正确").last.click()
        bot_says(page, "可能符合")
        screenshot(page, "chat-zh")
        context.close()
