"""Dates in a message, read as how long ago they were: "last injection 11 Sept 2026",
"末次11.08", "Eltrombopag Oct 2025 - Jan 2026", "IL-11 in the first cycle, that was March".

A date is a span of days, not a point: "March" is any day of March, "early October" the 1st to
the 10th, and "04/12/2026" the 4th of December (day first, as in the UK, Hong Kong and China)
or the 12th of April (month first, as in the US). Each date is read as `(days, spread)`: the
days since its latest possible day and the days between its earliest and latest possible day,
so a time window that falls inside that span is not known (prescreen.reading.extract asks it)
rather than decided by a guess at the day or the convention.

"Today" is the reader's: the day the message is read, or the day a labelled corpus was
written (`as_of`), so that a phrase's truth does not change with the day the tests run.
"""
from __future__ import annotations

import calendar
import contextlib
import re
from contextvars import ContextVar
from datetime import date
from typing import Iterator, NamedTuple

from prescreen.reading import lexicon as lx

_as_of: ContextVar[date | None] = ContextVar("prescreen_reading_as_of", default=None)


def today() -> date:
    return _as_of.get() or date.today()


@contextlib.contextmanager
def as_of(day: date) -> Iterator[None]:
    """Read as if today were `day` (a labelled corpus is true on the day it was written)."""
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)


class Dated(NamedTuple):
    start: int  # character offsets in the text
    end: int
    days: float  # days since the latest day the date can mean (0 for today or later)
    spread: float  # days between the earliest and the latest day it can mean


_MONTH = "|".join(sorted(lx.MONTH_NAMES, key=len, reverse=True))
_PART = "|".join(sorted(map(re.escape, lx.PART_OF_MONTH), key=len, reverse=True))
_ZH_PART = "|".join(sorted(lx.PART_OF_MONTH_ZH, key=len, reverse=True))
_ZH_MONTH_NUMBER = "|".join(sorted(lx.ZH_MONTH_NUMBERS, key=len, reverse=True))
# A month named alone is a date only after one of these (or with a year): "may" is a verb too.
_MONTH_CUE = r"(?:in|since|from|until|till|to|by|during|before|after|of|last|this|was|were|early|mid|late|end of|" \
             r"beginning of|start of|started|stopped|completed|finished|dx|diagnosed)"
_YEAR = r"(?P<y>(?:19|20)\d\d)"

_PATTERNS = [
    # "11 Sept 2026", "28th Nov", "3rd of March 2025"
    re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<mon>{_MONTH})\b\.?,?(?:\s*'?{_YEAR})?",
               re.IGNORECASE),
    # "Nov 28, 2026", "September 3 2025"
    re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s*{_YEAR})?", re.IGNORECASE),
    # "early October 2025", "mid-Oct", "Jun 2026", "Sep-2026", "in March"
    re.compile(rf"(?:\b(?P<part>{_PART})[\s-]+)?\b(?P<mon>{_MONTH})\b\.?(?:[\s-]*'?{_YEAR})?", re.IGNORECASE),
    # "2026-11-08", "2026.11.08", "2026/11/8", "2026年11月8日"
    re.compile(r"\b(?P<y>(?:19|20)\d\d)[-./年](?P<m>[01]?\d)[-./月](?P<d>[0-3]?\d)(?:日|号)?(?!\d)"),
    # "04/12/2026", "4.12.26": day first or month first (both are read)
    re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)[/.-](?P<b>[0-3]?\d)[/.-](?P<y>(?:19|20)\d\d|\d\d)(?![\d/]|\.\d)"),
    # "9/2026", "09.2026": a month of a year
    re.compile(r"(?<![\d/.])(?P<m>[01]?\d)[/.-](?P<y>(?:19|20)\d\d)(?![\d/]|\.\d)"),
    # "2026年9月", "11月26号", "十月初", "11月下旬"
    # (not "3月前", "1月余", "两月内": months counted, not named)
    re.compile(rf"(?<![个\d近这前每])(?:(?P<y>(?:19|20)\d\d)年)?(?P<m>[01]?\d|{_ZH_MONTH_NUMBER})月份?"
               rf"(?:(?P<d>[0-3]?\d)[日号]|(?P<zpart>{_ZH_PART}))?(?![前后内余多来以半左])"),
    # "11.08", "12/01起", "11/27": a month and a day without a year (Chinese notes write the
    # month first; in English these need a word of time before them: "since 29/11")
    # (a full stop after it ends the sentence: "on 28/11.")
    re.compile(r"(?<![\d/.^])(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)(?![\d/%]|\.\d)(?!\s*(?:[%万千×*]|\^))"),
    # "in 2024", "(2017-2019)": a year named alone, after a word of time ("since 2023" is up to now)
    re.compile(r"(?:\b(?:in|during|until|till|to|back in)\s+|\(|(?<=\d)-)(?P<y>(?:19|20)\d\d)\b(?![/.-]\d)",
               re.IGNORECASE),
]
# After a yearless "26/11": a unit or a time makes it a dose or a fraction ("1/2 tab", "3/7 days").
_UNIT_AFTER = re.compile(r"\s*(?:mg|mcg|ml|g|u|iu|units?|tabs?|x|d|days?|w|wks?|weeks?|months?|mos?|y|yrs?|years?"
                         r"|h|hrs?|hours?)\b", re.IGNORECASE)
# The yearless "11.08" of the last pattern: in English text only after one of these words.
NUMERIC_CUE = _NUMERIC_CUE = re.compile(r"(?:\b(?:on|since|from|until|till|to|dated|last|dose|given|dx|started|stopped|"
                          r"completed|finished))\s*$", re.IGNORECASE)
_ZH_NUMERIC_CUE_BEFORE = re.compile(r"(?:末次|于|從|从|自|至|到|今日|今天|日期|截至|停用于|停于)\s*$")
_ZH_NUMERIC_CUE_AFTER = re.compile(r"\s*(?:起|至|到|止|开始|開始|停|[-–~])")
# "this year" / "last year" after a month or a range of months ("Jan-Jun this year")
_WHICH_YEAR = re.compile(r"(?:\s*(?:-|–|to|until|till)\s*[A-Za-z]{3,9}\.?)?\s*(?:of\s+)?(this|last)\s+year|(今|去)年",
                         re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|~|to|until|till|至|到|－)\s*", re.IGNORECASE)
_SEASONS = lx.SEASONS


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in lx.MONTH_NAMES:
        return lx.MONTH_NAMES[word]
    if word in lx.ZH_MONTH_NUMBERS:
        return lx.ZH_MONTH_NUMBERS[word]
    if word.isdigit() and 1 <= int(word) <= 12:
        return int(word)
    return None


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _latest_year(month: int, day: int, now: date) -> int:
    """The year of the most recent such day that is not after today (referrals tell the past)."""
    return now.year if (month, day) <= (now.month, now.day) else now.year - 1


def _span(year: int | None, month: int, first: int, last: int | None, now: date) -> tuple[date, date] | None:
    if year is None:
        year = _latest_year(month, first, now)
    last = _days_in(year, month) if last is None else min(last, _days_in(year, month))
    if not 1 <= first <= last:
        return None
    return date(year, month, first), date(year, month, last)


def _part_days(part: str | None, zh: bool) -> tuple[int, int | None]:
    if not part:
        return 1, None
    first, last = (lx.PART_OF_MONTH_ZH if zh else lx.PART_OF_MONTH)[part.lower()]
    return first, last


def _year(text: str | None) -> int | None:
    if not text:
        return None
    text = text.lstrip("'")
    return int(text) if len(text) == 4 else 2000 + int(text)


def _spans(match: re.Match, index: int, text: str, chinese: bool, now: date) -> list[tuple[date, date]]:
    g = match.groupdict()
    if index in (0, 1):  # a day and a month named
        month = _month_number(g["mon"])
        return [s for s in [_span(_year(g["y"]), month, int(g["d"]), int(g["d"]), now)] if s] if month else []
    if index == 2:  # a month named, maybe with a part and a year
        month = _month_number(g["mon"])
        if month is None:
            return []
        in_a_range = re.match(rf"\s*(?:-|–|to|until|till)\s*(?:{_MONTH})\b", text[match.end():], re.IGNORECASE) or \
            re.search(rf"\b(?:{_MONTH})\.?\s*(?:-|–|to|until|till)\s*$", text[:match.start()], re.IGNORECASE)
        if not g["y"] and not g["part"] and not in_a_range and not re.search(
                rf"\b{_MONTH_CUE}\s*$", text[:match.start()], re.IGNORECASE):
            return []  # "may have had", "march": no date without a year or a word of time
        first, last = _part_days(g["part"], zh=False)
        year = _year(g["y"])
        if year is None and (which := _WHICH_YEAR.match(text, match.end())) is not None:
            year = now.year - (which.group(1).lower() in ("last", "去"))  # "Jan-Jun this year"
        return [s for s in [_span(year, month, first, last, now)] if s]
    if index == 3:  # year first
        day = int(g["d"])
        return [s for s in [_span(int(g["y"]), int(g["m"]), day, day, now)] if s] if 1 <= int(g["m"]) <= 12 else []
    if index == 4:  # day and month in either order, with a year
        year, a, b = _year(g["y"]), int(g["a"]), int(g["b"])
        readings = {(a, b), (b, a)} if not chinese else {(b, a)}  # (day, month)
        return [s for d, m in readings if 1 <= m <= 12 for s in [_span(year, m, d, d, now)] if s]
    if index == 5:  # month and year
        month = int(g["m"])
        return [s for s in [_span(int(g["y"]), month, 1, None, now)] if s] if 1 <= month <= 12 else []
    if index == 6:  # Chinese month (and day or part)
        month = _month_number(g["m"])
        if month is None:
            return []
        if g["d"]:
            first = last = int(g["d"])
        else:
            first, last = _part_days(g["zpart"], zh=True)
        return [s for s in [_span(_year(g["y"]), month, first, last, now)] if s]
    if index == 8:  # a year alone: any day of it, up to today
        year = int(g["y"])
        return [(date(year, 1, 1), min(date(year, 12, 31), now))] if year <= now.year else []
    # yearless numeric: month first in Chinese; either order in English after a word of time
    if re.match(r"\s*[A-Za-z]", text[match.end():]) if chinese else _UNIT_AFTER.match(text, match.end()):
        return []  # "11.08 PLT", "1/2 tab"
    a, b = int(g["a"]), int(g["b"])
    if chinese:
        # "末次11.08", "12/01起", "11.27-12.02": not a decimal ("1.5mg", "Hb 8.5"): a two-digit day,
        # or a word of time around it
        if len(g["b"]) < 2 and not _ZH_NUMERIC_CUE_BEFORE.search(text[:match.start()]) \
                and not _ZH_NUMERIC_CUE_AFTER.match(text, match.end()):
            return []
        readings = {(b, a)}
    else:
        if b in lx.FRACTION_DENOMINATORS and not g["a"].startswith("0") or not _NUMERIC_CUE.search(
                text[:match.start()]):
            return []  # "3/52", "6/12" are durations ("02/12" is a date); "1/2" a ratio
        if text[match.start() + len(g["a"])] == "." and len(g["b"]) < 2:
            return []  # "dose 1.5.": a decimal at a sentence's end
        readings = {(a, b), (b, a)}
    return [s for d, m in readings if 1 <= m <= 12 for s in [_span(None, m, d, d, now)] if s]


def find(text: str, chinese: bool = False, now: date | None = None) -> list[Dated]:
    """Every date in normalised `text`, by start; a range ("Oct 2025 - Jan 2026", "11/27-12/02")
    is one date, its end's (what a last dose or an end of use is read from)."""
    now = now or today()
    found: list[tuple[int, int, date, date]] = []
    taken: list[tuple[int, int]] = []
    for index, pattern in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            spans = _spans(match, index, text, chinese, now)
            if not spans:
                continue
            earliest, latest = min(s[0] for s in spans), max(s[1] for s in spans)
            found.append((match.start(), match.end(), earliest, latest))
            taken.append(match.span())
    # "今年夏天", "去年冬天": a season of a year named in Chinese
    for match in re.finditer(r"(?P<which>今年|去年|前年)(?P<zseason>春天|夏天|秋天|冬天|春季|夏季|秋季|冬季|春|夏|秋|冬)", text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        first_month, months = _SEASONS[lx.ZH_SEASONS[match["zseason"][0]]]
        year = now.year - {"今年": 0, "去年": 1, "前年": 2}[match["which"]]
        end_month = (first_month + months - 2) % 12 + 1
        end_year = year + (first_month + months - 2) // 12
        latest = min(date(end_year, end_month, _days_in(end_year, end_month)), now)
        found.append((match.start(), match.end(), date(year, first_month, 1), latest))
        taken.append(match.span())
    # "夏天用过一阵", "冬季的时候": a season with no year, the latest such season begun by today
    for match in re.finditer(r"(?<![年去今前明])(?P<zseason>春天|夏天|秋天|冬天|春季|夏季|秋季|冬季)", text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        first_month, months = _SEASONS[lx.ZH_SEASONS[match["zseason"][0]]]
        year = now.year if (first_month, 1) <= (now.month, now.day) else now.year - 1
        end_month = (first_month + months - 2) % 12 + 1
        end_year = year + (first_month + months - 2) // 12
        latest = min(date(end_year, end_month, _days_in(end_year, end_month)), now)
        found.append((match.start(), match.end(), date(year, first_month, 1), latest))
        taken.append(match.span())
    # "spring 2026"; "in the spring", "last summer": the latest such season begun by today
    for match in re.finditer(rf"\b(?:(?P<season>{'|'.join(_SEASONS)})\s+{_YEAR}|(?:in the|this|last|over the)\s+"
                             rf"(?P<bare>{'|'.join(_SEASONS)})\b)", text, re.IGNORECASE):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        first_month, months = _SEASONS[(match["season"] or match["bare"]).lower()]
        year = int(match["y"]) if match["y"] else (now.year if (first_month, 1) <= (now.month, now.day) else now.year - 1)
        start = date(year, first_month, 1)
        end_month = (first_month + months - 2) % 12 + 1
        end_year = year + (first_month + months - 2) // 12
        found.append((match.start(), match.end(), start, date(end_year, end_month, _days_in(end_year, end_month))))
    found.sort()
    merged: list[tuple[int, int, date, date]] = []
    for item in found:
        if merged and _RANGE_JOIN.fullmatch(text, merged[-1][1], item[0]):
            merged[-1] = (merged[-1][0], item[1], item[2], item[3])  # a range: when it ended
        else:
            merged.append(item)
    out = []
    for at, until, earliest, latest in merged:
        days = max(0, (now - latest).days)
        spread = max(0, (now - earliest).days) - days
        out.append(Dated(at, until, float(days), float(spread)))
    return out
