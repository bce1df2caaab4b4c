"""The intranet chat page in a real browser (Debian's Chromium via Playwright), against the
real web app, Rasa server and action server."""
from __future__ import annotations

import re
import subprocess
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa

from tests.support.axe import violations
from tests.support.browser import chromium, screenshot
from tests.support.servers import BIN, running_assistant

pytestmark = pytest.mark.e2e

USERNAME, PASSWORD = "lin.coordinator", "a long enough passphrase"
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def site():
    with running_assistant() as a:
        a.start_web()
        subprocess.run([str(BIN / "prescreen"), "coordinator", "add", USERNAME, "--password-stdin"], env=a.env,
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)
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
    page.get_by_role("button", name="New patient").click()
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


# ---- issue 18: the page as a busy physician uses it ------------------------------------------

def answered(page, timeout: float = 60_000) -> None:
    """The bot's turn is over: nothing is in flight (chat.js keeps one message at a time)."""
    page.locator("#log[aria-busy='false']").wait_for(state="attached", timeout=timeout)


def newest_message_in_view(page) -> None:
    """The newest message lies inside the log's visible box, above the text box: nothing pinned
    covers it (WCAG 2.2 SC 2.4.11). One taller than the box is shown from its first line."""
    r = page.evaluate("""() => {
      const log = document.getElementById('log'), m = log.lastElementChild.getBoundingClientRect(),
            l = log.getBoundingClientRect(), c = document.getElementById('composer').getBoundingClientRect();
      return {top: m.top, bottom: m.bottom, height: m.height, logTop: l.top, logBottom: l.bottom,
              inputTop: c.top, viewport: innerHeight, text: log.lastElementChild.innerText.slice(0, 60)};
    }""")
    assert r["logBottom"] <= r["inputTop"] + 1 and r["inputTop"] < r["viewport"], r  # the box is above the input, on screen
    assert r["top"] >= r["logTop"] - 1, r
    if r["height"] <= r["logBottom"] - r["logTop"]:
        assert r["bottom"] <= r["logBottom"] + 1, r
    else:
        assert r["top"] <= r["logTop"] + 40, r  # too tall for the box: its start is shown


def say_and_check(page, text: str, expect: str) -> None:
    page.locator("#message").fill(text)
    page.keyboard.press("Enter")
    bot_says(page, expect)
    answered(page)
    newest_message_in_view(page)


def click_and_check(page, button: str, expect: str) -> None:
    page.get_by_role("button", name=button).last.click()
    bot_says(page, expect)
    answered(page)
    newest_message_in_view(page)


def screen_one_patient(page, consent: str) -> str:
    """A whole screening through the page; the referrer's details are the page's, so only the
    patient reference is asked. Returns the decision message."""
    say_and_check(page, "62M AML confirmed, PLT 32k post chemo, ECOG 1, not of childbearing potential", "Do any of these apply")
    checklist = page.get_by_role("button", name="None of these").last
    click_and_check(page, "None of these", "informed consent")
    # The checklist's buttons are past: disabled, so out of the tab order.
    assert checklist.is_disabled()
    say_and_check(page, consent, "Before I decide")
    # Only the current question's buttons are live, and Shift+Tab from the text box reaches them first.
    live = page.locator(".choices button:not([disabled])")
    assert live.count() >= 1 and page.locator(".choices button[disabled]").count() >= 3
    page.locator("#message").focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.closest('.choices') !== null && !document.activeElement.disabled")
    click_and_check(page, "Yes, that's right", "PS-\\d{6}")
    decision = page.locator(".msg.bot").filter(has_text=re.compile(r"PS-\d{6}")).last.inner_text()
    bot_says(page, "patient reference")
    assert not page.locator(".msg.bot").filter(has_text=re.compile("your name|department", re.I)).count()
    say_and_check(page, "CH 778", "The study coordinator will contact you")
    return decision


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def sign_in(page, site) -> None:
    page.goto(site.web_url + "/queue/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site.web_url + "/queue/")


def no_wcag_violations(page, name: str) -> None:
    screenshot(page, name)
    found = violations(page)
    assert not found, (name, found)


def test_two_patients_in_one_browser_at_desktop_and_phone_size(site):
    """The referrer's details typed once; a screening at 1280x800, "new patient" typed, the next at
    375x740; the newest message in view after every turn; the print view on one A4 page; both
    referrals in the queue as two conversations carrying the details; axe finds no WCAG 2.2 AA
    violation on the chat page, the queue, a referral and the dashboard."""
    with chromium() as browser:
        context = browser.new_context(viewport=DESKTOP, bypass_csp=True)  # bypass: axe is injected
        page = context.new_page()
        page.goto(site.web_url + "/")
        bot_says(page, "pre-screen patients for NCT06898983")
        answered(page)
        no_wcag_violations(page, "a11y-chat-first-visit")
        # Asked once: "skip" is not a name; then the details are kept by the browser.
        page.get_by_label("Your name").fill("skip")
        page.get_by_label("Department").fill("Haematology")
        page.get_by_label("Phone, extension or e-mail").fill("ext 3310")
        page.get_by_role("button", name="Save my details").click()
        page.locator("#referrer_name-error").filter(has_text="name").wait_for()
        page.get_by_label("Your name").fill("Dr Zhou")
        page.get_by_role("button", name="Save my details").click()
        page.locator("#referrer-text").filter(has_text="Dr Zhou · Haematology · ext 3310").wait_for()

        first = screen_one_patient(page, "yes")
        assert "Potentially eligible" in first
        screenshot(page, "chat-desktop-decided")

        # "new patient" typed: a new conversation identity; the page shows only the new one.
        page.set_viewport_size(PHONE)
        say_and_check(page, "new patient", "Starting a new screening")
        assert page.locator(".msg.user").count() == 1
        page.reload()  # the details are still there, shown, not asked again
        bot_says(page, "Starting a new screening")
        answered(page)
        page.locator("#referrer-text").filter(has_text="Dr Zhou").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        second = screen_one_patient(page, "not sure")
        assert "Needs review" in second, second
        screenshot(page, "chat-phone-decided")
        no_wcag_violations(page, "a11y-chat-phone")

        # Print: the summary of the latest screening on one A4 page, with every reason.
        page.set_viewport_size(DESKTOP)
        page.get_by_role("link", name="Print summary").click()
        page.locator("#decision").wait_for()
        reference = page.locator("#reference").inner_text()
        assert reference in second and page.locator("#decision").inner_text() == "Needs review"
        reasons = page.locator("#reasons").inner_text()
        named = set(re.findall(r"\b[IE]\d{1,2}\b", second.split("Logged as")[0]))  # what the decision said
        assert named and all(cid in reasons for cid in named), (named, reasons)
        assert page.locator("#criteria-version").inner_text() and page.locator("#screened").inner_text()
        no_wcag_violations(page, "a11y-chat-summary")
        pdf = page.pdf(format="A4")
        (screenshot(page, "chat-summary").parent / "chat-summary.pdf").write_bytes(pdf)
        assert pdf_pages(pdf) == 1

        # Two conversations, one referrer's details on both referrals.
        engine = sa.create_engine(site.database_url)
        with engine.connect() as db:
            rows = db.execute(sa.text(
                "SELECT s.id, s.sender_ref, s.decision, r.referrer_name, r.referrer_department, r.referrer_contact,"
                " r.patient_reference FROM screenings s JOIN referrals r ON r.screening_id = s.id ORDER BY s.id")).all()
        engine.dispose()
        ours = [r for r in rows if r.referrer_name == "Dr Zhou"]
        assert len(ours) == 2 and ours[0].sender_ref != ours[1].sender_ref, rows
        assert all((r.referrer_department, r.referrer_contact, r.patient_reference) == ("Haematology", "ext 3310", "CH 778")
                   for r in ours)

        sign_in(page, site)
        page.get_by_role("link", name=reference).first.wait_for()
        no_wcag_violations(page, "a11y-queue-list")
        page.goto(f"{site.web_url}/queue/referrals/{reference}")
        assert "Dr Zhou" in page.inner_text("body")
        assert "Other screenings of the same conversation" not in page.inner_text("body")
        no_wcag_violations(page, "a11y-queue-referral")
        page.goto(f"{site.web_url}/queue/dashboard")
        no_wcag_violations(page, "a11y-queue-dashboard")
        context.close()


def test_one_message_in_flight_whatever_key_or_button(site, page):
    page.goto(site.web_url + "/")
    bot_says(page, "pre-screen patients")
    answered(page)
    held, sent = [], []
    page.on("request", lambda r: sent.append(r.post_data) if r.url.endswith("/chat/message") else None)
    page.route("**/chat/message", lambda route: held.append(route))  # the reply is held, not faked
    type_and_send(page, "62M AML confirmed, PLT 32k post chemo, ECOG 1")
    page.locator("#log[aria-busy='true']").wait_for(state="attached")
    page.locator("#message").fill("yes")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.locator("#send").click(force=True)
    assert page.locator("#send").is_disabled()
    assert len(sent) == 1 and page.locator("#message").input_value() == "yes"  # nothing sent, nothing lost
    held[0].continue_()
    page.unroute("**/chat/message")
    answered(page)
    assert len(sent) == 1 and page.locator(".msg.user").count() == 1


def test_a_whole_referral_letter_is_read_and_a_longer_one_is_refused_before_sending(site, page):
    filler = ("Over the admission he was reviewed daily on the ward round; nursing notes record that he ate "
              "and drank normally and his observations remained within normal limits. ")
    head = "Dear colleague, re Mr T, 62-year-old man, AML confirmed on marrow, platelets 32 x10^9/L after chemotherapy. "
    tail = " On review today his ECOG performance status is 1. Kind regards, Dr S."
    letter = (head + filler * 200)[:12_000 - len(tail)] + tail
    assert len(letter) == 12_000
    page.goto(site.web_url + "/")
    bot_says(page, "pre-screen patients")
    answered(page)
    page.locator("#message").fill(letter)
    page.locator("#counter").filter(has_text="12,000 of 20,000 characters").wait_for()
    page.keyboard.press("Enter")
    bot_says(page, "childbearing|Do any of these apply")
    answered(page)
    # ECOG, said only in the letter's last line, was read: it is not asked, and is in the echo.
    assert not page.locator(".msg.bot").filter(has_text=re.compile(r"ECOG\b.*\?|performance status\?", re.I)).count()
    assert "long" not in page.locator(".msg.bot").last.inner_text().lower()
    # Beyond the documented limit the page says so before anything is sent.
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith("/chat/message") else None)
    page.locator("#message").fill("x" * 20_001)
    page.locator("#counter").filter(has_text="Too long to send: 20,001 characters, at most 20,000").wait_for()
    page.keyboard.press("Enter")
    assert page.locator("#send").is_disabled() and not sent
    assert page.locator("#message").input_value() == "x" * 20_001  # nothing cut, nothing lost


def _contrast(a: str, b: str) -> float:
    def luminance(css: str) -> float:
        r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
        return sum(w * (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
                   for w, c in zip((0.2126, 0.7152, 0.0722), (r, g, b)))
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_focus_ring_and_the_text_box_border_stand_out(site, page):
    """WCAG 1.4.11: at least 3:1 against the white page (the amber ring was 2.1:1, the border 1.45:1)."""
    page.goto(site.web_url + "/")
    bot_says(page, "pre-screen patients")
    page.locator("#message").focus()
    page.keyboard.press("Shift+Tab")  # keyboard focus: :focus-visible
    page.keyboard.press("Tab")
    style = page.locator("#message").evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineColor, s.outlineStyle, s.borderTopColor]; }")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    background = "rgb(255, 255, 255)" if "0, 0, 0, 0" in background else background
    assert style[1] != "none" and _contrast(style[0], background) >= 3, style
    assert _contrast(style[2], background) >= 3, style


def open_referrer_form(page) -> None:
    if not page.locator("#referrer-box").evaluate("d => d.open"):
        page.locator("#referrer-box summary").click()


def test_the_referrers_details_are_shown_editable_and_forgotten_by_not_me(site, page):
    page.goto(site.web_url + "/")
    bot_says(page, "pre-screen patients")
    open_referrer_form(page)
    page.get_by_label("Your name").fill("Dr Qian")
    page.get_by_label("Department").fill("Haematology")
    page.get_by_label("Phone, extension or e-mail").fill("what's this for?")
    page.get_by_role("button", name="Save my details").click()
    page.locator("#referrer_contact-error").filter(has_text="phone number").wait_for()
    page.get_by_label("Phone, extension or e-mail").fill("qian@hospital.cn")
    page.get_by_role("button", name="Save my details").click()
    page.locator("#referrer-text").filter(has_text="Dr Qian · Haematology · qian@hospital.cn").wait_for()
    page.reload()
    page.locator("#referrer-text").filter(has_text="Dr Qian").wait_for()
    page.get_by_role("button", name="Change").click()
    assert page.get_by_label("Your name").input_value() == "Dr Qian"
    page.get_by_label("Phone, extension or e-mail").fill("ext 2201")
    page.get_by_role("button", name="Save my details").click()
    page.locator("#referrer-text").filter(has_text="Dr Qian · Haematology · ext 2201").wait_for()
    page.get_by_role("button", name="Not me").click()
    assert page.get_by_label("Your name").input_value() == ""
    assert page.evaluate("localStorage.getItem('prescreen.referrer')") is None
    page.reload()
    assert not page.locator("#referrer-shown").is_visible()
    open_referrer_form(page)
    page.get_by_role("button", name="I'd rather not give them").click()
    page.locator("#referrer-text").filter(has_text="chose not to give").wait_for()


def test_a_referral_left_for_the_next_patient_is_kept_without_its_patient_reference(site):
    """The physician starts the next patient (typed, or the page's button) while the patient
    reference is being asked: the referral is stored with the page's details, the patient
    reference as not given, so the coordinator can still call back about it."""
    import requests

    referrer = {"referrer_name": "Dr Fang", "referrer_department": "Haematology", "referrer_contact": "ext 4521"}
    http = requests.Session()
    token = re.search(r'name="csrf-token" content="([^"]+)"', http.get(site.web_url + "/", timeout=30).text).group(1)

    def say(text: str, path: str = "/chat/message") -> str:
        r = http.post(site.web_url + path, json={"message": text, "referrer": referrer},
                      headers={"X-CSRFToken": token}, timeout=120)
        assert r.status_code == 200, r.text
        return " ".join(m["text"] for m in r.json()["messages"])

    references = []
    for leave in ("new patient", "/chat/new"):
        say("58F AML confirmed, PLT 28k after chemo, ECOG 1, post-menopausal")
        say("none of these")
        say("yes")  # willing to consent
        decided = say("yes")  # the summary is right
        assert "patient reference" in decided, decided
        references.append(re.search(r"PS-\d{6}", decided).group(0))
        said = say(leave) if leave != "/chat/new" else say("", path="/chat/new")
        assert "patient reference" not in said
    engine = sa.create_engine(site.database_url)
    with engine.connect() as db:
        kept = db.execute(sa.text(
            "SELECT r.screening_id, r.referrer_name, r.referrer_contact, r.patient_reference FROM referrals r"
            " WHERE r.screening_id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": [int(ref[3:]) for ref in references]}).all()
    engine.dispose()
    assert sorted(kept) == sorted((int(ref[3:]), "Dr Fang", "ext 4521", "(not given)") for ref in references)
