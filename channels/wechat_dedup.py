"""Exactly-once handling of WeChat's retried messages.

WeChat waits 5 seconds for a reply and then sends the same message again, up to three times.
Two pieces make each message processed once and answered once:

- a `DedupStore` says whether a message key was ever seen: `claim(key)` is true only for
  the first caller within the TTL. `MemoryDedupStore` (one process) by default;
  `RedisDedupStore` (SET NX EX) when REDIS_URL is set, so several Rasa replicas share it.
- a `OncePerMessage` keeps, per key, the in-flight asyncio task of this process: a retry that
  arrives while the first attempt is still working awaits the same task and can carry the
  reply. When nobody is waiting any more when the answer is ready (the reply budget ran out
  and `success` was answered), the answer goes to `deliver_later` (WeChat's customer-service
  message API) instead. A retry reaching another replica finds the key claimed and answers
  `success`; the replica that owns the task delivers.

The same stores also remember the signed query of every request (`claim_for`, a second
store with its own prefix, channels/wechat.py): in plain mode the signature covers only the
token, timestamp and nonce, not the body, so a captured query could otherwise be sent again
with any body and any OpenID while its timestamp is fresh.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Optional, Protocol

logger = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 300


class DedupStore(Protocol):
    async def claim(self, key: str) -> bool:
        """True for the first claim of `key` within the TTL, false for every later one."""

    async def claim_for(self, key: str, value: bytes) -> bool:
        """True for the first claim of `key` within the TTL and for later ones with the same
        `value`, false for a later one with another value."""

    async def close(self) -> None:
        ...


class MemoryDedupStore:
    """In-process dict of key -> expiry (monotonic seconds)."""

    def __init__(self, ttl_seconds: float = DEFAULT_TTL_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl_seconds
        self._clock = clock
        self._expiry: dict[str, float] = {}
        self._values: dict[str, bytes] = {}
        self._next_purge = 0.0

    def _purge(self, now: float) -> None:
        if now >= self._next_purge:
            self._expiry = {k: t for k, t in self._expiry.items() if t > now}
            self._values = {k: v for k, v in self._values.items() if k in self._expiry}
            self._next_purge = now + min(self.ttl, 60)

    async def claim_for(self, key: str, value: bytes) -> bool:
        """True for the first claim of `key` within the TTL (remembering `value`) and for a
        later one with the same `value`; false for a later one with another value."""
        now = self._clock()
        self._purge(now)
        expiry = self._expiry.get(key)
        if expiry is not None and expiry > now:
            return self._values.get(key) == value
        self._expiry[key], self._values[key] = now + self.ttl, value
        return True

    async def claim(self, key: str) -> bool:
        now = self._clock()
        self._purge(now)
        expiry = self._expiry.get(key)
        if expiry is not None and expiry > now:
            return False
        self._expiry[key] = now + self.ttl
        return True

    def __len__(self) -> int:
        return len(self._expiry)

    async def close(self) -> None:
        self._expiry.clear()


class RedisDedupStore:
    """SET key 1 NX EX ttl on a shared Redis (redis.asyncio). If Redis cannot be reached the
    message is processed anyway (logged): a possible duplicate beats a lost message, and this
    process still merges retries that reach it."""

    def __init__(self, url: str, ttl_seconds: float = DEFAULT_TTL_SECONDS, prefix: str = "prescreen:wechat:seen:",
                 client=None):
        if client is None:
            import redis.asyncio as aioredis

            client = aioredis.from_url(url)
        self.client = client
        self.ttl = max(1, int(ttl_seconds))
        self.prefix = prefix

    async def claim(self, key: str) -> bool:
        try:
            return bool(await self.client.set(self.prefix + key, b"1", nx=True, ex=self.ttl))
        except Exception as e:  # redis.exceptions.RedisError, OSError, timeouts
            logger.warning("WeChat dedup: Redis unavailable (%s); processing without the shared check", e)
            return True

    async def claim_for(self, key: str, value: bytes) -> bool:
        """As MemoryDedupStore.claim_for, shared by every replica (SET NX EX, then GET)."""
        try:
            if await self.client.set(self.prefix + key, value, nx=True, ex=self.ttl):
                return True
            return (await self.client.get(self.prefix + key)) == value
        except Exception as e:  # redis.exceptions.RedisError, OSError, timeouts
            logger.warning("WeChat dedup: Redis unavailable (%s); processing without the shared check", e)
            return True

    async def close(self) -> None:
        await self.client.close()


def make_dedup_store(redis_url: Optional[str], ttl_seconds: float = DEFAULT_TTL_SECONDS,
                     prefix: str = "prescreen:wechat:seen:") -> DedupStore:
    if redis_url:
        return RedisDedupStore(redis_url, ttl_seconds, prefix=prefix)
    return MemoryDedupStore(ttl_seconds)


Parts = list[str]
DeliverLater = Callable[[Parts], Awaitable[None]]


@dataclass
class _Entry:
    task: asyncio.Task
    deliver_later: DeliverLater
    created: float
    waiters: int = 0
    delivery: Optional[str] = None  # None, "passive" (a reply carried it) or "later" (deliver_later)
    background: set = field(default_factory=set)


class OncePerMessage:
    """Runs each message key's work once per process and decides who delivers its answer.

    `handle()` returns the text for the passive reply, or None for `success` (nothing now:
    it was answered before, is answered by a waiting retry, or goes to `deliver_later`).
    `work()` returns the answer as parts, each short enough for one WeChat text; the first
    goes in the passive reply and the rest through `deliver_later`, in order.
    """

    def __init__(self, store: DedupStore, keep_seconds: float = DEFAULT_TTL_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.keep = keep_seconds
        self._clock = clock
        self._entries: dict[str, _Entry] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def _purge(self) -> None:
        old = self._clock() - self.keep
        for key in [k for k, e in self._entries.items() if e.created < old and e.task.done() and not e.waiters]:
            del self._entries[key]

    async def _run(self, key: str, work: Callable[[], Awaitable[Parts]]) -> Optional[Parts]:
        if not await self.store.claim(key):
            return None  # seen before, by this process long ago or by another replica
        return await work()

    @staticmethod
    def _parts(entry: _Entry) -> Optional[Parts]:
        if entry.task.cancelled():
            return None
        if entry.task.exception() is not None:
            logger.error("WeChat message processing failed", exc_info=entry.task.exception())
            return None
        return entry.task.result()

    def _spawn(self, entry: _Entry, parts: Parts) -> None:
        t = asyncio.ensure_future(entry.deliver_later(parts))
        entry.background.add(t)
        t.add_done_callback(entry.background.discard)

    def _settle(self, entry: _Entry) -> None:
        """Hands a finished answer nobody is waiting for to deliver_later, once."""
        if entry.task.done() and entry.delivery is None and entry.waiters == 0:
            parts = self._parts(entry)
            if parts:
                entry.delivery = "later"
                self._spawn(entry, parts)

    async def handle(self, key: str, work: Callable[[], Awaitable[Parts]], budget: float,
                     deliver_later: DeliverLater) -> Optional[str]:
        self._purge()
        entry = self._entries.get(key)
        if entry is None:
            # Registered before the first await, so a concurrent retry in this process joins it.
            entry = _Entry(task=asyncio.ensure_future(self._run(key, work)), deliver_later=deliver_later,
                           created=self._clock())
            self._entries[key] = entry
            entry.task.add_done_callback(lambda _t: self._settle(entry))
        entry.waiters += 1
        carried = False
        try:
            if not entry.task.done():
                try:
                    await asyncio.wait_for(asyncio.shield(entry.task), timeout=max(budget, 0.0))
                except asyncio.TimeoutError:
                    pass
                except asyncio.CancelledError:
                    raise  # this request was dropped (client gone); the task goes on
                except Exception:
                    pass  # the task failed: _parts() logs it
            if not entry.task.done() or entry.delivery == "later":
                return None
            parts = self._parts(entry)
            if not parts:
                return None
            first = entry.delivery is None
            entry.delivery = "passive"
            carried = True
            if first and len(parts) > 1:
                self._spawn(entry, parts[1:])
            return parts[0]
        finally:
            entry.waiters -= 1
            if not carried:
                self._settle(entry)

    async def close(self) -> None:
        pending = [e.task for e in self._entries.values() if not e.task.done()]
        pending += [t for e in self._entries.values() for t in e.background]
        if pending:
            await asyncio.wait(pending, timeout=10)
        await self.store.close()
