"""Shared fixtures: one fresh store of each kind, and ``store`` parametrised over both.

Neo4j tests need a running server named by ``NEO4J_URI`` (``source scripts/ci-neo4j.sh``). Without
it they are skipped with a visible reason, except under ``CI=true`` where they fail: CI must never
pass by skipping the production store.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from neo4j_env import neo4j_settings

from retailkg.graph.store import GraphStore


@pytest.fixture
def embedded_store(tmp_path) -> Iterator[GraphStore]:
    """A fresh EmbeddedStore in ``tmp_path``."""
    from retailkg.graph.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "graph")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def neo4j_store() -> Iterator[GraphStore]:
    """A Neo4jStore from the NEO4J_* env vars, emptied before and after the test."""
    from retailkg.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(**neo4j_settings())
    store.clear()
    try:
        yield store
    finally:
        try:
            store.clear()
        finally:
            store.close()


@pytest.fixture(params=["embedded", "neo4j"])
def store(request) -> GraphStore:
    """Each store kind in turn (the contract suite runs once per kind)."""
    return request.getfixturevalue(f"{request.param}_store")
