"""Neighbourhoods and search, written once in the Cypher both engines share.

Relationship types are spelled out per query (no ``type(r)``/``label(r)``, which differ), and
parameters are bound with ``WITH`` before list predicates (a LadybugDB parser limit).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from retailkg.graph.nodelink import node_link
from retailkg.graph.records import EntityRecord, RelationRecord
from retailkg.graph.schema import REL_COLUMNS, REL_RETURN, relation_from_row, relation_types
from retailkg.graph.store import GraphStore

MAX_ROWS = 200_000


def norm_key(text: str) -> str:
    """The resolution key of a surface form: NFKC, case-folded, letters and digits only."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def edges_touching(store: GraphStore, ids: list[str]) -> list[RelationRecord]:
    """Every relation with an endpoint in ``ids``."""
    if not ids:
        return []
    out: dict = {}
    for rtype in relation_types():
        for where in ("a.id IN ids", "b.id IN ids"):
            _, rows = store.run_read(
                f"WITH $ids AS ids MATCH (a:Entity)-[r:{rtype}]->(b:Entity) WHERE {where} "
                f"RETURN {REL_RETURN}", {"ids": list(ids)}, row_limit=MAX_ROWS)
            for row in rows:
                rec = relation_from_row(row[0], rtype, row[1], dict(zip(REL_COLUMNS, row)))
                out[rec.key] = rec
    return list(out.values())


def neighbourhood(store: GraphStore, center_ids: list[str], depth: int = 1, *,
                  max_nodes: int = 2000, min_confidence: float = 0.0,
                  relation_filter: set[str] | None = None) -> dict[str, Any]:
    """Node-link subgraph within ``depth`` hops (1–3) of the centre entities."""
    depth = max(1, min(3, int(depth)))
    seen: set[str] = set(center_ids)
    frontier = list(center_ids)
    relations: dict = {}
    for _ in range(depth):
        new: list[str] = []
        for rel in edges_touching(store, frontier):
            if rel.confidence < min_confidence or (relation_filter and rel.type not in relation_filter):
                continue
            if len(seen) >= max_nodes and (rel.source not in seen or rel.target not in seen):
                continue
            relations[rel.key] = rel
            for node in (rel.source, rel.target):
                if node not in seen:
                    seen.add(node)
                    new.append(node)
        frontier = new
        if not frontier:
            break
    entities = list(store.fetch_entities(sorted(seen)).values())
    rels = [r for r in relations.values() if r.source in seen and r.target in seen]
    return node_link(entities, rels)


def search_entities(store: GraphStore, query: str, limit: int = 20) -> list[EntityRecord]:
    """Entities whose name or any alias matches ``query`` in any script (exact key first)."""
    q = query.strip()
    if not q:
        return []
    key = norm_key(q)
    low = q.casefold()
    _, rows = store.run_read(
        "WITH $k AS k, $q AS q MATCH (e:Entity) WHERE k IN e.keys OR lower(e.name) CONTAINS q "
        "OR any(a IN e.aliases WHERE lower(a) CONTAINS q) RETURN e.id AS id",
        {"k": key, "q": low}, row_limit=5000)
    ids = [r[0] for r in rows]
    found = store.fetch_entities(ids)

    def rank(e: EntityRecord) -> tuple:
        exact = key in e.keys or norm_key(e.name) == key
        return (not exact, e.origin != "kb", len(e.name), e.name)

    return sorted(found.values(), key=rank)[:limit]
