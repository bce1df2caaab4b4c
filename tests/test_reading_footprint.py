"""Reading text loads only what reading needs: every process that reads (the action server, the
CLI) pays for each library in memory and start-up time (issue 21: action server <= 250 MB)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import json, sys
from prescreen.reading.extract import extract_facts
en = extract_facts("62M AML, PLT 32k, ECOG 1, HIV/HBV/HCV neg, ?DVT 2019").facts
zh = extract_facts("男，62岁，急性髓系白血病，血小板3.2万，无乙肝").facts
heavy = sorted(m for m in ("tensorflow", "torch", "quickumls", "nltk", "scipy") if m in sys.modules)
import quickumls  # the real package is still there for anyone who asks for it
print(json.dumps({"heavy": heavy, "real": hasattr(quickumls, "QuickUMLS"),
                  "hiv": en.get("hiv"), "hepatitis": en.get("chronic_hepatitis"), "age": zh.get("age")}))
"""


def test_reading_loads_no_machine_learning_or_umls_library():
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["heavy"] == [], f"reading text loaded {seen['heavy']}"
    # the text is still read as before, negation and all
    assert (seen["hiv"], seen["hepatitis"], seen["age"]) == (False, False, 62)
    assert seen["real"], "a later `import quickumls` must get the real package, not the stand-in"
