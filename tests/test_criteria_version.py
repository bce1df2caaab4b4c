"""The criteria version changes with every rule and word that decides an outcome, and with
nothing else: a logged decision names the exact rules that made it."""
from __future__ import annotations

import shutil
from pathlib import Path

from prescreen.eligibility.criteria import CRITERIA_VERSION, DECIDING_CODE, version_of


def _copy(tmp_path: Path) -> list[Path]:
    tmp_path.mkdir(exist_ok=True)
    copies = []
    for folder in DECIDING_CODE:
        target = tmp_path / folder.name
        target.mkdir()
        for path in folder.glob("*.py"):
            copies.append(Path(shutil.copy(path, target / path.name)))
    return copies


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_version_is_that_of_the_code_as_it_is(tmp_path):
    assert version_of(_copy(tmp_path)) == CRITERIA_VERSION


def test_comments_docstrings_and_formatting_leave_the_version_alone(tmp_path):
    files = {p.name: p for p in _copy(tmp_path)}
    before = version_of(files.values())
    _edit(files["criteria.py"], '\ndef ', '\n# a comment someone added\n\n\ndef ')
    _edit(files["checker.py"], '"""', '"""Reworded. ')
    _edit(files["facts.py"], "\n", "\n\n\n")
    assert version_of(files.values()) == before


def test_a_rule_or_a_word_changes_the_version(tmp_path):
    files = {p.name: p for p in _copy(tmp_path / "rule")}
    before = version_of(files.values())
    _edit(files["criteria.py"], "plt >= 50", "plt >= 51")
    changed_rule = version_of(files.values())
    assert changed_rule != before

    files = {p.name: p for p in _copy(tmp_path / "word")}
    _edit(files["lexicon.py"], '"hysterectomy"', '"hysterectomy", "hysterectomised"')
    assert version_of(files.values()) not in (before, changed_rule)
