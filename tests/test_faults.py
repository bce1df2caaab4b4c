"""Faults in the production layout (PostgreSQL + Redis lock store, deploy/endpoints.production.yml):
the action server down mid-form, the Rasa server restarted mid-conversation, the database
unreachable at the moment an outcome is logged, Redis (the lock store) down. Driven through the chat page (the
physician's door) and Rasa's REST webhook (what a channel sees).

The outcome log and the conversations are in two databases of one PostgreSQL cluster here,
so that the log's database can be made unreachable while the conversation store still
answers: the moment between Rasa loading a conversation and the action server logging its
outcome. Stopping the whole cluster covers the rest.
"""
from __future__ import annotations

import json
import re
import subprocess
import uuid
from dataclasses import dataclass

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.support.postgres import PostgresCluster, pg_bindir, postgres_cluster
from tests.support.redis import RedisServer, redis_server, redis_server_binary
from tests.support.servers import BIN, Assistant, running_replicas, texts, tracker_env
from tests.test_wechat_channel import FakeWeChatAPI, WeChat, new_open_id, pseudonym, text_xml, wechat_env

pytestmark = pytest.mark.e2e

ONE_LINER = "62M AML confirmed, PLT 32k post chemo, ECOG 1, not of childbearing potential"
TRY_AGAIN = "try again shortly"


@dataclass
class Deployment:
    assistant: Assistant
    cluster: PostgresCluster
    log_url: str
    redis: RedisServer


def _create_database(server_url: str, name: str) -> str:
    admin = create_engine(server_url, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="module")
def deployment():
    if pg_bindir() is None or redis_server_binary() is None:
        pytest.skip("needs Debian's postgresql and redis-server (bin/install-test-services)")
    api = FakeWeChatAPI()  # the WeChat channel is on too: its door must fail the same way
    with postgres_cluster() as cluster, redis_server() as rds:
        log_url = _create_database(cluster.url, "outcomes")
        conversations_url = _create_database(cluster.url, "conversations")
        env = {**wechat_env(api), **rds.env(), **tracker_env(conversations_url)}
        with running_replicas(log_url, replicas=1, extra_env=env) as (a,):
            a.start_web()
            yield Deployment(a, cluster, log_url, rds)
    api.close()


class ChatPage:
    """The chat page as the browser uses it: a session cookie and the page's CSRF token."""

    def __init__(self, assistant: Assistant):
        self.base = assistant.web_url
        self.http = requests.Session()
        page = self.http.get(self.base + "/", timeout=30)
        page.raise_for_status()
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)

    def say(self, message: str) -> requests.Response:
        return self.http.post(self.base + "/chat/message", json={"message": message},
                              headers={"X-CSRFToken": self.csrf}, timeout=90)

    def reply(self, message: str) -> str:
        r = self.say(message)
        assert r.status_code == 200, f"{message!r} -> {r.status_code} {r.text}"
        return "\n".join(m["text"] for m in r.json()["messages"])


def logged(assistant: Assistant, sender: str | None = None) -> list[dict]:
    args = [str(BIN / "prescreen"), "log", "--json"] + (["--sender", sender] if sender else [])
    r = subprocess.run(args, env=assistant.env, capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def rows_of_reference(assistant: Assistant, reply: str) -> list[dict]:
    """Every logged row of the conversation whose decision `reply` shows."""
    reference = re.search(r"PS-\d{6}", reply).group(0)
    rows = logged(assistant)
    (sender_ref,) = {r["sender_ref"] for r in rows if r["reference"] == reference}
    return [r for r in rows if r["sender_ref"] == sender_ref]


def sql_count(url: str, query: str, **params) -> int:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as c:
            return c.execute(text(query), params).scalar_one()
    finally:
        engine.dispose()


def make_unreachable(cluster: PostgresCluster, database: str, unreachable: bool) -> None:
    """Refuses (or allows again) every connection to one database, dropping the open ones."""
    admin = create_engine(cluster.url, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {"false" if unreachable else "true"}'))
        if unreachable:
            c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                      {"d": database})
    admin.dispose()


def test_action_server_down_mid_form_says_try_again_and_the_form_resumes(deployment):
    a = deployment.assistant
    page = ChatPage(a)
    rest = f"dr-{uuid.uuid4().hex[:8]}"
    assert "ecog" in page.reply("62M AML confirmed, PLT 32k post chemo").lower()
    assert "ecog" in texts(a.say(rest, "62M AML confirmed, PLT 32k post chemo")).lower()

    a.stop("actions")
    try:
        # The physician's door: a clear answer, and the page keeps the text to send again.
        r = page.say("ECOG 1")
        assert r.status_code == 503 and TRY_AGAIN in r.json()["error"]
        assert "nothing you typed has been lost" in r.json()["error"]
        # Rasa's REST channel itself answers nothing at all (the error is in Rasa's log) ...
        assert a.say(rest, "ECOG 1") == []
        # ... and the conversation is still on the question it was on.
        tracker = a.tracker(rest)
        assert tracker["active_loop"]["name"] == "prescreen_form"
        assert tracker["slots"]["requested_slot"] == "ecog" and tracker["slots"]["ecog"] is None
    finally:
        a.start_actions()

    # Back: the same message, sent again, is read, and the form goes on from there.
    assert "childbearing" in page.reply("ECOG 1").lower()
    assert "childbearing" in texts(a.say(rest, "ECOG 1")).lower()
    slots = a.slots(rest)
    assert (slots["age"], slots["platelet_count"], slots["ecog"]) == (62, 32, 1)
    for message, expected in (("no", "do any of these apply"), ("none of these", "informed consent"),
                              ("yes", "please check")):
        assert expected in page.reply(message).lower()
    final = page.reply("yes")
    assert "Potentially eligible" in final
    (row,) = rows_of_reference(a, final)
    assert row["facts"]["ecog"] == 1 and row["facts"]["age"] == 62


def test_rasa_server_restarted_mid_conversation_resumes_from_the_tracker_store(deployment):
    a = deployment.assistant
    page = ChatPage(a)
    assert "ecog" in page.reply("62M AML confirmed, PLT 32k post chemo").lower()
    a.stop("rasa")
    try:
        r = page.say("ECOG 1")
        assert r.status_code == 503 and TRY_AGAIN in r.json()["error"]
    finally:
        a.start_rasa()  # a new process: nothing of the conversation is in its memory
    assert "childbearing" in page.reply("ECOG 1").lower()
    page.reply("no")
    page.reply("none of these")
    summary = page.reply("yes")
    assert "62 y" in summary and "32×10⁹/L" in summary and "ECOG: 1" in summary
    final = page.reply("yes")
    assert "Potentially eligible" in final
    assert len(rows_of_reference(a, final)) == 1


def test_log_database_unreachable_at_logging_nothing_is_claimed_then_logged_once(deployment):
    a, cluster, log_url = deployment.assistant, deployment.cluster, deployment.log_url
    sender = f"dr-{uuid.uuid4().hex[:8]}"
    a.say(sender, ONE_LINER)
    a.say(sender, "none of these")
    assert "please check" in texts(a.say(sender, "yes")).lower()  # the summary

    make_unreachable(cluster, "outcomes", True)
    try:
        reply = texts(a.say(sender, "yes"))
        assert "could not record this screening" in reply and "nothing was logged" in reply
        assert "PS-" not in reply and "Logged as" not in reply and "Potentially eligible" not in reply
        assert "please check" in reply.lower()  # the summary again: "yes" retries
        assert "could not record" in texts(a.say(sender, "yes"))  # still down: still nothing claimed
    finally:
        make_unreachable(cluster, "outcomes", False)
    assert logged(a, sender) == []  # nothing half-written while it was down

    final = texts(a.say(sender, "yes"))
    assert "Potentially eligible" in final and "PS-" in final
    (row,) = logged(a, sender)
    assert row["reference"] in final and row["decision"] == "potentially_eligible"
    assert "your name" in final
    assert "department" in texts(a.say(sender, "Dr Wang Li")).lower()

    # Unreachable again when the referrer's contact is stored: the referral keeps its logged
    # outcome and gets no contact row at all, never a partial one.
    assert "phone" in texts(a.say(sender, "Haematology")).lower()
    assert "patient reference" in texts(a.say(sender, "ext 4521")).lower()
    make_unreachable(cluster, "outcomes", True)
    try:
        reply = texts(a.say(sender, "WL 0012345"))
    finally:
        make_unreachable(cluster, "outcomes", False)
    assert "could not store your contact details" in reply and row["reference"] in reply
    assert len(logged(a, sender)) == 1
    screening = int(row["reference"].split("-")[1])
    assert sql_count(log_url, "SELECT count(*) FROM referrals WHERE screening_id = :id", id=screening) == 0
    # The details are kept and the contact is asked for again: one answer stores them all.
    assert "phone" in reply.lower()
    assert "thank" in texts(a.say(sender, "ext 4521")).lower()
    assert sql_count(log_url, "SELECT count(*) FROM referrals WHERE screening_id = :id AND referrer_name = 'Dr Wang Li'"
                     " AND referrer_contact = 'ext 4521' AND patient_reference = 'WL 0012345'", id=screening) == 1
    assert len(logged(a, sender)) == 1


def test_whole_database_down_at_the_confirming_yes_then_logged_once(deployment):
    a, cluster = deployment.assistant, deployment.cluster
    page = ChatPage(a)
    page.reply("80 yo man with AML")
    cluster.stop()
    try:
        r = page.say("yes")
        assert r.status_code == 503 and TRY_AGAIN in r.json()["error"]
    finally:
        cluster.start()
    final = page.reply("yes")  # sent again once the database is back
    assert "Not eligible" in final and "I1" in final
    (row,) = rows_of_reference(a, final)
    assert row["decision"] == "ineligible"


def test_redis_down_says_try_again_and_the_conversation_goes_on(deployment):
    a, rds = deployment.assistant, deployment.redis
    page = ChatPage(a)
    rest = f"dr-{uuid.uuid4().hex[:8]}"
    assert "ecog" in page.reply("62M AML confirmed, PLT 32k post chemo").lower()
    a.say(rest, "62M AML confirmed, PLT 32k post chemo")
    rds.stop()
    try:
        # No lock, no turn: Rasa handles nothing rather than risk two replicas at once.
        r = page.say("ECOG 1")
        assert r.status_code == 503 and TRY_AGAIN in r.json()["error"]
        assert a.say(rest, "ECOG 1") == []
    finally:
        rds.start()
    assert "childbearing" in page.reply("ECOG 1").lower()
    assert "childbearing" in texts(a.say(rest, "ECOG 1")).lower()
    assert a.slots(rest)["ecog"] == 1


SEND_AGAIN = "请稍后再发一次"  # channels/wechat_text.py ERROR_REPLY


def test_wechat_action_server_or_database_down_says_send_again_and_the_form_goes_on(deployment):
    a, cluster = deployment.assistant, deployment.cluster
    wx, patient = WeChat(a), new_open_id()
    wx.reply(text_xml(patient, "我是病人本人"))
    wx.reply(text_xml(patient, "我62岁，急性髓系白血病"))
    before = a.tracker(pseudonym(patient))
    assert before["active_loop"]["name"] == "prescreen_form"
    asked = before["slots"]["requested_slot"]

    a.stop("actions")
    try:
        assert SEND_AGAIN in wx.reply(text_xml(patient, "血小板3.2万"))
    finally:
        a.start_actions()
    cluster.stop()
    try:
        assert SEND_AGAIN in wx.reply(text_xml(patient, "血小板3.2万"))
    finally:
        cluster.start()
    after = a.tracker(pseudonym(patient))
    assert after["slots"]["requested_slot"] == asked and after["slots"]["age"] == 62  # nothing forgotten

    answer = wx.reply(text_xml(patient, "血小板3.2万"))  # sent again: read in the same conversation
    assert answer and SEND_AGAIN not in answer
    slots = a.slots(pseudonym(patient))
    assert (slots["age"], slots["platelet_count"], slots["language"]) == (62, 32, "zh")


def test_wechat_patient_phone_not_stored_while_the_log_is_unreachable_then_sent_again(deployment):
    a, cluster, log_url = deployment.assistant, deployment.cluster, deployment.log_url
    wx, family = WeChat(a), new_open_id()
    for message in ("你好", "我妈妈今年58岁，急性髓系白血病，骨髓穿刺确诊的", "化验单上血小板是1.8万",
                    "是的，化疗以后才低的", "1", "不会，已经绝经了", "都没有", "愿意"):
        wx.reply(text_xml(family, message))
    decision = wx.reply(text_xml(family, "对"))
    assert "可能符合" in decision and "同意保存手机号" in decision
    reference = re.search(r"PS-\d{6}", decision).group(0)
    assert "手机号码" in wx.reply(text_xml(family, "同意"))

    make_unreachable(cluster, "outcomes", True)
    try:
        reply = wx.reply(text_xml(family, "13800138000"))
    finally:
        make_unreachable(cluster, "outcomes", False)
    # The screening stays logged; the number is not claimed saved, and is asked for again.
    assert reference in reply and "没能保存" in reply and "研究协调员会通过您留下的号码联系您" not in reply
    screening = int(reference.split("-")[1])
    count = "SELECT count(*) FROM referrals WHERE screening_id = :id"
    assert sql_count(log_url, count, id=screening) == 0
    assert a.slots(pseudonym(family))["contact_consent"] is True  # consent is not asked twice

    assert "研究协调员会通过您留下的号码联系您" in wx.reply(text_xml(family, "13800138000"))
    assert sql_count(log_url, count + " AND referrer_contact = '13800138000'", id=screening) == 1
    assert len(logged(a, family)) == 1  # `prescreen log --sender OPENID`
