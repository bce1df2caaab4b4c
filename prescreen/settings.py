"""Every setting the project reads, in one typed object: `.env` at the project root (read by
python-dotenv) under the process's environment, which wins, so tests and the run scripts can
override single values.

Each field names its variable, its default and what it accepts; `.env.example` documents
exactly these variables (tests/test_settings.py). A bad value stops with one message naming
the variable, the value and what is accepted. Nothing else in the project reads os.environ or
loads .env: every module asks `get_settings()`.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Mapping

from dotenv import dotenv_values, load_dotenv

ROOT = Path(__file__).resolve().parent.parent

DEV_SECRETS = {"", "dev-only-pseudonym-secret", "dev-only-rasa-token", "dev-only-web-secret-key", "change-me",
               "dev-only-action-token"}
ENVIRONMENTS = ("development", "production")
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'var' / 'prescreen.db'}"


class SettingsError(RuntimeError):
    pass


# ---- what a variable accepts ----------------------------------------------------------------
# A reader turns the raw text (stripped, never empty: empty means the default) into the field's
# value, or says what it accepts by raising ValueError with that description.

Reader = Callable[[str], Any]


def text(raw: str) -> str:
    return raw


def whole(minimum: int, maximum: int | None = None) -> Reader:
    accepted = (f"a whole number from {minimum} to {maximum}" if maximum is not None
                else f"a whole number, at least {minimum}")

    def read(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(accepted) from None
        if value < minimum or (maximum is not None and value > maximum):
            raise ValueError(accepted)
        return value
    return read


port = whole(0, 65535)


def seconds(raw: str) -> float:
    accepted = "a number of seconds above 0, e.g. 4.5"
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(accepted) from None
    if not value > 0 or value == float("inf"):
        raise ValueError(accepted)
    return value


def flag(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("true or false (also 1/0, yes/no, on/off)")


def one_of(*choices: str) -> Reader:
    def read(raw: str) -> str:
        if raw not in choices:
            raise ValueError(" or ".join(choices))
        return raw
    return read


def time_zone(raw: str) -> str:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(raw)
    except Exception:
        raise ValueError("a time zone's IANA name, such as Asia/Shanghai") from None
    return raw


def var(name: str, default: Any, read: Reader = text, secret: bool = False) -> Any:
    """A field read from the variable `name`; empty or unset = `default`. A secret is left out
    of the settings' repr, so a logged or printed Settings shows none."""
    return field(default=default, repr=not secret, metadata={"env": name, "read": read})


# ---- the settings ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    # development | production: production refuses missing or development secrets.
    env: str = var("PRESCREEN_ENV", "development", one_of(*ENVIRONMENTS))
    # The outcome log, the queue and (by default) Rasa's conversation trackers.
    database_url: str = var("DATABASE_URL", DEFAULT_DATABASE_URL)
    pseudonym_secret: str = var("PSEUDONYM_SECRET", "dev-only-pseudonym-secret", secret=True)
    rasa_auth_token: str = var("RASA_AUTH_TOKEN", "dev-only-rasa-token", secret=True)
    web_secret_key: str = var("WEB_SECRET_KEY", "dev-only-web-secret-key", secret=True)
    # The action server refuses calls without it (rasa_addons/action_server.py); Rasa sends it
    # (endpoints.yml action_endpoint headers).
    action_server_token: str = var("ACTION_SERVER_TOKEN", "dev-only-action-token", secret=True)
    rasa_port: int = var("RASA_PORT", 5005, port)
    action_port: int = var("ACTION_PORT", 5055, port)
    web_port: int = var("WEB_PORT", 8000, port)
    # The address the action server listens on (rasa_sdk's own variable name; bin/rasa and
    # bin/run set loopback; a replica behind a proxy sets its private address).
    sanic_host: str = var("SANIC_HOST", "127.0.0.1")
    # Where Rasa keeps conversations (endpoints.yml's ${TRACKER_URL}); empty = DATABASE_URL.
    tracker_url: str = var("TRACKER_URL", "")

    # One cap on a message's length at every door: the chat page, Rasa's REST channel and the
    # WeChat channel (a 30,000-character message held Rasa up for 7 s).
    max_message_chars: int = var("MAX_MESSAGE_CHARS", 20_000, whole(1))  # a whole referral letter, read in full
    # Rasa's REST channel (rasa_addons/rest_channel.py): messages per minute per conversation
    # and per client address (the web app is one address for every chat page behind it); 0 = off.
    rest_messages_per_minute_per_sender: int = var("REST_MESSAGES_PER_MINUTE_PER_SENDER", 60, whole(0))
    rest_messages_per_minute_per_address: int = var("REST_MESSAGES_PER_MINUTE_PER_ADDRESS", 1200, whole(0))
    # A conversation's session ends after this many events (a screening is 100-200), as after
    # Rasa's session expiry, so no turn costs more than this many events (rasa_addons/session_cap.py).
    max_session_events: int = var("MAX_SESSION_EVENTS", 300, whole(0))
    # False leaves Rasa unpatched by rasa_addons/rasa_speedups.py (to compare).
    rasa_schema_cache: bool = var("PRESCREEN_RASA_SCHEMA_CACHE", True, flag)

    # The web app: the largest request body it reads (the chat's JSON, the queue's forms).
    web_max_body_bytes: int = var("WEB_MAX_BODY_BYTES", 64 * 1024, whole(1))
    # The reverse proxy in front of the web app (its address as waitress sees it, e.g.
    # 127.0.0.1): only from there is X-Forwarded-For believed (web/server.py). Empty = none.
    web_trusted_proxy: str = var("WEB_TRUSTED_PROXY", "")

    # The coordinators' queue: the sign-in throttle and sessions (prescreen/followup/accounts.py).
    sign_in_free_failures: int = var("SIGN_IN_FREE_FAILURES", 5, whole(1))
    sign_in_free_failures_per_address: int = var("SIGN_IN_FREE_FAILURES_PER_ADDRESS", 20, whole(1))
    sign_in_first_delay_seconds: int = var("SIGN_IN_FIRST_DELAY_SECONDS", 30, whole(1))
    sign_in_max_delay_minutes: int = var("SIGN_IN_MAX_DELAY_MINUTES", 15, whole(1))
    queue_session_idle_minutes: int = var("QUEUE_SESSION_IDLE_MINUTES", 60, whole(1))
    queue_session_max_minutes: int = var("QUEUE_SESSION_MAX_MINUTES", 480, whole(1))
    # A referral without any action for this many working days stands out (followup/workflow.py).
    queue_overdue_working_days: int = var("QUEUE_OVERDUE_WORKING_DAYS", 2, whole(1))
    # The queue offers "unreachable" only after this many contact attempts without reaching
    # anyone (prescreen/followup/workflow.py): not straight from New after one call.
    contact_attempts_before_unreachable: int = var("CONTACT_ATTEMPTS_BEFORE_UNREACHABLE", 3, whole(1))
    # Times are stored in UTC and shown in the site's zone, named beside them (IANA name, zoneinfo).
    site_time_zone: str = var("SITE_TIME_ZONE", "Asia/Shanghai", time_zone)

    # Telling coordinators about new referrals (prescreen/followup/notify.py, store/outbox.py).
    notify_email_to: str = var("NOTIFY_EMAIL_TO", "")
    smtp_host: str = var("SMTP_HOST", "")
    smtp_port: int = var("SMTP_PORT", 25, whole(1, 65535))
    smtp_starttls: bool = var("SMTP_STARTTLS", False, flag)
    smtp_user: str = var("SMTP_USER", "")
    smtp_password: str = var("SMTP_PASSWORD", "", secret=True)
    smtp_from: str = var("SMTP_FROM", "prescreen@localhost")
    wecom_webhook_url: str = var("WECOM_WEBHOOK_URL", "")
    # Where coordinators open the queue (the link in messages); empty = this machine's web port.
    queue_base_url: str = var("QUEUE_BASE_URL", "")
    notify_include_decision: bool = var("NOTIFY_INCLUDE_DECISION", False, flag)
    notify_retry_first_seconds: int = var("NOTIFY_RETRY_FIRST_SECONDS", 60, whole(0))
    notify_retry_max_seconds: int = var("NOTIFY_RETRY_MAX_SECONDS", 3600, whole(0))

    # The WeChat Official Account channel (channels/wechat.py); empty token = the channel is off.
    wechat_token: str = var("WECHAT_TOKEN", "", secret=True)
    wechat_app_id: str = var("WECHAT_APP_ID", "")
    wechat_app_secret: str = var("WECHAT_APP_SECRET", "", secret=True)
    wechat_encoding_aes_key: str = var("WECHAT_ENCODING_AES_KEY", "", secret=True)
    wechat_api_base_url: str = var("WECHAT_API_BASE_URL", "https://api.weixin.qq.com/cgi-bin/")
    wechat_reply_budget_seconds: float = var("WECHAT_REPLY_BUDGET_SECONDS", 4.5, seconds)
    wechat_max_body_bytes: int = var("WECHAT_MAX_BODY_BYTES", 64 * 1024, whole(1))
    wechat_dedup_ttl_seconds: float = var("WECHAT_DEDUP_TTL_SECONDS", 300.0, seconds)
    # Shared by several Rasa replicas (WeChat's message ids and access token); empty = in-process.
    redis_url: str = var("REDIS_URL", "")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def tracker_database_url(self) -> str:
        """Where Rasa keeps conversations: TRACKER_URL, or else DATABASE_URL."""
        return self.tracker_url or self.database_url

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> "Settings":
        """Reads and checks every variable; the first bad one raises SettingsError."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            name, read = f.metadata["env"], f.metadata["read"]
            raw = (environ.get(name) or "").strip()
            if not raw:
                continue
            try:
                values[f.name] = read(raw)
            except ValueError as e:
                raise SettingsError(f"{name}={raw!r} is not accepted: expected {e} (set in .env or the environment)") from None
        settings = cls(**values)
        settings._refuse_weak_secrets()
        return settings

    def _refuse_weak_secrets(self) -> None:
        if self.env == "development":
            return
        weak = [name for name, value in (("PSEUDONYM_SECRET", self.pseudonym_secret),
                                         ("RASA_AUTH_TOKEN", self.rasa_auth_token),
                                         ("WEB_SECRET_KEY", self.web_secret_key),
                                         ("ACTION_SERVER_TOKEN", self.action_server_token))
                if value in DEV_SECRETS or len(value) < 16]
        if weak:
            raise SettingsError(
                f"PRESCREEN_ENV={self.env} refuses development or missing secrets: set {', '.join(weak)} "
                "in .env to long random values (e.g. `openssl rand -hex 32`)."
            )


VARIABLES = tuple(f.metadata["env"] for f in fields(Settings))


# ---- reading them once per environment ------------------------------------------------------

_cache: dict[tuple[str | None, ...], Settings] = {}
_dotenv_read = False


def _read_dotenv() -> None:
    global _dotenv_read
    path = ROOT / ".env"
    load_dotenv(path, override=False)
    unknown = sorted(set(dotenv_values(path)) - set(VARIABLES)) if path.exists() else []
    if unknown:  # a renamed or misspelt variable would otherwise be ignored without a word
        logging.getLogger(__name__).warning("%s sets %s, which nothing reads (see .env.example)",
                                            path, ", ".join(unknown))
    _dotenv_read = True


def get_settings() -> Settings:
    """The settings for the environment as it is now: built and checked once per distinct set of
    values, so a test's monkeypatch.setenv applies at once and a long-running server pays a
    dictionary look-up."""
    if not _dotenv_read:
        _read_dotenv()
    key = tuple(os.environ.get(name) for name in VARIABLES)
    settings = _cache.get(key)
    if settings is None:
        if len(_cache) > 64:  # tests try many environments; a server has one
            _cache.clear()
        settings = _cache[key] = Settings.from_environ(os.environ)
    return settings


def _cache_clear() -> None:
    """Forget what was read, .env included (as a fresh process would)."""
    global _dotenv_read
    _cache.clear()
    _dotenv_read = False


get_settings.cache_clear = _cache_clear  # type: ignore[attr-defined]
