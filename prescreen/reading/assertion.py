"""How each finding in a message is meant: affirmed, negated, uncertain, or not about the patient now.

This is the ConText algorithm (NegEx's successor) as medspaCy implements it: modifier phrases
("no", "-ve", "awaited", "?", "可能", "待回报", "mother had") each have a direction and a scope,
scopes stop at the end of the sentence, at "but"/"但" and at modifiers of the opposite sense,
and every finding in a modifier's scope takes the modifier's category. The rules for both
languages are the table MODIFIERS below; medspaCy's ConText matches them in the same Doc the
findings were found in (blank English or jieba-segmented Chinese) and builds the graph.

Two limits keep a modifier to what it is about, because shorthand has no grammar to lean on:

* a modifier after its findings ("HIV/HBV/HCV neg", "HIV, HBV 阴性") reaches back only over a
  list: other findings, list joiners and words such as "status" or "检测"; "DVT 2019, HIV neg"
  says nothing of the DVT;
* a modifier before its findings crosses a comma only into a clause that is itself a bare list
  item ("no HIV, HBV or HCV"), and never into a statement such as "愿意参加" (没有肝炎，愿意参加).
"""
from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from prescreen.reading import nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NEGATED, UNCERTAIN, AFFIRMED = "NEGATED_EXISTENCE", "POSSIBLE_EXISTENCE", "AFFIRMED_EXISTENCE"
FAMILY, HYPOTHETICAL, TERMINATE, PSEUDO = "FAMILY", "HYPOTHETICAL", "TERMINATE", "PSEUDO"
FORWARD, BACKWARD, BIDIRECTIONAL = "FORWARD", "BACKWARD", "BIDIRECTIONAL"


@dataclass(frozen=True)
class Modifier:
    category: str
    direction: str
    phrases: tuple[str, ...]
    max_scope: int | None = None  # tokens; None: to the sentence's end (or start)


# One table for both languages. Longer phrases win over the phrases inside them ("no history
# of" over "no", "未回报" over "未"), so a phrase is listed whole wherever it means more.
MODIFIERS: tuple[Modifier, ...] = (
    Modifier(NEGATED, FORWARD, (
        "no", "not", "nor", "none", "nil", "denies", "denied", "deny", "denying", "without", "never", "never had",
        "no history of", "no hx of", "no h/o", "nil h/o", "nil hx", "no known", "no evidence of", "no prior",
        "no previous", "no recent", "no sign of", "no signs of", "negative for", "free of", "non", "isn't", "is not",
        "hasn't", "has not", "hasn't had", "has not had", "does not have", "doesn't have", "not on", "not taking",
        "never been", "never used", "never on", "not had", "no further", "nor any", "absence of", "ruled out for",
        "没有", "无", "未", "从来没有", "从未", "否认", "不是", "没", "没用过", "没有用过", "未用", "未用过", "未使用",
        "未曾", "未见", "未发现", "未诊断", "排除", "非",
        "declines", "declined", "refuses", "refused", "won't", "will not",
        "impossible", "cannot be", "拒绝", "不愿意", "不肯", "不想", "不同意", "不可能", "不会", "不在",
        "没得过", "没有得过", "没吃过", "没有吃过", "没用过", "没打过", "没有打过", "从没", "从没有", "也没", "也没有",
        "没出现过", "没发生过", "没患过", "没有过", "本人无", "均无", "亦无", "并无", "既往无",
        "nil history of", "no personal history of", "no personal history", "nil hx of", "no past history of",
        "no previous history of", "no significant history of", "no past medical history of", "denies history of",
        "denies any history of", "no documented", "no known history of", "never had any",
        "declines to use", "declined to use", "refuses to use", "won't use", "will not use", "does not want to use",
        "doesn't want to use", "not willing to use", "unwilling to use", "does not want", "doesn't want",
        "不愿意用", "不想用", "不愿戴", "不想戴", "不肯戴", "不愿意戴",
    )),
    Modifier(NEGATED, BACKWARD, (
        "negative", "neg", "-ve", "ve-", "- ve", "ruled out", "excluded", "not detected", "undetectable",
        "non-reactive", "nonreactive", "non reactive", "<", "below detection", "below the limit of detection",
        "below detection limit", "suppressed", "低于检测下限", "低于下限", "低于检测线", "not reactive", "normal", "clear", "absent", "nad",
        "阴性", "(-)", "( - )", "-", "未检出", "未见异常", "正常", "排除",
        "非反应性", "无反应性", "阴性反应", "都没有", "也没有", "都没", "均无", "都无", "都不是", "都是阴性", "均阴性",
        "均为阴性", "都正常", "已结束", "结束了", "已停", "停了", "已断奶", "断奶了", "没有了", "好了",
    ), max_scope=12),
    Modifier(AFFIRMED, BACKWARD, (
        "positive", "pos", "+ve", "ve+", "detected", "reactive", "detectable", "阳性", "(+)", "( + )", "+",
        "in situ", "fitted", "agreed", "discussed and agreed", "ok", "fine", "可以", "没问题",
    ), max_scope=12),
    Modifier(AFFIRMED, FORWARD, (
        "has", "had", "with", "history of", "hx of", "h/o", "known", "diagnosed with", "positive for", "on",
        "currently on", "taking", "receiving", "started on", "confirmed", "uses", "using", "use", "will use",
        "agrees to", "agreed to", "happy to use", "happy with", "keen on", "会用", "在用", "同意用",
        "有", "患有", "合并", "曾有", "有过", "确诊", "正在用", "在用",
    ), max_scope=8),
    Modifier(UNCERTAIN, FORWARD, (
        "query", "queried", "possible", "possibly", "probable", "probably", "maybe", "may have", "may have had",
        "might have", "might have had", "could have", "could have had", "suspected", "suspect", "suspicion of",
        "likely", "questionable", "?possible", "r/o", "rule out", "to rule out", "not sure", "not sure if",
        "not sure about", "not sure whether", "unsure", "unsure if", "unsure whether", "uncertain", "unclear if",
        "unclear whether", "don't know if", "do not know if", "not known if", "unknown if", "awaiting", "pending",
        "waiting for", "possibly had", "?previous", "?prior", "equivocal", "borderline", "presumed",
        "可能", "可能有", "可能有过", "疑似", "怀疑", "似乎", "好像", "好像有", "好像有过", "不确定", "不清楚",
        "不知道", "不太清楚", "说不清", "待查", "待排", "待排除", "未排除", "不排除", "考虑", "待",
        "不除外", "不能除外", "不能排除", "是否", "有无", "有没有", "whether", "if any", "初筛阳性", "screening positive",
    ), max_scope=8),
    Modifier(UNCERTAIN, BACKWARD, (
        "pending", "awaited", "awaiting", "results awaited", "result awaited", "result pending",
        "results pending", "not back", "not back yet", "not yet back", "to follow", "tbc", "unknown", "not known",
        "not tested", "never tested", "not checked", "not done", "not yet done", "not available", "n/a",
        "equivocal", "indeterminate", "borderline", "sent", "requested", "outstanding", "in progress",
        "not discussed", "not yet discussed", "not discussed yet", "not raised", "not yet raised", "not asked",
        "not yet asked", "to be discussed", "tbd", "to discuss",
        "还没谈", "还没问", "没问过", "还没说", "没谈过", "未谈", "未讨论", "再考虑", "考虑考虑", "不适用",
        "可能", "可能性大", "待排", "不除外", "待核实", "待确认", "to be confirmed", "tbc", "初筛阳性", "弱阳性",
        "尚未回报", "尚未出", "尚未查", "尚未检查", "尚未确认", "还未回报", "暂未回报", "未回", "结果未回", "未出",
        "还没查", "还没做", "还没出来", "还没出结果", "没出来", "没说", "没讲", "具体不清楚", "不知道是", "说不准",
        "has been sent", "have been sent", "been sent", "has been requested", "has not yet been done",
        "has not been done", "not yet been done", "not been done", "hasn't been done", "not been tested",
        "yet to be done", "yet to be tested", "not yet tested", "still awaited", "still pending",
        "结果还没出来", "还没出结果", "结果未回报", "结果待回报",
        "有没有用过", "有没有打过", "有没有吃过", "有没有得过", "用没用过", "打没打过",
        "待回报", "未回报", "还没回报", "还没出", "还没出来", "结果未出", "待查", "未查", "没查", "没查过", "未做",
        "没做", "不详", "未知", "不清楚", "待复查", "已送检", "送检中", "可疑", "弱阳性", "(±)", "±",
    ), max_scope=12),
    # Only words that say the finding is a relative's: in families' messages "我妈有血栓" is about
    # the patient, who is the mother.
    Modifier(FAMILY, FORWARD, (
        "family history of", "family history", "fhx", "fhx of", "fh of", "fh", "his mother", "her mother",
        "his father", "her father", "his brother", "her brother", "his sister", "her sister", "mother had",
        "father had", "brother had", "sister had", "maternal", "paternal", "in the family", "runs in the family",
        "家族史", "家族", "家里人有", "其父", "其母", "其父亲", "其母亲", "其兄", "其姐", "其弟", "其妹", "患者父亲",
        "患者母亲", "父亲有", "母亲有", "父母有", "他妈妈", "她妈妈", "他母亲", "她母亲", "他爸爸", "她爸爸", "他父亲", "她父亲",
        "他哥哥", "他姐姐", "他弟弟", "他妹妹", "她哥哥", "她姐姐", "她弟弟", "她妹妹",
    ), max_scope=8),
    Modifier(HYPOTHETICAL, FORWARD, (
        "if", "should", "in case", "would consider", "will consider", "consider", "considering", "plan to",
        "planned", "plan", "may need", "might need", "could start", "would start", "will start", "to start",
        "如果", "若", "假如", "万一", "打算", "准备", "计划", "考虑用", "必要时", "如", "如出现", "若出现", "一旦",
        "如有", "若有",
    ), max_scope=8),
    Modifier(TERMINATE, TERMINATE, (
        "but", "however", "although", "though", "except", "whereas", "yet", "apart from", "aside from", "which",
        "who", "otherwise", "still", "though", "but has", "but had",
        "但", "但是", "不过", "可是", "然而", "除了", "却", "仍", "还有",
    )),
    # Phrases that hold a trigger word but do not negate or doubt ("gram-negative sepsis",
    # "no change", "not only"): listed so that their inner trigger is not read.
    Modifier(PSEUDO, PSEUDO, (
        "gram negative", "gram-negative", "no change", "no increase", "no further change", "not only",
        "not just", "no doubt", "without doubt", "not ruled out", "cannot be ruled out", "can't be ruled out",
        "not excluded", "无明显变化", "不仅", "不只",
    )),
)

# Between a finding and a modifier after it, or between the findings of a list.
_LIST_JOINERS = {",", "、", "/", "&", "and", "or", "nor", "和", "或", "及", "与", "以及", "跟", "all", "both", "都",
                 "均", "全", "也", "，", "+"}
_GAP = {":", "=", "(", ")", "[", "]", "is", "was", "are", "were", "be", "been", "test", "tests", "testing",
        "status", "screen", "screening", "serology", "serologies", "result", "results", "ab", "abs", "antibody",
        "antibodies", "ag", "antigen", "sag", "pcr", "rna", "dna", "viral", "load", "vl", "level", "b", "c", "type",
        "virus", "infection", "all", "both", "also", "too", "as", "well", "each", "each", "either", "any",
        "检查", "检测", "结果", "为", "是", "呈", "抗体", "抗原", "五项", "两对半", "筛查", "病毒", "感染", "等", "类", "药",
        "类药", "药物", "历史", "史", "病史", "ve", "-", "'s", "s",
        "梅毒", "梅毒抗体", "梅毒螺旋体", "syphilis", "rpr", "vdrl", "tpha", "抗", "anti", "四项", "传染病", "标志物", "指标",
        "相关检查", "项目", "has", "have", "had", "been", "being", "an", "a", "the", "his", "her", "their", "查过", "检查过", "都查过", "查了", "做过", "tested", "checked", "那个", "这个", "的", "化验",
        "初筛", "screen", "panel", "markers", "marker", "titre", "titer", "均", "亦"}
# Findings that are statements of their own: a negation in another clause never reaches them
# ("没有肝炎，愿意参加", "no hepatitis, keen to take part").
STATEMENT_KEYS = {"willing_to_consent", "contraception_agreed", "refuses_romiplostim", "childbearing_potential",
                  "diagnosis_confirmed", "thrombocytopenia_due_to_treatment", "pregnant_or_breastfeeding"}
CLAUSE_BREAKS = {",", "、", "&", ";"}  # not "/": "no arterial/venous clots" is one clause

_TARGETS = "prescreen_targets"  # doc.user_data: token indices inside findings
_lock = threading.Lock()
_context: dict[str, object] = {}

nlp._register_zh_words(p for m in MODIFIERS for p in m.phrases)


_PHRASES = {nlp.normalise(p).lower() for m in MODIFIERS for p in m.phrases}


def is_modifier(text: str) -> bool:
    return text.lower() in _PHRASES


def _is_target_token(doc: "Doc", i: int) -> bool:
    return i in doc.user_data.get(_TARGETS, ())


def _bare(doc: "Doc", tokens: Iterable[int]) -> bool:
    """Only findings, list joiners and gap words: the tokens of a list."""
    return all(doc[i].is_space or _is_target_token(doc, i) or doc[i].lower_ in _LIST_JOINERS
               or doc[i].lower_ in _GAP for i in tokens)


def _backward_ok(doc: "Doc", target: "Span", modifier_start: int) -> bool:
    # "HIV/HBV/HCV neg", "HIV, HBV 阴性", "HIV Ab: negative"; not "DVT 2019, HIV neg".
    return _bare(doc, range(target.end, modifier_start))


def _forward_ok(doc: "Doc", target: "Span", modifier_end: int) -> bool:
    breaks = [i for i in range(modifier_end, target.start) if doc[i].text in CLAUSE_BREAKS]
    if not breaks:
        return True
    if target.label_.lower() in STATEMENT_KEYS:
        return False
    # Every clause after the modifier's must be a bare list item, up to the next break or the end.
    end = target.end
    while end < len(doc) and doc[end].text not in CLAUSE_BREAKS and not doc[end].is_sent_start:
        end += 1
    return _bare(doc, range(breaks[0] + 1, end))


def _in_reach(target: "Span", modifier: "Span", between: "Span") -> bool:
    """medspaCy's on_modifies callback: the limits above, by which side the finding is on."""
    if modifier.text == "?":
        return _query_reaches(target, modifier)
    if target.end <= modifier.start:
        return _backward_ok(target.doc, target, modifier.start)
    return _forward_ok(target.doc, target, modifier.end)


def _query_reaches(target: "Span", query: "Span") -> bool:
    """"?DVT", "? PE", "HIV?": a question mark doubts the word it stands against, nothing more."""
    doc, q = target.doc, query.start
    glued_before = q > 0 and not doc[q - 1].whitespace_
    if target.start == query.end:
        return not glued_before  # "?DVT", ", ? PE" (not "PE? DVT")
    return target.end == q and glued_before  # "HIV?"


def _rules():
    """ConTextRules from MODIFIERS; a phrase listed in both directions of one category reads both ways."""
    from medspacy.context import ConTextRule

    merged: dict[tuple[str, str], tuple[set[str], int | None]] = {}
    for m in MODIFIERS:
        for phrase in m.phrases:
            directions, scope = merged.get((phrase, m.category), (set(), None))
            scope = None if m.max_scope is None or (directions and scope is None) else max(scope or 0, m.max_scope)
            merged[(phrase, m.category)] = (directions | {m.direction}, scope)
    merged[("?", UNCERTAIN)] = ({BIDIRECTIONAL}, 1)
    rules = []
    for (phrase, category), (directions, scope) in merged.items():
        direction = directions.pop() if len(directions) == 1 else BIDIRECTIONAL
        rules.append(ConTextRule(nlp.normalise(phrase), category, direction=direction, max_scope=scope,
                                 on_modifies=_in_reach if direction in (FORWARD, BACKWARD, BIDIRECTIONAL) else None,
                                 terminated_by=_OPPOSITE.get(category)))
    return rules


def _build(lang: str):
    from medspacy.context import ConText

    context = ConText(nlp.pipeline(lang), rules=None, input_span_type="group", span_group_name="findings",
                      prune_on_target_overlap=True, span_attrs=None)
    context.add(_rules())
    # Every rule is a phrase, so medspaCy's token Matcher stays empty and spaCy would warn
    # about it on every message.
    warnings.filterwarnings("ignore", message=r"\[W036\]")
    return context


# A modifier's scope also ends at a modifier of the opposite sense: "HIV +ve, HBV -ve".
_OPPOSITE = {NEGATED: {AFFIRMED, UNCERTAIN}, AFFIRMED: {NEGATED, UNCERTAIN}, UNCERTAIN: {NEGATED, AFFIRMED}}


def _context_for(lang: str):
    with _lock:
        if lang not in _context:
            _context[lang] = _build(lang)
        return _context[lang]


def categories(doc: "Doc", findings: list[tuple[int, int, str]],
               sentence_starts: Iterable[int]) -> list[tuple[set[str], tuple[int, int]]]:
    """The modifier categories of each finding (token start, end, fact key), in order, and the
    tokens the finding and its modifiers cover (the words to quote for it).

    `sentence_starts` are the token indices that begin a sentence (the caller's clause reading:
    full stops, new lines, "but"/"但")."""
    from spacy.tokens import Span

    if not findings:
        return []
    starts = set(sentence_starts) | {0}
    for token in doc:
        token.is_sent_start = token.i in starts
    doc.user_data[_TARGETS] = {i for s, e, _ in findings for i in range(s, e)}
    spans = [Span(doc, s, e, label=key) for s, e, key in findings]
    doc.spans["findings"] = spans
    _context_for(doc.lang_)(doc)
    found: dict[tuple[int, int, str], set[str]] = {}
    reach: dict[tuple[int, int, str], tuple[int, int]] = {}
    nearest: dict[tuple[int, int, str], dict[str, tuple[int, int]]] = {}  # polar category -> distance
    for target, modifier in doc._.context_graph.edges:
        key = (target.start, target.end, target.label_)
        found.setdefault(key, set()).add(modifier.category)
        m_start, m_end = modifier.modifier_span
        # ties go to the word after the finding: a result follows its test ("with HBV DNA undetectable")
        distance = (m_start - target.end, 0) if m_start >= target.end else (target.start - m_end, 1)
        if modifier.category in (NEGATED, AFFIRMED):
            d = nearest.setdefault(key, {})
            d[modifier.category] = min(d.get(modifier.category, distance), distance)
        start, end = reach.get(key, (target.start, target.end))
        reach[key] = (min(start, modifier.modifier_span[0]), max(end, modifier.modifier_span[1]))
    for key, d in nearest.items():
        if len(d) == 2 and d[NEGATED] != d[AFFIRMED]:
            # "with HBV DNA undetectable": the nearer of two opposite modifiers is the one meant
            found[key].discard(AFFIRMED if d[NEGATED] < d[AFFIRMED] else NEGATED)
    return [(found.get(f, set()), reach.get(f, (f[0], f[1]))) for f in findings]


def state(cats: set[str]) -> str | None:
    """One reading per finding: 'unsure' outranks the rest (never guess), a finding both negated
    and affirmed is 'unsure' too, 'other' is family history or a hypothetical."""
    if UNCERTAIN in cats or {NEGATED, AFFIRMED} <= cats:
        return "unsure"
    if FAMILY in cats or HYPOTHETICAL in cats:
        return "other"
    if NEGATED in cats:
        return "neg"
    if AFFIRMED in cats:
        return "pos"
    return None
