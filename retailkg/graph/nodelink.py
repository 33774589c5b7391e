"""The graph as networkx node-link JSON (what ``retailkg export --format json`` writes)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from retailkg.graph.records import EntityRecord, RelationRecord
from retailkg.graph.store import GraphStore


def node_dict(e: EntityRecord, degree: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": e.id, "name": e.name, "label": e.label,
                           "aliases": sorted(set(e.aliases) - {e.name}),
                           "alias_langs": dict(zip(e.aliases, e.alias_langs)), "origin": e.origin}
    if degree is not None:
        out["degree"] = degree
    return out


def edge_dict(r: RelationRecord) -> dict[str, Any]:
    return {
        "source": r.source, "target": r.target, "type": r.type, "confidence": r.confidence,
        "role": r.role, "languages": r.languages, "articles": r.articles,
        "evidence": [{"article": ev.article, "sentence": ev.sentence, "lang": ev.lang,
                      "start": ev.start, "end": ev.end, "confidence": ev.confidence}
                     for ev in sorted(r.evidence, key=lambda ev: ev.key())],
    }


def node_link(entities: list[EntityRecord], relations: list[RelationRecord],
              connected_only: bool = False) -> dict[str, Any]:
    """Node-link dict; with ``connected_only`` nodes without edges are left out."""
    degree: dict[str, int] = {}
    for r in relations:
        degree[r.source] = degree.get(r.source, 0) + 1
        degree[r.target] = degree.get(r.target, 0) + 1
    nodes = [node_dict(e, degree.get(e.id, 0)) for e in sorted(entities, key=lambda e: e.id)
             if not connected_only or e.id in degree]
    edges = [edge_dict(r) for r in sorted(relations, key=lambda r: r.key)]
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "edges": edges}


def export_store(store: GraphStore) -> dict[str, Any]:
    """The whole store as node-link JSON."""
    return node_link(store.all_entities(), store.all_relations())


def to_networkx(data: dict[str, Any]) -> nx.MultiDiGraph:
    """A node-link dict as a networkx MultiDiGraph (edge key = relation type)."""
    g = nx.MultiDiGraph()
    for n in data["nodes"]:
        g.add_node(n["id"], **{k: v for k, v in n.items() if k != "id"})
    for e in data["edges"]:
        g.add_edge(e["source"], e["target"], key=e["type"],
                   **{k: v for k, v in e.items() if k not in ("source", "target")})
    return g
