"""The institution's calendar: business-day arithmetic and the declared non-working days and all-
days-count periods."""
