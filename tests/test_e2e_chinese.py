"""End to end in Chinese, and in patient mode: real Rasa server, real action server, a real
SQLite file, over the REST channel (the intranet page's way in). The WeChat door is tested in
tests/test_wechat_channel.py."""
from __future__ import annotations

import re
import uuid

import pytest

from tests.support.servers import running_assistant, texts

pytestmark = pytest.mark.e2e

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def assistant():
    with running_assistant() as a:
        yield a


def new_sender() -> str:
    return f"zh-{uuid.uuid4().hex[:8]}"


def say(assistant, sender: str, text: str, language: str | None = None) -> str:
    body = {"sender": sender, "message": text}
    if language:
        body["metadata"] = {"language": language}
    r = assistant.http.post(f"{assistant.url}/webhooks/rest/webhook", json=body, timeout=60)
    r.raise_for_status()
    return texts(r.json())


def test_a_physician_screens_in_chinese_from_greeting_to_decision(assistant):
    sender = new_sender()
    steps = [  # (message, what the reply must contain)
        ("你好", "年龄"),
        ("62岁，男", "诊断"),
        ("急髓", "确诊"),
        ("是的，骨穿确诊", "血小板"),
        ("血小板3.2万", "抗肿瘤治疗"),
        ("是", "ECOG"),
        ("1", "生育"),
        ("没有", "以下情况有符合的吗"),
        ("都没有", "知情同意"),
        ("愿意", "请核对"),
    ]
    for message, expected in steps:
        reply = say(assistant, sender, message)
        assert expected in reply, (message, reply)
    slots = assistant.slots(sender)
    assert (slots["age"], slots["diagnosis"], slots["platelet_count"], slots["ecog"]) == (62, "AML", 32.0, 1)
    assert slots["language"] == "zh" and slots["audience"] == "physician"
    decision = say(assistant, sender, "是")
    assert "可能符合" in decision and re.search(r"PS-\d{6}", decision)
    assert "姓名" in decision  # the referrer's contact is asked next, in Chinese


def test_chinese_early_exit_names_the_criterion_in_chinese(assistant):
    sender = new_sender()
    say(assistant, sender, "你好")
    reply = say(assistant, sender, "80岁，急性髓系白血病，血小板2万")
    assert "I1 年龄18–75岁" in reply and "年龄80岁" in reply
    # Only what was read, in Chinese too: no "未问" rows, no "排除项：无" before any was asked (issue 18).
    assert "未问" not in reply and "排除项" not in reply
    decision = say(assistant, sender, "对")
    assert "不符合" in decision and "I1" in decision
    assert "说“新患者”可筛查下一位" in decision  # nothing more is asked of an ineligible patient


def test_chinese_values_are_refused_with_the_range_in_chinese(assistant):
    sender = new_sender()
    say(assistant, sender, "你好")
    reply = say(assistant, sender, "250岁")
    assert "0到120" in reply and "年龄" in reply and "250" in reply  # the refused value is said back
    assert assistant.slots(sender)["age"] is None


def test_the_user_can_switch_language_mid_form_and_the_question_follows(assistant):
    sender = new_sender()
    assert "How old" in say(assistant, sender, "hi")
    reply = say(assistant, sender, "请用中文")
    assert "中文" in reply and "年龄" in reply
    assert "诊断" in say(assistant, sender, "62")
    reply = say(assistant, sender, "English please")
    assert "English" in reply and "diagnosis" in reply.lower()
    assert assistant.slots(sender)["age"] == 62  # nothing lost in the switch


def test_chinese_text_in_an_english_conversation_switches_to_chinese(assistant):
    sender = new_sender()
    say(assistant, sender, "hi")
    reply = say(assistant, sender, "患者62岁")
    assert "中文" in reply and "诊断" in reply
    assert assistant.slots(sender)["age"] == 62


def test_the_page_starts_in_the_browser_language(assistant):
    sender = new_sender()
    reply = say(assistant, sender, "hello", language="zh")
    assert "您好" in reply and "年龄" in reply


def test_a_family_member_gets_everyday_words_and_is_asked_consent_before_a_phone_number(assistant):
    sender = new_sender()
    reply = say(assistant, sender, "你好，我是患者家属")
    assert "不是诊断" in reply
    reply = say(assistant, sender, "我爸爸今年六十五岁，急性髓系白血病，骨穿确诊的")
    assert "血小板" in reply and "ECOG" not in reply
    reply = say(assistant, sender, "血小板两万")
    assert "化疗" in reply  # lay words for "caused by antitumor therapy"
    reply = say(assistant, sender, "是的")
    assert "日常活动" in reply and "ECOG" not in reply
    reply = say(assistant, sender, "2")
    assert assistant.slots(sender)["ecog"] == 2
    assert "生育" in reply
    assert "以下情况有符合的吗" in say(assistant, sender, "不会")
    reply = say(assistant, sender, "都没有")
    assert "知情同意" in reply
    reply = say(assistant, sender, "不清楚")  # unknowns are normal for families
    assert "请核对" in reply
    decision = say(assistant, sender, "对")
    assert "还不清楚" in decision and "不是诊断" in decision
    assert "同意保存手机号" in decision
    reference = re.search(r"PS-\d{6}", decision).group(0)
    assert "手机号码" in say(assistant, sender, "同意")
    assert "这个号码看起来不对" in say(assistant, sender, "不知道")
    saved = say(assistant, sender, "13800138000")
    assert "研究协调员会通过您留下的号码联系您" in saved and reference in saved
    assert stored_contacts(assistant, reference) == ["13800138000"]


def stored_contacts(assistant, reference: str) -> list[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as c:
        rows = c.execute(text("SELECT referrer_contact FROM referrals WHERE screening_id = :id"),
                         {"id": int(reference.removeprefix("PS-"))}).scalars().all()
    engine.dispose()
    return list(rows)


def test_a_family_member_who_declines_keeps_no_phone_number(assistant):
    sender = new_sender()
    reply = say(assistant, sender, "I am asking for my father")
    assert "not a diagnosis" in reply and "How old" in reply
    reply = say(assistant, sender, "he is 60, AML confirmed by marrow, platelets 30k after chemo, "
                                   "not of childbearing potential")
    assert "daily activity" in reply and "ECOG" not in reply
    assert "apply" in say(assistant, sender, "2")
    assert "take part" in say(assistant, sender, "none of these")
    assert "Is this right" in say(assistant, sender, "not sure")
    decision = say(assistant, sender, "yes")
    assert "not known yet" in decision and "not a diagnosis" in decision
    assert "keep your phone number" in decision
    declined = say(assistant, sender, "no")
    assert "won't keep a phone number" in declined
    reference = re.search(r"PS-\d{6}", decision).group(0)
    assert stored_contacts(assistant, reference) == []
