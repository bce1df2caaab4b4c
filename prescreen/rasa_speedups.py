"""One measured fix of Rasa's per-turn cost, installed in the Rasa server by the production
tracker store (prescreen/tracker_store.py, deploy/endpoints.production.yml).

Rasa 3.6 checks every answer of the action server with `jsonschema.validate(result, spec)`.
With the pinned jsonschema 4.17, `validate` first checks `spec` itself against the JSON Schema
2020-12 meta-schema, on every call: about 19 ms of CPU, for a schema that never changes, and
a turn calls the action server 3 to 5 times. That was about 70 % of the Rasa server's CPU
per turn (bench/load.py). Here a validator is built once per schema and reused: every answer
is still validated against the same schema, with the same errors; only the check of Rasa's
own constant schema is done once instead of every time (0.3 ms per answer instead of 19).

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
_validators: dict[str, Any] = {}


def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """`jsonschema.validate` with the validator (and its schema check) kept per schema."""
    if cls is not None or args or kwargs:
        return _original_validate(instance, schema, cls, *args, **kwargs)
    key = json.dumps(schema, sort_keys=True, default=str)
    validator = _validators.get(key)
    if validator is None:
        klass = validator_for(schema)
        klass.check_schema(schema)
        validator = klass(schema)
        if len(_validators) < 32:
            _validators[key] = validator
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def install() -> bool:
    if os.environ.get("PRESCREEN_RASA_SCHEMA_CACHE", "1").strip() == "0":
        return False
    jsonschema.validate = validate  # Rasa imports it at call time: `from jsonschema import validate`
    return True
