"""API tokens of hospital systems (CTMS, EHR, the sponsor's EDC) for the FHIR interface.

A system is given one token at the command line (`prescreen system-token create NAME --role
monitor|coordinator`), shown once and never again: only its SHA-256 is stored (a random
256-bit token needs no slow hash; the table read by someone else lets nobody in). A token is
revoked by name and stays on record; each creation and revocation is an `account_events` entry
(account `system:NAME`, shown by `prescreen coordinator audit`), and every use sets
`last_used_at`. The role says what the system sees, as for a person (prescreen.followup.roles):
a monitor gets no patient references.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from prescreen.utc import aware
from prescreen.followup import accounts
from prescreen.store.db import session
from prescreen.store.models import SystemToken, utcnow

ROLES = ("coordinator", "monitor")  # a system signs nothing, so no investigator tokens
PREFIX = "pst_"  # recognisable in a leaked log or a secret scanner's report
AUDIT_PREFIX = "system:"  # account_events.account of a token, apart from people's usernames


class TokenError(ValueError):
    """Refused; the message is meant for the person at the command line."""


@dataclass(frozen=True)
class System:
    """Who called: the system a valid token belongs to."""
    name: str
    role: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _name(name: str) -> str:
    normal = accounts.normalize_username(name)
    if not accounts.USERNAME.match(normal):
        raise TokenError("name: 2–64 characters, letters, digits, '.', '_' or '-', starting with a letter or digit")
    return normal


def create(name: str, role: str, reason: str | None = None, actor: str | None = None) -> str:
    """A new token for `name`; returns it (the only time it exists outside the caller's hands)."""
    name = _name(name)
    if role not in ROLES:
        raise TokenError(f"role: one of {', '.join(ROLES)}")
    token = PREFIX + secrets.token_urlsafe(32)
    who = (actor or accounts.cli_actor())[:64]
    try:
        with session() as s:
            if s.scalar(select(SystemToken.id).where(SystemToken.name == name, SystemToken.revoked_at.is_(None))):
                raise TokenError(f"{name!r} already has a token: revoke it first (prescreen system-token revoke {name})")
            s.add(SystemToken(name=name, role=role, token_hash=_hash(token), created_at=utcnow(), created_by=who))
            accounts._audit(s, AUDIT_PREFIX + name, "token_created", who, reason, detail=role)
    except IntegrityError:  # the same name created at the same moment elsewhere (partial unique index)
        raise TokenError(f"{name!r} already has a token: revoke it first") from None
    return token


def revoke(name: str, reason: str | None = None, actor: str | None = None) -> None:
    name = _name(name)
    who = (actor or accounts.cli_actor())[:64]
    with session() as s:
        row = s.scalar(select(SystemToken).where(SystemToken.name == name, SystemToken.revoked_at.is_(None)))
        if row is None:
            raise TokenError(f"no unrevoked token called {name!r} (prescreen system-token list)")
        row.revoked_at = utcnow()
        accounts._audit(s, AUDIT_PREFIX + name, "token_revoked", who, reason, detail=row.role)


def tokens() -> list[dict]:
    """Every token ever created, revoked ones too, oldest first (never the token itself)."""
    with session() as s:
        rows = s.scalars(select(SystemToken).order_by(SystemToken.id)).all()
        return [{"name": r.name, "role": r.role, "created_at": aware(r.created_at), "created_by": r.created_by,
                 "last_used_at": aware(r.last_used_at), "revoked_at": aware(r.revoked_at)} for r in rows]


def authenticate(token: str | None) -> System | None:
    """The system this token belongs to, or None (unknown, malformed or revoked). Records the use."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None
    with session() as s:
        # Looked up by hash: the comparison never touches the token itself, so its timing
        # tells nothing about how much of a guess was right. One UPDATE both records the use
        # and checks the token is unrevoked at that moment, so a revocation is never raced.
        used = s.execute(update(SystemToken).where(SystemToken.token_hash == _hash(token),
                                                   SystemToken.revoked_at.is_(None))
                         .values(last_used_at=utcnow()))
        if used.rowcount != 1:
            return None
        name, role = s.execute(select(SystemToken.name, SystemToken.role)
                               .where(SystemToken.token_hash == _hash(token))).one()
        return System(name, role)
