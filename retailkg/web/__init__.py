"""The strategists' viewer: a Flask app over a read-only store.

``create_app(config)`` builds the app; ``retailkg serve`` runs it. Config keys (all optional):
``STORE_KIND`` ("embedded" | "neo4j"), ``DB`` (embedded directory), ``NEO4J_URI``,
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``, ``ROW_LIMIT``, ``TIMEOUT_S``,
``MAX_NODES``, ``MAX_CONTENT_LENGTH`` and ``STORE`` (an already open store to borrow).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask.wrappers import Response
from werkzeug.exceptions import HTTPException

from retailkg.graph.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S, StoreError
from retailkg.web.context import EXTENSION, StoreHandle, api_error

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
DEFAULTS: dict[str, Any] = {
    "STORE_KIND": "embedded",
    "DB": None,
    "ROW_LIMIT": DEFAULT_ROW_LIMIT,
    "TIMEOUT_S": DEFAULT_TIMEOUT_S,
    "MAX_NODES": 2000,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "OPEN_EAGERLY": True,
    "JSON_SORT_KEYS": False,
}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the viewer; opens the store read-only once (eagerly unless ``OPEN_EAGERLY`` is False)."""
    from retailkg.web import articles, console, export, graph, queries, search

    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    app.config["DEBUG"] = False  # never: the debugger would allow code execution
    app.json.sort_keys = False  # type: ignore[attr-defined]
    store_handle = StoreHandle(app.config)
    app.extensions[EXTENSION] = store_handle
    if app.config["OPEN_EAGERLY"]:
        store_handle.open()
    for bp in (graph.bp, search.bp, articles.bp, queries.bp, console.bp, export.bp):
        app.register_blueprint(bp)
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(StoreError, _store_error)
    app.register_error_handler(Exception, _server_error)
    return app


def _security_headers(resp: Response) -> Response:
    resp.headers["Content-Security-Policy"] = CSP
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "no-referrer"
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.path.startswith("/api/"):
        resp.headers.setdefault("Cache-Control", "no-store")
    return resp


def _http_error(exc: HTTPException) -> tuple[Response, int]:
    status = exc.code or 500
    messages = {
        400: "Bad request.",
        404: "Not found.",
        405: "Method not allowed.",
        413: "Request too large (limit {} bytes).",
    }
    msg = messages.get(status, exc.name)
    if status == 413:
        from flask import current_app

        msg = msg.format(current_app.config["MAX_CONTENT_LENGTH"])
    elif status == 400 and exc.description and "browser (or proxy)" not in exc.description:
        msg = exc.description
    return api_error(status, msg)


def _store_error(exc: StoreError) -> tuple[Response, int]:
    return api_error(400, str(exc))


def _server_error(exc: Exception) -> tuple[Response, int]:
    import logging

    logging.getLogger("retailkg.web").exception("unhandled error")
    return api_error(500, "Internal error; see the server log.")
