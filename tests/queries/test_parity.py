"""Every canned query gives the same rows on Neo4j and on the embedded store, and the right ones."""

from __future__ import annotations

import pytest

from retailkg.graph.store import GraphStore, StoreError
from retailkg.queries.catalog import list_queries, result_to_graph, run_query

QUERIES = list_queries()


def rows_of(store: GraphStore, query: str, **params) -> list[dict]:
    columns, rows = run_query(store, query, params)
    return [dict(zip(columns, r)) for r in rows]


@pytest.mark.neo4j
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_same_results_on_both_stores(qembedded: GraphStore, qneo4j: GraphStore, query) -> None:
    for params in (query.example, {}):
        embedded = run_query(qembedded, query.name, params)
        neo4j = run_query(qneo4j, query.name, params)
        assert embedded[1], f"{query.name} {params}: the example finds nothing in the fixture"
        assert embedded == neo4j, f"{query.name} {params} differs between the stores"


def test_alias_lookup_any_script(qstore: GraphStore) -> None:
    ids = {form: [r["entity_id"] for r in rows_of(qstore, "lookup", name=form)]
           for form in ("小米", "millet", "Xiaomi", "XIAOMI", "xiaomi corp", "Ｘｉａｏｍｉ", "小米集团", "xiaomi")}
    assert all(v == ["xiaomi"] for v in ids.values()), ids
    assert rows_of(qstore, "lookup", name="華為")[0]["entity_id"] == "huawei"
    assert rows_of(qstore, "lookup", name="no such company") == []


def test_competitors(qstore: GraphStore) -> None:
    for form in ("小米", "Xiaomi", "millet"):
        rows = rows_of(qstore, "competitors", entity=form)
        assert [r["competitor_id"] for r in rows] == ["huawei", "oppo", "apple"]  # most trusted first
    assert rows[0]["confidence"] == pytest.approx(0.8) and rows[0]["evidence"] == 2
    # symmetric edges are stored once: the other side sees them too
    assert "xiaomi" in [r["competitor_id"] for r in rows_of(qstore, "competitors", entity="Huawei")]


def test_platform_rivals_and_sellers(qstore: GraphStore) -> None:
    rivals = {r["rival_id"]: r for r in rows_of(qstore, "platform_rivals", entity="小米")}
    assert rivals["apple"]["shared"] == 2 and rivals["apple"]["platforms"] == ["JD Mall", "Tmall"]
    assert rivals["vivo"]["direct_competitor"] is False and rivals["oppo"]["direct_competitor"] is True
    sellers = [r["seller_id"] for r in rows_of(qstore, "platform_sellers", platform="天猫")]
    assert sellers == ["apple", "oppo", "vivo", "xiaomi"]
    sells = {r["platform_id"]: r["other_sellers"] for r in rows_of(qstore, "sells_on", entity="Xiaomi")}
    assert sells == {"jd_mall": 2, "tmall": 3}


def test_investors_portfolio_timeline(qstore: GraphStore) -> None:
    inv = [(r["relation"], r["investor_id"]) for r in rows_of(qstore, "investors", entity="京东")]
    assert inv == [("INVESTS_IN", "hillhouse"), ("INVESTS_IN", "tencent")]
    port = [(r["relation"], r["target_id"]) for r in rows_of(qstore, "portfolio", entity="腾讯")]
    assert port == [("INVESTS_IN", "jd"), ("INVESTS_IN", "meituan"), ("INVESTS_IN", "pdd_holdings"),
                    ("ACQUIRES", "jd_mall")]
    timeline = rows_of(qstore, "deals_timeline")
    dates = [r["first_reported"] for r in timeline]
    assert dates == sorted(dates) and dates[0] == "2014-03-10"
    tencent_jd = next(r for r in timeline if (r["source_id"], r["target_id"]) == ("tencent", "jd"))
    assert tencent_jd["first_reported"] == "2014-03-10" and tencent_jd["articles"] == 2


def test_people_and_events(qstore: GraphStore) -> None:
    people = {r["person_id"]: r["role"] for r in rows_of(qstore, "people", entity="小米集团")}
    assert people == {"lei_jun": "founder and CEO", "lu_weibing": "president"}
    events = rows_of(qstore, "event_participants", event="Double 11")
    assert {r["participant_id"] for r in events} == {"alibaba", "samr", "tmall", "xiaomi"}
    everything = rows_of(qstore, "event_participants")
    assert {r["event_id"] for r in everything} == {"double_11", "fest_618"}


def test_ownership(qstore: GraphStore) -> None:
    tree = [(r["depth"], r["owner_id"], r["owned_id"]) for r in rows_of(qstore, "ownership_tree",
                                                                         entity="阿里巴巴", depth=3)]
    assert (1, "alibaba", "ant_group") in tree and (2, "ant_group", "alipay") in tree
    assert [d for d, _, _ in tree] == sorted(d for d, _, _ in tree)
    shallow = rows_of(qstore, "ownership_tree", entity="Alibaba", depth=1)
    assert {r["depth"] for r in shallow} == {1} and "alipay" not in {r["owned_id"] for r in shallow}
    owners = [(r["owner_id"], r["levels"]) for r in rows_of(qstore, "owners", entity="支付宝")]
    assert owners == [("ant_group", 1), ("alibaba", 2)]


def test_paths_and_neighbourhood(qstore: GraphStore) -> None:
    paths = rows_of(qstore, "shortest_path", source="小米", target="Alipay")
    assert {r["hops"] for r in paths} == {4} and len(paths) == 2
    assert paths[1]["path_ids"] == ["xiaomi", "tmall", "alibaba", "ant_group", "alipay"]
    assert paths[1]["relations"] == ["SELLS_ON", "OWNS", "OWNS", "OWNS"]
    # parallel relations are separate paths, ordered by their types
    twin = rows_of(qstore, "shortest_path", source="Alibaba", target="饿了么")
    assert [r["relations"] for r in twin] == [["ACQUIRES"], ["OWNS"]]
    assert rows_of(qstore, "shortest_path", source="Xiaomi", target="Xiaomi") == []
    near = {r["neighbour_id"]: r["hops"] for r in rows_of(qstore, "neighbourhood", entity="Xiaomi", depth=1)}
    assert near["huawei"] == 1 and "alibaba" not in near and "xiaomi" not in near
    two = {r["neighbour_id"]: r["hops"] for r in rows_of(qstore, "neighbourhood", entity="Xiaomi", depth=2)}
    assert two["alibaba"] == 2 and two["huawei"] == 1 and set(near) < set(two)


def test_rankings(qstore: GraphStore) -> None:
    top = rows_of(qstore, "most_connected", label="Company", n=3)
    assert [r["entity_id"] for r in top] == ["xiaomi", "alibaba", "apple"] and top[0]["degree"] == 12
    pr = rows_of(qstore, "pagerank", label="", n=50)
    assert pr[0]["entity_id"] == "xiaomi"
    assert sum(r["pagerank"] for r in pr) == pytest.approx(1.0, abs=1e-4)
    assert [r["kind"] for r in rows_of(qstore, "pagerank", label="Person")] == ["Person"] * 4


def test_evidence_queries(qstore: GraphStore) -> None:
    weak = rows_of(qstore, "weak_edges", max_articles=1)
    assert weak and all(len(r["articles"]) == 1 for r in weak)
    assert ("apple", "COMPETES_WITH", "xiaomi") in {(r["source_id"], r["relation"], r["target_id"]) for r in weak}
    multi = rows_of(qstore, "multilingual_edges", min_languages=2)
    assert all(len(r["languages"]) >= 2 for r in multi)
    assert ("huawei", "COMPETES_WITH", "xiaomi") in {(r["source_id"], r["relation"], r["target_id"])
                                                      for r in multi}
    assert rows_of(qstore, "multilingual_edges", min_languages=3) == []
    ev = rows_of(qstore, "edge_evidence", source="Xiaomi", target="雷军")
    assert [(r["relation"], r["n"], r["lang"], r["article"]) for r in ev] == [
        ("INVESTS_IN", 1, "zh", "art01"), ("WORKS_AT", 1, "zh", "art01"), ("WORKS_AT", 2, "en", "art02")]
    assert ev[0]["source_id"] == "lei_jun" and ev[2]["date"] == "2023-11-02"
    arts = rows_of(qstore, "entity_articles", entity="Xiaomi")
    assert [r["article"] for r in arts] == ["art02", "art01", "art04", "art05"]


def test_entities_by_label(qstore: GraphStore) -> None:
    people = rows_of(qstore, "entities_by_label", label="Person")
    assert [r["name"] for r in people] == ["Eddie Wu", "Lei Jun", "Lu Weibing", "Ren Zhengfei"]
    assert rows_of(qstore, "entities_by_label", label="Nothing") == []


INJECTIONS = [
    "x' OR 1=1 //",
    "xiaomi\"}) DETACH DELETE x //",
    "') MATCH (n) DETACH DELETE n RETURN 1 //",
    "$entity_key",
    "小米' UNION MATCH (n) RETURN n.id AS entity_id //",
    "\u202eimoaix",
    "x" * 10_000,
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_params_cannot_inject(qstore: GraphStore, value: str) -> None:
    before = (len(qstore.all_entities()), len(qstore.all_relations()))
    for name in ("lookup", "competitors", "shortest_path", "event_participants", "deals_timeline"):
        q = next(q for q in QUERIES if q.name == name)
        params = {p.name: value for p in q.params if p.type == "str"}
        _, rows = run_query(qstore, name, params)
        assert rows == [] or name in ("deals_timeline",) and value == "", (name, value, rows)
    assert (len(qstore.all_entities()), len(qstore.all_relations())) == before


def test_numeric_params_bounded(qstore: GraphStore) -> None:
    with pytest.raises(ValueError):
        run_query(qstore, "most_connected", {"n": "5 UNION MATCH (n) RETURN n"})
    assert len(run_query(qstore, "most_connected", {"n": 10**9}, row_limit=3)[1]) == 3
    assert run_query(qstore, "most_connected", {"n": 0})[1] == []


def test_row_limit_and_unknown(qstore: GraphStore) -> None:
    _, rows = run_query(qstore, "weak_edges", {"max_articles": 5}, row_limit=4)
    assert len(rows) == 4
    with pytest.raises(ValueError, match="Unknown query"):
        run_query(qstore, "drop_everything", {})
    with pytest.raises(ValueError, match="no parameter 'q'"):
        run_query(qstore, "lookup", {"q": "x"})


def test_result_to_graph(qstore: GraphStore) -> None:
    columns, rows = run_query(qstore, "competitors", {"entity": "小米"})
    graph = result_to_graph(qstore, columns, rows)
    assert graph is not None
    assert {n["id"] for n in graph["nodes"]} == {"xiaomi", "huawei", "oppo", "apple"}
    edges = {(e["source"], e["type"], e["target"]) for e in graph["edges"]}
    assert ("huawei", "COMPETES_WITH", "xiaomi") in edges and ("apple", "COMPETES_WITH", "huawei") in edges
    columns, rows = run_query(qstore, "shortest_path", {"source": "Xiaomi", "target": "Alipay"})
    path_graph = result_to_graph(qstore, columns, rows)
    assert {"tmall", "double_11", "ant_group"} <= {n["id"] for n in path_graph["nodes"]}
    assert result_to_graph(qstore, ["n"], [[3]]) is None
    assert result_to_graph(qstore, ["entity_id"], [["not-there"]]) is None


def test_timeout_reported(qstore: GraphStore) -> None:
    with pytest.raises(StoreError, match="timeout"):
        qstore.run_read("UNWIND range(1, 2000000) AS i UNWIND range(1, 1000) AS j "
                        "WITH i, j WHERE (i * j) % 7 = 3 RETURN count(*) AS n", timeout_s=0.05)


@pytest.mark.neo4j
def test_stored_pagerank_equals_computed_on_both_stores(qembedded: GraphStore, qneo4j: GraphStore) -> None:
    from retailkg.graph.rankings import rankings_fresh, refresh_rankings

    params = {"label": "", "n": 100}
    computed = run_query(qembedded, "pagerank", params)
    for store in (qembedded, qneo4j):
        assert refresh_rankings(store) and rankings_fresh(store)
    for label in ("", "Company", "Person", "Event"):
        stored = run_query(qembedded, "pagerank", {"label": label, "n": 100})
        assert stored == run_query(qneo4j, "pagerank", {"label": label, "n": 100})
        assert stored[1] and all(not label or r[2] == label for r in stored[1])
    assert run_query(qembedded, "pagerank", params) == computed


@pytest.mark.neo4j
@pytest.mark.parametrize("name,params", [
    ("neighbourhood", {"entity": e, "depth": d}) for e in ("Xiaomi", "Alipay", "雷军") for d in (1, 2, 3)
] + [("ownership_tree", {"entity": "Alibaba", "depth": d}) for d in (1, 2, 4)]
  + [("owners", {"entity": e}) for e in ("Alipay", "Tmall")])
def test_bounded_searches_agree(qembedded: GraphStore, qneo4j: GraphStore, name: str, params: dict) -> None:
    embedded = run_query(qembedded, name, params)
    assert embedded[1] and embedded == run_query(qneo4j, name, params)


def test_neighbourhood_depths_nest(qstore: GraphStore) -> None:
    rings = [{r["neighbour_id"]: r["hops"] for r in rows_of(qstore, "neighbourhood", entity="Alipay", depth=d)}
             for d in (1, 2, 3)]
    assert set(rings[0]) < set(rings[1]) < set(rings[2])
    assert max(rings[2].values()) == 3 and all(rings[2][k] == v for k, v in rings[1].items())
    with pytest.raises(ValueError, match="between 1 and 3"):
        rows_of(qstore, "neighbourhood", entity="Alipay", depth=4)


@pytest.mark.neo4j
@pytest.mark.parametrize("query,param", [("weak_edges", "max_articles"), ("multilingual_edges", "min_languages")])
def test_ranked_edges_exact_for_every_limit(qembedded: GraphStore, qneo4j: GraphStore, query, param) -> None:
    """The embedded store cuts at a bound from a sample (a ``let`` section) before it sorts: the
    rows must still be exactly the first ones, for any limit, also where the sample decides."""
    columns, everything = run_query(qembedded, query, {param: 1, "limit": 1000})
    assert len(everything) > 6
    for limit in range(1, len(everything) + 2):
        embedded = run_query(qembedded, query, {param: 1, "limit": limit})
        assert embedded == (columns, everything[:limit]), limit
        assert run_query(qneo4j, query, {param: 1, "limit": limit}) == embedded, limit


def test_lookup_lists_every_bearer_and_respects_the_row_limit(qembedded: GraphStore) -> None:
    from retailkg.queries.catalog import match_entities, resolve_entities

    assert match_entities(qembedded, "Xiaomi") == resolve_entities(qembedded, "Xiaomi") == ["xiaomi"]
    assert match_entities(qembedded, "") == []
    _, labelled = run_query(qembedded, "entities_by_label", {"label": "Company"})
    _, first = run_query(qembedded, "entities_by_label", {"label": "Company"}, row_limit=3)
    assert len(labelled) > 3 and first == labelled[:3]


@pytest.mark.neo4j
def test_two_ended_shortest_paths_equal_the_cypher_search(qembedded: GraphStore, qneo4j: GraphStore) -> None:
    """The embedded store's search from both ends (queries/paths.py) finds exactly the paths of the
    one-ended Cypher variant and of Neo4j's allShortestPaths, for every pair of fixture entities."""
    from retailkg.queries.catalog import get_query, run_cypher

    query = get_query("shortest_path")
    _, ids = qembedded.run_read("MATCH (e:Entity) RETURN e.id ORDER BY e.id", row_limit=10_000)
    ids = [r[0] for r in ids]
    found = 0
    for i, source in enumerate(ids):
        for target in ids[i + 1:i + 8]:
            params = {"source": source, "target": target}
            two_ended = run_query(qembedded, "shortest_path", params)
            assert two_ended == run_cypher(qembedded, query, params), params
            assert two_ended == run_query(qneo4j, "shortest_path", params), params
            found += len(two_ended[1]) > 1  # several shortest paths between the two
    assert found > 3


def test_neighbourhood_stops_at_a_depth_that_fills_the_row_limit(qembedded: GraphStore) -> None:
    """The embedded store runs the query one hop shallower first where that may fill the row limit
    (queries/neighbourhood.py): the rows must be the first rows of the full search for any limit."""
    from retailkg.queries.catalog import get_query, run_cypher

    query = get_query("neighbourhood")
    _, ids = qembedded.run_read("MATCH (e:Entity) RETURN e.id ORDER BY e.id", row_limit=10_000)
    for (entity,) in ids:
        for depth in (2, 3):
            params = {"entity": entity, "depth": depth}
            _, deep = run_cypher(qembedded, query, params)
            for limit in sorted({1, 2, 3, 5, 8, 13, len(deep) - 1, len(deep), len(deep) + 5} - {0, -1}):
                assert run_query(qembedded, "neighbourhood", params, row_limit=limit)[1] == deep[:limit], \
                    (entity, depth, limit)
    _, xiaomi = run_query(qembedded, "neighbourhood", {"entity": "Xiaomi", "depth": 3})
    assert {r[4] for r in xiaomi} == {1, 2, 3}


def test_walk_counts_bound_the_near_neighbourhood(qembedded: GraphStore) -> None:
    """The shallower search is skipped only when the walks from the centre are fewer than the
    limit: then the entities within that depth are fewer too (and with as many walks, it runs)."""
    import time

    from retailkg.queries.neighbourhood import WALKS, may_fill

    _, ids = qembedded.run_read("MATCH (e:Entity) RETURN e.id ORDER BY e.id", row_limit=10_000)
    deadline = time.monotonic() + 60
    skipped = 0
    for (entity,) in ids:
        for depth in (1, 2):
            near = len(run_query(qembedded, "neighbourhood", {"entity": entity, "depth": depth}, row_limit=10_000)[1])
            walks = sum(qembedded.run_read(WALKS[h], {"id": entity})[1][0][0] for h in range(1, depth + 1))
            assert walks >= near
            for limit in (1, near, near + 1, walks, walks + 1):
                assert may_fill(qembedded, [entity], depth, limit, deadline) == (walks >= limit)
                skipped += walks < limit
    assert skipped
