"""Rasa custom actions: thin adapters between the dialogue and prescreen/ (the checker,
the parsers and the outcome log)."""
