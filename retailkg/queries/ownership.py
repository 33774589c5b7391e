"""The ownership tree under a group on the embedded store, one level at a time.

``ownership_tree.cypher`` follows ``(x)-[:OWNS*0..4]->(o)`` and then every ``OWNS`` relation out of
each owner ``o``. LadybugDB 0.22 loses the zero-length path (``o`` = ``x``) of such a pattern when
``x`` owns itself through a chain and the search lists over a few hundred paths (measured: the
root's own holdings then went missing from the answer), and it joins any variable-length pattern
to the owners' relations against every ``OWNS`` relation (~15 ms). So here, per root and level
``k`` (1 to ``depth``): the relations out of the entities ``k - 1`` ownership steps below the root,
a fixed-length pattern (well under a millisecond for most groups), each relation kept at the first
level that reaches it, which is its smallest depth. It stops after the level that fills the row
limit. The rows are those of the file's embedded variant, which follows every chain and is exact
but lists every path (slow under large groups), and of Neo4j.
"""

from __future__ import annotations

import time
from typing import Any

from retailkg.graph.store import GraphStore
from retailkg.queries.deadline import ALL_ROWS, time_left

COLUMNS = ["root_id", "depth", "owner_id", "owner", "owned_id", "owned", "kind", "confidence"]
_ROW = ("o.id AS owner_id, o.name AS owner, y.id AS owned_id, y.name AS owned, y.kind AS kind, "
        "r.confidence AS confidence")


def level_text(level: int) -> str:
    """The relations out of the entities ``level - 1`` ownership steps below the root ``$id``."""
    owners = "(o:Entity)" if level == 1 else "(x:Entity)" + "-[:OWNS]->(:Entity)" * (level - 2) + "-[:OWNS]->(o:Entity)"
    root = "o" if level == 1 else "x"
    return (f"MATCH {owners}-[r:OWNS]->(y:Entity) WHERE {root}.id = $id "
            f"RETURN DISTINCT {_ROW} ORDER BY owner_id, owned_id LIMIT $k")


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
        seen: set[tuple[str, str]] = set()
        found = 0
        for level in range(1, depth + 1):
            _, rows = store.run_read(level_text(level), {"id": root, "k": row_limit + len(seen)},
                                     row_limit=ALL_ROWS, timeout_s=time_left(deadline, "ownership_tree"))
            for row in rows:
                if (row[0], row[2]) not in seen:
                    out.append([root, level, *row])
                    found += 1
            seen.update((row[0], row[2]) for row in rows)
            if found >= row_limit:
                break
    out.sort(key=_sort_key)
    return list(COLUMNS), out[:row_limit]
