"""``retailkg export``: the whole graph, a neighbourhood or a canned query's result, in any format."""

from __future__ import annotations

from typing import Any

import click

from retailkg.cli.options import open_from_options, store_options
from retailkg.export import FORMATS, ExportError, export_subgraph
from retailkg.graph.nodelink import export_store
from retailkg.graph.store import DEFAULT_TIMEOUT_S, GraphStore, StoreError
from retailkg.graph.subgraph import neighbourhood, search_entities

QUERY_ROW_LIMIT = 5000


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``("k=v", …)`` → ``{k: v}`` (values stay strings; the catalogue coerces them)."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"'{pair}' is not k=v", param_hint="--param")
        out[key.strip()] = value
    return out


def article_meta(store: GraphStore, data: dict[str, Any]) -> dict[str, dict]:
    """Title, url, date and source of every article cited by the subgraph's edges."""
    ids = sorted({a for e in data["edges"] for a in (e.get("articles") or [])}
                 | {ev["article"] for e in data["edges"] for ev in (e.get("evidence") or [])})
    out: dict[str, dict] = {}
    for art_id in ids:
        rec = store.get_article(art_id)
        if rec is not None:
            out[art_id] = {"title": rec.title, "url": rec.url, "date": rec.date, "source": rec.source}
    return out


def center_subgraph(store: GraphStore, center: str, depth: int) -> tuple[dict[str, Any], str]:
    """Neighbourhood of the best match for ``center`` (any name, alias or script) and a title."""
    found = search_entities(store, center)
    if not found:
        raise click.ClickException(f"No entity matches '{center}'. Try another name or alias.")
    best = found[0]
    data = neighbourhood(store, [best.id], depth)
    data.setdefault("graph", {})["center"] = [best.id]
    return data, f"{best.name}: {depth}-hop neighbourhood"


def query_subgraph(store: GraphStore, name: str, params: dict[str, str]) -> tuple[dict[str, Any], str]:
    """The graph behind a canned query's result."""
    try:
        from retailkg.queries.catalog import result_to_graph, run_query
    except ImportError as exc:
        raise click.ClickException(f"--query needs retailkg.queries.catalog, which is not available: {exc}") from exc
    try:
        columns, rows = run_query(store, name, params, row_limit=QUERY_ROW_LIMIT, timeout_s=DEFAULT_TIMEOUT_S)
    except (ValueError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    data = result_to_graph(store, columns, rows)
    if data is None:
        raise click.ClickException(f"Query '{name}' returned no entities to draw ({len(rows)} rows).")
    shown = ", ".join(f"{k}={v}" for k, v in params.items())
    return data, f"{name}" + (f" ({shown})" if shown else "")


@click.command("export")
@store_options
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="json", show_default=True,
              help="Output format.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=True),
              help="File to write (for csv: a directory, or a .zip).")
@click.option("--center", default=None, help="Export the neighbourhood of this entity (any name or alias).")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True, help="Hops around --center.")
@click.option("--query", "query_name", default=None, help="Export the entities of this canned query's result.")
@click.option("--param", "params", multiple=True, metavar="K=V", help="Query parameter (repeatable).")
@click.option("--title", default=None, help="Title on the slide / image / page.")
@click.option("--no-evidence-slide", is_flag=True, help="PPTX: leave out the evidence table slide(s).")
def command(store_opts: dict, fmt: str, output: str, center: str | None, depth: int, query_name: str | None,
            params: tuple[str, ...], title: str | None, no_evidence_slide: bool) -> None:
    """Export the graph, a neighbourhood (--center) or a query result (--query) as FORMAT.

    \b
    retailkg export --format json -o graph.json
    retailkg export --format pptx --center 小米 --depth 2 -o xiaomi.pptx
    retailkg export --format html --query competitors --param entity=JD.com -o jd.html
    """
    if center and query_name:
        raise click.UsageError("Use either --center or --query, not both.")
    if params and not query_name:
        raise click.UsageError("--param needs --query.")
    store = open_from_options(store_opts, read_only=True)
    try:
        if center:
            data, default_title = center_subgraph(store, center, depth)
        elif query_name:
            data, default_title = query_subgraph(store, query_name, parse_params(params))
        else:
            data, default_title = export_store(store), "retailkg: the whole graph"
        articles = article_meta(store, data) if fmt in ("pptx", "html") else None
        path = export_subgraph(data, fmt, output, title=title or default_title, articles=articles,
                               evidence_slide=not no_evidence_slide)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    click.echo(f"Wrote {fmt} ({len(data['nodes'])} entities, {len(data['edges'])} relations) to {path}")
