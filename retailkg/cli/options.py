"""Options shared by every command that opens a store."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from retailkg.graph.factory import STORE_KINDS, open_store
from retailkg.graph.store import GraphStore


def store_options(func: Callable) -> Callable:
    """Add --store, --db and the Neo4j connection flags; pass ``store_opts`` to the command."""

    @click.option("--store", "store_kind", type=click.Choice(STORE_KINDS), default="embedded",
                  show_default=True, envvar="RETAILKG_STORE", help="Which store to use.")
    @click.option("--db", type=click.Path(file_okay=False), default=None,
                  help="Embedded store directory (default $RETAILKG_DB or ./retailkg-data).")
    @click.option("--neo4j-uri", envvar="NEO4J_URI", default=None, help="Neo4j Bolt URI ($NEO4J_URI).")
    @click.option("--neo4j-user", envvar="NEO4J_USER", default=None, help="Neo4j user ($NEO4J_USER).")
    @click.option("--neo4j-password", envvar="NEO4J_PASSWORD", default=None,
                  help="Neo4j password ($NEO4J_PASSWORD).")
    @click.option("--neo4j-database", envvar="NEO4J_DATABASE", default=None,
                  help="Neo4j database ($NEO4J_DATABASE).")
    @functools.wraps(func)
    def wrapper(*args: Any, store_kind: str, db: str | None, neo4j_uri: str | None,
                neo4j_user: str | None, neo4j_password: str | None, neo4j_database: str | None,
                **kwargs: Any) -> Any:
        kwargs["store_opts"] = {"kind": store_kind, "db": db, "uri": neo4j_uri, "user": neo4j_user,
                                "password": neo4j_password, "database": neo4j_database}
        return func(*args, **kwargs)

    return wrapper


def open_from_options(store_opts: dict[str, Any], read_only: bool = False) -> GraphStore:
    """Open the store the options name; a ``StoreError`` becomes a clean CLI error."""
    from retailkg.graph.store import StoreError

    try:
        return open_store(read_only=read_only, **store_opts)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def read_only_store(store_opts: dict[str, Any]) -> Iterator[GraphStore]:
    """The store opened read-only; a refused write exits 2 with its message, a store error exits 1."""
    from retailkg.graph.store import ReadOnlyViolation, StoreError

    store = open_from_options(store_opts, read_only=True)
    try:
        yield store
    except ReadOnlyViolation as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
