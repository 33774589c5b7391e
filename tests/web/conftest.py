"""Fixtures for the viewer tests: a real embedded store filled through ``apply_delta``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .graphdata import Built, build_graph


@pytest.fixture(scope="module")
def web_graph(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A fresh graph per test module (LadybugDB: one Database per path per process)."""
    return build_graph(tmp_path_factory.mktemp("webdb") / "db")


@pytest.fixture(scope="module")
def app(web_graph: Built) -> Iterator:
    """The real app over the fixture graph, opened read-only."""
    from retailkg.web import create_app

    application = create_app({"DB": str(web_graph.path), "ROW_LIMIT": 50, "TIMEOUT_S": 5.0})
    yield application
    application.extensions["retailkg"].close()


@pytest.fixture()
def client(app):  # type: ignore[no-untyped-def]
    """Flask test client."""
    return app.test_client()


def artifacts_dir() -> Path:
    """``test-artifacts/`` at the repository root."""
    return Path(__file__).resolve().parents[2] / "test-artifacts"
