"""How each finding is meant (prescreen.reading.assertion, medspaCy's ConText), as the reading gives it.

Each case is a phrase family of issue 15, in both languages: what a careful reader takes from
the text. `None` in `unknown` position means the fact is spoken of but not settled: it must be
not known (asked, or needs_review), never a definite value.
"""
from __future__ import annotations

import pytest

from prescreen.reading.extract import extract_facts

UNKNOWN = "unknown"


def read(text: str, expecting: str | None = None) -> dict:
    ex = extract_facts(text, expecting=expecting)
    out = {k: v for k, v in ex.facts.items() if v is not None}
    out.update({k: UNKNOWN for k in ex.unsure if k not in out})
    return out


CASES = [
    # negation after the finding, over lists, and stopping at the clause
    ("HIV -ve, HBV -ve, HCV -ve", {"hiv": False, "chronic_hepatitis": False}),
    ("hep B and C negative", {"chronic_hepatitis": False}),
    ("HCV Ab neg", {"chronic_hepatitis": False}),
    ("nil h/o DVT/PE", {"thrombosis_history": False}),
    ("no arterial/venous clots", {"thrombosis_history": False}),
    ("HIV/HBV/HCV neg", {"hiv": False, "chronic_hepatitis": False}),
    ("HIV +ve, HBV -ve", {"hiv": True, "chronic_hepatitis": False}),
    ("DVT 2019, HIV neg", {"thrombosis_history": True, "hiv": False}),
    ("no hepatitis, but had a PE in 2021", {"chronic_hepatitis": False, "thrombosis_history": True}),
    ("近一月未用TPO类药及IL-11", {"tpo_agent_1mo": False}),
    ("近1个月未用过促血小板生成药物及白介素11", {"tpo_agent_1mo": False}),
    ("没有肝炎，愿意参加", {"chronic_hepatitis": False, "willing_to_consent": True}),
    ("无HIV、乙肝", {"hiv": False, "chronic_hepatitis": False}),
    ("乙肝丙肝都没有", {"chronic_hepatitis": False}),
    ("抗-HIV 非反应性", {"hiv": False}),
    # uncertainty is not known
    ("HIV status awaited", {"hiv": UNKNOWN}),
    ("HIV待回报", {"hiv": UNKNOWN}),
    ("乙肝五项未回报", {"chronic_hepatitis": UNKNOWN}),
    ("?previous PE", {"thrombosis_history": UNKNOWN}),
    ("query DVT in 2020", {"thrombosis_history": UNKNOWN}),
    ("possible prior clot", {"thrombosis_history": UNKNOWN}),
    ("可能有过血栓", {"thrombosis_history": UNKNOWN}),
    ("may have had a trial drug at another hospital", {"other_trial_28d": UNKNOWN}),
    ("An HIV test has not yet been done.", {"hiv": UNKNOWN}),
    ("不清楚有没有用过特比澳", {"tpo_agent_1mo": UNKNOWN}),
    ("艾滋那个结果还没出来", {"hiv": UNKNOWN}),
    ("had eltrombopag in the past", {"tpo_agent_1mo": UNKNOWN}),
    # not about the patient now
    ("mother had DVT", {}),
    ("其父有脑梗史，本人无血栓史", {"thrombosis_history": False}),
    ("如出现血栓则予低分子肝素抗凝", {}),
    # a finding said both ways is asked back
    ("no DVT. h/o DVT 2018", {"thrombosis_history": UNKNOWN}),
    ("no DVT but had PE", {"thrombosis_history": True}),
    # willingness and contraception, both polarities
    ("keen to take part", {"willing_to_consent": True}),
    ("not willing to take part", {"willing_to_consent": False}),
    ("declines condoms", {"contraception_agreed": False}),
    ("She declines to use condoms", {"contraception_agreed": False, "sex": "F"}),
    ("uses condoms", {"contraception_agreed": True}),
    ("Mirena in situ", {"contraception_agreed": True}),
    ("male or female condoms", {}),
    ("不愿意避孕", {"contraception_agreed": False}),
    # impossibility and status
    ("她这个年纪不可能怀孕了", {"childbearing_potential": False, "sex": "F", "pregnant_or_breastfeeding": False}),
    ("post-menopausal", {"childbearing_potential": False}),
    ("s/p TAH-BSO", {"childbearing_potential": False}),
    # hepatitis serology means what it means
    ("HBsAg positive, HBV DNA undetectable", {"chronic_hepatitis": False}),
    ("HBsAg neg, anti-HBc pos", {"chronic_hepatitis": False}),
    ("HCV Ab+, HCV RNA negative", {"chronic_hepatitis": False}),
    ("HBsAg+ with HBV DNA 2x10^5 IU/mL", {"chronic_hepatitis": True}),
    ("HBsAg+", {"chronic_hepatitis": UNKNOWN}),
    ("小三阳，DNA低于检测下限", {"chronic_hepatitis": False}),
    ("大三阳，HBV-DNA 10^6", {"chronic_hepatitis": True}),
    ("乙肝表面抗原阴性，核心抗体阳性", {"chronic_hepatitis": False}),
    ("Chronic hepatitis B on entecavir, with HBV DNA undetectable", {"chronic_hepatitis": False}),
    ("门诊记录乙肝阴性，住院查HBsAg阳性", {"chronic_hepatitis": UNKNOWN}),
    # drug names and brands
    ("on Revolade since last week", {"tpo_agent_1mo": True}),
    ("上周还在吃艾曲波帕", {"tpo_agent_1mo": True}),
    ("两个月前打过特比澳", {"tpo_agent_1mo": False}),
    ("on Xarelto", {"thrombosis_history": True}),
    ("正在用拜瑞妥", {"thrombosis_history": True}),
    # numbers: ranges and rough values are asked back, never picked
    ("ECOG 1-2", {"ecog": UNKNOWN}),
    ("ECOG 1 or 2", {"ecog": UNKNOWN}),
    ("62 years, AML", {"age": 62, "diagnosis": "AML"}),
    ("AML for 2 years", {"diagnosis": "AML"}),
    ("血小板只有三万多", {"platelet_count": UNKNOWN}),
    ("我爸七十多了", {"age": UNKNOWN, "sex": "M"}),
    # the 一 of 一直 is no platelet count of 1 (the 18 is too far from its label to be read: asked)
    ("打了化疗以后血小板一直上不来，昨天查才18", {"thrombocytopenia_due_to_treatment": True}),
    ("血常规两次结果不一致：PLT 35与PLT 12", {"platelet_count": UNKNOWN}),
    # activity in everyday words
    ("我爸能自己走动，做点家务", {"ecog": 1, "sex": "M"}),
    ("洗脸吃饭自己能行，但干不了活", {"ecog": 2}),
    ("bed-bound most of the day", {"ecog": 3}),
    ("整天卧床，吃饭都要喂", {"ecog": 4}),
    ("能自己走动", {"ecog": UNKNOWN}),
    ("ECOG 1分（护理记录：卧床为主，生活需协助）", {"ecog": UNKNOWN}),
    # a no to one thing is no answer for another in doubt; a yes is
    ("hep B neg, hep C not tested", {"chronic_hepatitis": UNKNOWN}),
    ("no DVT, ?PE last year", {"thrombosis_history": UNKNOWN}),
    ("?DVT, on rivaroxaban", {"thrombosis_history": True}),
    # a list's "no" does not turn a term that is itself a no round; one right before it does
    ("no clots, NKDA", {"thrombosis_history": False, "romiplostim_hypersensitivity": False}),
    ("没绝经", {"childbearing_potential": True}),
    # a dash between words is no negative result; a dash that ends its item is
    ("allergic to romiplostim - rash and wheeze", {"romiplostim_hypersensitivity": True}),
    ("IL-11 - dates not known", {"tpo_agent_1mo": UNKNOWN}),
    ("HBsAg-, HCV-, HIV-", {"chronic_hepatitis": False, "hiv": False}),
    ("HBcAb+ sAg- DNA-", {"chronic_hepatitis": False}),
    # lab shorthand and the bare "hep"
    ("HIV 1/2 Ag/Ab NR", {"hiv": False}),
    ("HBV DNA TND", {"chronic_hepatitis": False}),
    ("HIV/hep neg", {"hiv": False, "chronic_hepatitis": False}),
    ("hep serol pending", {"chronic_hepatitis": UNKNOWN}),
    # "has been ..." is a verb, not "has" a finding
    ("Myeloma has been excluded.", {"other_hematologic_disorder": False}),
    # doubt in shorthand: "poss", "?early", "vs", prophylaxis
    ("poss DVT in 2019", {"thrombosis_history": UNKNOWN}),
    ("?recent PE", {"thrombosis_history": UNKNOWN}),
    ("CTIT vs marrow failure", {"thrombocytopenia_due_to_treatment": UNKNOWN}),
    ("enoxaparin ppx", {"thrombosis_history": UNKNOWN}),
    ("prophylactic dalteparin, stopped", {"thrombosis_history": UNKNOWN}),
    # the patient's sex from how a referral speaks of them, when every word agrees
    ("Mr J. is on apixaban", {"sex": "M", "thrombosis_history": True}),
    ("she has been on rivaroxaban since her DVT", {"sex": "F", "thrombosis_history": True}),
    ("his mother had a DVT in her forties", {"sex": "M"}),  # "her" is the mother's, "his" the patient's
    ("62M, his wife says she will bring him", {"age": 62, "sex": "M"}),
    # low platelets in a treatment phase, as English referrals write it
    ("plt 14 d21 hyperCVAD", {"platelet_count": 14, "thrombocytopenia_due_to_treatment": True}),
    ("day 19 post 7+3, plts 23", {"platelet_count": 23, "thrombocytopenia_due_to_treatment": True}),
    ("platelets 30 after her second cycle of FLAG-Ida",
     {"platelet_count": 30, "thrombocytopenia_due_to_treatment": True, "sex": "F"}),
    ("on aza/ven C2D24, plt 9", {"platelet_count": 9, "thrombocytopenia_due_to_treatment": True}),
    ("admitted with sepsis on day 10 of induction", {"severe_comorbidity": True}),  # nothing of the platelets
    ("plts 25 2/2 hypersplenism",
     {"platelet_count": 25, "other_thrombocytopenia_cause_6mo": True, "thrombocytopenia_due_to_treatment": False}),
    ("the thrombocytopenia reflects the disease rather than the treatment",
     {"thrombocytopenia_due_to_treatment": False}),
    # how long ago, as English notes write it: 3/7, 2/52, 6/12, a past year, the last dose said after
    ("rhTPO, last dose 4/7 ago", {"tpo_agent_1mo": True}),
    ("eltro stopped 8/52 ago", {"tpo_agent_1mo": False}),
    ("romiplostim 2021", {"tpo_agent_1mo": False}),
    ("Nplate many years ago", {"tpo_agent_1mo": False}),
    ("She had eltrombopag at her local hospital; the last dose was 10 days ago.", {"tpo_agent_1mo": True, "sex": "F"}),
    ("IL-11 last wk", {"tpo_agent_1mo": True}),
    ("hetrombopag", {"tpo_agent_1mo": UNKNOWN}),  # used, but when?
    ("CVA 2021", {"thrombosis_history": True}),
    ("on apix for AF", {"thrombosis_history": True}),
    # a value then is not the value now; the one it came to is; a rough one is not known
    ("PLT 150 at diagnosis, now 22", {"platelet_count": 22}),
    ("ECOG 1 at presentation", {}),
    ("plt 45 -> 19", {"platelet_count": 19}),
    ("age around 70", {"age": UNKNOWN}),
    ("age: ~65", {"age": UNKNOWN}),
    # E10 is about now
    ("pneumonia with sepsis on admission, now resolved", {"severe_comorbidity": UNKNOWN}),
    ("septic shock, on noradrenaline", {"severe_comorbidity": True}),
    # a test named without its result says nothing; a viral load said, or a name that is a result, does
    ("chronic hepatitis B on tenofovir, DNA undetectable", {"chronic_hepatitis": False}),
    ("anti-HBc positive with negative sAg and undetectable DNA", {"chronic_hepatitis": False}),
    ("HCV treated 2018, SVR12", {"chronic_hepatitis": False}),
    ("HBsAg+, HBV DNA 3x10^4", {"chronic_hepatitis": True}),
    ("HBV DNA sent", {"chronic_hepatitis": UNKNOWN}),
    ("HBsAg+, HIV VL undetectable", {"chronic_hepatitis": UNKNOWN}),
    # a negation over a list whose other items are not findings
    ("She denies headache, calf pain or any previous DVT.", {"thrombosis_history": False, "sex": "F"}),
    ("no DVT, platelets 20 and HIV positive", {"thrombosis_history": False, "platelet_count": 20, "hiv": True}),
    # "yet" is no turn of the sentence: "not sure yet - AML or MDS"
    ("not sure yet - AML or MDS", {"diagnosis": UNKNOWN, "other_hematologic_disorder": UNKNOWN}),
    ("The diagnosis has not yet been confirmed.", {"diagnosis_confirmed": UNKNOWN}),  # pending: not known
    ("used romiplostim in the past", {"tpo_agent_1mo": UNKNOWN}),
    # referral shorthand for age, sex and ECOG
    ("Mr K., 59, AML", {"age": 59, "sex": "M", "diagnosis": "AML"}),
    ("F/64, PS1", {"age": 64, "sex": "F", "ecog": 1}),
    ("WHO PS 2", {"ecog": 2}),
    ("PS 1-2", {"ecog": UNKNOWN}),
    # E10 in shorthand, and a history without one
    ("CKD5 on HD", {"severe_comorbidity": True}),
    ("IFI on voriconazole", {"severe_comorbidity": True}),
    ("No significant past medical history.", {"severe_comorbidity": False}),
    # willingness and romiplostim, both polarities
    ("declines research", {"willing_to_consent": False}),
    ("would rather not take part in the study", {"willing_to_consent": False}),
    ("has signed the consent form", {"willing_to_consent": True}),
    ("NKDA, keen", {"romiplostim_hypersensitivity": False, "willing_to_consent": True}),
    ("a keen cyclist", {}),
    ("not keen", {"willing_to_consent": False}),
    ("declines Nplate", {"refuses_romiplostim": True}),
    ("ok with romiplostim", {"refuses_romiplostim": False}),
    # a bleed is read for its severity: how much it took, and when
    ("haematemesis 6/7 ago, 4u PRBC", {"severe_bleeding_2wk": True}),
    ("UGIB 5/52 ago, 6 units", {"severe_bleeding_2wk": False}),
    ("epistaxis yesterday, packed, no transfusion", {"severe_bleeding_2wk": False}),
    ("PR bleed 3 days ago, 2 units", {"severe_bleeding_2wk": UNKNOWN}),  # not > 2; the Hct fall not said
    ("Hct 35->22% after a PV bleed 4 days ago", {"severe_bleeding_2wk": True}),
    ("No significant bleeding in the last fortnight.", {"severe_bleeding_2wk": False}),
    ("nosebleeds", {}),
    # a question left open is not known, whatever else is said of it
    ("keen, but wants to discuss the trial with her husband first", {"willing_to_consent": UNKNOWN, "sex": "F"}),
    ("not yet approached about the study", {"willing_to_consent": UNKNOWN}),
    ("not on any contraception yet; will discuss this before entry", {"contraception_agreed": UNKNOWN}),
    ("reluctant about injections", {"refuses_romiplostim": UNKNOWN}),
    # a test result after a list does not reach back to a statement in it
    ("Mirena in situ, bHCG neg", {"contraception_agreed": True, "pregnant_or_breastfeeding": False}),
    ("bHCG not required", {"pregnant_or_breastfeeding": UNKNOWN}),
    ("male, so CBP N/A", {"sex": "M", "childbearing_potential": False}),
    ("still menstruating", {"childbearing_potential": True}),
    ("BM conf T-ALL", {"diagnosis": "ALL", "diagnosis_confirmed": True}),
    ("platelets remain at 22", {"platelet_count": 22}),
    # a form's answers after a colon
    ("Pregnant/BF: no\nTPO/IL-11 (1 mo): no\nHIV: neg   HBV/HCV: neg",
     {"pregnant_or_breastfeeding": False, "tpo_agent_1mo": False, "hiv": False, "chronic_hepatitis": False}),
    ("Severe bleed (2 wk): no", {"severe_bleeding_2wk": False}),
    ("Childbearing potential: yes", {"childbearing_potential": True}),
    # a value taken back, a value before a cycle, a relative's illness
    ("Plt 16, correction: 61", {"platelet_count": 61}),
    ("Plts were 40 before C2, now 23", {"platelet_count": 23}),
    ("Plt 6 -> 1 pool given", {"platelet_count": 6}),
    ("Wife has HIV", {}),
    ("Previously on avatrombopag", {"tpo_agent_1mo": UNKNOWN}),
    ("Small subconjunctival haemorrhage today", {"severe_bleeding_2wk": False}),
    ("plts were 40 something last time", {"platelet_count": UNKNOWN}),
    # no anticoagulation now says nothing of a past clot; a clot denied does
    ("on no anticoagulants", {}),
    ("no DVT/PE, not anticoagulated", {"thrombosis_history": False}),
    # a blood-borne virus screen is HIV and hepatitis at once
    ("BBV screen negative", {"hiv": False, "chronic_hepatitis": False}),
    ("virology -ve", {"hiv": False, "chronic_hepatitis": False}),
    ("BBV sent", {"hiv": UNKNOWN, "chronic_hepatitis": UNKNOWN}),
    # a screening positive waiting for its confirmation
    ("HIV Ag/Ab reactive; confirmatory test pending", {"hiv": UNKNOWN}),
    ("HIV reactive, confirmed on western blot", {"hiv": True}),
    # a relative's history is not the patient's, and the relative's kin word gives no sex
    ("mum had DVT, pt nil", {"thrombosis_history": False}),
    ("Mother died of a stroke at 70. No personal h/o thrombosis.", {"thrombosis_history": False}),
    ("Father HIV positive. Pt HIV neg.", {"hiv": False}),
    ("FH: sister had ITP, mother died of AML", {}),
    ("my uncle also had leukaemia", {}),
    ("Grandad had a heart attack at 50, but dad's never had any clots", {"thrombosis_history": False, "sex": "M"}),
    ("His mother had a DVT in her forties; he has no personal history of clots.",
     {"thrombosis_history": False, "sex": "M"}),
    ("no he's not on any blood thinners, but his mum and his brother both had DVTs", {"sex": "M"}),
    ("my mum had a DVT in 2019", {"thrombosis_history": True, "sex": "F"}),
    ("我外婆以前腿上有血栓 我妈没有", {"thrombosis_history": False, "sex": "F"}),
    ("我外公有脑梗，我妈没有血栓", {"thrombosis_history": False, "sex": "F"}),
    ("我外公是中风走的", {}),
    ("我舅舅也是白血病", {}),
    ("我外婆也有血栓", {}),
    ("她儿子HIV阳性，她自己查了是阴性", {"hiv": False, "sex": "F"}),
    ("我叔叔也得过白血病，我爸今年59，急性髓系白血病，骨穿确诊的",
     {"diagnosis": "AML", "diagnosis_confirmed": True, "sex": "M", "age": 59}),
    # a state that is over
    ("Pregnancy test negative; breastfeeding stopped in June", {"pregnant_or_breastfeeding": False}),
    # a family's words for an undetectable viral load
    ("He has hepatitis B but the doctors said the virus can't be detected in his blood",
     {"chronic_hepatitis": False, "sex": "M"}),
    # the disorder a leukemia came from: whether it is a second disorder now is not known
    ("AML, secondary to prior CMML", {"diagnosis": "AML", "other_hematologic_disorder": UNKNOWN}),
    ("prior ITP", {"diagnosis": "ITP", "other_hematologic_disorder": True}),
    # improving is not over
    ("Invasive aspergillosis, on voriconazole, improving", {"severe_comorbidity": True}),
    ("sepsis - resolved", {"severe_comorbidity": UNKNOWN}),
    ("septic shock requiring ITU (discharged from ITU yesterday)", {"severe_comorbidity": UNKNOWN}),
    # a guess, a stent (for an MI?), an anticoagulant stopped (for what?): not known
    ("post-menopausal I think? last period about a year ago, not sure", {"childbearing_potential": UNKNOWN}),
    ("绝经了吧？好像一年多没来了，不太确定", {"childbearing_potential": UNKNOWN}),
    ("没在吃抗凝药 也没得过血栓 就是前年做过心脏支架", {"thrombosis_history": UNKNOWN}),
    ("coronary stent 2019, no DVT or PE", {"thrombosis_history": UNKNOWN}),
    ("3年前急性心肌梗死，行PCI术", {"thrombosis_history": True}),
    ("我爸有房颤一直吃华法林 住院以后医生给停了", {"thrombosis_history": UNKNOWN, "sex": "M"}),
    # hepatitis B named, HBsAg positive and nothing more: active or not is not known
    ("乙肝：HBsAg阳性，HBV-DNA待查", {"chronic_hepatitis": UNKNOWN}),
    ("乙肝是大三阳", {"chronic_hepatitis": UNKNOWN}),
    # another cause beside platelets that were normal before the chemotherapy: not known
    ("Chronic liver disease (alcohol); plts normal before chemo", {"other_thrombocytopenia_cause_6mo": UNKNOWN}),
    # a no that found its finding does not reach past the colon into the explanation
    ("Plt count not thought to be chemo-related: splenic sequestration",
     {"thrombocytopenia_due_to_treatment": False, "other_thrombocytopenia_cause_6mo": True}),
    ("no other trials", {"other_trial_28d": False}),
    ("Wife has HIV; patient tested negative last month", {"hiv": False}),
    ("unwilling to use any form of contraception", {"contraception_agreed": False}),
    ("no personal or family history of thrombosis", {"thrombosis_history": False}),
    # a drug's time is its last dose; still taken is now
    ("started eltrombopag 3 months ago, still on it", {"tpo_agent_1mo": True}),
    ("avatrombopag for 3 months, stopped last week", {"tpo_agent_1mo": True}),
    ("eltrombopag stopped 6 weeks ago", {"tpo_agent_1mo": False}),
    ("started eltrombopag 3 months ago", {"tpo_agent_1mo": UNKNOWN}),
    ("TPO-RA: none in the last 4 weeks", {"tpo_agent_1mo": False}),
    # surface antibody is immunity; "fine" after a test is a no; a test done says nothing yet
    ("乙肝表面抗体阳性", {"chronic_hepatitis": False}),
    ("anti-HBs positive", {"chronic_hepatitis": False}),
    ("HIV没事", {"hiv": False}),
    ("查过艾滋，没问题", {"hiv": UNKNOWN}),
    ("tested for HIV: negative", {"hiv": False}),
    # hepatitis B's activity said in words, and its antiviral: the infection named by its name
    # alone is what the viral load says
    ("乙肝多年，吃恩替卡韦，病毒控制得很好", {"chronic_hepatitis": False}),
    ("乙肝是携带，不是活动的", {"chronic_hepatitis": False}),
    ("有乙肝，大三阳，医生说病毒量很高", {"chronic_hepatitis": True}),
    ("乙肝多年，在吃恩替卡韦", {"chronic_hepatitis": UNKNOWN}),
    # a bleed's severity from what it took, in Chinese too (> 2 units is severe)
    ("3天前消化道出血，输了2个单位红细胞", {"severe_bleeding_2wk": UNKNOWN}),
    ("3天前消化道出血，输了1个单位红细胞", {"severe_bleeding_2wk": False}),
    ("一个礼拜前流鼻血止不住 去急诊塞了纱布 输了3袋红细胞", {"severe_bleeding_2wk": True}),
    ("2周内无严重出血事件", {"severe_bleeding_2wk": False}),
    ("haemorrhagic stroke 2019", {"severe_bleeding_2wk": False}),
    # other blood disorders in the words of notes
    ("no other haem history", {"other_hematologic_disorder": False}),
    ("MGUS IgG 4g/L, under surveillance", {"other_hematologic_disorder": True, "diagnosis": "MGUS"}),
    # willingness: the family's wish is not the patient's; a hedge or an open word leaves it not known
    ("family keen, patient not yet asked", {"willing_to_consent": UNKNOWN}),
    ("pt + family keen", {"willing_to_consent": True}),
    ("家属同意参加，患者本人还在考虑", {"willing_to_consent": UNKNOWN}),
    ("患者及家属同意参加", {"willing_to_consent": True}),
    ("she seemed keen but hasn't decided", {"willing_to_consent": UNKNOWN, "sex": "F"}),
    # a test planned or named without its result; vaccination is immunity
    ("HIV - will send", {"hiv": UNKNOWN}),
    ("HIV negative, will send hep serology", {"hiv": False, "chronic_hepatitis": UNKNOWN}),
    ("HIV low risk, not tested", {"hiv": UNKNOWN}),
    ("hep C antibody positive, awaiting PCR", {"chronic_hepatitis": UNKNOWN}),
    ("hep B vaccinated", {"chronic_hepatitis": False}),
    # the relative named after the finding
    ("Factor V Leiden in his mother", {"sex": "M"}),
    ("a DVT (father)", {}),
    ("PE in a first-degree relative", {}),
    ("clots run in the family", {}),
    # hepatitis named with a positive result is the screening test's: active is the viral load's to say
    ("乙肝(+)", {"chronic_hepatitis": UNKNOWN}),
    ("HCV positive", {"chronic_hepatitis": UNKNOWN}),
    ("乙肝阳性，DNA 10^5", {"chronic_hepatitis": True}),
    ("HIV-, HBV+ (active, on TDF)", {"hiv": False, "chronic_hepatitis": True}),
    # a list's "no" reaches its last item though a full stop follows it ("hep C." is no initial)
    ("no HIV, HBV or HCV.", {"hiv": False, "chronic_hepatitis": False}),
    ("Nil HIV, hep B or hep C.", {"hiv": False, "chronic_hepatitis": False}),
    ("Denies any history of DVT, PE, stroke or heart attack.", {"thrombosis_history": False}),
    # a modifier word inside a finding's name does not end another's scope
    ("He is not keen on the trial.", {"willing_to_consent": False, "sex": "M"}),
    ("does not want more chemo and declines romiplostim", {"refuses_romiplostim": True}),
    # over, for a state that ends; a form's "- no" after a finding
    ("stopped breastfeeding in March", {"pregnant_or_breastfeeding": False}),
    ("menopause - no; LMP 2/52", {"childbearing_potential": True}),
    # one finding said both ways, under two names, is asked back
    ("HIV neg on the referral, but HIV-1/2 Ab reactive on our screen", {"hiv": UNKNOWN}),
    ("says she is not pregnant; serum hCG positive", {"pregnant_or_breastfeeding": UNKNOWN, "sex": "F"}),
    ("NKDA. Anaphylaxis to Nplate in 2023.", {"romiplostim_hypersensitivity": UNKNOWN}),
    ("Neg for HIV and HBV", {"hiv": False, "chronic_hepatitis": False}),
    # a work-up or a planned test leaves its finding open
    ("ITP work-up ongoing", {"other_hematologic_disorder": UNKNOWN}),
    # a trend: the value now is the last
    ("PLT 60 Fri -> 38 Sun -> 21 today", {"platelet_count": 21}),
    # units of blood add up: more than 2 is severe
    ("melaena, 2u RBC x2 since Monday", {"severe_bleeding_2wk": True}),
    # lab tables: a cell separator or a value between the test and its result
    ("HIV Ag/Ab | Negative", {"hiv": False}),
    ("HIV Ag/Ab   0.12   <1.0 (neg)", {"hiv": False}),
    ("HIV I & II - NON REACTIVE", {"hiv": False}),
    # a screening test whose confirmation is pending, or a test declined, is not known
    ("HIV Ag/Ab: reactive. Differentiation assay: pending.", {"hiv": UNKNOWN}),
    ("HIV declined by pt", {"hiv": UNKNOWN}),
    ("declined HIV testing", {"hiv": UNKNOWN}),
    # prophylaxis is not a clot (tests/reading/README.md): given now it is not known, whatever else is
    # said, unless a clot is named; stopped, held or mechanical only, the history said settles it
    ("enoxaparin 40 mg prophylaxis, never had a clot", {"thrombosis_history": UNKNOWN}),
    ("only on Clexane prophylaxis, no actual clots", {"thrombosis_history": UNKNOWN}),
    ("PE excluded on CTPA. Started on prophylactic enoxaparin 20mg.", {"thrombosis_history": UNKNOWN}),
    ("Prophylactic clexane, DVT 2019", {"thrombosis_history": True}),
    ("No VTE history. Enoxaparin 40 mg prophylaxis stopped today.", {"thrombosis_history": False}),
    ("DVT prophylaxis with TEDs only - no LMWH given low platelets", {"thrombosis_history": UNKNOWN}),
    ("just TEDs, no clots ever", {"thrombosis_history": False}),
    ("gets a heparin jab every day to stop clots while she's in bed", {"thrombosis_history": UNKNOWN, "sex": "F"}),
    # India's lakhs
    ("Platelets 0.38 lakhs", {"platelet_count": 38}),
    # "No - it's ...": the answer, then a statement of its own
    ("No - it's hypersplenism", {"other_thrombocytopenia_cause_6mo": True}),
    ("No - DVT", {"thrombosis_history": False}),
    # a drug's time said in the next clause of its sentence; "currently taking" is now
    ("Romiplostim (Nplate) given on day 14 of the last cycle, 3 weeks ago.", {"tpo_agent_1mo": True}),
    ("hetrombopag C1, ~2/12 ago", {"tpo_agent_1mo": False}),
    ("Eltrombopag 75mg daily - currently taking, last dose this am", {"tpo_agent_1mo": True}),
    ("Yes, eltrombopag, but I don't know when it was stopped", {"tpo_agent_1mo": UNKNOWN}),
    ("GP list says warfarin 3mg, indication unclear", {"thrombosis_history": UNKNOWN}),
    ("HBsAg reactive; no DNA result available.", {"chronic_hepatitis": UNKNOWN}),
    # the count now, after a nadir or an earlier day's; a nadir alone is no count now
    ("Platelets 35 on Monday, 12 today", {"platelet_count": 12}),
    ("plt nadir 5, today 19", {"platelet_count": 19}),
    ("Platelet nadir 6 on day 14, now recovering at 38.", {"platelet_count": 38}),
    ("plt nadir 7", {"platelet_count": UNKNOWN}),
    ("Her platelets were 41 Monday, then 27 Thursday.", {"platelet_count": 27, "sex": "F"}),
    ("Plt 26 on 3/12, 19 on 4/12 (today).", {"platelet_count": 19}),
    ("her platelets were 14 yesterday, she is 74", {"platelet_count": 14, "age": 74, "sex": "F"}),
    ("aspirate morphology suggestive of ALL, flow pending", {"diagnosis": "ALL", "diagnosis_confirmed": UNKNOWN}),
    # a diagnostic test said to have shown the leukemia confirms it; the last period and when
    ("Dx B-ALL on BM aspirate + flow", {"diagnosis": "ALL", "diagnosis_confirmed": True}),
    ("AML, diagnosed by bone marrow biopsy", {"diagnosis": "AML", "diagnosis_confirmed": True}),
    ("AML, marrow booked for Monday", {"diagnosis": "AML", "diagnosis_confirmed": UNKNOWN}),
    ("LMP 1 week ago", {"childbearing_potential": True}),
    ("Post-menopausal, LMP 2015.", {"childbearing_potential": False}),
    ("s/p TAH+BSO 2012", {"childbearing_potential": False}),
    # a TIA may or may not be a thrombosis; a hedge on when leaves the window open
    ("TIA 2021, aspirin only", {"thrombosis_history": UNKNOWN}),
    ("IL-11 once in October I think, maybe early Nov", {"tpo_agent_1mo": UNKNOWN}),
    ("heparin infusion in ICU in October - not sure what for", {"thrombosis_history": UNKNOWN}),
    # a finding in someone's words, quoted, is not yet the writer's; a lupus anticoagulant is a test
    ("says she has 'had a clot before' but can't remember when", {"thrombosis_history": UNKNOWN, "sex": "F"}),
    ("Lupus anticoagulant weakly positive x1, repeat due", {"thrombosis_history": UNKNOWN}),
    ("Mixed picture: nadir from chemo plus splenic sequestration", {"thrombocytopenia_due_to_treatment": UNKNOWN,
                                                                  "other_thrombocytopenia_cause_6mo": True}),
    # a suspected clot a scan cleared is none; a list answered once; an allergy's dash is no result
    ("PE suspected in ED but CTPA clear", {"thrombosis_history": False}),
    ("maybe a TIA but the scan was clear", {"thrombosis_history": UNKNOWN}),
    ("CVA - no. MI - no. DVT/PE - no.", {"thrombosis_history": False}),
    ("Allergy: romiplostim - urticaria + angioedema 2024", {"romiplostim_hypersensitivity": True}),
    ("Unfractionated heparin only as line flush, no systemic anticoagulation", {"thrombosis_history": UNKNOWN}),
    ("was on blood thinners once after a birth but not sure why", {"thrombosis_history": UNKNOWN}),
    # someone else's relative who "did": what follows is theirs, to a "but"
    ("His brother did though, DVT in his 40s", {"sex": "M"}),
    ("Her mother had a PE in her fifties, but she herself has no history of thrombosis.",
     {"thrombosis_history": False, "sex": "F"}),
    # a man is never the one pregnant: his wife's pregnancy is hers
    ("Wife is 8 weeks pregnant; he has agreed to use condoms", {"pregnant_or_breastfeeding": False, "sex": "M",
                                                                 "contraception_agreed": True}),
    # a form's lines, each answered after its label
    ("E5 (thrombosis/anticoag): NO. E7 (TPO-RA/IL-11 in 1 mo): NO - last eltrombopag 14/08/2026.",
     {"thrombosis_history": False, "tpo_agent_1mo": False}),
    # the patient's age after the word that names them
    ("My mum is 58 and has ALL.", {"age": 58, "sex": "F", "diagnosis": "ALL"}),
    ("my dad, 68, AML", {"age": 68, "sex": "M", "diagnosis": "AML"}),
    ("my daughter just turned 19 last week", {"age": 19, "sex": "F"}),
    ("granny is 76, and she has AML", {"age": 76, "sex": "F", "diagnosis": "AML"}),
    # the birthday to come: a year less now
    ("He turns 76 next month.", {"age": 75, "sex": "M"}),
    ("dad's 80 next march", {"age": 79, "sex": "M"}),
    ("my mum is actually 67", {"age": 67, "sex": "F"}),
    # two units: at the edge of "more than 2", the haematocrit not said
    ("haematemesis this week, 2 units RBC", {"severe_bleeding_2wk": UNKNOWN}),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_reads_as_a_careful_reader_would(text, expected):
    got = read(text)
    assert {k: got.get(k) for k in expected} == expected
    # nothing definite that the text does not say
    assert not {k: v for k, v in got.items() if k not in expected and v != UNKNOWN}


ANSWERS = [
    ("contraception_agreed", "will discuss at the next visit", {"contraception_agreed": UNKNOWN}),
    ("willing_to_consent", "undecided", {"willing_to_consent": UNKNOWN}),
    ("ecog", "1-2", {"ecog": UNKNOWN}),
    ("ecog", "mostly in bed", {"ecog": 3}),
    ("ecog", "能自己走动，做点轻家务", {"ecog": 1}),
    ("contraception_agreed", "not discussed yet", {"contraception_agreed": UNKNOWN}),
    ("willing_to_consent", "not raised with the patient", {"willing_to_consent": UNKNOWN}),
    ("willing_to_consent", "不适用", {"willing_to_consent": UNKNOWN}),
    ("hiv", "awaiting result", {"hiv": UNKNOWN}),
    ("hiv", "neg", {"hiv": False}),
    ("age", "62 years", {"age": 62}),
    # a man, said as the answer: no childbearing potential
    ("childbearing_potential", "he's male", {"childbearing_potential": False, "sex": "M"}),
    ("childbearing_potential", "男的，不存在这个问题", {"childbearing_potential": False, "sex": "M"}),
    # everyday activity words, both languages; a Karnofsky score decides only at its ends
    ("ecog", "he's up and about all day, just can't do the heavy lifting at work any more", {"ecog": 1, "sex": "M"}),
    ("ecog", "mostly sits on the sofa watching TV, gets up for meals and the loo, showers with help", {"ecog": 3}),
    ("ecog", "还能上班，就是不能干重活", {"ecog": 1}),
    ("ecog", "一天里一多半时间在床上，只能自己吃饭", {"ecog": 3}),
    ("ecog", "Karnofsky 100%", {"ecog": 0}),
    ("ecog", "back at work full time, everything as usual", {"ecog": 0}),
    ("ecog", "back at work part-time, avoids anything strenuous", {"ecog": 1}),
    ("ecog", "he's up most of the day watching tv, can shower himself, no work", {"ecog": 2, "sex": "M"}),
    ("ecog", "in bed or the armchair most of the day and needs help to get washed", {"ecog": 3}),
    ("ecog", "cant get out of bed at all, we have to feed him", {"ecog": 4}),
    ("ecog", "KPS 70", {"ecog": UNKNOWN}),
    ("ecog", "体力状况评分（PS）2分", {"ecog": 2}),
    # a psychiatric disorder counts when uncontrolled; capacity said is a no
    ("cognitive_psychiatric", "acutely psychotic at the moment", {"cognitive_psychiatric": True}),
    ("cognitive_psychiatric", "Anxiety, stable on citalopram", {"cognitive_psychiatric": False}),
    ("cognitive_psychiatric", "她有抑郁症 最近情绪很不好 药也不肯吃 说过不想活了",
     {"cognitive_psychiatric": True, "sex": "F"}),
    ("cognitive_psychiatric", "Alert, orientated, has capacity", {"cognitive_psychiatric": False}),
    # a refusal as the answer is a no
    ("willing_to_consent", "declined", {"willing_to_consent": False}),
    ("contraception_agreed", "he refuses", {"contraception_agreed": False, "sex": "M"}),
    ("refuses_romiplostim", "declines Nplate", {"refuses_romiplostim": True}),
    # a hedge later in the answer takes the answer back; a time said after "but that was" is its time
    ("thrombosis_history", "not that I know of, I'd have to check with his GP", {"thrombosis_history": UNKNOWN}),
    ("tpo_agent_1mo", "had eltrombopag, but that was two years ago", {"tpo_agent_1mo": False}),
    # a time alone answers "in the last month?"; a no with it is a no
    ("tpo_agent_1mo", "Last dose 3 weeks ago", {"tpo_agent_1mo": True}),
    ("tpo_agent_1mo", "stopped 6/52 ago", {"tpo_agent_1mo": False}),
    ("tpo_agent_1mo", "近一月未用", {"tpo_agent_1mo": False}),
    ("age", "he's 77 next month", {"age": 76, "sex": "M"}),
    ("thrombosis_history", "not that we know of", {"thrombosis_history": UNKNOWN}),
    ("thrombosis_history", "I don't think so", {"thrombosis_history": UNKNOWN}),
    ("other_trial_28d", "she finished the vaccine trial in the spring", {"other_trial_28d": False, "sex": "F"}),
]


@pytest.mark.parametrize("expecting,text,expected", ANSWERS, ids=[f"{a[0]}:{a[1]}" for a in ANSWERS])
def test_answers_to_a_question(expecting, text, expected):
    got = read(text, expecting)
    assert {k: got.get(k) for k in expected} == expected


def test_every_fact_keeps_the_words_it_came_from():
    ex = extract_facts("62M AML, PLT 32k, ECOG 1, HIV/HBV/HCV neg, ?DVT 2019")
    assert ex.evidence["hiv"] == "HIV/HBV/HCV neg"
    assert ex.evidence["thrombosis_history"] == "?DVT 2019"
    assert ex.evidence["platelet_count"] == "PLT 32k"
    assert "thrombosis_history" in ex.unsure and "thrombosis_history" not in ex.facts


def test_two_statements_that_disagree_are_both_quoted():
    ex = extract_facts("no DVT. h/o DVT 2018")
    assert ex.conflicts["thrombosis_history"] == ("h/o DVT 2018", "no DVT")


@pytest.mark.parametrize("text, key", [
    ("No TPO-RA, rhTPO or IL-11 in the last month.", "tpo_agent_1mo"),
    ("No TPO agonists (eltrombopag, avatrombopag, romiplostim) ever.", "tpo_agent_1mo"),
    ("No DVT, PE or stroke in the past", "thrombosis_history"),
    ("no eltrombopag, rhTPO or IL-11 within the past 4 weeks", "tpo_agent_1mo"),
])
def test_a_list_denied_for_a_time_reaches_its_last_item(text, key):
    found = extract_facts(text)
    assert found.facts.get(key) is False and key not in found.unsure, (found.facts, found.unsure)
