"""The viewer's JSON API over Neo4j answers like it does over the embedded store."""

from __future__ import annotations

import pytest

from retailkg.graph.embedded import EmbeddedStore
from retailkg.graph.neo4j_store import neo4j_config_from_env
from retailkg.graph.sync import sync
from retailkg.web import create_app

from .graphdata import build_graph


@pytest.fixture()
def both_apps(neo4j_store, tmp_path):
    """One app per store over the same graph (built embedded, copied into Neo4j)."""
    built = build_graph(tmp_path / "db")
    src = EmbeddedStore(built.path, read_only=True)
    try:
        sync(src, neo4j_store)
    finally:
        src.close()
    cfg = neo4j_config_from_env()
    neo = create_app({"STORE_KIND": "neo4j", "NEO4J_URI": cfg["uri"], "NEO4J_USER": cfg["user"],
                      "NEO4J_PASSWORD": cfg["password"], "NEO4J_DATABASE": cfg["database"]})
    emb = create_app({"DB": str(built.path)})
    yield emb.test_client(), neo.test_client()
    for app in (emb, neo):
        app.extensions["retailkg"].close()


def test_search_neighbourhood_and_edge_agree(both_apps):
    emb, neo = both_apps
    for q in ("小米", "millet", "Xiaomi"):
        a, b = emb.get(f"/api/search?q={q}").get_json(), neo.get(f"/api/search?q={q}").get_json()
        assert [r["id"] for r in b["results"]] == [r["id"] for r in a["results"]]
        assert b["results"][0]["id"] == "c-xiaomi"
    a = emb.get("/api/neighbourhood?id=c-xiaomi&depth=2").get_json()
    b = neo.get("/api/neighbourhood?id=c-xiaomi&depth=2").get_json()
    assert sorted(n["id"] for n in b["nodes"]) == sorted(n["id"] for n in a["nodes"])
    assert sorted((e["source"], e["type"], e["target"]) for e in b["edges"]) == \
        sorted((e["source"], e["type"], e["target"]) for e in a["edges"])


def test_console_reads_and_refuses_writes_on_neo4j(both_apps):
    _, neo = both_apps
    ok = neo.post("/api/cypher", json={"query": "MATCH (e:Entity) RETURN count(e) AS n"})
    assert ok.status_code == 200
    bad = neo.post("/api/cypher", json={"query": "MATCH (e:Entity) DETACH DELETE e"})
    assert bad.status_code >= 400
    after = neo.post("/api/cypher", json={"query": "MATCH (e:Entity) RETURN count(e) AS n"}).get_json()
    assert after["rows"] == ok.get_json()["rows"] and after["rows"][0][0] > 0
