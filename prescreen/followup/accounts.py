"""Study coordinators' accounts: creation, password hashing, the sign-in throttle, and the
server-side sessions that sign-out, a password change or a deactivation revoke.

Passwords are stored as werkzeug scrypt hashes. Every password checked is recorded in the
append-only `sign_in_attempts`. The throttle counts failures in the database (table
`sign_in_throttle`), so it holds across the web server's threads, several processes and
restarts. It never locks an account: failures of one username from one address, beyond a few
free ones, make that pair wait, the wait doubling with each further failure up to a ceiling;
the same username from another address is not slowed. An address guessing at many usernames
waits likewise after more free failures. A coordinator behind a reverse proxy is known by the
address the proxy saw (WEB_TRUSTED_PROXY, web/server.py), never by a header anyone can send.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from prescreen.utc import aware
from prescreen.store.db import session
from prescreen.store.models import (AccountEvent, Coordinator, CoordinatorSession, SignInAttempt, SignInThrottle,
                                    utcnow)
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
    free_failures: int  # per (username, address) before the first wait
    free_failures_per_address: int  # per address over all usernames before the first wait
    first_delay: timedelta
    max_delay: timedelta
    session_idle: timedelta
    session_absolute: timedelta

    def delay(self, failures: int, free: int) -> timedelta:
        """The wait before the next attempt after `failures` recent failures: none up to
        `free`, then first_delay, doubling with every further failure, at most max_delay."""
        if failures < free:
            return timedelta(0)
        doublings = min(failures - free, 32)  # 2**32 × any first delay is past any ceiling
        return min(self.first_delay * (2 ** doublings), self.max_delay)


# Failures older than this (with none since) are forgotten. Long against the longest wait,
# so that waiting out one ceiling does not give a guesser a fresh set of free failures.
FORGET_FAILURES_AFTER = timedelta(hours=24)


def sign_in_policy() -> SignInPolicy:
    """From the settings as they are now (prescreen/settings.py checks each value)."""
    s = get_settings()
    return SignInPolicy(
        free_failures=s.sign_in_free_failures,
        free_failures_per_address=s.sign_in_free_failures_per_address,
        first_delay=timedelta(seconds=s.sign_in_first_delay_seconds),
        max_delay=timedelta(minutes=s.sign_in_max_delay_minutes),
        session_idle=timedelta(minutes=s.queue_session_idle_minutes),
        session_absolute=timedelta(minutes=s.queue_session_max_minutes),
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


ROLES = ("coordinator", "investigator", "monitor")  # what each may do: prescreen/followup/roles.py


def cli_actor() -> str:
    """Who ran a command at the command line, for the account audit entries."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"[:64]
    except Exception:  # no login name (a container without a passwd entry)
        return "cli"


def _audit(s, account: str, action: str, actor: str | None, reason: str | None, detail: str | None = None) -> None:
    s.add(AccountEvent(account=account, action=action, detail=detail, reason=(reason or "").strip() or None,
                       actor=(actor or cli_actor())[:64], created_at=utcnow()))


def add_coordinator(username: str, password: str, role: str = "coordinator", actor: str | None = None,
                    reason: str | None = None) -> Coordinator:
    name = check_new_account(username, password)
    if role not in ROLES:
        raise AccountError(f"role: one of {', '.join(ROLES)}")
    try:
        with session() as s:
            row = Coordinator(username=name, password_hash=generate_password_hash(password, method=HASH_METHOD),
                              role=role)
            s.add(row)
            _audit(s, name, "created", actor, reason, detail=role)
            s.flush()
            return row
    except IntegrityError:
        raise AccountError(f"username: {name!r} already exists") from None


def coordinators() -> list[dict]:
    """Every account with its last successful sign-in, for `prescreen coordinator list`."""
    last = (select(SignInAttempt.username, func.max(SignInAttempt.at).label("at"))
            .where(SignInAttempt.succeeded.is_(True)).group_by(SignInAttempt.username).subquery())
    query = (select(Coordinator.username, Coordinator.created_at, last.c.at, Coordinator.active, Coordinator.role)
             .outerjoin(last, last.c.username == Coordinator.username).order_by(Coordinator.username))
    with session() as s:
        return [{"username": u, "created_at": aware(created), "last_sign_in": at and aware(at),
                 "active": active, "role": role} for u, created, at, active, role in s.execute(query)]


def get_coordinator(coordinator_id: int) -> Coordinator | None:
    with session() as s:
        return s.get(Coordinator, coordinator_id)


def _account(s, username: str) -> Coordinator:
    row = s.scalar(select(Coordinator).where(Coordinator.username == normalize_username(username)))
    if row is None:
        raise AccountError(f"username: no coordinator called {normalize_username(username)!r}")
    return row


def change_password(username: str, password: str, actor: str | None = None, reason: str | None = None) -> None:
    """Sets a new password and ends every session of the account (a copied cookie too)."""
    check_new_account(username, password)
    with session() as s:
        row = _account(s, username)
        row.password_hash = generate_password_hash(password, method=HASH_METHOD)
        _revoke_all(s, row.id)
        _audit(s, row.username, "password", actor, reason)


def set_active(username: str, active: bool, actor: str | None = None, reason: str | None = None) -> None:
    """Deactivating refuses sign-in and ends every session at once; reactivating allows
    signing in again (old sessions stay ended)."""
    with session() as s:
        row = _account(s, username)
        row.active = active
        if not active:
            _revoke_all(s, row.id)
        _audit(s, row.username, "activated" if active else "deactivated", actor, reason)


def set_role(username: str, role: str, reason: str, actor: str | None = None) -> None:
    """A role change, with its reason, is an audit entry. It ends the account's sessions, so
    no page keeps working with the rights of the old role."""
    if role not in ROLES:
        raise AccountError(f"role: one of {', '.join(ROLES)}")
    if not (reason or "").strip():
        raise AccountError("reason: say why the role changes (it goes into the account audit)")
    with session() as s:
        row = _account(s, username)
        if row.role == role:
            raise AccountError(f"{row.username!r} already has the role {role}")
        _audit(s, row.username, "role", actor, reason, detail=f"{row.role} -> {role}")
        row.role = role
        _revoke_all(s, row.id)


def account_events(username: str | None = None) -> list[dict]:
    """The account audit, oldest first."""
    query = select(AccountEvent).order_by(AccountEvent.id)
    if username:
        query = query.where(AccountEvent.account == normalize_username(username))
    with session() as s:
        return [{"at": aware(e.created_at), "account": e.account, "action": e.action, "detail": e.detail,
                 "reason": e.reason, "actor": e.actor} for e in s.scalars(query)]


# ---- sessions ------------------------------------------------------------------------------

def _token_id(token: str) -> str:
    # Only the token's hash is stored: the table read by someone else signs nobody in.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(coordinator_id: int) -> str:
    """A new server-side session; the returned token goes into the (signed) session cookie."""
    token = secrets.token_urlsafe(32)
    with session() as s:
        s.add(CoordinatorSession(id=_token_id(token), coordinator_id=coordinator_id, created_at=utcnow()))
    return token


def session_coordinator(token: str | None, coordinator_id: int, now: datetime | None = None) -> Coordinator | None:
    """The coordinator of a live session: not revoked, not past QUEUE_SESSION_MAX_MINUTES,
    of this coordinator, whose account is active. None otherwise."""
    if not token:
        return None
    now = now or utcnow()
    with session() as s:
        row = s.execute(
            select(CoordinatorSession, Coordinator)
            .join(Coordinator, Coordinator.id == CoordinatorSession.coordinator_id)
            .where(CoordinatorSession.id == _token_id(token), CoordinatorSession.revoked_at.is_(None),
                   Coordinator.id == coordinator_id, Coordinator.active.is_(True))
        ).first()
        if row is None:
            return None
        opened, coordinator = row
        if now - aware(opened.created_at) > sign_in_policy().session_absolute:
            return None
        return coordinator


def close_session(token: str | None) -> None:
    if not token:
        return
    with session() as s:
        s.execute(update(CoordinatorSession).where(CoordinatorSession.id == _token_id(token),
                                                   CoordinatorSession.revoked_at.is_(None))
                  .values(revoked_at=utcnow()))


def _revoke_all(s, coordinator_id: int) -> None:
    s.execute(update(CoordinatorSession).where(CoordinatorSession.coordinator_id == coordinator_id,
                                               CoordinatorSession.revoked_at.is_(None))
              .values(revoked_at=utcnow()))


# ---- signing in -------------------------------------------------------------------------

@dataclass(frozen=True)
class SignIn:
    coordinator: Coordinator | None  # set when the password was right and nothing throttled
    throttled: bool = False
    retry_after: timedelta | None = None


@dataclass(frozen=True)
class _Claim:
    key: str
    before: tuple[int, datetime | None]  # (failures, last_failure_at) before this claim
    version: int  # the row's version after it


class _Throttled(Exception):
    def __init__(self, retry_after: timedelta):
        self.retry_after = retry_after


_CAS_TRIES = 200  # each lost race means another attempt was counted meanwhile; never loops for ever


def _claim(key: str, free: int, policy: SignInPolicy, now: datetime) -> _Claim:
    """Counts one attempt for `key` as a failure before its password is checked, or raises
    _Throttled when the key must still wait. Compare-and-set on the row's version: two
    attempts at once can never both read the same count, whatever the database."""
    for _ in range(_CAS_TRIES):
        with session() as s:
            row = s.get(SignInThrottle, key)
        if row is None:
            try:
                with session() as s:
                    s.add(SignInThrottle(key=key, failures=0, last_failure_at=None, version=0))
            except IntegrityError:
                pass  # another attempt made it first
            continue  # and read it again
        with session() as s:
            last = aware(row.last_failure_at) if row.last_failure_at else None
            failures = row.failures if last and now - last < FORGET_FAILURES_AFTER else 0
            wait = policy.delay(failures, free)
            # (Only when a wait is due: another thread's failure may carry a time a little
            # after this attempt's `now`, and that alone must not hold this one back.)
            if last is not None and wait and now < last + wait:
                raise _Throttled(last + wait - now)
            done = s.execute(update(SignInThrottle)
                             .where(SignInThrottle.key == key, SignInThrottle.version == row.version)
                             .values(failures=failures + 1, last_failure_at=max(now, last) if last else now,
                                     version=row.version + 1))
            if done.rowcount == 1:
                return _Claim(key, (row.failures, row.last_failure_at), row.version + 1)
    raise RuntimeError(f"sign-in throttle: {key} changed {_CAS_TRIES} times while being counted")


def _undo(claim: _Claim) -> None:
    """Takes back a claim that turned out not to be a failure. If another attempt was
    counted since, only the one failure is taken off (its time stays: the stricter way)."""
    with session() as s:
        done = s.execute(update(SignInThrottle)
                         .where(SignInThrottle.key == claim.key, SignInThrottle.version == claim.version)
                         .values(failures=claim.before[0], last_failure_at=claim.before[1],
                                 version=claim.version + 1))
        if done.rowcount == 0:
            s.execute(update(SignInThrottle).where(SignInThrottle.key == claim.key, SignInThrottle.failures > 0)
                      .values(failures=SignInThrottle.failures - 1, version=SignInThrottle.version + 1))


def _reset(key: str) -> None:
    with session() as s:
        s.execute(update(SignInThrottle).where(SignInThrottle.key == key)
                  .values(failures=0, last_failure_at=None, version=SignInThrottle.version + 1))


def authenticate(username: str, password: str, client: str, now: datetime | None = None) -> SignIn:
    """Checks a sign-in and records it. Each attempt is counted before its password is
    checked (so a burst of attempts at once is counted exactly); a throttled attempt is
    refused without looking at the password and is not counted, so the wait ends on time."""
    policy = sign_in_policy()
    now = now or utcnow()
    name = normalize_username(username)[:64]
    client = (client or "unknown")[:64]
    pair_key, address_key = f"pair:{name}@{client}", f"addr:{client}"
    try:
        pair = _claim(pair_key, policy.free_failures, policy, now)
    except _Throttled as t:
        return SignIn(None, throttled=True, retry_after=max(t.retry_after, timedelta(seconds=1)))
    try:
        address = _claim(address_key, policy.free_failures_per_address, policy, now)
    except _Throttled as t:
        _undo(pair)
        return SignIn(None, throttled=True, retry_after=max(t.retry_after, timedelta(seconds=1)))

    with session() as s:
        account = s.scalar(select(Coordinator).where(Coordinator.username == name))
        usable = account is not None and account.active
        ok = check_password_hash(account.password_hash if usable else _DUMMY_HASH, password) and usable
        s.add(SignInAttempt(at=now, username=name, client=client, succeeded=ok))
    if ok:
        # The pair starts afresh; the address keeps its count of guesses at other accounts
        # (a valid account of one's own must not clear them), less this attempt.
        _reset(pair_key)
        _undo(address)
    return SignIn(account if ok else None)
