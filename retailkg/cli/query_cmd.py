"""``retailkg query``: run a canned analyst query (see ``docs/queries.md``)."""

from __future__ import annotations

import click

from retailkg.cli.options import read_only_store, store_options
from retailkg.cli.rows import echo_result, format_table, parse_param_pairs, result_options


def _echo_list() -> None:
    from retailkg.queries.catalog import list_queries

    rows = [[q.name, q.title, ", ".join(f"{p.name}={p.default}" for p in q.params)]
            for q in list_queries()]
    click.echo(format_table(["name", "title", "params (defaults)"], rows))


@click.command("query")
@click.argument("name", required=False)
@click.option("--list", "list_only", is_flag=True, help="List the canned queries and exit.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter (repeatable), e.g. --param entity=小米.")
@store_options
@result_options
def command(name: str | None, list_only: bool, params: tuple[str, ...], store_opts: dict, fmt: str,
            limit: int, timeout: float) -> None:
    """Run the canned query NAME (read-only); --list shows them all."""
    from retailkg.queries.catalog import get_query, run_query

    if list_only or not name:
        _echo_list()
        return
    try:
        query = get_query(name)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    values = parse_param_pairs(params, infer_types=False)
    with read_only_store(store_opts) as store:
        try:
            columns, rows = run_query(store, query.name, values, row_limit=limit, timeout_s=timeout)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    echo_result(columns, rows, fmt, limit=limit)
