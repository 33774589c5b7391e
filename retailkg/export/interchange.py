"""Interchange formats: node-link JSON, GraphML, GEXF and neo4j-admin import CSV."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import networkx as nx

from retailkg.export.common import hex_to_rgb, label_colour
from retailkg.graph.nodelink import to_networkx

ARRAY_DELIMITER = ";"
NODE_HEADER = ["id:ID", "name", ":LABEL", "aliases:string[]", "alias_langs:string[]", "kind", "origin",
               "degree:int"]
REL_HEADER = [":START_ID", ":END_ID", ":TYPE", "confidence:double", "evidence_count:int", "role",
              "languages:string[]", "articles:string[]", "ev_article:string[]", "ev_sentence:string[]",
              "ev_lang:string[]", "ev_start:long[]", "ev_end:long[]", "ev_confidence:double[]"]
ENTITY_LABEL = "Entity"  # every node also gets this label, as in the stores


def write_json(data: dict[str, Any], path: Path) -> Path:
    """Node-link JSON exactly as given (``export_store`` output for the whole graph)."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _flat(value: Any) -> str | int | float | bool:
    """A GraphML/GEXF-safe value: lists of strings joined by '; ', other containers as JSON."""
    if isinstance(value, bool | int | float | str):
        return value
    if value is None:
        return ""
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def flat_graph(data: dict[str, Any], gexf: bool = False) -> nx.MultiDiGraph:
    """The subgraph as a MultiDiGraph whose attributes are all scalars.

    For GEXF the node ``label`` attribute is the display name (GEXF's own label) and the entity
    label moves to ``kind``; the relation type moves from ``type`` (GEXF's edge direction) to
    ``relation`` and becomes the edge label.
    """
    g = to_networkx(data)
    out = nx.MultiDiGraph()
    out.graph.update({k: _flat(v) for k, v in (data.get("graph") or {}).items()})
    for nid, attrs in g.nodes(data=True):
        row = {k: _flat(v) for k, v in attrs.items()}
        row.setdefault("name", nid)
        row["colour"] = label_colour(str(attrs.get("label", "")))
        if gexf:
            row["kind"] = row.pop("label", "")
            row["label"] = row["name"]
            r, gg, b = hex_to_rgb(row["colour"])
            row["viz"] = {"color": {"r": r, "g": gg, "b": b, "a": 1.0}}
        out.add_node(nid, **row)
    for s, t, key, attrs in g.edges(keys=True, data=True):
        row = {k: _flat(v) for k, v in attrs.items()}
        row["evidence_count"] = len(attrs.get("evidence") or [])
        if gexf:
            row["relation"] = row.pop("type", key)
            row["label"] = row["relation"]
            row["id"] = f"{s}|{key}|{t}"
        out.add_edge(s, t, key=key, **row)
    return out


def write_graphml(data: dict[str, Any], path: Path) -> Path:
    nx.write_graphml(flat_graph(data), str(path), encoding="utf-8", prettyprint=True)
    return path


def write_gexf(data: dict[str, Any], path: Path) -> Path:
    nx.write_gexf(flat_graph(data, gexf=True), str(path), encoding="utf-8", prettyprint=True)
    return path


def _array(values: list[Any]) -> str:
    """A neo4j-admin array cell; the delimiter inside a value becomes a full-width semicolon."""
    return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, "；").replace("\n", " ") for v in values)


def csv_tables(data: dict[str, Any]) -> dict[str, str]:
    """``nodes.csv`` and ``relationships.csv`` text in the neo4j-admin import layout."""
    nodes, rels = io.StringIO(), io.StringIO()
    w = csv.writer(nodes, lineterminator="\n")
    w.writerow(NODE_HEADER)
    for n in data["nodes"]:
        aliases = list(n.get("aliases") or [])
        langs = n.get("alias_langs") or {}
        w.writerow([n["id"], n.get("name", ""), f"{ENTITY_LABEL}{ARRAY_DELIMITER}{n.get('label', '')}",
                    _array(aliases), _array([langs.get(a, "") for a in aliases]), n.get("label", ""),
                    n.get("origin", ""), int(n.get("degree") or 0)])
    w = csv.writer(rels, lineterminator="\n")
    w.writerow(REL_HEADER)
    for e in data["edges"]:
        ev = e.get("evidence") or []
        w.writerow([e["source"], e["target"], e["type"], float(e.get("confidence") or 0.0), len(ev),
                    e.get("role") or "", _array(e.get("languages") or []), _array(e.get("articles") or []),
                    _array([x["article"] for x in ev]), _array([x.get("sentence", "") for x in ev]),
                    _array([x.get("lang", "") for x in ev]), _array([int(x.get("start", 0)) for x in ev]),
                    _array([int(x.get("end", 0)) for x in ev]),
                    _array([float(x.get("confidence", 0.0)) for x in ev])])
    return {"nodes.csv": nodes.getvalue(), "relationships.csv": rels.getvalue()}


def write_csv(data: dict[str, Any], path: Path) -> Path:
    """Both CSV files into the directory ``path``, or into a zip if ``path`` ends with ``.zip``."""
    tables = csv_tables(data)
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, text in tables.items():
                zf.writestr(name, text.encode("utf-8"))
        return path
    path.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (path / name).write_text(text, encoding="utf-8")
    return path
