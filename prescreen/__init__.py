"""Eligibility pre-screening for NCT06898983: eligibility/ decides, reading/ reads messages,
store/ keeps outcomes, followup/ is the coordinators' work; settings.py is the one settings object.
Nothing in this package imports Rasa; only store/ and followup/ import SQLAlchemy."""
