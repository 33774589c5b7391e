"""Export test fixtures (defined in export_fixtures.py so tests can import its helpers too)."""

from export_fixtures import articles, graph, store_dir  # noqa: F401
