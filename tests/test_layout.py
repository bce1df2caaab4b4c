"""The layers stay as the folders say: the checker and the language layer are plain Python."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = ("rasa", "rasa_sdk", "sanic", "flask", "sqlalchemy", "alembic", "waitress", "actions", "web",
              "channels", "rasa_addons")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["prescreen/eligibility", "prescreen/reading", "prescreen/texts"])
def test_pure_packages_import_no_framework_or_database(package):
    offending = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[0] in FRAMEWORKS or name.startswith(("prescreen.store", "prescreen.followup"))
    }
    assert not offending, f"{package} must stay plain Python: {sorted(offending)}"


def test_the_rule_itself_catches_a_framework_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from sqlalchemy import select\nimport rasa.core\n", encoding="utf-8")
    assert {n.split(".")[0] for n in _imports(bad)} & set(FRAMEWORKS) == {"sqlalchemy", "rasa"}
