"""Eligibility pre-screening for NCT06898983. Plain Python: nothing here imports Rasa."""
