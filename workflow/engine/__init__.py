"""The engine: the one path that changes state (`fire`), domain events, errors, actors, edits,
progress updates, evidence and keys."""
