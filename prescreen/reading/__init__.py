"""The language layer: from one message (English or Chinese) to facts with their evidence.
spaCy, medspaCy and jieba only; never Rasa, a web framework or a database."""

# What the dialogue and the reading layer share, here so that importing them loads nothing
# (rasa_addons/nlu_read_limit.py and actions/plan.py use them without the language models).
# A message is read up to this many characters (= MAX_MESSAGE_CHARS, the most any door takes):
# a whole referral letter, its last line too. A 20,000-character letter takes about 0.4 s to
# read, 12,000 characters of nothing but lab values about 1 s (issue 18, measured on 2 cores);
# actions/extraction.py reads a long message off the action server's event loop.
READ_LIMIT = 20_000
# The two questions of the screening form that are not facts (slots of the same names): the
# reading layer is told when a message answers one of them (`expecting`).
CHECKLIST, CONFIRM = "exclusion_checklist", "facts_confirmed"
