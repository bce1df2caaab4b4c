"""Outside development the assistant refuses to start with missing or development secrets
(the HTTP API token, the HMAC secret, the web session key, the action server's token; WeChat's
are checked by the channel, tests/test_wechat_channel.py). Each door is started the way bin/run
starts it."""
from __future__ import annotations

import os
import secrets
import subprocess

import pytest

from tests.support.servers import BIN, ROOT

SECRETS = ("PSEUDONYM_SECRET", "RASA_AUTH_TOKEN", "WEB_SECRET_KEY", "ACTION_SERVER_TOKEN")


def production_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    env.update(PRESCREEN_ENV="production", WEB_PORT="0", **values)
    return env


@pytest.mark.parametrize("command", [
    [str(ROOT / "bin" / "rasa"), "run", "actions"],                  # action server
    [str(ROOT / "bin" / "rasa"), "run", "--enable-api"],             # Rasa server
    [str(BIN / "python"), "-m", "web.server"],                        # chat page and queue
    [str(ROOT / "bin" / "run")],                                      # the README's run command
], ids=["action-server", "rasa-server", "web-app", "bin-run"])
def test_every_server_refuses_development_secrets_in_production(command):
    # .env holds the development values; production must not start on them.
    r = subprocess.run(command, cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120)
    assert r.returncode != 0
    for name in SECRETS:
        assert name in r.stderr
    assert "Traceback" not in r.stderr  # one clear line, not a crash


def test_a_short_or_default_secret_is_named():
    env = production_env(PSEUDONYM_SECRET=secrets.token_hex(32), RASA_AUTH_TOKEN="change-me",
                         WEB_SECRET_KEY="short")
    r = subprocess.run([str(BIN / "python"), "-m", "prescreen.runenv"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "RASA_AUTH_TOKEN" in r.stderr and "WEB_SECRET_KEY" in r.stderr and "PSEUDONYM_SECRET" not in r.stderr


def test_strong_secrets_are_accepted():
    env = production_env(**{name: secrets.token_hex(32) for name in SECRETS})
    r = subprocess.run([str(BIN / "python"), "-m", "prescreen.runenv"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "export RASA_AUTH_TOKEN=" in r.stdout
