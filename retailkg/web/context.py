"""Shared plumbing for the viewer: the one store per app, its lock, and JSON helpers."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import current_app, jsonify
from flask.wrappers import Response

from retailkg.graph.factory import open_store
from retailkg.graph.store import GraphStore

EXTENSION = "retailkg"


class StoreHandle:
    """The app's single read-only store plus a lock that serialises every use of it.

    LadybugDB allows one ``Database`` object per path per process and its connection is not
    meant for concurrent use, so the app opens the store once and every request borrows it.
    """

    def __init__(self, config: dict[str, Any]):
        self._config = config
        self._lock = threading.RLock()
        self._store: GraphStore | None = config.get("STORE")
        self._owned = self._store is None

    def open(self) -> GraphStore:
        """Open the store now (idempotent); raises ``StoreError`` with an actionable message."""
        with self._lock:
            if self._store is None:
                c = self._config
                self._store = open_store(
                    c.get("STORE_KIND", "embedded"), db=c.get("DB"), read_only=True,
                    uri=c.get("NEO4J_URI"), user=c.get("NEO4J_USER"),
                    password=c.get("NEO4J_PASSWORD"), database=c.get("NEO4J_DATABASE"))
            return self._store

    @contextmanager
    def use(self) -> Iterator[GraphStore]:
        """Borrow the store under the lock."""
        with self._lock:
            yield self.open()

    def close(self) -> None:
        """Close the store if this handle opened it."""
        with self._lock:
            if self._store is not None and self._owned:
                self._store.close()
            self._store = None


def handle() -> StoreHandle:
    """The current app's store handle."""
    return current_app.extensions[EXTENSION]


def store() -> Any:
    """Context manager: ``with store() as s: ...`` borrows the app's store under its lock."""
    return handle().use()


def api_error(status: int, message: str, **extra: Any) -> tuple[Response, int]:
    """A JSON error body ``{"error": message, "status": status, ...}``."""
    return jsonify({"error": message, "status": status, **extra}), status


def jsonable(value: Any) -> Any:
    """Turn engine values (nodes, rels, dates, bytes …) into JSON-safe values."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    items = getattr(value, "items", None)
    if callable(items):  # neo4j Node / Relationship
        return {str(k): jsonable(v) for k, v in items()}
    return str(value)


def int_arg(raw: Any, default: int, lo: int, hi: int) -> int:
    """Parse an integer parameter and clamp it; ``ValueError`` if it is not a number."""
    if raw is None or raw == "":
        return default
    return max(lo, min(hi, int(raw)))


def float_arg(raw: Any, default: float, lo: float, hi: float) -> float:
    """Parse a float parameter and clamp it; ``ValueError`` if it is not a number."""
    if raw is None or raw == "":
        return default
    val = float(raw)
    if val != val:  # NaN
        raise ValueError("not a number")
    return max(lo, min(hi, val))


def list_arg(values: list[str]) -> list[str]:
    """Repeated or comma-separated query-string values, blanks dropped."""
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(","))
    return [v for v in out if v]
