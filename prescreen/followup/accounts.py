"""Study coordinators' accounts: creation, password hashing, and the sign-in throttle.

Passwords are stored as werkzeug scrypt hashes. Failed sign-ins are counted in the database
(table `sign_in_attempts`), per username and per client address, so a throttle holds across
the web server's threads, several processes and restarts.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from prescreen.store.db import session
from prescreen.store.models import Coordinator, SignInAttempt, utcnow
from prescreen.settings import get_settings

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_CHARS = 12
HASH_METHOD = "scrypt"
# Checked when the username does not exist, so a wrong username costs as long as a wrong
# password and response times do not tell which accounts exist.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method=HASH_METHOD)


class AccountError(ValueError):
    pass


@dataclass(frozen=True)
class SignInPolicy:
    max_failures_per_username: int
    max_failures_per_address: int
    throttle_window: timedelta
    session_idle: timedelta
    session_absolute: timedelta


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise AccountError(f"{name}={raw!r} is not a whole number") from None
    if value < 1:
        raise AccountError(f"{name} must be at least 1")
    return value


def sign_in_policy() -> SignInPolicy:
    """Read on every use (not cached), so a changed .env or a test's environment applies at once."""
    get_settings()  # loads .env into the environment
    return SignInPolicy(
        max_failures_per_username=_int_env("SIGN_IN_MAX_FAILURES_PER_USERNAME", 5),
        max_failures_per_address=_int_env("SIGN_IN_MAX_FAILURES_PER_ADDRESS", 20),
        throttle_window=timedelta(minutes=_int_env("SIGN_IN_THROTTLE_MINUTES", 15)),
        session_idle=timedelta(minutes=_int_env("QUEUE_SESSION_IDLE_MINUTES", 60)),
        session_absolute=timedelta(minutes=_int_env("QUEUE_SESSION_MAX_MINUTES", 480)),
    )


def normalize_username(username: str) -> str:
    return username.strip().lower()


def check_new_account(username: str, password: str) -> str:
    """The normalised username, or AccountError saying what is wrong."""
    name = normalize_username(username)
    if not USERNAME.match(name):
        raise AccountError("username: 2–64 characters, letters, digits, '.', '_' or '-', starting with a letter or digit")
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"password: at least {MIN_PASSWORD_CHARS} characters")
    if password.strip() != password:
        raise AccountError("password: no leading or trailing spaces (they are easily lost when typing)")
    return name


def add_coordinator(username: str, password: str) -> Coordinator:
    name = check_new_account(username, password)
    try:
        with session() as s:
            row = Coordinator(username=name, password_hash=generate_password_hash(password, method=HASH_METHOD))
            s.add(row)
            s.flush()
            return row
    except IntegrityError:
        raise AccountError(f"username: {name!r} already exists") from None


def coordinators() -> list[dict]:
    """Every account with its last successful sign-in, for `prescreen coordinator list`."""
    last = (select(SignInAttempt.username, func.max(SignInAttempt.at).label("at"))
            .where(SignInAttempt.succeeded.is_(True)).group_by(SignInAttempt.username).subquery())
    query = (select(Coordinator.username, Coordinator.created_at, last.c.at)
             .outerjoin(last, last.c.username == Coordinator.username).order_by(Coordinator.username))
    with session() as s:
        return [{"username": u, "created_at": _as_aware(created), "last_sign_in": at and _as_aware(at)}
                for u, created, at in s.execute(query)]


def get_coordinator(coordinator_id: int) -> Coordinator | None:
    with session() as s:
        return s.get(Coordinator, coordinator_id)


# ---- signing in -------------------------------------------------------------------------

@dataclass(frozen=True)
class SignIn:
    coordinator: Coordinator | None  # set when the password was right and nothing throttled
    throttled: bool = False
    retry_after: timedelta | None = None


def _recent_failures(s, column, value: str, since: datetime) -> tuple[int, datetime | None]:
    """Failures for this username/address within the window and after its last success,
    with the oldest of them (the throttle lifts when it leaves the window)."""
    last_success = s.scalar(select(func.max(SignInAttempt.id))
                            .where(column == value, SignInAttempt.succeeded.is_(True)))
    query = select(func.count(), func.min(SignInAttempt.at)).where(
        column == value, SignInAttempt.succeeded.is_(False), SignInAttempt.at > since)
    if last_success is not None:
        query = query.where(SignInAttempt.id > last_success)
    count, oldest = s.execute(query).one()
    return count, oldest


def _as_aware(t: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return t if t.tzinfo else t.replace(tzinfo=utcnow().tzinfo)


def authenticate(username: str, password: str, client: str, now: datetime | None = None) -> SignIn:
    """Checks a sign-in and records the attempt. A throttled attempt is refused before the
    password is looked at and is not recorded, so the lock lifts on time."""
    policy = sign_in_policy()
    now = now or utcnow()
    name = normalize_username(username)[:64]
    client = (client or "unknown")[:64]
    since = now - policy.throttle_window
    with session() as s:
        # Per address the count ignores successes: a valid account of one's own must not
        # reset the count of guesses at other people's.
        by_name, oldest_name = _recent_failures(s, SignInAttempt.username, name, since)
        by_client, oldest_client = s.execute(
            select(func.count(), func.min(SignInAttempt.at)).where(
                SignInAttempt.client == client, SignInAttempt.succeeded.is_(False), SignInAttempt.at > since)
        ).one()
        blocking = [oldest for count, limit, oldest in (
            (by_name, policy.max_failures_per_username, oldest_name),
            (by_client, policy.max_failures_per_address, oldest_client)) if count >= limit]
        if blocking:
            lifts_at = max(_as_aware(t) for t in blocking) + policy.throttle_window
            return SignIn(None, throttled=True, retry_after=max(lifts_at - now, timedelta(seconds=1)))

        account = s.scalar(select(Coordinator).where(Coordinator.username == name))
        ok = check_password_hash(account.password_hash if account else _DUMMY_HASH, password) and account is not None
        s.add(SignInAttempt(at=now, username=name, client=client, succeeded=ok))
        return SignIn(account if ok else None)
