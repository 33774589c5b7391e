"""``retailkg sync``: copy the whole graph between the embedded store and Neo4j."""

from __future__ import annotations

import click

from retailkg.cli.options import open_from_options, store_options


@click.command("sync")
@click.option("--to", "target", type=click.Choice(["neo4j", "embedded"]), required=True,
              help="Destination: 'neo4j' copies the embedded store at --db into Neo4j; "
                   "'embedded' copies Neo4j into the embedded store at --db.")
@click.option("--batch", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Rows per write transaction.")
@store_options
def command(target: str, batch: int, store_opts: dict) -> None:
    """Replace the destination store's graph with a copy of the other store's."""
    from retailkg.graph.store import StoreError
    from retailkg.graph.sync import sync

    source = "embedded" if target == "neo4j" else "neo4j"
    src = open_from_options({**store_opts, "kind": source}, read_only=source == "embedded")
    try:
        dst = open_from_options({**store_opts, "kind": target})
        try:
            report = sync(src, dst, batch=batch)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            dst.close()
    finally:
        src.close()
    click.echo(f"Copied {report['articles']} article(s), {report['entities']} entities and "
               f"{report['relations']} relation(s) from {source} to {target} in {report['seconds']:.1f} s.")
