"""Measured fixes of Rasa's per-turn cost, installed in the Rasa server by its tracker store
when endpoints.yml asks (`rasa_patches: true`: rasa_addons/tracker_store.py); importing this
module changes nothing (rasa_addons/patching.py).

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

Second, reading events: `Event.from_parameters` (every event of every tracker loaded from the
tracker store, and of every action server answer) looks its class up by walking all of
Rasa's event classes (`all_subclasses`, with an `inspect.isabstract` check of each) for every
single event: 10 ms for a 150-event conversation, most of the cost of rebuilding it. The
class of a type name is the same every time (Rasa's event classes are all defined when
rasa.shared.core.events is imported; a later subclass, such as rasa.core.test's, subclasses
one of them and comes after it in that walk), so it is looked up once per type name.

Third, the garbage collector: the loaded model (TensorFlow, the NLU pipeline, Rasa's graph) is
some 600,000 objects that live as long as the process, and every full collection walked them
all: a 0.5 to 1 s pause of the whole server, several times a minute under load, during which
no turn progresses. Frozen once the model is loaded (`gc.freeze`), they are left out of every
later collection; conversations' objects are collected as before.

Fourth, the domain in every call to the action server: Rasa sends the whole domain (52 KB of
JSON: every response in both languages) with the tracker, 2 to 4 times a turn, and encodes
it again every time: about a tenth of the Rasa server's CPU per turn. The domain is one dict
per loaded model (`Domain.as_dict()` returns the same object), so its JSON is made once and
put into the request as it is: the bytes sent are exactly those `json.dumps` would produce.

PRESCREEN_RASA_SCHEMA_CACHE=0 leaves Rasa as it is (to compare, or if a Rasa upgrade makes
this unnecessary).
"""
from __future__ import annotations

import gc
import json
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.utils.endpoints import EndpointConfig
from rasa.shared.core.events import Event

from rasa_addons import patching

_original_validate = jsonschema.validate
_checkers: dict[str, "_Checker"] = {}
_last: tuple[Any, Any] = (None, None)  # the schema validated last and its checker
_original_resolve_by_type = Event.resolve_by_type
_event_classes: dict[str, type] = {}
_original_load_model = Agent.load_model
_original_request = EndpointConfig.request
_original_spec = RemoteAction.action_response_format_spec
_domain_json: tuple[Any, str] = (None, "")  # (the domain dict, its JSON)


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
    global _last
    if schema is _last[0]:  # Rasa's spec, made once in install(): no key to compute
        checker = _last[1]
    else:
        key = json.dumps(schema, sort_keys=True, default=str)
        checker = _checkers.get(key)
        if checker is None:
            checker = _Checker(schema)
            if len(_checkers) < 32:
                _checkers[key] = checker
        _last = (schema, checker)
    if checker.surely_valid(instance):
        return
    error = best_match(checker.full.iter_errors(instance))
    if error is not None:
        raise error


def resolve_by_type(type_name: str, default: Any = None) -> Any:
    """`Event.resolve_by_type` with the class found for each type name kept."""
    cls = _event_classes.get(type_name)
    if cls is None:
        cls = _original_resolve_by_type(type_name, default)
        if getattr(cls, "type_name", None) == type_name:  # found, not the caller's default
            _event_classes[type_name] = cls
    return cls


def load_model(agent: Agent, *args: Any, **kwargs: Any) -> None:
    """`Agent.load_model`, then what it built (and everything before) frozen out of the
    collector. A model loaded again later (HTTP API) unfreezes first, so the old one's cycles
    are collected."""
    _original_load_model(agent, *args, **kwargs)
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def action_call_json(body: Any) -> str | None:
    """`json.dumps(body)` for Rasa's call of a custom action (the domain is its last key), with
    the domain's JSON made once per domain dict; None for anything else."""
    global _domain_json
    if not isinstance(body, dict) or len(body) < 2 or list(body)[-1] != "domain" or "tracker" not in body:
        return None
    domain = body["domain"]
    if _domain_json[0] is not domain:
        _domain_json = (domain, json.dumps(domain))  # holds the dict, so its id is not reused
    rest = json.dumps({k: v for k, v in body.items() if k != "domain"})
    return f'{rest[:-1]}, "domain": {_domain_json[1]}}}'


async def request(endpoint: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
    """`EndpointConfig.request`, an action call's JSON made by `action_call_json` (the request
    keeps the Content-Type `application/json` that Rasa sets)."""
    text = action_call_json(kwargs.get("json"))
    if text is not None and kwargs.get("content_type", "application/json") == "application/json":
        del kwargs["json"]
        kwargs["data"] = text.encode()
    return await _original_request(endpoint, *args, **kwargs)


def install() -> bool:
    """Called by the Rasa server's tracker store (rasa_addons/tracker_store.py), never on import;
    `patching.undo()` takes it back. False when PRESCREEN_RASA_SCHEMA_CACHE=0 leaves Rasa as it is."""
    from prescreen.settings import get_settings

    if not get_settings().rasa_schema_cache:
        return False
    if __name__ in patching.installed:
        return True
    patching.installed.add(__name__)
    # Rasa imports it at call time: `from jsonschema import validate`.
    patching.replace(jsonschema, "validate", validate)
    spec = _original_spec()  # a constant, rebuilt by Rasa at every call
    patching.replace(RemoteAction, "action_response_format_spec", staticmethod(lambda: spec))
    patching.replace(Event, "resolve_by_type", staticmethod(resolve_by_type))
    patching.replace(Agent, "load_model", load_model)
    patching.replace(EndpointConfig, "request", request)
    return True
