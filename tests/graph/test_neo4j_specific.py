"""What only the Neo4j store has: schema, full-text search, errors, sync and atomic writes."""

from __future__ import annotations

import json
import socket
import time

import neo4j
import pytest
from click.testing import CliRunner
from neo4j_env import neo4j_settings
from test_store_contract import art, base_delta, deltas, ent, rel

from retailkg.graph.embedded import EmbeddedStore
from retailkg.graph.merge import apply_delta
from retailkg.graph.neo4j_store import FULLTEXT_INDEX, Neo4jStore
from retailkg.graph.nodelink import export_store
from retailkg.graph.records import EvidenceRecord, GraphDelta, RelationRecord
from retailkg.graph.store import StoreError


def raw_driver() -> neo4j.Driver:
    cfg = neo4j_settings()
    return neo4j.GraphDatabase.driver(cfg["uri"], auth=(cfg["user"], cfg["password"]))


def raw_rows(query: str) -> list[dict]:
    cfg = neo4j_settings()
    with raw_driver() as driver:
        records, _, _ = driver.execute_query(query, database_=cfg["database"])
        return [r.data() for r in records]


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_constraints_and_indexes_exist(neo4j_store: Neo4jStore) -> None:
    constraints = raw_rows("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties")
    uniques = {(c["labelsOrTypes"][0], tuple(c["properties"])) for c in constraints
               if c["type"] in ("UNIQUENESS", "NODE_PROPERTY_UNIQUENESS")}
    assert ("Entity", ("id",)) in uniques
    assert ("Article", ("id",)) in uniques
    indexes = {i["name"]: i for i in raw_rows(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options, state")}
    name_index = [i for i in indexes.values() if i["type"] == "RANGE"
                  and i["labelsOrTypes"] == ["Entity"] and i["properties"] == ["name"]]
    assert name_index, indexes
    ft = indexes[FULLTEXT_INDEX]
    assert ft["type"] == "FULLTEXT" and ft["labelsOrTypes"] == ["Entity"]
    assert sorted(ft["properties"]) == ["aliases", "name"]
    assert ft["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"


def test_entity_ids_are_unique_in_the_database(neo4j_store: Neo4jStore) -> None:
    apply_delta(neo4j_store, base_delta())
    with raw_driver() as driver, pytest.raises(neo4j.exceptions.ConstraintError):
        driver.execute_query("CREATE (:Entity {id: 'jd'})", database_=neo4j_settings()["database"])


def test_fulltext_finds_entity_by_chinese_alias(neo4j_store: Neo4jStore) -> None:
    for d in deltas():
        apply_delta(neo4j_store, d)
    raw_rows("CALL db.awaitIndexes(60)")
    q = f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $q) YIELD node, score RETURN node.id AS id"
    for term, expected in [("拼多多", "pdd"), ("天猫", "tmall"), ("京东集团", "jd"), ("Alibaba", "alibaba")]:
        _, rows = neo4j_store.run_read(q, {"q": term})
        assert rows and rows[0][0] == expected, (term, rows)
    _, rows = neo4j_store.run_read(q, {"q": "亚马逊"})
    assert rows == []


def test_labels_follow_the_ontology_label(neo4j_store: Neo4jStore) -> None:
    apply_delta(neo4j_store, GraphDelta(articles=[art("b1")], entities=[ent("taobao", "Taobao", label="Product")]))
    apply_delta(neo4j_store, GraphDelta(articles=[art("b2")],
                                        entities=[ent("taobao", "Taobao", label="Platform", origin="kb")]))
    _, rows = neo4j_store.run_read("MATCH (e:Entity {id: 'taobao'}) RETURN labels(e) AS l")
    assert sorted(rows[0][0]) == ["Entity", "Platform"]
    _, rows = neo4j_store.run_read("MATCH (e:Product) RETURN count(e)")
    assert rows == [[0]]


def test_run_read_returns_plain_json_values(neo4j_store: Neo4jStore) -> None:
    apply_delta(neo4j_store, base_delta())
    cols, rows = neo4j_store.run_read(
        "MATCH p = (a:Entity {id: 'liu'})-[r:WORKS_AT]->(b:Entity) RETURN a, r, p, date('2024-06-18') AS d")
    assert cols == ["a", "r", "p", "d"]
    node, edge, path, day = rows[0]
    assert node["id"] == "liu" and sorted(node["_labels"]) == ["Entity", "Person"]
    assert edge["_type"] == "WORKS_AT" and edge["_start"] == "liu" and edge["_end"] == "jd"
    assert edge["ev_sentence"] == ["Richard Liu works at JD.com."] and edge["role"] == "founder"
    assert [n["id"] for n in path["nodes"]] == ["liu", "jd"]
    assert path["relationships"][0]["_type"] == "WORKS_AT"
    assert day == "2024-06-18"
    json.dumps(rows)  # serialisable as is


def test_run_read_timeout_is_enforced(neo4j_store: Neo4jStore) -> None:
    t0 = time.monotonic()
    with pytest.raises(StoreError, match="timeout"):
        neo4j_store.run_read("UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(x)",
                             timeout_s=0.5)
    assert time.monotonic() - t0 < 20


def test_unreachable_server_gives_help_quickly() -> None:
    port = closed_port()
    t0 = time.monotonic()
    with pytest.raises(StoreError) as info:
        Neo4jStore(f"bolt://127.0.0.1:{port}", "neo4j", "x", retries=2, backoff_s=0.1)
    assert time.monotonic() - t0 < 15
    msg = str(info.value)
    assert "scripts/neo4j-local start" in msg and "docker compose up -d neo4j" in msg
    assert "NEO4J_URI" in msg and "NEO4J_PASSWORD" in msg and str(port) in msg


def test_bad_password_is_reported() -> None:
    cfg = neo4j_settings()
    with pytest.raises(StoreError, match="rejected the credentials"):
        Neo4jStore(cfg["uri"], cfg["user"], cfg["password"] + "-wrong", cfg["database"], retries=0)


def test_read_only_store_refuses_writes(neo4j_store: Neo4jStore) -> None:
    cfg = neo4j_settings()
    ro = Neo4jStore(**cfg, read_only=True)
    try:
        with pytest.raises(StoreError, match="read-only"):
            ro.write([art("x")], [], [])
        assert ro.existing_articles(["x"]) == set()
    finally:
        ro.close()


def test_failed_write_leaves_nothing_behind(neo4j_store: Neo4jStore) -> None:
    apply_delta(neo4j_store, base_delta())
    before = export_store(neo4j_store)
    store = Neo4jStore(**neo4j_settings(), batch_size=1000)
    try:
        entities = [ent(f"bulk{i:05d}", f"Bulk {i}") for i in range(2500)]  # 3 UNWIND chunks
        good = [rel(f"bulk{i:05d}", "PARTNERS_WITH", f"bulk{i + 1:05d}", "zz", "ok") for i in range(1500)]
        # a list of maps is not a valid property value: the server fails inside the transaction,
        # after the entity chunks and the first relation chunk have been executed
        poison = RelationRecord("bulk00000", "OWNS", "bulk00001", [EvidenceRecord(
            "zz", {"not": "a string"}, "en", 0, 1, 0.5)])  # type: ignore[arg-type]
        with pytest.raises(StoreError, match="rolled back"):
            store.write([art("zz")], entities, [*good, poison])
    finally:
        store.close()
    assert neo4j_store.existing_articles(["zz"]) == set()
    assert not neo4j_store.fetch_entities(["bulk00000", "bulk02499"])
    assert export_store(neo4j_store) == before
    assert raw_rows("MATCH (n) RETURN count(n) AS n")[0]["n"] == 4 + 1


def test_sync_round_trip_through_the_cli(tmp_path, neo4j_store: Neo4jStore) -> None:
    from retailkg.cli.main import cli

    src_dir, dst_dir = tmp_path / "src", tmp_path / "dst"
    src = EmbeddedStore(src_dir)
    for d in deltas():
        apply_delta(src, d)
    expected, articles = export_store(src), src.all_articles()
    src.close()
    apply_delta(neo4j_store, GraphDelta(articles=[art("stale")], entities=[ent("stale", "Stale")]))

    cfg = neo4j_settings()
    env = {"NEO4J_URI": cfg["uri"], "NEO4J_USER": cfg["user"], "NEO4J_PASSWORD": cfg["password"],
           "NEO4J_DATABASE": cfg["database"]}
    runner = CliRunner()
    out = runner.invoke(cli, ["sync", "--to", "neo4j", "--db", str(src_dir)], env=env)
    assert out.exit_code == 0, out.output
    assert "6 entities" in out.output and "5 relation(s)" in out.output
    assert export_store(neo4j_store) == expected  # stale data replaced
    assert neo4j_store.all_articles() == articles

    out = runner.invoke(cli, ["sync", "--to", "embedded", "--db", str(dst_dir)], env=env)
    assert out.exit_code == 0, out.output
    dst = EmbeddedStore(dst_dir, read_only=True)
    try:
        assert export_store(dst) == expected
        assert dst.all_articles() == articles
    finally:
        dst.close()


def test_sync_to_unreachable_neo4j_is_a_clean_cli_error(tmp_path) -> None:
    from retailkg.cli.main import cli

    src = EmbeddedStore(tmp_path / "src")
    apply_delta(src, base_delta())
    src.close()
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{closed_port()}", "NEO4J_PASSWORD": "x"}
    out = CliRunner().invoke(cli, ["sync", "--to", "neo4j", "--db", str(tmp_path / "src")], env=env)
    assert out.exit_code == 1
    assert "scripts/neo4j-local start" in out.output
    assert "Traceback" not in out.output
