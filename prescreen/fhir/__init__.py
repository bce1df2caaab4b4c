"""The screening log as HL7 FHIR R4 for hospital systems (CTMS, EHR, the sponsor's EDC).

- `mapping.py`: pure. Plain data in, FHIR resources (plain dicts, JSON-ready) out: the trial as a
  ResearchStudy, each patient as a ResearchSubject with the ONE status table, a pseudonymous
  Patient, the facts and the per-criterion results as Observations, the CapabilityStatement.
  No Flask, no database.
- `records.py`: what those resources are made from, read from the database (the patient's chain
  of screenings, its queue status, the investigator's determination, the referral), paged by
  the chain's first screening id.

The HTTP side (sign-in, system tokens, search parameters) is web/fhir/.
"""
