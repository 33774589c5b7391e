"""Cypher console: read-only queries with a timeout and a row limit."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request
from flask.wrappers import Response

from retailkg.graph.store import ReadOnlyViolation, StoreError
from retailkg.web.context import api_error, jsonable, store

bp = Blueprint("console", __name__)


@bp.get("/console")
def console_page() -> str:
    """The console page (static/js/console.js posts to /api/cypher)."""
    return render_template("console.html", active="console",
                           row_limit=current_app.config["ROW_LIMIT"],
                           timeout_s=current_app.config["TIMEOUT_S"])


@bp.post("/api/cypher")
def api_cypher() -> Response | tuple[Response, int]:
    """Body ``{"query": "MATCH …", "params": {…}}`` → ``{columns, rows, truncated, ms}``.

    Writes are refused (``kind: "read_only"``) with the ``ReadOnlyViolation`` message.
    """
    import time

    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return api_error(400, 'Body must be JSON: {"query": "MATCH … RETURN …"}.')
    params = body.get("params") or {}
    if not isinstance(params, dict):
        return api_error(400, "params must be an object.")
    row_limit = int(current_app.config["ROW_LIMIT"])
    timeout_s = float(current_app.config["TIMEOUT_S"])
    t0 = time.perf_counter()
    try:
        with store() as s:
            columns, rows = s.run_read(body["query"], params, row_limit=row_limit, timeout_s=timeout_s)
    except ReadOnlyViolation as exc:
        return api_error(400, str(exc), kind="read_only")
    except StoreError as exc:
        return api_error(400, str(exc), kind="query")
    return jsonify({"columns": list(columns), "rows": jsonable(rows), "truncated": len(rows) >= row_limit,
                    "row_limit": row_limit, "ms": round((time.perf_counter() - t0) * 1000, 1)})
