"""The ownership tree under a group on the embedded store, in two reads per root.

``ownership_tree.cypher`` follows ``(x)-[:OWNS*0..4]->(o)`` and then every ``OWNS`` relation out of
each owner ``o``. LadybugDB 0.22 loses the zero-length path (``o`` = ``x``) of such a pattern when
``x`` owns itself through a chain and the search lists over a few hundred paths (measured: the
root's own holdings then went missing from the answer), and it joins the second pattern against
every ``OWNS`` relation. So here, per root: its own holdings (depth 1), then the owners within
``depth - 1`` levels by breadth-first search, each at its smallest distance, with their holdings
(depth = distance + 1). The rows are those of the file's embedded variant, which follows every
chain and is exact but lists every path (slow under large groups), and of Neo4j.
"""

from __future__ import annotations

import time
from typing import Any

from retailkg.graph.store import GraphStore

COLUMNS = ["root_id", "depth", "owner_id", "owner", "owned_id", "owned", "kind", "confidence"]
_ROW = ("o.id AS owner_id, o.name AS owner, y.id AS owned_id, y.name AS owned, y.kind AS kind, "
        "r.confidence AS confidence")
DIRECT = (f"MATCH (o:Entity)-[r:OWNS]->(y:Entity) WHERE o.id = $id RETURN 1 AS depth, {_ROW} "
          "ORDER BY owned_id LIMIT $k")
DEEPER = ("MATCH (x:Entity)-[e:OWNS* SHORTEST 1..{levels}]->(o:Entity)-[r:OWNS]->(y:Entity) "
          f"WHERE x.id = $id AND o.id <> x.id RETURN length(e) + 1 AS depth, {_ROW} "
          "ORDER BY depth, owner_id, owned_id LIMIT $k")


def _sort_key(row: list) -> tuple:
    return row[1], row[2], row[4], row[0]


def ownership_tree_rows(store: GraphStore, query: Any, params: dict[str, Any], *, row_limit: int,
                        timeout_s: float) -> tuple[list[str], list[list]]:
    """``ownership_tree`` on the embedded store (see the module docstring)."""
    from retailkg.queries.catalog import resolve_entities

    deadline = time.monotonic() + timeout_s
    depth = int(params["depth"])
    out: list[list] = []
    for root in resolve_entities(store, str(params["entity"]), timeout_s=timeout_s):
        texts = [DIRECT] + ([DEEPER.format(levels=depth - 1)] if depth > 1 else [])
        found: list[list] = []
        for text in texts:
            if len(found) >= row_limit:
                break
            _, rows = store.run_read(text, {"id": root, "k": row_limit}, row_limit=row_limit,
                                     timeout_s=max(deadline - time.monotonic(), 0.001))
            found += [[root, *row] for row in rows]
        out += found
    out.sort(key=_sort_key)
    return list(COLUMNS), out[:row_limit]
