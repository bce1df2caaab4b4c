"""A conversation's session ends after MAX_SESSION_EVENTS events, so a turn costs the same
however long the conversation has gone on.

Rasa reads, replays, featurises and sends to the action server every event of the latest
session at every turn; one client that keeps typing makes each of its turns slower without
end (a conversation of 470 messages took 3.9 s a turn, and held up the others while it ran).
Rasa already bounds this across time: after `session_expiration_time` it runs
`action_session_start`, a new session that carries the slots over
(`carry_over_slots_to_new_session: true` in domain.yml), and the tracker store then reads
that session only. Here a session also ends after MAX_SESSION_EVENTS events, the same way.
Nothing of the screening is lost: the facts are slots, and an open form stays open (its
ActiveLoop is carried too). The screening log's transcript of a decision taken after such a
restart starts there; the chat page's history reads every session.

Rasa's `action_session_start` carries the slots over as every SlotSet of the session, again,
so a new session would start as long as the old one ended; here each slot is carried once,
with its last value (the same slots, the same values).

Installed by the Rasa server's tracker store (rasa_addons/tracker_store.py, `rasa_patches: true`
in both endpoints files); importing this module changes nothing.
"""
from __future__ import annotations

from typing import Any, List

from rasa.core.actions.action import ActionSessionStart
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from prescreen.settings import get_settings
from rasa_addons import patching


def events_in_latest_session(tracker: DialogueStateTracker) -> int:
    count = 0
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        count += 1
    return count


def too_long(tracker: DialogueStateTracker) -> bool:
    limit = get_settings().max_session_events
    return limit > 0 and events_in_latest_session(tracker) > limit


def last_slot_values(tracker: DialogueStateTracker) -> List[SlotSet]:
    """One SlotSet per slot set in the session, with its last value and metadata, in the order
    the slots were last set (replaying them gives the slots Rasa's full list gives)."""
    last: dict[str, SlotSet] = {}
    for event in tracker.applied_events():
        if isinstance(event, SlotSet):
            last.pop(event.key, None)
            last[event.key] = SlotSet(key=event.key, value=event.value, metadata=event.metadata)
    return list(last.values())


def install() -> None:
    """Called by the Rasa server's tracker store (rasa_addons/tracker_store.py), never on import."""
    if __name__ in patching.installed:
        return
    patching.installed.add(__name__)

    expired = MessageProcessor._has_session_expired

    def _has_session_expired(self: MessageProcessor, tracker: DialogueStateTracker) -> bool:
        return expired(self, tracker) or too_long(tracker)

    patching.replace(MessageProcessor, "_has_session_expired", _has_session_expired)

    patching.replace(ActionSessionStart, "_slot_set_events_from_tracker", staticmethod(last_slot_values))

    start = ActionSessionStart.run

    async def run(self: ActionSessionStart, output_channel: Any, nlg: Any, tracker: DialogueStateTracker,
                  domain: Any, *args: Any, **kwargs: Any) -> List[Event]:
        events = await start(self, output_channel, nlg, tracker, domain, *args, **kwargs)
        if tracker.active_loop_name and too_long(tracker):
            # Ended for length in the middle of a form: the form goes on with its question.
            at = len(events) - 1 if events and isinstance(events[-1], ActionExecuted) else len(events)
            events.insert(at, ActiveLoop(tracker.active_loop_name))
        return events

    patching.replace(ActionSessionStart, "run", run)
