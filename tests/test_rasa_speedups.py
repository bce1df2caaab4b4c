"""rasa_addons/rasa_speedups.py: Rasa still validates every action server answer, with the same
verdicts, when the validator of its (constant) schema is kept instead of rebuilt per call; and
the speed-ups (with session_cap and nlu_read_limit) are installed only by the Rasa server's
tracker store, never by an import, and can be taken back (rasa_addons/patching.py)."""
from __future__ import annotations

import jsonschema
import pytest

from rasa_addons import patching, rasa_speedups

SPEC = {  # the shape of Rasa's RemoteAction.action_response_format_spec(), shortened
    "type": "object",
    "properties": {
        "events": {"type": "array", "items": {"type": "object", "properties": {"event": {"type": "string"}},
                                              "required": ["event"]}},
        "responses": {"type": "array", "items": {"type": "object"}},
    },
}

GOOD = [{}, {"events": [], "responses": []}, {"events": [{"event": "slot", "name": "age", "value": 62}]}]
BAD = [{"events": "nope"}, {"events": [{"name": "no event key"}]}, {"responses": [1]}]


@pytest.mark.parametrize("answer", GOOD)
def test_valid_answers_pass_as_before(answer):
    rasa_speedups.validate(answer, SPEC)
    rasa_speedups._original_validate(answer, SPEC)


@pytest.mark.parametrize("answer", BAD)
def test_invalid_answers_fail_with_the_same_message(answer):
    with pytest.raises(jsonschema.ValidationError) as ours:
        rasa_speedups.validate(answer, SPEC)
    with pytest.raises(jsonschema.ValidationError) as original:
        rasa_speedups._original_validate(answer, SPEC)
    assert ours.value.message == original.value.message


def test_an_invalid_schema_is_still_refused():
    with pytest.raises(jsonschema.SchemaError):
        rasa_speedups.validate({}, {"type": 12})


@pytest.fixture
def undone():
    """Whatever a test installs is taken back, so no other test runs against a patched Rasa."""
    yield
    patching.undo()


def rasa_as_shipped() -> bool:
    from rasa.core.actions.action import ActionSessionStart, RemoteAction
    from rasa.core.agent import Agent
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.events import Event
    from rasa.utils.endpoints import EndpointConfig

    ours = [f for f in (jsonschema.validate, RemoteAction.action_response_format_spec, Event.resolve_by_type,
                        Agent.load_model, EndpointConfig.request, MessageProcessor._has_session_expired,
                        MessageProcessor._parse_message_with_graph, ActionSessionStart.run,
                        ActionSessionStart._slot_set_events_from_tracker)
            if f.__module__.startswith("rasa_addons")]
    return ours == [] and patching.replaced() == []


def test_importing_the_tracker_store_and_the_speedups_patches_nothing():
    import rasa_addons.nlu_read_limit  # noqa: F401
    import rasa_addons.session_cap  # noqa: F401
    import rasa_addons.tracker_store  # noqa: F401

    assert rasa_as_shipped()


def test_the_servers_store_installs_them_all_and_undo_takes_them_back(tmp_path, monkeypatch, undone):
    from rasa.core.processor import MessageProcessor

    from rasa_addons.tracker_store import PingingSQLTrackerStore

    monkeypatch.delenv("PRESCREEN_RASA_SCHEMA_CACHE", raising=False)
    PingingSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "plain.db"))  # as tests build it
    assert rasa_as_shipped()
    PingingSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "server.db"), rasa_patches=True)  # endpoints.yml
    assert jsonschema.validate is rasa_speedups.validate
    assert MessageProcessor._parse_message_with_graph.__module__ == "rasa_addons.nlu_read_limit"
    assert set(patching.replaced()) >= {"jsonschema.validate", "Event.resolve_by_type", "Agent.load_model",
                                        "MessageProcessor._has_session_expired", "ActionSessionStart.run"}
    patching.undo()
    assert rasa_as_shipped()


def test_rasa_uses_it_once_installed(monkeypatch, undone):
    from rasa.core.actions.action import RemoteAction

    monkeypatch.delenv("PRESCREEN_RASA_SCHEMA_CACHE", raising=False)
    assert rasa_speedups.install() and jsonschema.validate is rasa_speedups.validate
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "age", "value": 62}]})
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result({"events": "nope"})


def test_switched_off_leaves_rasa_as_it_is(monkeypatch, undone):
    monkeypatch.setenv("PRESCREEN_RASA_SCHEMA_CACHE", "0")
    assert not rasa_speedups.install() and rasa_as_shipped()


def _rasa_answers():
    """Answers as Rasa's real schema sees them: typed events, good and bad."""
    slot = {"event": "slot", "name": "age", "value": 62, "timestamp": None}
    good = [
        {"events": [slot, {"event": "active_loop", "name": "prescreen_form"},
                    {"event": "bot", "text": "Age?", "data": {}}], "responses": [{"text": "hi"}]},
        {"events": [{"event": "action", "name": "action_listen", "policy": None, "confidence": 1.0}]},
        {"events": []},
    ]
    bad = [
        {"events": [slot, {"event": "slot", "value": 62}]},          # no slot name
        {"events": [{"event": "no_such_event"}]},                    # unknown type
        {"events": [{"event": "slot", "name": 7, "value": 1}]},      # name not a string
        {"events": [{"event": "action", "name": "x", "confidence": "high"}]},
        {"events": [slot], "responses": "nope"},
        {"events": [{"name": "age"}]},                               # no event key at all
    ]
    return good, bad


def test_rasas_own_schema_gets_the_same_verdicts_and_messages():
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    good, bad = _rasa_answers()
    for answer in good:
        rasa_speedups.validate(answer, spec)
        rasa_speedups._original_validate(answer, spec)
    for answer in bad:
        with pytest.raises(jsonschema.ValidationError) as ours:
            rasa_speedups.validate(answer, spec)
        with pytest.raises(jsonschema.ValidationError) as original:
            rasa_speedups._original_validate(answer, spec)
        assert ours.value.message == original.value.message, answer


def test_action_calls_carry_exactly_the_json_rasa_would_send():
    import json

    domain = {"intents": ["greet"], "responses": {"utter_greet": [{"text": "你好 / hello"}]}}
    body = {"next_action": "action_extract_facts", "sender_id": "dr-1",
            "tracker": {"events": [{"event": "user", "text": "62M AML"}]}, "version": "3.6.21", "domain": domain}
    assert rasa_speedups.action_call_json(body) == json.dumps(body)
    assert rasa_speedups.action_call_json(body) == json.dumps(body)  # the kept domain JSON
    other = {**body, "domain": {**domain, "intents": ["greet", "deny"]}}  # a new model's domain
    assert rasa_speedups.action_call_json(other) == json.dumps(other)
    assert rasa_speedups.action_call_json({"sender": "x", "message": "hi"}) is None
    assert rasa_speedups.action_call_json({"domain": domain, "tracker": {}, "x": 1}) is None  # domain not last


def test_event_classes_are_the_ones_rasa_finds():
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    names = {cls.type_name for cls in all_subclasses(Event) if getattr(cls, "type_name", None)}
    assert len(names) > 20
    for name in sorted(names):
        assert rasa_speedups.resolve_by_type(name) is rasa_speedups._original_resolve_by_type(name)
        assert rasa_speedups.resolve_by_type(name) is rasa_speedups._original_resolve_by_type(name)
    assert rasa_speedups.resolve_by_type("no_such_event", default="d") == "d"
