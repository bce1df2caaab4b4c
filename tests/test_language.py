"""Which language a conversation is in, and who is typing (prescreen/reading/language.py)."""
from __future__ import annotations

import pytest

from prescreen.reading.language import from_browser, requested_language, says_patient, written_in


@pytest.mark.parametrize("text, lang", [
    ("English please", "en"), ("in English", "en"), ("Can you speak English?", "en"), ("请用英文", "en"),
    ("用英语", "en"), ("请用中文", "zh"), ("说中文", "zh"), ("中文", "zh"), ("Chinese please", "zh"),
    ("switch to Chinese", "zh"), ("能用英语吗", "en"), ("英文模式", "en"), ("能不能说英文？", "en"), ("可以用中文吗", "zh"),
    # not requests: facts, or a language named inside a longer answer
    ("62M AML, PLT 32k", None), ("我看不懂中文药名，艾曲波帕是什么", None), ("English teacher, 62, AML", None),
])
def test_a_request_for_a_language_is_recognised_only_as_such(text, lang):
    assert requested_language(text) == lang


@pytest.mark.parametrize("text, lang", [("62M AML, PLT 32k", "en"), ("62岁，急髓", "zh"),
                                        ("PLT 3.2万，急性髓系白血病", "zh"), ("ECOG 1", "en")])
def test_the_language_a_message_is_written_in(text, lang):
    assert written_in(text) == lang


@pytest.mark.parametrize("header, lang", [("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-GB,en;q=0.9", "en"),
                                          (None, "en"), ("fr-FR", "en"), ("zh-TW", "zh")])
def test_the_page_starts_in_the_browser_language(header, lang):
    assert from_browser(header) == lang


@pytest.mark.parametrize("text, patient", [
    ("I am the patient", True), ("asking for my father", True), ("我是患者家属", True), ("我爸爸得了白血病", True),
    ("62M AML", False), ("patient is 62, AML", False), ("患者62岁", False),
])
def test_a_patient_or_family_member_is_recognised(text, patient):
    assert says_patient(text) is patient
