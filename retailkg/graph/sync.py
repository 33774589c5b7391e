"""Copy a whole graph from one store to another (embedded ⇄ Neo4j)."""

from __future__ import annotations

import time

from retailkg.graph.rankings import refresh_rankings
from retailkg.graph.records import chunks
from retailkg.graph.store import GraphStore


def sync(src: GraphStore, dst: GraphStore, batch: int = 5000) -> dict:
    """Clear ``dst`` and copy every article, entity and relation of ``src`` into it.

    Rows are copied whole (already merged), so the ``node_link`` exports of both stores are equal
    afterwards. Entities go first (relations need their endpoints), then relations, then articles,
    each in ``write()`` calls of at most ``batch`` rows; then the rankings (``graph.rankings``). Returns counts and seconds.
    """
    batch = max(int(batch), 1)
    t0 = time.perf_counter()
    entities = src.all_entities()
    relations = src.all_relations()
    articles = src.all_articles()
    dst.clear()
    for chunk in chunks(entities, batch):
        dst.write([], chunk, [])
    for rel_chunk in chunks(relations, batch):
        dst.write([], [], rel_chunk)
    for art_chunk in chunks(articles, batch):
        dst.write(art_chunk, [], [])
    refresh_rankings(dst, force=True)
    return {"articles": len(articles), "entities": len(entities), "relations": len(relations),
            "seconds": round(time.perf_counter() - t0, 3)}
