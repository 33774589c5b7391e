"""``retailkg cypher``: ad-hoc read-only Cypher against either store."""

from __future__ import annotations

import sys

import click

from retailkg.cli.options import read_only_store, store_options
from retailkg.cli.rows import echo_result, parse_param_pairs, result_options


@click.command("cypher")
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A $parameter (repeatable); integers and decimals are passed as numbers.")
@store_options
@result_options
def command(query: str, params: tuple[str, ...], store_opts: dict, fmt: str, limit: int,
            timeout: float) -> None:
    """Run a read-only Cypher QUERY; writes are refused (exit status 2).

    The embedded store speaks LadybugDB's dialect (label(r), 1-based lists), Neo4j its own.
    """
    from retailkg.graph.readonly import check_read_only
    from retailkg.graph.store import ReadOnlyViolation

    values = parse_param_pairs(params, infer_types=True)
    try:
        check_read_only(query)  # refuse before connecting: the message is the same for both stores
    except ReadOnlyViolation as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    with read_only_store(store_opts) as store:
        columns, rows = store.run_read(query, values, row_limit=limit, timeout_s=timeout)
    echo_result(list(columns), [list(r) for r in rows], fmt, limit=limit)
