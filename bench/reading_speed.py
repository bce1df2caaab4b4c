"""How long the reading layer takes on a typical message, a whole letter, and on input built to
be slow (repeated values and words, 20,000 characters), next to a typical message's time.

    .venv/bin/python -m bench.reading_speed [--repeat 20]

Prints min / median / max seconds per input. The adversarial inputs guard against work that
grows faster than the text: 12,000 characters of "PLT 32k, " once took 10 s, when two patterns
were searched once per value (issue 18's long letters)."""
from __future__ import annotations

import argparse
import statistics
import time

from prescreen.reading.extract import extract_facts

TYPICAL = "58F, AML post-induction, PLT 32k, ECOG 1, no HIV or hepatitis"
TYPICAL_ZH = "女，58岁，急性髓系白血病诱导化疗后，血小板3.2万，ECOG 1分，无HIV及肝炎"
LETTER = ("Dear colleague, thank you for seeing this 62-year-old man with AML (confirmed on marrow), "
          "now day 20 after consolidation, platelets 28 x10^9/L, ECOG 1. HIV, HBV and HCV negative. "
          "No history of thrombosis. He is keen to take part. ") * 60
INPUTS = {
    "typical message (en)": TYPICAL,
    "typical message (zh)": TYPICAL_ZH,
    f"clinic letter, {len(LETTER):,} chars": LETTER,
    '"PLT 32k, " x 2,000 (18,000 chars)': "PLT 32k, " * 2000,
    '"no " x 5,000 (15,000 chars)': "no " * 5000,
    '"血小板" x 3,000': "血小板" * 3000,
    '"x" x 20,000': "x" * 20_000,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="readings of each short input (long ones: 3)")
    args = parser.parse_args()
    extract_facts(TYPICAL), extract_facts(TYPICAL_ZH)  # both pipelines built once, as a server does
    print(f"{'input':<40} {'min s':>8} {'median s':>9} {'max s':>8}")
    for name, text in INPUTS.items():
        times = []
        for _ in range(args.repeat if len(text) < 1000 else 3):
            start = time.perf_counter()
            extract_facts(text, "hiv")
            times.append(time.perf_counter() - start)
        print(f"{name:<40} {min(times):8.3f} {statistics.median(times):9.3f} {max(times):8.3f}")


if __name__ == "__main__":
    main()
