"""Rasa runtime add-ons Rasa loads by class path (config.yml, endpoints.yml): the NLU tokenizer,
featurizer and intent classifier, the tracker and lock stores, the per-turn speed-ups."""
