"""The time budget of a query run as several Cypher reads (the ``// embedded: python`` queries)."""

from __future__ import annotations

import time

from retailkg.graph.store import StoreError

ALL_ROWS = 1 << 40  # a read whose rows the query itself bounds


def time_left(deadline: float, query: str) -> float:
    """Seconds left before ``deadline`` (``time.monotonic``); a ``StoreError`` once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise StoreError(f"{query} stopped at the timeout.")
    return left
