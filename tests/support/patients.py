"""Synthetic patients shared by the tests and the benchmarks (no real person)."""
from __future__ import annotations

from prescreen.reading.extract import EXCLUSION_NUMBERS

# E1..E13 all "no": the exclusion checklist answered "none of these" (from the criteria table).
CLEAR = list(EXCLUSION_NUMBERS.values())
# A 62-year-old man with AML whom the checker finds potentially eligible.
ELIGIBLE = {"age": 62, "sex": "M", "diagnosis": "AML", "diagnosis_confirmed": True, "platelet_count": 32,
            "thrombocytopenia_due_to_treatment": True, "ecog": 1, "childbearing_potential": False,
            "willing_to_consent": True, **{k: False for k in CLEAR}}
