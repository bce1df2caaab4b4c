"""Prints shell `export` lines for the variables endpoints.yml reads, derived from .env.

bin/run does `eval "$(python -m prescreen.runenv)"`, so DATABASE_URL alone decides where the
outcome log and Rasa's conversation trackers live (one database for both).
"""
from __future__ import annotations

import shlex

from sqlalchemy.engine import make_url

from prescreen.settings import get_settings


def variables() -> dict[str, str]:
    s = get_settings()
    url = make_url(s.tracker_database_url)
    return {
        "DATABASE_URL": s.database_url,
        "TRACKER_DIALECT": url.get_backend_name(),
        "TRACKER_URL": url.render_as_string(hide_password=False),
        "TRACKER_DB": url.database or "",
        "RASA_PORT": str(s.rasa_port),
        "ACTION_PORT": str(s.action_port),
        "RASA_AUTH_TOKEN": s.rasa_auth_token,
        # endpoints.yml sends it to the action server, which refuses calls without it.
        "ACTION_SERVER_TOKEN": s.action_server_token,
        "WEB_PORT": str(s.web_port),
    }


if __name__ == "__main__":
    import sys

    from prescreen.settings import SettingsError

    try:
        exports = variables()
    except SettingsError as e:  # one clear line, and bin/rasa stops before starting anything
        print(f"prescreen: {e}", file=sys.stderr)
        sys.exit(2)
    for name, value in exports.items():
        print(f"export {name}={shlex.quote(value)}")
