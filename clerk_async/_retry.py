"""When and how long to wait before trying a call again."""

from __future__ import annotations

import random

import attrs

from clerk_async._validators import at_least_one, non_negative, optional_positive

__all__ = ["NO_RETRY", "RetryPolicy"]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Statuses after which an idempotent call is tried again."""

RETRY_AFTER_STATUSES = frozenset({429, 503})
"""Statuses whose ``Retry-After`` header is honoured."""


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How a call is tried again after a transient failure.

    Which failures count as transient depends on the call: idempotent calls
    (reads, deletes, metadata updates, ban, unban, lock, unlock) are tried
    again after 429, 500, 502, 503, 504, timeouts and dropped connections;
    calls that create something only after a 429 or a connection that could
    not be opened, where Clerk provably did not act on the request.

    Waits use exponential backoff with full jitter: before try ``n + 1`` the
    client sleeps a random time between 0 and
    ``min(backoff_max, backoff_initial * 2 ** (n - 1))`` seconds, unless a 429
    or 503 answer carried ``Retry-After``, which is then honoured exactly.

    Args:
        attempts: Tries in all, the first one included; 1 turns retries off.
        deadline: Seconds that all tries and waits of one call may take
            together, or None for no overall limit.
        backoff_initial: Upper bound of the first jittered wait, in seconds.
        backoff_max: Upper bound of any jittered wait, in seconds.
        retry_after_max: The longest ``Retry-After`` the client will wait, in
            seconds. When Clerk asks for more, the call fails at once with
            the 429 or 503 error, whose ``retry_after`` says how long to wait.
    """

    attempts: int = attrs.field(default=3, validator=at_least_one)
    deadline: float | None = attrs.field(default=60.0, validator=optional_positive)
    backoff_initial: float = attrs.field(default=0.25, validator=non_negative)
    backoff_max: float = attrs.field(default=8.0, validator=non_negative)
    retry_after_max: float = attrs.field(default=30.0, validator=non_negative)

    def backoff(self, attempt: int) -> float:
        """The jittered wait after failed try number ``attempt`` (from 1)."""
        ceiling = min(self.backoff_max, self.backoff_initial * 2 ** (attempt - 1))
        return random.uniform(0.0, ceiling)


NO_RETRY = RetryPolicy(attempts=1)
"""A policy that makes every call exactly one try."""
