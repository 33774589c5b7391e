"""The 1–3 hop neighbourhood of an entity on the embedded store: the file's Cypher, nearest first.

The rows of ``neighbourhood`` come nearest first, so when a search one hop shallower already
fills the row limit, its rows are the answer; from a hub, LadybugDB's breadth-first search
(``SHORTEST``) would otherwise reach most of the graph at three hops. That shallower search costs
a few milliseconds of its own, though, and usually returns fewer rows than the limit: so it runs
only when it might fill the limit, which counting the walks of one and two hops from the centre
tells (``(x)--(y)``, ``(x)--()--(y)``: plain patterns, counted without listing the walks, well
under a millisecond). Every entity within two hops is the end of such a walk, so fewer walks than
the limit means fewer entities than the limit.
"""

from __future__ import annotations

import time
from typing import Any

from retailkg.graph.store import GraphStore
from retailkg.queries.deadline import time_left

# Walks of one and of two hops from the centre (relations join entities only).
WALKS = {
    1: "MATCH (x:Entity)-[]-(y:Entity) WHERE x.id = $id RETURN count(*) AS n",
    2: "MATCH (x:Entity)-[]-(:Entity)-[]-(y:Entity) WHERE x.id = $id RETURN count(*) AS n",
}


def may_fill(store: GraphStore, centres: list[str], depth: int, limit: int, deadline: float) -> bool:
    """Whether ``centres`` may have ``limit`` entities within ``depth`` (1 or 2) hops: whether their
    walks of up to ``depth`` hops number at least ``limit``."""
    walks = 0
    for hops in range(1, depth + 1):
        for centre in centres:
            walks += store.run_read(WALKS[hops], {"id": centre},
                                    timeout_s=time_left(deadline, "neighbourhood"))[1][0][0]
            if walks >= limit:
                return True
    return False


def neighbourhood_rows(store: GraphStore, query: Any, params: dict[str, Any], *, row_limit: int,
                       timeout_s: float) -> tuple[list[str], list[list]]:
    """``neighbourhood`` on the embedded store (see the module docstring)."""
    from retailkg.queries.catalog import engine_params, run_cypher

    deadline = time.monotonic() + timeout_s
    depth = int(params["depth"])
    values = engine_params(query, params, query.text_for(store.kind), store, timeout_s=timeout_s)
    if depth > 1 and may_fill(store, values["entity_ids"], depth - 1, row_limit, deadline):
        columns, rows = run_cypher(store, query, {**params, "depth": depth - 1}, row_limit=row_limit,
                                   timeout_s=time_left(deadline, "neighbourhood"), values=values)
        if len(rows) >= row_limit:
            return columns, rows
    return run_cypher(store, query, params, row_limit=row_limit,
                      timeout_s=time_left(deadline, "neighbourhood"), values=values)
