"""How well the reading layer reads what people write: the labelled corpus in tests/reading/.

    .venv/bin/python -m bench.reading_report [--mistakes] [--part dev|heldout] [--json]

Every phrase of the corpus is read as the assistant reads a message (with `expecting` when the
phrase answers a question), and each fact it gives is compared with the label:

* a definite value that equals the label is right; one that differs is **definite value wrong**;
* a definite value where the label says `unknown` is **uncertain read as definite**;
* a definite value for a key the text does not state is **read from nothing**;
* a label's definite value not read (or read as unknown) is a miss: it costs recall, and the
  assistant asks for the fact again, which is safe.

It prints precision and recall of definite values per fact key and language, and the dangerous
counts, for the dev part (rules may be tuned on it) and the held-out part (written before the
rules were tuned) apart. Targets: both dangerous counts 0, recall of definite values >= 0.95.
Exit 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "reading"
PARTS = ("dev", "heldout")
UNKNOWN = "unknown"
# The corpus is read as on the day it was written: a date in a phrase ("last dose 29/11/2026")
# is as long ago as it was then, whenever the report runs (tests/reading/README.md). A file
# written on another day says so in its `written:` field.
AS_OF = date(2026, 12, 4)


@dataclass(frozen=True)
class Phrase:
    text: str
    facts: dict[str, Any]
    expecting: str | None
    lang: str
    register: str
    part: str
    where: str  # file:index, to find it again
    written: date = AS_OF


def phrases(parts: tuple[str, ...] = PARTS) -> Iterator[Phrase]:
    for part in parts:
        for path in sorted((CORPUS / part).glob("*.yml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for i, p in enumerate(doc.get("phrases") or []):
                yield Phrase(
                    text=str(p["text"]),
                    facts=dict(p.get("facts") or {}),
                    expecting=p.get("expecting"),
                    lang=p.get("lang", doc.get("lang", "en")),
                    register=p.get("register", doc.get("register", "clinician")),
                    part=part,
                    where=f"{path.relative_to(ROOT)}:{i}",
                    written=_day(doc.get("written", AS_OF)),
                )


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _same(key: str, gold: Any, read: Any) -> bool:
    if key == "platelet_count":
        return isinstance(read, (int, float)) and abs(float(read) - float(gold)) < 0.5
    if key == "diagnosis":
        from prescreen.reading.diagnosis import classify

        g, r = classify(str(gold)), classify(str(read))
        return (g.canonical if g else str(gold).lower()) == (r.canonical if r else str(read).lower())
    if key == "sex":
        return str(gold).upper()[:1] == str(read).upper()[:1]
    if isinstance(gold, bool) or isinstance(read, bool):
        return gold is read
    try:
        return float(gold) == float(read)
    except (TypeError, ValueError):
        return gold == read


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0  # definite value wrong
    uncertain_as_definite: int = 0
    from_nothing: int = 0
    missed: int = 0  # labelled definite, not read as definite
    uncertain_kept: int = 0  # labelled unknown, read as unknown
    uncertain_dropped: int = 0  # labelled unknown, not mentioned at all (safe: it is asked)
    gold_definite: int = 0

    def add(self, other: "Tally") -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def read_definite(self) -> int:
        return self.right + self.wrong + self.uncertain_as_definite + self.from_nothing

    @property
    def precision(self) -> float:
        return self.right / self.read_definite if self.read_definite else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.gold_definite if self.gold_definite else 1.0

    @property
    def dangerous(self) -> int:
        return self.wrong + self.uncertain_as_definite


@dataclass
class Mistake:
    phrase: Phrase
    key: str
    kind: str
    gold: Any
    read: Any


@dataclass
class Result:
    by: dict[tuple[str, str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))  # (part, lang, key)
    mistakes: list[Mistake] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # (part, lang) and (part, register) phrase counts

    def total(self, part: str | None = None, lang: str | None = None, key: str | None = None) -> Tally:
        t = Tally()
        for (p, l, k), tally in self.by.items():
            if (part in (None, p)) and (lang in (None, l)) and (key in (None, k)):
                t.add(tally)
        return t


def score(corpus: list[Phrase]) -> Result:
    from prescreen.reading.extract import CHECKLIST, EXCLUSION_NUMBERS, extract_facts
    from prescreen.reading import dates

    result = Result()
    for phrase in corpus:
        result.counts[(phrase.part, phrase.lang)] += 1
        result.counts[(phrase.part, phrase.register)] += 1
        # the numbered checklist offers every exclusion item not yet known: here, all of them
        offered = tuple(EXCLUSION_NUMBERS.values()) if phrase.expecting == CHECKLIST else ()
        with dates.as_of(phrase.written):  # a labelled phrase is true on the day it was written
            found = extract_facts(phrase.text, expecting=phrase.expecting, offered=offered)
        read: dict[str, Any] = {k: v for k, v in found.facts.items() if v is not None}
        unsure = set(found.unsure) - set(read)
        for key in sorted(set(phrase.facts) | set(read) | unsure):
            if key == "facts_confirmed":
                continue
            tally = result.by[(phrase.part, phrase.lang, key)]
            gold = phrase.facts.get(key, None)
            got = read.get(key, UNKNOWN if key in unsure else None)
            kind = None
            if gold is None:
                if got not in (None, UNKNOWN):
                    tally.from_nothing += 1
                    kind = "read from nothing"
            elif gold == UNKNOWN:
                if got == UNKNOWN:
                    tally.uncertain_kept += 1
                elif got is None:
                    tally.uncertain_dropped += 1
                else:
                    tally.uncertain_as_definite += 1
                    kind = "uncertain read as definite"
            else:
                tally.gold_definite += 1
                if got in (None, UNKNOWN):
                    tally.missed += 1
                    kind = "missed"
                elif _same(key, gold, got):
                    tally.right += 1
                else:
                    tally.wrong += 1
                    kind = "definite value wrong"
            if kind:
                result.mistakes.append(Mistake(phrase, key, kind, gold, got))
    return result


def _row(label: str, t: Tally) -> str:
    return (f"  {label:<36} {t.gold_definite:>5} {t.precision:>6.3f} {t.recall:>6.3f} {t.wrong:>6} "
            f"{t.uncertain_as_definite:>6} {t.from_nothing:>6} {t.missed:>6}")


def report(result: Result, parts: tuple[str, ...]) -> tuple[str, bool]:
    lines, ok = [], True
    header = f"  {'fact key':<36} {'gold':>5} {'prec':>6} {'recall':>6} {'wrong':>6} {'unc→d':>6} {'noth→d':>6} {'missed':>6}"
    for part in parts:
        n = {k[1]: v for k, v in result.counts.items() if k[0] == part}
        if not n:
            continue
        lines.append(f"\n== {part}: {sum(n.get(l, 0) for l in ('en', 'zh'))} phrases "
                     f"(en {n.get('en', 0)}, zh {n.get('zh', 0)}; clinician {n.get('clinician', 0)}, lay {n.get('lay', 0)})")
        for lang in ("en", "zh"):
            keys = sorted({k for (p, l, k) in result.by if p == part and l == lang})
            if not keys:
                continue
            lines.append(f"-- {lang}\n{header}")
            for key in keys:
                lines.append(_row(key, result.total(part, lang, key)))
            lines.append(_row(f"all ({lang})", result.total(part, lang)))
        t = result.total(part)
        lines.append(_row(f"ALL {part}", t))
        lines.append(f"  dangerous: definite value wrong {t.wrong}, uncertain read as definite "
                     f"{t.uncertain_as_definite}; read from nothing {t.from_nothing}; "
                     f"recall of definite values {t.recall:.3f} (target 0.95)")
        ok = ok and t.dangerous == 0 and t.recall >= 0.95
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=PARTS, action="append", help="only this part (default: both)")
    ap.add_argument("--mistakes", action="store_true", help="list every mistake, the dangerous ones first")
    ap.add_argument("--json", action="store_true", help="print the totals as JSON")
    args = ap.parse_args(argv)
    parts = tuple(args.part or PARTS)
    result = score(list(phrases(parts)))
    text, ok = report(result, parts)
    if args.json:
        print(json.dumps({p: vars(result.total(p)) for p in parts}, indent=1))
    else:
        print(text)
    if args.mistakes:
        order = {"definite value wrong": 0, "uncertain read as definite": 1, "read from nothing": 2, "missed": 3}
        for m in sorted(result.mistakes, key=lambda m: (order[m.kind], m.phrase.where)):
            expecting = f" [expecting {m.phrase.expecting}]" if m.phrase.expecting else ""
            print(f"{m.kind:<27} {m.key:<32} label {m.gold!s:<8} read {m.read!s:<8} "
                  f"{m.phrase.where}{expecting}: {m.phrase.text}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
