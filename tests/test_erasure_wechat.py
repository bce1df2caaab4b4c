"""The patient's right to erasure (PIPL), end to end: a family member completes a screening over
the real WeChat channel and leaves a phone number, then writes "删除我的信息". The number and
the patient reference are erased from the database, the pseudonymous screening stays, the
erasure is on record, and the coordinators' queue says "Contact withdrawn"."""
from __future__ import annotations

import re
import subprocess

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.support.servers import BIN
from tests.test_wechat_channel import api, new_open_id, pseudonym, text_xml, wechat  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e

FAMILY_SCREENING = ["你好", "我妈妈今年58岁，急性髓系白血病，骨髓穿刺确诊的", "化验单上血小板是1.8万",
                    "是的，化疗以后才低的", "1", "不会，已经绝经了", "都没有", "愿意", "对", "同意"]


def rows(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as c:
            return [tuple(r) for r in c.execute(text(sql))]
    finally:
        engine.dispose()


def test_deleting_my_information_over_wechat_erases_the_phone_and_keeps_the_screening(wechat):  # noqa: F811
    open_id = new_open_id()
    for message in FAMILY_SCREENING:
        wechat.reply(text_xml(open_id, message))
    saved = wechat.reply(text_xml(open_id, "13800138000")) or wechat.last_answer(open_id)
    assert "研究协调员会通过您留下的号码联系您" in saved
    url = wechat.assistant.database_url
    assert rows(url, "SELECT referrer_contact FROM referrals") == [("13800138000",)]
    (screening_id, decision), = rows(url, "SELECT id, decision FROM screenings WHERE sender_ref = '"
                                     + pseudonym(open_id).removeprefix("ps-") + "'")

    answer = wechat.reply(text_xml(open_id, "删除我的信息"))
    assert "已删除您留下的联系方式" in answer

    assert rows(url, "SELECT referrer_contact, patient_reference FROM referrals") == [("", "")]
    assert rows(url, "SELECT id, decision FROM screenings") == [(screening_id, decision)]
    assert rows(url, "SELECT screening_id, requested_via FROM erasures") == [(screening_id, "wechat")]
    assert "13800138000" not in str(rows(url, "SELECT * FROM referrals"))
    # Rasa's copy of the conversation, where the number was typed, is gone too.
    assert rows(url, f"SELECT count(*) FROM events WHERE sender_id = '{pseudonym(open_id)}'") == [(0,)]
    assert "13800138000" not in str(rows(url, "SELECT data FROM events"))
    # Asked again: nothing is stored any more, and the patient is told so.
    assert "无需删除" in wechat.reply(text_xml(open_id, "删除我的信息"))

    # The coordinators' queue says so, and shows no number.
    site = wechat.assistant
    subprocess.run([str(BIN / "prescreen"), "coordinator", "add", "wei", "--password-stdin"], env=site.env,
                   input="a long enough passphrase\n", text=True, check=True, capture_output=True)
    site.start_web()
    web = requests.Session()
    form = web.get(f"{site.web_url}/queue/sign-in", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    signed = web.post(f"{site.web_url}/queue/sign-in", timeout=30,
                      data={"csrf_token": token, "username": "wei", "password": "a long enough passphrase"})
    assert signed.ok and "Sign out wei" in signed.text
    listing = web.get(f"{site.web_url}/queue/?status=any", timeout=30).text
    assert "Contact withdrawn" in listing and "13800138000" not in listing
    page = web.get(f"{site.web_url}/queue/referrals/PS-{screening_id:06d}", timeout=30).text
    assert "Contact withdrawn" in page and "13800138000" not in page
