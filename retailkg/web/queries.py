"""Query gallery: every canned query (``retailkg.queries.catalog``) with a form for its parameters."""

from __future__ import annotations

import dataclasses
import importlib
from types import ModuleType
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, request
from flask.wrappers import Response

from retailkg.graph.store import StoreError
from retailkg.web.context import api_error, jsonable, store

bp = Blueprint("queries", __name__)


def catalog() -> ModuleType | None:
    """``retailkg.queries.catalog`` if it is installed, else None."""
    try:
        return importlib.import_module("retailkg.queries.catalog")
    except ModuleNotFoundError as exc:
        if exc.name in ("retailkg.queries", "retailkg.queries.catalog"):
            return None
        raise


def _as_dict(obj: Any) -> dict[str, Any]:
    if isinstance(obj, dict):
        return dict(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    if hasattr(obj, "_asdict"):
        return dict(obj._asdict())
    return {k: getattr(obj, k) for k in dir(obj) if not k.startswith("_") and not callable(getattr(obj, k))}


def query_json(q: Any) -> dict[str, Any]:
    """A canned query as ``{name, title, description, params: [{name,type,default,description}], example}``."""
    d = _as_dict(q)
    params = [_as_dict(p) for p in d.get("params") or []]
    return jsonable({
        "name": d.get("name"), "title": d.get("title") or d.get("name"),
        "description": d.get("description", ""),
        "params": [{"name": p.get("name"), "type": p.get("type", "str"), "default": p.get("default"),
                    "description": p.get("description", "")} for p in params],
        "example": d.get("example"),
    })


def _lookup(cat: ModuleType, name: str) -> Any | None:
    try:
        return cat.get_query(name)
    except (KeyError, LookupError, ValueError):
        return None


@bp.get("/queries")
def gallery_page() -> str:
    """The gallery page (forms are built by static/js/queries.js from /api/queries)."""
    return render_template("queries.html", active="queries", available=catalog() is not None)


@bp.get("/api/queries")
def api_queries() -> Response:
    """``{"available": bool, "queries": [query…]}``."""
    cat = catalog()
    queries = [query_json(q) for q in cat.list_queries()] if cat else []
    return jsonify({"available": cat is not None, "queries": queries})


@bp.post("/api/queries/<name>")
def api_run_query(name: str) -> Response | tuple[Response, int]:
    """Run a canned query: body ``{"params": {…}}`` → ``{columns, rows, graph, truncated}``."""
    cat = catalog()
    if cat is None:
        return api_error(404, "The query catalogue (retailkg.queries.catalog) is not installed.")
    if _lookup(cat, name) is None:
        return api_error(404, f"No canned query named {name!r}.")
    body = request.get_json(silent=True)
    if body is None:
        body = {}
    if not isinstance(body, dict) or not isinstance(body.get("params", {}), dict):
        return api_error(400, 'Body must be JSON: {"params": {…}}.')
    params = body.get("params") or {}
    row_limit = int(current_app.config["ROW_LIMIT"])
    timeout_s = float(current_app.config["TIMEOUT_S"])
    try:
        with store() as s:
            columns, rows = cat.run_query(s, name, params, row_limit=row_limit, timeout_s=timeout_s)
            graph = cat.result_to_graph(s, columns, rows)
    except StoreError as exc:
        return api_error(400, str(exc))
    except (ValueError, TypeError, KeyError) as exc:
        return api_error(400, f"Bad parameters: {exc}")
    return jsonify({"name": name, "columns": list(columns), "rows": jsonable(rows), "graph": graph,
                    "truncated": len(rows) >= row_limit})
