"""Issue 19: a visit scheduled in the queue is sent to the patient over WeChat.

The patient is messaged only if they consented to be contacted over WeChat (the OpenID is kept
only then), only within WeChat's 48-hour customer-service window, and never after an erasure;
otherwise the referral page says what happened and, when the window has closed, that the
coordinator must call. Sent through wechatpy to a loopback stand-in for api.weixin.qq.com.

The first tests use Flask's test client on real databases (SQLite and PostgreSQL); the last one
runs the real assistant (Rasa + action server + WeChat channel + web app + `prescreen notify`).
"""
from __future__ import annotations

import re
import subprocess
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select, text

from prescreen.followup import erasure, notify, wechat_patient
from prescreen.settings import get_settings
from prescreen.store import outcome_log
from prescreen.store.db import get_engine, session
from prescreen.store.models import WeChatContact, utcnow
from tests.support.postgres import free_port
from tests.support.servers import BIN
from tests.test_queue import alice, app, client, move, screen, signed_in  # noqa: F401 (fixtures)
from tests.test_wechat_channel import (
    FakeWeChatAPI,
    message_xml,
    new_msg_id,
    new_open_id,
)

PHONE = "13800138000"
# VISIT of tests.test_queue, as the patient reads it (the site's zone is Asia/Shanghai).
VISIT_IN_CHINESE = "时间：2026年12月15日 09:30（北京时间）"
VISIT_PLACE = "地点：Haematology day unit, room 4"


@pytest.fixture
def wechat_api(database_url, monkeypatch):
    fake = FakeWeChatAPI()
    for name, value in {"WECHAT_APP_ID": "wx0123456789abcdef", "WECHAT_APP_SECRET": "test-app-secret-0123456789",
                        "WECHAT_API_BASE_URL": fake.base_url, "REDIS_URL": "", "NOTIFY_EMAIL_TO": "",
                        "WECOM_WEBHOOK_URL": "", "NOTIFY_RETRY_FIRST_SECONDS": "0"}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield fake
    fake.close()
    get_settings.cache_clear()


def wechat_patient_who_consented(open_id: str, last_message_ago: timedelta = timedelta(minutes=1)) -> str:
    """What the WeChat channel and the action server write for a patient who pre-screens, says
    yes to being contacted and leaves a number; returns the screening's reference."""
    sender = outcome_log.pseudonymous_sender(open_id)
    reference = screen(channel="wechat", sender=sender)
    outcome_log.record_referral(reference, erasure.PATIENT_REFERRER, "wechat pre-screen", PHONE,
                                "(consented to contact)")
    assert wechat_patient.seen(open_id, sender, utcnow() - last_message_ago)
    return reference


def schedule(web, reference: str) -> str:
    assert move(web, reference, "contacted", "new").status_code == 302
    assert move(web, reference, "scheduled", "contacted").status_code == 302
    return web.get(f"/queue/referrals/{reference}").text


def stored(sql: str) -> list[tuple]:
    with get_engine().connect() as c:
        return [tuple(r) for r in c.execute(text(sql))]


def test_the_openid_is_kept_only_for_a_wechat_patient_who_consented(database_url):
    open_id = new_open_id()
    sender = outcome_log.pseudonymous_sender(open_id)
    assert not wechat_patient.seen(open_id, sender, utcnow())  # no screening yet
    reference = screen(channel="wechat", sender=sender)
    assert not wechat_patient.seen(open_id, sender, utcnow())  # screened, no consent
    web = screen(channel="web", sender="web-patient")  # a patient on the chat page: no OpenID at all
    outcome_log.record_referral(web, erasure.PATIENT_REFERRER, "web pre-screen", PHONE, "(consented to contact)")
    assert stored("SELECT count(*) FROM wechat_contacts") == [(0,)]

    outcome_log.record_referral(reference, erasure.PATIENT_REFERRER, "wechat pre-screen", PHONE,
                                "(consented to contact)")
    earlier = utcnow() - timedelta(hours=1)
    assert wechat_patient.seen(open_id, sender, earlier)
    assert wechat_patient.seen(open_id, sender, earlier - timedelta(minutes=5))  # a late retry moves nothing back
    with session() as s:
        (kept,) = s.scalars(select(WeChatContact)).all()
        assert kept.open_id == open_id and abs(wechat_patient.aware(kept.last_message_at) - earlier) < timedelta(seconds=1)


def test_a_scheduled_visit_goes_to_the_patient_over_wechat_in_chinese(wechat_api, signed_in):  # noqa: F811
    open_id = new_open_id()
    reference = wechat_patient_who_consented(open_id)
    page = schedule(signed_in, reference)
    assert "Message to the patient over WeChat: not sent yet" in page  # the status change did not wait

    assert notify.send_due() == notify.Sent(1, 0)
    (sent,) = wechat_api.sent()
    assert sent["touser"] == open_id and sent["msgtype"] == "text"
    content = sent["text"]["content"]
    assert VISIT_IN_CHINESE in content and VISIT_PLACE in content and reference in content
    assert PHONE not in content and "AML" not in content  # no health data, no number
    assert "Message sent to the patient over WeChat at" in signed_in.get(f"/queue/referrals/{reference}").text
    assert notify.send_due() == notify.Sent(0, 0)  # once only
    assert len(wechat_api.sent()) == 1


def test_outside_the_48_hour_window_nothing_is_sent_and_the_page_says_call(wechat_api, signed_in):  # noqa: F811
    reference = wechat_patient_who_consented(new_open_id(), last_message_ago=timedelta(hours=49))
    page = schedule(signed_in, reference)
    assert re.search(r"WeChat window closed</strong> \(last message 20\d\d-\d\d-\d\d \d\d:\d\d\): call the patient",
                     page)
    assert notify.send_due() == notify.Sent(0, 0)
    assert wechat_api.sent() == []


def test_an_erased_contact_sends_nothing_and_keeps_no_openid(wechat_api, signed_in):  # noqa: F811
    open_id = new_open_id()
    reference = wechat_patient_who_consented(open_id)
    schedule(signed_in, reference)  # the message waits in the outbox ...
    assert erasure.erase_sender(outcome_log.pseudonymous_sender(open_id)) == 1  # ... when the patient withdraws
    assert stored("SELECT count(*) FROM wechat_contacts") == [(0,)]
    assert notify.send_due() == notify.Sent(0, 0)
    assert wechat_api.sent() == []
    page = signed_in.get(f"/queue/referrals/{reference}").text
    assert "Contact withdrawn" in page and "Not sent over WeChat: the patient withdrew" in page
    # Scheduled again after the erasure: no message is even queued.
    assert move(signed_in, reference, "scheduled", "scheduled", visit_date="2026-12-16").status_code == 302
    assert stored("SELECT state FROM patient_messages ORDER BY id") == [("withdrawn",)]


def test_a_failed_send_is_retried_and_never_blocks_the_status_change(wechat_api, signed_in, monkeypatch):  # noqa: F811
    open_id = new_open_id()
    reference = wechat_patient_who_consented(open_id)
    monkeypatch.setenv("WECHAT_API_BASE_URL", f"http://127.0.0.1:{free_port()}/cgi-bin/")  # WeChat unreachable
    get_settings.cache_clear()
    page = schedule(signed_in, reference)
    assert "Scheduled" in page
    assert notify.send_due() == notify.Sent(0, 1)
    assert re.search(r"not sent yet \(1 attempt failed: .*Connection.*; retried automatically\)",
                     signed_in.get(f"/queue/referrals/{reference}").text)
    monkeypatch.setenv("WECHAT_API_BASE_URL", wechat_api.base_url)
    get_settings.cache_clear()
    assert notify.send_due() == notify.Sent(1, 0)
    assert [m["touser"] for m in wechat_api.sent()] == [open_id]


# ---- end to end: the real assistant, the WeChat channel, the queue and `prescreen notify` -------

@pytest.fixture(scope="module")
def site():
    """The assistant with its WeChat channel talking to a stand-in for api.weixin.qq.com, and
    the web app for the coordinator."""
    from tests.support.servers import running_assistant
    from tests.test_wechat_channel import WeChat, wechat_env

    api = FakeWeChatAPI()
    try:
        with running_assistant(extra_env=wechat_env(api)) as assistant:
            assistant.start_web()
            yield WeChat(assistant), api
    finally:
        api.close()


def pre_screen_and_consent(wechat, open_id: str, create_time: int | None = None) -> str:
    """A family member pre-screens their mother over WeChat, agrees to be contacted and leaves a
    number (every message with WeChat's CreateTime `create_time`); returns the reference."""
    from tests.test_erasure_wechat import FAMILY_SCREENING

    said, heard = "", []
    for message in [*FAMILY_SCREENING, PHONE]:
        said = wechat.reply(message_xml(open_id, "text", new_msg_id(), create_time=create_time, Content=message))
        heard.append(said)
    said = said or wechat.last_answer(open_id)
    # The yes covers what is done with it: the consent question names the WeChat message (PIPL).
    assert any("在本公众号给您发一条消息" in reply and "同意" in reply for reply in heard), heard
    assert "研究协调员会通过您留下的号码联系您" in said
    return re.search(r"PS-\d{6}", said).group(0)


class Coordinator:
    """A coordinator in the queue over HTTP, as a browser posts its forms."""

    def __init__(self, assistant):
        self.base = assistant.web_url
        subprocess.run([str(BIN / "prescreen"), "coordinator", "add", "wei", "--password-stdin"], env=assistant.env,
                       input="a long enough passphrase\n", text=True, check=True, capture_output=True)
        self.http = requests.Session()
        self.post("/queue/sign-in", "/queue/sign-in", username="wei", password="a long enough passphrase")

    def post(self, page: str, action: str, **data) -> requests.Response:
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.get(page)).group(1)
        r = self.http.post(self.base + action, data={"csrf_token": token, **data}, timeout=30)
        assert r.ok, r.text[-2000:]
        return r

    def get(self, path: str) -> str:
        return self.http.get(self.base + path, timeout=30).text

    def schedule(self, reference: str) -> str:
        page = f"/queue/referrals/{reference}"
        self.post(page, page + "/status", to_status="contacted", expected_status="new")
        self.post(page, page + "/status", to_status="scheduled", expected_status="contacted",
                  visit_date="2026-12-15", visit_time="09:30", visit_place="血液科日间病房4室")
        return self.get(page)


def send_round(assistant) -> str:
    """One round of the sender that bin/run keeps running."""
    done = subprocess.run([str(BIN / "prescreen"), "notify", "--once"], env=assistant.env, text=True, check=False,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.e2e
def test_a_wechat_patient_hears_of_the_visit_unless_the_window_closed_or_they_withdrew(site):
    wechat, api = site
    assistant = wechat.assistant
    recent, old, erased = new_open_id(), new_open_id(), new_open_id()
    ref_recent = pre_screen_and_consent(wechat, recent)
    ref_old = pre_screen_and_consent(wechat, old, create_time=int((utcnow() - timedelta(hours=49)).timestamp()))
    ref_erased = pre_screen_and_consent(wechat, erased)

    coordinator = Coordinator(assistant)
    assert "Message to the patient over WeChat: not sent yet" in coordinator.schedule(ref_recent)
    closed = coordinator.schedule(ref_old)
    assert re.search(r"WeChat window closed</strong> \(last message [\d: -]+\): call the patient", closed)
    coordinator.schedule(ref_erased)
    assert "已删除您留下的联系方式" in wechat.reply(message_xml(erased, "text", new_msg_id(), Content="删除我的信息"))

    before = len(api.sent())
    assert "1 sent, 0 failed" in send_round(assistant)
    (sent,) = api.sent()[before:]
    assert sent["touser"] == recent
    content = sent["text"]["content"]
    assert "时间：2026年12月15日 09:30（北京时间）" in content and "地点：血液科日间病房4室" in content
    assert ref_recent in content and PHONE not in content
    assert "Message sent to the patient over WeChat at" in coordinator.get(f"/queue/referrals/{ref_recent}")
    assert "call the patient" in coordinator.get(f"/queue/referrals/{ref_old}")
    page = coordinator.get(f"/queue/referrals/{ref_erased}")
    assert "Contact withdrawn" in page and "Not sent over WeChat: the patient withdrew" in page
    # Only the patient who can still be messaged has an OpenID on record.
    kept = [r[0] for r in stored_at(assistant.database_url, "SELECT open_id FROM wechat_contacts")]
    assert sorted(kept) == sorted([recent, old]) and erased not in str(kept)


def stored_at(url: str, sql: str) -> list[tuple]:
    from tests.test_erasure_wechat import rows

    return rows(url, sql)
