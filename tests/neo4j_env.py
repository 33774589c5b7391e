"""Neo4j settings for tests (a module of its own: test modules import it by name)."""

import os

import pytest


def neo4j_settings() -> dict[str, str]:
    """The ``NEO4J_*`` settings, or skip (fail under CI=true) when NEO4J_URI is not set."""
    if not os.environ.get("NEO4J_URI"):
        reason = ("NEO4J_URI is not set: start Neo4j with 'source scripts/ci-neo4j.sh' "
                  "(or scripts/neo4j-local start) to run the Neo4j tests")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    from retailkg.graph.neo4j_store import neo4j_config_from_env

    return neo4j_config_from_env()
