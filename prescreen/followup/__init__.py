"""The coordinators' follow-up: the queue workflow, overdue rule, funnel, export rows, accounts.
Reads and writes through prescreen.store; never imports Rasa or Flask."""
