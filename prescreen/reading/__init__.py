"""The language layer: from one message (English or Chinese) to facts with their evidence.
spaCy, medspaCy and jieba only; never Rasa, a web framework or a database."""
