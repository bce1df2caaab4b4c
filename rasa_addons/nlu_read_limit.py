"""The NLU pipeline reads at most the first READ_LIMIT characters of a message.

With DIET a 10,000-character message cost 2.3 s of the Rasa server's one thread, and the
pipeline read only the first 2,000 characters, as the fact extraction did. Since the linear
intent classifier replaced DIET, a 20,000-character letter parses in about 0.26 s (issue 18,
measured with the trained model), so the limit is MAX_MESSAGE_CHARS' and a referral letter is
read whole (prescreen/reading/extract.py READ_LIMIT). The cap stays as a guard for a door that
takes more: the message itself is always kept whole (Rasa stores `message.text` in the
tracker, not the parsed text).

Installed by the Rasa server's tracker store (rasa_addons/tracker_store.py, `rasa_patches: true`
in both endpoints files); importing this module changes nothing.
"""
from __future__ import annotations

import copy
from typing import Any, Dict

from rasa.core.processor import MessageProcessor

from prescreen.reading import READ_LIMIT  # the package alone: no language model is loaded
from rasa_addons import patching


def install() -> None:
    """Called by the Rasa server's tracker store (rasa_addons/tracker_store.py), never on import."""
    if __name__ in patching.installed:
        return
    patching.installed.add(__name__)
    parse = MessageProcessor._parse_message_with_graph

    def _parse_message_with_graph(self: MessageProcessor, message: Any, tracker: Any,
                                  only_output_properties: bool = True) -> Dict[str, Any]:
        text = message.text
        if not text or len(text) <= READ_LIMIT:
            return parse(self, message, tracker, only_output_properties)
        head = copy.copy(message)
        head.text = text[:READ_LIMIT]
        parse_data = parse(self, head, tracker, only_output_properties)
        parse_data["text"] = text
        return parse_data

    patching.replace(MessageProcessor, "_parse_message_with_graph", _parse_message_with_graph)
