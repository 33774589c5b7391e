"""Export the current view: the client posts node ids and edge keys, the server rebuilds the
subgraph from the store (never trusting client-sent names or text) and writes the format."""

from __future__ import annotations

import importlib
import inspect
import io
import json
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from flask import Blueprint, jsonify, request, send_file
from flask.wrappers import Response

from retailkg.graph.nodelink import node_link
from retailkg.graph.ontology import load_ontology
from retailkg.graph.schema import canonical_key
from retailkg.web.context import api_error, store
from retailkg.web.graph import safe_url

bp = Blueprint("export", __name__)
KNOWN_FORMATS = ("json", "html", "graphml", "gexf", "csv", "svg", "png", "pptx")
MIME = {"json": "application/json", "html": "text/html", "graphml": "application/xml",
        "gexf": "application/xml", "csv": "application/zip", "svg": "image/svg+xml",
        "png": "image/png", "pptx": "application/vnd.openxmlformats-officedocument.presentationml"
        ".presentation"}
MAX_NODES, MAX_EDGES = 10_000, 50_000


def exporter() -> ModuleType | None:
    """``retailkg.export`` if it exists and has ``export_subgraph``."""
    try:
        mod = importlib.import_module("retailkg.export")
    except ModuleNotFoundError as exc:
        if exc.name == "retailkg.export":
            return None
        raise
    return mod if hasattr(mod, "export_subgraph") else None


def available_formats() -> list[str]:
    """JSON always; the others when ``retailkg.export`` provides them."""
    mod = exporter()
    if mod is None:
        return ["json"]
    declared = getattr(mod, "FORMATS", None) or getattr(mod, "EXPORT_FORMATS", None) or KNOWN_FORMATS
    formats = list(declared.keys() if isinstance(declared, dict) else declared)
    return ["json", *[f for f in formats if f != "json"]]


@bp.get("/api/export/formats")
def api_formats() -> Response:
    """``{"formats": [...]}``: what the export buttons may offer."""
    return jsonify({"formats": available_formats()})


@bp.post("/api/export")
def api_export() -> Response | tuple[Response, int]:
    """Body ``{"format", "nodes": [id…], "edges": [{source,type,target}…]}`` → a file download."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, 'Body must be JSON: {"format": "json", "nodes": [...], "edges": [...]}.')
    fmt = str(body.get("format", "json")).lower()
    if fmt not in available_formats():
        return api_error(400, f"Unknown or unavailable format {fmt!r}; available: "
                              f"{', '.join(available_formats())}.")
    ids, keys = body.get("nodes") or [], body.get("edges") or []
    if not isinstance(ids, list) or not isinstance(keys, list) or not all(isinstance(i, str) for i in ids):
        return api_error(400, "nodes must be a list of ids and edges a list of {source,type,target}.")
    if len(ids) > MAX_NODES or len(keys) > MAX_EDGES:
        return api_error(400, f"At most {MAX_NODES} nodes and {MAX_EDGES} edges per export.")
    relations = load_ontology().relations
    rel_keys = []
    for k in keys:
        if not isinstance(k, dict) or k.get("type") not in relations:
            return api_error(400, "Each edge must be {source, type, target} with a known type.")
        rel_keys.append(canonical_key(str(k.get("source")), k["type"], str(k.get("target"))))
    with store() as s:
        ents = s.fetch_entities(sorted(set(ids)))
        rels = s.fetch_relations(rel_keys) if rel_keys else {}
        kept = [r for r in rels.values() if r.source in ents and r.target in ents]
        arts = {a for r in kept for a in r.articles}
        meta = {a: rec for a in sorted(arts) if (rec := s.get_article(a)) is not None}
    data = node_link(list(ents.values()), kept)
    articles = {a: {"title": r.title, "url": safe_url(r.url), "date": r.date, "source": r.source}
                for a, r in meta.items()}
    data["graph"] = {"title": str(body.get("title") or "retailkg view")[:200]}
    if fmt == "json":
        buf = io.BytesIO(json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
        return send_file(buf, mimetype=MIME["json"], as_attachment=True,
                         download_name="retailkg-view.json")
    return _export_with_module(data, fmt, articles)


def _export_with_module(data: dict[str, Any], fmt: str, articles: dict[str, dict]
                        ) -> Response | tuple[Response, int]:
    mod = exporter()
    assert mod is not None
    kwargs: dict[str, Any] = {}
    accepted = inspect.signature(mod.export_subgraph).parameters
    if "title" in accepted:
        kwargs["title"] = data["graph"].get("title", "")
    if "articles" in accepted:
        kwargs["articles"] = articles
    suffix = "zip" if fmt == "csv" else fmt
    with tempfile.TemporaryDirectory(prefix="retailkg-export-") as tmp:
        path = Path(tmp) / f"retailkg-view.{suffix}"
        try:
            result = mod.export_subgraph(data, fmt, path, **kwargs)
        except getattr(mod, "ExportError", RuntimeError) as exc:
            return api_error(400, f"Export failed: {exc}")
        out = Path(result) if isinstance(result, str | Path) else path
        payload = out.read_bytes()
        name = out.name
    return send_file(io.BytesIO(payload), mimetype=MIME.get(fmt, "application/octet-stream"),
                     as_attachment=True, download_name=name)
