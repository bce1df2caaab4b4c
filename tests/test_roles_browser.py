"""Issue 19B end to end: real Rasa, action and web servers on one SQLite file, a real referral
over REST, the queue in Chromium. The investigator signs after re-entering the password, a
coordinator's attempt is refused, a monitor sees no contact, and the new referral's e-mail
arrives at a real SMTP server on loopback, sent by the real `prescreen notify` command."""
from __future__ import annotations

import csv
import subprocess

import pytest

from tests.support.browser import chromium, screenshot
from tests.support.postgres import free_port
from tests.support.servers import BIN, running_assistant
from tests.test_queue_browser import refer_a_patient
from tests.test_roles_notify import Inbox

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough passphrase"
INVESTIGATOR, COORDINATOR, MONITOR = "dr.wang", "wei.coordinator", "li.monitor"


@pytest.fixture(scope="module")
def smtp_port():
    return free_port()


@pytest.fixture(scope="module")
def site(smtp_port):
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port), "NOTIFY_EMAIL_TO": "coordinators@hospital.test",
           "SMTP_FROM": "prescreen@hospital.test", "QUEUE_BASE_URL": "https://prescreen.hospital.test"}
    with running_assistant(extra_env=env) as a:
        a.start_web()
        for name, role in ((INVESTIGATOR, "investigator"), (COORDINATOR, "coordinator"), (MONITOR, "monitor")):
            subprocess.run([str(BIN / "prescreen"), "coordinator", "add", name, "--role", role, "--password-stdin",
                            "--reason", "study team"], env=a.env, input=PASSWORD + "\n", text=True, check=True,
                           capture_output=True)
        yield a


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def signed_in(browser, site, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(site.web_url + "/queue/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site.web_url + "/queue/")
    return context, page


def test_a_new_referral_is_emailed_to_the_coordinators_by_the_notify_command(site, smtp_port):
    reference = refer_a_patient(site)
    with Inbox(smtp_port) as inbox:
        done = subprocess.run([str(BIN / "prescreen"), "notify", "--once"], env=site.env, text=True,
                              capture_output=True, check=True)
    assert "sent" in done.stdout
    mails = [m for m in inbox.messages if reference in m["Subject"]]
    assert len(mails) == 1
    body = mails[0].get_payload(decode=True).decode()
    assert f"https://prescreen.hospital.test/queue/referrals/{reference}" in body
    for private in ("Dr Chen", "ext 3310", "CH 778", "AML", "62"):
        assert private not in body, private


def test_the_investigator_signs_with_their_password_and_a_coordinator_cannot(site, browser, tmp_path):
    reference = refer_a_patient(site)
    url = f"{site.web_url}/queue/referrals/{reference}"

    context, page = signed_in(browser, site, COORDINATOR)
    page.goto(url)
    assert page.locator("#sign-form").count() == 0
    assert "Not signed yet" in page.locator("#signature").inner_text()
    # A forged sign form, with a valid token and the coordinator's own password: refused.
    page.evaluate("""([action, password]) => {
        const f = document.createElement('form'); f.method = 'post'; f.action = action;
        for (const [k, v] of [['csrf_token', document.querySelector('input[name=csrf_token]').value],
                              ['determination', 'eligible'], ['password', password]]) {
            const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }
        document.body.appendChild(f); f.submit(); }""", [f"/queue/referrals/{reference}/sign", PASSWORD])
    page.get_by_text("Only an investigator can sign").wait_for()
    page.goto(url)
    assert "Not signed yet" in page.locator("#signature").inner_text()
    context.close()

    context, page = signed_in(browser, site, INVESTIGATOR)
    page.goto(url)
    for criterion, choice, reason in (("I6", "May benefit from the study treatment", "platelets hold back chemotherapy"),
                                      ("E14", "Suitable for the study", "lives 20 min from the site")):
        form = page.locator("form").filter(has_text=f"Reason for {criterion}")
        form.get_by_label(choice, exact=True).check()
        form.get_by_label(f"Reason for {criterion}").fill(reason)
        form.get_by_role("button", name=f"Record {criterion}").click()
        page.locator(".flash").filter(has_text=f"{criterion} recorded").wait_for()
    page.get_by_label("Eligibility determination").select_option("eligible")
    page.get_by_label("Your password, to sign").fill("not my password at all")
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_text("The password is not right. Nothing was signed.").wait_for()
    assert "Not signed yet" in page.locator("#signature").inner_text()

    page.get_by_label("Eligibility determination").select_option("eligible")
    page.get_by_label("Your password, to sign").fill(PASSWORD)
    page.get_by_role("button", name="Sign", exact=True).click()
    page.locator(".flash").filter(has_text="Signed: Eligible").wait_for()
    signature = page.locator("#signature").inner_text()
    assert "Eligible" in signature and f"Signed by {INVESTIGATOR}" in signature
    assert "Asia/Shanghai (UTC+08:00)" in signature and "criteria version" in signature
    screenshot(page, "queue-signed")

    with page.expect_download() as download:
        page.get_by_role("link", name="Screening log (CSV)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    row = {r["reference"]: r for r in csv.DictReader(saved.open(encoding="utf-8-sig"))}[reference]
    assert (row["investigator_determination"], row["signed_by"]) == ("eligible", INVESTIGATOR)
    assert row["signed_criteria_version"] and row["signed_at"].endswith("+00:00")
    context.close()


def test_a_monitor_sees_the_queue_without_contacts_and_changes_nothing(site, browser):
    reference = refer_a_patient(site)
    context, page = signed_in(browser, site, MONITOR)
    listing = page.locator("main").inner_text()
    assert reference in listing and "Monitor (read-only)" in page.content()
    page.goto(f"{site.web_url}/queue/referrals/{reference}")
    body = page.locator("main").inner_text()
    assert "Potentially eligible" in body and "Dr Chen" in body  # who referred, not how to reach them
    for private in ("3310", "CH 778", "62M AML confirmed, PLT 32k post chemo"):
        assert private not in page.content() and private not in listing, private
    assert page.get_by_role("button", name="Add note").count() == 0
    answer = context.request.post(f"{site.web_url}/queue/referrals/{reference}/notes",
                                  form={"note": "a monitor's note",
                                        "csrf_token": page.evaluate("document.querySelector('input[name=csrf_token]').value")})
    assert answer.status == 403 and "read-only" in answer.text()
    context.close()
    context, page = signed_in(browser, site, COORDINATOR)
    page.goto(f"{site.web_url}/queue/referrals/{reference}")
    assert "a monitor's note" not in page.content()
    assert "3310" in page.content() and "CH 778" in page.content()  # what the monitor did not see
    context.close()
