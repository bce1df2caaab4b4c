"""The one record of what this project changes in Rasa's (and jsonschema's) own classes.

rasa_addons/rasa_speedups.py, session_cap.py and nlu_read_limit.py change Rasa's behaviour by
replacing attributes of its classes. None of them does it when imported: the Rasa server
installs them when it builds the tracker store that endpoints.yml names with
`rasa_patches: true` (rasa_addons/tracker_store.py), and each replacement goes through
`replace`, so `undo` puts back exactly what was there (tests leave no patch behind) and
`replaced` says what is patched now (the server logs it at start).
"""
from __future__ import annotations

from typing import Any

_MISSING = object()
_originals: list[tuple[Any, str, Any]] = []  # (owner, attribute, what it was), in order
installed: set[str] = set()  # the groups installed (a module's name), each at most once


def replace(owner: Any, name: str, value: Any) -> None:
    """Sets owner.name = value, remembering what the owner itself held (its __dict__ entry, so
    a staticmethod comes back as a staticmethod and an inherited attribute is deleted again)."""
    _originals.append((owner, name, vars(owner).get(name, _MISSING)))
    setattr(owner, name, value)


def replaced() -> list[str]:
    """What is patched now, as owner.attribute."""
    return [f"{getattr(owner, '__name__', owner)}.{name}" for owner, name, _ in _originals]


def undo() -> None:
    """Everything back as it was before the first `replace`."""
    while _originals:
        owner, name, original = _originals.pop()
        if original is _MISSING:
            delattr(owner, name)
        else:
            setattr(owner, name, original)
    installed.clear()
