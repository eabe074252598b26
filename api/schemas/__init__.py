"""Pydantic request and response bodies of the JSON API (separate from the ORM models)."""
