"""The NLU pipeline reads at most the first NLU_READ_LIMIT characters of a message.

A message within MAX_MESSAGE_CHARS (10,000) still cost 2.3 s of the Rasa server's one
thread, nearly all of it tokenising and featurising text nobody reads: the fact extraction
reads the first 2,000 characters (prescreen/reading/extract.py READ_LIMIT) and says so. Any
other conversation's turn waited that long. Here the pipeline parses the same first 2,000
characters; the message itself is kept whole (Rasa stores `message.text` in the tracker, not
the parsed text), so the transcript and the extraction's "too long" notice see all of it.

Installed by the Rasa server's tracker store (rasa_addons/tracker_store.py, `rasa_patches: true`
in both endpoints files); importing this module changes nothing.
"""
from __future__ import annotations

import copy
from typing import Any, Dict

from rasa.core.processor import MessageProcessor

from rasa_addons import patching

NLU_READ_LIMIT = 2000  # = prescreen.reading.extract.READ_LIMIT (not imported: it loads the reading layer)


def install() -> None:
    """Called by the Rasa server's tracker store (rasa_addons/tracker_store.py), never on import."""
    if __name__ in patching.installed:
        return
    patching.installed.add(__name__)
    parse = MessageProcessor._parse_message_with_graph

    def _parse_message_with_graph(self: MessageProcessor, message: Any, tracker: Any,
                                  only_output_properties: bool = True) -> Dict[str, Any]:
        text = message.text
        if not text or len(text) <= NLU_READ_LIMIT:
            return parse(self, message, tracker, only_output_properties)
        head = copy.copy(message)
        head.text = text[:NLU_READ_LIMIT]
        parse_data = parse(self, head, tracker, only_output_properties)
        parse_data["text"] = text
        return parse_data

    patching.replace(MessageProcessor, "_parse_message_with_graph", _parse_message_with_graph)
