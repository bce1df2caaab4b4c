"""axe-core (the npm package pinned in package.json, installed by bin/install-test-services with
`npm ci`) run inside a page by Playwright: the WCAG 2.2 A/AA rules, nothing fetched at run time."""
from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page) -> list[dict]:
    """The page's WCAG 2.2 AA violations as axe reports them (id, help, the elements). The
    page's context must be made with bypass_csp=True: axe is injected as a script the app's
    Content-Security-Policy would rightly refuse."""
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run bin/install-test-services (npm ci installs the pinned axe-core)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]
