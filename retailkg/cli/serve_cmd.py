"""``retailkg serve``: the strategists' viewer (read-only) on http://127.0.0.1:8000."""

from __future__ import annotations

import importlib.util

import click

from retailkg.cli.options import store_options


@click.command("serve")
@store_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind (only this machine by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--row-limit", default=1000, show_default=True, type=click.IntRange(1, 100_000),
              help="Most rows a console or gallery query returns.")
@click.option("--timeout", "timeout_s", default=10.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Query timeout in seconds.")
def command(store_opts: dict, host: str, port: int, row_limit: int, timeout_s: float) -> None:
    """Serve the graph viewer (search, canvas, evidence, query gallery, Cypher console)."""
    from retailkg.graph.store import StoreError
    from retailkg.web import create_app

    config = {"STORE_KIND": store_opts["kind"], "DB": store_opts["db"],
              "NEO4J_URI": store_opts["uri"], "NEO4J_USER": store_opts["user"],
              "NEO4J_PASSWORD": store_opts["password"], "NEO4J_DATABASE": store_opts["database"],
              "ROW_LIMIT": row_limit, "TIMEOUT_S": timeout_s}
    try:
        app = create_app(config)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: serving on {host}; the viewer has no authentication.", err=True)
    click.echo(f"retailkg viewer on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    try:
        if importlib.util.find_spec("waitress") is not None:
            from waitress import serve

            serve(app, host=host, port=port, threads=8)
        else:
            app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)
    finally:
        app.extensions["retailkg"].close()
