"""The one UTC helper. Times are stored and compared in UTC and shown in the site's zone
(prescreen.followup.roles.local): `utcnow()` is the time now, `aware(t)` a time read back
from the database, where SQLite hands back naive datetimes (everything written is UTC).
Plain Python: the pure packages and the database layer both use it."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import overload


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@overload
def aware(t: datetime) -> datetime: ...
@overload
def aware(t: None) -> None: ...
def aware(t: datetime | None) -> datetime | None:
    """A stored time with its zone: a naive one is UTC; an aware one is returned as it is."""
    return t if t is None or t.tzinfo is not None else t.replace(tzinfo=timezone.utc)
