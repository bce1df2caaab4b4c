"""Daily activity in everyday words: the ECOG grade said the way the published patient-reported
versions say it, and the one follow-up question asked when a person's words leave more than one
grade ("walks independently" can be 0, 1 or 2). Plain Python, no Rasa, unit-tested directly.

Two neighbouring grades get one yes/no question about the line between them ("Can he still do
light work?": yes = 1, no = 2); a wider range gets the descriptions of just those grades to pick
from. The answer decides, or the grade stays not known: it is never guessed.
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from prescreen.reading.parsing import InvalidValue, parse_bool
from prescreen.texts import EN, ZH, buttons, say

# Each grade in everyday words, short, as the echo and a patient's summary say it, and the line
# between grade n and n + 1 as a question whose "yes" means grade n: the catalogue's `activity`
# section (prescreen/texts/catalogue.yml).


def grade_words(grade: int, lang: str) -> str:
    return say(f"grade_{int(grade)}", ZH if lang == ZH else EN)


def pending_range(value: Any) -> tuple[int, int] | None:
    """The ecog_range slot as (lo, hi), or None."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        lo, hi = int(value[0]), int(value[1])
        if 0 <= lo < hi <= 4:
            return lo, hi
    return None


def followup_question(lo: int, hi: int, lang: str, sex: str | None = None) -> str:
    """One question telling grades lo..hi apart, in everyday words."""
    lang = ZH if lang == ZH else EN
    of = {"M": "_m", "F": "_f"}.get(sex or "", "")  # the catalogue's words for him, her, or the patient
    he, him, his = (say(f"patient_{w}{of}", lang) for w in ("he", "him", "his"))
    if hi == lo + 1:
        q = say(f"line_{lo}", lang, he=he, him=him, his=his)
        return q[0].upper() + q[1:] + say("line_answers", lang)
    return "\n".join([say("pick_grade", lang), *(f"{g} {grade_words(g, lang)}" for g in range(lo, hi + 1))])


def followup_buttons(lo: int, hi: int, lang: str) -> list[dict[str, str]]:
    lang = ZH if lang == ZH else EN
    if hi == lo + 1:
        return buttons("can_cannot", lang)
    return [{"title": f"{g} {grade_words(g, lang)}", "payload": str(g)} for g in range(lo, hi + 1)] + buttons("not_sure", lang)


# Short answers to the yes/no line question beyond parse_bool's table. "可能"/"maybe" decide
# nothing: parse_bool reads "可能" as yes, which here would be a guess.
_YES = {"能", "能的", "还能", "能做", "还可以", "可以的", "yes he can", "yes she can", "he can", "she can", "can"}
_NO = {"不能", "不能了", "不行", "做不了", "干不了", "不可以", "no he can't", "no she can't", "he can't", "she can't",
       "can't", "cannot", "he cannot", "she cannot"}
_UNDECIDED = {"可能", "maybe", "probably", "perhaps", "sometimes", "有时", "有时候", "不一定", "说不好", "好", "好的",
              "ok", "okay", "嗯"}
_FIRST_WORDS = {"yes": True, "yeah": True, "yep": True, "no": False, "nope": False, "是": True, "是的": True,
                "否": False, "没有": False}
_SPLIT = re.compile(r"[,，。.!！;；、\s]+")


def yes_no(text: str) -> bool | None:
    """The yes or no a short answer gives ("yes", "不能，他整天躺着"), else None; "not sure",
    "maybe" and "ok" give none."""
    whole = " ".join(str(text).lower().split()).strip(" .!。！")
    if not whole or whole in _UNDECIDED:
        return None
    if whole in _YES or whole in _NO:
        return whole in _YES
    try:
        value = parse_bool(whole)
    except InvalidValue:
        value = None
    else:
        if whole in ("1", "0", "t", "f"):
            value = None
        elif value is None:
            return None  # "not sure", "不清楚"
    if value is not None:
        return value
    first = _SPLIT.split(whole, maxsplit=1)[0]
    if first in _YES or first in _NO:
        return first in _YES
    return _FIRST_WORDS.get(first)


def undecided(text: str) -> bool:
    """"maybe", "可能", "说不好": an answer, but one that decides nothing."""
    return " ".join(str(text).lower().split()).strip(" .!。！") in _UNDECIDED - {"好", "好的", "ok", "okay", "嗯"}


def decide(lo: int, hi: int, text: str, ecog: Any, words: Sequence[int] | None, unsure: bool) -> int | None:
    """The grade the answer to the follow-up decides, or None (then the grade is not known).

    `ecog` is a grade the message states outright (a number, or words that settle it), `words`
    the range its activity words leave, `unsure` whether it says it is not known."""
    if isinstance(ecog, int) and not isinstance(ecog, bool):
        return ecog  # stated outright, even outside the range: the person's own answer stands
    if unsure:
        return None
    if words is not None:
        a, b = max(lo, words[0]), min(hi, words[1])
        return a if a == b else None
    if hi == lo + 1:
        answer = yes_no(text)
        if answer is not None:
            return lo if answer else hi
    return None
