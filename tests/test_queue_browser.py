"""The coordinators' queue in a real browser (Debian's Chromium via Playwright), fed by a real
screening conversation: Rasa server, action server and web app on one SQLite file."""
from __future__ import annotations

import csv
import re
import subprocess
import uuid
from urllib.parse import urlparse

import pytest

from tests.support.browser import chromium, screenshot
from tests.support.servers import BIN, running_assistant, texts

pytestmark = pytest.mark.e2e

USERNAME, PASSWORD = "wei.coordinator", "a long enough passphrase"


@pytest.fixture(scope="module")
def site():
    with running_assistant() as a:
        a.start_web()
        # The real command, against the assistant's own database.
        subprocess.run([str(BIN / "prescreen"), "coordinator", "add", USERNAME, "--password-stdin"], env=a.env,
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)
        yield a


@pytest.fixture
def browser():
    with chromium() as b:
        yield b


def refer_a_patient(site) -> str:
    """A real conversation over REST, up to the referrer's details; returns its reference."""
    sender = f"dr-{uuid.uuid4().hex[:8]}"
    site.say(sender, "62M AML confirmed, PLT 32k post chemo, ECOG 1, not of childbearing potential")
    site.say(sender, "none of these")
    site.say(sender, "yes")  # willing to consent
    decision = texts(site.say(sender, "yes"))  # the summary is right
    assert "Potentially eligible" in decision, decision
    reference = re.search(r"PS-\d{6}", decision).group(0)
    for answer in ("Dr Chen", "Haematology", "ext 3310"):
        site.say(sender, answer)
    assert f"The study coordinator will contact you about {reference}" in texts(site.say(sender, "CH 778"))
    return reference


def fail_a_patient(site) -> None:
    sender = f"dr-{uuid.uuid4().hex[:8]}"
    site.say(sender, "80 yo man with AML")
    assert "Not eligible" in texts(site.say(sender, "yes"))


def sign_in(page, site) -> None:
    page.goto(site.web_url + "/queue/")
    assert "/queue/sign-in" in page.url
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site.web_url + "/queue/")


def test_a_real_referral_is_worked_from_queue_to_consent(site, browser, tmp_path):
    reference = refer_a_patient(site)
    fail_a_patient(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))

    sign_in(page, site)
    row = page.locator("table.queue tbody tr").filter(has_text=reference)
    row.wait_for()
    for shown in ("Dr Chen, Haematology", "Potentially eligible", "rest", "New", "62 y M"):
        assert shown in row.inner_text(), shown
    screenshot(page, "queue-list")

    row.get_by_role("link", name=reference).click()
    page.get_by_role("heading", name=f"{reference}: Potentially eligible").wait_for()
    body = page.locator("main").inner_text()
    for shown in ("ext 3310", "CH 778", "NCT06898983@", "age 62: within 18–75",
                  "62M AML confirmed, PLT 32k post chemo", "Potentially eligible"):
        assert shown in body, shown

    page.get_by_label("Assigned coordinator").select_option(USERNAME)
    page.get_by_role("button", name="Assign").click()
    page.get_by_text(f"Assigned to {USERNAME}.").wait_for()
    for status, note in (("contacted", "Spoke to Dr Chen; patient keen"), ("scheduled", "Visit Tue 09:00, ward 5"),
                         ("consented", "Consent signed")):
        page.get_by_label("New status").select_option(status)
        if status == "scheduled":  # a scheduled referral carries its visit's date, time and place
            page.get_by_label("Visit date").fill("2026-12-15")
            page.get_by_label("Visit time").fill("09:00")
            page.get_by_label("Visit place").fill("ward 5")
        page.locator("#status-note").fill(note)
        page.get_by_role("button", name="Change status").click()
        page.locator(".flash").filter(has_text="Status changed").wait_for()
    assert page.locator("#status").inner_text() == "Consented"
    trail = page.locator("table.trail tbody tr")
    assert trail.count() == 4
    newest_first = [trail.nth(i).inner_text() for i in range(4)]
    assert "Scheduled for screening visit → Consented" in newest_first[0] and "Consent signed" in newest_first[0]
    assert "New → Contacted" in newest_first[2] and "Spoke to Dr Chen; patient keen" in newest_first[2]
    assert f"assigned to {USERNAME}" in newest_first[3]
    assert all(USERNAME in r for r in newest_first)
    assert page.get_by_label("New status").count() == 0  # consented is final
    screenshot(page, "queue-referral")

    page.get_by_role("link", name="Dashboard").click()
    page.get_by_role("heading", name="Dashboard").wait_for()
    consented = page.locator("table.funnel tr").filter(has_text=re.compile(r"^Consented")).first.inner_text()
    assert consented.split()[-1] == "1"
    chart = page.locator("figure.chart svg")
    assert chart.is_visible() and "I1 age 18–75" in chart.text_content()
    screenshot(page, "queue-dashboard")

    with page.expect_download() as download:
        page.get_by_role("link", name="Screening log (CSV)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rows = {r["reference"]: r for r in csv.DictReader(saved.open(encoding="utf-8-sig"))}
    assert rows[reference]["status"] == "consented" and rows[reference]["decision"] == "potentially_eligible"
    assert rows[reference]["channel"] == "rest"
    assert any(r["status"] == "prescreen_failed" and r["failed_criteria"] == "I1" for r in rows.values())
    assert "Dr Chen" not in saved.read_text(encoding="utf-8-sig") and "CH 778" not in saved.read_text(encoding="utf-8-sig")

    assert {urlparse(u).netloc for u in requested} == {f"127.0.0.1:{site.web_port}"}  # nothing from a CDN
    # The strict Content-Security-Policy refused nothing on any page (the chart included).
    assert not [m for m in console if "Content Security Policy" in m], console
    context.close()


def test_signed_out_every_queue_page_goes_to_sign_in_and_the_api_answers_401(site, browser):
    reference = refer_a_patient(site)
    context = browser.new_context()
    page = context.new_page()
    for path in ("/queue/", f"/queue/referrals/{reference}", "/queue/dashboard"):
        page.goto(site.web_url + path)
        assert urlparse(page.url).path == "/queue/sign-in", path
        assert "Dr Chen" not in page.content()
    csv_answer = context.request.get(site.web_url + "/queue/screening-log.csv", max_redirects=0)
    assert csv_answer.status == 302 and csv_answer.headers["location"].startswith("/queue/sign-in")
    api = context.request.get(site.web_url + "/queue/api/screenings")
    assert api.status == 401 and api.json() == {"error": "Sign in required."}
    for action in ("status", "assignment", "notes"):
        answer = context.request.post(f"{site.web_url}/queue/referrals/{reference}/{action}",
                                      form={"note": "x"}, max_redirects=0)
        assert answer.status in (400, 302), action  # refused: no token, and not signed in
    context.close()


def test_a_form_posted_without_its_token_is_refused(site, browser):
    reference = refer_a_patient(site)
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, site)
    page.goto(f"{site.web_url}/queue/referrals/{reference}")
    page.locator("#note").fill("this note must not be recorded")
    # As a forged form from another page would arrive: everything but the token.
    page.evaluate("document.querySelectorAll('input[name=csrf_token]').forEach(el => el.remove())")
    with page.expect_response(lambda r: r.url.endswith("/notes")) as answer:
        page.get_by_role("button", name="Add note").click()
    assert answer.value.status == 400
    page.get_by_text("the form could not be verified").wait_for()
    page.goto(f"{site.web_url}/queue/referrals/{reference}")
    assert "this note must not be recorded" not in page.content()
    assert "Nothing recorded yet" in page.content()
    context.close()


def test_the_queue_is_readable_on_a_narrow_window(site, browser):
    refer_a_patient(site)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    sign_in(page, site)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("table.queue tbody tr a").first.click()
    page.locator("#trail").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "queue-referral-narrow")
