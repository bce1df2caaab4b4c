"""The trial's criteria as one table, the fact keys, and the pure `check(facts) -> Outcome`.
Imports only the standard library and prescreen.reading (the value parsers it hashes and uses)."""
