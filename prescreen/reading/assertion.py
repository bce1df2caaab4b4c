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

import re
import threading
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from prescreen.reading import lexicon as lx
from prescreen.reading import nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NEGATED, UNCERTAIN, AFFIRMED = "NEGATED_EXISTENCE", "POSSIBLE_EXISTENCE", "AFFIRMED_EXISTENCE"
FAMILY, HYPOTHETICAL, TERMINATE, PSEUDO = "FAMILY", "HYPOTHETICAL", "TERMINATE", "PSEUDO"
FAMILY_HEADER = "FAMILY_HEADER"
STAY_ONLY = "STAY_ONLY"  # a denial limited to this admission: not the window a criterion asks about
FORWARD, BACKWARD, BIDIRECTIONAL = "FORWARD", "BACKWARD", "BIDIRECTIONAL"


@dataclass(frozen=True)
class Modifier:
    category: str
    direction: str
    phrases: tuple[str, ...]
    max_scope: int | None = None  # tokens; None: to the sentence's end (or start)
    only: tuple[str, ...] | None = None  # the fact keys it may modify (None: any)


def _keys(key: str | tuple[str, ...]) -> tuple[str, ...]:
    return key if isinstance(key, tuple) else (key,)


# One table for both languages, from the lexicon (prescreen.reading.lexicon). A phrase that
# is a bare answer too ("no", "pending") is listed there once, in a group named for both parts.
MODIFIERS: tuple[Modifier, ...] = (
    Modifier(NEGATED, FORWARD, lx.NO_AND_NEGATION_BEFORE + lx.NEGATION_BEFORE_PLAIN + lx.NEGATION_BEFORE),
    Modifier(NEGATED, BIDIRECTIONAL, lx.NEGATION_EITHER_SIDE),
    Modifier(NEGATED, BACKWARD, lx.NEGATION_AFTER, max_scope=12),
    Modifier(AFFIRMED, BACKWARD, lx.AFFIRMATION_AFTER, max_scope=12),
    Modifier(AFFIRMED, FORWARD, lx.AFFIRMATION_BEFORE, max_scope=8),
    Modifier(UNCERTAIN, FORWARD, lx.UNSURE_AND_UNCERTAIN_BEFORE + lx.UNSURE_ABOUT + lx.UNCERTAIN_BEFORE, max_scope=8),
    Modifier(UNCERTAIN, BIDIRECTIONAL, lx.UNSURE_AND_UNCERTAIN_EITHER_SIDE + lx.UNCERTAIN_EITHER_SIDE, max_scope=12),
    Modifier(UNCERTAIN, BACKWARD, lx.UNSURE_AND_UNCERTAIN_AFTER + lx.UNCERTAIN_AFTER, max_scope=12),
    Modifier(FAMILY, FORWARD, lx.FAMILY, max_scope=8),
    Modifier(FAMILY, BACKWARD, lx.FAMILY_AFTER, max_scope=6),
    # its own category, so that a relative's word in its scope ("死于") does not end it (ConText
    # limits a modifier's scope at the next of the same category); read as FAMILY
    Modifier(FAMILY_HEADER, FORWARD, lx.FAMILY_HEADERS),
    Modifier(HYPOTHETICAL, FORWARD, lx.HYPOTHETICAL, max_scope=8),
    Modifier(HYPOTHETICAL, BACKWARD, lx.HYPOTHETICAL_AFTER, max_scope=4),
    Modifier(STAY_ONLY, BIDIRECTIONAL, lx.THIS_STAY, only=lx.THIS_STAY_FOR),
    Modifier(UNCERTAIN, FORWARD, lx.OPINION_BEFORE, max_scope=8, only=lx.OPINION_FOR),
    Modifier(TERMINATE, TERMINATE, lx.CONTRAST + lx.SCOPE_ENDS),
    Modifier(PSEUDO, PSEUDO, lx.PSEUDO),
    *(Modifier(NEGATED, BACKWARD, words, max_scope=4, only=_keys(key)) for key, words in lx.NEGATION_AFTER_FOR.items()),
    *(Modifier(AFFIRMED, BACKWARD, words, max_scope=4, only=_keys(key)) for key, words in lx.AFFIRMATION_AFTER_FOR.items()),
    *(Modifier(NEGATED, FORWARD, words, max_scope=3, only=_keys(key)) for key, words in lx.NEGATION_BEFORE_FOR.items()),
    *(Modifier(UNCERTAIN, FORWARD, words, max_scope=3, only=_keys(key)) for key, words in lx.UNCERTAIN_BEFORE_FOR.items()),
    *(Modifier(UNCERTAIN, BACKWARD, words, max_scope=2, only=_keys(key)) for key, words in lx.UNCERTAIN_AFTER_FOR.items()),
)

# Between a finding and a modifier after it, or between the findings of a list.
_LIST_WORDS = frozenset(lx.LIST_JOINERS + lx.LIST_GAP)
# Findings that are statements of their own: a negation in another clause never reaches them
# ("没有肝炎，愿意参加", "no hepatitis, keen to take part").
STATEMENT_KEYS = {"willing_to_consent", "contraception_agreed", "refuses_romiplostim", "childbearing_potential",
                  "diagnosis_confirmed", "thrombocytopenia_due_to_treatment", "pregnant_or_breastfeeding"}
CLAUSE_BREAKS = {*lx.LIST_COMMAS, ";"}  # not "/": "no arterial/venous clots" is one clause
_PAST_ZH = frozenset(w for w in lx.PAST if nlp.CJK.search(w))  # "既往", "曾经": a history said of what follows
_SLOT_BREAKS = {*lx.LIST_COMMAS, ";", "/", "|"}
_FULL_STOPS = {".", "。", "!", "！", "；"}

_TARGETS = "prescreen_targets"  # doc.user_data: token indices inside findings
_lock = threading.Lock()
_context: dict[str, object] = {}

nlp._register_zh_words(p for m in MODIFIERS for p in m.phrases)
# The organs listed one character each ("无心、肝、肾功能不全"): kept apart, so that the segmenter does not
# join "无心" ("unintentionally") and lose the "无".
nlp._register_zh_words(("心", "肝", "肺", "肾", "脑"))


_PHRASES = {nlp.normalise(p).lower() for m in MODIFIERS for p in m.phrases}
_NEGATING = {nlp.normalise(p).lower() for m in MODIFIERS if m.category == NEGATED for p in m.phrases}


def is_modifier(text: str) -> bool:
    return text.lower() in _PHRASES


def _is_target_token(doc: "Doc", i: int) -> bool:
    return i in doc.user_data.get(_TARGETS, ())


def _bare(doc: "Doc", tokens: Iterable[int], values: bool = False) -> bool:
    """Only findings, list joiners and gap words: the tokens of a list; with `values`, a lab
    table's numbers too ("HIV Ag/Ab   0.12   <1.0 (neg)")."""
    return all(doc[i].is_space or _is_target_token(doc, i) or doc[i].lower_ in _LIST_WORDS
               or values and _VALUE.fullmatch(doc[i].text) is not None for i in tokens)


_VIRAL_LOAD_ZH = frozenset(("病毒载量", "载量", "病毒量", "病毒拷贝"))
# What is said of tests between their names and their result: when and that they were done
# ("住院的时候都查了，", "上个月查过的，结果"), without a result of its own.
_TESTED_CLAUSE_ZH = re.compile(r"[、,，/和及与跟\s]*[^,;，；。.!?0-9]{0,10}?(?:查|检查|检测|化验|验|测|筛查|做|抽血|抽了血)"
                               r"(?:过了|过|了|的)(?:的)?[,，]?(?:结果|报告|化验单上)?(?:是|为|写的)?"
                               # ... or how many they were: "乙肝、丙肝、HIV、梅毒，四样都是阴的" (an item no finding of ours
                               # among them)
                               r"|(?:[、,，/和及与跟\s]*[^,;，；。.!?0-9、]{1,4})*?[,，]?\s*(?:这|那)?[一二三四五六七八九十两几]"
                               r"(?:样|项|个|种)(?:检查|化验|传染病)?(?:都|均|全|也|全部)?")
_VALUE = re.compile(r"[<>≤≥]?\d{1,3}(?:\.\d+)?")  # not a year: "DVT 2019 - HIV neg"


def _backward_ok(doc: "Doc", target: "Span", modifier_start: int) -> bool:
    # "HIV/HBV/HCV neg", "HIV, HBV 阴性", "HIV Ab: negative"; not "DVT 2019, HIV neg".
    # A diagnosis is no list item of a test: "急淋，还没做骨穿" leaves the ALL as said.
    if target.label_ == "diagnosis" and any(doc[i].text in CLAUSE_BREAKS for i in range(target.end, modifier_start)):
        return False

    # Nor is a statement ("Mirena, bHCG neg": the contraception is no test result).
    if target.label_.lower() in STATEMENT_KEYS and any(
            doc[i].text in CLAUSE_BREAKS for i in range(target.end, modifier_start)):
        return False
    gap = range(target.end, modifier_start)
    if target.label_ == "hiv" and nlp.CJK.search(doc.text) and any(
            doc[i].text in _VIRAL_LOAD_ZH for i in gap):
        # "HIV感染，病毒载量检测不到", "艾滋病毒载量测不到": the load is undetectable, on treatment; the
        # infection is not denied
        return False
    if _bare(doc, gap, values=not any(doc[i].text in CLAUSE_BREAKS for i in gap)):
        return True
    if target.label_.split("@")[0].lower() in lx.CONFIRMED_BY_A_SECOND_TEST and _TESTED_CLAUSE_ZH.fullmatch("".join(
            doc[i].text for i in gap if not _is_target_token(doc, i))):
        # "艾滋、乙肝、丙肝住院的时候都查了，全是阴性": the tests named, said to be done, then their result
        return True
    # "肝炎、结核、梅毒、艾滋病均否认": a "、" list reaches back past an item that is no finding of ours
    breaks = [i for i in gap if doc[i].text == "、"]
    return bool(breaks) and breaks[0] == target.end and not any(
        doc[i].text in CLAUSE_BREAKS and doc[i].text != "、" for i in gap) and \
        _short_items(doc, [*breaks, modifier_start])


def _forward_ok(doc: "Doc", target: "Span", modifier_end: int) -> bool:
    if _answer_on_its_own(doc, modifier_end):
        return False
    if modifier_end < target.start and doc[target.start].lower_ in _NEGATING:
        # A finding that says its own sense ("declines romiplostim") is turned round only by the
        # word right before it: "does not want more injections and declines romiplostim" refuses.
        return False
    if target.start - 1 > modifier_end and doc[target.start - 1].text in _PAST_ZH and any(
            doc[i].text in _SLOT_BREAKS for i in range(modifier_end, target.start - 1)):
        return False  # "无 / 既往ET / 无": a slot that says "in the past, X" is its own statement, not the no's list
    colon = next((i for i in range(modifier_end, target.start) if doc[i].text == ":"), None)
    if colon is not None and any(_is_target_token(doc, i) for i in range(modifier_end, colon)):
        # "not thought to be chemo-related: splenic sequestration": the no found its finding;
        # after the colon comes the explanation ("Denies: DVT, PE" still reaches its list)
        return False
    breaks = [i for i in range(modifier_end, target.start) if doc[i].text in CLAUSE_BREAKS]
    if not breaks:
        return True
    if any(i + 1 < len(doc) and doc[i + 1].text in ("是", "而是", "就是") for i in breaks):
        return False  # "不是化疗引起的，是脾亢": the clause after says what it is instead
    if target.label_.lower() in STATEMENT_KEYS:
        return False
    if all(doc[i].text == "、" for i in breaks) and (_bare(doc, range(breaks[0] + 1, target.start)) or _short_items(doc, breaks)):
        # "、" only ever enumerates: "无慢性肝病、脾功能亢进等导致血小板减少的其他原因" reaches every item,
        # and so does "否认肝炎、结核、艾滋病等传染病史" past an item that is no finding of ours
        return True
    if _closes_a_list(doc, target, modifier_end, breaks):
        return True
    # Every clause after the modifier's must be a bare list item, up to the next break or the end.
    # (A full stop ends the last item too: "no HIV, HBV or HCV." is the list of "no HIV, HBV or HCV".)
    end = target.end
    while end < len(doc) and doc[end].text not in CLAUSE_BREAKS and doc[end].text not in _FULL_STOPS \
            and not doc[end].is_sent_start:
        end += 1
    # ... or ends in the time the list is denied for ("No TPO-RA, rhTPO or IL-11 in the last month")
    tail = next((k for k in range(target.end, end) if _LIST_TIME_TAIL.fullmatch(doc[k:end].text)), end)
    return _bare(doc, range(breaks[0] + 1, tail))


_LIST_TIME_TAIL = re.compile(
    r"\s*(?:ever|so far|to date|previously|before|recently|at any (?:time|point)|in the past"
    r"|(?:in|within|during|over|for) (?:the )?(?:last|past|previous|preceding) (?:\w+ ){0,2}?(?:days?|weeks?|months?|year)"
    r"|(?:in|within) (?:the )?(?:last|past) (?:month|year|4 weeks|28 days))?\s*", re.IGNORECASE)


def _answer_on_its_own(doc: "Doc", modifier_end: int) -> bool:
    """"No - it's hypersplenism", "No, he's fine": a no that opens the message and is followed by
    a dash or a comma is the answer to the question asked, not a no to what follows."""
    before = doc[:modifier_end]
    opens = all(t.is_space for t in before[:-1]) or len(before) <= 2 and all(
        t.lower_ in _NO_ANSWERS or t.is_space for t in before)
    words = [t for t in doc[modifier_end:modifier_end + 4] if not t.is_space]
    # ... and a statement of its own follows ("it's", "he has"; not a bare list: "No - DVT")
    return opens and before[-1].lower_ in _NO_ANSWERS and len(words) >= 2 and words[0].text in _ANSWER_ENDS \
        and words[1].lower_ in _STATEMENT_OPENERS


_NO_ANSWERS = {"no", "nope", "nah", "nil", "none", "否", "不", "没有"}
_STATEMENT_OPENERS = {"it", "its", "he", "she", "that", "this", "just", "only", "but", "they", "we", "i", "his", "her",
                      "the", "there", "because", "due", "他", "她", "是", "就是", "只是", "因为", "但"}
_ANSWER_ENDS = {",", "-", "–", "—", ".", "!", ";", "，", "。", "！", "；"}


def _short_items(doc: "Doc", breaks: list[int]) -> bool:
    """The items between "、"s are a few words each and hold no modifier of their own."""
    for start, end in zip(breaks, breaks[1:]):
        words = [doc[i] for i in range(start + 1, end) if not doc[i].is_space]
        if not words or len(words) > 3 or any(is_modifier(w.text) for w in words):
            return False
    return True


def _closes_a_list(doc: "Doc", target: "Span", modifier_end: int, breaks: list[int]) -> bool:
    """"denies chest pain, leg swelling or any previous clots": the finding is the last item of a
    list of a few words each, closed by "or"/"and" before it."""
    tail = [doc[i].lower_ for i in range(breaks[-1] + 1, target.start) if not doc[i].is_space]
    if len(tail) > 5 or not {"or", "nor", "and"} & set(tail):
        return False
    bounds = [modifier_end, *breaks, breaks[-1]]
    for start, end in zip(bounds, bounds[1:]):
        words = [doc[i] for i in range(start + 1 if start in breaks else start, end) if not doc[i].is_space]
        if len(words) > 3 or not all(w.is_alpha for w in words):
            return False
    return True


_THE_PATIENT = frozenset(("患者", "本人", "病人", "患者本人", "自己", "pt", "patient", "the patient", "he", "she"))
_NEVER_AFTER = frozenset(("没打过", "没用过", "没吃过"))
_TAKEN = frozenset(("打过", "用过", "吃过", "打了", "用了", "吃了", "参加过", "在用", "在打", "在吃"))
_JUDGED = frozenset(("考虑", "考虑为", "考虑是"))
_CAUSE_WORDS = frozenset(nlp.normalise(w) for w in lx.CAUSE_AFTER)


def _cause_follows(doc: "Doc", start: int) -> bool:
    """A word that names a cause ("所致", "引起", "相关") in the rest of the clause."""
    for t in doc[start:]:
        if t.text in CLAUSE_BREAKS or t.is_sent_start or t.text in (".", ";"):
            return False
        if any(t.text.endswith(w) for w in _CAUSE_WORDS):
            return True
    return False


_FAMILY_HEADERS = frozenset(nlp.normalise(p).lower() for p in lx.FAMILY_HEADERS)
_DISORDER_BEFORE = frozenset(nlp.normalise(p).lower() for words in lx.UNCERTAIN_BEFORE_FOR.values() for p in words)


def _in_reach(target: "Span", modifier: "Span", between: "Span | None") -> bool:
    """medspaCy's on_modifies callback: the limits above, by which side the finding is on."""
    if modifier.text == "?":
        return _query_reaches(target, modifier)
    if modifier.text in _JUDGED and target.start >= modifier.end and _cause_follows(target.doc, modifier.end):
        # "血小板减少考虑为感染所致": a note's judgement of the cause is said, not doubted ("考虑ITP可能" is
        # doubted by its "可能")
        return False
    if modifier.text.lower() in _FAMILY_HEADERS and target.start >= modifier.end:
        # "家族史：母亲死于肺栓塞，姨妈患多发性骨髓瘤": the heading's whole sentence, up to the patient named
        # again ("家族史无特殊，患者本人HIV阴性")
        return not any(t.lower_ in _THE_PATIENT for t in target.doc[modifier.end:target.start])
    if modifier.text.lower() in _DISORDER_BEFORE and target.label_ == "diagnosis" and not any(
            f.label_ == "diagnosis" and f.end <= modifier.start and not any(
                target.doc[i].is_sent_start for i in range(f.end, modifier.start + 1))
            for f in target.doc.spans["findings"]):
        return False  # "AML, secondary to prior CMML": only a disorder the leukemia named before came from
    if target.end <= modifier.start and modifier.text in _NEVER_AFTER and target.start > 0 and \
            target.doc[target.start - 1].text in _TAKEN:
        return False  # "打过特比澳没打过艾曲泊帕": the never-used is the drug after it, not the one taken
    if target.end <= modifier.start and target.label_ == "diagnosis" and any(
            f.label_ == "diagnosis_confirmed@test" and target.end <= f.start and (
                f.end <= modifier.start or f.start == modifier.end) for f in target.doc.spans["findings"]):
        # a doubt said of the confirming test ("AML 骨穿还没做", "白血病还没做骨穿"): the test's, not the
        # diagnosis's (its confirmation is read apart)
        return False
    if target.end <= modifier.start and modifier.text in _NOT_APPLICABLE and any(
            target.doc[i].text in lx.LIST_COMMAS or target.doc[i].text in ("，", ";", "；") for i in range(target.end, modifier.start)):
        return False  # "已绝经，不涉及": the question does not apply, because of what was said; not its denial
    if target.end <= modifier.start:
        return _backward_ok(target.doc, target, modifier.start)
    return _forward_ok(target.doc, target, modifier.end)


# "does not apply" words: said after a comma, of the question, not of the finding before them
_NOT_APPLICABLE = frozenset(("不涉及", "不存在", "都不存在", "不用问", "不用考虑", "不适用"))


def _joins_words(doc: "Doc", i: int) -> bool:
    """A sign glued to a letter or digit on both sides joins them."""
    return (i > 0 and not doc[i - 1].whitespace_ and not doc[i].whitespace_ and i + 1 < len(doc)
            and doc[i - 1].text[-1:].isalnum() and doc[i + 1].text[:1].isalnum())


_OPENING_PUNCTUATION = frozenset((",", ";", ":", "(", "/", "，", "；", "：", "（", "、"))


def _query_reaches(target: "Span", query: "Span") -> bool:
    """"?DVT", "? PE", "HIV?": a question mark doubts the word it stands against, nothing more."""
    doc, q = target.doc, query.start
    # (glued to the word before it; not to a comma or an opening bracket: "左下肢肿胀，?DVT", "(?PE)")
    glued_before = q > 0 and not doc[q - 1].whitespace_ and doc[q - 1].text not in _OPENING_PUNCTUATION
    if target.start == query.end:
        return not glued_before  # "?DVT", ", ? PE" (not "PE? DVT")
    between = range(query.end, target.start)
    if 0 < len(between) <= 4 and doc[query.end].is_alpha and all(
            (doc[i].is_alpha or doc[i].text in ("-", "/") and _joins_words(doc, i)) and not _is_target_token(doc, i)
            for i in between):
        # "?early dementia", "?recent PE", "?L calf DVT", "?partial non-occlusive thrombus": the doubt
        # is of the phrase
        return not glued_before
    # "HIV?", "既往“下肢血栓”？": a closing quote or bracket may stand between
    closers = all(doc[i].text in ('"', "'", ")", "]", "」", "』", "》") for i in range(target.end, q))
    if target.end <= q <= target.end + 3 and glued_before and nlp.CJK.search(doc[target.end:q].text or "") and all(
            doc[i].text not in CLAUSE_BREAKS and not is_modifier(doc[i].text)
            for i in range(target.end, q)):
        return True  # "血友病A携带者？": a Chinese word or two after the finding (another finding too), then the mark
    return target.end <= q and closers and glued_before


def _rules():
    """ConTextRules from MODIFIERS; a phrase listed in both directions of one category reads both ways."""
    ConTextRule = nlp.import_medspacy_context().ConTextRule

    merged: dict[tuple[str, str, tuple[str, ...] | None], tuple[set[str], int | None]] = {}
    for m in MODIFIERS:
        for phrase in m.phrases:
            directions, scope = merged.get((phrase, m.category, m.only), (set(), None))
            scope = None if m.max_scope is None or (directions and scope is None) else max(scope or 0, m.max_scope)
            merged[(phrase, m.category, m.only)] = (directions | {m.direction}, scope)
    # 5: past a closing quote, or over a short phrase before the finding (_query_reaches decides)
    merged[("?", UNCERTAIN, None)] = ({BIDIRECTIONAL}, 5)
    rules = []
    for (phrase, category, only), (directions, scope) in merged.items():
        direction = directions.pop() if len(directions) == 1 else BIDIRECTIONAL
        # "-" is a result only where _mark_result_signs says so (not "Nplate - came out in hives")
        pattern = [{"ORTH": "-", "_": {_RESULT_SIGN: True}}] if phrase == "-" else None
        rules.append(ConTextRule(nlp.normalise(phrase), category, pattern=pattern, direction=direction, max_scope=scope,
                                 on_modifies=_in_reach if direction in (FORWARD, BACKWARD, BIDIRECTIONAL) else None,
                                 terminated_by=_OPPOSITE.get(category), allowed_types=set(only) if only else None))
    # still to be checked, after what it is about ("其余待核实", "是否药物相关未明"): token patterns
    for k, tokens in enumerate(lx.PENDING_CHECK_PATTERNS):
        rules.append(ConTextRule(f"pending check {k}", UNCERTAIN, pattern=list(tokens), direction=BACKWARD, max_scope=12,
                                 on_modifies=_in_reach, terminated_by=_OPPOSITE.get(UNCERTAIN)))
    return rules


def _build(lang: str):
    ConText = nlp.import_medspacy_context().ConText

    context = ConText(nlp.pipeline(lang), rules=None, input_span_type="group", span_group_name="findings",
                      prune_on_target_overlap=True, span_attrs=None)
    context.add(_rules())
    context._ConText__matcher = _NoSignsInsideNames(context._ConText__matcher)
    if lang == "zh":
        context._ConText__matcher = _ChineseModifiersByCharacter(context._ConText__matcher, nlp.pipeline(lang))
    # Every rule is a phrase, so medspaCy's token Matcher stays empty and spaCy would warn
    # about it on every message.
    warnings.filterwarnings("ignore", message=r"\[W036\]")
    return context


class _NoSignsInsideNames:
    """ConText's matcher, without the "-" and "+" that join the letters or digits around them
    ("AML-M4", "TPO-RA", "IL-11", "IA 3+7"): they are no test results, and as modifiers they
    would also end the scope of a real one ("未使用TPO-RA、rhTPO或IL-11")."""

    def __init__(self, matcher) -> None:
        self._matcher = matcher

    def __getattr__(self, name: str):
        return getattr(self._matcher, name)

    def __call__(self, doc: "Doc"):
        # Nor a modifier inside a finding ("keen on" in "not keen on the trial"): medspaCy prunes
        # those (prune_on_target_overlap) only after they have ended the scopes of the others,
        # so "not" would never reach the finding.
        return [(m, s, e) for m, s, e in self._matcher(doc)
                if not (e - s == 1 and doc[s].text in ("-", "+") and _joins_words(doc, s))
                and not any(_is_target_token(doc, i) for i in range(s, e))
                and not _prefix_of_a_word(doc, s, e)]


def _prefix_of_a_word(doc: "Doc", s: int, e: int) -> bool:
    """"non-occlusive thrombus", "non-specific": a "non-" glued to a word that is no finding denies
    that word only ("non-HIV" and "non-reactive" are read: a finding, or a result word after one)."""
    return (e - s == 1 and doc[s].lower_ == "non" and e + 1 < len(doc) and doc[e].text == "-"
            and _joins_words(doc, e) and not _is_target_token(doc, e + 1)
            and doc[e + 1].lower_ not in _RESULT_AFTER_NON)


_RESULT_AFTER_NON = frozenset(("reactive", "reacting", "detected", "detectable", "immune", "contributory"))


class _ChineseModifiersByCharacter:
    """ConText's matcher, plus Chinese modifiers found in the characters where the segmenter cut
    across them: jieba keeps the lexicons' words whole, so in "尚未签署知情同意书" the modifier
    "尚未签署" ends inside the word "签署知情同意书" and no phrase of tokens can match it. Such a
    modifier counts from the tokens it covers whole ("尚未"); one that lies inside a single word
    ("正常" in "不正常") covers no token whole and is not read."""

    def __init__(self, matcher, pipeline) -> None:
        self._matcher = matcher
        strings = pipeline.vocab.strings
        self._phrases = sorted(((nlp.normalise(rule.literal).lower(), strings.add(rule_id))
                                for rule_id, rule in matcher.rule_map.items()
                                if rule.pattern is None and len(nlp.CJK.findall(rule.literal)) >= 2),
                               key=lambda p: -len(p[0]))

    def __getattr__(self, name: str):
        return getattr(self._matcher, name)

    def __call__(self, doc: "Doc"):
        nlp.import_medspacy_context()
        from medspacy.common.util import prune_overlapping_matches

        matches = list(self._matcher(doc))
        starts = {t.idx: t.i for t in doc}
        ends = {t.idx + len(t.text): t.i + 1 for t in doc}
        text = doc.text.lower()
        found = set()
        for phrase, match_id in self._phrases:
            at = text.find(phrase)
            while at >= 0:
                end = at + len(phrase)
                inside = [t.i for t in doc if t.idx >= at and t.idx + len(t.text) <= end]
                aligned = at in starts or end in ends
                if inside and aligned and not (at in starts and end in ends) and not any(
                        _is_target_token(doc, i) for i in inside):
                    found.add((match_id, inside[0], inside[-1] + 1))
                at = text.find(phrase, at + 1)
        if not found:
            return matches
        # a modifier found in the characters says more than the shorter one on the same tokens
        # ("不知道是|不是|过敏": "是不是" over "不是")
        spans = {(s, e) for _, s, e in found}
        matches = [m for m in matches if (m[1], m[2]) not in spans]
        return prune_overlapping_matches(matches + sorted(found))


# A modifier's scope also ends at a modifier of the opposite sense: "HIV +ve, HBV -ve".
_OPPOSITE = {NEGATED: {AFFIRMED, UNCERTAIN}, AFFIRMED: {NEGATED, UNCERTAIN}, UNCERTAIN: {NEGATED}}


def _context_for(lang: str):
    with _lock:
        if lang not in _context:
            _context[lang] = _build(lang)
        return _context[lang]


_RESULT_SIGN = "prescreen_result_sign"  # Token._.prescreen_result_sign
# What may follow a "-" that is a test result: the end of its clause or another finding.
_AFTER_RESULT_SIGN = frozenset((*CLAUSE_BREAKS, ".", ")", "/", "，", "。"))


def _mark_result_signs(doc: "Doc") -> None:
    """Marks each "-" that can be a negative result: "HIV-", "HBsAg-, HCV-", "sAg- DNA-";
    not a dash between words ("Nplate - came out in hives", "sepsis - resolved", "Neumega - ?dates")."""
    from spacy.tokens import Token

    if not Token.has_extension(_RESULT_SIGN):
        Token.set_extension(_RESULT_SIGN, default=False)
    for token in doc:
        if token.text != "-":
            continue
        j, k = token.i + 1, token.i - 1
        while j < len(doc) and doc[j].is_space and "\n" not in doc[j].text:
            j += 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        # after a finding (or its test's words: "HIV Ab -") and before the end of its item
        after_finding = k >= 0 and (_is_target_token(doc, k) or doc[k].lower_ in _LIST_WORDS)
        # "HIV- ECOG1": a sign after its test, then the next item of a shorthand list, in capitals
        glued_then_space = bool(token.whitespace_) and j < len(doc) and doc[j].text[:1].isupper()
        token._.set(_RESULT_SIGN, after_finding and (j >= len(doc) or doc[j].is_space or glued_then_space
                                                     or doc[j].text in _AFTER_RESULT_SIGN or _is_target_token(doc, j)))


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
    _mark_result_signs(doc)
    spans = [Span(doc, s, e, label=key) for s, e, key in findings]
    doc.spans["findings"] = spans
    _context_for(doc.lang_)(doc)
    found: dict[tuple[int, int, str], set[str]] = {}
    reach: dict[tuple[int, int, str], tuple[int, int]] = {}
    nearest: dict[tuple[int, int, str], dict[str, tuple[int, int]]] = {}  # polar category -> distance
    # A forward modifier right before an affirming one speaks through it ("不除外 合并 MDS",
    # "可能 有 血栓", "possibly had a clot"): the affirming word only says "has", the one before
    # says how sure; ConText would have let the affirming word end the first one's scope.
    ahead = {m.modifier_span[1]: m for m in doc._.context_graph.modifiers
             if m.category in (NEGATED, UNCERTAIN) and m.direction.upper() in (FORWARD, BIDIRECTIONAL)}
    edges = []
    for target, modifier in doc._.context_graph.edges:
        before = ahead.get(modifier.modifier_span[0]) if modifier.category == AFFIRMED else None
        if before is not None and target.start >= modifier.modifier_span[1] and _in_reach(
                target, doc[before.modifier_span[0]:before.modifier_span[1]], None):
            modifier = before
        edges.append((target, modifier))
    for target, modifier in edges:
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
    if UNCERTAIN in cats or {NEGATED, AFFIRMED} <= cats or {NEGATED, STAY_ONLY} <= cats:
        return "unsure"  # ... and "none during this admission": before it, not said
    if FAMILY in cats or FAMILY_HEADER in cats or HYPOTHETICAL in cats:
        return "other"
    if NEGATED in cats:
        return "neg"
    if AFFIRMED in cats:
        return "pos"
    return None
