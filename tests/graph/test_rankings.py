"""Stored PageRank and degree (graph.rankings): computed right, stored on both stores, never served stale."""

from __future__ import annotations

import networkx as nx
import pytest
from test_store_contract import art, base_delta, ent, rel

from retailkg.graph.merge import apply_delta
from retailkg.graph.nodelink import export_store
from retailkg.graph.rankings import pagerank, pagerank_arrays, rankings_fresh, refresh_rankings
from retailkg.graph.records import EntityRecord, GraphDelta
from retailkg.graph.store import GraphStore
from retailkg.queries.catalog import run_query


def stored_scores(store: GraphStore) -> dict[str, tuple[float, int]]:
    _, rows = store.run_read("MATCH (e:Entity) WHERE e.pagerank IS NOT NULL "
                             "RETURN e.id, e.pagerank, e.degree ORDER BY e.id", row_limit=100_000)
    return {r[0]: (r[1], r[2]) for r in rows}


def test_pagerank_arrays_match_the_networkx_definition() -> None:
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("a", "d"), ("a", "b")]  # a parallel edge
    g = nx.DiGraph()
    g.add_nodes_from(["a", "b", "c", "d", "lonely"])
    for s, t in edges:
        g.add_edge(s, t)
        g.add_edge(t, s)
    expected = pagerank(g)
    scores, degree = pagerank_arrays(["a", "b", "c", "d", "lonely"], edges)
    assert scores == pytest.approx(expected, abs=1e-9)
    assert sum(scores.values()) == pytest.approx(1.0)
    assert degree == {"a": 4, "b": 3, "c": 2, "d": 1}  # each relation counts, parallel ones too
    assert scores["a"] > scores["b"] > scores["d"] > scores["lonely"]


def test_refresh_stores_scores_and_the_query_reads_them(store: GraphStore) -> None:
    apply_delta(store, base_delta())
    assert not rankings_fresh(store) and stored_scores(store) == {}
    computed = run_query(store, "pagerank", {"label": "", "n": 10})  # computed on the fly
    assert refresh_rankings(store) is True
    assert rankings_fresh(store)
    scores = stored_scores(store)
    assert set(scores) == {"jd", "alibaba", "liu", "tmall"}
    assert scores["jd"][1] == 2 and scores["tmall"][1] == 1
    assert run_query(store, "pagerank", {"label": "", "n": 10}) == computed  # now read from the store
    people = run_query(store, "pagerank", {"label": "Person", "n": 10})[1]
    assert [r[0] for r in people] == ["liu"]
    assert refresh_rankings(store) is False  # unchanged graph: nothing to do


def test_most_connected_reads_stored_degrees_and_counts_them_when_stale(store: GraphStore) -> None:
    apply_delta(store, base_delta())
    computed = run_query(store, "most_connected", {"label": "", "n": 10})  # counted on the fly
    assert [(r[0], r[3]) for r in computed[1]] == [("alibaba", 2), ("jd", 2), ("liu", 1), ("tmall", 1)]
    refresh_rankings(store)
    assert run_query(store, "most_connected", {"label": "", "n": 10}) == computed  # read from the store
    assert run_query(store, "most_connected", {"label": "Person", "n": 10})[1] == [["liu", "Richard Liu", "Person", 1]]
    apply_delta(store, GraphDelta(articles=[art("a3", "new")], entities=[ent("taobao", "Taobao", "Platform")],
                                  relations=[rel("jd", "COMPETES_WITH", "taobao", "a3", "JD rivals Taobao.")]))
    stale = run_query(store, "most_connected", {"label": "", "n": 1})
    assert stale[1][0][:1] == ["jd"] and stale[1][0][3] == 3  # the new relation counts before any refresh


def test_evidence_only_keeps_scores_current_a_new_edge_does_not(store: GraphStore) -> None:
    apply_delta(store, base_delta())
    refresh_rankings(store)
    before = run_query(store, "pagerank", {"label": "", "n": 10})
    # a second article confirming a known relation: same endpoints, same scores
    apply_delta(store, GraphDelta(articles=[art("a2", "again")], entities=[],
                                  relations=[rel("jd", "COMPETES_WITH", "alibaba", "a2", "JD rivals Alibaba.")]))
    assert rankings_fresh(store)
    # a new relation changes PageRank: the stored scores are stale and must not be served
    apply_delta(store, GraphDelta(articles=[art("a3", "new")], entities=[ent("taobao", "Taobao", "Platform")],
                                  relations=[rel("alibaba", "OWNS", "taobao", "a3", "Alibaba owns Taobao.")]))
    assert not rankings_fresh(store)
    after = run_query(store, "pagerank", {"label": "", "n": 10})
    assert "taobao" in [r[0] for r in after[1]] and after != before
    assert "taobao" not in stored_scores(store)  # computed, not written, by the read
    refresh_rankings(store)
    assert run_query(store, "pagerank", {"label": "", "n": 10}) == after


def test_upserts_keep_scores_and_clear_forgets_them(store: GraphStore) -> None:
    # 2,500 entities take the embedded store's COPY path, which must leave the score columns empty
    many = [EntityRecord(id=f"x{i:05d}", name=f"X {i}", label="Company", keys=[f"x {i}"]) for i in range(2500)]
    store.write([], many, [])
    refresh_rankings(store)
    assert len(stored_scores(store)) == 2500
    store.write([], many[:10], [])  # stored entities rewritten (SET path): scores stay
    assert len(stored_scores(store)) == 2500 and rankings_fresh(store)
    more = [EntityRecord(id=f"y{i:05d}", name=f"Y {i}", label="Person") for i in range(2500)]
    store.write([], more, [])
    assert len(stored_scores(store)) == 2500 and not rankings_fresh(store)
    store.clear()
    assert store.ranking_counts() is None


def test_scores_stay_out_of_the_export(embedded_store: GraphStore, neo4j_store: GraphStore) -> None:
    for s in (embedded_store, neo4j_store):
        apply_delta(s, base_delta())
        plain = export_store(s)
        refresh_rankings(s)
        assert export_store(s) == plain
        assert all("pagerank" not in n for n in plain["nodes"])
