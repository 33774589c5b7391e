"""``retailkg query`` and ``retailkg cypher`` through click's CliRunner, on real stores."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from retailkg.cli.main import cli
from retailkg.graph.embedded import EmbeddedStore
from retailkg.queries.catalog import list_queries

from .fixture_graph import ENTITIES, load_fixture


@pytest.fixture(scope="module")
def db_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An embedded graph directory holding the fixture graph, closed so the CLI can open it."""
    path = tmp_path_factory.mktemp("cli") / "graph"
    store = EmbeddedStore(path)
    load_fixture(store)
    store.close()
    return str(path)


@pytest.fixture(params=["embedded", "neo4j"])
def store_args(request: pytest.FixtureRequest, db_dir: str) -> list[str]:
    """CLI flags naming each store (Neo4j through the NEO4J_* environment)."""
    if request.param == "neo4j":
        request.getfixturevalue("qneo4j")  # loads the fixture graph, or skips without a server
        return ["--store", "neo4j"]
    return ["--store", "embedded", "--db", db_dir]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_list() -> None:
    code, out, _ = run("query", "--list")
    assert code == 0
    for q in list_queries():
        assert q.name in out and q.title in out
    assert run("query")[1] == out  # no name: the list too


def test_table(store_args: list[str]) -> None:
    code, out, _ = run("query", "competitors", "--param", "entity=小米", *store_args)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].split() == ["entity_id", "entity", "competitor_id", "competitor", "kind", "confidence",
                                "evidence"]
    assert lines[2].split()[2] == "huawei" and lines[-1] == "(3 rows)"


def test_json_and_csv_agree(store_args: list[str]) -> None:
    code, out, _ = run("query", "shortest_path", "-p", "source=millet", "-p", "target=支付宝",
                       "--format", "json", *store_args)
    assert code == 0, out
    data = json.loads(out)
    assert data["columns"][:3] == ["source_id", "target_id", "hops"]
    assert [r["hops"] for r in data["rows"]] == [4, 4]
    code, out, _ = run("query", "shortest_path", "-p", "source=millet", "-p", "target=支付宝",
                       "--format", "csv", *store_args)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [json.loads(r["path_ids"]) for r in rows] == [r["path_ids"] for r in data["rows"]]
    assert rows[0]["path"] == data["rows"][0]["path"]


def test_limit(store_args: list[str]) -> None:
    code, out, _ = run("query", "weak_edges", "--limit", "3", "--format", "json", *store_args)
    assert code == 0 and len(json.loads(out)["rows"]) == 3
    code, out, _ = run("query", "weak_edges", "--limit", "3", *store_args)
    assert "stopped at the --limit of 3" in out


def test_bad_query_and_params(db_dir: str) -> None:
    code, _, err = run("query", "nope", "--db", db_dir)
    assert code == 2 and "Unknown query 'nope'" in err
    code, _, err = run("query", "lookup", "-p", "nam=x", "--db", db_dir)
    assert code == 2 and "no parameter 'nam'" in err
    code, _, err = run("query", "ownership_tree", "-p", "depth=deep", "--db", db_dir)
    assert code == 2 and "'depth' must be int" in err
    code, _, err = run("query", "lookup", "-p", "novalue", "--db", db_dir)
    assert code == 2 and "key=value" in err


def test_cypher_reads(store_args: list[str]) -> None:
    code, out, _ = run("cypher", "MATCH (e:Entity) WHERE e.kind = $k RETURN e.name AS name ORDER BY name "
                       "LIMIT $n", "-p", "k=Person", "-p", "n=2", "--format", "csv", *store_args)
    assert code == 0, out
    assert out.splitlines() == ["name", "Eddie Wu", "Lei Jun"]


@pytest.mark.parametrize("query", [
    "MATCH (n) DETACH DELETE n",
    "CREATE (:Entity {id: 'x'})",
    "MATCH (e:Entity) SET e.name = 'x' RETURN e",
    "MATCH (e:Entity) RETURN e.id AS id; MATCH (n) DELETE n",
    "CALL { MATCH (n) DETACH DELETE n }",
])
def test_cypher_refuses_writes(store_args: list[str], query: str) -> None:
    code, out, err = run("cypher", query, *store_args)
    assert code == 2 and ("Read-only" in err or "one statement" in err), (code, out, err)
    assert out == ""
    code, out, _ = run("cypher", "MATCH (e:Entity) RETURN count(e) AS n", "--format", "json", *store_args)
    assert json.loads(out)["rows"] == [{"n": len(ENTITIES)}]


def test_cypher_errors_exit_1(store_args: list[str]) -> None:
    code, _, err = run("cypher", "MATCH (e:Entity RETURN e", *store_args)
    assert code == 1 and "Query failed" in err
    code, _, err = run("cypher", "UNWIND range(1, 2000000) AS i UNWIND range(1, 1000) AS j "
                       "WITH i, j WHERE (i * j) % 7 = 3 RETURN count(*) AS n", "--timeout", "0.05",
                       *store_args)
    assert code == 1 and "timeout" in err


def test_missing_embedded_graph(tmp_path: Path) -> None:
    code, _, err = run("query", "lookup", "--db", str(tmp_path / "none"))
    assert code == 1 and "No graph" in err
