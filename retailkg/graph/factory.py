"""Open a store by kind ("embedded" or "neo4j") from explicit settings or the environment."""

from __future__ import annotations

import os

from retailkg.graph.store import GraphStore, StoreError

STORE_KINDS = ("embedded", "neo4j")


def open_store(kind: str = "embedded", *, db: str | None = None, read_only: bool = False,
               uri: str | None = None, user: str | None = None, password: str | None = None,
               database: str | None = None) -> GraphStore:
    """Open the embedded store at ``db`` or Neo4j at ``uri`` (``NEO4J_*`` env vars as defaults)."""
    if kind == "embedded":
        from retailkg.graph.embedded import EmbeddedStore

        return EmbeddedStore(db, read_only=read_only)
    if kind == "neo4j":
        from retailkg.graph.neo4j_store import Neo4jStore

        return Neo4jStore(
            uri=uri or os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
            user=user or os.environ.get("NEO4J_USER", "neo4j"),
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD", ""),
            database=database or os.environ.get("NEO4J_DATABASE", "neo4j"),
            read_only=read_only,
        )
    raise StoreError(f"Unknown store '{kind}': choose one of {', '.join(STORE_KINDS)}.")
