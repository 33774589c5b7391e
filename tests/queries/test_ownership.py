"""``ownership_tree`` on the embedded store (queries/ownership.py) gives the rows of its Cypher and
of Neo4j, also for a group that owns itself through a chain."""

from __future__ import annotations

import pytest

from retailkg.graph.merge import apply_delta
from retailkg.graph.records import ArticleRecord, EntityRecord, EvidenceRecord, GraphDelta, RelationRecord
from retailkg.graph.store import GraphStore
from retailkg.queries.catalog import get_query, run_cypher, run_query

SUBSIDIARIES, HOLDINGS = 20, 50  # 1,000 chains of two levels: enough for LadybugDB 0.22 to lose one


def _group_owning_itself() -> GraphDelta:
    """Root Group owns 20 subsidiaries, each owning 50 companies; the last of those owns the root."""
    owns = [("root", f"sub{i}") for i in range(SUBSIDIARIES)]
    owns += [(f"sub{i}", f"co{i}_{j}") for i in range(SUBSIDIARIES) for j in range(HOLDINGS)]
    owns.append((f"co{SUBSIDIARIES - 1}_{HOLDINGS - 1}", "root"))
    names = {"root": "Root Group"} | {f"sub{i}": f"Subsidiary {i}" for i in range(SUBSIDIARIES)}
    text, relations = [], []
    for source, target in owns:
        sentence = f"{names.get(source, source)} owns {names.get(target, target)}."
        start = sum(len(s) + 1 for s in text)
        text.append(sentence)
        relations.append(RelationRecord(source, "OWNS", target, [EvidenceRecord(
            "own01", sentence, "en", start, start + len(sentence), 0.7)]))
    ids = sorted({e for pair in owns for e in pair})
    entities = [EntityRecord(id=i, name=names.get(i, i), label="Company", aliases=[names.get(i, i)],
                             alias_langs=["en"], origin="kb") for i in ids]
    article = ArticleRecord(id="own01", text=" ".join(text), title="Holdings", date="2024-05-01",
                            source="fixture", lang="en")
    return GraphDelta([article], entities, relations)


def test_a_group_owning_itself_keeps_its_own_holdings(embedded_store: GraphStore, neo4j_store: GraphStore) -> None:
    for store in (embedded_store, neo4j_store):
        apply_delta(store, _group_owning_itself())
    query = get_query("ownership_tree")
    for depth in (1, 2, 3, 4):
        params = {"entity": "Root Group", "depth": depth}
        columns, rows = run_query(embedded_store, "ownership_tree", params, row_limit=5000)
        first = [r for r in rows if r[1] == 1]
        assert [r[4] for r in first] == sorted(f"sub{i}" for i in range(SUBSIDIARIES))
        assert len(rows) == {1: 20, 2: 1020, 3: 1021, 4: 1021}[depth]  # the chain back to the root: one row at 3
        assert (columns, rows) == run_query(neo4j_store, "ownership_tree", params, row_limit=5000), depth
        assert (columns, rows) == run_cypher(embedded_store, query, params, row_limit=5000), depth
        assert run_query(embedded_store, "ownership_tree", params, row_limit=7)[1] == rows[:7]


def test_fixture_trees_equal_the_cypher(qembedded: GraphStore) -> None:
    query = get_query("ownership_tree")
    _, ids = qembedded.run_read("MATCH (e:Entity) RETURN e.id ORDER BY e.id", row_limit=10_000)
    found = 0
    for (entity,) in ids:
        for depth in range(1, 6):
            params = {"entity": entity, "depth": depth}
            rows = run_query(qembedded, "ownership_tree", params)
            assert rows == run_cypher(qembedded, query, params), params
            found += len(rows[1])
            for limit in (1, 2):
                assert run_query(qembedded, "ownership_tree", params, row_limit=limit)[1] == rows[1][:limit]
    assert found


def test_depth_is_checked(qembedded: GraphStore) -> None:
    with pytest.raises(ValueError, match="between 1 and 5"):
        run_query(qembedded, "ownership_tree", {"entity": "Alibaba", "depth": 6})
