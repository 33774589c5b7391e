"""The embedded store's bulk write path (COPY for new rows, SET for stored ones), on real LadybugDB.

``merge_write`` below is the write path the store had before the bulk path (one ``UNWIND … MERGE
… SET`` per table in one transaction); the tests check that the bulk path stores exactly what it
stored, and that a failed write still leaves nothing behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from retailkg.graph import embedded
from retailkg.graph.embedded import EmbeddedStore, _column_expr, copy_rows, table_columns
from retailkg.graph.nodelink import export_store
from retailkg.graph.records import ArticleRecord, EntityRecord, EvidenceRecord, RelationRecord
from retailkg.graph.schema import article_row, entity_row, relation_row, relation_types
from retailkg.graph.store import StoreError

AWKWARD = [
    "comma, separated, 值",
    'double "quoted" and ""doubled""',
    "single 'quoted' O'Reilly",
    "[bracketed, list-like]",
    "{brace: 1}",
    "line\nbreak\r\nand\ttab",
    "back\\slash \\n \\\" not escapes",
    "阿里巴巴（中国）有限公司，拼多多；京东",
    "emoji 🛒 ＦＵＬＬＷＩＤＴＨ",
    "",
    " leading and trailing spaces ",
    "NULL",
    "semi;colon|pipe\x1funit-separator",
]


def ent(eid: str, name: str = "", aliases: list[str] | None = None, label: str = "Company",
        origin: str = "text") -> EntityRecord:
    aliases = list(aliases or [])
    return EntityRecord(id=eid, name=name or eid, label=label, aliases=aliases,
                        alias_langs=["zh" if i % 2 else "en" for i in range(len(aliases))],
                        keys=[a.lower() for a in aliases], origin=origin)


def rel(s: str, rtype: str, t: str, sentences: list[str], article: str = "a1", role: str = "",
        start: int = 0) -> RelationRecord:
    evidence = [EvidenceRecord(article=article, sentence=x, lang="zh" if i % 2 else "en",
                               start=start + 100 * i, end=start + 100 * i + len(x), confidence=0.5 + i / 100)
                for i, x in enumerate(sentences)]
    return RelationRecord(source=s, type=rtype, target=t, evidence=evidence, role=role)


def art(aid: str, text: str = "text", title: str = "") -> ArticleRecord:
    return ArticleRecord(id=aid, text=text, title=title or f"title {aid}", url=f"https://example.com/{aid}",
                         date="2024-06-18", source="test", lang="zh", path=f"/data/{aid}.txt")


def merge_write(store: EmbeddedStore, articles: list[ArticleRecord], entities: list[EntityRecord],
                relations: list[RelationRecord]) -> None:
    """The former write path: ``UNWIND $rows … MERGE … SET`` every property, one transaction."""
    conn = store._conn

    def set_clause(var: str, row: dict[str, Any], skip: tuple[str, ...]) -> str:
        return ", ".join(f"{var}.{k} = row.{k}" for k in row if k not in skip)

    conn.execute("BEGIN TRANSACTION")
    if entities:
        rows = [entity_row(e) for e in entities]
        conn.execute(f"UNWIND $rows AS row MERGE (e:Entity {{id: row.id}}) SET {set_clause('e', rows[0], ('id',))}",
                     {"rows": rows})
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in relations:
        by_type.setdefault(r.type, []).append(relation_row(r))
    for rtype, rows in by_type.items():
        conn.execute(f"UNWIND $rows AS row MATCH (a:Entity {{id: row.s}}), (b:Entity {{id: row.t}}) "
                     f"MERGE (a)-[r:{rtype}]->(b) SET {set_clause('r', rows[0], ('s', 't'))}", {"rows": rows})
    if articles:
        rows = [article_row(a) for a in articles]
        conn.execute(f"UNWIND $rows AS row MERGE (a:Article {{id: row.id}}) SET {set_clause('a', rows[0], ('id',))}",
                     {"rows": rows})
    conn.execute("COMMIT")


def snapshot(store: EmbeddedStore) -> dict[str, Any]:
    """Everything stored, plus raw counts (a duplicate node or edge would show there)."""
    edges = sum(store._rows(f"MATCH ()-[r:{t}]->() RETURN count(r) AS n")[0]["n"] for t in relation_types())
    return {"entities": store.all_entities(), "relations": store.all_relations(),
            "articles": store.all_articles(), "export": export_store(store),
            "nodes": sum(store._rows(f"MATCH (n:{t}) RETURN count(n) AS n")[0]["n"] for t in ("Entity", "Article")),
            "edges": edges}


@pytest.fixture(autouse=True)
def copy_small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the COPY path, which the store only takes for large batches."""
    monkeypatch.setattr(embedded, "COPY_MIN_ROWS", 1)


@pytest.fixture
def bulk(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "bulk")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def reference(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "reference")
    try:
        yield store
    finally:
        store.close()


def first_batch() -> tuple[list[ArticleRecord], list[EntityRecord], list[RelationRecord]]:
    entities = [ent("jd", "JD.com", ["京东", "JD, Inc.", '"JD"']), ent("ali", "Alibaba", ["阿里巴巴"]),
                ent("pdd", "拼多多", []), ent("liu", "Richard Liu", ["刘强东"], label="Person")]
    relations = [rel("ali", "COMPETES_WITH", "jd", ["JD.com competes with Alibaba, again."]),
                 rel("liu", "WORKS_AT", "jd", ["刘强东是京东的创始人。"], role="founder"),
                 rel("ali", "COMPETES_WITH", "pdd", ["[x] vs \"y\""])]
    return [art("a1", "first\narticle, with \"quotes\"")], entities, relations


def second_batch() -> tuple[list[ArticleRecord], list[EntityRecord], list[RelationRecord]]:
    """Stored rows with new values, new rows, and edges whose endpoints are new in this batch."""
    entities = [ent("jd", "JD.com", ["京东", "JD, Inc.", '"JD"', "京东集团"], origin="kb"),  # stored
                ent("pdd", "Pinduoduo", ["拼多多", "PDD"], origin="kb"),  # stored, renamed
                ent("meituan", "美团", AWKWARD),  # new
                ent("wang", "王兴", ["Wang Xing"], label="Person")]  # new
    relations = [rel("ali", "COMPETES_WITH", "jd", ["JD.com competes with Alibaba, again.", *AWKWARD[:3]]),  # stored
                 rel("jd", "COMPETES_WITH", "meituan", AWKWARD, article="a2"),  # new, one end new
                 rel("wang", "WORKS_AT", "meituan", ["王兴创办了美团"], role="CEO", article="a2"),  # both ends new
                 rel("liu", "WORKS_AT", "jd", ["刘强东是京东的创始人。", "Richard Liu, founder"], role="founder"),
                 rel("jd", "INVESTS_IN", "ghost", ["an endpoint that is stored nowhere"])]  # skipped
    return [art("a1", "first\narticle, rewritten"), art("a2", "\n".join(AWKWARD), title=AWKWARD[1])], \
        entities, relations


def test_awkward_strings_and_lists_round_trip(bulk: EmbeddedStore) -> None:
    entities = [ent(f"e{i}", name=s, aliases=[s, *AWKWARD]) for i, s in enumerate(AWKWARD)]
    entities.append(ent("bare", "no aliases at all", []))
    relations = [rel(f"e{i}", "PARTNERS_WITH", f"e{i + 1}", [s, AWKWARD[-1 - i]], article=s)
                 for i, s in enumerate(AWKWARD[:-1])]
    relations.append(rel("bare", "OWNS", "e0", []))  # no evidence: every list empty
    articles = [art(f"a{i}", text=s, title=s) for i, s in enumerate(AWKWARD)]
    bulk.write(articles, entities, relations)

    assert bulk.fetch_entities([e.id for e in entities]) == {e.id: e for e in entities}
    assert bulk.all_relations() == sorted(relations, key=lambda r: r.key)
    assert bulk.all_articles() == sorted(articles, key=lambda a: a.id)


def test_only_empty_lists_in_a_batch(bulk: EmbeddedStore) -> None:
    entities = [ent("x", "X", []), ent("y", "Y", [])]
    relations = [rel("x", "OWNS", "y", [])]
    bulk.write([], entities, relations)
    assert bulk.all_entities() == entities
    assert bulk.all_relations() == relations


def test_mixed_new_and_stored_rows_equal_the_merge_path(bulk: EmbeddedStore, reference: EmbeddedStore) -> None:
    for batch in (first_batch(), second_batch()):
        bulk.write(*batch)
        merge_write(reference, *batch)
        assert snapshot(bulk) == snapshot(reference)
    got = snapshot(bulk)
    assert got["nodes"] == 6 + 2 and got["edges"] == 5
    assert bulk.fetch_entities(["pdd"])["pdd"].name == "Pinduoduo"
    assert not bulk.fetch_entities(["ghost"])


def test_writing_the_same_rows_again_changes_nothing(bulk: EmbeddedStore) -> None:
    for batch in (first_batch(), second_batch()):
        bulk.write(*batch)
    before = snapshot(bulk)
    bulk.write(*second_batch())
    assert snapshot(bulk) == before


def test_relations_whose_endpoints_are_new_in_the_same_batch(bulk: EmbeddedStore) -> None:
    bulk.write(*first_batch())
    entities = [ent(f"n{i}", f"New {i}", [f"新{i}"]) for i in range(50)]
    relations = [rel(f"n{i}", "PARTNERS_WITH", f"n{i + 1}", [f"n{i} partners with n{i + 1}"]) for i in range(49)]
    relations += [rel(f"n{i}", "SELLS_ON", "jd", [f"n{i} sells on JD"]) for i in range(0, 50, 7)]
    bulk.write([], entities, relations)
    stored = {r.key: r for r in bulk.all_relations()}
    for r in relations:
        assert stored[r.key] == r


def test_a_key_twice_in_one_batch_is_stored_once_last_wins(bulk: EmbeddedStore) -> None:
    bulk.write([], [ent("a", "first"), ent("b"), ent("a", "second")],
               [rel("a", "OWNS", "b", ["one"]), rel("a", "OWNS", "b", ["two"])])
    assert bulk.all_entities() == [ent("a", "second"), ent("b")]
    assert bulk.all_relations() == [rel("a", "OWNS", "b", ["two"])]
    assert snapshot(bulk)["edges"] == 1


def test_many_bulk_writes_in_one_process(bulk: EmbeddedStore) -> None:
    """Same-shaped COPY statements again and again (a cached COPY statement crashed ladybug 0.22)."""
    for i in range(12):
        bulk.write([art(f"a{i}")], [ent(f"e{i}a"), ent(f"e{i}b")], [rel(f"e{i}a", "OWNS", f"e{i}b", ["x"])])
    got = snapshot(bulk)
    assert (got["nodes"], got["edges"]) == (36, 12)


def failing_writes() -> list[tuple[str, Any]]:
    """Writes that fail late: after new entities and relations were copied and stored ones set."""
    articles, entities, relations = second_batch()
    bad_type = RelationRecord("jd", "NOT_A_RELATION", "ali", [EvidenceRecord("a2", "x", "en", 0, 1, 0.5)])
    bad_value = RelationRecord("jd", "ACQUIRES", "ali", [EvidenceRecord("a2", "x", "en", "nan", 1, 0.5)])  # type: ignore[arg-type]
    return [("unknown relation type", (articles, entities, [*relations, bad_type])),
            ("unconvertible value", (articles, entities, [*relations, bad_value]))]


@pytest.mark.parametrize("case", [name for name, _ in failing_writes()])
def test_a_failed_write_leaves_the_store_unchanged(tmp_path: Path, case: str) -> None:
    batch = dict(failing_writes())[case]
    store = EmbeddedStore(tmp_path / "g")
    try:
        store.write(*first_batch())
        before = snapshot(store)
        with pytest.raises((RuntimeError, ValueError)):
            store.write(*batch)
        assert snapshot(store) == before
        store.write(*second_batch())  # the connection is usable again, with no transaction left open
        after_retry = snapshot(store)
    finally:
        store.close()
    reopened = EmbeddedStore(tmp_path / "g")
    try:
        assert snapshot(reopened) == after_retry
        assert not reopened.existing_articles(["a2"]) - {"a2"}
    finally:
        reopened.close()


def test_columns_without_a_type_are_read_as_constants_or_left_to_set() -> None:
    assert _column_expr("c1", [[], ["x"]], "STRING[]") == "CAST($c1[i] AS STRING[])"
    assert _column_expr("c1", [None, "x"], "STRING") == "CAST($c1[i] AS STRING)"
    assert _column_expr("c1", [[], []], "STRING[]") == "CAST([] AS STRING[])"
    assert _column_expr("c1", [None, None], "STRING") == "CAST(NULL AS STRING)"
    assert _column_expr("c1", [[], None], "STRING[]") is None


def test_copy_declines_a_batch_it_cannot_type(bulk: EmbeddedStore) -> None:
    rows = [entity_row(ent("x")), entity_row(ent("y"))]
    rows[0]["aliases"], rows[1]["aliases"] = [], None
    assert copy_rows(bulk._conn, "Entity", table_columns(bulk._conn, "Entity"), rows, ()) is False
    assert bulk.all_entities() == []


def test_copy_refuses_rows_that_do_not_match_the_ddl(bulk: EmbeddedStore) -> None:
    row = entity_row(ent("x"))
    row["not_a_column"] = "?"
    with pytest.raises(StoreError, match="align the DDL"):
        copy_rows(bulk._conn, "Entity", table_columns(bulk._conn, "Entity"), [row], ())
    assert bulk.all_entities() == []


_WRITER = """
import sys
from retailkg.graph.embedded import EmbeddedStore

import retailkg.graph.embedded as embedded
embedded.COPY_MIN_ROWS = 1  # the COPY path, as for a bulk load
store = EmbeddedStore(sys.argv[1])
for k in range(1000):
    ids = [f"b{k}-{i}" for i in range(500)]
    entities = [EntityRecord(id=i, name=i, label="Company", aliases=[i, "别名, [x]"], alias_langs=["en", "zh"],
                             keys=[i], origin="text") for i in ids]
    relations = [RelationRecord(a, "PARTNERS_WITH", b, [EvidenceRecord("a", "s", "en", 0, 1, 0.5)])
                 for a, b in zip(ids, ids[1:])]
    store.write([], entities, relations)
    print("committed", k, flush=True)
"""


def test_kill_9_during_bulk_writes_keeps_whole_committed_batches(tmp_path: Path) -> None:
    """COPY writes pages to the data file, not the log: a kill mid-write must still lose only it."""
    db = tmp_path / "g"
    code = "from retailkg.graph.records import EntityRecord, EvidenceRecord, RelationRecord\n" + _WRITER
    child = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    for line in child.stdout:  # type: ignore[union-attr]
        if line.split()[1] == "2":  # two batches committed; the third is being written back to back
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()  # type: ignore[union-attr]
    store = EmbeddedStore(db)
    try:
        got = snapshot(store)
        batches = got["nodes"] // 500
        assert got["nodes"] == 500 * batches and batches >= 3
        assert got["edges"] == 499 * batches
        store.write(*first_batch())  # still writable
    finally:
        store.close()
