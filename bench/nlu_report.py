"""NLU cross-validation report: intent F1 overall and per language, entity F1.

    .venv/bin/python -m bench.nlu_report [--folds 5] [--config config.yml]
    .venv/bin/python -m bench.nlu_report --results DIR   # report on an earlier `rasa test nlu --out DIR`

Runs `rasa test nlu --cross-validation` with config.yml on every NLU file in data/ (English
and Chinese train one model), then splits the test predictions by the language each example
is written in. Target: weighted intent F1 >= 0.95 in each language. Exit 1 below target.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


def examples(nlu_dir: Path) -> list[tuple[str, str]]:
    """(text as the model sees it, intent)."""
    found = []
    for path in sorted(nlu_dir.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text()) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            intent = block["intent"]
            for line in block["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    text = ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line[2:].strip())
                    found.append((text, intent))
    return found


def language(text: str) -> str:
    return "zh" if CJK.search(text) else "en"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--nlu", default="data", help="NLU file or folder (default: data/)")
    parser.add_argument("--config", default="config.yml", help="pipeline to cross-validate (default: config.yml)")
    parser.add_argument("--results", help="read this `rasa test nlu --out` folder instead of running")
    args = parser.parse_args()
    if args.results:
        report(Path(args.results), args)
    with tempfile.TemporaryDirectory(prefix="bench-nlu-") as out:
        started = time.monotonic()
        subprocess.run([str(ROOT / "bin" / "rasa"), "test", "nlu", "--nlu", args.nlu, "--config", args.config,
                        "--cross-validation", "--folds", str(args.folds), "--out", out],
                       cwd=ROOT, check=True, capture_output=True)
        print(f"{args.folds} trainings and tests in {time.monotonic() - started:.0f} s")
        report(Path(out), args)


def report(outdir: Path, args: argparse.Namespace) -> None:
    intents = json.loads((outdir / "intent_report.json").read_text())
    errors_file = outdir / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    entity_file = outdir / "DIETClassifier_report.json"
    entities = json.loads(entity_file.read_text()) if entity_file.exists() else {}

    print(f"NLU cross-validation, {args.folds} folds, {args.nlu}, {args.config}")
    f1 = intents["weighted avg"]["f1-score"]
    print(f"intent F1 (weighted, all) = {f1:.3f}")

    # Every example is predicted once across the folds; the errors file lists the wrong ones.
    wrong_as: dict[tuple[str, str], list[str]] = {}
    for e in errors:
        wrong_as.setdefault((e["text"], e["intent"]), []).append(e["intent_prediction"]["name"])
    ok = True
    for lang in ("en", "zh"):
        gold, predicted = [], []
        for text, intent in examples(ROOT / args.nlu if (ROOT / args.nlu).is_dir() else ROOT / "data"):
            if language(text) != lang:
                continue
            gold.append(intent)
            key = (text, intent)
            predicted.append(wrong_as[key].pop() if wrong_as.get(key) else intent)
        if not gold:
            continue
        score = f1_score(gold, predicted, average="weighted", zero_division=0)
        ok &= score >= 0.95
        print(f"intent F1 (weighted, {lang}) = {score:.3f}  n={len(gold)}  "
              f"(target >= 0.95: {'OK' if score >= 0.95 else 'BELOW TARGET'})")
    for name, row in sorted(intents.items()):
        if isinstance(row, dict) and "support" in row and name not in {"weighted avg", "macro avg", "micro avg"}:
            print(f"  {name:<16} F1={row['f1-score']:.3f}  n={row['support']}")
    if "diagnosis" in entities:
        print(f"entity F1 (diagnosis) = {entities['diagnosis']['f1-score']:.3f}  n={entities['diagnosis']['support']}")
    if errors:
        print(f"misclassified ({len(errors)}):")
        for e in errors[:40]:
            print(f"  {language(e['text'])}: {e['text']!r} ({e['intent']}) -> {e['intent_prediction']['name']}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
