"""Stores holding the fixture graph (``fixture_graph.py``) for the query tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from retailkg.graph.embedded import EmbeddedStore
from retailkg.graph.store import GraphStore

from .fixture_graph import load_fixture


def _neo4j_settings() -> dict[str, str]:
    """As ``tests/conftest.neo4j_settings``: skip without NEO4J_URI, but fail under CI=true."""
    if not os.environ.get("NEO4J_URI"):
        reason = "NEO4J_URI is not set: start Neo4j (scripts/neo4j-local start) to run the parity tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    from retailkg.graph.neo4j_store import neo4j_config_from_env

    return neo4j_config_from_env()


# Module scope: the graph is loaded once per test module and only read by the tests. (The shared
# ``embedded_store``/``neo4j_store`` fixtures are per test and would reload it every time.)
@pytest.fixture(scope="module")
def qembedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The fixture graph in an embedded store."""
    store = EmbeddedStore(tmp_path_factory.mktemp("qgraph"))
    load_fixture(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def qneo4j() -> Iterator[GraphStore]:
    """The fixture graph in the Neo4j server named by NEO4J_URI (emptied afterwards)."""
    from retailkg.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(**_neo4j_settings())
    load_fixture(store)
    yield store
    try:
        store.clear()
    finally:
        store.close()


@pytest.fixture(params=["embedded", "neo4j"])
def qstore(request: pytest.FixtureRequest) -> GraphStore:
    """Each store holding the fixture graph."""
    return request.getfixturevalue("qembedded" if request.param == "embedded" else "qneo4j")
