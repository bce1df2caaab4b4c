"""Settings from the environment, with `.env` at the project root read by python-dotenv.

Variables already in the environment win over `.env`, so tests and the run script can
override single values. `.env.example` documents each one.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent

DEV_SECRETS = {"", "dev-only-pseudonym-secret", "dev-only-rasa-token", "dev-only-web-secret-key", "change-me",
               "dev-only-action-token"}


class SettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    env: str
    database_url: str
    pseudonym_secret: str
    rasa_auth_token: str
    web_secret_key: str
    rasa_port: int
    action_port: int
    web_port: int
    # The action server refuses calls without it (rasa_addons/action_server.py); Rasa sends it
    # (endpoints.yml action_endpoint headers).
    action_server_token: str = "dev-only-action-token"
    # One cap on a message's length at every door: the chat page, Rasa's REST channel and the
    # WeChat channel (a 30,000-character message held Rasa up for 7 s).
    max_message_chars: int = 10_000
    # Rasa's REST channel (rasa_addons/rest_channel.py): messages per minute per conversation
    # and per client address (the web app is one address for every chat page behind it).
    rest_messages_per_minute_per_sender: int = 60
    rest_messages_per_minute_per_address: int = 1200
    # A conversation's session ends after this many events (a screening is 100-200), as after
    # Rasa's session expiry, so no turn costs more than this many events (rasa_addons/session_cap.py).
    max_session_events: int = 300

    # The reverse proxy in front of the web app (its address as waitress sees it, e.g.
    # 127.0.0.1): only from there is X-Forwarded-For believed (web/server.py). Empty = none.
    web_trusted_proxy: str = ""
    # The queue offers "unreachable" only after this many contact attempts without reaching
    # anyone (prescreen/followup/workflow.py): not straight from New after one call.
    contact_attempts_before_unreachable: int = 3
    # Times are stored in UTC and shown in the site's zone, named beside them (IANA name, zoneinfo).
    site_time_zone: str = "Asia/Shanghai"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def default_database_url() -> str:
    return f"sqlite:///{ROOT / 'var' / 'prescreen.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    load_dotenv(ROOT / ".env", override=False)
    env = os.environ.get("PRESCREEN_ENV", "development").strip() or "development"
    settings = Settings(
        env=env,
        database_url=os.environ.get("DATABASE_URL", "").strip() or default_database_url(),
        pseudonym_secret=os.environ.get("PSEUDONYM_SECRET", "").strip() or "dev-only-pseudonym-secret",
        rasa_auth_token=os.environ.get("RASA_AUTH_TOKEN", "").strip() or "dev-only-rasa-token",
        web_secret_key=os.environ.get("WEB_SECRET_KEY", "").strip() or "dev-only-web-secret-key",
        rasa_port=int(os.environ.get("RASA_PORT", "5005")),
        action_port=int(os.environ.get("ACTION_PORT", "5055")),
        web_port=int(os.environ.get("WEB_PORT", "8000")),
        web_trusted_proxy=os.environ.get("WEB_TRUSTED_PROXY", "").strip(),
        site_time_zone=os.environ.get("SITE_TIME_ZONE", "").strip() or "Asia/Shanghai",
        action_server_token=os.environ.get("ACTION_SERVER_TOKEN", "").strip() or "dev-only-action-token",
        max_message_chars=int(os.environ.get("MAX_MESSAGE_CHARS", "10000")),
        rest_messages_per_minute_per_sender=int(os.environ.get("REST_MESSAGES_PER_MINUTE_PER_SENDER", "60")),
        rest_messages_per_minute_per_address=int(os.environ.get("REST_MESSAGES_PER_MINUTE_PER_ADDRESS", "1200")),
        max_session_events=int(os.environ.get("MAX_SESSION_EVENTS", "300")),
        contact_attempts_before_unreachable=max(1, int(os.environ.get("CONTACT_ATTEMPTS_BEFORE_UNREACHABLE", "3"))),
    )
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(settings.site_time_zone)
    except Exception:
        raise SettingsError(f"SITE_TIME_ZONE={settings.site_time_zone!r} is not a time zone "
                            "(an IANA name such as Asia/Shanghai)") from None
    if env != "development":
        weak = [name for name, value in (("PSEUDONYM_SECRET", settings.pseudonym_secret),
                                         ("RASA_AUTH_TOKEN", settings.rasa_auth_token),
                                         ("WEB_SECRET_KEY", settings.web_secret_key),
                                         ("ACTION_SERVER_TOKEN", settings.action_server_token))
                if value in DEV_SECRETS or len(value) < 16]
        if weak:
            raise SettingsError(
                f"PRESCREEN_ENV={env} refuses development or missing secrets: set {', '.join(weak)} "
                "in .env to long random values (e.g. `openssl rand -hex 32`)."
            )
    return settings
