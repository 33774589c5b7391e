"""``retailkg stats``: what the graph holds."""

from __future__ import annotations

from collections import Counter

import click

from retailkg.cli.options import open_from_options, store_options
from retailkg.graph.store import GraphStore


def graph_stats(store: GraphStore) -> dict:
    """Articles, entities per label and relations per type."""
    entities = Counter(e.label for e in store.all_entities())
    relations = Counter(r.type for r in store.all_relations())
    _, rows = store.run_read("MATCH (a:Article) RETURN count(a) AS n")
    return {"articles": int(rows[0][0]) if rows else 0, "entities": dict(sorted(entities.items())),
            "relations": dict(sorted(relations.items()))}


def print_stats(store: GraphStore) -> None:
    s = graph_stats(store)
    click.echo(f"Articles: {s['articles']}")
    click.echo(f"Entities: {sum(s['entities'].values())}  " +
               "  ".join(f"{k}={v}" for k, v in s["entities"].items()))
    click.echo(f"Relations: {sum(s['relations'].values())}  " +
               "  ".join(f"{k}={v}" for k, v in s["relations"].items()))


@click.command("stats")
@store_options
def command(store_opts: dict) -> None:
    """Print counts of articles, entities per label and relations per type."""
    store = open_from_options(store_opts, read_only=True)
    try:
        print_stats(store)
    finally:
        store.close()
