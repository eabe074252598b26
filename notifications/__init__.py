"""Turns domain events into messages: who gets what over which channel, rendered in Spanish,
and delivered from the outbox with retries (DESIGN.md, "Delivery is at-least-once,
deduplicated")."""
