"""PageRank and degree of every entity, computed from the graph and stored on the entities.

The scores are derived data, like an index: ``refresh_rankings`` computes them from the
entities and relation endpoints (numpy, networkx's PageRank definition, every relation taken
both ways) and stores them as ``e.pagerank`` and ``e.degree``, with the entity and relation
counts they were computed at in a ``(:GraphMeta {key: schema.RANKING_META_KEY})`` node. Ingest and sync
refresh them when they finish. The graph only ever grows (merges add, nothing deletes but
``clear()``, which also removes the meta node), and PageRank depends only on the entities and
the relation endpoints, so the scores are current exactly when both counts still match: an
ingest that only adds evidence to known relations leaves them valid, anything else makes
``rankings_fresh`` false and readers compute the scores in memory instead.
"""

from __future__ import annotations

import time
from typing import Any

from retailkg.graph.store import GraphStore, StoreError

DIGITS = 6  # stored and reported PageRank precision
ALL_ROWS = 1 << 40

NODES = "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.kind AS kind"
EDGES = "MATCH (a:Entity)-[]->(b:Entity) RETURN a.id AS s, b.id AS t"
# Neo4j: one row per entity with its out-neighbours, ~5x faster over Bolt than a row per relation.
ADJACENCY = ("MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.kind AS kind, "
             "[(e)-->(b:Entity) | b.id] AS targets")


def graph_snapshot(store: GraphStore, timeout_s: float) -> tuple[list[list], list[tuple[str, str]]]:
    """Every entity as (id, name, kind) and every relation as (source id, target id)."""
    started = time.monotonic()

    def left() -> float:
        remaining = timeout_s - (time.monotonic() - started)
        if remaining <= 0:
            raise StoreError(f"Query stopped after the {timeout_s:g} s timeout.")
        return remaining

    if store.kind == "neo4j":
        _, rows = store.run_read(ADJACENCY, row_limit=ALL_ROWS, timeout_s=timeout_s)
        left()
        return [r[:3] for r in rows], [(r[0], t) for r in rows for t in r[3]]
    _, nodes = store.run_read(NODES, row_limit=ALL_ROWS, timeout_s=timeout_s)
    _, edges = store.run_read(EDGES, row_limit=ALL_ROWS, timeout_s=left())
    left()
    return nodes, [(r[0], r[1]) for r in edges]


def pagerank_arrays(node_ids: list[str], edges: list[tuple[str, str]], alpha: float = 0.85,
                    tol: float = 1e-10, max_iter: int = 200) -> tuple[dict[str, float], dict[str, int]]:
    """PageRank (as ``pagerank``) and relation count per node, with every edge taken both ways.

    Parallel edges between the same two nodes count once for PageRank (a simple directed
    graph, as networkx's DiGraph), but each relation counts for the degree.
    """
    import numpy as np

    names = sorted(set(node_ids).union(*edges)) if edges else sorted(set(node_ids))
    n = len(names)
    if not n:
        return {}, {}
    index = {name: i for i, name in enumerate(names)}
    src = np.fromiter((index[s] for s, _ in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((index[t] for _, t in edges), dtype=np.int64, count=len(edges))
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    codes = np.unique(np.concatenate([src * n + dst, dst * n + src]))
    u, v = codes // n, codes % n
    out_deg = np.bincount(u, minlength=n).astype(np.float64)
    dangling = out_deg == 0
    rank = np.full(n, 1.0 / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_out = np.where(dangling, 0.0, 1.0 / out_deg)
    for _ in range(max_iter):
        new = np.full(n, (1.0 - alpha) / n + alpha * rank[dangling].sum() / n)
        new += np.bincount(v, weights=alpha * rank[u] * inv_out[u], minlength=n)
        err = np.abs(new - rank).sum()
        rank = new
        if err < n * tol:
            break
    scores = {name: float(rank[i]) for i, name in enumerate(names)}
    degrees = {name: int(degree[i]) for i, name in enumerate(names) if degree[i]}
    return scores, degrees


def pagerank(g: Any, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """PageRank of a networkx DiGraph by power iteration, as ``networkx.pagerank`` defines it.

    The reference ``pagerank_arrays`` is tested against (``networkx.pagerank`` needs scipy,
    which retailkg does not otherwise depend on). Dangling nodes spread their rank evenly.
    """
    nodes = sorted(g.nodes)
    n = len(nodes)
    if not n:
        return {}
    out_deg = {u: g.out_degree(u) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if not out_deg[u]) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if out_deg[u]:
                share = alpha * rank[u] / out_deg[u]
                for v in g.successors(u):
                    new[v] += share
        err = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if err < n * tol:
            break
    return rank


def ranking_rows(store: GraphStore, timeout_s: float) -> list[list]:
    """``[id, name, kind, pagerank, degree]`` for every entity, computed now (not stored)."""
    nodes, edges = graph_snapshot(store, timeout_s)
    scores, degree = pagerank_arrays([r[0] for r in nodes], edges)
    return [[eid, name, kind, round(scores.get(eid, 0.0), DIGITS), degree.get(eid, 0)]
            for eid, name, kind in nodes]


def rankings_fresh(store: GraphStore) -> bool:
    """Whether the stored scores were computed on the graph as it is now (same counts)."""
    stored = store.ranking_counts()
    return stored is not None and stored == store.graph_counts()


def refresh_rankings(store: GraphStore, *, force: bool = False, timeout_s: float = 3600.0) -> bool:
    """Compute and store every entity's PageRank and degree unless they are current.

    Returns whether it computed. The counts are read before the graph, so a write that lands
    meanwhile leaves the stored counts behind and the next check recomputes.
    """
    counts = store.graph_counts()
    if not force and store.ranking_counts() == counts:
        return False
    rows = ranking_rows(store, timeout_s)
    store.write_rankings([{"id": r[0], "pagerank": float(r[3]), "degree": int(r[4])} for r in rows], counts)
    return True
