"""NLU cross-validation report: intent F1 and entity F1 on this repo's training data.

    .venv/bin/python -m bench.nlu_report [--folds 5]

Runs `rasa test nlu --cross-validation` with config.yml and prints the weighted intent F1,
the F1 of every intent, and the entity F1 of the `diagnosis` entity. Target: intent F1 >= 0.95.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--nlu", default="data/nlu.yml")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-nlu-") as out:
        subprocess.run([str(ROOT / "bin" / "rasa"), "test", "nlu", "--nlu", args.nlu, "--config", "config.yml",
                        "--cross-validation", "--folds", str(args.folds), "--out", out],
                       cwd=ROOT, check=True, capture_output=True)
        intents = json.loads((Path(out) / "intent_report.json").read_text())
        entity_file = Path(out) / "DIETClassifier_report.json"
        entities = json.loads(entity_file.read_text()) if entity_file.exists() else {}
        selector_file = Path(out) / "response_selection_report.json"
        selector = json.loads(selector_file.read_text()) if selector_file.exists() else {}

    f1 = intents["weighted avg"]["f1-score"]
    print(f"NLU cross-validation, {args.folds} folds, {args.nlu}")
    print(f"intent F1 (weighted) = {f1:.3f}  (target >= 0.95: {'OK' if f1 >= 0.95 else 'BELOW TARGET'})")
    for name, row in sorted(intents.items()):
        if isinstance(row, dict) and "support" in row and name not in {"weighted avg", "macro avg", "micro avg"}:
            print(f"  {name:<16} F1={row['f1-score']:.3f}  n={row['support']}")
    if "diagnosis" in entities:
        print(f"entity F1 (diagnosis) = {entities['diagnosis']['f1-score']:.3f}  n={entities['diagnosis']['support']}")
    if "weighted avg" in selector:
        print(f"FAQ response selection F1 (weighted) = {selector['weighted avg']['f1-score']:.3f}")
    sys.exit(0 if f1 >= 0.95 else 1)


if __name__ == "__main__":
    main()
