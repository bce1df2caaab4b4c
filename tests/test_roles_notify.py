"""Issue 19B against real databases (SQLite and PostgreSQL): the investigator's sign-off and
who may give it, the account audit, the notification outbox delivered to a real SMTP server
on loopback (aiosmtpd) and a loopback WeCom stub, retried after a failure, and the erasure
of a patient's contact that the database allows and nothing else."""
from __future__ import annotations

import json
import threading
import time
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from prescreen.eligibility.checker import check
from prescreen.followup import accounts, erasure, notify, roles
from prescreen.store import outcome_log
from prescreen.store.db import get_engine
from tests.support.postgres import free_port

PASSWORD = "a long enough passphrase"
ELIGIBLE_FACTS = {
    "age": 62, "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": 32,
    "thrombocytopenia_due_to_treatment": True, "ecog": 1, "childbearing_potential": False,
    "pregnant_or_breastfeeding": False, "romiplostim_hypersensitivity": False, "other_hematologic_disorder": False,
    "other_thrombocytopenia_cause_6mo": False, "thrombosis_history": False, "severe_bleeding_2wk": False,
    "tpo_agent_1mo": False, "hiv": False, "chronic_hepatitis": False, "severe_comorbidity": False,
    "other_trial_28d": False, "cognitive_psychiatric": False, "refuses_romiplostim": False,
    "willing_to_consent": True,
}


class Inbox:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

    def __init__(self, port: int):
        self.messages: list = []
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class WeComStub:
    """A WeCom group robot on loopback: records what it is sent, answers errcode 0 (or 93000)."""

    def __init__(self, errcode: int = 0):
        self.received: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                stub.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                body = json.dumps({"errcode": errcode, "errmsg": "ok" if errcode == 0 else "invalid webhook url"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/cgi-bin/webhook/send?key=test"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def screen(sender: str = "dr-x", facts: dict | None = None) -> dict:
    return outcome_log.record(check(facts or ELIGIBLE_FACTS), channel="rest", sender_id=sender)


# ---- notifications --------------------------------------------------------------------------

@pytest.fixture
def smtp_settings(monkeypatch):
    port = free_port()
    for name, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_FROM": "prescreen@hospital.test",
                        "NOTIFY_EMAIL_TO": "coordinators@hospital.test", "QUEUE_BASE_URL": "https://prescreen.test",
                        "NOTIFY_RETRY_FIRST_SECONDS": "1", "WECOM_WEBHOOK_URL": ""}.items():
        monkeypatch.setenv(name, value)
    return port


def test_a_new_referral_sends_an_email_with_its_reference_and_link_and_no_health_data(database_url, smtp_settings):
    row = screen()
    assert row["decision"] == "potentially_eligible"
    screen("dr-y", {**ELIGIBLE_FACTS, "age": 80})  # ineligible: no message
    with Inbox(smtp_settings) as inbox:
        assert notify.send_due() == notify.Sent(1, 0)
        assert notify.send_due() == notify.Sent(0, 0)  # sent once only
    (mail,) = inbox.messages
    body = mail.get_payload(decode=True).decode()
    assert row["reference"] in mail["Subject"] and mail["To"] == "coordinators@hospital.test"
    assert f"https://prescreen.test/queue/referrals/{row['reference']}" in body
    for health_data in ("AML", "62", "32", "eligible", "ECOG"):
        assert health_data not in body, health_data
    assert notify.pending() == []


def test_a_re_screen_notifies_only_when_it_brings_the_patient_into_the_queue(database_url, smtp_settings):
    waiting = outcome_log.record(check({**ELIGIBLE_FACTS, "hiv": None}), channel="rest", sender_id="dr-r")
    assert waiting["decision"] == "needs_review"
    cleared = outcome_log.record(check(ELIGIBLE_FACTS), channel="rest", sender_id="dr-r",
                                 supersedes=waiting["reference"])
    excluded = outcome_log.record(check({**ELIGIBLE_FACTS, "age": 80}), channel="rest", sender_id="dr-s")
    back = outcome_log.record(check(ELIGIBLE_FACTS), channel="rest", sender_id="dr-s",
                              supersedes=excluded["reference"])
    with Inbox(smtp_settings) as inbox:
        assert notify.send_due() == notify.Sent(2, 0)
    subjects = " ".join(m["Subject"] for m in inbox.messages)
    assert waiting["reference"] in subjects and back["reference"] in subjects
    assert cleared["reference"] not in subjects


def test_a_failed_send_is_kept_and_retried_and_never_loses_the_screening(database_url, smtp_settings):
    row = screen()  # the SMTP server is down: the screening is logged all the same
    assert outcome_log.screenings()[0]["reference"] == row["reference"]
    assert notify.send_due() == notify.Sent(0, 1)
    (waiting,) = notify.pending()
    assert waiting["attempts"] == 1 and "Connection" in waiting["last_error"]
    with Inbox(smtp_settings) as inbox:
        assert notify.send_due() == notify.Sent(0, 0)  # not due yet: the retry waits
        time.sleep(1.2)
        assert notify.send_due() == notify.Sent(1, 0)
    assert [row["reference"] in m["Subject"] for m in inbox.messages] == [True]
    assert notify.pending() == []


def test_the_wecom_robot_gets_the_reference_and_link_and_a_refusal_is_retried(database_url, monkeypatch):
    refusing, accepting = WeComStub(errcode=93000), WeComStub()
    try:
        monkeypatch.setenv("NOTIFY_EMAIL_TO", "")
        monkeypatch.setenv("WECOM_WEBHOOK_URL", refusing.url)
        monkeypatch.setenv("NOTIFY_RETRY_FIRST_SECONDS", "0")
        row = screen(facts={**ELIGIBLE_FACTS, "hiv": None})
        assert row["decision"] == "needs_review"
        assert notify.send_due() == notify.Sent(0, 1)
        assert "93000" in notify.pending()[0]["last_error"]
        monkeypatch.setenv("WECOM_WEBHOOK_URL", accepting.url)
        assert notify.send_due() == notify.Sent(1, 0)
        (sent,) = accepting.received
        assert sent["msgtype"] == "text" and row["reference"] in sent["text"]["content"]
        assert "needs review" not in sent["text"]["content"]  # the decision only when the settings allow
    finally:
        refusing.close()
        accepting.close()


# ---- roles and sign-off ---------------------------------------------------------------------

def test_only_an_investigator_signs_and_only_with_their_password(database_url):
    inv = accounts.add_coordinator("dr.wang", PASSWORD, role="investigator", reason="PI of the site")
    coord = accounts.add_coordinator("wei", PASSWORD)
    sid = outcome_log.screening_id(screen()["reference"])

    with pytest.raises(roles.SignoffError, match="Only an investigator"):
        roles.sign(sid, coord.id, PASSWORD, roles.ELIGIBLE, None, "10.0.0.1")
    with pytest.raises(roles.SignoffError, match="I6 and E14"):
        roles.sign(sid, inv.id, PASSWORD, roles.ELIGIBLE, None, "10.0.0.1")
    roles.record_judgement(sid, inv.id, "I6", "benefit", "platelets limit chemotherapy")
    with pytest.raises(roles.SignoffError, match="needs a reason"):
        roles.record_judgement(sid, inv.id, "E14", "suitable", " ")
    roles.record_judgement(sid, inv.id, "E14", "suitable", "lives near the site")
    with pytest.raises(roles.SignoffError, match="password is not right"):
        roles.sign(sid, inv.id, "wrong password here", roles.ELIGIBLE, None, "10.0.0.1")
    assert roles.DETERMINATION not in roles.current(sid)

    signed = roles.sign(sid, inv.id, PASSWORD, roles.ELIGIBLE, None, "10.0.0.1")
    assert (signed.by, signed.label) == ("dr.wang", "Eligible")
    assert signed.criteria_version and signed.at.tzinfo is not None
    assert roles.stamp(signed.at).endswith("Asia/Shanghai (UTC+08:00)")
    with pytest.raises(roles.SignoffError, match="needs a reason"):
        roles.sign(sid, inv.id, PASSWORD, roles.DEVIATION, "", "10.0.0.1")


def test_account_changes_are_audit_entries_with_who_and_why(database_url):
    accounts.add_coordinator("li.monitor", PASSWORD, role="monitor", actor="cli:admin", reason="sponsor monitor")
    accounts.set_role("li.monitor", "coordinator", "joined the site team", actor="cli:admin")
    with pytest.raises(accounts.AccountError, match="reason"):
        accounts.set_role("li.monitor", "investigator", "", actor="cli:admin")
    accounts.change_password("li.monitor", "another long passphrase", actor="cli:admin", reason="forgotten")
    accounts.set_active("li.monitor", False, actor="cli:admin", reason="left the study")
    trail = [(e["action"], e["detail"], e["reason"], e["actor"]) for e in accounts.account_events("li.monitor")]
    assert trail == [("created", "monitor", "sponsor monitor", "cli:admin"),
                     ("role", "monitor -> coordinator", "joined the site team", "cli:admin"),
                     ("password", None, "forgotten", "cli:admin"),
                     ("deactivated", None, "left the study", "cli:admin")]
    with get_engine().begin() as c, pytest.raises(DBAPIError):
        c.execute(text("DELETE FROM account_events"))


# ---- erasure --------------------------------------------------------------------------------

def test_erasure_blanks_the_contact_keeps_the_screening_and_the_database_allows_nothing_else(database_url):
    sender = "ps-" + "a" * 64
    reference = screen(sender)["reference"]
    outcome_log.record_referral(reference, erasure.PATIENT_REFERRER, "wechat pre-screen", "13800138000",
                                "(consented to contact)")
    sid = outcome_log.screening_id(reference)
    with get_engine().begin() as c, pytest.raises(DBAPIError):  # no erasure on record: refused
        c.execute(text("UPDATE referrals SET referrer_contact = '' WHERE screening_id = :s"), {"s": sid})

    assert erasure.erase_sender(sender) == 1
    with get_engine().connect() as c:
        assert c.execute(text("SELECT referrer_contact, patient_reference, referrer_name FROM referrals")).one() == \
            ("", "", erasure.PATIENT_REFERRER)
        assert c.execute(text("SELECT count(*) FROM screenings WHERE id = :s"), {"s": sid}).scalar() == 1
    assert erasure.withdrawn([sid])[sid]["via"] == "wechat"
    for sql in ("UPDATE referrals SET referrer_name = 'x'", "UPDATE referrals SET referrer_contact = '139'",
                "DELETE FROM referrals", "DELETE FROM erasures"):
        with get_engine().begin() as c, pytest.raises(DBAPIError):
            c.execute(text(sql))
    assert erasure.erase_sender("ps-" + "b" * 64) == 0  # nothing stored: nothing to erase


def test_the_daily_digest_lists_overdue_referrals_with_links_and_nothing_else(database_url, smtp_settings):
    from datetime import timedelta

    from prescreen.store.models import utcnow

    waiting = screen()["reference"]
    screen("dr-y", {**ELIGIBLE_FACTS, "age": 80})  # ineligible: never in the queue
    later = notify.digest_message(utcnow() + timedelta(days=10))
    assert "1 overdue" in later.subject
    assert f"{waiting}  https://prescreen.test/queue/referrals/{waiting}" in later.body
    assert "AML" not in later.body and "62" not in later.body
    assert "0 overdue" in notify.digest_message().subject  # just referred: not overdue yet
    with Inbox(smtp_settings) as inbox:
        assert notify.send_digest() == ["email"]
    assert [m["Subject"].startswith("[NCT06898983] Daily digest") for m in inbox.messages] == [True]
