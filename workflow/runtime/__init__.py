"""What every part runs on: settings, the clock, database engines and sessions, migrations,
readiness and the insert helpers that keep unique keys."""
