"""A coordinator's day in a real browser (Debian's Chromium via Playwright), fed by real
screening conversations (Rasa server, action server and web app on one SQLite file):
a needs-review referral re-screened with a lab result, three unanswered calls before
"unreachable", a visit scheduled and its .ics downloaded and read, the screening log and the
dashboard counting the re-screened patient once, a referral printed on one page."""
from __future__ import annotations

import csv
import re
import subprocess
import uuid
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.support.browser import chromium, screenshot  # noqa: F401 (chromium: a fixture `browser` needs)
from tests.support.servers import BIN, running_assistant, texts
from tests.test_queue_browser import PASSWORD, USERNAME, browser, refer_a_patient, sign_in  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e

SITE_ZONE = "Asia/Shanghai"


@pytest.fixture(scope="module")
def site():
    with running_assistant(extra_env={"SITE_TIME_ZONE": SITE_ZONE, "CONTACT_ATTEMPTS_BEFORE_UNREACHABLE": "3"}) as a:
        a.start_web()
        subprocess.run([str(BIN / "prescreen"), "coordinator", "add", USERNAME, "--password-stdin"], env=a.env,
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)
        yield a


def refer_awaiting_hiv(site) -> str:
    """A real conversation whose HIV result is still awaited: needs review, E8 not known."""
    sender = f"dr-{uuid.uuid4().hex[:8]}"
    site.say(sender, "62M AML confirmed, PLT 32k post chemo, ECOG 1, not of childbearing potential, HIV test awaited")
    site.say(sender, "none of these")
    site.say(sender, "yes")  # willing to consent
    decision = texts(site.say(sender, "yes"))  # the summary is right
    assert "Needs review" in decision and "E8 HIV infection" in decision, decision
    assert not re.search(r"• (I[1-7]|E(?!8\b)\d+) ", decision), decision  # HIV is all that is missing
    reference = re.search(r"PS-\d{6}", decision).group(0)
    for answer in ("Dr Li", "Haematology", "ext 5521"):
        site.say(sender, answer)
    site.say(sender, "LM 204")
    return reference


def submit(page, button: str, flash: str) -> None:
    page.get_by_role("button", name=button).click()
    page.locator(".flash").filter(has_text=flash).wait_for()


def record_attempt(page, time: str, result: str = "No answer") -> None:
    page.get_by_label("Attempt date").fill("2026-12-03")
    page.get_by_label("Attempt time").fill(time)
    page.locator("#attempt_channel").select_option(label="Phone")
    page.locator("#attempt_result").select_option(label=result)
    submit(page, "Record attempt", "Contact attempt recorded")


def offered_statuses(page) -> list[str]:
    return page.locator("#to_status option").evaluate_all("os => os.map(o => o.value)")


def test_a_coordinators_day(site, browser, tmp_path):
    waiting = refer_awaiting_hiv(site)
    keen = refer_a_patient(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    sign_in(page, site)

    # 1. The HIV result came back: re-screen with it.
    page.get_by_role("link", name=waiting).click()
    unknown = page.locator("#still-unknown")
    assert "E8" in unknown.inner_text() and "HIV infection" in unknown.inner_text()
    page.get_by_label("Fact", exact=True).select_option(label="HIV infection (not known now)")
    page.locator("#fact-value").fill("no")
    page.locator("#fact-source").fill("lab result 2026-12-03")
    page.locator("#fact-reason").fill("HIV result came back negative")
    page.get_by_role("button", name="Re-screen").click()
    page.locator(".flash").filter(has_text=f"supersedes {waiting}").wait_for()
    heading = page.locator("h1").inner_text()
    found = re.search(r"(PS-\d{6}): Potentially eligible", heading)
    assert found, (heading, page.locator("main").inner_text()[:1500])
    current = found.group(1)
    chain = page.locator("#screenings").inner_text()
    assert f"{current}" in chain and f"supersedes {waiting}" in chain and f"superseded by {current}" in chain
    assert "entered HIV infection: no from “lab result 2026-12-03”" in chain and USERNAME in chain
    assert page.locator("#still-unknown").count() == 0
    screenshot(page, "queue-rescreened")

    page.get_by_role("link", name="Queue", exact=True).click()
    listed = page.locator("table.queue tbody th a").all_inner_texts()
    assert current in listed and waiting not in listed and keen in listed

    # 2. The keen patient does not answer: "unreachable" only after the third attempt.
    page.get_by_role("link", name=keen).click()
    for n, time in enumerate(("09:05", "11:40"), start=1):
        record_attempt(page, time)
        assert "unreachable" not in offered_statuses(page)
        assert f"({n} so far)" in page.locator("#unreachable-hint").inner_text()
    # Forced through the form anyway (an old page, a crafted request): the server refuses.
    page.locator("#to_status").evaluate("s => s.add(new Option('Unreachable', 'unreachable', true, true))")
    page.get_by_role("button", name="Change status").click()
    assert "needs 3 contact attempts that reached no one; 2 so far" in page.locator(".error").inner_text()
    page.goto(f"{site.web_url}/queue/referrals/{keen}")
    record_attempt(page, "16:20")
    assert "unreachable" in offered_statuses(page)
    page.get_by_label("New status").select_option("unreachable")
    submit(page, "Change status", "Status changed to Unreachable")
    assert page.locator("#attempts tbody tr").count() == 3

    # 3. The patient calls back: contacted, then a visit scheduled; its .ics is read.
    page.get_by_label("New status").select_option("contacted")
    submit(page, "Change status", "Status changed to Contacted")
    page.get_by_label("New status").select_option("scheduled")
    page.get_by_label("Visit date").fill("2026-12-15")
    page.get_by_label("Visit time").fill("09:30")
    page.get_by_label("Visit place").fill("Haematology day unit, room 4")
    submit(page, "Change status", "Status changed to Scheduled")
    assert "2026-12-15 09:30 at Haematology day unit, room 4" in page.locator("#visit").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    event = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2026, 12, 15, 9, 30, tzinfo=ZoneInfo(SITE_ZONE)).astimezone(timezone.utc)
    assert str(event["location"]) == "Haematology day unit, room 4" and keen in str(event["summary"])

    # The queue shows the visit and sorts by it; the filters stay in the URL.
    page.goto(f"{site.web_url}/queue/?status=any")
    page.get_by_role("link", name="Visit").click()
    assert "sort=visit" in page.url and "status=any" in page.url
    listed = page.locator("table.queue tbody th a").all_inner_texts()
    assert listed.index(keen) < listed.index(current)  # a visit before none
    assert "2026-12-15 09:30" in page.locator("table.queue tbody tr").filter(has_text=keen).inner_text()

    # 4. The screening log keeps both rows of the re-screened patient, linked; counts once.
    with page.expect_download() as download:
        page.get_by_role("link", name="Screening log (CSV)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rows = {r["reference"]: r for r in csv.DictReader(saved.open(encoding="utf-8-sig"))}
    assert rows[waiting]["superseded_by"] == current and rows[waiting]["status"] == "superseded"
    assert rows[current]["supersedes"] == waiting and rows[current]["superseded_by"] == ""
    assert rows[current]["age_band"] == "60-69" and rows[current]["sex"] == "M"
    patients = [r for r in rows.values() if not r["superseded_by"]]
    assert [r["superseded_by"] == "" for r in (rows[waiting], rows[current])] == [False, True]  # counted once
    assert rows[keen]["superseded_by"] == "" and len(patients) < len(rows)
    page.get_by_role("link", name="Dashboard").click()
    screened = page.locator("table.funnel tr").filter(has_text=re.compile(r"^Pre-screened")).first.inner_text()
    assert screened.split()[-1] == str(len(patients))

    # 5. A referral prints on one page.
    page.goto(f"{site.web_url}/queue/referrals/{keen}")
    assert 'href="tel:5521"' not in page.content() and page.locator('a[href="tel:3310"]').count() == 1
    page.emulate_media(media="print")
    assert not page.locator("nav").is_visible() and not page.locator("#attempt-form").is_visible()
    page.set_viewport_size({"width": 718, "height": 1047})  # A4 less the 10 mm margins, at 96 dpi
    screenshot(page, "queue-referral-print")
    pdf = page.pdf(format="A4", print_background=False)
    (tmp_path / "referral.pdf").write_bytes(pdf)
    pages = int(re.search(rb"/Count (\d+)", pdf).group(1))
    assert pages == 1, f"{pages} pages: {tmp_path / 'referral.pdf'}"

    assert not [m for m in console if "Content Security Policy" in m], console
    context.close()
