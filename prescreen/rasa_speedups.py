"""One measured fix of Rasa's per-turn cost, installed in the Rasa server by the production
tracker store (prescreen/tracker_store.py, deploy/endpoints.production.yml).

Rasa 3.6 checks every answer of the action server with `jsonschema.validate(result, spec)`.
With the pinned jsonschema 4.17, `validate` first checks `spec` itself against the JSON Schema
2020-12 meta-schema, on every call: about 19 ms of CPU, for a schema that never changes, and
a turn calls the action server 3 to 5 times. That was about 70 % of the Rasa server's CPU
per turn (bench/load.py). Here a validator is built once per schema and reused: every answer
is still validated against the same schema, with the same errors; only the check of Rasa's
own constant schema is done once instead of every time (0.3 ms per answer instead of 19).

Then the answer itself: Rasa's event schema is a `oneOf` over 23 event types, each naming its
type in `event` (`{"const": "slot"}`, ...), so jsonschema tries all 23 for every event of every
answer (about 1 ms an event). Only the branch whose `const` is the event's own type can match,
so an event is valid exactly when it passes that one branch (and the common part): checked so,
an event costs 0.1 ms. Whatever that quick check does not accept is validated in full as
before, so a wrong answer is refused with the same error message.

PRESCREEN_RASA_SCHEMA_CACHE=0 leaves Rasa as it is (to compare, or if a Rasa upgrade makes
this unnecessary).
"""
from __future__ import annotations

import json
import os
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

_original_validate = jsonschema.validate
_checkers: dict[str, "_Checker"] = {}


def _branches_by_event_type(items: Any) -> dict[str, dict] | None:
    """{event type: schema of that type alone} when every `oneOf` branch names its type."""
    if not isinstance(items, dict) or not isinstance(items.get("oneOf"), list):
        return None
    common = {k: v for k, v in items.items() if k != "oneOf"}
    by_type: dict[str, dict] = {}
    for branch in items["oneOf"]:
        event_type = ((branch.get("properties") or {}).get("event") or {}).get("const")
        if not isinstance(event_type, str) or event_type in by_type:
            return None
        by_type[event_type] = {**common, "allOf": [branch]}
    return by_type


class _Checker:
    """The validator of one schema, built (and the schema checked) once, and a quick path for
    valid answers when the schema is Rasa's shape: an object whose `events` are typed events."""

    def __init__(self, schema: Any) -> None:
        klass = validator_for(schema)
        klass.check_schema(schema)
        self.full = klass(schema)
        self.rest = self.per_type = None
        events = (schema.get("properties") or {}).get("events") if isinstance(schema, dict) else None
        by_type = _branches_by_event_type(events.get("items")) if isinstance(events, dict) else None
        if by_type and events.get("type") == "array":
            rest = {**schema, "properties": {**schema["properties"], "events": {"type": "array"}}}
            self.rest = klass(rest)
            self.per_type = {t: klass(s) for t, s in by_type.items()}

    def surely_valid(self, instance: Any) -> bool:
        if self.per_type is None or not self.rest.is_valid(instance):
            return False
        for event in instance.get("events") or []:
            check = self.per_type.get(event.get("event")) if isinstance(event, dict) else None
            if check is None or not check.is_valid(event):
                return False
        return True


def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """`jsonschema.validate` with the validator (and its schema check) kept per schema."""
    if cls is not None or args or kwargs:
        return _original_validate(instance, schema, cls, *args, **kwargs)
    key = json.dumps(schema, sort_keys=True, default=str)
    checker = _checkers.get(key)
    if checker is None:
        checker = _Checker(schema)
        if len(_checkers) < 32:
            _checkers[key] = checker
    if checker.surely_valid(instance):
        return
    error = best_match(checker.full.iter_errors(instance))
    if error is not None:
        raise error


def install() -> bool:
    if os.environ.get("PRESCREEN_RASA_SCHEMA_CACHE", "1").strip() == "0":
        return False
    jsonschema.validate = validate  # Rasa imports it at call time: `from jsonschema import validate`
    return True
