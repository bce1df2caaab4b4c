"""Every word the reading layer knows, English and Chinese side by side, by fact and concept.

One home for the term lists: answer words, the triggers that say how a finding is meant
(negation, uncertainty, a relative's, a hypothetical), list grammar, value labels and units,
sex words, everyday activity words, each criterion's terms, hepatitis serology markers and
diagnosis names. A new synonym is added here, once; the modules that read text
(prescreen.reading.assertion, .extract, .parsing, .quantities, .diagnosis, .nlp, .language)
take their words from here and hold only grammar. Plain data: importing it costs nothing
(the checker reads it through prescreen.reading.parsing without spaCy).

Conventions: phrases are matched case-insensitively on normalised text
(prescreen.reading.nlp.normalise) unless a list says "cased"; where a word plays two parts
(an answer on its own and a modifier of a finding), it is listed once, in a group named for
both parts, and the lists of each part are put together from the groups.
"""
from __future__ import annotations

from typing import Any

from dataclasses import dataclass


# ---- scripts -------------------------------------------------------------------------------------

# Chinese characters (CJK Unified Ideographs, Extension A, Compatibility Ideographs), for
# regular-expression character classes.
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


# Words of jieba's dictionary that glue a negation to the organ after it ("无心、肝、肾功能不全":
# "无心", "unintentionally", took the "无" from the heart); removed from the private segmenter, so
# that no number of lexicon words added later can glue them again.
SEGMENTER_NOT_WORDS = ("无心",)


# ---- the conversation's language and who is typing (prescreen.reading.language) --------------

# A short message naming a language asks for it ("English please", "请用中文").
LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("english", "英文", "英语"),
    "zh": ("chinese", "mandarin", "中文", "汉语", "普通话"),
}
# "I am the patient", "我是家属": the person typing is not a physician (patient mode).
SELF_AS_PATIENT = (
    "patient", "family member", "relative", "caregiver", "carer",
    "患者", "病人", "病友", "家属", "他的家人", "她的家人",
)
# "asking for my father", "my mum has", "我爸爸得了": a relative of the patient is typing.
RELATIVES = (
    "father", "mother", "dad", "mum", "mom", "husband", "wife", "son", "daughter", "brother", "sister",
    "爸爸", "妈妈", "父亲", "母亲", "老公", "丈夫", "老婆", "妻子", "儿子", "女儿", "哥哥", "姐姐", "弟弟", "妹妹",
)


# A relative named without "my" ("Grandad had a heart attack", "外公有脑梗"): someone a finding
# may be said of who is not the patient (prescreen.reading.extract reads them with the kin words
# of SEX_WORDS).
KIN_NOUNS = (
    "mother", "father", "son", "daughter", "sister", "brother", "grandmother", "grandfather", "grandad",
    "granddad", "grandma", "grandpa", "gran", "nan", "aunt", "uncle", "cousin", "wife", "husband",
    "外公", "外婆", "爷爷", "奶奶", "舅舅", "姑姑", "阿姨", "叔叔", "伯伯", "姨妈", "表哥", "表姐", "堂哥", "堂姐",
    "母亲", "父亲", "哥哥", "姐姐", "弟弟", "妹妹", "儿子", "女儿", "老公", "老婆",
)


# Cantonese written characters (Hong Kong families), each read as the Mandarin one that means the
# same, one for one so that offsets hold: "冇打過" -> "没打过", "唔想參加" -> "不想参加". 佢 (he or
# she) becomes 其, which names no sex.
CANTONESE_CHARACTERS = {
    "冇": "没", "唔": "不", "係": "是", "咗": "了", "佢": "其", "嘅": "的", "喺": "在", "啲": "些", "睇": "看",
    "瞓": "睡", "嘢": "么", "乜": "什", "咩": "么", "嚟": "来", "攞": "拿", "俾": "给", "畀": "给", "仲": "还",
}


# ---- answers: yes / no / not known ---------------------------------------------------------------

# A no on its own ("no", "没有") that also negates the finding after it ("no HIV", "没有肝炎").
NO_AND_NEGATION_BEFORE = (
    "no", "none", "nil", "never", "not",
    "不是", "没有", "无", "没", "从来没有", "从未", "不会", "不可能", "不愿意", "不同意",
    # asked back, to say no ("都七十了，哪来的怀孕", "哪有什么血栓", "怎么可能有艾滋")
    "哪来的", "哪里来的", "哪儿来的", "哪来", "哪有", "哪里有", "哪儿有", "哪会有", "哪会", "哪可能", "哪能",
    "怎么可能", "怎么可能有", "怎么会有", "哪來的", "哪裡來的", "哪裡有", "哪兒有", "怎麼可能", "怎麼會有",
)
_NO_ONLY = (
    "non-reactive", "nonreactive", "non reactive", "came back negative", "the test came back negative",
    "tested negative",
    "n", "nope", "nah", "neg", "negative", "false", "f", "0", "nothing", "definitely not",
    "absolutely not",
    "否", "不", "阴性", "都没有", "不可能了", "不会了", "不能", "不要", "不可能的",
    # a test's result given as the answer, in a lab's or a family's words: "阴的", "初筛阴", "(-)", "无反应性"
    "阴的", "初筛阴", "初筛阴性", "(-)", "( - )", "无反应性", "未检出", "没检出", "阴",
    "肯定没有", "肯定没", "绝对没有", "当然没有", "根本没有", "肯定不是", "绝对不是", "肯定都没有",
    # an item's counter and its no, which the segmenter joins into one word: "第12条无", "3项无"
    "条无", "项无", "條無", "項無", "条否", "项否",
)
# "Not known" on its own that also doubts a finding on either side ("pending HIV", "HIV pending").
UNSURE_AND_UNCERTAIN_EITHER_SIDE = (
    "pending",
    "不清楚", "待查",
)
# ... that doubts the finding after it ("not sure HIV", "不确定有没有").
UNSURE_AND_UNCERTAIN_BEFORE = (
    # the records say nothing of it: "Discharge summary silent on TPO-RA", "no mention of any clots in the letter"
    "silent on", "silent about", "silent regarding", "says nothing about", "say nothing about", "no mention of",
    "doesn't mention", "does not mention", "don't mention", "do not mention",
    # in another study's screening, not yet in it: "currently being screened for another study"
    "being screened for", "in screening for", "screening for another", "undergoing screening for",
    "not sure", "unsure", "uncertain",
    # nobody has raised it yet, in a family's words: "nobody has talked to us about contraception yet"
    *(f"{who} {verb}{obj} about" for who in ("nobody has", "no one has", "nobody's", "no one's", "nobody", "no one")
      for verb in ("talked to", "spoken to", "said anything to", "asked", "told") for obj in (" us", " me", " her", " him")),
    *(f"{who} {verb}" for who in ("nobody has", "no one has", "nobody's", "no one's", "nobody", "no one")
      for verb in ("mentioned", "discussed", "brought up", "raised", "said anything about", "asked about")),
    # the test not done yet, said before what it tests for: "she hasn't been tested for HIV or hepatitis yet"
    "hasn't been tested for", "has not been tested for", "haven't been tested for", "have not been tested for",
    "not been tested for", "never been tested for", "not yet tested for", "not tested for", "wasn't tested for",
    "was not tested for", "hasn't been checked for", "has not been checked for", "not been checked for",
    "not yet checked for", "not checked for", "hasn't been screened for", "not been screened for", "not screened for",
    "hasn't had a test for", "hasn't had the test for", "not had a test for", "never had a test for",
    "不知道", "不确定", "不太确定", "不大确定", "不太记得", "记不清", "记不清楚",
    # a no or yes given as a guess, alone or before what it is about: "应该没有吧", "估计没有血栓",
    # "好像打过白介素11"
    "应该没有吧", "应该没有", "应该没", "应该没吧", "应该不会吧", "应该不会", "应该不是吧", "应该是没有",
    "估计没有", "估计没", "大概没有", "大概没", "好像没有", "好像没", "可能没有", "可能没", "应该有吧", "应该有",
    "估计有", "好像有吧", "可能有吧", "应该用过", "好像用过", "好像打过", "应该打过", "应该没打过", "应该没用过",
    "我记得没有", "印象中没有", "印象里没有",
    # nobody has said yet: "这个还没人跟我们说过要避孕"
    "还没人跟我们说过", "没人跟我们说过", "还没人跟我们说", "没人跟我们说", "还没人说过", "没人说过", "没人提过",
    "还没人提过", "还没人提", "没人跟我们提过", "还没有人说过", "没有人跟我们说过",
    "还没人跟我们说过要", "没人跟我们说过要",
    # not "for now": a decision still open ("患者暂不同意使用罗米司亭，要考虑", "暂时不想参加"); not "暂未",
    # which is a finding's no so far ("暂未发现血栓")
    "暂不", "暂时不",
    # a test declined: its result not known, never a "no" ("病人不愿意查", "拒绝查HIV", "不肯抽血")
    "不愿意查", "不愿查", "不肯查", "不想查", "不让查", "拒绝查", "拒查", "拒绝检查", "拒绝检测", "不愿意检查",
    "不肯检查", "不想检查", "不愿意抽血", "不肯抽血", "拒绝抽血", "不願意查", "拒絕檢查",
)
# ... that doubts the finding before it: results not back, not tested, not discussed
# ("HIV awaited", "乙肝五项未回报").
UNSURE_AND_UNCERTAIN_AFTER = (
    "unknown", "not known", "never tested", "not tested", "not checked", "not done", "n/a", "not discussed",
    "not discussed yet", "not yet discussed", "not raised", "not yet raised", "not asked", "awaited",
    "results pending", "result pending", "result awaited", "results awaited", "not back yet", "not yet back",
    # the result still to come, or the test never sent, in a family's words: "they took blood for HIV on
    # Thursday, not back yet", "still waiting to hear", "waiting on viral load", "they never actually sent the test"
    "not back", "still not back", "hasn't come back", "has not come back", "haven't come back", "not come back yet",
    "not come back", "still waiting to hear", "waiting to hear", "waiting to hear back", "still waiting on",
    "waiting on", "still waiting for", "waiting for", "not yet reported",
    "never actually sent", "never sent", "was never sent", "wasn't sent", "was not sent", "not sent",
    "never actually sent the test", "never sent the test", "didn't send the test", "did not send the test",
    "没查过", "没查", "未查", "未知", "不详", "不适用", "还没问", "没问过", "还没谈", "没谈过", "还没说", "待回报",
    "未回报", "还没出结果", "结果还没出来",
    # when, forgotten: "打过那个升血小板的针 啥时候记不得了"
    "记不得了", "记不得", "不记得了", "不记得", "忘了", "忘记了", "想不起来了", "想不起来", "啥时候记不得了",
    "什么时候记不清了", "什么时候不记得了", "啥时候不知道", "什么时候不知道", "不知道什么时候", "不知道啥时候",
    # not yet said by the doctors: "避孕的事医生还没说过", "还没提"
    "还没说过", "没说过", "还没讲过", "没讲过", "还没提", "没提过", "还没提过", "没提", "还没跟我们说", "没跟我们说过",
    "还没讲", "还没谈过", "没谈", "还没问过", "没问", "还没商量", "没商量过", "还没聊", "没聊过",
    # not yet thought of: "避孕的事还没想", "还没考虑过"
    "还没想", "还没想过", "没想过", "还没考虑", "还没考虑过", "没考虑过",
    # a result said as a guess: "HIV阴性吧好像", "应该是阴的吧"
    "阴性吧", "阴的吧", "阴吧", "是阴性吧", "是阴的吧", "阳性吧", "阳的吧", "阳吧", "是阳性吧", "是阳的吧",
)
# Still to be checked or made clear, said after what it is about ("其余待核实", "HIV需确认", "是否
#药物相关未明", "原因尚不明确"): a word of "still to" or "not yet", then a verb of checking or of
# being clear. Token patterns (prescreen.reading.assertion, extract), not phrases, so that the
# segmenter's dictionary does not grow; the strings for the checklist's answers.
_STILL_TO = ("待", "尚待", "有待", "仍待", "还待", "需", "尚需", "仍需", "还需", "需要", "仍需要", "还需要", "尚需要")
_CHECKING = ("核实", "核对", "确认", "证实", "明确", "了解", "追问", "询问", "补充", "调阅", "复核", "查证", "落实",
             "核查", "进一步", "进一步明确", "进一步核实", "进一步确认", "确定", "澄清", "核准")
_NOT_YET = ("未", "尚未", "仍未", "还未", "暂未", "不", "尚不", "仍不", "还不")
_CLEAR = ("明", "明确", "清", "清楚", "确定", "肯定", "确认", "证实", "核实", "知")
PENDING_CHECK_ZH = tuple(a + b for a in _STILL_TO for b in _CHECKING) + tuple(
    a + b for a in _NOT_YET for b in _CLEAR)
PENDING_CHECK_PATTERNS: tuple[list[dict[str, Any]], ...] = (
    [{"TEXT": {"IN": list(_STILL_TO)}}, {"TEXT": {"IN": list(_CHECKING)}}],
    [{"TEXT": {"IN": list(_NOT_YET)}}, {"TEXT": {"IN": list(_CLEAR)}}],
    [{"TEXT": {"IN": list(PENDING_CHECK_ZH)}}],  # kept whole by the segmenter
)
_UNSURE_ONLY = (
    "don't know", "dont know", "do not know", "no idea", "idk", "dunno", "never checked", "na", "?",
    "not raised yet", "not raised with the patient", "not asked yet", "not applicable", "still waiting", "waiting",
    "awaiting result", "awaiting results", "awaiting the result", "still awaiting", "waiting for the result",
    "waiting for results", "will discuss", "we will discuss", "to be discussed", "haven't decided", "hasn't decided",
    "not decided yet", "undecided", "wants to think about it", "not d/w", "not yet d/w", "not d/w yet",
    # the answer is someone else's to give: "not that I know of, I'd have to ask his wife"
    "have to ask", "need to ask", "would have to ask", "i'd have to ask", "i'll ask", "will ask", "have to check",
    "check the notes", "check the old notes", "check his notes", "check her notes", "will have to check",
    "not that i know of", "not that we know of", "not that i'm aware of", "not that we're aware of",
    "i don't think so", "i dont think so", "don't think so",
    "need to check", "i'll check", "will find out", "i'll find out", "need to find out",
    # to be looked up and told: "will go through the old notes and let you know", "will check with their coordinator"
    "will check",
    # the question cannot be answered yet: "Can't answer 3, 4 or 11 until I see the notes"
    "can't answer", "cannot answer", "can not answer", "unable to answer", "not able to answer", "can't comment on",
    "cannot comment on", "unable to comment on", "can't say", "cannot say",
    "go through the old notes", "go through the notes", "go through his notes", "go through her notes",
    "i'll let you know", "will let you know", "let you know", "get back to you", "will get back to you",
    "还要问问", "得问问", "还得问问", "要问问", "问问再说", "再确认一下", "回头告诉你", "确认了告诉你", "再去翻翻",
    "没测过",
    # the question not understood: "4那条我看不懂"
    "看不懂", "没看懂", "不太懂", "不明白", "没明白", "搞不懂", "不懂",
    # a test not done yet, or its result not back, given as the answer ("第8项还没查", "8还没出结果"):
    # the pending words of the modifiers (UNCERTAIN_AFTER), as answers too
    "还没查", "还没做", "还没验", "还没测", "还没检查", "还没化验", "还没抽血", "尚未查", "尚未检查", "尚未做",
    "还没出", "还没出来", "没出来", "未出", "还没结果", "没结果", "结果还没出", "还没回", "未回",
    "待回", "还没回报", "尚未回报", "还在等", "还在等结果", "等结果", "在等结果", "还没报告",
    "没出报告", "还没出报告", "报告没出", "报告还没出", "没看到报告", "没见过报告",
)

YES_WORDS = (
    "yes", "y", "yeah", "yea", "yep", "yup", "ya", "true", "t", "1", "positive", "pos", "correct", "right",
    "affirmative", "sure", "of course", "definitely", "i think so",
    "是", "是的", "有", "有的", "对", "对的", "嗯", "阳性", "确定", "肯定", "会", "可能", "愿意", "同意", "可以",
    "好", "好的", "行",
    # a test's result given as the answer: "阳的", "确证阳性", "(+)"
    "阳的", "确证阳性", "确认阳性", "(+)", "( + )", "阳",
    # an item's counter and its yes, joined by the segmenter: "第5条有"
    "条有", "项有", "條有", "項有",
)
NO_WORDS = _NO_ONLY + NO_AND_NEGATION_BEFORE
UNSURE_WORDS = (_UNSURE_ONLY + UNSURE_AND_UNCERTAIN_BEFORE + UNSURE_AND_UNCERTAIN_AFTER
                + UNSURE_AND_UNCERTAIN_EITHER_SIDE)
# A test named as done, before the infection it tests for ("查过艾滋", "tested for HIV"): the
# infection's name there is the test's, and without a result it says nothing either way.
# ... or after it: "HIV status", "hep serology" (without a result: the test, not the infection).
TEST_AFTER = ("serology", "screen", "screening", "test", "tests", "testing", "status", "检测", "检查", "筛查", "化验")
# ... or a test's verb after the infection's name, a time or "ever/never" between, no result said:
# "HIV是半年前查的", "艾滋查过", "乙肝去年检测过", "艾滋从来没查过", "HIV未曾檢測" (the test, not the
# infection: not a "yes", and a never-done test not a "no").
TESTED_AFTER_ZH = (r"\s*(?:也|都|是|为|為|已|已经|已經|曾|曾经|曾經|从来|從來|从|從|还|還|尚)?[^,，。；;:：!！?？\d阴阳陰陽(（]{0,8}?"
                   r"(?:没有|沒有|没|沒|未曾|未|不曾)?(?:检查|檢查|检测|檢測|化验|化驗|筛查|篩查|查|测|測|验|驗|做)"
                   r"(?:过|過|的|了)")
TESTED_FOR = ("查过", "查了", "检查过", "测过", "化验过", "筛查过", "tested for", "checked for", "screened for",
              "查", "检查", "检测", "化验", "筛查", "抽血查", "抽血化验", "去查", "要查", "再查",
              "test for", "testing for",
              # a sample taken for it: "they took blood for HIV on Thursday", "bloods sent for HIV"
              "blood for", "took blood for", "bloods for", "bloods sent for", "sent for", "sent off for",
              "blood test for", "a test for", "swab for", "sample for", "sample sent for",
              # a panel's heading before its list: "Viral serology (HIV, hepatitis B sAg ...) negative"
              *(f"{panel}{mark}" for panel in ("serology", "virology", "viral serology", "viral screen", "bbv screen",
                                               "screen", "bloods", "serologies")
                for mark in (" (", ":", " -", " –", " (incl", " (including")))
# A refusal given as the answer to a yes/no question ("declined", "he refuses"): a no. Only as an
# answer: beside a name the same words say what is refused ("declines Nplate").
DECLINED_AS_ANSWER = (
    "declined", "declines", "refused", "refuses", "he refuses", "she refuses", "he declined", "she declined",
    "he declines", "she declines", "he won't", "she won't", "patient declined", "pt declined",
)
# Answers to the exclusion checklist that say no to every item.
NONE_OF_THESE = (
    "none of these", "none of them", "none apply", "none of the others", "no to all", "no to all of them",
    "all no", "nothing of those", "none of those", "全都没有", "全没有",
    # jieba keeps these whole, so the "无" inside is not seen on its own
    "均无", "以上均无", "以上都无", "以上都没有", "以上均没有",
    # Cantonese "全部都冇", "冇晒" (read as 没: prescreen.reading.language)
    "全部都没", "全部都没有", "全部没有", "全部都无", "全部无", "没晒", "全都没", "全部都冇", "冇晒",
    # the remaining items all no: "E5：有，正在用克赛；余项均否"
    "余项均否", "余项均无", "余项都没有", "余均否", "其余均否", "其余各项均否", "余项阴性", "余项均阴性",
)
# Only as the answer to "is this summary right?".
CONFIRM_YES = (
    "looks good", "looks right", "all good", "all correct", "that's right", "that is right", "confirm",
    "confirmed", "i confirm", "ok", "okay",
    "确认", "没错", "正确", "好的",
)
CONFIRM_NO = (
    "wrong", "incorrect", "not quite", "not right", "not correct",
    "不对", "错", "错了", "不正确",
)


# ---- how a finding is meant (ConText modifiers, prescreen.reading.assertion) ---------------------

# Longer phrases win over the phrases inside them ("no history of" over "no", "未回报" over "未"),
# so a phrase is listed whole wherever it means more.
# Negate the findings after them; also, after a finding that ends its clause, a bare answer
# ("HIV none", extract's NEG cue): "denies DVT", "nil h/o DVT/PE", "未用".
NEGATION_BEFORE_PLAIN = (
    "nor", "denies", "denied", "deny", "without", "never had", "no history of", "no hx of", "no h/o", "no known",
    "no evidence of", "no prior", "no previous", "no recent", "negative for", "neg for", "-ve for", "free of", "non", "isn't", "is not",
    "hasn't", "has not", "does not have", "doesn't have", "not on", "not taking", "never been", "never used",
    "never on",
    # a no in a dialect's or a family's words: "Nae clots ever" (Scots)
    "nae",
    "未", "否认", "非",
)
# Negate the findings after them, and only that: "近一月未用TPO类药", "declines condoms".
NEGATION_BEFORE = (
    "denying", "nil h/o", "nil hx", "no sign of", "no signs of", "hasn't had", "has not had", "not had",
    "no further", "nor any", "absence of", "ruled out for", "declines", "declined", "refuses", "refused", "won't",
    "will not", "impossible", "cannot be", "nil history of", "no personal history of", "no personal history",
    "nil hx of", "no past history of", "no previous history of", "no significant history of",
    "no past medical history of", "denies history of", "denies any history of", "no documented",
    "no known history of", "never had any", "declines to use", "declined to use", "refuses to use", "won't use",
    "will not use", "does not want to use", "doesn't want to use", "not willing to use", "unwilling to use",
    "does not want", "doesn't want",
    # the other forms of the verb, and a writer's uninflected English ("She refuse to use any contraception method")
    "refuse", "refusing", "refuse to use", "refusing to use", "refused to use", "decline", "declining",
    "decline to use", "declining to use", "don't want to use", "dont want to use", "do not want to use",
    "not want to use", "not want", "no want",
    # against it on principle: "they don't believe in contraception", "opposed to the trial"
    "don't believe in", "dont believe in", "do not believe in", "doesn't believe in", "does not believe in",
    "not believe in", "opposed to", "against using", "objects to", "object to",
    # "no" before a qualifier and a history word: the history word alone would affirm
    "no personal h/o", "no personal hx", "no personal hx of", "no previous h/o", "no previous hx",
    "no previous hx of", "no previous history", "no past h/o", "no past hx", "no past hx of", "no past history",
    "no prior h/o", "no prior hx", "no prior hx of", "no prior history", "no prior history of", "no known h/o",
    "no known hx", "no known hx of", "no known history", "no hx", "no history", "nil personal h/o",
    "nil personal hx", "nil personal hx of", "nil personal history", "nil personal history of", "nil previous h/o",
    "nil previous hx", "nil previous hx of", "nil previous history", "nil previous history of", "nil past h/o",
    "nil past hx", "nil past hx of", "nil past history", "nil past history of", "nil prior h/o", "nil prior hx",
    "nil prior hx of", "nil prior history", "nil prior history of", "nil known h/o", "nil known hx",
    "nil known hx of", "nil known history", "nil known history of", "nil history", "denies personal h/o",
    "denies personal hx", "denies personal hx of", "denies personal history", "denies personal history of",
    "denies previous h/o", "denies previous hx", "denies previous hx of", "denies previous history",
    "denies previous history of", "denies past h/o", "denies past hx", "denies past hx of", "denies past history",
    "denies past history of", "denies prior h/o", "denies prior hx", "denies prior hx of", "denies prior history",
    "denies prior history of", "denies known h/o", "denies known hx", "denies known hx of", "denies known history",
    "denies known history of", "denies h/o", "denies hx", "denies hx of", "denies history",
    "没用过", "没有用过", "未用", "未用过", "未使用", "未曾", "未见", "未发现", "未诊断", "拒绝", "不肯", "不想",
    "不在", "没得过", "没有得过", "没吃过",
    "没有吃过", "没打过", "没有打过", "从没", "从没有", "从来没", "也没", "没出现过", "没发生过", "没患过", "没有过",
    "本人无", "亦无", "并无", "既往无", "不愿意用",
    # none now, none yet: "现无抗凝治疗", "目前无", "暂无", "尚无"
    "现无", "目前无", "暂无", "尚无",
    # not using, not taking: "没用抗凝", "没在吃华法林"
    "没用", "没有用", "没在用", "没在吃", "没吃", "没有吃", "没打", "没有打", "不用", "不吃",
    # the rest negative, the tests named after it ("余阴性（含HIV、梅毒、丙肝）")
    "余阴性", "其余阴性", "余均阴性", "其余均阴性", "余均正常", "其余正常",
    # not very: "他不太想参加", "不大愿意" (the doubt words "不太清楚", "不太确定" are kept whole)
    "不太", "不大", "不怎么", "不是很", "不太想", "不大想", "不是太",
    "不想用", "不愿戴", "不想戴", "不肯戴", "不愿意戴",
    # none of anything, said loosely: "没有什么药物过敏", "没啥过敏"
    "没有什么", "没什么", "没啥", "没有啥",
    # a verb of having or taking, negated: "未服抗凝药", "没长过血栓", "从未患过", "未发生过血栓" — kept
    # whole by the segmenter, which otherwise cuts "未服"/"没长" off as words no rule knows
    # (few: every word added to the segmenter's dictionary shifts how it cuts the rest)
    *(w for w in (f"{n}{v}{g}" for n in ("未", "没", "从未", "从没", "也没")
                  for v in ("服", "服用", "长", "患")
                  for g in ("", "过"))
      if w not in ("没患过",)),  # (listed above)
)
NEGATION_EITHER_SIDE = (
    "排除", "也没有", "均无",
)
# Negate the findings before them: "HIV/HBV/HCV neg", "HBV DNA undetectable", "乙肝阴性".
NEGATION_AFTER = (
    "negative", "neg", "-ve", "ve-", "- ve", "ruled out", "excluded", "not detected", "undetectable",
    "non-reactive", "nonreactive", "non reactive", "<", "below detection", "below the limit of detection",
    "below detection limit", "suppressed", "not reactive", "normal", "clear", "absent", "nad", "(-)", "( - )", "-",
    # lab shorthand: non-reactive, target not detected, undetectable
    "nr", "tnd", "undet", "undetected", "not det",
    # a family's words for an undetectable viral load: "the virus can't be detected in his blood"
    "can't be detected", "cannot be detected", "can not be detected", "not detectable", "isn't detectable",
    "低于检测下限", "低于下限", "低于检测线", "阴性", "未检出", "未见异常", "正常", "非反应性", "无反应性",
    "阴性反应", "都没有", "都没", "都无", "都不是", "都是阴性",
    "全无", "皆无", "均否认", "都否认",  # "HIV、乙肝全无": jieba keeps them whole, so the list's no is said here
    "均阴性", "均为阴性", "都正常", "已结束", "结束了", "已停", "停了", "已断奶", "断奶了", "没有了", "好了",
    # "HIV阴，乙肝阴", "DNA检测不到": a result in short, or below what the test can find
    "阴", "(阴)", "检测不到", "测不到", "查不到", "验不到", "验不出", "未检测到", "低于检测限", "低于最低检测限",
    "全阴", "全阴性", "都阴", "均阴", "全是阴性", "阴的", "是阴的", "没事儿", "没啥事",
    # 阴性 mistyped by its sound ("hiv阴行", "阴姓"): a family typing on a pinyin keyboard
    "阴行", "阴姓", "阴形", "阴型",
    # tested, and none ("乙肝丙肝艾滋都查了没有", "查过了，都没有"): kept whole, so the "没有"
    # after the test is the list's answer
    "查了没有", "都查了没有", "查过没有", "查过了没有", "查了都没有", "查过都没有", "查了也没有", "查过也没有",
    "查了都没事", "查了没事", "查过没事",
    # never used, said after the drug ("升血小板的针和药都还没用过", "特比澳还没打过")
    "还没用过", "都还没用过", "都没用过", "还没打过", "都还没打过", "都没打过", "还没吃过", "都没吃过", "都还没吃过",
    "从没用过", "从来没用过", "从没打过", "从来没打过", "一次都没打过", "一次也没用过",
    # never used, said right after the drug ("特比澳没打过"; not of a drug after "打过": assertion._in_reach)
    "没打过", "没用过", "没吃过",
    # a no said for sure, after what it is about: "怀孕哺乳肯定没有", "血栓绝对没有"
    "肯定没有", "肯定没", "绝对没有", "当然没有", "根本没有", "肯定不是", "绝对不是", "肯定都没有",
    # ruled out as impossible or not applicable ("怀孕喂奶那些都不可能", "怀孕那个不用问")
    "都不可能", "不可能的", "不用问", "不用考虑", "不存在", "都不存在", "不涉及",
)
# Modifiers that say how one fact only is meant (ConText's allowed types), by fact key.
# Over, for a state that ends: "breastfeeding stopped in June".
NEGATION_AFTER_FOR: dict[str | tuple[str, ...], tuple[str, ...]] = {
    "pregnant_or_breastfeeding": ("stopped", "has stopped", "now stopped", "ceased", "finished", "weaned",
                                  "completed"),
    # "fine", "没问题" after a test or an illness is a no ("HIV没事", "HBV fine"); after an agreement
    # it is a yes (AFFIRMATION_AFTER_FOR). One rule per phrase: ConText keeps one modifier per span.
    ("hiv", "chronic_hepatitis", "thrombosis_history", "severe_comorbidity", "cognitive_psychiatric",
     "other_thrombocytopenia_cause_6mo"): ("没事", "没什么问题", "都没问题", "no problem", "no problems", "all fine"),
}
# ... and before it: "stopped breastfeeding in May", "no longer breastfeeding", "已停止哺乳".
NEGATION_BEFORE_FOR: dict[str | tuple[str, ...], tuple[str, ...]] = {
    "pregnant_or_breastfeeding": ("stopped", "has stopped", "stopped the", "finished", "no longer", "weaned off",
                                  "gave up", "停止", "已停止", "已经停止", "停了", "不再",
                                  # not now, said with a bare "不" ("也不哺乳", "不喂奶了")
                                  "不"),
}
AFFIRMATION_AFTER_FOR: dict[str | tuple[str, ...], tuple[str, ...]] = {
    # a viral load said as high: "病毒很高", "病毒量挺大" (its number is read as a value)
    ("chronic_hepatitis@DNA", "chronic_hepatitis@HBV_DNA", "chronic_hepatitis@HCV_RNA"): (
        # (words of two characters or more: a modifier ends the scope of the others, whatever it may modify)
        "很高", "挺高", "偏高", "较高", "非常高", "特别高", "很大", "挺大", "很多", "不低"),
    ("contraception_agreed", "willing_to_consent", "refuses_romiplostim"): ("fine", "ok", "okay", "没问题"),
}
# A disorder the leukemia came from ("AML, secondary to prior CMML", "AML (post-MPN, prior
# myelofibrosis)", "MDS->AML", "由MDS转化而来"): whether it is still a second disorder (E3) is
# not known.
UNCERTAIN_BEFORE_FOR: dict[str | tuple[str, ...], tuple[str, ...]] = {
    "thrombocytopenia_due_to_treatment": ("mixed picture",),
    # a test declined is a result not known: "拒查HIV" ("declined HIV testing": extract's _DECLINED_TEST)
    ("hiv", "chronic_hepatitis"): ("拒查", "拒绝检查", "拒绝查"),
    "diagnosis": ("prior", "post", "post-", "preceding", "antecedent", "evolved from", "transformed from",
                  "arising from", "arose from", "progressed from", "secondary to", "secondary to prior"),
}
UNCERTAIN_AFTER_FOR: dict[str | tuple[str, ...], tuple[str, ...]] = {
    ("hiv", "chronic_hepatitis"): ("declined by pt", "declined by patient", "test declined", "testing declined",
                                  "test refused", "not consented",
                                  "拒查", "拒绝检查", "未同意检查",
                                  # not tested, said short, right after the test's name: "HIV未检", "乙肝未筛"
                                  "未检", "没检", "未筛", "未筛查", "没筛查", "未檢", "沒檢", "待检"),
    "diagnosis": ("->", "→", "转化", "转化而来", "转变", "进展为", "转为"),
}
# Someone's present opinion of what a finding is, not a diagnosis made ("they now think it's aplastic
# anaemia"), and a no only believed ("I don't think she has ever had a clot"): uncertain, over the
# sentence after them. Not for the cause keys: a clinician's "we think the low platelets are from DIC"
# is their judgement of the cause, said.
OPINION_BEFORE = (
    "they think", "they now think", "now they think", "now think", "doctors think", "the doctors think",
    "the team think", "the team thinks", "think it's", "think it is", "thinks it's", "thinks it is",
    "they reckon", "reckon it's",
    "don't think", "dont think", "do not think", "don't believe", "do not believe", "didn't think",
)
OPINION_FOR = ("diagnosis", "thrombosis_history", "cognitive_psychiatric", "hiv", "chronic_hepatitis",
               "severe_bleeding_2wk", "tpo_agent_1mo", "pregnant_or_breastfeeding", "romiplostim_hypersensitivity",
               "other_trial_28d")
# Affirm the findings after them: "h/o DVT", "on apixaban", "合并MDS".
AFFIRMATION_BEFORE = (
    "has", "had", "with", "history of", "hx of", "h/o", "known", "diagnosed with", "positive for", "pos for", "+ve for", "on",
    "currently on", "taking", "receiving", "started on", "confirmed", "uses", "using", "use", "will use",
    "agrees to", "agreed to", "happy to use", "happy with", "keen on",
    "会用", "在用", "同意用", "有", "患有", "合并", "曾有", "有过", "确诊", "正在用",
)
# Affirm the findings before them: "HBsAg positive", "IUD in situ".
AFFIRMATION_AFTER = (
    "positive", "pos", "+ve", "ve+", "detected", "reactive", "detectable", "(+)", "( + )", "+", "in situ",
    "fitted", "agreed", "discussed and agreed",
    "阳性", "可以", "阳", "(阳)",
)
# Doubt the finding after them; also a bare answer after a finding (extract's UNSURE cue).
UNSURE_ABOUT = (
    "not sure about", "not sure if", "unsure about",
)
# Doubt the findings after them (besides the UNSURE_AND_UNCERTAIN_* groups): "?previous PE",
# "query DVT", "可能有过血栓".
UNCERTAIN_BEFORE = (
    "query", "queried", "possible", "possibly", "probable", "probably", "maybe", "may have", "may have had",
    "might have", "might have had", "could have", "could have had", "suspected", "suspect", "suspicion of",
    "likely", "questionable", "?possible", "poss", "?poss", "r/o", "rule out", "to rule out", "not sure whether", "unsure if",
    "suggestive of", "might be", "may be", "could be", "chasing", "i think", "they thought", "thought she had",
    "thought he had", "they thought she had", "they thought he had",
    "unsure whether", "unclear if", "unclear whether", "don't know if", "do not know if", "not known if",
    "unknown if", "waiting for", "work-up for", "workup for", "work up for", "worked up for", "investigating for",
    "being investigated for", "under investigation for", "possibly had", "?previous", "?prior", "presumed", "whether", "if any",
    "screening positive",
    # a test ordered to look for it: "for duplex today to exclude DVT", "CTPA to evaluate for PE"
    "to exclude", "for exclusion of", "to evaluate for", "evaluate for", "to assess for", "to look for",
    "looking for", "to check for",
    "可能有", "可能有过", "疑似", "怀疑", "似乎", "好像", "好像有", "好像有过", "不太清楚", "说不清", "待排除",
    # a guess before the verb, kept whole so the segmenter does not cut the hedge off ("估计没打过")
    *(f"{h}{n}{v}" for h in ("估计", "大概", "应该", "好像", "可能") for n in ("没", "没有", "")
      for v in ("打过", "用过", "吃过", "有过", "参加过", "得过", "查过")
      if f"{h}{n}{v}" not in ("应该用过", "好像用过", "好像打过", "应该打过", "应该没打过", "应该没用过", "可能有过",
                              "好像有过")),
    # not asked or discussed yet: "还没问过她避孕的事", "避孕问题尚未与患者沟通"
    "还没问过", "尚未与患者沟通", "未与患者沟通", "尚未沟通", "未沟通", "还没沟通", "没沟通",
    # not necessarily, looks like: "不一定是化疗引起的", "有点像骨髓增生异常"
    "不一定", "不一定是", "未必", "不见得", "有点像", "像是", "类似",
    # a diagnosis suspected, not made: "疑诊AML", "拟诊急性白血病"
    "疑诊", "拟诊", "疑为", "疑是", "怀疑是", "考虑是", "初步考虑", "倾向于", "倾向",
    # the test that would settle it not done: "尚未行骨穿确诊", "未行骨穿"
    "尚未行", "未行", "还未行", "尚未进行", "未进行", "还没进行", "还没有进行", "还未做",
    "未排除", "不排除", "考虑", "待", "不能除外",
    "不能排除", "是否", "有无", "有没有", "是不是", "会不会", "算不算",
    # the question asked, A-not-A: "问我们愿不愿意参加", "同不同意用", "想不想打"
    "愿不愿意", "愿不愿意参加", "愿不愿意参与", "愿意不愿意", "同不同意", "同意不同意", "想不想", "肯不肯",
    "参不参加", "参加不参加", "要不要参加", "用不用", "打不打", "接不接受", "签不签",
    # maybe also, partly, hard to say: "可能还有骨髓瘤", "不完全是化疗的原因", "说不准是化疗引起的还是白血病本身"
    "可能还有", "可能还", "也可能有", "或许有", "或许",
    # not yet re-examined: "骨髓尚未复查确诊"
    "尚未复查", "还没复查", "未复查", "还未复查", "不完全是", "不完全", "不全是", "不单是", "不单纯是",
    "说不准", "也说不准", "拿不准", "不好说", "也不好说",
    # consent not signed yet: "尚未签署知情同意书" (willingness not known)
    "尚未签署", "未签署", "还没签", "没签", "还未签署",
    # the verb before what it is about: "还没查HIV", "还没做骨穿", "不清楚有没有用过特比澳"
    "还没做", "还没查", "没做", "没查", "未做", "未查", "尚未查", "尚未做", "还没有做", "还没有查",
    "有没有用过", "有没有打过", "有没有吃过", "有没有得过", "用没用过", "打没打过",
    # never tested (a test's verb negated, "ever" before it): "从来没查过艾滋", "從未驗過乙肝" — not a "no"
    # (few words: every word added to the segmenter's dictionary shifts how it cuts the rest)
    *(f"{e}{n}{v}过" for e in ("", "从来") for n in ("没", "未", "没有") for v in ("查", "检查", "检测", "测", "验", "化验")),
    "从未查过", "从未检查过", "从未检测过", "从未测过", "从未验过", "从没查过", "从没检查过", "从没验过",
    "從未驗過", "從未查過", "從未檢查過", "從來沒查過", "沒查過", "未驗過", "沒驗過", "未檢測過",
)
UNCERTAIN_EITHER_SIDE = (
    "awaiting", "equivocal", "borderline",
    # a test planned: "HIV - will send", "will send hep serology"
    "will send", "to send", "will check", "will test",
    # one or the other: "CTIT vs disease", "AML vs MDS"
    "vs", "vs.", "versus",
    # prophylactic anticoagulation is not said to be treatment of a thrombosis: "Fragmin ppx stopped"
    "prophylactic", "prophylaxis", "ppx",
    "可能", "待排", "不除外", "初筛阳性", "可疑",
    # a result or a test still to come, said after the finding: "头颅CT报告待出", "妊娠试验待做", "凝血因子活性待测"
    "待出", "待做", "待测", "待行", "拟复查", "待重复", "需重复", "结果待出",
    # an anticoagulant to prevent a clot: no clot said ("利伐沙班10mg qd预防血栓")
    "预防血栓", "预防性抗凝", "预防量", "预防剂量",
)
# Doubt the findings before them: "HIV status awaited", "HIV待回报".
UNCERTAIN_AFTER = (
    "not req", "not required", "not indicated",
    # the records said to say nothing of it: "TPO-RA/rhTPO/IL-11 - unable to confirm either way"
    "unable to confirm either way", "can't confirm either way", "cannot confirm either way", "can't say either way",
    "cannot say either way", "unable to say either way", "not mentioned", "not recorded", "not stated",
    "not back", "to follow", "tbc", "not yet done", "not available", "indeterminate", "sent", "requested",
    "outstanding", "in progress", "was queried", "no records", "records not available", "not documented",
    "suspected", "no paper", "no papers", "no paperwork", "no notes", "no letters", "no documentation",
    "weakly positive", "weak positive", "low positive", "result available", "results available", "result yet", "results yet",
    "work-up ongoing", "workup ongoing", "work up ongoing", "being worked up",
    "under investigation", "being investigated", "work-up in progress", "workup in progress", "not yet asked", "to be discussed", "tbd", "to discuss", "to be confirmed",
    "has been sent", "have been sent", "been sent", "has been requested", "has not yet been done",
    "has not been done", "not yet been done", "not been done", "hasn't been done", "not been tested",
    "yet to be done", "yet to be tested", "not yet tested", "still awaited", "still pending", "(±)", "±",
    "未谈", "未讨论", "再考虑", "考虑考虑", "可能性大", "待核实", "待确认", "弱阳性", "尚未回报", "尚未出",
    # a result between positive and negative ("HIV抗原抗体联合检测结果在灰区"): indeterminate
    "灰区", "灰区值", "在灰区", "灰度区", "临界值", "临界阳性", "可疑阳性", "结果可疑", "弱阳", "灰區", "臨界值",
    "可疑陽性", "臨界陽性",
    "尚未查", "尚未检查", "尚未确认", "还未回报", "暂未回报",
    "未回", "结果未回", "未出", "还没查", "还没做", "还没验", "尚未与患者沟通", "未与患者沟通", "尚未沟通", "未沟通",
    "还没沟通", "没沟通过", "没验", "未验", "还未验", "还没出来", "没出来", "没说", "没讲", "具体不清楚", "不知道是",
    "说不准", "结果未回报", "结果待回报", "有没有用过",
    "有没有打过", "有没有吃过", "有没有得过", "用没用过", "打没打过", "还没回报", "还没出", "结果未出", "未做",
    "没做", "待复查", "已送检", "送检中",
    # one result or the other, asked: "阴性还是阳性不记得了" (only the pair: "病毒还是阳性" is "still positive")
    "阴还是阳", "阳还是阴", "阴性还是阳性", "阳性还是阴性", "陰還是陽", "陽還是陰", "阴的还是阳的", "阳的还是阴的",
    # not tested yet, to be tested: "HIV尚未检测，建议补查", "HIV待回", "愛滋病個報告仲未出"
    "尚未检测", "未检测", "没检测", "还没检测", "待检测", "未送检", "建议补查", "待补查", "补查", "待回", "仲未出",
    "仲未有", "未有结果", "还要复查", "还要复查确认", "待复查确认", "复查确认", "需复查", "需要复查",
    # asked of the patient herself: "避孕这个得问她自己"
    "得问", "要问", "得问问", "要问问", "没沟通",
    # the sample sent, the result not back: "HIV检查已送，结果未出"
    "已送", "送检", "已抽血", "血已抽", "已抽血送检", "刚送", "已经送了",
    # the type not yet known: "急性白血病待分型", "急性白血病（类型待定）"
    "待分型", "待定", "类型待定", "分型待定", "类型未定", "分型未明", "类型不明", "哪一型", "哪一种", "哪种类型",
    "type to be determined", "type pending", "subtype pending", "not yet typed",
    # a test planned, or only the risk said: "HIV - will send", "HIV serology to be sent", "HIV low risk"
    "to be sent", "will be sent", "to be checked", "will be checked", "to be tested", "will be tested", "low risk",
    "to be done", "will be done", "to be performed", "to be arranged", "being arranged", "to be repeated",
    # said as a guess: "post-menopausal I think?", "绝经了吧" ("as far as she knows" is "no known":
    # a no, as "no known drug allergies" is)
    "i think", "i believe", "i guess",
    "吧", "了吧", "我觉得是", "应该是吧",
    # a question back ("月经规律吗", "这个算不算血栓啊"): no statement of the fact
    "吗", "吗?", "嘛?", "么?",
    # still to be supplied or checked: "确诊依据待补充", "进一步检查中"
    "待补充", "有待补充", "待完善", "有待完善", "待补", "待证实", "有待证实", "有待确认", "尚待", "尚待确认",
    "待查明", "待进一步检查", "进一步检查中", "检查中", "在查", "还在查", "还在等", "还在等结果", "在等结果",
    "待明确", "尚待明确", "有待明确", "未明确", "尚未明确", "待评估", "未评估", "尚未评估",
    # one cause of several: "化疗后是一方面，她同时在用利奈唑胺"
    "是一方面", "只是一方面", "也是一方面", "一方面", "部分原因", "一部分原因",
    "等结果", "还得等", "还要等", "结果还没出", "还没结果", "没结果",
    # the report not out, the result to be checked again: "查艾滋的那管血抽了，还没出报告", "有反应（待复核）"
    "还没出报告", "没出报告", "报告没出", "报告还没出", "还没报告", "还没回", "还没回来", "没回来",
    "待复核", "需复核", "待核", "待确证", "需确证", "待进一步确证", "送确证", "送确证中",
)
# Only words that say the finding is a relative's: in families' messages "我妈有血栓" is about
# the patient, who is the mother.
FAMILY = (
    "wife has", "wife had", "husband has", "husband had", "partner has", "partner had",
    "family history of", "his mother", "her mother",
    "his father", "her father", "his brother", "her brother", "his sister", "her sister", "mother had",
    "father had", "brother had", "sister had", "maternal", "paternal",
    "家族", "家里人有", "其父", "其母", "其父亲", "其母亲", "其兄", "其姐", "其弟", "其妹", "患者父亲",
    "患者母亲", "父亲有", "母亲有", "父母有",
    "他妈妈", "她妈妈", "他母亲", "她母亲", "他爸爸", "她爸爸", "他父亲", "她父亲", "他哥哥", "他姐姐", "他弟弟",
    "他妹妹", "她哥哥", "她姐姐", "她弟弟", "她妹妹",
    "his mum", "her mum", "his mom", "her mom", "his dad", "her dad", "their mother", "their father",
    # a relative named without "my" in a clinician's shorthand ("mum had DVT, pt nil"); "my mum
    # had ..." is a family writing about the patient (PSEUDO below)
    "mum had", "mom had", "dad had", "grandmother had", "grandfather had", "grandma had", "grandpa had",
    "aunt had", "uncle had", "cousin had", "nan had",
    # someone who died of it is not the patient ("mother died of AML", "我外公是中风走的")
    "died of", "died from", "passed away from", "passed away with", "死于", "家族里", "家里有人",
    # a relative named bare at the head of a clause, as notes write family history ("Father HIV
    # positive. Pt HIV neg.", "Son had ALL as a child"); a family's "my mother" is the patient
    # (PSEUDO below), and its "Mum"/"Dad" too (they are sex words, not listed here)
    "mother", "father", "son", "daughter", "sister", "brother", "grandmother", "grandfather", "grandad",
    "granddad", "grandma", "grandpa", "aunt", "uncle", "cousin", "sibling", "siblings", "niece", "nephew",
    "maternal aunt", "paternal aunt", "maternal uncle", "paternal uncle",
    # "我老婆的妈妈有乙肝": a relative of the one spoken of
    "的妈妈", "的爸爸", "的母亲", "的父亲", "的哥哥", "的姐姐", "的弟弟", "的妹妹", "的儿子", "的女儿",
    *(who + kin for who in ("他", "她", "其", "患者") for kin in (
        "儿子", "女儿", "老婆", "老公", "丈夫", "妻子", "外婆", "外公", "奶奶", "爷爷", "舅舅", "姑姑", "阿姨",
        "叔叔", "伯伯", "表哥", "表姐", "堂哥", "堂姐")),
)
# A family history's heading: all of its sentence is the relatives' ("家族史：母亲死于肺栓塞，姨妈患多发
# 性骨髓瘤", "FHx: brother CML, father died of MI aged 60"), across its commas.
FAMILY_HEADERS = (
    "family history", "fhx", "fhx of", "fh of", "fh", "family hx", "family h/o",
    "家族史", "家族病史", "家族遗传史",
)
# ... after what they are about: "我外公是中风走的", "爷爷脑梗去世了".
FAMILY_AFTER = (
    "走的", "去世的", "去世了", "去世", "过世的", "过世了", "过世", "没的",
    # the relative after the finding: "Factor V Leiden in his mother", "a DVT (father)"
    *(f"in {who} {kin}" for who in ("his", "her", "their", "a") for kin in (
        "mother", "father", "sister", "brother", "son", "daughter", "aunt", "uncle", "grandmother", "grandfather",
        "cousin", "sibling")),
    "in a first-degree relative", "in a first degree relative", "in a relative", "in relatives",
    "run in the family", "runs in the family", "in the family",
    "(mother)", "(father)", "(sister)", "(brother)", "(mum)", "(dad)", "(grandmother)", "(grandfather)",
)
# Plans and hypotheticals: "if platelets fall we'd start eltrombopag".
HYPOTHETICAL = (
    "if", "should", "in case", "would consider", "will consider", "consider", "considering", "plan to", "planned",
    "plan", "may need", "might need", "could start", "would start", "will start", "to start",
    "如果", "若", "假如", "万一", "打算", "准备", "计划", "考虑用", "必要时", "如", "如出现", "若出现", "一旦",
    "如有", "若有", "拟", "拟行", "拟做", "还要做", "要做", "将行", "准备做", "择期", "安排",
    # a plan on a condition, in a family's words ("血小板再低就打特比澳", "要是再低的话就打")
    "要是", "再低就", "再低的话", "再低一点就", "再低点就", "低了就", "的话就", "到时候", "等血小板再低",
)
# ... after what they are about: "骨穿下周做", "BM booked".
HYPOTHETICAL_AFTER = (
    "scheduled", "booked", "planned",
    "下周做", "明天做", "过几天做", "还没排上",
    # an opinion of it, not its use ("她说吃避孕药伤身体", "怕避孕药有副作用"): a reason, said of the thing
    "伤身体", "伤身", "对身体不好", "对身体有害", "副作用大", "有副作用", "副作用太大",
)
# A time that limits a denial to the present stay ("No thrombopoietic agents during this admission",
# "本次住院期间未用TPO"): the stay's length is not the month or the 28 days asked about, and before
# it nothing is said (ConText category STAY_ONLY, for the windowed facts only).
THIS_STAY = (
    "during this admission", "this admission", "the current admission", "current admission", "this stay",
    "during admission", "since admission", "in this admission", "on this admission", "during the admission",
    "during his admission", "during her admission", "during this stay", "since admitted", "since he was admitted",
    "since she was admitted",
    "本次住院", "此次住院", "住院期间", "本次入院", "入院后", "这次住院", "入院以来", "住院以来",
)
THIS_STAY_FOR = ("tpo_agent_1mo", "other_trial_28d")
# Words that turn the sentence: a new clause begins, no modifier's scope crosses them.
CONTRAST = (
    "but", "however", "although", "though", "except", "whereas", "apart from",  # not "yet": "not sure yet"
    "但", "但是", "不过", "可是", "然而", "除了",
)
# Other words at which a modifier's scope ends (a relative clause, "otherwise", a correction).
SCOPE_ENDS = (
    "aside from", "which", "who", "otherwise", "still", "but has", "but had", "actually", "in fact",
    "其实", "就是",  # "也没得过血栓 就是前年做过心脏支架": "just", the no ends
    "却", "仍", "还有",
)
# Phrases that hold a trigger word but do not negate or doubt ("gram-negative sepsis",
# "no change", "not only"): listed so that their inner trigger is not read.
PSEUDO = (
    # what came before the leukemia, said before its name: "ET prior to AML transformation", "ET for 6 years
    # preceding the AML transformation" (the AML is not what came before: "prior"/"preceding" are not read)
    "prior to", "prior to the", "preceding the", "in the years preceding",
    # the drug's effect denied, not the drug: "Eltrombopag 50 mg daily until 15/10/2026 then stopped (no response)"
    "no response", "no response to", "no responses", "no improvement", "no benefit", "no effect", "no rise",
    "no increment", "no platelet response", "no count response",
    # a reaction denied, not the drug: "No reaction to previous Nplate" (it was given)
    "no reaction to", "no reactions to", "no allergic reaction to", "no problems with",
    "gram negative", "gram-negative", "no change", "no increase", "no further change", "not only", "not just",
    "no doubt", "without doubt", "has been", "have been", "had been", "not ruled out", "cannot be ruled out", "can't be ruled out", "not excluded",
    "无明显变化", "不仅", "不只",
    # a no to what an event left behind, not to the event: "Ischaemic stroke 2019 with no residual deficit",
    # "Old PE 2009 - no residual"
    "no residual", "no residual deficit", "no residual deficits", "no residual weakness", "without residual",
    "no sequelae", "no lasting", "no lasting damage", "no recurrence", "no further events", "no problems since",
    # no partner now, a statement of its own, not a denial of what follows ("not with anyone at the moment
    # and will abstain for the study")
    "not with anyone", "not with a partner", "not in a relationship", "not seeing anyone", "not sexually active",
    # a form's heading, not a "ruled out": "排除标准：第7条—打过特比澳", "入排标准", "排除條件"
    "排除标准", "排除標準", "排除条件", "排除條件", "排除项", "排除項", "排除条目", "入排标准", "入排標準",
    "入组排除标准", "入选排除标准",
    # the one typing names themself by the patient ("我是他妈妈", "我是她女儿"): no relative's history
    *(f"我是{who}{kin}" for who in ("他", "她", "患者", "病人") for kin in (
        "妈妈", "妈", "母亲", "爸爸", "爸", "父亲", "女儿", "儿子", "老婆", "老公", "妻子", "丈夫", "爱人", "姐姐", "哥哥",
        "弟弟", "妹妹", "孙子", "孙女", "外孙", "外孙女", "儿媳", "女婿", "侄子", "侄女", "家属", "家人")),
    # an expected nadir is no "normal" result ("是化疗后的正常低谷")
    "正常低谷", "正常的低谷", "正常现象", "正常反应",
    # a transfusion history is no bleed ("否认输血史": the transfusion is the history, not a bleed)
    "输血史", "无输血史", "否认输血史", "有输血史", "输血前",
    # a drug stopped, said before its name ("已停用肝素"): the "已停" inside says nothing of what came before
    "已停用", "已经停用", "停用了", "已停用了", "已停药", "已经停药",
    # a family writing about the patient: "my mum had a DVT" is the patient's own
    "my mum had", "my mom had", "my dad had", "my grandmother had", "my grandfather had", "my grandma had",
    "my grandpa had", "my aunt had", "my uncle had", "my cousin had", "my nan had",
    "my mother", "my father", "my son", "my daughter", "my sister", "my brother", "my grandmother",
    "my grandfather", "my grandad", "my grandma", "my grandpa", "my aunt", "my uncle", "my cousin",
    "our mother", "our father", "our son", "our daughter",
    # both the patient's and the family's: "no personal or family history of thrombosis"
    "personal or family history of", "personal or family history", "personal and family history of",
)


# ---- lists and clauses ----------------------------------------------------------------------

# Between the findings of a list, and between a finding and a modifier after it.
LIST_JOINERS = (
    ",", "、", "/", "&", "+", "and", "or", "nor", "all", "both",
    "，", "和", "或", "及", "与", "以及", "跟", "都", "均", "全", "也", "还是",
)
# Words passed over between a finding and a word after it that qualifies it ("HIV Ab: negative",
# "HBV DNA undetectable", "乙肝五项检查结果为阴性"): test names, result words, articles.
LIST_GAP = (
    "背景",  # "骨髓提示MDS背景不除外"
    ":", "=", "(", ")", "[", "]", "-", "'s", "s", "ve", "|",  # "|": a lab table's cell ("HIV Ag/Ab | Negative")
    "co", "coi", "iu", "ml",  # a value's unit in a lab line ("HIV 抗体 0.12 S/CO 无反应性")
    "):",  # spaCy keeps a bracket and a colon together: "E5 (thrombosis/anticoag): NO"
    "is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "an", "a", "the", "his", "her",
    "their",
    "test", "tests", "testing", "tested", "checked", "status", "screen", "screening", "serology", "serologies",
    "serol", "sero",
    "result", "results", "ab", "abs", "antibody", "antibodies", "ag", "antigen", "sag", "pcr", "rna", "dna",
    "viral",
    "load", "vl", "level", "b", "c", "type", "virus", "infection", "also", "too", "as", "well", "each", "either",
    "any", "syphilis", "rpr", "vdrl", "tpha", "anti", "panel", "markers", "marker", "titre", "titer", "p24",
    # the test's full name between the virus and its result ("HIV抗原抗体联合检测结果在灰区", "HBV核酸定量")
    "联合", "联检", "联合检测", "核酸", "确证", "确证试验", "试验",
    "检查", "检测", "结果", "为", "是", "呈", "抗体", "抗原", "五项", "两对半", "筛查", "病毒", "感染", "等", "类",
    "药", "类药",
    "药物", "历史", "史", "病史", "梅毒", "梅毒抗体", "梅毒螺旋体", "抗", "四项", "传染病", "标志物", "指标",
    "相关检查", "项目",
    "查过", "检查过", "都查过", "查了", "做过", "那个", "这个", "的", "化验", "初筛", "亦", "类型", "分型", "具体",
    "个", "化验单", "单子",  # "爱滋病个报告还未出" (Cantonese 个: its)
    "了", "查过了", "做过了", "查了下", "也查了",
    "情况", "方面",  # "乙肝丙肝的情况不清楚": what is said of the finding's state is said of the finding
    # "the matter of", "as for" and who said it: "避孕的事医生还没说过", "乙肝的话医生说是阴性"
    "事", "事情", "问题", "的话", "这块", "这个事", "这事", "医生", "大夫", "医生说", "大夫说",
    "嘅",  # Cantonese: "愛滋病個報告仲未出" (个: above)
    "含", "包括",  # "HIV 抗体 0.12 S/CO 无反应性", "余阴性（含HIV、梅毒、丙肝）"
    "啊", "呀", "嘛", "哈", "哇",  # a family's particles between list items ("艾滋啊乙肝啊丙肝啊都没有")
    # when it was ("啥时候记不得了"): what is said of the time is said of the finding's
    "啥时候", "什么时候", "哪天", "几时", "多久",
    # a list closed by "and the like" ("肝炎艾滋什么的都没有", "乙肝丙肝之类的都查过，阴性")
    "什么", "什么的", "啥的", "之类", "之类的", "这些", "那些", "这类", "这种", "等等", "一类",
    # the test said as done, in pieces ("乙肝丙肝艾滋都查了是阴性": jieba cuts "查|了")
    "查", "都查了", "查出来", "测", "验", "查下来", "查的", "报告", "结果都",
    "心", "肝", "肺", "肾", "脑", "严重",  # organs listed before one disorder: "无严重心、肝、肺、肾功能不全"
    # who is answering, and how truly: "血栓的事我真不清楚", "HIV我们不清楚"
    "我", "我们", "真", "真的", "实在",
    # how sure the answer after it is: "怀孕哺乳肯定没有", "HIV definitely negative"
    "肯定", "绝对", "确实", "根本", "从来", "當然", "当然", "definitely", "certainly", "absolutely", "really",
    "totally", "completely", "100%",
    # a result that has held: "HBV DNA持续<20 IU/mL", "DNA一直阴性", "多次复查均阴性"
    "持续", "一直", "始终", "多次", "仍", "仍然", "依然", "长期",
)
# Punctuation that separates the items of a list (a modifier's scope may go on across it into
# a bare list item: "no HIV, HBV or HCV").
LIST_COMMAS = (",", "、", "&")
# Punctuation that ends a sentence ("?" only when glued to the word before it: "HIV?").
SENTENCE_ENDS = (".", ";", "!", "?", "\n")


# ---- other cues read around a finding (prescreen.reading.extract) --------------------------------

# Current or recent use: "on eltrombopag", "正在用" (E7 counts only recent use).
RECENT = (
    "on", "currently", "current", "currently on", "recent", "recently", "receiving", "taking", "started",
    "still on", "ongoing", "this week",
    "正在", "最近", "目前", "近期", "在用", "正在用", "仍在", "还在", "在吃", "在打", "一直在", "刚开始", "口服中",
    "服用中", "使用中", "治疗中", "至今",
)
# A drug still taken now, whenever it was started ("started eltrombopag 3 months ago, still on
# it"): within any window that counts back from today (regular expression).
STILL_IN_USE = (r"\bstill (?:on|taking|having|receiving)\b|\bcurrently (?:taking|receiving)\b|\bongoing\b"
                r"|\bcontinu(?:es|ing)\b|\bremains on\b"
                r"|\bto date\b|至今|仍在|还在用|还在吃|还在打|一直在用|一直在吃|目前仍"
                # "一直吃到现在", "现在每天吃一粒海曲泊帕"
                r"|(?:吃|用|打|服)到现在|到现在还|现在每天|现在还在|每天(?:都)?(?:吃|打|用|服)"
                # just taken or stopped, or to be continued: "刚吃了一周苏可欣", "出院医嘱：继续口服艾曲波帕"
                r"|刚(?:吃|打|用|服)(?:了|完|过)|刚停|继续(?:口服|服用|使用|用|吃|打)")
# A drug's dose and schedule right after its name, as a medication list gives what is taken now
# ("Meds: aciclovir 400 bd, Revolade 75 mg od", "rhTPO 15000 U sc od") (regular expression, at the name's end)
DOSE_SCHEDULE = (r"\s*\(?\s*\d[\d,.]*\s*(?:mg|mcg|µg|ug|u|units?|iu|万u|万单位)\b\s*(?:/kg\s*)?(?:(?:sc|s/c|po|iv|oral(?:ly)?)\s*)?"
                 r"(?:od|bd|tds|qds|qd|bid|daily|once daily|nocte|mane|weekly|once weekly|q\.?d\.?)\b(?!\s*(?:x|for|until|till|during|then|with|in|last|previous|prior|cycle|course|days?|d\d|d\s*\d)\b|\s*[x×]\s*\d|\s*d\d)")
# When the drug was started: started within a window is used within it; started longer ago
# with no stop said leaves the window not known (regular expression).
STARTED = r"\b(?:started|commenced|began|initiated)\b|开始(?:用|使用|服用|吃|打)?"
# The past, time not given: use "以前用过海曲泊帕" (within the month? not known); a disorder
# "既往ITP" beside the diagnosis.
PAST = (
    "previously", "in the past", "formerly",
    "以前", "之前", "曾", "曾经", "曾用", "既往", "过去", "以往", "早年",
)
# The time of the last dose, said apart from the drug: "末次用药4个月前", "已停药约5周", "服用至入院前3天".
LAST_DOSE = (r"末次|最后一次|停药|停用|已停|停了|没用了|没打了|没吃了|服用至|用到|打到|吃到|last dose|stopped"
             # the end of a course or a trial, said apart: "参加过一个试验，三个月前结束的"
             r"|结束|完成|做完|打完|用完|吃完|退出|退组|出组"
             r"|last injection|last given|last course|most recent(?:ly)?|finish(?:ed|ing)|completed"
             # an infusion, a cycle, a visit as the last one; a trial left ("last infusion 30/10/2026, now off
             # study", "last trial visit was in March, he came off study then", "withdrew from the study in May")
             r"|last (?:infusion|cycle|tablet|dose of|study dose|trial dose|study visit|trial visit|visit)"
             r"|(?:came|come|taken|went|been) off (?:the |his |her )?(?:study|trial)|off (?:the )?(?:study|trial) since"
             r"|withdr[ae]wn? from (?:the |his |her )?(?:study|trial)|dropped out of (?:the |his |her )?(?:study|trial)"
             r"|ended|came off|taken off"
             # taken up to a day: "Eltrombopag 50 mg daily until 15/10/2026 then stopped", "up until about 10 days ago"
             r"|\b(?:up )?until\b|\btill\b")
# Names of one finding, so that it said both ways is asked back: "not pregnant ... urine hCG positive".
SAME_FINDING: dict[str, tuple[str, ...]] = {
    "pregnant": ("pregnant", "pregnancy", "hcg", "urine hcg", "serum hcg", "bhcg", "b-hcg", "β-hcg", "beta hcg",
                 "beta-hcg", "pregnancy test", "upt", "pregnancy blood test", "blood pregnancy test", "serum pregnancy test",
                 "urine pregnancy test", "pregnancy bloods", "pregnancy tests", "怀孕", "妊娠", "hcg阳性", "验孕"),
}
# A clause that points back to the finding before it, whose time it gives: "He had Nplate
# injections but that was last year", "用过特比澳，那是半年前的事了" (regular expression, at its start).
POINTS_BACK = (r"[\s,;，；]*(?:but|and)?\s*(?:that|it|this|which|these|those)(?:'s|\s+(?:was|were|is|would have been))\b"
               r"|[\s,;，；]*(?:不过|但)?(?:那|那都|那已经|那还)是"
               # "用过艾曲波帕，但是去年的事了", "不过是今年夏天的事"
               r"|[\s,;，；]*(?:不过|但是?|可是)\s*(?:那|都|已经|还)?(?:是)?(?=[^,;，；]{0,8}?(?:的事|前|以前|年|月))")
# A psychiatric disorder (not a cognitive one) counts when uncontrolled (E12): the words around it say.
PSYCHIATRIC_TERMS = (
    "psychosis", "psychotic", "schizophrenia", "bipolar disorder", "psychiatric disorder", "mental illness",
    "depression", "精神疾病", "精神分裂", "精神分裂症", "双相情感障碍", "抑郁症", "抑郁", "焦虑症",
    "bipolar affective disorder", "anxiety", "anxiety disorder", "psychiatric issues", "psychiatric problems",
    "psychiatric history", "psychiatric illness", "psych hx", "psych history", "mental health problems",
    "mental health issues", "焦虑", "精神病史", "精神病",
)
PSYCHIATRIC_CONTROLLED = (r"稳定|控制良好|控制可|控制得好|控制得不错|规律服药|well controlled|stable|in remission|settled"
                          r"|控制得挺好|控制得很好|控制住了|没再犯|没有再犯|没发作|没有发作|很久没发")
PSYCHIATRIC_UNCONTROLLED = (r"躁狂发作|抑郁发作|急性发作|近期发作|控制不好|控制得不好|控制不佳|未控制|没控制|经常发作|反复发作|发作频繁|uncontrolled|poorly controlled"
                            r"|acutely unwell|detained|sectioned|not controlled|acutely psychotic|actively psychotic"
                            r"|acute psychosis|suicidal|不想活|想自杀|自杀|轻生|不肯吃药|药也不肯吃|不吃药"
                            # not stable, or not taking the treatment that keeps it so ("近期病情不稳定，拒绝服药");
                            # read before the controlled words, which "不稳定", "不规律服药" hold
                            r"|不稳定|不太稳定|不大稳定|不稳|波动|拒绝服药|拒绝吃药|拒服|不愿服药|不愿吃药|自行停药|擅自停药"
                            r"|停药后|不规律服药|服药不规律|吃药不规律|依从性差|不配合治疗|不配合"
                            r"|unstable|not stable|non-?compliant|non-?adherent|stopped (?:his|her|their) (?:meds|medication)"
                            r"|off (?:his|her|their) (?:meds|medication)|refus(?:es|ing) (?:meds|medication)")
# Whether the patient will take romiplostim (E13), said around its name or as the answer:
# "不想用罗米司亭", "罗米司亭我们愿意打", "可以用，不排斥".
REFUSE_WORDS = (
    "不想用", "不愿意用", "不愿用", "不肯用", "不同意使用", "不同意用", "不愿意使用", "不愿使用", "不想打", "不愿意打",
    "不肯打", "拒绝使用", "拒用", "排斥", "有顾虑", "不接受", "不想再用", "就算了", "算了", "怕打针", "不打了",
    "declines", "declined", "refuses", "refused", "does not want", "doesn't want", "won't have", "will not have",
    "unwilling to have", "not willing to have", "won't take", "will not take", "said no to", "has said no to",
    "refusing", "declining",
)
ACCEPT_WORDS = (
    "愿意用", "愿意打", "愿意使用", "同意使用", "同意接受", "接受", "可以用", "能用", "不排斥", "不抗拒", "愿意接受",
    "可以打",
    "would accept", "accepts", "accepted", "happy to receive", "happy to have", "happy to take", "ok with", "okay with",
    "agreeable to", "fine with", "fine with the injections", "fine with the injection",
    "agreed in principle to", "willing to receive", "willing to have", "willing to take", "happy with",
    # keen: "he's keen on the romiplostim", "keen to have it", "all for it"
    "keen on", "keen for", "keen to have", "keen to try", "keen to take", "keen to receive", "eager to try",
    "happy to try", "happy to go ahead with", "all for", "up for", "fine to have", "ok to have", "okay to have",
)
# ... said as a verb of will and one of taking it ("患者同意用药", "愿意打", "不同意用药"): token
# patterns, so that the segmenter's dictionary does not grow.
_WILL = ["同意", "愿意", "答应", "肯"]
_TAKE = ["用药", "用", "打", "使用", "打针", "试", "试试", "尝试", "接受"]
_WILL_TAKE = [w + t for w in _WILL for t in _TAKE]  # kept whole by the segmenter ("同意用|药")
_NOT_WILLING = ["不", "不太", "不大"]  # (not "未同意": not yet agreed, "暂未同意使用，考虑中", is no refusal)
ACCEPT_PATTERNS: tuple[list[dict[str, Any]], ...] = ([{"TEXT": {"IN": _WILL}}, {"TEXT": {"IN": _TAKE}}], [{"TEXT": {"IN": _WILL_TAKE}}, {"TEXT": "药", "OP": "?"}])
REFUSE_PATTERNS: tuple[list[dict[str, Any]], ...] = ([{"TEXT": {"IN": _NOT_WILLING}}, {"TEXT": {"IN": _WILL}}, {"TEXT": {"IN": _TAKE}}],
                   [{"TEXT": {"IN": _NOT_WILLING}}, {"TEXT": {"IN": _WILL_TAKE}}, {"TEXT": "药", "OP": "?"}],
                   [{"TEXT": {"IN": [n + w for n in _NOT_WILLING for w in _WILL_TAKE]}}, {"TEXT": "药", "OP": "?"}],
                   [{"TEXT": {"IN": ["拒绝", "拒"]}}, {"TEXT": {"IN": ["用药", "使用", "打针"]}}])
ROMIPLOSTIM_NAMES = ("romiplostim", "nplate", "罗米司亭", "研究药物", "试验药物", "study drug", "trial drug")
# The leukemia's type asked or pending somewhere in the message: "还要做骨穿才能确诊是哪一型".
# A leukemia that grew out of an earlier marrow disorder ("CMML which has transformed to AML", "ET
# preceded the AML", "myelofibrosis, now in blast phase", "MDS转化AML", "后来转成白血病"): whether the
# disorder it grew from still counts for E3 is the investigator's call (tests/reading/README.md).
GREW_INTO_LEUKEMIA = (
    r"\b(?:transform\w*|progress(?:ed|ing|ion)?\s+(?:in)?to|evolv\w*|evolution|turn(?:ed|ing)?\s+(?:in)?to"
    r"|preced\w*|before\s+(?:it|the\s+\w+)\s+(?:turned|became|transformed)|blast(?:ic)?\s+(?:phase|crisis|transformation)"
    r"|secondary\s+(?:AML|ALL|acute|leuk\w*)|s-?AML|post-?(?:MDS|MPN|ET|PV|MF|CMML)|ex-?(?:MDS|MPN|ET|PV|CMML)"
    r"|aris(?:ing|en)\s+(?:from|out\s+of)|(?:AML|leuk\w*)\s+(?:from|out\s+of)\s+(?:prior\s+|previous\s+|an?\s+)?(?:MDS|MPN|CMML))\b"
    r"|转化|转变|转成|转为|转的|转了|转AML|转急|转白|进展为|进展成|进展而来|演变|继发|而来"
)
TYPE_PENDING = r"哪一型|哪种类型|什么类型|哪一类|是哪种|分型未|type (?:is )?(?:pending|unknown|not known)"
# A cause follows: "thrombocytopenia due to ITP".
CAUSE = (
    "due to", "because of", "caused by", "secondary to", "attributed to", "from", "2/2", "2/2 to", "d/t",
    "由于", "因为",
)
# Chinese puts the cause first: "脾亢引起的血小板低", "DIC所致血小板减少".
CAUSE_AFTER = ("引起", "所致", "导致", "造成", "相关", "有关")
# Low platelets after treatment, in the words of notes and families: a treatment word, then
# "after" ("IA方案后PLT 11", "化疗完血小板两万", "第二个疗程后血小板30", "吃药以后血小板降到4万"),
# or a count before treatment that has fallen ("PLT由化疗前156降至21"). Read only in a sentence
# that speaks of the platelets.
TREATMENT_WORDS = ("化疗", "方案", "疗程", "治疗", "诱导", "巩固", "用药", "吃药", "靶向", "移植", "TKI",
                   # the leukaemia drugs by name, and the courses counted ("阿扎胞苷后PLT 20", "维奈克拉+阿扎胞苷后",
                   # "中大剂量Ara-C后第12天", "二疗后血小板1.8万", "伊马替尼治疗中…所致")
                   "阿扎胞苷", "阿扎", "维奈克拉", "维奈", "地西他滨", "阿糖胞苷", "Ara-C", "柔红霉素", "伊达比星",
                   "高三尖杉酯碱", "伊马替尼", "格列卫", "达沙替尼", "尼洛替尼", "氟马替尼", "奥雷巴替尼", "砷剂", "亚砷酸",
                   "维A酸", "吉瑞替尼", "一疗", "二疗", "三疗", "四疗")
AFTER_WORDS = ("后", "以后", "之后", "完", "结束后", "完了")
PLATELET_WORDS = ("血小板", "plt", "升板",
                  # voice typing's homophones, as VALUE_LABELS has them
                  "雪小板", "血小扳", "血小版", "血小班", "学小板")
# The same in English referrals: a treatment phase ("day 18 post 7+3", "d14 hyperCVAD", "after
# cycle 2", "C3D20", "post-ind", "following induction chemotherapy") in a message that speaks of
# the platelets. Regimens and phases of leukemia treatment (regular-expression fragments):
TREATMENT_PHASES_EN = (
    "induction", "re-?induction", "consolidation", "salvage", "chemo(?:therapy)?", "cycles?", "courses?", "rounds?", "ind",
    "cons", r"C\d+",
)
TREATMENT_REGIMENS_EN = (
    r"7\+3(?:\+\w+)?", r"3\+7", r"DA(?: \d+\+\d+)?", "FLAG(?:-?Ida)?", "ida(?:rubicin)?", "cytarabine", "ara-?c",
    "HiDAC", "hyper-?CVAD", "FCR", "BR", "aza(?:citidine)?", "ven(?:etoclax)?", "aza/ven", "aza-ven",
    "venetoclax-azacitidine", "azacitidine-venetoclax", "decitabine", "CPX-351", "vyxeos", "nelarabine", "mido",
    "midostaurin", "blinatumomab", "inotuzumab", "ATRA", "arsenic", "ATO", "dasatinib", "imatinib", "ponatinib",
    "MEC", "CLAG(?:-M)?", "R-CHOP", "GO",
    # more regimens and agents as referrals name them ("post aza+ven C2", "after IA regimen d20",
    # "PLT 41 on nilotinib (TKI-induced)", "2ry to ven-aza")
    r"(?:ven|aza|dec)\w*\s*[+/-]\s*(?:ven|aza|dec)\w*", "LDAC", "IDAC", "(?-i:HA|IA|HAD|CAG|VDCLP|VDLP)(?:\s+regimen)?",
    "nilotinib", "bosutinib", "asciminib", "TKI", "ibrutinib", "acalabrutinib", "zanubrutinib", "gilteritinib",
    "quizartinib", "oral azacitidine", "treatment", "therapy",
    # antibodies and other agents of the leukaemias and lymphomas ("plt 36 attributed to obinutuzumab")
    "obinutuzumab", "rituximab", "venetoclax-obinutuzumab", "ven-obin", "clofarabine", "fludarabine",
    "daunorubicin", "mitoxantrone", "etoposide", "gemtuzumab", "ivosidenib", "enasidenib", "revumenib",
    "ziftomenib", "methotrexate", "asparaginase", "pegaspargase", "vincristine", "cyclophosphamide", "UKALL",
    "delayed intensification", "intensification", "maintenance chemo(?:therapy)?",
)
# Words before a phase that say the platelets follow it.
AFTER_TREATMENT_EN = ("post", "after", "following", "completed", "finished", "since", "s/p", "secondary to", "2ry to",
                      # since it began: "plt 24 since starting decitabine", "low since commencing ven-aza"
                      r"since (?:starting|commencing|beginning|the start of)", r"after (?:starting|commencing)",
                      "2/2", "due to", "because of", "caused by", "related to", "from", "attributed to",
                      r"attribute (?:this|it|them) to", "explained by", "in keeping with", "consistent with")
FALLEN_WORDS = ("降至", "降到", "掉到", "跌到", "下降到", "下降至", "掉了", "降了")

# "Only 8", "nothing else": the rest of the checklist is no.
ONLY = (
    "only", "just", "nothing else", "none else",
    "只有", "仅", "仅有",
)
# Words that put another blood disorder beside the leukemia rather than make it the diagnosis
# ("合并MDS", "ITP病史5年", "他还有骨髓瘤", "known ET").
BESIDE_THE_DIAGNOSIS = (
    "concurrent", "coexisting", "co-existing", "background of", "also", "as well", "known", "history of", "h/o",
    "hx of",
    "合并", "病史", "史", "伴", "伴有", "还有", "也有", "曾有", "有过",
)  # and the PAST words below ("既往ITP", "以前就有紫癜")
# A confirming test named with what it showed: "骨髓病理：急性髓系白血病", "外院骨髓涂片诊断".
# (nothing between that says not yet: "骨髓尚未复查确诊", "骨穿还没做", "骨髓待送检确诊")
TEST_SHOWED = r"(?:(?!未|没|不|待|尚|拟|无|要|需)[^,;.]){0,8}?(?:诊断|确诊|证实|提示|示|:|报告|都做了|做了)"
# Panels that test HIV, hepatitis B and C (and syphilis) together: "术前四项均阴性" says no to
# both E8 and E9; pending, it leaves both not known.
INFECTION_PANELS = (
    "术前四项", "传染病四项", "感染四项", "感染八项", "输血前四项", "输血前检查", "传染病筛查", "传染病八项",
    "乙肝丙肝艾滋梅毒",
    # the panel's other names (its "输血" is the transfusion it comes before, no bleed)
    "输血前八项", "输血前九项", "输血前全套", "术前八项", "术前九项", "术前全套", "感染性疾病筛查", "传染病检查",
    "感染筛查", "术前免疫", "输血前免疫",
    # a family's words for the panel, pointed at ("那几个传染病的都查了，都没有"; not a bare 传染病, as in 传染病史)
    "那几个传染病", "那些传染病", "传染病那些", "传染病那几项", "传染病那几个", "传染病那几样", "传染病几项",
    "传染病的那些", "几个传染病",
)
# The tests that confirm a leukemia: pending, planned or not done, the diagnosis is not confirmed
# ("骨髓结果还没出来", "拟行骨穿", "还没做骨穿", "BM pending").
DIAGNOSTIC_TESTS = (
    "bone marrow", "marrow", "bm", "bmat", "bone marrow biopsy", "bone marrow aspirate", "marrow biopsy", "trephine",
    "aspirate and trephine", "bone marrow aspirate and trephine", "flow cytometry", "immunophenotyping",
    "骨穿", "骨髓穿刺", "骨髓活检", "骨髓病理", "骨髓结果", "骨髓检查", "骨髓报告", "骨髓", "流式", "流式细胞",
    "免疫分型", "融合基因", "骨髓细胞学",
)


# ---- the criteria's terms, by fact key (CONTRACT.md) ---------------------------------------------

@dataclass(frozen=True)
class Terms:
    """The words of one fact. How each is read (context, time window) is prescreen.reading.extract's."""

    yes: tuple[str, ...] = ()  # phrases stating the fact is true (any case)
    no: tuple[str, ...] = ()  # phrases stating it is false
    cased: tuple[str, ...] = ()  # abbreviations stating it is true, exactly as written
    weak_yes: tuple[str, ...] = ()  # generic words that count only in context
    weak_no: tuple[str, ...] = ()
    # phrases that speak of the fact but leave it open ("wants to think about it"): not known,
    # whatever else the message says of it
    open: tuple[str, ...] = ()
    # phrases that may mean it and may not ("cardiac stent": for an MI?): not known, unless
    # something else in the message settles it ("3年前心梗，行PCI术")
    maybe: tuple[str, ...] = ()


TERMS: dict[str, Terms] = {
    "diagnosis_confirmed": Terms(
        yes=(
            "bone marrow confirmed", "marrow confirmed", "marrow-confirmed", "marrow proven", "marrow-proven",
            "diagnosed on bone marrow", "diagnosed on marrow", "diagnosed on flow", "diagnosed on flow cytometry",
            "diagnosed on biopsy", "on bm bx", "bm bx", "bm conf", "bm confirmed", "bm-proven", "bm proven",
            "flow cytometry confirms", "pathology confirms", "marrow confirms", "biopsy confirms", "flow c/w",
            "biopsy proven", "biopsy-proven", "biopsy confirmed", "biopsy-confirmed", "flow confirmed",
            "flow-confirmed", "confirmed by bone marrow", "confirmed by marrow", "confirmed by biopsy",
            "confirmed by flow", "confirmed on marrow", "confirmed on biopsy", "histologically confirmed",
            "pathologically confirmed", "confirmed diagnosis",
            "骨穿确诊", "骨髓穿刺确诊", "骨髓确诊", "病理确诊", "已确诊",
            # the marrow's tests said to support it, and flow on the marrow in keeping: "形态+免疫分型都支持",
            # "Flow on marrow c/w AML"
            "免疫分型都支持", "免疫分型支持", "形态+免疫分型都支持", "形态和免疫分型都支持", "形态学支持", "骨穿结果支持",
            "骨髓结果支持", "骨髓支持", "flow on marrow c/w", "marrow c/w", "marrow consistent with", "flow consistent with",
            "marrow in keeping with", "flow in keeping with",
        ),
        # false only when said definitely: the tests were done and did not confirm it
        no=(
            "not confirmed", "unconfirmed", "not been confirmed", "未确诊", "没确诊", "没有确诊", "未能确诊", "骨髓未见白血病", "未见白血病", "不支持白血病",
        ),
        # a pending confirmation is not known, never a "no" (the lead's rule for issue 15): the
        # marrow may yet confirm it
        open=(
            "not yet confirmed", "not yet been confirmed", "to confirm", "marrow booked", "bm booked",
            # "not confirmed yet, bone marrow result not out": the no is a pending one
            "not confirmed yet", "not confirmed as yet", "marrow result not out", "bone marrow result not out",
            "result not out", "results not out", "not out yet",
            "booked for marrow", "booked for bm", "marrow planned", "planned marrow", "bm planned", "awaiting bm",
            "bm pending", "awaiting flow", "flow pending", "pending flow", "awaiting marrow", "awaiting bone marrow", "awaiting biopsy",
            "pending biopsy", "pending marrow", "biopsy pending", "marrow pending", "still awaiting", "awaiting the marrow",
            "待确诊", "尚未确诊", "待骨髓确诊", "待骨穿确诊", "才能确诊", "才可确诊", "才能明确", "以明确诊断", "以确诊", "确诊后再",
            "骨穿结果未出", "骨髓结果未出", "还没确诊", "还没有确诊", "暂未确诊", "还未确诊",
            # the grounds not seen, or the confirmation still to come ("未见骨髓报告，确诊依据待补充",
            # "医生说要确诊还得等几天")
            "确诊依据待补充", "确诊依据不足", "依据不足", "未见骨髓报告", "没见到骨髓报告", "无骨髓报告", "骨髓报告未见",
            "要确诊", "确诊还得", "确诊还要", "才能确定", "还不能确诊", "不能确诊", "尚不能确诊", "无法确诊",
        ),
        weak_yes=(
            "confirmed", "confirm", "proven",
            "确诊",
        ),
        # "suspected AML": the diagnosis is not known; it says nothing of a confirmation (decided
        # for issue 15: diagnosis_confirmed is false only when the text says it was not confirmed;
        # awaiting / pending / planned is not known)
    ),
    "thrombocytopenia_due_to_treatment": Terms(
        yes=(
            "post-induction", "post induction", "after induction", "after chemo", "after chemotherapy",
            "post-chemo", "post chemo", "post-chemotherapy", "post chemotherapy", "chemo-induced", "chemo induced",
            "chemotherapy-induced", "chemotherapy induced", "treatment-induced", "treatment induced",
            "therapy-induced", "due to chemo", "due to chemotherapy", "from chemo", "from chemotherapy",
            "caused by chemo", "caused by chemotherapy", "after consolidation", "post-consolidation",
            "post consolidation", "after treatment",
            "化疗后", "化疗引起", "化疗所致", "化疗相关", "诱导后", "巩固后",
            "化疗导致", "化疗造成", "化疗的原因", "因为化疗", "由于化疗", "化疗打的", "化疗引起的", "化疗导致的",
            "secondary to chemotherapy", "secondary to chemo", "chemo effect", "chemotherapy effect", "chemo-related",
            "chemo related", "chemotherapy-related", "chemotherapy related", "related to chemo", "related to the chemo",
            "related to chemotherapy", "knocked his platelets down", "knocked her platelets down",
            "knocked the platelets down", "knocked her platelets right down", "knocked his platelets right down",
            "化疗打下来", "骨髓抑制", "化疗后骨髓抑制",
            # not "therapy-related AML", a kind of leukemia: with the low platelets named
            "tx-related thrombocytopenia", "treatment-related thrombocytopenia", "treatment related thrombocytopenia",
            "therapy-related thrombocytopenia", "chemo nadir", "post-chemo nadir", "because of the chemo",
            "because of chemo", "because of the chemotherapy", "2/2 chemo", "2/2 chemotherapy",
            # the chemo one cause among others ("血小板低不光是化疗的原因 还有脾大")
            "不光是化疗", "不只是化疗", "不仅是化疗", "不单是化疗", "不全是化疗", "不仅仅是化疗",
        ),
        no=(
            "not from chemo", "not due to chemo", "not chemo-related", "not related to chemo",
            "unrelated to chemo", "not treatment-related", "not chemo", "not chemotherapy", "not the chemo",
            # another cause named against the treatment
            "rather than the treatment", "rather than the chemotherapy", "rather than the chemo",
            "rather than treatment", "rather than chemo", "than to the chemotherapy", "than to the chemo",
            "than to the treatment", "predate any treatment", "predates any treatment", "predate treatment",
            "predates treatment", "predated treatment", "present since diagnosis", "since diagnosis", "marrow infiltration",
            "reflects the disease", "disease-related", "due to the disease", "due to disease",
            # low before any treatment, or no treatment yet ("Thrombocytopenia predates any chemotherapy",
            # "PLT 33, no chemo yet"; not "not yet treated", said of a hepatitis too)
            "predates any chemotherapy", "predates any chemo", "predates all treatment", "predates chemotherapy",
            "predates chemo", "predated chemo", "predated chemotherapy", "no chemo yet", "no treatment yet", "treatment-naive",
            "treatment naive", "disease-driven", "disease driven", "rather than to treatment",
            "rather than to the treatment", "rather than drug", "rather than the drug",
            "与化疗无关", "非化疗", "跟化疗关系不大", "和化疗关系不大", "与化疗关系不大", "跟化疗没关系",
            "和化疗没关系", "不是化疗引起", "不是化疗导致",
            # another cause named, then "not the chemo" ("主要是感染引起的，不是化疗")
            "不是化疗", "不是因为化疗", "并非化疗", "不是化疗的原因", "不是化疗的问题", "不是化疗打的", "不是化疗造成",
            "跟化疗无关", "和化疗无关", "与治疗无关", "跟化疗没有关系", "和化疗没有关系",
        ),
        cased=(
            "CTIT", "CIT",
        ),
    ),
    "childbearing_potential": Terms(
        yes=(
            "of childbearing potential", "childbearing potential", "premenopausal", "pre-menopausal",
            "could become pregnant", "can get pregnant", "still having periods", "still has periods",
            "still menstruating", "regular periods", "still gets periods", "periods regular", "cycles regular",
            "regular cycles", "perimenopausal", "peri-menopausal", "periods still regular",
            "periods are still regular", "periods are regular", "still getting my periods", "still getting her periods",
            "still gets her periods", "围绝经期", "月经紊乱", "月经不规律", "月经不太规律",
            "周期规律",
            "育龄", "未绝经", "有生育可能", "月经正常", "月经规律", "还来月经", "有月经",
            # periods still coming, in a family's words ("月经还来", "例假一直很准", "这个月例假推迟了")
            *(f"{p}{w}" for p in ("月经", "例假", "大姨妈") for w in (
                "还来", "还有", "还正常", "还挺准", "很准", "一直很准", "挺准", "准的", "很规律", "一直很规律", "挺规律",
                "规律", "正常",
                "推迟", "推迟了", "晚了", "还没停", "没停", "没断") if f"{p}{w}" not in ("月经正常", "月经规律")),
            "还来例假", "还有例假", "例假还来着", "月经还来着", "还在来月经", "还在来例假",
        ),
        no=(
            "postmenopausal", "post-menopausal", "menopause", "hysterectomy", "sterilised", "sterilized",
            "tubal ligation", "oophorectomy", "infertile", "post menopausal", "menopausal", "tah", "tah-bso",
            "tah bso", "tah+bso", "tahbso", "tah/bso", "periods stopped", "periods have stopped", "bso",
            "bilateral oophorectomy", "too old to get pregnant", "past childbearing",
            "salpingectomy", "bilateral salpingectomy", "not had a period for years", "no periods for years",
            "no period for years", "pregnancy is not a consideration", "went through the change",
            "long past all that", "past all that", "no babies", "too old for babies", "well past it",
            "been through the change", "tubes tied", "too old", "vasectomy", "bilateral tubal ligation",
            "没有生育能力", "btl",
            "绝经", "已绝经", "子宫切除", "绝育", "无生育可能", "没有生育可能", "不能生育", "不会生育",
            "无生育能力", "停经", "不来月经", "没有月经", "绝经了",
            "早就绝经", "上了年纪", "结扎", "输卵管结扎", "做过结扎", "子宫切了", "切了子宫", "不可能怀孕",
            "子宫全切", "全子宫切除", "子宫切除术",
            "不会怀孕", "不能怀孕", "怀不了",
            # the womb removed, said in more words ("子宫早就切了"); pregnancy ruled out as a question
            # ("怎么可能怀孕")
            "子宫早就切了", "子宫早切了", "子宫已经切了", "子宫切掉了", "子宫拿掉了", "子宫摘了", "子宫摘除", "切除子宫",
            "切掉子宫", "拿掉子宫", "子宫全切了", "做了子宫切除",
            "怎么可能怀孕", "哪可能怀孕", "哪能怀孕", "怎么会怀孕", "不会怀孕了", "怀不了孕", "不可能怀孕了",
            "不可能再怀孕", "不涉及妊娠", "不涉及妊娠问题", "不涉及生育", "无妊娠可能", "不存在妊娠可能", "早就没月经了", "早没月经了", "月经早就停了", "早就不来月经了", "例假早就没了", "早就断经了",
        ),
        cased=(
            "WOCBP", "CBP",
        ),
        # whether she can conceive, left to be assessed: "化疗后月经紊乱，生育能力待评估"
        open=(
            *(f"{w}{p}" for w in ("生育能力", "有无生育能力", "是否有生育能力", "生育可能", "绝经状态", "绝经与否",
                                  "末次月经", "月经情况")
              for p in ("待评估", "待定", "不详", "不明", "未评估", "尚未评估", "不确定", "有待评估", "不清楚", "记不清",
                        "不记得")),
            # periods that stopped with the chemo, or came back after the menopause: "还没绝经，不过化疗以后月经就没来过了",
            # "绝经了，不过上个月又来了一次" — whether she can conceive is not settled
            *(f"{a}{w}" for a in ("化疗以后", "化疗后", "化疗之后", "化疗完", "治疗后") for w in (
                "月经就没来过了", "月经就没来了", "月经没来过", "月经没来", "月经就没来", "就没来过月经", "停经", "闭经",
                "月经停了", "没来月经", "不来月经", "月经就停了")),
            "又来了一次", "又来过一次", "月经又来了", "又来月经了", "又来了月经", "又见红了",
            # the same in English: periods stopped (or went irregular) with the chemo ("periods stopped with the
            # chemo", "amenorrhoeic since chemo"), and a menopause not (yet) formally made ("not formally menopausal")
            *(f"{w} {c}" for w in ("periods stopped", "periods have stopped", "periods stopped with", "periods irregular",
                                   "periods have been irregular", "no periods", "no period", "not had a period",
                                   "hasn't had a period", "periods stopped during", "periods stopped after",
                                   "periods stopped since", "amenorrhoeic", "amenorrheic", "amenorrhoea", "amenorrhea")
              for c in ("with chemo", "with the chemo", "since chemo", "since the chemo", "after chemo", "after the chemo",
                        "during chemo", "on chemo", "with chemotherapy", "since chemotherapy", "after chemotherapy",
                        "with treatment", "since treatment", "since starting chemo")),
            "chemo-induced amenorrhoea", "chemo-induced amenorrhea", "chemotherapy-induced amenorrhoea",
            "chemotherapy-induced amenorrhea", "chemo induced amenorrhoea", "chemo induced amenorrhea",
            *(f"not {a}{m}" for a in ("formally ", "yet ", "yet formally ", "officially ", "confirmed ", "definitely ",
                                      "clearly ")
              for m in ("menopausal", "postmenopausal", "post-menopausal", "post menopausal")),
            "menopausal status unclear", "menopausal status unknown", "menopausal status uncertain",
            "menopausal status not known", "menopausal status tbc", "menopause status unclear",
            "if that's menopause", "if it's menopause", "whether it's menopause", "whether that's menopause",
        ),
    ),
    "contraception_agreed": Terms(
        open=(
            "discuss contraception", "contraception not d/w", "contraception not yet d/w", "contraception not d/w yet",
            "will discuss this before", "contraception to be discussed", "declined to commit", "wants to discuss",
            "discuss with husband", "discuss with her husband", "discuss with his wife", "discuss with partner",
            "discuss with her partner", "discuss with his partner",
            # used, but not reliably: whether she will keep to it is not said ("on the pill but misses a lot of doses")
            "misses doses", "misses a lot of doses", "misses a few doses", "misses pills", "misses the pill",
            "misses her pill", "misses her pills", "forgets the pill", "forgets her pill", "forgets her pills",
            "forgets to take", "not reliable", "unreliable", "not very reliable", "not always reliable",
            "she'd be reliable", "he'd be reliable", "not consistently", "inconsistently", "not every time",
            # reluctance, not a refusal: "not keen on contraception"
            "not keen on contraception", "not keen on the pill", "not keen on using contraception",
            "reluctant to use contraception", "reluctant about contraception", "hesitant about contraception",
        ),
        yes=(
            "agrees to contraception", "agree to contraception", "agreed to contraception",
            "agrees to use contraception", "will use contraception", "using contraception", "uses contraception",
            "on contraception", "will use condoms", "uses condoms", "on birth control", "on the pill", "abstinent",
            "abstinence",
            # a device or a prescription named is one in use ("Mirena", "Cu-IUD", "on OCPs", "combined pill")
            "mirena", "copper iud", "cu-iud", "cu iud", "copper coil", "nexplanon", "contraceptive implant",
            "depo-provera", "combined pill", "ocps", "on ocp", "cocp", "on cocp", "uses cocp", "progesterone-only pill",
            "同意避孕", "会避孕", "采取避孕", "戴套", "上了环", "上环了", "上环", "带环", "宫内节育器", "节育器在位",
            "采取可靠避孕措施", "采取避孕措施", "可靠避孕", "研究期间避孕", "使用避孕套", "用避孕套", "试验期间避孕",
            "打算用避孕套", "准备用避孕套", "会用避孕套",
            # abstinence in a family's words ("试验期间都不同房")
            "不同房", "都不同房", "不过性生活", "不会同房", "分房睡", "没有性生活", "不发生性关系",
            # abstaining, protection, barrier methods, a sterilisation (his or hers): "will abstain for the
            # study", "fine with using protection", "double barrier method", "Vasectomy 2010"
            "will abstain", "abstain", "abstaining", "using protection", "use protection", "will use protection",
            "barrier method", "barrier methods", "double barrier", "double-barrier", "vasectomy", "vasectomised",
            "vasectomized", "had the snip", "输精管结扎",
        ),
        no=(
            "refuses contraception", "declines contraception", "won't use contraception",
            "unwilling to use any form of contraception", "unwilling to use contraception",
            "not willing to use contraception", "not willing to use any contraception",
            "will not use contraception", "does not agree to contraception", "doesn't agree to contraception",
            "拒绝避孕", "不同意避孕", "不愿意避孕", "不想避孕", "不肯避孕", "不愿避孕",
            # trying for a baby: "says they're trying for a baby", "want to try for a baby"
            "trying for a baby", "try for a baby", "trying to conceive", "trying to get pregnant", "want a baby",
            "wants a baby", "planning a pregnancy", "planning pregnancy", "想要孩子", "准备要孩子", "打算要孩子",
            "在备孕", "备孕", "想要二胎", "还想要二胎", "想要三胎",
        ),
        cased=(
            "IUD",
        ),
        # A method named with nothing said of it ("male or female condoms") is no answer; with
        # a word that says how ("uses", "declines", "on", "in situ") it is.
        weak_yes=(
            "condoms", "condom", "coil", "ius", "iud",
            "oral contraceptive", "ocp", "contraception", "contraceptive", "the pill",
            "避孕", "避孕套", "安全套", "节育环", "避孕药", "禁欲",
        ),
    ),
    "willing_to_consent": Terms(
        open=(
            "think about it", "think about the study", "think about the trial", "time to think", "thinking about it",
            "haven't decided", "hasn't decided", "has not decided", "have not decided", "not decided", "undecided",
            "not yet decided", "talk as a family", "discuss the trial with", "discuss the study with",
            "study has not yet been discussed", "trial has not yet been discussed", "not yet approached",
            "not been approached", "yet to be approached", "consent not yet d/w", "consent not d/w", "consent pending",
            "in two minds", "considering the trial", "considering the study", "will let us know",
            # to be told about it is not yet to take part
            "happy to be approached", "happy to be contacted", "maybe later",
            "patient not yet asked", "not been asked", "还在考虑", "在考虑", "还没表态", "没表态", "还没决定",
            # hesitating, one of them against, not signed yet: "我婆婆自己还有点犹豫说要再想想", "患者愿意，但配偶反对，暂未签字"
            "犹豫", "有点犹豫", "还有点犹豫", "还在犹豫", "再想想", "要再想想", "想一想", "再考虑一下", "没想好", "还没想好",
            "拿不定主意", "拿不准主意", "下不了决心", "没拿定主意", "配偶反对", "家属反对", "老伴反对", "家里人反对",
            "家人反对", "暂未签字", "还没签字", "尚未签字", "猶豫",
            "想想再说", "考虑考虑", "再考虑考虑", "还要考虑",
            # consent not yet given is not consent refused: "Not yet consented", "yet to consent", "未签知情同意"
            "not yet consented", "not consented yet", "hasn't consented yet", "has not consented yet",
            "has not yet consented", "hasn't yet consented", "yet to consent", "yet to be consented",
            "not yet signed", "not signed yet", "yet to sign", "consent not yet obtained", "consent not yet taken",
            "not yet signed consent", "not yet signed the consent", "consent to follow", "consent tbc",
            "尚未签知情同意", "还没签知情同意", "未签知情同意", "暂未签知情同意", "知情同意未签", "知情同意还没签",
        ),
        yes=(
            "willing to consent", "willing to participate", "agrees to participate", "agreed to participate",
            "will sign consent", "will sign the consent", "happy to participate", "happy to consent",
            "wants to participate", "wants to join", "consented", "keen to take part", "keen to participate",
            "keen on the trial", "keen for the trial", "happy to take part", "willing to take part",
            "wants to take part", "agrees to take part", "agreed to take part",
            "interested in the trial", "interested in taking part",
            "interested in participating", "would like to take part", "would like to participate",
            "signed the consent form", "signed consent", "signed the consent", "signed the consent forms",
            "wants to go ahead", "wants to go ahead with the study", "keen to go ahead", "happy to go ahead",
            "agreeable to study", "agreeable to the study", "agreeable to trial", "agreeable to the trial",
            "to trial participation", "signed icf", "signed the icf", "icf signed", "consent signed",
            "wants to be in the trial", "want to be in the trial", "happy to be in the trial", "keen to be in the trial",
            "signed the form", "ok to do it", "okay to do it", "happy to do it", "up for the trial", "up for it",
            "keen for trial", "keen for the study", "keen on the study", "keen to join", "happy to join",
            # more ways a referral or a family says yes ("Wants to go on the trial", "eager to enroll",
            # "Consent taken by Dr Li", "has given verbal assent", "yes he's happy to sign")
            "wants to go on the trial", "wants to go on the study", "wants to enroll", "wants to enrol",
            "eager to enroll", "eager to enrol", "eager to take part", "eager to participate", "eager to join",
            "want to join the study", "wants to join the study", "want to join the trial", "wants to join the trial",
            "happy to sign", "happy to sign up", "happy to sign the consent", "keen to sign", "he'll sign",
            "she'll sign", "will sign tomorrow", "consent taken", "consent obtained", "consent form signed",
            "agreed in principle", "agrees in principle", "both in agreement", "verbal assent", "given verbal consent",
            "happy to do the trial", "happy to do the study", "wants to do the trial", "wants to do the study",
            "we'll do it", "we will do it", "pt is interested", "patient is interested", "pt interested",
            "pt keen", "patient keen", "pt is keen", "patient is keen",
            "愿意参加", "同意参加", "愿意签署知情同意", "同意签署", "同意入组", "愿意入组", "想参加", "愿意试试",
            "想试试", "愿意加入", "同意加入", "愿意参与",
            "同意参与", "已签署知情同意", "签署知情同意书", "签了知情同意", "已签知情同意", "自己也愿意", "本人愿意",
            "他自己愿意", "她自己愿意", "很想试试",
            # the family behind it: "家里人都支持"
            "家里人都支持", "家里都支持", "全家都支持", "家属都支持", "家里人支持", "我们都支持",
            # yes in principle, the form to be signed: "he said yes in principle", "he will sign at baseline"
            "yes in principle", "said yes in principle", "in principle yes", "consent was taken", "he will sign",
            "she will sign", "will sign", "in agreement with the study", "in agreement with the trial",
            "原则上同意", "已经签字了", "愿意签字", "同意签字",
        ),
        no=(
            "won't consent", "will not consent", "refuses to participate", "refuses consent",
            "declines to participate", "not willing", "unwilling", "doesn't want to participate",
            "does not want to participate", "declines to take part", "declined to take part", "not keen",
            "does not wish to take part", "doesn't want to take part", "refuses to take part",
            "declines the trial", "declined the trial", "declines trial participation",
            "declined trial participation", "declines trial", "declined trial", "declines research",
            "declines clinical trial participation", "declined clinical trial participation",
            "declined research", "declines any further research", "declines any research", "declines the study",
            "declined the study", "declines any further research studies", "does not want to be part of",
            "doesn't want to be part of", "would rather not take part", "would rather not participate",
            "no longer wishes to take part", "no longer wants to take part", "no longer wishes to participate",
            "changed her mind", "changed his mind", "not interested in the trial", "not interested in the study",
            "said no to any trials", "said no to the trial", "said no to the study", "said no to trials",
            "has said no", "don't want him in any research", "don't want her in any research",
            "doesn't want any trials", "does not want any trials", "doesn't want any research",
            "withdrawn her agreement", "withdrawn his agreement", "withdrawn consent", "withdrew consent",
            "withdrawn from the study", "withdrew from the study", "does not want to be in", "doesn't want to be in",
            "don't want to be in", "wants standard care only", "standard care only", "not keen on research",
            # "we'd rather he wasn't a guinea pig", "not interested in any trials", "absolutely not to the study"
            "guinea pig", "not interested in any trials", "not interested in trials", "not interested in any trial",
            "not interested in research", "absolutely not to the study", "absolutely not to the trial",
            "no to the study", "no to the trial", "refused the trial", "refused the study", "refuses the trial",
            "refuses the study", "and the study", "we would rather not", "we'd rather not",
            "不愿意参加", "拒绝参加", "不同意参加", "不想参加", "不参加", "拒绝入组", "不愿入组", "不想入组",
            "不想再折腾", "不想折腾", "不想再试新药", "不想试新药", "不想再试", "不愿意当小白鼠", "不想当小白鼠",
            "不太愿意当小白鼠", "不愿当小白鼠", "当小白鼠",
            # not interested, rather not, a guinea pig: "she's not interested in any trials", "we would rather
            # not", "we'd rather he wasn't a guinea pig"
            "not interested in any research", "not interested in any studies",
            "would rather not", "i'd rather not", "he'd rather not", "she'd rather not", "rather not", "a guinea pig",
            "lab rat",
            "不想当白老鼠", "当白老鼠", "不感兴趣",
        ),
        weak_yes=(
            "willing", "agrees",
            "愿意", "同意",
            # signed, as the answer ("已签")
            "已签", "签了", "已经签了", "签好了", "已签字", "签字了", "字签了", "字已经签了",
        ),
    ),
    "pregnant_or_breastfeeding": Terms(
        yes=(
            "pregnant", "pregnancy", "pregnancy test", "urine hcg", "serum hcg", "beta hcg", "β-hcg", "hcg",
            "breastfeeding", "breast-feeding", "breast feeding", "lactating", "bhcg", "b-hcg", "βhcg", "serum bhcg",
            "urine bhcg", "b/feeding", "expressing breast milk", "expressing milk",
            # the test said with its sample: "they did a pregnancy blood test this morning"
            "pregnancy blood test", "blood pregnancy test", "serum pregnancy test", "urine pregnancy test",
            "pregnancy bloods", "pregnancy tests",
            "尿hcg", "血hcg", "妊娠试验", "怀孕", "妊娠", "哺乳", "哺乳期", "孕妇", "孕", "喂奶", "在喂奶", "母乳喂养",
            "喂母乳", "还在喂母乳", "吃母乳", "吃奶",
        ),
    ),
    "romiplostim_hypersensitivity": Terms(
        yes=(
            "allergic to romiplostim", "allergy to romiplostim", "romiplostim allergy",
            "hypersensitivity to romiplostim", "hypersensitive to romiplostim", "romiplostim hypersensitivity",
            "reaction to romiplostim", "allergic to nplate", "nplate allergy", "hypersensitivity to nplate",
            "罗米司亭过敏", "对罗米司亭过敏",
            "anaphylaxis to romiplostim", "anaphylaxis to nplate", "allergies: romiplostim", "allergies: nplate",
            "allergy: romiplostim", "allergy: nplate",
        ),
        no=(
            "no known drug allergies", "no known allergies", "no drug allergies", "no allergies", "nkda",
            "no other known drug allergies", "no other drug allergies", "no other allergies", "not allergic to anything",
            "否认药物及食物过敏史", "否认药物及食物过敏",
            "无药物过敏", "无过敏", "无已知药物及食物过敏", "无已知药物过敏", "否认药物过敏史", "否认药物过敏",
            "没什么过敏", "啥药都能用", "无过敏反应",
            "没有什么过敏", "没有啥过敏", "啥都不过敏", "什么都不过敏", "没什么过敏的", "没有什么过敏的",
            # romiplostim named as not an allergen ("对罗米司亭无过敏"): no use of it said
            "对罗米司亭无过敏", "对罗米司亭不过敏", "对罗米司亭没有过敏", "罗米司亭无过敏", "罗米司亭不过敏",
            "对罗米司亭无过敏史", "not allergic to romiplostim", "no allergy to romiplostim", "not allergic to nplate",
            "no allergy to nplate",
            # given before and no reaction then ("No reaction to previous Nplate", "tolerated romiplostim well")
            *(f"{no} {pre}{drug}" for no in ("no reaction to", "no reactions to", "no allergic reaction to",
                                              "no problems with", "tolerated", "tolerated it -")
              for pre in ("", "previous ", "prior ", "the ", "his ", "her ") for drug in ("romiplostim", "nplate")
              if no != "tolerated it -" or not pre),
            # no drug at all, or none other than one named ("青霉素过敏，否认其他药物过敏")
            "什么药都不过敏", "对什么药都不过敏", "啥药都不过敏", "对药都不过敏", "药物都不过敏", "没有药物过敏",
            "没有过敏的药", "没过敏的药", "没有过敏药", "否认其他药物过敏", "无其他药物过敏", "其他药物不过敏",
            "别的药不过敏", "其他药都不过敏", "别的药都不过敏", "否认其他过敏史", "无其他过敏史",
        ),
        # "不过敏", "没过敏": not allergic, to what the question asked (kept whole: jieba would
        # otherwise cut "不过|敏", and "不过" is "but")
        weak_no=(
            "不过敏", "没过敏", "没有过敏", "从不过敏",
        ),
        # counted beside romiplostim's name ("使用Nplate后出现过敏性休克") or as the answer
        weak_yes=(
            "过敏", "过敏性休克", "过敏反应", "严重过敏",
            # a reaction named beside the drug ("以前打罗米司亭起过一身疹子", "Nplate - came out in hives")
            "荨麻疹", "皮疹", "疹子", "一身疹子", "起疹子", "红疹", "风团", "起风团", "瘙痒", "全身痒", "喉头水肿",
            "hives", "urticaria", "anaphylaxis", "anaphylactic",
        ),
    ),
    "other_hematologic_disorder": Terms(
        # A stated MDS, myeloma, MPN, ITP... counts too: DIAGNOSES below.
        yes=(
            "other blood disorder", "other hematologic disorder", "other haematologic disorder",
            "other haematological disorder", "other hematological disorder",
            "其他血液病", "别的血液病",
            "other haematological history", "other hematological history", "other haem history",
            "other haem disorder", "other haem disorders", "haematological history",
            "hematological history", "其他血液系统疾病", "其他血液疾病",
        ),
        # a diagnosis held to be perhaps a wrong one ("外院曾诊断ITP，我院考虑可能为误诊"): whether the
        # disorder is there is not known, whatever else the message says of it
        open=(
            "误诊", "誤診", "诊断有误", "診斷有誤", "诊断错误", "診斷錯誤", "诊断存疑", "診斷存疑", "诊断有疑问",
            "診斷有疑問", "诊断可疑", "診斷可疑", "诊断不确切", "診斷不確切", "诊错", "診錯",
            "misdiagnosis", "misdiagnosed", "diagnosis doubtful", "diagnosis in doubt", "diagnosis questioned",
        ),
    ),
    "other_thrombocytopenia_cause_6mo": Terms(
        yes=(
            "liver disease", "chronic liver disease", "cirrhosis", "hypersplenism", "splenomegaly",
            "bleeding disorder", "coagulopathy", "hemophilia", "haemophilia", "von willebrand",
            "infection-related thrombocytopenia", "infection related thrombocytopenia",
            "thrombocytopenia due to infection", "heparin-induced thrombocytopenia",
            "drug-induced thrombocytopenia", "splenic sequestration", "autoimmune thrombocytopenia",
            "肝病", "慢性肝病", "肝硬化", "脾功能亢进", "脾亢", "出血性疾病", "血友病",
            "感染相关血小板减少", "感染致血小板减少", "感染导致血小板减少", "感染引起血小板减少", "感染所致血小板减少",
            "因感染出现血小板减少", "肝素诱导的血小板减少症", "肝素诱导的血小板减少",
            # the question's own words, denied ("近6个月无其他原因所致血小板减少")
            "其他原因所致血小板减少", "其他原因所致的血小板减少", "其他原因引起的血小板减少", "其他原因导致的血小板减少",
            "其他原因的血小板减少", "其他原因血小板减少", "别的原因引起的血小板低", "别的原因血小板低",
        ),
        cased=(
            "DIC", "TTP", "HIT",
        ),
        # a large spleen is not yet its overactivity (README: hypersplenism): "化疗前PLT即35左右，伴脾大" leaves
        # the cause not known, unless the message says more ("脾大、脾功能亢进")
        maybe=(
            "脾大", "脾肿大", "脾脏肿大", "脾脏大", "脾脏增大", "脾增大", "脾稍大",
        ),
    ),
    "thrombosis_history": Terms(
        # no event said in everyday words: "If he ever clots again we'd anticoagulate, but no events so far"
        no=(
            "no events so far",
        ),
        yes=(
            "pulmonary embolism", "pulmonary embolus", "thrombosis", "thrombotic", "thromboembolism", "blood clot",
            "lupus anticoagulant", "anticardiolipin", "anticardiolipin antibodies", "lacunar infarct",
            "cerebral infarct", "cerebral infarction",
            "clot", "clots", "stroke", "myocardial infarction", "anticoagulation", "anticoagulated",
            "anticoagulant", "anticoagulants", "blood thinner", "blood thinners", "warfarin", "heparin",
            "enoxaparin", "apixaban", "rivaroxaban", "dabigatran", "edoxaban", "lmwh", "lovenox", "fondaparinux",
            "thrombophilia", "factor v leiden", "antiphospholipid", "xarelto", "eliquis", "clexane", "fragmin",
            "dalteparin", "tinzaparin", "innohep", "pradaxa", "lixiana", "savaysa", "coumadin", "arixtra", "vte",
            # shorthand and the arterial events the README counts (MI, stroke)
            "apix", "riva", "enox", "doac", "doacs", "noac", "argatroban", "bivalirudin", "nstemi", "stemi",
            "heart attack", "cva", "uedvt", "fvl", "factor v leiden het", "antiphospholipid syndrome",
            # a clot named by where it sits or what it did ("LV thrombus on echo", "SMA embolus")
            "thrombus", "thrombi", "thromboembolic", "thromboembolic event", "thromboembolic events",
            "embolus", "arterial embolism", "budd-chiari", "cvst", "acute coronary syndrome",
            "clotting problem", "clotting problems", "acitrom", "acenocoumarol", "ufh", "sintrom",
            # a family's word for an anticoagulant
            "anti-clot injection", "anti-clot injections", "anti-clot jab", "anti-clot jabs", "anti-clot medicine",
            "anti-clot tablets", "anti-clot drug", "anti-clotting injections", "anti-clotting medicine",
            "血栓", "深静脉血栓", "肺栓塞", "脑梗", "脑梗死", "脑卒中", "中风", "抗凝", "华法林", "肝素",
            "低分子肝素", "利伐沙班", "阿哌沙班", "拜瑞妥",
            "艾乐妥", "克赛", "依诺肝素", "达肝素", "那屈肝素", "速碧林", "达比加群", "艾多沙班", "华法令",
            "法安明", "抗凝药", "抗凝治疗", "血栓病史", "静脉血栓", "心肌梗死", "急性心肌梗死", "心梗", "中过风",
            "脑血栓", "易栓症", "抗磷脂抗体综合征", "抗磷脂综合征", "抗磷脂抗体", "蛋白c缺乏", "蛋白s缺乏",
            "下肢静脉血栓",
            # inherited thrombophilias named by their gene or their deficient protein (E5's risk factors)
            "prothrombin mutation", "prothrombin gene mutation", "prothrombin gene variant", "prothrombin g20210a",
            "g20210a", "prothrombin 20210a", "protein c deficiency", "protein s deficiency", "antithrombin deficiency",
            "at deficiency", "at iii deficiency", "antithrombin iii deficiency", "factor v leiden heterozygous",
            "factor v leiden homozygous", "蛋白c缺乏症", "遗传性蛋白c缺乏症", "蛋白s缺乏症", "遗传性蛋白s缺乏症",
            "抗凝血酶缺乏", "凝血酶原基因突变",
        ),
        cased=(
            "DVT", "PE", "VTE", "MI", "APS", "LMWH", "ACS",
        ),
        # a transient ischaemic attack: a thrombosis? not settled by the words (as the corpus' writers read it)
        maybe=(
            "tia", "transient ischaemic attack", "transient ischemic attack", "mini stroke", "mini-stroke",
            "短暂性脑缺血发作", "stent", "stents", "coronary stent", "cardiac stent", "pci", "angioplasty", "cabg", "bypass surgery",
            "心脏支架", "支架", "冠脉支架", "放支架", "搭桥", "冠脉搭桥",
            # arterial disease treated by surgery: an event? not said ("Clopidogrel after carotid endarterectomy")
            "endarterectomy", "carotid endarterectomy", "carotid stenosis",
            # atrial fibrillation: a risk whose weight under E5 is the investigator's (anticoagulated
            # for it now is true: "on apixaban for AF"; "AF, not anticoagulated (declined)" is not known)
            "af", "afib", "a-fib", "a fib", "atrial fibrillation", "paroxysmal af", "persistent af", "permanent af",
            "atrial flutter", "房颤", "房顫", "心房颤动",
        ),
    ),
    "severe_bleeding_2wk": Terms(
        yes=(
            "severe bleeding", "severe bleed", "major bleeding", "major bleed", "massive bleeding",
            "serious bleeding", "significant bleeding", "haemorrhage", "hemorrhage", "gi bleed", "gi bleeding",
            "gastrointestinal bleeding", "intracranial bleed", "units of rbc", "units of red cells",
            "units of prbc", "units of blood", "rbc transfusion", "red cell transfusion", "hematocrit drop",
            "haematocrit drop",
            "大出血", "严重出血", "消化道出血", "颅内出血", "脑出血", "呕血", "吐血", "便血", "输红细胞", "输了好几袋血",
            "胃出血", "上消化道出血", "下消化道出血", "胃肠道出血", "肠道出血",
            "输血",
        ),
        no=(
            "no bleeding", "no bleeds", "no significant bleeding",
            "无出血", "没有出血", "无活动性出血", "无明显出血", "仅有皮肤散在出血点", "否认出血史", "无出血史",
        ),
        # ordinary bleeding, read only with a time said ("两月前鼻出血": not within 2 weeks)
        weak_yes=(
            "pv bleed", "pv bleeding", "pr bleed", "pr bleeding",  # not polycythaemia vera's PV
            # a bleed into the brain is a bleed, not a thrombotic stroke
            "haemorrhagic stroke", "hemorrhagic stroke", "出血性中风", "出血性脑卒中",
            "出血", "出过血", "鼻出血", "流鼻血",
            "拉黑便", "解黑便", "排黑便", "黑便", "柏油样便", "柏油便", "大便发黑", "大便带血", "拉血", "尿血", "血尿",
            "咳血", "咯血", "牙龈出血", "牙出血", "皮下出血", "出血点", "瘀斑", "紫癜样",
        ),
    ),
    "tpo_agent_1mo": Terms(
        yes=(
            "eltrombopag", "promacta", "revolade", "romiplostim", "nplate", "avatrombopag", "doptelet",
            "hetrombopag", "lusutrombopag", "tpo-ra", "tpo ra", "tpo receptor agonist",
            "thrombopoietin receptor agonist", "rhtpo", "recombinant thrombopoietin",
            "recombinant human thrombopoietin", "thrombopoietin", "il-11", "il11", "interleukin 11",
            "interleukin-11", "oprelvekin", "neumega", "rh-tpo", "il 11", "mulpleta", "tavalisse", "eltro", "romi",
            "tpo-ras", "tpo agonist", "tpo agonists", "tpo mimetic", "tpo mimetics", "thrombopoietic agent",
            "thrombopoietic agents",
            "艾曲波帕", "海曲泊帕", "阿伐曲泊帕", "特比澳", "重组人血小板生成素", "血小板生成素", "白介素-11",
            "白介素11", "罗米司亭", "瑞弗兰", "苏可欣", "恒曲",
            "巨和粒", "艾曲泊帕", "阿伐曲帕", "tpo类药", "tpo类药物", "促血小板生成药", "促血小板生成药物",
            "促血小板生成素", "白介素 11", "特比澳针", "升板针",
            # the plain words for the same drugs ("近一个月是否用过升血小板药不清楚")
            "升血小板药", "升血小板的药", "升血小板药物", "升血小板针", "升板药",
            "升血小板的针", "升血小板的针剂", "升血小板的针和药", "升板的针", "升板的药", "长血小板的针", "长血小板的药",
            "提升血小板的针", "提升血小板的药", "提血小板的针", "提血小板的药", "升血小板的", "促血小板生成的药",
        ),
        cased=(
            "TPO",
        ),
    ),
    "hiv": Terms(
        yes=(
            "hiv", "hiv infection", "human immunodeficiency virus", "hiv ab", "hiv antibody", "hiv 1/2", "hiv1/2",
            "艾滋", "艾滋病", "hiv感染", "抗hiv", "抗-hiv", "hiv抗体", "人类免疫缺陷病毒", "人类免疫缺陷病毒抗体",
            "hiv 1+2", "hiv1+2", "hiv 1+2抗体", "hiv-1/2", "hiv-1", "hiv-2", "hiv1", "hiv-1+2", "hiv-1/2 ab",
            "hiv ag/ab", "hiv p24", "hiv i & ii", "hiv i and ii", "hiv i/ii", "hiv 1 & 2", "hiv 1 and 2", "hiv i+ii",
            "艾滋病毒", "艾滋病抗体",
            "爱滋", "爱滋病",  # Taiwan and Hong Kong (愛滋, read as simplified)
        ),
        cased=(
            "AIDS",
        ),
    ),
    "chronic_hepatitis": Terms(
        yes=(
            "hepatitis", "hep", "hepatitis b", "hepatitis c", "hep b", "hep c", "chb", "chronic hepatitis b", "hepb", "hepc", "hbv", "hcv",
            "chronic hepatitis", "chronic hep b", "chronic hep c", "chronic hepatitis c", "active hepatitis", "chronic active hepatitis",
            "hepatitis b virus", "hepatitis c virus", "hep b/c", "hep b and c", "hep b & c",
            "乙肝", "丙肝", "乙型肝炎", "丙型肝炎", "慢性肝炎", "肝炎", "乙丙肝", "乙肝丙肝",
            "b肝", "c肝", "b型肝炎", "c型肝炎",  # Taiwan and Hong Kong
            "慢性乙型肝炎", "慢性丙型肝炎", "慢性乙型病毒性肝炎", "慢性丙型病毒性肝炎", "慢性乙肝", "慢性丙肝",
            "乙型病毒性肝炎", "丙型病毒性肝炎", "病毒性肝炎",
        ),
        # hepatitis A and E never become chronic
        no=(
            "甲肝", "甲型肝炎", "戊肝", "戊型肝炎",
        ),
    ),
    "severe_comorbidity": Terms(
        yes=(
            "sepsis", "septic", "septic shock", "severe infection", "serious infection", "uncontrolled infection",
            "active infection", "heart failure", "cardiac failure", "nyha iii", "nyha iv", "nyha class iii",
            "nyha class iv", "renal failure", "kidney failure", "dialysis", "respiratory failure", "liver failure",
            "hepatic failure", "organ failure", "uncontrolled diabetes", "severe comorbidity",
            "serious comorbidity", "serious comorbidities",
            # invasive fungal infection, organ failure in shorthand
            "candidaemia", "candidemia", "invasive fungal infection", "ifi", "aspergillosis", "invasive aspergillosis",
            "mucormycosis", "home oxygen", "home o2", "ltot", "haemodialysis", "hemodialysis", "hd dependent",
            "on hd", "child-pugh c", "child pugh c",
            "ckd stage 4", "ckd stage 5", "ckd 4", "ckd 5", "ckd4", "ckd5", "chronic kidney disease stage 4",
            "chronic kidney disease stage 5", "severe lv dysfunction", "severe lvsd", "bad heart", "hfref",
            "child-pugh b", "child pugh b", "decompensated liver disease",
            "acute kidney injury", "aki on ckd",
            "heart failure with reduced ejection fraction", "esrf", "eskd", "end-stage renal", "end stage renal",
            "end-stage kidney", "end stage kidney",
            "decompensated cirrhosis", "decomp cirrhosis", "severe comorbidities", "significant comorbidities",
            # support for a failing organ, and infections in the blood ("intubated", "on NIV for type 2 resp
            # failure", "on a breathing machine", "Klebsiella bacteraemia, still on meropenem")
            "mechanically ventilated", "on the ventilator",
            "on a breathing machine", "mechanical ventilation", "resp failure",
            "type 2 resp failure", "type 1 resp failure", "bacteraemia", "bacteremia", "cardiomyopathy",
            "requiring icu", "requiring itu", "on noradrenaline", "on norepinephrine", "neutropenic sepsis",
            "慢性肾脏病4期", "慢性肾脏病5期", "严重合并症", "严重并发症",
            "严重感染", "脓毒症", "败血症", "感染性休克", "心衰", "心力衰竭", "肾衰", "肾衰竭", "透析", "呼吸衰竭",
            "肝衰竭", "重症肺炎", "重症感染", "肝功能衰竭", "肾功能衰竭", "心功能衰竭", "酮症酸中毒", "糖尿病酮症酸中毒",
            "在icu", "住icu", "进了icu", "感染挺重", "感染很重", "感染严重", "功能不全", "心功能iii级", "心功能iv级",
            "心功能3级", "心功能4级",
            # the organs named together ("无严重心、肝、肺、肾等重要脏器疾病")
            "重要脏器疾病", "重要脏器功能不全", "重要器官疾病", "严重脏器疾病", "脏器功能衰竭", "重要脏器功能障碍",
            # decompensated cirrhosis: serious liver disease now ("乙肝肝硬化失代偿期")
            "肝硬化失代偿期", "肝硬化失代偿", "失代偿期肝硬化", "失代偿期", "肝功能失代偿", "失代偿",
            # an invasive fungal infection (the English list's "IFI", "aspergillosis", "candidaemia"): not a
            # bare "真菌感染", which may be the skin's or the mouth's
            "侵袭性真菌感染", "侵袭性真菌病", "肺部真菌感染", "肺真菌感染", "肺真菌病", "真菌性肺炎", "曲霉菌感染",
            "曲霉感染", "曲霉病", "肺曲霉病", "侵袭性肺曲霉病", "念珠菌血症", "真菌血症", "毛霉病", "毛霉菌病",
            "毛霉菌感染", "肝脾念珠菌病", "肺部黴菌感染", "麴菌感染",
            # organ support now: "in ICU on a ventilator", "in HDU on high-flow O2", "intubated"
            "currently in icu", "currently in itu", "currently in hdu", "still in icu", "still in itu", "now in icu",
            "is in icu", "'s in icu", "is in hdu", "'s in hdu", "on a ventilator",
            "ventilated", "intubated", "on high-flow", "on high flow", "high-flow o2", "high flow o2", "on bipap",
            "on niv", "on inotropes", "on pressors", "on vasopressors", "上呼吸机", "插管", "气管插管", "无创呼吸机",
            "重症监护",
        ),
        no=(
            "no significant past medical history", "no significant pmh", "no past medical history", "no pmh",
            "no pmhx", "no other pmhx", "nil pmh", "nil pmhx", "no significant comorbidities",
            "no other significant comorbidities", "no comorbidities", "no significant comorbs", "no comorbs",
            "nothing serious", "no other medical problems", "fit and well", "otherwise fit and well",
            "no other significant medical problems", "ckd 3a", "ckd 3b", "ckd stage 3",
            "没有别的大毛病", "没什么大毛病", "没有其他大病", "没有大毛病", "没有啥大毛病", "没啥大毛病",
            "没别的大病", "没有别的大病", "没其他大病", "无其他大病", "没什么大病", "没啥大病", "没有什么大病",
            "别的大病没有", "其他大病没有", "别的大病都没有",
            # only minor conditions: "T2DM on metformin, nothing major", "mild asthma, well controlled, nothing else"
            "no major illnesses", "no major medical problems", "no serious illnesses",
        ),
        cased=(
            "CHF", "ESRD", "DKA",
        ),
        # a heart operation or device: a serious heart disease now? not said ("一直在吃华法林，换过瓣膜")
        maybe=(
            "换过瓣膜", "瓣膜置换", "瓣膜置换术", "换瓣", "换瓣膜", "人工瓣膜", "机械瓣", "机械瓣膜", "装过起搏器",
            "起搏器", "心脏起搏器",
        ),
    ),
    "other_trial_28d": Terms(
        # a study without an investigational product is no trial of E11
        no=(
            "registry", "registry study", "biobank", "biobank study", "observational study", "questionnaire study",
            "no investigational product", "no imp", "no study drug", "登记研究", "观察性研究", "问卷研究",
        ),
        yes=(
            "another trial", "another clinical trial", "other trial", "another study", "investigational drug",
            "investigational agent", "investigational product", "investigational", "study drug", "trial drug",
            "experimental drug", "enrolled in a trial", "in a trial", "on a trial", "other trials", "other clinical trials",
            "other clinical trial", "any other clinical trial", "any other trial", "any trials", "any other trials",
            "any other research", "other research", "research study",
            "currently enrolled", "enrolled in the", "still on imp", "on imp",
            "其他临床试验", "试验药物", "研究药物", "别的试验", "其他试验", "另一项临床试验", "另一项试验", "另一个试验",
        ),
        weak_yes=(
            "trial", "study", "trials", "studies",
            "试验", "临床试验", "临床研究",
        ),
    ),
    "cognitive_psychiatric": Terms(
        yes=(
            "dementia", "cognitive impairment", "cognitively impaired", "alzheimer", "alzheimer's", "psychosis",
            "psychotic", "schizophrenia", "uncontrolled bipolar", "bipolar disorder", "severe depression",
            "uncontrolled psychiatric", "psychiatric disorder", "mental illness", "lacks capacity",
            "痴呆", "认知障碍", "精神疾病", "精神分裂", "精神分裂症", "双相情感障碍", "阿尔茨海默病", "阿尔茨海默",
            "老年痴呆", "抑郁症", "抑郁", "焦虑症", "depression",
            # the disorders and the history as notes name them ("MCI", "psych hx: nil", "No cognitive or
            # psychiatric issues", "Anxiety, stable on citalopram")
            "mild cognitive impairment", "bipolar affective disorder", "anxiety", "anxiety disorder",
            "psychiatric issues", "psychiatric problems", "psychiatric history", "psychiatric illness",
            "psych hx", "psych history", "cognitive issues", "cognitive problems", "mental health problems",
            "mental health issues", "焦虑", "精神病史", "精神病",
            # uncontrolled now: "bipolar, currently manic", "sectioned last week"
            "currently manic", "manic", "mania", "acutely psychotic", "sectioned", "躁狂", "躁狂发作",
        ),
        no=(
            "认知功能正常", "神志清", "对答切题", "脑子清楚", "脑子很清楚", "脑子清楚得很", "头脑清楚",
            # capacity and orientation said as normal
            "has capacity", "has full capacity", "full capacity", "alert and orientated", "alert, orientated",
            "orientated", "oriented", "a&o x3", "aox3", "sharp as a tack", "cognitively intact", "cognition intact",
            "神志清楚", "定向力正常",
            # a family's words: "精神方面没问题，人很清楚"
            "人很清楚", "人清楚", "脑子没问题", "脑子好使", "脑子很好使", "精神方面没问题", "精神上没问题",
            "精神没问题", "精神方面都没问题",
        ),
        cased=(
            "MCI",
        ),
    ),
    "refuses_romiplostim": Terms(
        open=(
            "reluctant about", "reluctant to have", "hesitant about", "open to hearing more", "needle-phobic",
        ),
        yes=(
            "refuses romiplostim", "declines romiplostim", "doesn't want romiplostim", "does not want romiplostim",
            "won't take romiplostim", "refuses nplate", "refuses the study drug",
            "declined romiplostim", "refused romiplostim", "declined nplate", "refused nplate", "declines nplate",
            "no to the romiplostim", "no to romiplostim", "no to nplate", "no to the nplate", "no to the trial drug",
            "no to the study drug", "no to the injection", "no to the injections", "no to a weekly jab",
            "no to the weekly injection", "won't accept any more nplate", "will not accept any more nplate",
            "doesn't want the injection", "doesnt want the injection", "does not want the injection",
            "doesn't want any more injections", "does not want any more injections", "doesnt want any more injections",
            # the weekly injection refused in a family's words: "he says no to a weekly jab", "had enough of needles"
            "says no to a weekly jab", "says no to the jab", "says no to the injection", "says no to the injections",
            "had enough of needles", "had enough of injections", "doesn't want the injections", "won't have the injection",
            "won't have the injections",
            "拒绝罗米司亭", "拒绝使用罗米司亭",
        ),
        no=(
            "accepts romiplostim", "willing to take romiplostim", "willing to receive romiplostim",
            "agrees to romiplostim", "happy to take romiplostim", "happy to try romiplostim", "fine with the injection",
            "fine with the injections", "happy with the injections", "ok with study drug", "ok with the study drug",
            "no bother with the injections", "fine with the study drug", "happy to have the injections",
            "不拒绝", "不反对", "没意见", "同意使用罗米司亭", "愿意使用罗米司亭",
            "同意自费使用罗米司亭", "愿意自费使用罗米司亭", "同意用罗米司亭", "愿意用罗米司亭", "同意打罗米司亭",
            "愿意打罗米司亭", "自费使用罗米司亭", "自费用罗米司亭",
        ),
        weak_yes=(
            "refuses", "declines",
            "拒绝",
            # as the answer: "不打，针太贵了" is "won't have the injection", a refusal, not "does not refuse"
            "不打", "不打了", "不想打", "不要打", "不愿意打", "不愿打", "不肯打", "不打算打", "不敢打", "不试", "不试了",
            "不想试", "不愿意试", "不打这个针", "不打那个针",
        ),
    ),
}


# ---- hepatitis serology (E9 is chronic *active* hepatitis: markers are read together) ------------

SEROLOGY: dict[str, tuple[str, ...]] = {
    "HBsAg": (
        "hbsag", "hbs ag", "hbs-ag", "hbsag status", "sag", "s ag", "surface ag", "hepatitis b surface antigen", "hep b surface antigen",
        "surface antigen", "hbv carrier", "hep b carrier", "hepatitis b carrier", "carrier",
        "乙肝表面抗原", "表面抗原", "大三阳", "小三阳", "乙肝携带者", "乙肝病毒携带者", "携带者", "乙肝携带",
        "携带乙肝", "乙肝病毒携带", "携带乙肝病毒",
        # Taiwan's words: "B肝帶原者" (traditional characters are read as simplified)
        "b肝带原", "b肝带原者", "带原者", "乙肝带原", "b型肝炎带原",
    ),
    # the surface antibody: immunity (vaccine or a cleared infection), never an infection by itself
    "HBsAb": (
        "hbsab", "hbs ab", "anti-hbs", "anti hbs", "hbs antibody", "hepatitis b surface antibody",
        "hep b surface antibody", "surface antibody", "vaccinated", "immunised", "immunized",
        "乙肝疫苗", "打过乙肝疫苗", "接种过乙肝疫苗", "打过疫苗",
        "乙肝表面抗体", "表面抗体", "抗-hbs", "抗hbs", "乙肝抗体",
    ),
    # the panels of hepatitis B tests, named as a whole: "乙肝五项：HBsAg(+)…" is a test, not the disease
    "HBV_panel": (
        "乙肝五项", "乙肝两对半", "乙肝三系", "乙肝三对", "两对半", "乙肝五项检查",
    ),
    "HBV_DNA": (
        "hbv dna", "hbv-dna", "hbv viral load", "hep b viral load", "hbv vl",
        "乙肝病毒dna", "乙肝dna", "hbv dna定量",
    ),
    "antiHBc": (
        "hepatitis b core antibody", "hep b core antibody", "hepatitis b core ab", "anti-hbc", "anti hbc", "hbcab",
        "hbc ab", "hbcab total", "core antibody", "core ab", "hep b core ab",
        "核心抗体", "乙肝核心抗体",
    ),
    "HCV_Ab": (
        "hcv ab", "hcv antibody", "anti-hcv", "anti hcv", "hcv-ab", "hepatitis c antibody", "hep c antibody",
        "hep c ab", "hepatitis c ab",
        "丙肝抗体", "hcv抗体", "抗hcv", "抗-hcv", "抗hcv抗体",
    ),
    "HCV_RNA": (
        "hcv rna", "hcv-rna", "hcv pcr", "hcv viral load", "hcv vl",
        "丙肝rna", "丙肝病毒rna",
    ),
    # "DNA" or "RNA" alone counts only beside another mention of hepatitis ("小三阳，DNA阴性")
    "DNA": (
        "dna", "viral load", "vl", "the virus",
        "病毒载量", "dna定量",
        # the viral load in words, its result in the words ("医生说病毒复制很厉害", "not active")
        *("high viral load", "virus replicating", "inactive carrier", "virus well controlled", "virus controlled",
          "virus suppressed",
          "病毒复制很厉害", "病毒复制活跃", "病毒复制", "病毒量很高", "病毒量高", "病毒载量高", "活动期",
          "不是活动的", "不是活动期", "非活动期", "病毒控制得很好", "病毒控制住了", "病毒控制良好",
          "病毒量很低", "病毒测不到",
          # a family's words for the viral load, its result after them ("病毒量查不到", "病毒还是阳性",
          # "病毒很高") or in them ("医生说是活动的")
          "病毒", "病毒量", "病毒定量", "病毒数", "病毒拷贝", "是活动的", "活动性", "活动性的", "活动期的",
          # whether it is active, asked: a question, not the "不是活动的" inside it ("不知道是不是活动的")
          "是不是活动的", "是不是活动期", "是不是活动", "是否活动", "是否为活动期", "是否活动期", "活动不活动",
          *(f"{d}是不是活动{a}" for d in ("不知道", "不清楚", "不确定") for a in ("的", "期"))),
    ),
    # a hepatitis B antiviral named with hepatitis B: the infection is there, its activity is
    # what the viral load says (not known without it)
    "HBV_treated": (
        "entecavir", "adefovir", "telbivudine", "baraclude", "恩替卡韦", "博路定", "阿德福韦", "替比夫定", "抗病毒",
        "抗病毒药", "抗病毒的药", "antivirals", "antiviral",
    ),
    "RNA": (
        "rna",
    ),
    # HIV's viral load is not hepatitis B's (and "HIV VL undetectable" is no HIV negative)
    "HIV_VL": (
        "hiv vl", "hiv viral load", "hiv rna", "hiv-1 rna", "hiv-1 vl",
    ),
    # a sustained virological response: hepatitis C cured, its RNA negative
    "HCV_SVR": (
        "svr", "svr12", "svr 12", "svr24", "svr 24", "sustained virological response", "sustained virologic response",
    ),
}
# Serology words that say a marker is positive by themselves; a test's name without a result
# ("HBV DNA", "anti-HBc") says nothing, unless a number (a viral load) follows it.
SEROLOGY_NEGATIVE_BY_NAME = (
    "inactive carrier", "virus well controlled", "virus controlled", "virus suppressed",
    "不是活动的", "不是活动期", "非活动期", "病毒控制得很好", "病毒控制住了", "病毒控制良好", "病毒量很低",
    "病毒测不到",
)
SEROLOGY_POSITIVE_BY_NAME = (
    "vaccinated", "immunised", "immunized", "乙肝疫苗", "打过乙肝疫苗", "接种过乙肝疫苗", "打过疫苗",
    "high viral load", "virus replicating",
    "病毒复制很厉害", "病毒复制活跃", "病毒复制", "病毒量很高", "病毒量高", "病毒载量高", "活动期",
    "hbv carrier", "hep b carrier", "hepatitis b carrier", "carrier", "svr", "svr12", "svr 12", "svr24", "svr 24",
    "sustained virological response", "sustained virologic response",
    "大三阳", "小三阳", "乙肝携带者", "乙肝病毒携带者", "携带者", "带原者", "b肝带原者",
    "是活动的", "活动性", "活动性的", "活动期的",
)
# A positive result said right after the name of hepatitis B or C ("乙肝阳性", "HBV(+)", "HCV
# positive") is the test's (HBsAg, anti-HCV): active or not is the viral load's to say (regular
# expression; names of hepatitis C are told from B by these).
NAMED_RESULT_POSITIVE = r"\s*[:：]?\s*(?:阳性|\(\+\)|\( \+ \)|\+ve|\+(?![\w])|positive\b|pos\b|reactive\b)"
CHRONIC_HEPATITIS_NAMED = ("chronic hepatitis b", "chronic hep b", "chb", "chronic hepatitis c", "chronic hep c",
                           "chronic hepatitis", "慢性乙肝", "慢性乙型肝炎", "慢乙肝", "慢性丙肝", "慢性丙型肝炎")
HEPATITIS_C_NAMES = ("hep c", "hepatitis c", "hepc", "hcv", "丙肝", "丙型肝炎", "c肝", "c型肝炎")
# A result said before the test's name: "negative surface antigen", "undetectable DNA".
RESULT_BEFORE_TEST = {
    "neg": ("negative", "undetectable", "non-reactive", "nonreactive", "suppressed"),
    "pos": ("positive", "detectable", "reactive"),
}
# A hepatitis named as B: "DNA" beside it is the HBV DNA ("chronic hep B on entecavir, DNA suppressed").
HEPATITIS_B_NAMES = ("hep b", "hepatitis b", "hepb", "hbv", "chb", "chronic hep b", "chronic hepatitis b",
                     "乙肝", "乙型肝炎", "b肝", "b型肝炎")


# ---- labelled values, sex, activity --------------------------------------------------------------

# Labels that put a value after them, in a message (extract); the value is read by the grammar
# of prescreen.reading.quantities.
VALUE_LABELS: dict[str, tuple[str, ...]] = {
    "age": (
        "age", "aged", "age is", "she is", "he is", "she's", "he's", "patient is", "pt is",
        "年龄",
    ),
    "platelet_count": (
        "platelet ct", "plt ct",
        "platelets", "platelet", "platelet count", "plt", "plts", "plt count",
        "血小板", "血小板计数",
        # voice typing's homophones ("雪小板", "血小扳")
        "雪小板", "血小扳", "血小版", "血小班", "学小板",
    ),
    "ecog": (
        "ecog", "ecog ps", "ecog performance status", "performance status",
        "ecog评分", "体能状态", "体能评分", "ps评分", "体力状况评分", "体力状况", "体力评分", "体能状况",
        "体力状况评分(ps)", "体能状态评分",
        # the same scale by its other names (Zubrod, WHO): "ZPS评分：1分", "Zubrod 2", "WHO PS 1"
        "zps", "zps评分", "zubrod", "zubrod评分", "zubrod score", "who ps", "who performance status",
    ),
    "sex": (
        "sex", "gender",
        "性别",
    ),
}
VALUE_LABELS_CASED = {"ecog": ("PS",)}
# Labels before a whole value (a form field: "PLT 32", "年龄 62"; prescreen.reading.quantities).
WHOLE_VALUE_LABELS: dict[str, tuple[str, ...]] = {
    "platelets": (
        "platelet", "platelets", "plt", "plts", "platelet count", "platelets count", "plt count", "plts count",
        "血小板", "血小板计数",
    ),
    "age": (
        "age", "aged", "ages",
        "年龄",
    ),
    "ecog": (
        "ecog", "ecog ps", "ecog performance status", "ps", "performance status",
        "ecog评分", "体能状态", "体能状态评分", "体能评分",
        "zps", "zps评分", "zubrod", "zubrod评分", "zubrod score", "who ps",
    ),
}
# The patient's sex from the words a referral uses for them: "she has AML", "Mr D., 66", "his
# platelets". Read only when every one in the message agrees ("his mother ... her forties": none).
SEX_PRONOUNS: dict[str, tuple[str, ...]] = {
    "M": ("he", "him", "his", "himself", "mr", "mr."),
    "F": ("she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "miss"),
}
# The patient's sex, also from how a family member names them ("我爸", "my mum").
SEX_WORDS: dict[str, tuple[str, ...]] = {
    "M": (
        "male", "man", "gentleman", "my father", "my dad", "my husband", "my son", "my brother", "my grandfather",
        "my grandad", "dad", "daddy", "grandpa", "my grandpa",
        "男", "男性", "我爸", "我爸爸", "我父亲", "我老公", "我丈夫", "我儿子", "我哥", "我哥哥", "我弟弟",
        "我爷爷", "我外公", "男孩子", "男孩", "小伙子", "老头", "老头子", "老大爷", "大爷", "老先生", "我公公", "我岳父", "我老爸",
        "我舅舅", "我叔叔", "我伯伯", "我姐夫", "我妹夫",
        "我姨父", "我姑父", "我舅", "我叔", "我侄子", "我外甥", "我孙子",
        # northern, Cantonese and written forms of "my father"; "my husband" ("老头子")
        "俺爹", "俺爸", "我爹", "我阿爸", "阿爸", "老豆", "我老豆", "家父", "老爷子", "我老头子", "我老伴他",
        "my boy", "grandad", "granddad", "bloke", "chap", "fella",
    ),
    "F": (
        "female", "woman", "lady", "my mother", "my mum", "my mom", "my wife", "my daughter", "my sister",
        "my grandmother", "my gran", "mum", "mom", "mummy",
        "女", "女性", "我妈", "我妈妈", "我母亲", "我老婆", "我妻子", "我媳妇", "我女儿", "我姐", "我姐姐",
        "我妹妹", "我奶奶", "我外婆", "女孩子", "女孩", "姑娘", "老太", "老大娘", "大妈", "老奶奶", "我婆婆", "我岳母", "我老妈", "我妹",
        "我姑姑", "我阿姨", "我嫂子", "我弟媳",
        "我姨妈", "我小姨", "我舅妈", "我姑妈", "我婶婶", "我伯母", "我侄女", "我外甥女", "我孙女",
        "俺娘", "俺妈", "我娘", "我阿妈", "阿妈", "家母", "老太太", "我老伴她",
        "my girl", "gran", "nan", "nana", "granny", "grandma", "nanna", "my granny", "my grandma",
    ),
}
# Thrombosis read from a treatment or a risk factor, not from an event: "no DVT, on apixaban" adds up.
THROMBOSIS_NOT_AN_EVENT = (r"抗凝|肝素|沙班|华法|克赛|拜瑞妥|艾乐妥|速碧林|法安明|达比加群|易栓|抗磷脂|蛋白[cs]缺乏|warfarin|heparin|xaban"
                           r"|parin|apix|rivaroxaban|eliquis|xarelto|clexane|fragmin|lovenox|coumadin|anticoag|thinner"
                           r"|dabigatran|pradaxa|arixtra|fondaparinux|lmwh|thrombophilia|antiphospholipid|factor v"
                           r"|prothrombin|g20210a|protein [cs]|antithrombin|at(?: iii)? deficiency|凝血酶")
# Causes of low platelets that last (E4): had once, had now, whatever year is said beside them.
CHRONIC_CAUSES = (r"cirrhosis|chronic liver disease|\bcld\b|hypersplenism|portal hypertension"
                  r"|肝硬化|慢性肝病|脾功能亢进|脾亢|门脉高压|门静脉高压")
# A thrombophilia test (E5's "known risk factors") is a risk factor only on a result that stands:
# sent, awaited, to be repeated or uninterpretable is not known (regular expressions).
THROMBOPHILIA_TESTS = (r"thrombophilia|factor v|\bfvl\b|lupus anticoagulant|anticardiolipin|antiphospholipid antibod"
                       r"|prothrombin gene|protein [cs]\b|易栓|抗磷脂抗体|狼疮抗凝|antithrombin|\bat(?: iii)? deficiency|g20210a|凝血酶")
RESULT_OPEN = (r"\b(?:sent|sent off|awaited|awaiting|pending|to be repeated|needs? repeating|repeat (?:due|at|in|pending)"
               r"|uninterpretable|spurious|not yet back|requested)\b|待查|待回报|已送|待复查|需复查|未回")
# Someone else's word, after the patient was said not to have it: "家属称上周打过", "不过我嫂子说她
# 前年腿上查出过静脉血栓". A no with such a word after it is not known.
REPORTED_YES = r"(?:称|说|诉)[^,;.]{0,14}?(?:有过|有|打过|用过|吃过|得过|查出过|发生过)"
# After a relative's finding, the patient's own no: "他妈妈以前有血栓，他自己没有".
OWN_DENIAL = (r"[,;]\s*(?:但|不过)?\s*(?:他|她|患者|病人|[\u4e00-\u9fff]{1,3})?\s*(?:自己|本人)(?:倒)?"
              r"(?:查了|查过|检查)?(?:是|为|也是)?(?:阴性|没有|没|无|未|从来没有|否认)"
              # "mum had DVT, pt nil", "his mother had a DVT, he hasn't"
              r"|(?:[,;.]\s*|\s+)(?:but\s+)?(?:the\s+)?(?:pt|patient|he|she)(?:\s+(?:himself|herself))?\s+"
              r"(?:nil|none|no|not|has not|hasn't|has never|never|denies|has no|does not|doesn't|tested negative"
              r"|is negative|negative|neg)\b"
              # "Mother and brother both had DVTs; no personal history", "only his mum had clots, not him"
              r"|[,;.]\s*(?:but\s+)?(?:no personal (?:history|hx|h/o)|none personally|not (?:him|her|the patient|the pt)\b)")
# Two people set against each other, the finding said of one and denied of the other: "我外婆以前
# 腿上有血栓 我妈没有". The first is a relative, the one denied the patient (after the second
# kin word, regular expression).
KIN_DENIAL = (r"\s*(?:[(（]\s*(?:病人|患者|本人|病人本人|患者本人)\s*[)）])?"  # "我妈（病人）没有乙肝": the patient, said so
              r"\s*(?:自己|本人)?(?:倒)?(?:也)?(?:没有|没|无|从来没有|从没有过|没得过|未)"
              r"|'?s?\s+(?:nil|hasn't|has not|has never had|has never|never has|never had|doesn't|does not|is not|isn't)\b")
# A relative who "also" has it, or had it before, is family history: "我舅舅也是白血病", "我外婆也有
# 血栓", "我姐姐以前也参加过临床试验", "my uncle also had leukaemia" (after the kin word).
KIN_ALSO = r"\s*(?:以前|之前|早年|前几年|年轻时|那时)?\s*(?:也(?!不|没|无|未)|倒是|倒)|\s+also\b"
# He or she, when a message speaks of the patient so ("她没怀孕", "还没问过他", "他妈妈有血栓"):
# the first character of the word, in words that are not plural or "other".
PRONOUN_SEX = {"他": "M", "她": "F"}
# The reactions above (romiplostim_hypersensitivity's weak words) that are no allergy's name: with a
# denial or a doubt in the same message they leave the allergy not known.
REACTION_WORDS = ("荨麻疹", "皮疹", "疹子", "一身疹子", "起疹子", "红疹", "风团", "起风团", "瘙痒", "全身痒", "喉头水肿",
                  "hives", "urticaria", "anaphylaxis", "anaphylactic")
# ... whether the reaction was the drug's left open: "是否药物相关未明", "与罗米司亭是否有关不清楚", "是不是
# 过敏不知道", "causality unclear", "? drug-related" (regular expression): not known.
REACTION_CAUSE_DOUBT = (r"是否[^,;.。，；]{0,10}?(?:相关|有关|所致|引起|导致|过敏)"
                        r"|(?:相关|有关|所致|引起|导致)(?:性)?\s*(?:尚|仍|还)?(?:未明|不明|待定|待查|不清|不确定|未确定|不明确|待明确|待核实)"
                        r"|是不是[^,;.。，；]{0,8}?(?:过敏|引起|导致|药的问题)"
                        r"|\b(?:causality|relationship|relation|link)\s+(?:to (?:the )?drug\s+)?(?:unclear|uncertain|unknown|not clear)"
                        r"|\?\s*drug[- ]related|unclear (?:if|whether) (?:drug[- ]related|related|an allergy|allergic)")
# The one typing says the patient is themself ("我自己愿意参加，就是我老公不太同意", "我想参加 但是我老婆不
# 同意"): "我老公", "我妈" there name a relative, not the patient (regular expression).
SELF_AS_THE_PATIENT = (r"我自己(?:也)?(?:愿意|想|同意|不想|不愿|得|是)|我本人|我是(?:患者|病人|本人)"
                       r"|我(?:也|还是)?(?:很)?(?:想|愿意|同意|不想|不愿意|不同意|答应)(?:参加|参与|入组|加入|试试)"
                       r"|我(?:是|得了?|患了?|查出)(?:急性|慢性)?[\u4e00-\u9fff]{0,6}白血病|我的血小板|我(?:现在)?血小板"
                       r"|i(?:'m| am) the patient|i have (?:aml|all|cml|cll|apl|leuk)")
NOT_THE_PATIENT_PRONOUNS = ("他们", "她们", "他人", "其他", "他俩", "她俩")
# Sex right after a value or a label ("62M", "sex: F", "58岁女性"); M and F also as written.
SEX_CODES = {"m": "M", "male": "M", "man": "M", "男": "M", "f": "F", "female": "F", "woman": "F", "女": "F"}
# A Karnofsky score given for the ECOG grade: the scales meet only at their ends (100: no
# complaints -> 0; 20-10: very sick, moribund -> 4); between, a score spans two grades and the
# grade is asked.
KARNOFSKY = r"(?:karnofsky|kps)(?:\s*(?:score|评分|ps))?\s*[:=]?\s*(?P<n>100|[1-9]0)\s*(?:%|分)?"
# Everyday words for how active the patient is, as the published patient-reported ECOG versions
# ask: each phrase bounds the grade (lowest, highest); a message's phrases together must leave
# one grade, or the grade is not known and is asked ("能自己走动，做点轻家务" -> 1).
ACTIVITY: dict[tuple[int, int], tuple[str, ...]] = {
    (0, 0): (
        "fully active", "normal activity", "normal activities", "no restrictions", "works full time",
        "working full time", "still working full time", "still at work", "goes running", "goes jogging",
        "runs marathons", "goes to the gym", "back to normal", "working full shifts", "playing football",
        "plays football", "going to work every day", "goes to work every day", "still going to work",
        "everything as usual", "back at work full time", "back to work full time", "back at the gym", "golfing",
        "plays golf", "still cycling", "goes cycling",
        "跟平常一样", "跟以前一样", "和正常人一样", "跟正常人一样", "什么都能干", "什么活都能干", "正常上班",
        "照常上班", "活动完全正常", "一切正常", "能干重活", "还能干农活",
    ),
    (0, 1): (
        "up and about all day", "on his feet all day", "on her feet all day",
        # the garden: light work or more ("still does the garden and walks 5 miles a day. PS 0")
        "does the garden", "does the gardening", "potters in the garden", "pottering in the garden",
        "does a bit of gardening", "a bit of gardening",
        "还能上班", "还在上班", "照样上班",
    ),
    (1, 1): (
        "light work", "light work only", "light housework", "light duties", "office work", "desk job",
        "a bit of housework", "some housework", "light jobs around the house", "light cleaning",
        "does the cooking", "own shopping", "shopping and housework", "her own shopping", "his own shopping",
        "back at work part-time", "back at work part time", "works part-time", "working part-time",
        "avoids anything strenuous", "own cooking and cleaning",
        # light jobs at home: "does her own cooking"
        "does her own cooking", "does his own cooking",
        "做点家务", "做点轻家务", "轻家务", "能做饭", "干点轻活", "能干点轻活", "做些轻活", "干些家务", "做些家务",
        "能做点家务", "只能做轻活", "只能干轻活",
    ),
    (1, 4): (
        "no heavy work", "can't do heavy work", "cannot do heavy work", "unable to do heavy work",
        "no strenuous activity", "can't do strenuous", "tires easily", "heavy lifting", "not the heavy jobs",
        "no heavy jobs", "cannot manage her job", "can't manage her job", "cannot manage his job",
        "can't manage his job",
        # their own job no longer done, other activity not said: "can't do his building work anymore",
        # "no way he could do his job on the building site" (not fully active; how much less, the rest says)
        *(f"{neg} {who} {job}" for neg in ("can't do", "cannot do", "can not do", "unable to do", "couldn't do",
                                             "could not do", "no way he could do", "no way she could do")
          for who in ("his", "her") for job in ("job", "usual job", "old job", "building work", "cleaning job",
                                                "usual work", "heavy job", "physical job")),
        "干不了重活", "不能干重活", "重活干不了", "累活干不了", "不能做重活",
    ),
    (0, 2): (
        "walks independently", "walking independently", "mobile independently", "independently mobile",
        # walking to the shops is walking, not the shopping done: grade 2 walks there too ("Walks to the shops,
        # manages own washing and dressing, but off work and up and about most of the day" is 2)
        "walks to the shops", "walks to the shop", "walks to the corner shop",
        "walks unaided", "up and about", "out of bed most of the day", "self-caring", "self caring", "self-care",
        "self care", "independent with self care", "washes and dresses himself", "washes and dresses herself",
        "can look after himself", "can look after herself", "looks after herself", "looks after himself",
        "independent with personal care", "potters about", "potters around", "can shower himself", "can shower herself", "showers himself",
        "showers herself",
        "走路没问题", "不怎么躺", "很少躺",
        "能下床活动", "生活能自理", "生活自理", "能自理",
        "洗脸吃饭自己能行", "吃饭洗漱自己能行", "自己能吃饭穿衣",
        "穿衣吃饭都能自己来", "白天大部分时间能下床",
    ),
    # one self-care ability, or walking: grade 3 too has limited self-care ("能下地走，但大部分时间还是躺着")
    (0, 3): (
        "能自己走动", "能自己走", "自己能走", "能下地走",
    ),
    (2, 4): (
        "can't work", "cannot work", "unable to work", "not able to work", "off work", "not working",
        "no housework", "can't do housework", "unable to do housework", "not back at work",
        "no energy for any work", "no energy for work", "no work", "没上班", "没去上班",
        "干不了活", "不能干活", "没法干活", "不能上班", "上不了班", "家务做不了", "不能做家务", "做不了家务",
        "干不动活",
    ),
    (2, 2): (
        "up and about more than half the day", "in bed less than half the day",
        "rests a lot but up most of the day",
        "一半以上时间能下床", "躺的时间不到一半",
    ),
    (3, 3): (
        "in bed more than half the day", "in bed or chair most of the day", "mostly in bed",
        "in bed most of the day", "bed-bound most of the day", "bedbound most of the day",
        "most of the day in bed", "in a chair or bed most of the day", "chair or bed most of the day",
        "lying down more than half the day", "lying down most of the day", "most of the day on the sofa",
        "mostly sits on the sofa", "needs help getting to the toilet", "showers with help",
        "in a chair most of the day", "chair-bound most of the day", "limited self-care",
        "needs help with self care", "needs help to wash", "needs help washing", "needs help to the toilet",
        "in bed or the armchair most of the day", "in bed or the chair most of the day", "in his chair most of the day",
        "in her chair most of the day", "sitting out in the chair most of the day", "the rest of the time in bed",
        "needs help in the shower", "needs help to get washed", "needs considerable assistance",
        "大半天躺在床上", "大部分时间躺着", "大部分时间在床上", "一半以上时间卧床", "多半时间卧床", "上厕所要人扶",
        "洗澡要人帮", "穿衣要人帮", "生活不能完全自理", "部分自理",
        "生活需协助", "需要人照顾",
    ),
    (3, 4): (
        "卧床为主",
        "needs help with everything", "mostly bedbound", "largely bedbound", "mostly bed-bound", "largely bed-bound",
        "mostly bed bound",
        "不能自理", "生活不能自理",
    ),
    (4, 4): (
        "bed-bound", "bedbound", "bedridden", "bed-ridden", "confined to bed", "totally confined to bed",
        "completely bedbound", "cannot get out of bed", "can't get out of bed", "fully dependent", "needs feeding",
        "has to be fed", "no self-care", "cannot carry out any self-care", "cant get out of bed",
        "have to feed him", "have to feed her", "we feed him", "we feed her",
        "整天卧床", "完全卧床", "长期卧床", "卧床不起", "下不了床", "吃饭都要喂", "吃饭要人喂", "完全不能自理",
        "瘫在床上", "起不来床", "吃喝拉撒都在床上", "全靠人照顾",
    ),
}


# Everyday activity in Chinese as families and notes write it, by characters (the words vary too
# much for a phrase list: "扫扫地洗洗碗可以", "重活不行", "穿衣服洗澡都要人帮"); each bounds the
# grade like ACTIVITY, and wins over an ACTIVITY phrase inside it ("仅能部分生活自理").
_CAN = r"(?:可以|能做|能干|能|可|都行|没问题|行|自己来|自己做|都是(?:他|她)?自己|也做|都做|还做|照做|也干|还干)"
_CANNOT = r"(?:不行|干不了|做不了|干不动|不能|不了|无法|没法)"
ACTIVITY_PATTERNS: dict[tuple[int, int], tuple[str, ...]] = {
    (0, 0): (r"(?:跟|和|与)没(?:生病|得病|病)(?:的时候|之前|以前)?(?:一样|差不多)|跟好人一样|活动自如|可正常工作|能正常工作|无任何受限|下地干(?:农)?活"
             r"|(?:菜地|地里|田里)干活|干农活|不比(?:以前|生病前|病前|原来|平时)差",
             # as before the illness, dancing, normal activity: fully active
             r"(?:和|跟|与)(?:以前|生病前|病前|原来|平时|平常)(?:差不多|一样|没区别)|跳(?:广场)?舞",
             r"爬山[^,;.]{0,3}?(?:没问题|都行|可以)|每天(?:还)?(?:去单位|去公司)上班|跑(?:\d+|[一二三四五六七八九十几]+)公里",
             ),
    # moving about normally (a note's "可正常活动"): fully active or restricted only in strenuous work
    (0, 1): (r"(?:能|可以|可)正常(?:活动|生活)|活动正常",),
    (1, 1): (r"(?:扫地|洗碗|做饭|买菜|家务|轻活|轻体力(?:活动|劳动)?)[^,;.]{0,4}?" + _CAN,
             r"(?:能|可以|可)(?:从事|出门|做|干)?(?:点|些)?(?:简单的?|轻的?)?(?:家务|轻活|轻体力|买菜|做饭|扫地|洗碗)",
             r"自己(?:做饭|买菜|洗衣服?|扫地|洗碗|做家务|煮饭|烧饭|煲汤|买餸)",
             # reduplicated or with a measure word, as families say it: "做做饭", "扫扫地、洗个碗", "做个饭没问题"
             r"做做饭|扫扫地|洗洗碗|买买菜|洗个碗|(?:做|烧|煮)个饭[^,;.]{0,3}?" + _CAN,
             r"(?:去)?(?:菜市场|菜场)?买菜[、和,]?(?:做饭|烧饭|煮饭)|煲汤买餸|买餸煲汤"),
    (1, 4): (r"(?:重活儿?|重体力(?:劳动|活)?|搬重(?:东西|物)?|累活儿?|体力活儿?|地里的活儿?|农活儿?|田里的活儿?|重的|重东西|重么)"
             r"[^,;.]{0,4}?(?:" + _CANNOT[3:-1] + r"|不让(?:她|他)?(?:干|做)|(?:提|拿|搬)不(?:动|郁))",
             r"(?:不能|无法|没法)(?:从事|干|做)(?:重活|重体力)",
             # tired sooner than before, or off on the treatment days: restricted in strenuous work at least
             # ("可以正常上班，就是比以前容易累", "还在正常上班，就是化疗那几天请假")
             r"(?:比以前|比原来|比平时)?容易(?:累|疲劳|乏力)|没(?:以前|原来)有劲|(?:那几天|期间|的时候)请假"),
    (0, 2): (r"能走能动|生活可自理|生活能自理",
             # two or more of them by oneself is self-care ("自己吃饭洗漱没问题", "能自己吃饭穿衣")
             r"(?<!只能)自己(?:能|可以)?(?:吃饭|食饭|洗漱|洗脸刷牙|穿衣服?|上厕所|洗澡|冲凉)[、和跟,]?(?:吃饭|食饭|洗漱|洗脸刷牙|穿衣服?|上厕所|洗澡|冲凉)"
             r"(?![^,;.]{0,6}?(?:困难|不行|不了|要人|不能|费劲|吃力))",
             r"(?:吃饭|食饭|洗漱|洗脸刷牙|穿衣服?|上厕所|洗澡|冲凉)[、和跟,]?(?:吃饭|食饭|洗漱|洗脸刷牙|穿衣服?|上厕所|洗澡|冲凉)[^,;.]{0,6}?"
             r"(?:可自理|能自理|自己来|没问题|自己能)",
             r"(?:大部分|大半|多半)(?:的)?时间(?:都|还)?(?:能|可以)下床",
             # up and about most of the day, in a family's words ("大部分时间在家里走来走去")
             r"(?:大部分|大半|多半|多数)(?:的)?(?:时间|时候)[^,;.]{0,8}?(?:走来走去|行来行去|走动|溜达|遛弯|坐着走走|下床活动)"),
    # walking, eating, washing, the toilet by oneself: grade 3 has limited self-care too
    (0, 3): (r"(?:能|可以|可)(?:下床|下地)?(?:自由|自己)?(?:走动|走走|下楼|遛弯|出门|走路|散步)|出去(?:散步|走走|遛弯)",
             r"(?:吃饭|食饭|洗漱|穿衣服?|上厕所|冲凉)[^,;.]{0,6}?(?:可自理|能自理|自己来|没问题|自己能)",
             # "自己吃饭洗漱", but not "自己吃饭都困难"
             r"(?<!只能)自己(?:能|可以)?(?:吃饭|洗漱|穿衣|上厕所)(?![^,;.]{0,6}?(?:困难|不行|不了|要人|不能|费劲|吃力))",
             r"起来(?:上个?|去)?厕所",
             # sitting up for a while, even held ("每天能扶着坐起来一会儿", "能坐一会儿"): not wholly in bed
             r"(?:能|可以|可)(?:扶着|靠着|被扶着|让人扶着)?坐(?:起来|起|一下)?(?:一会儿?|一下|片刻|会儿)"),
    # housework done only in part ("家务能做一些", "家务做一点"): light work, or self-care and no more
    (1, 2): (r"家务[^,;.，；。]{0,2}?(?:能|可以|可|还能)?(?:做|干)(?:一些|一点儿?|一部分|部分|少许|些|点)(?!家务)",),
    (2, 4): (r"(?:什么活|任何工作|活是|活都|活儿是|活儿都|啥活儿?|什么活儿)[^,;.]{0,3}?(?:干不了|不能干|做不了|不能做|都干不了)", r"不能从事任何工作",
             r"(?:没力气|没有力气|没精力|没法|无法)(?:去)?(?:上班|工作)",
             r"(?:上班|工作)[^,;.]{0,4}?(?:肯定|完全|根本)?(?:不行|不了|不能|去不了|干不了)",
             # Cantonese: "做唔到嘢返唔到工" (no work done, back to work not possible)
             r"返不到工|开不到工|做不到(?:么|事)"),
    (2, 2): (r"(?:卧床|躺)[^,;.]{0,4}?(?:少于一半|不到一半)",),
    # half the day in bed: at the edge of 2 and 3 ("差不多一半时间躺着", "一半時間瞓床")
    (2, 3): (r"(?:差不多|大概|约)?一半(?:的)?时间[^,;.]{0,3}?(?:躺|卧床|在床|瞓床|睡床|睡)",
             # the other way round, and self-care mostly kept: "日间卧床约一半时间，生活大部分自理"
             r"(?:卧床|躺)[^,;.]{0,3}?(?:约|大概|差不多)?一半(?:的)?时间", r"(?:生活)?大部分(?:能|可以|可)?自理"),
    (3, 3): (r"(?:一半以上|多半|大半|大部分|多数)(?:的)?(?:时间)?[^,;.]{0,4}?(?:卧床|在床上|躺着|躺床|躺在床|轮椅|在床)",
             # ... or in a chair: "一天大部分时间在沙发上坐着", "一天大部分在躺椅上歪着"
             r"(?:一半以上|多半|大半|大部分|多数)(?:的)?(?:时间|时候)?[^,;.]{0,3}?(?:在)?(?:沙发|躺椅|椅子|轮椅)上",
             r"仅能部分(?:生活)?自理"),
    (3, 4): (r"(?:穿衣服?|洗澡|上厕所|擦身|厕所)[^,;.]{0,4}?(?:(?:要|需|需要|得)(?:有)?(?:人|家人|家属|别人|我们)(?:帮|扶|协助|照顾)"
             r"|要人帮|要人扶|靠人|靠我们|是我(?:们)?(?:给|帮)|我(?:们)?给)",
             r"只能自己(?:吃饭|洗漱|穿衣)", r"一天到晚(?:都)?(?:躺|在床)", r"基本(?:上)?(?:都)?(?:躺|卧床|在床)",
             # in a chair or in bed the whole day: "一半时间坐着一半时间躺着"
             r"一半(?:的)?时间坐着[^,;.]{0,2}?一半(?:的)?时间躺着|不是坐着就是躺着|(?:坐着|躺着)(?:或者?|和)(?:坐着|躺着)"),
    (4, 4): (r"(?:整天|一直|成天|全天|完全|天天)(?:都)?(?:躺着|躺在床上|躺床上|卧床|在床上)",
             r"(?:啥|什么)都(?:要|得)人(?:伺候|照顾|弄|帮)|全靠人伺候", r"(?:喂饭|擦身)[^,;.]{0,4}?(?:靠|要人)",
             r"吃饭都要人喂|要人喂饭|吃饭(?:都)?要喂|要喂饭|得喂饭|喂着吃|进食需(?:人)?喂|需喂食|喂食",
             # eating too needs help: no self-care ("吃饭上厕所都得有人帮")
             r"吃饭[^,;.]{0,6}?(?:(?:要|需|需要|得)(?:有)?(?:人|家人|别人|我们)(?:帮|喂|扶)|靠人)"),
}


# ---- numbers, units and times (prescreen.reading.quantities) -------------------------------------

EN_NUMBER_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                   "sixteen seventeen eighteen nineteen")  # by value, 0 .. 19
EN_NUMBER_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"  # 20 .. 90
EN_NUMBER_SCALES = {"hundred": 100, "thousand": 1000}
# A multiplier after the number: 41k, 3.2万, 32 thousand.
# "0.38 lakh" (India: a lakh is 100,000 per µL)
MULTIPLIERS = {"k": 1000, "千": 1000, "万": 10000, "thousand": 1000, "lakh": 100000, "lakhs": 100000, "lac": 100000,
               "lacs": 100000}
# A count per microlitre: 32,000/µL (µ is normalised to u), /mcl, /cmm.
PER_MICROLITRE = ("ul", "mcl", "microlitre", "microliter", "cmm")
DAYS_PER_UNIT: dict[float, tuple[str, ...]] = {
    1: (
        "day", "days", "d",
        "天", "日",
    ),
    7: (
        "week", "weeks", "wk", "wks", "w",
        "周", "星期", "礼拜",
    ),
    30: (
        "month", "months", "mo", "mos", "mth", "mths",
        "月",
    ),
    365: (
        "year", "years", "yr", "yrs", "y",
        "年",
    ),
}
# Between a finding that must be present now and an "over" word: it is still being got over, so it
# is now ("Sepsis - on pip-tazo, improving, off pressors since yesterday").
STILL_GETTING_OVER = ("improving", "slowly improving", "still improving", "resolving", "still recovering",
                      "recovering", "ongoing", "still on", "still being treated", "under treatment",
                      "好转中", "逐渐好转", "恢复中", "仍在治疗", "还在治疗", "仍在用")
# After a finding that must be present now (E10): it was, but is over ("septic shock, now resolved").
# Improving or resolving is not over: "invasive aspergillosis, improving on voriconazole" is now.
RESOLVED = ("resolved", "now resolved", "settled", "recovered", "improved and off", "off vasopressors", "cleared",
            "off pressors", "off inotropes", "off noradrenaline", "off norepinephrine", "abx completed", "antibiotics completed", "better now", "now better",
            "all better", "recovered now", "home now", "back home", "discharged home", "home and fine",
            "discharged from itu", "discharged from icu", "stepped down from itu", "stepped down from icu",
            "out of itu", "out of icu",
            # the organ back, the support weaned ("renal function now back to baseline", "now off insulin infusion")
            "back to baseline", "returned to baseline", "back to normal", "returned to normal", "normalised", "normalized",
            "off insulin infusion", "off the insulin infusion", "off insulin drip", "off the insulin drip", "off iv insulin",
            "weaned off", "weaned from", "extubated", "off dialysis", "no longer on dialysis", "dialysis stopped",
            "off the ventilator", "off oxygen", "back on the ward", "back to the ward", "stepped down to the ward",
            "completely resolved", "fully resolved", "fully recovered", "has resolved",
            "已控制", "已治愈", "好了", "痊愈", "转出icu", "出了icu", "从icu转出",
            # a family's and a note's words for "over" ("现已治愈出院", "后来肾功能恢复了，现在不透了")
            "治愈", "治好了", "已好转", "已经好了", "现在好了", "恢复了", "已恢复", "康复", "控制住了", "已出院", "出院了",
            "不透了", "停止透析", "已停透析",
            # shock over, pressors off, the infection in hand: "感染性休克已纠正，停用血管活性药物5天", "已停用升压药，感染控制"
            "已纠正", "纠正", "已停用升压药", "停用升压药", "停了升压药", "已停升压药", "停用血管活性药物", "停用血管活性药",
            "已停用血管活性药物", "撤除血管活性药物", "撤升压药", "感染控制", "感染已控制", "感染控制良好", "已脱机",
            "脱离呼吸机", "已拔管", "转回普通病房")
# An anticoagulant stopped is no anticoagulation now; what it was for, if not said, is not known
# ("我爸有房颤一直吃华法林 住院以后医生给停了").
# An anticoagulant whose reason is not known: "GP list says warfarin 3mg, indication unclear".
INDICATION_UNKNOWN = (r"(?:indication|reason) (?:unclear|unknown|not known|uncertain|\?)|unclear indication|\?\s*indication"
                      r"|not sure why|unclear why|don't know why|do not know why"
                      r"|(?:not sure|unsure|don't know|do not know) what (?:it was |that was )?for|原因不明|不知道为什么")
# A drug's time not known: "pt cannot say when last taken", "I don't know when it was stopped".
WHEN_UNKNOWN = (r"\b(?:i think|maybe|perhaps|will check the (?:chart|notes|records))\b|"
                r"(?:cannot|can't|can not|couldn't|unable to) (?:say|remember|recall) when|(?:don't|do not|doesn't|does not)"
                r" (?:know|remember|recall) when|(?:not sure|unsure|unclear) (?:of )?when|when (?:is|was) (?:not )?(?:unclear|unknown)"
                r"|不记得什么时候|不知道什么时候|时间(?:要查|不清楚|记不清|不记得)|记不清(?:什么时候|时间)"
                r"|哪天[^,;.，；。]{0,6}(?:不记得|记不清|忘了|不知道|得翻|要翻|得查|要查)"
                # the day to be looked up, or only "while in hospital": "哪天打的我得翻翻出院小结", "反正是住院的时候打的"
                r"|哪天(?:打|用|吃)的|(?:什么|啥)时候(?:打|用|吃)的|住院(?:的)?时候(?:打|用|吃)的|得翻翻|要翻翻|再去翻翻"
                r"|出院小结上(?:应该)?有")
# The one writing must look it up to be sure: "我再去翻翻病历", "我得翻翻出院小结", "出院小结上应该有" —
# what they said of the fact (or of when) is not settled (regular expression)
LOOK_IT_UP_ZH = (r"(?:我|得|要|再|回去|等我)(?:去|再)?(?:翻翻|翻一下|翻翻看|找找|查查|查一下|找一下)"
                 r"(?:病历|出院小结|小结|单子|化验单|记录|本子|资料)?"
                 r"|(?:出院小结|病历|单子|化验单|记录)上(?:应该|可能|估计)?(?:有|写着|写了)"
                 # ... or ask the one who knows: "打针这个还要问问我妈自己", "其他的要问医生"
                 r"|(?:还要|还得|得|要|再|需要)问问?(?:[我她他]|病人|患者|医生|本人|家里)")
# A clot suspected and then ruled out by a scan: no thrombosis ("PE suspected in ED but CTPA clear").
# The writer asks whether a finding counts for the trial ("does ITP count?", "would his old MGUS
# matter?", "not sure if the myeloma counts", "ITP算不算？"): the criterion is asked back, not answered.
ASKS_IF_IT_COUNTS = (r"\b(?:does|do|would|will|could|should|did)\s+(?:(?!not\b|n't\b)[\w'/-]+\s+){1,6}?"
                     r"(?:count|matter|qualify|apply|be relevant|be an issue|be a problem|exclude (?:her|him|them))\b[^.?!]{0,40}\?"
                     r"|\b(?:not sure|unsure|don'?t know|no idea|wondering)\s+(?:if|whether)\s+(?:[\w'/-]+\s+){1,6}?"
                     r"(?:counts?|matters?|qualif(?:y|ies)|appl(?:y|ies)|is relevant)\b"
                     r"|算不算|算吗|算不算数|算数吗|有没有关系|有关系吗|影响吗|有影响吗")
# An age said as the birthday to come: "He turns 76 next month", "dad's 80 next march", "17, she turns
# 18 next month", "75, 76 in January": a year less now. (A subject or the age now is needed: "plt 45
# next week" is no age.)
_MONTHS_EN = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
TURNS_NEXT_EN = (r"(?:\b(?:he|she|i|pt|patient)(?:'s|'ll be|\s+(?:turns|is turning|will turn|will be|is))"
                 r"|\b(?:dad|mum|mom|father|mother|husband|wife|son|daughter|gran|granny|grandma|grandpa|nan)(?:'s|\s+(?:turns|is turning|will be|is))"
                 r"|^\s*(?P<now>\d{2,3})\s*,\s*(?:(?:he|she)\s+(?:turns|will be|is)\s+|(?:he|she)'s\s+|turns\s+|turning\s+)?)"
                 r"\s*(?P<n>\d{2,3})\s+(?:next|in|this coming|on)\s+(?:(?:the\s+)?(?:week|month|year|birthday)|" + _MONTHS_EN + r")\b")
SCAN_CLEAR = (r"\b(?:ctpa|doppler|dopplers|duplex|v/?q|uss|ultrasound|mrv|ct|echo|scan)\b[^.;]{0,16}?"
              r"\b(?:clear|negative|neg|normal|fine|nad|no (?:clot|dvt|pe|thrombus))\b"
              r"|(?:ruled out|excluded) (?:on|by|with) (?:ctpa|doppler|duplex|v/?q|scan|ct)")
# A clot denied by its general name covers these kinds of it: "'no VTE', but the GP summary lists
# 'DVT 2018'" is two accounts that disagree ("no DVT but had PE" adds up: neither covers the other).
_VENOUS_CLOTS = ("dvt", "pe", "pulmonary embolism", "pulmonary embolus", "uedvt", "thrombus", "thrombi", "cvst",
                 "budd-chiari", "blood clot", "clot", "clots", "thromboembolism", "venous thrombosis")
CLOT_KINDS = {
    "vte": _VENOUS_CLOTS, "thromboembolism": _VENOUS_CLOTS, "thromboembolic": _VENOUS_CLOTS,
    "thrombosis": _VENOUS_CLOTS, "clot": _VENOUS_CLOTS, "clots": _VENOUS_CLOTS, "blood clot": _VENOUS_CLOTS,
    "thromboembolic events": _VENOUS_CLOTS, "thromboembolic event": _VENOUS_CLOTS,
}
# An anticoagulant given to prevent a clot, not to treat one (regular expression, in its sentence).
PROPHYLAXIS = (r"prophyla\w*|\bppx\b|\bprevent\w*|to stop (?:a |any )?clots?|\bvte proph|prophylactic dose|\bflush"
               r"|预防|防血栓|防止血栓|預防"
               # a prophylactic dose, said by its dose alone: "Heparin 5000 units sc bd", "enoxaparin 40mg od",
               # "dalteparin 5000 units daily" (not fondaparinux 2.5 mg: the corpus reads it as treatment)
               r"|\b(?:heparin|ufh)\s*5,?000\s*(?:units?|u|iu)?\s*(?:s/?c\s*)?(?:bd|tds|bid|tid|q8h|q12h|twice daily)\b"
               r"|\b(?:enoxaparin|clexane|lovenox)\s*(?:20|40)\s*(?:mg)?\s*(?:s/?c\s*)?(?:od|daily|qd|once daily|nocte)\b"
               r"|\b(?:dalteparin|fragmin)\s*(?:2,?500|5,?000)\s*(?:units?|u|iu)?\s*(?:s/?c\s*)?(?:od|daily|qd|once daily)\b"
               r"|\b(?:tinzaparin|innohep)\s*(?:3,?500|4,?500)\s*(?:units?|u|iu)?\b"
               # heparin to keep a line open, not to treat a clot: "肝素封管（PICC维护）", "肝素盐水冲管"
               r"|封管|冲管|肝素帽|肝素盐水|肝素生理盐水|沖管")
# Held, withheld or suspended is not stopped: the anticoagulant is paused for the low count and its
# reason stands ("Apixaban for AF - suspended while PLT <50", "利伐沙班……暂停"), so the patient is
# still one on anticoagulation.
ANTICOAGULANT_STOPPED = r"停了|已停|停用|停药|给停|stopped|discontinued|off it"
# ... and, of a prophylaxis, told to stop ("Asked re clexane injections - told to stop, she only had
# them for prevention")
PROPHYLAXIS_STOPPED = r"\b(?:told|advised|asked) to stop\b|\bstop(?:ping)? (?:it|them)\b"
# ... held, withheld, suspended or paused for now (its reason decides, below): "enoxaparin 40mg (held
# while plts < 50)", "Lixiana on hold", "利伐沙班……暂停", "the doctors have paused it".
ANTICOAGULANT_HELD = (r"\b(?:held|withheld|withhold|withholding|holding|suspended|paused|on hold|interrupted)\b"
                      r"|暂停|暂缓|暂时停")
# What an anticoagulant treats, when it is a risk and not a clot (E5's "risk factors"): atrial
# fibrillation, a mechanical valve (a clot or a thrombophilia named is a finding of its own). An
# anticoagulant held for the low count with one of these said is still true; with none said, not known.
ANTICOAGULANT_REASON = (r"\b(?:af|afib|a-fib|a fib|atrial fibrillation|atrial flutter|paf)\b|mechanical|metal(?:lic)?\s+"
                        r"(?:\w+\s+)?valve|\bmvr\b|\bavr\b|valve replacement|房颤|房顫|心房颤动|心房纤颤|房扑|机械瓣|瓣膜置换|换过瓣膜|换瓣"
                        # ... or the clot it treats, named anywhere in the message ("#Hx PE - eliquis held")
                        r"|\b(?:dvt|pe|vte|uedvt|cvst)\b|embol|thromb(?!ocytop)|\bclots?\b|血栓|栓塞|梗")
# The patient's own test for a thrombophilia not done ("Brother is factor V Leiden heterozygous;
# patient himself has not been tested", "Antithrombin deficiency - family history only, patient not
# tested", "易栓症……患者本人未查"): whether the patient has the risk factor is not known.
NOT_TESTED_SELF = (r"\b(?:has not|hasn't|has never|have not|haven't|never|not|not yet)\s+(?:been\s+)?(?:tested|screened|checked)\b"
                   r"|\buntested\b|\bfamily history only\b|本人未(?:查|检测|做)|本人没(?:有)?(?:查|测|做)|自己没(?:有)?(?:查|测|做)"
                   r"|未(?:行|做)(?:易栓|基因)")
# The patient set apart from a relative the writer named first, and denied the finding:
# "My mother had a clot ..., but my dad (he's the patient) has never had one", "my brother had a DVT,
# not my dad", "家里我外婆得过脑梗，病人自己没有过血栓". What was said before is the relative's.
PATIENT_SET_APART = (r"\((?:he|she)(?:'s| is) the (?:patient|one)\)[^.;]{0,20}?\b(?:has never|never|hasn't|has not|no|none|nil)\b"
                     r"|,\s*not (?:my|our|his|her) (?:dad|mum|mom|father|mother|husband|wife|son|daughter|brother|sister)\b"
                     r"|(?:病人|患者)(?:自己|本人)(?:倒)?(?:是)?(?:没有|没|无|未|从来没有|否认)")
# The relative the writer named, before the finding in its clause.
KIN_NAMED = (r"\b(?:my|our)\s+(?:mother|mum|mom|father|dad|brother|sister|grandmother|grandfather|grandma|grandpa|gran|"
             r"nan|aunt|uncle|cousin|son|daughter)\b|我(?:外婆|外公|奶奶|爷爷|姥姥|姥爷|妈妈|爸爸|妈|爸|哥哥|姐姐|弟弟|妹妹|舅舅|姨妈|"
             r"姑姑|叔叔|伯伯)")
# A clot looked for: the scan's object, its result said in the rest of the sentence ("they scanned her
# chest for a clot in the lung, results not back yet", "did a scan for a clot in her leg ... it was clear").
CLOT_LOOKED_FOR = (r"\b(?:scan\w*|check\w*|look\w*|test\w*|ultrasound\w*|doppler\w*|x-?ray\w*|imag\w*|investigat\w*)"
                   r"\b[^,;.]{0,40}?\bfor (?:a |any |possible |the )?")
CLOT_SEARCH_CLEAR = r"\b(?:clear|negative|normal|fine|nothing|no clot|no dvt|no pe|ruled out|excluded)\b"
# A clot heard of, with nothing to show for it: "we were told he had a clot ... but we have no papers".
HEARSAY_NO_RECORDS = (r"\b(?:were|was) told\b|\btold us\b|\bapparently\b|\bsupposedly\b|听说|据说|说是")
NO_RECORDS = (r"\bno (?:papers|paperwork|records|notes|letters|documentation|reports?|scans?)\b|没有(?:病历|记录|单子|资料|报告)"
              r"|(?:病历|记录|单子|资料|报告)(?:都)?(?:没有|找不到|丢了)")
# A clot never looked for: a no to it is not a no ("no clinical VTE, no imaging"; "never scanned").
NOT_IMAGED = (r"\bno (?:imaging|scan|scans|doppler|dopplers|ctpa|ultrasound|uss|duplex)\b(?!\s+(?:needed|required|indicated))"
              r"|\bnot (?:imaged|scanned)\b|\bnever (?:scanned|imaged)\b|\bno scan was\b"
              r"|没(?:有)?做(?:过)?(?:B超|彩超|超声|CT|检查)|未(?:做|行)(?:B超|彩超|超声|CT|血管超声)")
# A denial limited to this stay says nothing of the history: "住院期间无严重出血，未发生血栓事件", "no VTE
# during admission" (a history denied beside it still is one).
THIS_STAY_ONLY = (r"住院期间|本次住院|住院时|住院中|\bduring (?:this |the |her |his )?(?:admission|stay)\b|\bthis admission\b"
                  r"|\bwhile (?:an )?inpatient\b|\bon the ward\b")
# Clots in blood shed are no thrombosis: "Macroscopic haematuria with clots", "passing clots PV".
CLOTS_IN_A_BLEED = (r"(?:haematuria|hematuria|bleed\w*|vomit\w*|menstrua\w*|periods?|urine|stool|haemoptysis|hemoptysis|"
                    r"epistaxis|nosebleeds?|haematemesis|hematemesis|melaena|melena)\b[^.;]{0,24}?\b(?:with|passing|passed|and|"
                    r"containing)\s+(?:some\s+|small\s+|large\s+|big\s+)?(?:blood\s+)?clots?\b"
                    r"|\b(?:passing|passed|passes)\s+(?:some\s+|small\s+|large\s+|big\s+)?(?:blood\s+)?clots?\b|clot retention"
                    r"|血块|血凝块")
# A clot word after "to prevent" is the prophylaxis' aim, not a clot had: "预防PICC相关血栓",
# "to prevent clots", "防血栓用的" (regular expression, right before the clot word).
CLOT_PREVENTED = (r"(?:预防|防止|防|預防|避免|prevent(?:ing|ion of)?|to stop|reduce the risk of|lower the risk of)"
                  r"[^,;.，；。]{0,10}$")
# Mechanical prophylaxis only (stockings, TEDs, calf pumps) is read as a stopped anticoagulant:
# not known, unless the message settles the history ("just TEDs, no clots ever" is a no).
MECHANICAL_PROPHYLAXIS = (r"\bteds?\b|\bted stockings?\b|compression stockings?|anti-?embolism stockings?|\bstockings\b"
                          r"|\bflowtrons?\b|\bipc\b|pneumatic compression|calf pumps?|mechanical (?:vte )?prophyla\w*"
                          r"|弹力袜|抗血栓袜|气压治疗|间歇充气加压|机械预防")
# A lab test of clotting drawn while the patient was anticoagulated: the drug is of that time,
# not now ("Lupus anticoagulant weakly positive (on heparin at the time, ?spurious)", "Protein S low
# (on warfarin at the time of testing)", "drawn while on heparin so uninterpretable").
ANTICOAGULATED_AT_TEST = (r"^[^,;.()]{0,24}?\b(?:at the time|at that time|then)\b"
                          r"|\b(?:drawn|taken|tested|sent|done|checked)\s+(?:while|when)\s+(?:on|taking|having)\s+(?:\w+\s+)?$")
# Chinese: an anticoagulant taken before, said with 过 or a word of the past and nothing of now:
# "之前吃过一种抗凝药", "我爸以前吃过华法林" — for what, and till when? (a clot beside it says)
ANTICOAGULATED_BEFORE_ZH = r"(?:(?:以前|之前|过去|曾经|曾|早年|原来|以往|既往曾)[^,;.，；。]{0,8}|(?:吃|用|打|服用?|注射)过[^,;.，；。]{0,4})$"
# Heparin named as what caused heparin-induced thrombocytopenia (E4), not as anticoagulation:
# "HIT screen sent given heparin exposure", "使用肝素后血小板骤降，HIT抗体阳性", "肝素诱导血小板减少症已排除".
HEPARIN_AS_HIT_CAUSE = (r"\bhit\b|heparin[- ]induced|heparin exposure|\bpf4\b|\b4t\b|肝素诱导|hit抗体|pf4抗体"
                        r"|肝素后血小板")
# Heparin to keep a line open ("肝素封管", "肝素盐水冲管"): no anticoagulation of the patient.
LINE_LOCK = r"封管|冲管|沖管|肝素帽|肝素盐水|肝素生理盐水"
# An anticoagulant planned or prescribed but not given ("本来说要打低分子肝素预防血栓，后来就没打").
NOT_GIVEN_ZH = r"没打|没用|没吃|未用|未打|未给|没给|未予|暂缓|不打了|不用了|本来|原本|原计划|如果|要是|拟"
# Platelets normal before the treatment: another cause named beside it is not what lowered
# them, or not known to be ("chronic liver disease ...; plts normal before chemo").
PLATELETS_NORMAL_BEFORE = (r"(?:plts?|platelets?|platelet count)\s+(?:were\s+|was\s+)?normal\s+(?:before|prior to|pre)[-\s]*"
                           r"(?:chemo|chemotherapy|treatment|therapy|induction)|(?:化疗|治疗)前血小板(?:都|一直)?正常")
# Hepatitis cured is not active (E9): "丙肝治愈", "乙肝已转阴".
HEPATITIS_IMMUNE = r"immune|immunity|vaccinated|vaccine|疫苗|有抗体|表面抗体阳"
HEPATITIS_CURED = r"治愈|痊愈|已好|好了|转阴|clearance|cleared|cured|svr"
# Whether a woman could become pregnant (E1), in the words of Chinese notes and families, by
# characters (regular expressions; prescreen.reading.extract reads them when no term has said it).
_ZH_OLD = r"(?:[五六七八九]十|[5-9]\d)(?:多|来)?(?:岁)?(?:了|多了)"
CHILDBEARING_NO_ZH = (
    # the womb removed, however said: "子宫几年前就切掉了", "行全子宫+双附件切除"
    r"子宫[^,;.。，；]{0,12}?(?:切掉|切除|摘除|摘掉|拿掉|切了|摘了|去掉)|全子宫[^,;.。，；]{0,10}?切除"
    # periods over: "月经已停2年", "早就收经", "决经好多年" (绝经 mistyped), "五十岁就没了"
    r"|(?:月经|例假|大姨妈)[^,;.。，；\d]{0,3}?(?:已停|停了|没了|断了|不来了|停)\s*(?:\d+|[一二两三四五六七八九十几好]+)\s*(?:多)?年"
    r"|收经|收咗经|决经|断经|绝了经|(?:四|五|六)十(?:多)?岁?就(?:没了|停了|不来了)"
    # too old, said beside a pregnancy: "都七十了，不可能怀孕", "她这么大年纪了还避什么孕", "怀孕哺乳肯定没有，她都七十了"
    rf"|{_ZH_OLD}[^。.;；]{{0,12}}?(?:怀孕|怀|孕|生育|生孩子)|(?:这么大|这把|这个)年纪[^。.;；]{{0,10}}?(?:怀|孕|生)"
    rf"|(?:怀孕|孕|生育)[^。.;；]{{0,12}}?(?:都|已经|快)\s*{_ZH_OLD}"
)
CHILDBEARING_YES_ZH = (
    # periods still coming: "月经仍规律", "月经一直正常的", "月经还有"; of childbearing age ("生育期")
    # (not a pregnancy, a coil or children wanted: the corpus leaves those to the questions of their own)
    r"(?:月经|例假|大姨妈)(?:仍|仍然|还|一直|都|也)(?:是)?(?:很|挺|比较)?(?:规律|正常|有|来|准)|生育期"
)
# A spouse named in a man's message: a pregnancy said there is the spouse's ("配偶未孕").
SPOUSE_ZH = r"配偶|妻子|老婆|爱人|媳妇|太太|夫人"
# A pregnancy or childbearing spoken of in a man's message: he has none (E1 "不适用，是男的").
PREGNANCY_SPOKEN_OF_ZH = r"怀孕|妊娠|生育|哺乳|绝经|月经|E1(?!\d)"
# The patient named by a surname and a title, as notes and clinic group chats do ("张女士，46岁",
# "@王先生 您这次血小板17", "@周叔叔家属", "那位阿姨"): the title names the sex. Not after a
# possessive ("我阿姨", "她叔叔": a relative) nor a word of address to a doctor ("王医生").
TITLE_SEX_ZH: dict[str, str] = {
    "女士": "F", "小姐": "F", "阿姨": "F", "大妈": "F", "阿婆": "F", "大娘": "F", "婆婆": "F",
    "先生": "M", "叔叔": "M", "大爷": "M", "阿公": "M", "大叔": "M", "伯伯": "M", "老伯": "M",
}
# Taking part or not, in Chinese, by characters: a verb of will, then joining ("不愿参加临床试验",
# "同意签字", "愿意入组").
WILLING_ZH = r"(?:愿意|同意|想|答应)(?:参加|参与|入组|加入|签字|签署)"
UNWILLING_ZH = r"(?:不愿意?|不太愿意|不想|不肯|拒绝|不同意|不打算)(?:参加|参与|入组|加入|签字|签署)"
# Said of the patient on their own, these are a yes to taking part ("NKDA, keen", "pt + family
# keen", "is very keen"); with a noun after them they are not ("a keen footballer").
WILLING_ALONE = ("keen", "very keen", "agreeable", "happy to proceed")
# The family as the one who is willing, right before the words of willingness ("家属同意参加",
# "family keen", "wife is keen for him to take part"): the family's wish, not the patient's
# (regular expression, matched against the words just before).
FAMILY_SUBJECT = (r"(?:家属|家里人|家人|爱人|老伴|family|relatives|wife|husband|partner|son|daughter)"
                  r"(?:\s+(?:is|are|were|was|all))?\s*(?:都|也|很|非常|very|really)?\s*$")
# ... unless the patient is named with them ("pt + family keen", "患者及家属同意参加").
PATIENT_TOO = r"\b(?:pt|patient|he|she)\b|患者|本人|病人"
# A hedge right before the words of willingness: "seemed keen", "probably keen".
WILLING_HEDGE = r"(?:seem(?:s|ed)?|appear(?:s|ed)?|probably|possibly|might be|may be|sounds?)\s+(?:very\s+|quite\s+)?$"
# E6 is a severe bleed (> 2 units of red cells, haematocrit down >= 10 %, "major") within two
# weeks: a bleed named with how much it took is read for its severity (prescreen.reading.extract
# _read_bleed_severity); named without, it is asked.
BLEEDS_EN = (
    "bleed", "bleeds", "bleeding", "haemorrhage", "hemorrhage", "melaena", "melena", "haematemesis", "hematemesis",
    "epistaxis", "nosebleed", "nosebleeds", "haematuria", "hematuria", "haemoptysis", "hemoptysis", "haematoma",
    "hematoma", "gib", "ugib", "lgib", "ich", "petechiae", "bruising", "gums",
    # a family's words and the bleeds inside the head ("vomited blood and needed 4 units", "SDH")
    "bled", "vomited blood", "vomiting blood", "sdh", "subdural", "extradural", "subarachnoid", "sah",
    # heavy periods, coughed-up blood: "she had heavy periods last week", "vomited some blood"
    "menorrhagia", "heavy periods", "heavy period", "vomited some blood", "coughed up blood", "coughing up blood",
    "pv bleed", "pv bleeding", "gi bleed",
)
BLEEDS_ZH = ("出血", "出过血", "呕血", "吐血", "便血", "黑便", "鼻血", "咯血",
             # a family's words: "拉黑便", "大便发黑", "尿血"
             "拉黑便", "解黑便", "排黑便", "柏油样便", "柏油便", "大便发黑", "大便带血", "拉血", "尿血", "血尿", "咳血",
             "小红点", "出血点", "瘀点", "瘀斑", "青紫", "紫癜", "出点血", "出了点血", "渗血", "胃出血")
BLEED_SEVERE_ZH = ("大出血", "颅内出血", "脑出血", "止不住", "大量", "严重",
                   # packed, or bleeding for hours: "塞了纱条才止住", "后鼻孔填塞", "流了一个多小时"
                   "填塞", "纱条", "一个多小时", "好几个小时", "几个小时", "两个小时", "半天止不住")
# How bad the bleed is, still being looked at: "眼科还在看严不严重" (regular expression)
BLEED_SEVERITY_OPEN_ZH = r"有无[^,;.，；。]{0,6}出血|是否[^,;.，；。]{0,6}出血|严不严重|严重不严重|重不重|多严重|是否严重|严重程度(?:待|未|不)|还在看|待评估|在评估"
# Two accounts said to disagree (regular expression): what each says is left not known.
RECORDS_DISAGREE = (r"矛盾|不一致|说法不一|说法不同|有出入|对不上|前后不符|\b(?:conflicting|discrepan\w*|inconsistent|"
                    r"contradict\w*)\b"
                    # one place of the record says one thing, another the other: "病历一处写有DVT史，另一处写否认血栓史"
                    r"|一处[^。]{0,30}?另一处|有的(?:地方)?写[^。]{0,30}?有的(?:地方)?写"
                    r"|\bone (?:note|record|letter|place|entry)\b[^.]{0,60}?\b(?:another|the other)\b")
# Blood given for anaemia, not for a bleed: "是化疗后贫血输的，不是出血" (regular expression)
TRANSFUSED_FOR_ANAEMIA_ZH = r"贫血[^,;.，；。]{0,4}输|因贫血|为贫血|纠正贫血|不是出血|不是因为出血|非出血|不是出血输的"
BLEED_MINOR_ZH = ("少量", "轻微", "没输血", "未输血", "不用输血", "不需要输血", "压一压就止住", "自己止住",
                  # a little, the gums, spots on the skin ("刷牙牙龈出点血", "身上有些小红点")
                  "有点出血", "一点出血", "出点血", "出了点血", "有点血", "一点血", "牙龈", "刷牙", "小红点", "出血点", "瘀点",
                  "皮肤散在")
# A bleed inside the skull is severe however small it is said to be ("Small acute SDH 10 days ago").
BLEEDS_IN_THE_HEAD = ("intracranial", "ich", "sdh", "subdural", "extradural", "subarachnoid", "sah")
BLEED_SEVERE = ("major", "severe", "massive", "life-threatening", "significant", "large", "grade 3", "grade 4",
                "retroperitoneal", *BLEEDS_IN_THE_HEAD)
# A family's words for a big bleed: not "severe" by the criterion's measure, but they make a
# small-looking one ("she bled a lot from her gums ... 1 bag of blood") not known.
BLEED_LARGE = ("a lot", "heavily", "heavy", "profuse", "profusely", "huge", "big", "bad")
BLEED_MINOR = ("minor", "small-volume", "small volume", "small", "mild", "slight", "subconjunctival", "no tx", "no transfusion",
               "without transfusion", "not requiring transfusion", "not transfused", "only", "petechiae", "bruising",
               "nil significant")
# A form's answers after a label and a colon ("Pregnant/BF: no", "HIV: neg", "Consent: yes").
FORM_ANSWER_STATES = {
    "neg": ("no", "n", "neg", "negative", "nil", "none", "-ve", "non-reactive", "not detected", "absent", "denies",
            "无", "没有", "否", "阴性"),
    "pos": ("yes", "y", "pos", "positive", "+ve", "reactive", "present",
            "有", "是", "阳性"),
    "unsure": ("unknown", "not known", "?", "pending", "awaited", "not tested", "not done", "unsure", "n/a",
               "不详", "不清楚", "待查"),
}
FORM_ANSWERS = tuple(w for words in FORM_ANSWER_STATES.values() for w in words)
# A test still to be done or read, said in an answer ("not pregnant as far as she knows, test
# tomorrow", "serum hCG negative, repeating Monday", "明天再查一次"): the fact it decides is not
# known yet, whatever the answer said first.
_DAYS = r"(?:today|tonight|tomorrow|later|this (?:afternoon|evening|week)|next week|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
PENDING_TEST = (
    rf"\b(?:(?:pregnancy|preg|hcg|blood|serum|urine|hiv|hep(?:atitis)?|viral|marrow|bm)\s+)?(?:tests?|hcg|bhcg|b-hcg|serology|screen|bloods|results?|biopsy|aspirate)"
    rf"\s+(?:is\s+|are\s+|was\s+)?(?:due\s+|booked\s+|planned\s+|sent\s+)?(?:{_DAYS}|pending|awaited|to follow|outstanding|not back)\b"
    rf"|\b(?:repeat(?:ing)?|recheck(?:ing)?|re-?test(?:ing)?|redo(?:ing)?)\s+(?:it\s+|the test\s+|them\s+)?{_DAYS}\b"
    rf"|\b(?:will|going to|gonna)\s+(?:re)?(?:test|check|repeat)\b"
    r"|(?:明天|明早|今天|下午|过两天|下周|周[一二三四五六日天]|礼拜[一二三四五六天])(?:再|还要)?(?:查|测|验|复查|抽血|做检查)"
    r"|还要(?:再)?(?:查|测|验|复查)|等(?:检查)?结果"
)
# The checklist answered item by item, each number with its own word right after it ("1. no
# 2. no 4. yes - hypersplenism", "8 awaited, 9 awaited", "E6 yes", "1没有 2没有 8阴性") or before it
# ("Yes to 10", "no to 5", "Not 1-4"), or as a row of answers in the items' order ("E1-E13: N N N ?
# N N", "no, no, yes (warfarin), no"). "n/a" to an item is "does not apply": a no ("1 N/A (male)").
CHECKLIST_ITEM_ANSWERS = {
    "no": ("no", "n", "nil", "none", "neg", "negative", "-ve", "non-reactive", "nkda", "nka", "nkfa", "nkma", "x",
           "✗", "✘", "denies", "denied", "never", "nope", "n/a", "na", "not applicable", "does not apply",
           "doesn't apply", "not relevant", "not", "false",
           "没有", "没", "无", "否", "阴性", "阴", "不是", "不适用", "都没有", "均无", "不拒绝"),
    "yes": ("yes", "y", "pos", "positive", "+ve", "✓", "✔", "true", "reactive", "applies",
            "有", "是", "阳性", "阳", "拒绝",
            # had it, done it ("7打过", "5有过", "11参加过")
            "打过", "用过", "吃过", "有过", "得过", "参加过", "打过的", "用过的"),
    "unsure": ("?", "??", "???", "unknown", "not known", "unsure", "not sure", "uncertain", "don't know", "dont know",
               "do not know", "no idea", "awaited", "pending", "not done", "not tested", "not checked", "not yet done",
               "not yet discussed", "not discussed", "not yet asked", "not asked", "tbc", "to be confirmed",
               "to follow", "can't say", "cannot say", "maybe", "possibly", "possible", "probably", "query", "unclear",
               "不清楚", "不知道", "不确定", "待查", "未查", "没查", "没查过", "未知", "不详", "待定", "还没查", "待回报",
               # a test not done or its result not back, the item not understood ("8还没出结果", "4那条我看不懂")
               "还没出", "还没出结果", "还没出来", "没出来", "未出", "还没结果", "没结果", "结果还没出", "还没回", "未回",
               "待回", "还没回报", "尚未回报", "未回报", "还在等", "还在等结果", "还没做", "还没验", "还没测", "还没检查",
               "尚未查", "还没出报告", "看不懂", "没看懂", "不懂", "不明白", "待复查", "复检中", "送检中",
               *(w for w in PENDING_CHECK_ZH if w not in ("不清楚", "不确定", "未知"))),  # (listed above)
}
# ... of the answer words, those that may also begin words about something else: not an answer
# when these follow them ("7 no longer on it", "3 not that I know").
CHECKLIST_ANSWER_NOT_BEFORE = r"\s+(?:longer|more|that|sure|known|yet|done|tested|checked|discussed|asked|idea|applicable|relevant)\b"
# The parts of the anticoagulants' names in TERMS["thrombosis_history"] (regular expressions): a
# denied anticoagulant says nothing of a thrombosis history ("on no anticoagulants").
ANTICOAGULANT_STEMS = (
    "anticoag", "blood thinner", "parin", "xaban", "gatran", "farin", "coumadin", "lovenox", "clexane", "fragmin",
    "innohep", "pradaxa", "lixiana", "savaysa", "arixtra", "xarelto", "eliquis", "lmwh", "doac", "noac", "argatroban",
    "bivalirudin", "apix", "riva", "enox", "acitrom", "acenocoumarol", "sintrom", "anti-?clot", "blood-thinn",
    "抗凝", "肝素", "沙班", "华法", "拜瑞妥", "艾乐妥", "克赛", "速碧林", "达比加群", "法安明",
)
# A screen for the blood-borne viruses speaks of HIV and hepatitis B and C at once ("BBV screen
# negative", "virology -ve"); any result but a negative leaves both not known.
BLOOD_BORNE_VIRUSES = ("bbv", "bbvs", "blood-borne viruses", "blood borne viruses", "blood-borne virus",
                       "virology", "virol", "viral serology", "viral screen")
BBV_NEGATIVE = ("negative", "neg", "-ve", "nad", "clear", "normal", "non-reactive", "nonreactive", "nr")
BBV_OPEN = ("positive", "pos", "+ve", "reactive", "pending", "awaited", "sent", "requested", "outstanding")
# A screening test's positive is not the infection until a second test confirms it: while the
# confirmation is pending, the fact is not known (regular expressions).
CONFIRMED_BY_A_SECOND_TEST = ("hiv", "chronic_hepatitis")
# A bound given for a value asked, not the value ("below 20, I don't remember the exact number"): regular
# expression, right before the number
A_BOUND_BEFORE = (r"(?:\b(?:below|under|less than|lower than|fewer than|more than|over|above|greater than|higher than"
                  r"|at least|at most|not more than|no more than|not less than|no less than|not even|not above|not below)"
                  r"|[<>≤≥]=?|低于|不到|小于|少于|不足|高于|大于|超过|多于|以下|以上)")
# A side of a platelet transfusion, said beside a count ("Plt 12 pre-transfusion, 31 after 1 pool", "输注前8，
# 输注后31"): with a second count there, which one is meant is not known (regular expression).
TRANSFUSION_SIDE = (r"\bpre[- ]?(?:transfusion|tx|pool|platelets?)\b|\bpost[- ]?(?:transfusion|tx|pool|platelets?)\b"
                    r"|\b(?:post|after|following)\s+(?:\d+|one|two|a|an|the)\s+(?:pools?|units?|bags?|adult doses?)\b"
                    r"|\b(?:pre|post)\s*[,/](?=\s*(?:\d|post|pre))|\b(?:pre|post)$|\b(?:before|after) (?:the )?(?:platelet )?transfusion"
                    r"|\b(?:pre|post) platelet transfusion|\bincrement\b"
                    r"|输注前|输注后|输血小板前|输血小板后|输前|输后")
# A pregnancy said, then over, after it ("22/40 pregnant at diagnosis, delivered at 30/40 by C-section"):
# pregnant now no longer, and breastfeeding not said by it
PREGNANCY_OVER = ("delivered", "gave birth", "given birth", "had the baby", "had her baby", "baby born", "postpartum",
                  "post-partum", "post partum", "c-section", "caesarean", "cesarean", "c/s", "lscs", "svd",
                  "miscarried", "miscarriage", "terminated", "termination", "lost the baby",
                  "已分娩", "分娩", "生了", "生完", "剖宫产", "剖腹产", "顺产", "流产", "引产", "终止妊娠", "产后")
# A pregnancy test's name: without a result after or before it ("they did a pregnancy blood test this
# morning", "urine hCG sent"), it says the test, not the pregnancy.
PREGNANCY_TEST_NAMES = ("pregnancy test", "pregnancy tests", "pregnancy blood test", "blood pregnancy test",
                        "serum pregnancy test", "urine pregnancy test", "pregnancy bloods", "urine hcg", "serum hcg",
                        "beta hcg", "β-hcg", "hcg", "bhcg", "b-hcg", "βhcg", "serum bhcg", "urine bhcg", "upt",
                        "尿hcg", "血hcg", "妊娠试验")
CONFIRMATION_PENDING = (
    # a screening test's positive sent on for confirmation: "初筛(+)，复检中", "待疾控确证"
    r"待(?:疾控)?确证|复检中|确证(?:试验)?(?:未回|待回|中)|送(?:到)?疾控|等(?:疾控)?确证|还要(?:送)?(?:到)?疾控",
    r"(?:differentiation|confirmatory|supplemental|western blot|immunoblot|\bwb\b)\s*(?:assay|test)?\s*[:：]?\s*"
    r"(?:pending|awaited|to follow|sent|requested|indeterminate|不确定|待回报|待复查|未回)",
    r"confirm\w*\s+(?:\w+\s+){0,2}(?:is\s+|are\s+|was\s+)?(?:pending|awaited|outstanding|sent|requested|to follow)",
    r"(?:awaiting|pending|await)\s+(?:the\s+)?confirm\w*",
    "确认试验(?:未回|待回|未出|待)", "待确认", "复核中",
    # a screening result waiting for the CDC's confirmation ("初筛(+)，复检中", "待疾控确证", "还要送到疾控去再查")
    "初筛(?![^,;.]{0,12}确证(?:试验)?阳性)", "待确证", "待疾控", "等确证", "复检中", "送疾控", "送到疾控", "待复检",
    # a reactive result to be checked again: "抗-HIV：有反应（待复核）"
    "待复核", "需复核", "要复核", "待复查", "需复查确认",
)
# After a number: a measure word or a unit, so the number is a quantity ("输了4个单位红细胞",
# "2 units", "3次"), never the number of a checklist item (regular expressions).
MEASURE_WORDS = (
    r"u\b", r"units?\b", r"ml\b", r"mg\b", r"mcg\b", r"ug\b", r"µg\b", r"g\b", r"kg\b", r"bags?\b", r"pools?\b",
    r"times\b", r"doses?\b", r"hours?\b", r"hrs?\b", r"h\b", r"cycles?\b", r"courses?\b",
    # "3x/wk", "x2", "2/7", "3 per week": how often, not an item's number
    r"x\b", r"x/", r"×", r"/wk\b", r"/7\b", r"/52\b", r"/12\b", r"per\b", r"a week\b", r"weekly\b", r"days?\b",
    r"weeks?\b", r"months?\b", r"years?\b", r"yrs?\b", r"mo\b", r"%",
    "个", "单位", "袋", "次", "天", "日", "小时", "毫升", "毫克", "克", "支", "片", "粒", "瓶", "针", "疗程", "岁", "年",
)
# Before a number: it is given roughly ("around 50", "early 60s"), so it is not a value.
APPROXIMATELY = ("around", "about", "approx", r"approx\.", "approximately", "roughly", "~", "circa", "early", "mid",
                 "late", "something like", "give or take")
# After a value: it was the value then, not now ("ECOG 0 at diagnosis", "PLT 156 pre-chemo").
THEN_NOT_NOW = ("at diagnosis", "at presentation", "at baseline", "on admission", "at admission", "before chemo",
                "before chemotherapy", "before treatment", "before induction", "pre-chemo", "pre chemo",
                "pre-treatment", "pre-induction", "previously", "last month", "last year", r"before c\d+",
                r"before cycle \d+", "before the last cycle", "on monday", "on tuesday", "on wednesday", "on thursday",
                "on friday", "on saturday", "on sunday", "yesterday", "last week", "prior to diagnosis",
                "before diagnosis", "pre-diagnosis", "premorbid", "premorbidly", "before he got ill", "before she got ill")
# ... in Chinese, after the value or right before its label ("化疗前血小板150，化疗后降至22",
# "PLT 156（化疗前）"): a regular expression, no word boundaries in Chinese.
THEN_NOT_NOW_ZH = (r"化疗前|治疗前|诱导前|巩固前|用药前|入院时|入院前|初诊时|诊断时|确诊时|发病时|刚确诊时|刚发病时"
                   r"|以前|之前|原来|本来|上次|上周|上礼拜|上星期|前几天|昨天|前天")
# Words that put the value after them as the current one, or the value a count went to.
NOW_WORDS_ZH = (r"现在|目前|今天|今日|今早|今晨|现为|现已|现|最新|复查|化疗后|治疗后|诱导后|巩固后")
CHANGED_TO_ZH = r"降至|降到|掉到|掉至|跌到|跌至|下降到|下降至|减少至|减少到|回升至|回升到|升至|升到|升高至|恢复至|恢复到|变成"
# Words after which a value takes back the one before it ("Plt 16, correction: 61", "sorry, I mean 21").
CORRECTED_TO = ("correction", "corrected to", "i mean", "i meant", "sorry", "actually", "should be", "repeat",
                "no wait", "wait", "it says", "oops", "scratch that", "typo",
                "repeat citrate", "rechecked", "recheck")
# Words that put the value said after them as the current one.
NOW_WORDS = ("now", "currently", "today", "this morning", "they are", "it is", "is", "are")
# British clinical shorthand for a count of days, weeks and months: 3/7, 2/52, 6/12 (the days
# per unit, and the denominator that names it).
FRACTION_UNITS: dict[float, str] = {1: "7", 7: "52", 30: "12"}
FRACTION_DENOMINATORS = frozenset(int(d) for d in FRACTION_UNITS.values())  # "3/7" is a duration, not a date
# A time too long ago for any window: "yrs ago", "many years ago" (a year named is read apart).
LONG_AGO = ("yrs ago", "years ago", "many years ago", "some years ago", "several years ago", "long ago",
            "a long time ago", "decades ago", "as a child", "in childhood",
            "多年前", "很多年前", "好多年前", "几年前", "早年", "小时候")
# Words that stand for a count before a unit of time: "a couple of weeks", "半个月".
FEW: dict[float, tuple[str, ...]] = {
    2: ("a couple of", "couple of"), 3: ("a few", "few", "several", "好几", "几"), 1: ("a", "an"), 0.5: ("半",),
}
RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "this morning": 0, "this am": 0, "this afternoon": 0, "tonight": 0, "last night": 1, "this week": 0, "yesterday": 1, "day before yesterday": 2, "last week": 7, "last month": 30,
    "last year": 365, "this wk": 0, "yest": 1, "last wk": 7, "last mth": 30, "last yr": 365,
    "今天": 0, "本周": 0, "这周": 0, "昨天": 1, "前天": 2, "上周": 7, "上个星期": 7, "上星期": 7,
    "上个月": 30, "上月": 30, "上上个月": 60, "上上月": 60, "上上周": 14, "上上个星期": 14, "去年": 365, "前年": 730, "上礼拜": 7, "上个礼拜": 7,
    # a note's days: "昨夜解柏油样便", "昨日鼻出血", "今晨", "前日"
    "昨夜": 1, "昨晚": 1, "昨日": 1, "前日": 2, "今日": 0, "今晨": 0, "今早": 0, "今天早上": 0, "昨天晚上": 1, "这几天": 7,
    # a weekday: within the week ("since Monday"), or the week before ("last Tuesday"), at most
    **{f"{when} {day}": days for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                         "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")
       for when, days in (("since", 7), ("on", 7), ("this", 7), ("last", 13),
                          # a dose given on a weekday, said after the dose: "last dose Monday", "had it Friday"
                          ("dose", 7), ("given", 7), ("had it", 7), ("got it", 7), ("stopped", 7), ("finished", 7),
                          ("injection", 7), ("jab", 7), ("shot", 7), ("was", 7), ("took it", 7), ("last one", 7))},
}


# ---- dates (prescreen.reading.dates) -------------------------------------------------------------

MONTH_NAMES: dict[str, int] = {
    **{name: n for n, names in enumerate((
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
        ("november", "nov"), ("december", "dec")), start=1) for name in names},
}
# The days of a month a part of it means ("early October": the 1st to the 10th; None: its last day).
PART_OF_MONTH: dict[str, tuple[int, int | None]] = {
    "early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "the beginning of": (1, 10),
    "the start of": (1, 10), "mid": (11, 20), "middle of": (11, 20), "the middle of": (11, 20),
    "late": (21, None), "end of": (21, None), "the end of": (21, None),
}
PART_OF_MONTH_ZH: dict[str, tuple[int, int | None]] = {
    "初": (1, 10), "上旬": (1, 10), "中旬": (11, 20), "中": (11, 20), "下旬": (21, None), "底": (21, None),
    "末": (21, None), "尾": (21, None),
}
ZH_MONTH_NUMBERS: dict[str, int] = {w: n for n, w in enumerate(
    ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"), start=1)}
ZH_SEASONS = {"春": "spring", "夏": "summer", "秋": "autumn", "冬": "winter"}
SEASONS: dict[str, tuple[int, int]] = {  # first month, months
    "spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3),
}


# ---- diagnoses (prescreen.reading.diagnosis) -----------------------------------------------------

LEUKEMIA, OTHER_HEMATOLOGIC, OTHER = "leukemia", "other_hematologic", "other"


@dataclass(frozen=True)
class DiagnosisNames:
    canonical: str  # short display name
    kind: str  # LEUKEMIA | OTHER_HEMATOLOGIC | OTHER
    phrases: tuple[str, ...] = ()  # any case; English and Chinese
    abbreviations: tuple[str, ...] = ()  # exactly as written
    patterns: tuple[tuple[str, ...], ...] = ()  # sequences of DIAGNOSIS_SPELLINGS keys ("?": optional)


# Spelling patterns for the words of the English names (lower-cased token text), so that common
# misspellings ("leukimia", "acute myloid", "myelogenus") are still read.
DIAGNOSIS_SPELLINGS = {
    "acute": r"^a[ck]ute?$",
    "chronic": r"^ch?ron[ie][ck]k?$",
    "myeloid": r"^m[iy]e?l[oa]?(id|ide|gen[oe]?us|blastic|cytic)$",
    "granulocytic": r"^granulocytic$",
    "lymphoid": r"^l[iy]mph?o(blastic|cytic|id)$",
    "promyelocytic": r"^pro-?m[iy]e?lo?cytic$",
    "myelomonocytic": r"^m[iy]e?lo-?monocytic$",
    "hairy": r"^hairy$",
    "cell": r"^cells?$",
    "leukemia": r"^l[eu]{1,2}[ck]{1,2}[aei]{0,2}m[iae]{1,3}s?$",
}
DIAGNOSES: tuple[DiagnosisNames, ...] = (
    # ---- leukemias (I2)
    # The FAB subtypes M0-M7 are AML (M3 is APL, below): "急性白血病M5型", "AML-M2", "医生说是M5型的".
    DiagnosisNames("AML", LEUKEMIA,
                   abbreviations=(
                       "AML", "M0", "M1", "M2", "M4", "M5", "M6", "M7", "AML-MRC",
                   ),
                   phrases=(
                       "急性髓系白血病", "急性髓细胞白血病", "急性髓细胞性白血病", "急性髓性白血病",
                       "急性髓样白血病", "急性粒细胞白血病", "急性非淋巴细胞白血病", "急髓",
                       "急粒", "急非淋", "急性单核细胞白血病",
                       # the type said without "白血病" ("医生说是急性髓细胞的")
                       "急性髓细胞的", "急性髓系的", "急性粒细胞的",
                       # ... or with a filler before "白血病" ("急性髓系那个白血病", "急性髓系这种白血病")
                       "急性髓系", "急性髓细胞", "急性粒细胞",
                       # Taiwan's name and voice-typing homophones ("急性骨髓性白血病", "急性随系白血病")
                       "急性骨髓性白血病", "急性骨髓白血病", "急性骨髓细胞性白血病", "急性随系白血病", "急性隋系白血病",
                       "急性随性白血病", "急性单核细胞性白血病", "急性粒单核细胞白血病",
                       "急性粒-单核细胞白血病", "急性红白血病", "急性巨核细胞白血病", "急单", "急粒单",
                       # AML with myelodysplasia-related changes is an AML, not a second disorder (E3)
                       "aml伴mds相关改变", "伴mds相关改变", "mds相关改变", "伴骨髓增生异常相关改变",
                       "aml with myelodysplasia-related changes", "myelodysplasia-related changes",
                       "aml with mds-related changes", "mds-related changes",
                       # secondary AML from an MDS: one disease now, not a second disorder
                       "sAML", "由mds转化而来的aml", "mds转化而来的aml", "mds转化的aml", "由mds转化而来", "mds转化而来",
                       "继发于mds", "从骨髓增生异常综合征变过来", "由骨髓增生异常综合征转化而来", "骨髓增生异常综合征转化",
                       "mds转化", "secondary aml", "aml secondary to mds", "aml arising from mds", "transformed from mds",
                   ),
                   patterns=(("acute", "myeloid", "leukemia?"), ("acute", "granulocytic", "leukemia?"))),
    DiagnosisNames("APL", LEUKEMIA,
                   abbreviations=(
                       "APL", "M3", "AML-M3", "AML M3", "PML-RARA", "M3型",
                   ),
                   phrases=(
                       "急性早幼粒细胞白血病", "急性早幼粒细胞性白血病", "急性早幼粒", "急早幼",
                   ),
                   patterns=(("acute", "promyelocytic", "leukemia?"),)),
    DiagnosisNames("ALL", LEUKEMIA,
                   abbreviations=(
                       "ALL", "B-ALL", "T-ALL", "Ph+ ALL",
                   ),
                   phrases=(
                       "b-all", "t-all",
                       "急性淋巴细胞白血病", "急性淋巴细胞性白血病", "急性淋巴母细胞白血病", "急淋",
                       # the lineage written inside the Chinese name ("Ph阳性急性B淋巴细胞白血病")
                       *(f"{pre}{b}{line}{cell}白血病" for pre in ("急性", "") for b in ("b", "t")
                         for line in ("", "系", "细胞") for cell in ("淋巴细胞", "淋巴细胞性", "淋巴母细胞")
                         if pre or cell == "淋巴母细胞"),
                       *(f"{p}{b}细胞急性淋巴细胞白血病" for p in ("", "前体") for b in ("b", "t")),
                       "急性b淋", "急性t淋", "b系急淋", "t系急淋",
                   ),
                   patterns=(("acute", "lymphoid", "leukemia?"),)),
    DiagnosisNames("CML", LEUKEMIA,
                   abbreviations=(
                       "CML",
                   ),
                   phrases=(
                       "慢性髓系白血病", "慢性髓细胞白血病", "慢性髓细胞性白血病", "慢性髓性白血病",
                       "慢性粒细胞白血病", "慢粒",
                   ),
                   patterns=(("chronic", "myeloid", "leukemia?"), ("chronic", "granulocytic", "leukemia?"))),
    DiagnosisNames("CLL", LEUKEMIA,
                   abbreviations=(
                       "CLL",
                   ),
                   phrases=(
                       "慢性淋巴细胞白血病", "慢性淋巴细胞性白血病", "慢淋",
                   ),
                   patterns=(("chronic", "lymphoid", "leukemia?"),)),
    DiagnosisNames("hairy cell leukemia", LEUKEMIA,
                   abbreviations=(
                       "HCL",
                   ),
                   phrases=(
                       "毛细胞白血病",
                   ),
                   patterns=(("hairy", "cell", "leukemia"),)),
    # an acute leukaemia of two lineages at once (WHO "mixed phenotype"; formerly "biphenotypic")
    DiagnosisNames("MPAL", LEUKEMIA,
                   abbreviations=(
                       "MPAL",
                   ),
                   phrases=(
                       "mixed phenotype acute leukaemia", "mixed phenotype acute leukemia",
                       "mixed-phenotype acute leukaemia", "mixed-phenotype acute leukemia",
                       "acute leukaemia of mixed phenotype", "acute leukemia of mixed phenotype",
                       "biphenotypic acute leukaemia", "biphenotypic acute leukemia", "biphenotypic leukaemia",
                       "biphenotypic leukemia", "acute biphenotypic leukaemia", "acute biphenotypic leukemia",
                       "混合表型急性白血病", "混合表型白血病", "混合细胞系急性白血病", "双表型急性白血病", "双表型白血病",
                   )),
    DiagnosisNames("leukemia (type not stated)", LEUKEMIA,
                   phrases=(
                       "白血病", "白雪病", "白血并",
                   ),
                   patterns=(("leukemia",),)),
    # ---- other haematologic disorders (E3)
    DiagnosisNames("MDS", OTHER_HEMATOLOGIC,
                   abbreviations=(
                       "MDS",
                   ),
                   phrases=(
                       "myelodysplastic syndrome", "myelodysplastic syndromes", "myelodysplasia",
                       "myelodysplastic",
                       "骨髓增生异常综合征", "骨髓增生异常",
                   )),
    # CMML is an MDS/MPN overlap neoplasm: despite "leukemia" in its name the trial's E3
    # (MDS, myeloproliferative disorders) covers it, so it is not an I2 leukemia here.
    DiagnosisNames("CMML", OTHER_HEMATOLOGIC,
                   abbreviations=(
                       "CMML",
                   ),
                   phrases=(
                       "慢性粒单核细胞白血病", "慢性粒-单核细胞白血病",
                   ),
                   patterns=(("chronic", "myelomonocytic", "leukemia?"),)),
    DiagnosisNames("multiple myeloma", OTHER_HEMATOLOGIC,
                   abbreviations=(
                       "MM",
                   ),
                   phrases=(
                       "multiple myeloma", "myeloma", "plasma cell myeloma",
                       "多发性骨髓瘤", "骨髓瘤",
                   )),
    DiagnosisNames("MPN", OTHER_HEMATOLOGIC,
                   abbreviations=(
                       "MPN", "PV", "ET", "PMF",
                   ),
                   phrases=(
                       "myeloproliferative neoplasm", "myeloproliferative neoplasms",
                       "myeloproliferative disorder", "myeloproliferative disease", "myeloproliferative",
                       "polycythemia vera", "polycythaemia vera", "essential thrombocythemia",
                       # a family's short name: "he also has polycythaemia, gets his blood let"
                       "polycythaemia", "polycythemia",
                       "essential thrombocythaemia", "primary myelofibrosis", "myelofibrosis",
                       "骨髓增殖性肿瘤", "骨髓增殖性疾病", "真性红细胞增多症", "原发性血小板增多症",
                       "原发性骨髓纤维化", "骨髓纤维化",
                   )),
    DiagnosisNames("ITP", OTHER_HEMATOLOGIC,
                   abbreviations=(
                       "ITP",
                   ),
                   phrases=(
                       "immune thrombocytopenia", "immune thrombocytopenic purpura",
                       "idiopathic thrombocytopenic purpura", "primary immune thrombocytopenia",
                       "免疫性血小板减少症", "原发免疫性血小板减少症", "特发性血小板减少性紫癜", "免疫性血小板减少",
                       "血小板减少性紫癜",
                   )),
    DiagnosisNames("MGUS", OTHER_HEMATOLOGIC,
                   abbreviations=(
                       "MGUS",
                   ),
                   phrases=(
                       "monoclonal gammopathy", "monoclonal gammopathy of undetermined significance",
                       "意义未明的单克隆丙种球蛋白病", "单克隆丙种球蛋白病",
                   )),
    DiagnosisNames("aplastic anaemia", OTHER_HEMATOLOGIC,
                   phrases=(
                       "aplastic anemia", "aplastic anaemia",
                       "再生障碍性贫血", "再障",
                   )),
    DiagnosisNames("PNH", OTHER_HEMATOLOGIC,
                   abbreviations=(
                       "PNH",
                   ),
                   phrases=(
                       "paroxysmal nocturnal hemoglobinuria", "paroxysmal nocturnal haemoglobinuria",
                       "阵发性睡眠性血红蛋白尿",
                   )),
    # ---- other
    DiagnosisNames("lymphoma", OTHER,
                   abbreviations=(
                       "NHL", "DLBCL", "HL",
                   ),
                   phrases=(
                       "lymphoma", "hodgkin lymphoma", "hodgkin's lymphoma", "hodgkin's", "hodgkin",
                       "non-hodgkin lymphoma", "non-hodgkin's lymphoma", "diffuse large b-cell lymphoma",
                       "淋巴瘤", "霍奇金淋巴瘤", "非霍奇金淋巴瘤", "弥漫大B细胞淋巴瘤",
                   )),
    DiagnosisNames("solid tumour", OTHER,
                   phrases=(
                       "solid tumour", "solid tumor", "breast cancer", "lung cancer", "colorectal cancer",
                       "colon cancer", "rectal cancer", "gastric cancer", "stomach cancer", "liver cancer",
                       "pancreatic cancer", "ovarian cancer", "prostate cancer", "cervical cancer", "carcinoma",
                       "sarcoma",
                       "实体瘤", "乳腺癌", "肺癌", "结直肠癌", "结肠癌", "直肠癌", "胃癌", "肝癌", "胰腺癌",
                       "卵巢癌", "宫颈癌",
                   )),
)
