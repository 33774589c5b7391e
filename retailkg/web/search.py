"""Search area: any alias in any script (小米, millet, Xiaomi) finds the entity."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, request
from flask.wrappers import Response

from retailkg.graph.ontology import load_ontology
from retailkg.graph.records import EntityRecord
from retailkg.graph.subgraph import norm_key, search_entities
from retailkg.web.context import api_error, int_arg, store

bp = Blueprint("search", __name__)
MAX_QUERY = 200


def hit_json(e: EntityRecord, q: str) -> dict[str, Any]:
    """A search hit: id, name, label, colour, aliases and the alias that matched."""
    key, low = norm_key(q), q.strip().casefold()
    matched = next((a for a in e.aliases if norm_key(a) == key), None) or next(
        (a for a in e.aliases if low and low in a.casefold()), None)
    return {"id": e.id, "name": e.name, "label": e.label,
            "colour": load_ontology().colour(e.label), "origin": e.origin,
            "aliases": sorted(set(e.aliases) - {e.name}), "matched": matched}


def run_search(q: str, limit: int) -> list[dict[str, Any]]:
    """Search the store (under the app's lock)."""
    with store() as s:
        found = search_entities(s, q, limit)
    return [hit_json(e, q) for e in found]


@bp.get("/api/search")
def api_search() -> Response | tuple[Response, int]:
    """``/api/search?q=…&limit=…`` → ``{"query", "results": [hit…]}``."""
    q = request.args.get("q", "")
    if len(q) > MAX_QUERY:
        return api_error(400, f"Search text longer than {MAX_QUERY} characters.")
    try:
        limit = int_arg(request.args.get("limit"), 20, 1, 100)
    except ValueError:
        return api_error(400, "limit must be an integer.")
    return jsonify({"query": q, "results": run_search(q, limit) if q.strip() else []})


@bp.get("/search")
def search_page() -> str:
    """Server-rendered results (the no-JavaScript fallback of the search box)."""
    q = request.args.get("q", "")[:MAX_QUERY]
    results = run_search(q, 50) if q.strip() else []
    return render_template("search.html", active="graph", q=q, results=results)
