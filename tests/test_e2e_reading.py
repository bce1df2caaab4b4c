"""End to end: referrals written the way physicians and families write, against the real Rasa
and action servers (REST channel) and a real SQLite log. What is negated stays negated, what
is uncertain is said to be not known, and every excluding fact is quoted back."""
from __future__ import annotations

import pytest

from tests.support.servers import running_assistant, texts
from tests.test_e2e_conversation import logged, new_sender  # the same helpers, one place

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def assistant():
    with running_assistant() as a:
        yield a


def test_negations_after_the_finding_are_read_as_no(assistant):
    sender = new_sender()
    texts(assistant.say(sender, "58F AML post-induction, PLT 32k, ECOG 1, HIV -ve, HBV -ve, HCV -ve, nil h/o DVT/PE"))
    slots = assistant.slots(sender)
    assert slots["hiv"] is False and slots["chronic_hepatitis"] is False and slots["thrombosis_history"] is False


def test_an_excluding_fact_is_quoted_and_logged_with_its_words(assistant):
    sender = new_sender()
    reply = texts(assistant.say(sender, "62M AML, PLT 32k post chemo, ECOG 1, HIV neg, DVT 2019 on rivaroxaban"))
    assert "already rules the patient out" in reply and "E5" in reply
    assert "DVT 2019 on rivaroxaban" in reply  # the echo says which words it read
    final = texts(assistant.say(sender, "yes"))
    assert "Not eligible" in final
    (row,) = logged(assistant, sender)
    assert row["decision"] == "ineligible" and "E5" in row["failed"]
    e5 = next(c for c in row["criteria"] if c["id"] == "E5")
    assert e5["evidence"] == {"thrombosis_history": "DVT 2019 on rivaroxaban"}


def test_a_pending_result_is_not_known_and_never_a_yes(assistant):
    sender = new_sender()
    reply = texts(assistant.say(sender, "45F AML, PLT 20k after chemo, ECOG 1, HIV status awaited"))
    assert "not known yet" in reply and "HIV status awaited" in reply
    slots = assistant.slots(sender)
    assert slots["hiv"] is None and "hiv" in (slots["unknown_facts"] or [])
    assert "already rules the patient out" not in reply


def test_a_fact_said_both_ways_is_asked_back(assistant):
    sender = new_sender()
    reply = texts(assistant.say(sender, "70M AML, PLT 25k post chemo. No DVT. PMHx: DVT 2018."))
    assert "which is right?" in reply
    assert assistant.slots(sender)["thrombosis_history"] is None


def test_a_family_describes_activity_in_words_and_is_not_asked_for_a_score(assistant):
    sender = new_sender()
    reply = texts(assistant.say(sender, "我是家属，我爸62岁，急性髓系白血病，化疗后血小板2万，能自己走动，做点轻家务"))
    slots = assistant.slots(sender)
    assert slots["ecog"] == 1 and slots["sex"] == "M" and slots["age"] == 62
    assert "日常活动" not in reply  # the activity question is not asked: the words answered it
    reply = texts(assistant.say(sender, "确诊了"))
    assert "日常活动" not in reply and "ECOG评分" not in reply
