"""Hostile queries: every write or admin attempt is refused by both stores, by ``retailkg cypher``
and by the web console, and the graph is unchanged afterwards; long queries stop at the timeout
and results are capped at the row limit.

The stores here are opened READ-WRITE (the ``store`` fixture), so ``retailkg.graph.readonly`` is
the only defence on the embedded store: an attack that gets past it would really write.
Set ``RETAILKG_RELIABILITY_REPORT=DIR`` to write what each attempt got to DIR/readonly-*.json
(``docs/reliability.md`` is made from it).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from retailkg.cli.main import cli
from retailkg.graph.nodelink import export_store
from retailkg.graph.records import ArticleRecord, EntityRecord, EvidenceRecord, RelationRecord
from retailkg.graph.store import GraphStore, ReadOnlyViolation, StoreError

FILLER = 400  # entities: a 3-way cartesian product over them runs far longer than the timeout

# (name, query). Each must be refused; none may change the graph.
ATTACKS: list[tuple[str, str]] = [
    ("create node", "CREATE (n:Entity {id: 'hacked'}) RETURN n"),
    ("merge node", "MERGE (n:Entity {id: 'hacked'}) RETURN n"),
    ("set property", "MATCH (n:Entity) SET n.name = 'hacked' RETURN n"),
    ("delete", "MATCH (n:Article) DELETE n"),
    ("detach delete", "MATCH (n) DETACH DELETE n"),
    ("remove property", "MATCH (n:Entity) REMOVE n.name RETURN n"),
    ("foreach", "MATCH (n:Entity) WITH collect(n) AS ns FOREACH (x IN ns | SET x.name = 'h')"),
    ("lowercase", "match (n:Entity) set n.name = 'hacked' return n"),
    ("mixed case", "MaTcH (n:Entity) DeTaCh DeLeTe n"),
    ("two statements", "MATCH (n) RETURN n; CREATE (m:Entity {id: 'hacked'})"),
    ("empty statement between", "MATCH (n) RETURN n;;CREATE (m:Entity {id: 'hacked'})"),
    ("keyword after block comment", "MATCH (n) /* just reading */ CREATE (m:Entity {id: 'hacked'})"),
    ("quote inside block comment", "MATCH (n:Article) /* ' */ SET n.title = 'hacked' /* ' */ RETURN n"),
    ("quote inside line comment", "MATCH (n:Article) // it's fine\nSET n.title = 'hacked' RETURN 'x'"),
    ("line comment ended by CR", "MATCH (n:Article) // note\rSET n.title = 'hacked' RETURN n"),
    ("quote inside backticks", "MATCH (n:Article) WITH n, 'x' AS `q'` SET n.title = 'hacked' RETURN n //'"),
    ("backslash-escaped quote", "RETURN '\\' CREATE (m:Entity {id: 'hacked'}) //' AS x"),
    ("comment markers in strings", "RETURN \"/*\" AS a CREATE (m:Entity {id: 'hacked'}) RETURN '*/' AS b"),
    ("full-width letters", "MATCH (n) ＣＲＥＡＴＥ (m:Entity {id: 'hacked'})"),
    ("mathematical bold letters", "MATCH (n) 𝐂𝐑𝐄𝐀𝐓𝐄 (m:Entity {id: 'hacked'})"),
    ("zero-width joiner in keyword", "MATCH (n) CRE\u200dATE (m:Entity {id: 'hacked'})"),
    ("zero-width space before keyword", "MATCH (n)\u200b DELETE n"),
    ("right-to-left override", "MATCH (n) \u202eETELED n"),
    ("Cyrillic homoglyph", "MATCH (n) \u0421REATE (m:Entity {id: 'hacked'})"),
    ("CALL subquery", "CALL { CREATE (m:Entity {id: 'hacked'}) } RETURN 1"),
    ("scoped CALL subquery", "MATCH (n:Entity) CALL (n) { SET n.name = 'hacked' } RETURN count(*)"),
    ("CALL IN TRANSACTIONS", "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS RETURN 1"),
    ("CALL dbms", "CALL dbms.security.createUser('eve', 'secret', false)"),
    ("CALL dbms.killQueries", "CALL dbms.killQueries(['query-1'])"),
    ("CALL apoc", "CALL apoc.create.node(['Hacked'], {id: 'hacked'})"),
    ("CALL apoc periodic", "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})"),
    ("CALL db.createLabel", "CALL db.createLabel('Hacked')"),
    ("CALL db.clearQueryCaches", "CALL db.clearQueryCaches()"),
    ("allowed CALL then write", "CALL db.labels() YIELD label CREATE (m:Entity {id: label})"),
    ("CALL Ladybug setting", "CALL threads=1"),
    ("LOAD CSV", "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row"),
    ("USING PERIODIC COMMIT", "USING PERIODIC COMMIT 10 LOAD CSV FROM 'file:///x.csv' AS r CREATE (n {x: r})"),
    ("CREATE INDEX", "CREATE INDEX hacked FOR (n:Entity) ON (n.origin)"),
    ("CREATE CONSTRAINT", "CREATE CONSTRAINT hacked FOR (n:Entity) REQUIRE n.name IS UNIQUE"),
    ("DROP INDEX", "DROP INDEX entity_name"),
    ("DROP CONSTRAINT", "DROP CONSTRAINT entity_id"),
    ("DROP TABLE (Ladybug)", "DROP TABLE Article"),
    ("ALTER TABLE (Ladybug)", "ALTER TABLE Entity ADD hacked STRING"),
    ("COPY FROM (Ladybug)", "COPY Entity FROM '/tmp/hacked.csv'"),
    ("COPY TO (Ladybug)", "COPY (MATCH (n:Entity) RETURN n.id) TO '/tmp/leak.csv'"),
    ("ATTACH (Ladybug)", "ATTACH '/tmp/other.lbug' AS other (dbtype lbug)"),
    ("INSTALL extension (Ladybug)", "INSTALL httpfs"),
    ("LOAD EXTENSION (Ladybug)", "LOAD EXTENSION httpfs"),
    ("EXPORT DATABASE (Ladybug)", "EXPORT DATABASE '/tmp/leak'"),
    ("IMPORT DATABASE (Ladybug)", "IMPORT DATABASE '/tmp/leak'"),
    ("BEGIN TRANSACTION", "BEGIN TRANSACTION"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("SHOW USERS", "SHOW USERS"),
    ("USE system", "USE system CREATE USER eve SET PASSWORD 'secret'"),
    ("ALTER USER", "ALTER USER neo4j SET PASSWORD 'owned'"),
    ("GRANT", "GRANT ALL ON DATABASE * TO PUBLIC"),
    ("STOP DATABASE", "STOP DATABASE neo4j"),
    ("TERMINATE TRANSACTIONS", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'"),
    ("empty query", "   "),
    ("oversized query", "MATCH (n) RETURN n // " + "x" * 25_000),
]


def _seed(store: GraphStore, filler: int = 0) -> None:
    entities = [
        EntityRecord("tencent", "Tencent", "Company", ["Tencent", "腾讯"], ["en", "zh"], ["tencent", "腾讯"], "kb"),
        EntityRecord("jd-com", "JD.com", "Company", ["JD.com", "京东"], ["en", "zh"], ["jdcom", "京东"], "kb"),
        EntityRecord("pony-ma", "Pony Ma", "Person", ["Pony Ma", "马化腾"], ["en", "zh"], ["ponyma"], "kb"),
    ]
    entities += [EntityRecord(f"filler-{i:04d}", f"Filler {i}", "Company", [f"Filler {i}"], ["en"],
                              [f"filler{i}"], "text") for i in range(filler)]
    text = "Tencent invested in JD.com in 2014. Pony Ma founded Tencent."
    article = ArticleRecord(id="a1", text=text, title="Tencent and JD.com", lang="en", path="a1.txt")
    relations = [
        RelationRecord("tencent", "INVESTS_IN", "jd-com",
                       [EvidenceRecord("a1", text[:34], "en", 0, 34, 0.8)]),
        RelationRecord("pony-ma", "WORKS_AT", "tencent",
                       [EvidenceRecord("a1", text[35:], "en", 35, len(text), 0.7)], role="founder"),
    ]
    store.write([article], entities, relations)


def _snapshot(store: GraphStore) -> dict[str, Any]:
    data = export_store(store)
    data["articles"] = [(a.id, a.text, a.title, a.path) for a in store.all_articles()]
    return data


def _report(name: str, rows: list[dict[str, Any]]) -> None:
    out = os.environ.get("RETAILKG_RELIABILITY_REPORT")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        Path(out, f"readonly-{name}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1),
                                                       encoding="utf-8")


def test_there_are_enough_attacks() -> None:
    assert len(ATTACKS) >= 30
    assert len({name for name, _ in ATTACKS}) == len(ATTACKS)


def test_run_read_refuses_every_attack(store: GraphStore) -> None:
    _seed(store)
    before = _snapshot(store)
    got_through, rows = [], []
    for name, query in ATTACKS:
        try:
            store.run_read(query, timeout_s=5)
        except ReadOnlyViolation as exc:
            rows.append({"attack": name, "query": query[:120], "result": "refused by the read-only check",
                         "message": str(exc)})
        except StoreError as exc:
            rows.append({"attack": name, "query": query[:120], "result": "refused by the engine",
                         "message": str(exc)[:160]})
        else:
            got_through.append(name)
            rows.append({"attack": name, "query": query[:120], "result": "ACCEPTED", "message": ""})
    _report(f"run_read-{store.kind}", rows)
    assert not got_through, f"{store.kind}: accepted {got_through}"
    assert _snapshot(store) == before
    # Reads still work after all that.
    cols, result = store.run_read("MATCH (e:Entity) RETURN e.id AS id ORDER BY id")
    assert cols == ["id"] and [r[0] for r in result] == ["jd-com", "pony-ma", "tencent"]


def test_timeout_stops_a_long_query(store: GraphStore) -> None:
    _seed(store, filler=FILLER)
    started = time.monotonic()
    with pytest.raises(StoreError, match="timeout"):
        # A filter on every row: the engine cannot shortcut count(*) of a cartesian product.
        store.run_read("MATCH (a:Entity), (b:Entity), (c:Entity) WHERE a.name + b.name + c.name = 'x' "
                       "RETURN count(*) AS n", timeout_s=1)
    assert time.monotonic() - started < 15
    # The connection is usable afterwards, without the timeout.
    assert store.run_read("MATCH (e:Entity) RETURN count(e) AS n")[1][0][0] == FILLER + 3


def test_row_limit_caps_results(store: GraphStore) -> None:
    _seed(store, filler=50)
    cols, rows = store.run_read("MATCH (e:Entity) RETURN e.id AS id", row_limit=7)
    assert cols == ["id"] and len(rows) == 7
    _, rows = store.run_read("UNWIND range(1, 200000) AS x RETURN x", row_limit=10)
    assert len(rows) == 10
    _, rows = store.run_read("MATCH (a:Entity), (b:Entity) RETURN a.id, b.id", row_limit=25)
    assert len(rows) == 25


# -- retailkg cypher ---------------------------------------------------------------------------

@pytest.fixture(params=["embedded", "neo4j"])
def cli_store_args(request, tmp_path: Path) -> Any:
    """Store options for the CLI over a seeded graph, and a way to snapshot it afterwards."""
    if request.param == "embedded":
        from retailkg.graph.embedded import EmbeddedStore

        db = tmp_path / "db"
        s = EmbeddedStore(db)
        _seed(s)
        before = _snapshot(s)
        s.close()  # the CLI opens it read-only in this same process

        def after() -> dict[str, Any]:
            s2 = EmbeddedStore(db, read_only=True)
            try:
                return _snapshot(s2)
            finally:
                s2.close()
        return ["--db", str(db)], before, after
    from retailkg.graph.neo4j_store import neo4j_config_from_env

    s = request.getfixturevalue("neo4j_store")  # skips (fails under CI=true) without Neo4j
    settings = neo4j_config_from_env()
    _seed(s)
    args = ["--store", "neo4j", "--neo4j-uri", settings["uri"], "--neo4j-user", settings["user"],
            "--neo4j-password", settings["password"], "--neo4j-database", settings["database"]]
    return args, _snapshot(s), lambda: _snapshot(s)


def test_cypher_cli_refuses_every_attack(cli_store_args: Any) -> None:
    args, before, after = cli_store_args
    runner = CliRunner()
    accepted = []
    for name, query in ATTACKS:
        res = runner.invoke(cli, ["cypher", query, *args, "--timeout", "5"])
        out = (res.output or "") + (getattr(res, "stderr", "") or "")
        if res.exit_code == 0:
            accepted.append(name)
            continue
        assert res.exception is None or isinstance(res.exception, SystemExit), (name, res.exception)
        assert "Traceback" not in out, name
        assert out.lstrip().startswith("Error"), (name, out)  # one message (a parse error may add a caret)
    assert not accepted, accepted
    assert after() == before
    res = runner.invoke(cli, ["cypher", "MATCH (e:Entity) RETURN count(e) AS n", *args, "--format", "json"])
    assert res.exit_code == 0, res.output


# -- web console -------------------------------------------------------------------------------

def test_web_console_refuses_every_attack(store: GraphStore) -> None:
    from retailkg.web import create_app

    _seed(store)
    before = _snapshot(store)
    app = create_app({"STORE": store, "ROW_LIMIT": 20, "TIMEOUT_S": 5.0})
    client = app.test_client()
    accepted = []
    for name, query in ATTACKS:
        resp = client.post("/api/cypher", json={"query": query})
        if resp.status_code == 200:
            accepted.append(name)
            continue
        assert resp.status_code in (400, 413), (name, resp.status_code)
        body = resp.get_json()
        assert isinstance(body, dict) and body.get("error"), (name, body)
        assert "Traceback" not in resp.get_data(as_text=True)
    assert not accepted, accepted
    assert _snapshot(store) == before
    ok = client.post("/api/cypher", json={"query": "MATCH (e:Entity) RETURN e.id AS id"})
    assert ok.status_code == 200 and len(ok.get_json()["rows"]) == 3
