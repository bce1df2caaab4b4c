"""The complete screenings bench/load.py drives: what the referrer types, turn by turn, and
what the replies must say. No imports, so both the orchestrator and the Locust process
(gevent) can use it."""
from __future__ import annotations

# (name, messages, {turn index: text the reply to that turn must contain})
SCRIPTS = [
    ("one-liner, eligible, referrer details",
     ["58F, AML post-induction, PLT 32k, ECOG 1, no HIV or hepatitis, not of childbearing potential",
      "yes confirmed", "none of these", "yes", "yes", "Dr Chen", "Haematology", "ext 3310", "CH 778"],
     {4: "Potentially eligible", 8: "will contact you"}),
    ("one answer at a time, eligible, referrer details",
     ["hi", "62", "AML", "yes", "32k", "yes", "1", "no", "none of these", "yes", "yes",
      "Dr Wang Li", "Haematology", "ext 4521", "WL 0012345"],
     {10: "Potentially eligible", 14: "will contact you"}),
    ("early exit, ineligible",
     ["45M CML, PLT 52k", "yes"],
     {1: "Not eligible"}),
    ("not sure, needs review",
     ["62M AML confirmed, PLT 32k post chemo, ECOG 1, not of childbearing potential", "none of these",
      "not sure", "yes"],
     {3: "Needs review"}),
]

# The turn whose reply carries the logged reference (PS-000042) in each script.
DECISION_TURN = {name: min(i for i, text in checks.items() if text != "will contact you")
                 for name, _, checks in SCRIPTS}

# What a family member types over WeChat, in Chinese lay words (patient mode), as in
# tests/test_erasure_wechat.py: (name, messages, {turn index: text the answer must contain}).
# The answer carrying the reference (记录编号PS-000042) is found by its reference.
WECHAT_SCRIPTS = [
    ("family, mother, eligible, phone left",
     ["你好", "我妈妈今年58岁，急性髓系白血病，骨髓穿刺确诊的", "化验单上血小板是1.8万",
      "是的，化疗以后才低的", "1", "不会，已经绝经了", "都没有", "愿意", "对", "同意", "13800138000"],
     {10: "研究协调员会通过您留下的号码联系您"}),
]
