"""One typed settings object (prescreen/settings.py): `.env.example` documents exactly what it
reads, a bad value stops with one message naming it, and nothing else reads the environment."""
from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from dotenv import dotenv_values

from prescreen.settings import ROOT, VARIABLES, Settings, SettingsError, get_settings

EXAMPLE = ROOT / ".env.example"


def test_env_example_documents_exactly_the_variables_the_settings_read():
    documented = set(dotenv_values(EXAMPLE))
    assert documented - set(VARIABLES) == set(), "documented in .env.example but read by nothing"
    assert set(VARIABLES) - documented == set(), "read by Settings but not documented in .env.example"
    assert len(VARIABLES) == len(set(VARIABLES)) == len(fields(Settings))


def test_env_example_values_are_the_defaults():
    """A fresh clone's .env (a copy of .env.example) behaves as no .env at all."""
    assert Settings.from_environ({k: v or "" for k, v in dotenv_values(EXAMPLE).items()}) == Settings()


@pytest.mark.parametrize("name, value, accepted", [
    ("SMTP_PORT", "twenty-five", "a whole number from 1 to 65535"),
    ("SIGN_IN_FREE_FAILURES", "0", "a whole number, at least 1"),
    ("WECHAT_REPLY_BUDGET_SECONDS", "-1", "a number of seconds above 0"),
    ("NOTIFY_INCLUDE_DECISION", "maybe", "true or false"),
    ("PRESCREEN_ENV", "prod", "development or production"),
    ("SITE_TIME_ZONE", "Beijing", "IANA name"),
])
def test_a_bad_value_is_refused_naming_the_variable_the_value_and_what_is_accepted(name, value, accepted):
    with pytest.raises(SettingsError) as refused:
        Settings.from_environ({name: value})
    message = str(refused.value)
    assert message.startswith(f"{name}={value!r} is not accepted") and accepted in message


def test_the_command_line_stops_on_a_bad_value_with_that_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
           "QUEUE_OVERDUE_WORKING_DAYS": "two"}
    done = subprocess.run([str(Path(sys.executable).parent / "prescreen"), "digest", "--print"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "prescreen: QUEUE_OVERDUE_WORKING_DAYS='two' is not accepted: expected a whole number" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_changed_environment_applies_at_once(monkeypatch):
    monkeypatch.setenv("SIGN_IN_FREE_FAILURES", "7")
    assert get_settings().sign_in_free_failures == 7
    monkeypatch.setenv("SIGN_IN_FREE_FAILURES", "")
    assert get_settings().sign_in_free_failures == 5


def test_secrets_are_not_in_the_settings_repr():
    shown = repr(Settings.from_environ({"PSEUDONYM_SECRET": "s3cret-pseudonym-key", "SMTP_PASSWORD": "mail-pass-123",
                                        "WECHAT_APP_SECRET": "wechat-app-secret-9"}))
    assert "s3cret" not in shown and "mail-pass" not in shown and "wechat-app-secret" not in shown
    assert "site_time_zone='Asia/Shanghai'" in shown


READERS = ("environ", "getenv", "load_dotenv", "dotenv_values", "find_dotenv")


def test_nothing_but_the_settings_reads_the_environment_or_env_file():
    offenders = []
    for package in ("prescreen", "actions", "channels", "web", "rasa_addons"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "prescreen" / "settings.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                name = (node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name)
                        else None)
                if name in READERS or (isinstance(node, ast.ImportFrom) and node.module == "dotenv"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
