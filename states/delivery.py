"""The closed vocabularies of a message in the outbox: its status, its channel, why it failed.

String enums, so a value read from the database (a plain string column) compares equal to
its member, and a member can be written where a string is expected.
"""

from enum import StrEnum


class DeliveryStatus(StrEnum):
    """Where a delivery stands; an admin can put a `failed` one back to `pending`."""

    pending = "pending"
    """Waiting for its next attempt, or being sent by a dispatcher that claimed it."""
    sent = "sent"
    failed = "failed"
    """Out of attempts, or refused for good; visible to admins, who may retry it."""


class Channel(StrEnum):
    """How a message reaches its recipient."""

    email = "email"
    teams = "teams"
    """A Teams channel, through its Workflows webhook (one per organ or area)."""
    inapp = "inapp"
    """The person's inbox in the app: delivered when queued, so it never fails."""


CHANNEL_NAMES: dict[str, str] = {
    Channel.email: "correo",
    Channel.teams: "Teams",
    Channel.inapp: "bandeja",
}
"""How a line of the command line or the log names a channel."""


def channel_counts(counts: dict[str, int]) -> str:
    """`correo 2, bandeja 1`, or `ninguno`."""
    named = [f"{CHANNEL_NAMES.get(c, c)} {n}" for c, n in sorted(counts.items()) if n]
    return ", ".join(named) or "ninguno"


SENDING_CHANNELS: tuple[Channel, ...] = (Channel.email, Channel.teams)
"""The channels that send, and so can fail."""


class Failure(StrEnum):
    """Why the last attempt of a delivery failed."""

    transient = "transient"
    """Worth another try when the channel answers again (an outage, a 429, a timeout)."""
    permanent = "permanent"
    """Refused for good (a rejected address, a webhook that no longer exists)."""
