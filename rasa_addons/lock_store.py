"""Rasa's Redis ticket lock, made atomic (deploy/endpoints.production.yml).

Rasa 3.6's `RedisLockStore` changes a conversation's lock by GET, change in Python, SET. Two
replicas taking a ticket for the same conversation at the same moment can both read "no
ticket yet", both write ticket 1 and both go ahead: each loads the conversation, adds its
message and saves, and one message is lost (tests/test_scale_out.py saw it under load). A
replica finishing its turn can likewise overwrite the ticket another one just took.

Here every change of a lock is one Redis transaction (WATCH the key, read, MULTI/SET/EXEC,
retried when another replica changed the key in between), so tickets are unique and none is
dropped. Same keys and settings as `type: redis`:

    lock_store:
      type: rasa_addons.lock_store.AtomicRedisLockStore
      url: ${REDIS_HOST}
      ...
"""
from __future__ import annotations

import json
from typing import Any, Callable, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # Rasa passes the endpoints.yml section
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs}
        super().__init__(**kwargs)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        key = self.key_prefix + conversation_id

        def issue(pipe: Any) -> int:
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else TicketLock(conversation_id)
            ticket = lock.issue_ticket(lock_lifetime)
            pipe.multi()
            pipe.set(key, lock.dumps())
            return ticket

        try:
            return self.red.transaction(issue, key, value_from_callable=True)
        except Exception as e:  # as Rasa's own issue_ticket: the caller handles LockError
            raise LockError(f"Error while acquiring lock. Error:\n{e}") from e

    def _rewrite(self, conversation_id: Text, edit: Callable[[TicketLock], None]) -> None:
        """Read, edit and write back (or delete, once no ticket is left) in one transaction."""
        key = self.key_prefix + conversation_id

        def rewrite(pipe: Any) -> None:
            raw = pipe.get(key)
            if not raw:
                return
            lock = TicketLock.from_dict(json.loads(raw))
            edit(lock)
            pipe.multi()
            if lock.tickets:
                pipe.set(key, lock.dumps())
            else:
                pipe.delete(key)

        self.red.transaction(rewrite, key)

    def update_lock(self, conversation_id: Text) -> None:
        self._rewrite(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._rewrite(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # Removing the last ticket deletes the key in the same transaction; Rasa's version
        # checked "is anyone waiting" and deleted afterwards, which could drop a ticket taken
        # in between.
        self.finish_serving(conversation_id, ticket_number)
