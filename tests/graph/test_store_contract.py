"""One contract suite for every GraphStore: each test runs on the embedded store and on Neo4j."""

from __future__ import annotations

import json

import pytest

from retailkg.graph.merge import apply_delta
from retailkg.graph.nodelink import export_store
from retailkg.graph.records import (
    ArticleRecord,
    EntityRecord,
    EvidenceRecord,
    GraphDelta,
    RelationRecord,
    concat_deltas,
)
from retailkg.graph.schema import canonical_key
from retailkg.graph.store import GraphStore, ReadOnlyViolation

TRICKY = [
    "京东集团",
    "阿里巴巴（中国）有限公司",
    "O'Reilly \"quoted\" `tick`",
    "<script>alert('x')</script>",
    "back\\slash \\n not a newline",
    "line\nbreak\ttab",
    "emoji 🛒 and ＦＵＬＬＷＩＤＴＨ",
    "Ünïcödé ß ẞ",
    "{$param} $ids MATCH (n) DETACH DELETE n",
]


def art(aid: str, text: str = "text", **kw: str) -> ArticleRecord:
    return ArticleRecord(id=aid, text=text, title=kw.get("title", f"title {aid}"),
                         url=kw.get("url", f"https://example.com/{aid}"), date=kw.get("date", "2024-06-18"),
                         source=kw.get("source", "test"), lang=kw.get("lang", "en"), path=kw.get("path", ""))


def ent(eid: str, name: str, label: str = "Company", aliases: tuple[tuple[str, str], ...] = (),
        origin: str = "text") -> EntityRecord:
    return EntityRecord(id=eid, name=name, label=label, aliases=[a for a, _ in aliases],
                        alias_langs=[lg for _, lg in aliases], keys=[name.lower()], origin=origin)


def rel(s: str, rtype: str, t: str, article: str, sentence: str, conf: float = 0.6,
        start: int = 0, lang: str = "en", role: str = "") -> RelationRecord:
    s, rtype, t = canonical_key(s, rtype, t)
    return RelationRecord(source=s, type=rtype, target=t, role=role, evidence=[
        EvidenceRecord(article=article, sentence=sentence, lang=lang, start=start,
                       end=start + len(sentence), confidence=conf)])


def base_delta() -> GraphDelta:
    return GraphDelta(
        articles=[art("a1", "JD.com competes with Alibaba. Richard Liu works at JD.com.")],
        entities=[
            ent("jd", "JD.com", aliases=(("京东", "zh"), ("JD", "en")), origin="kb"),
            ent("alibaba", "Alibaba", aliases=(("阿里巴巴", "zh"),), origin="kb"),
            ent("liu", "Richard Liu", label="Person", aliases=(("刘强东", "zh"),)),
            ent("tmall", "Tmall", label="Platform"),
        ],
        relations=[
            rel("jd", "COMPETES_WITH", "alibaba", "a1", "JD.com competes with Alibaba.", 0.7),
            rel("liu", "WORKS_AT", "jd", "a1", "Richard Liu works at JD.com.", 0.8, start=30,
                role="founder"),
            rel("alibaba", "OWNS", "tmall", "a1", "Alibaba owns Tmall.", 0.5, start=60),
        ],
    )


def snapshot(store: GraphStore) -> str:
    return json.dumps(export_store(store), sort_keys=True, ensure_ascii=False)


def test_apply_delta_writes_everything(store: GraphStore) -> None:
    written = apply_delta(store, base_delta())
    assert len(written.articles) == 1 and len(written.entities) == 4 and len(written.relations) == 3

    ents = {e.id: e for e in store.all_entities()}
    assert set(ents) == {"jd", "alibaba", "liu", "tmall"}
    assert ents["jd"].label == "Company" and ents["jd"].origin == "kb"
    assert ents["jd"].aliases == ["京东", "JD"] and ents["jd"].alias_langs == ["zh", "en"]
    assert ents["liu"].label == "Person"
    assert [e.id for e in store.entity_index()] == sorted(ents)

    rels = store.all_relations()
    assert [r.key for r in rels] == sorted(r.key for r in rels)
    by_key = {r.key: r for r in rels}
    assert set(by_key) == {("alibaba", "COMPETES_WITH", "jd"), ("liu", "WORKS_AT", "jd"),
                           ("alibaba", "OWNS", "tmall")}
    works = by_key[("liu", "WORKS_AT", "jd")]
    assert works.role == "founder" and works.confidence == pytest.approx(0.8)
    assert works.evidence[0].sentence == "Richard Liu works at JD.com."
    assert (works.evidence[0].start, works.evidence[0].end) == (30, 30 + len("Richard Liu works at JD.com."))

    a = store.get_article("a1")
    assert a is not None and a.text.startswith("JD.com competes") and a.url == "https://example.com/a1"
    assert store.get_article("missing") is None
    assert [x.id for x in store.all_articles()] == ["a1"]
    assert store.existing_articles(["a1", "zz"]) == {"a1"}
    assert store.existing_articles([]) == set()

    fetched = store.fetch_entities(["jd", "liu", "nope"])
    assert set(fetched) == {"jd", "liu"} and fetched["liu"].aliases == ["刘强东"]
    assert store.fetch_entities([]) == {}
    keys = [("liu", "WORKS_AT", "jd"), ("jd", "WORKS_AT", "liu"), ("alibaba", "COMPETES_WITH", "jd")]
    got = store.fetch_relations(keys)
    assert set(got) == {("liu", "WORKS_AT", "jd"), ("alibaba", "COMPETES_WITH", "jd")}
    assert got[("liu", "WORKS_AT", "jd")].evidence == works.evidence
    assert store.fetch_relations([]) == {}


def test_reapplying_the_same_delta_changes_nothing(store: GraphStore) -> None:
    apply_delta(store, base_delta())
    before = snapshot(store)
    again = apply_delta(store, base_delta())
    assert again.articles == [] and again.entities == [] and again.relations == []
    assert snapshot(store) == before
    assert len(store.all_articles()) == 1


def test_second_article_appends_evidence_and_raises_confidence(store: GraphStore) -> None:
    apply_delta(store, base_delta())
    old = store.fetch_relations([("liu", "WORKS_AT", "jd")])[("liu", "WORKS_AT", "jd")]
    delta = GraphDelta(
        articles=[art("a2", "刘强东在京东工作。", lang="zh")],
        entities=[ent("liu", "Richard Liu", label="Person", aliases=(("Liu Qiangdong", "en"),)),
                  ent("jd", "JD.com", aliases=(("京东", "zh"),), origin="kb")],
        relations=[rel("liu", "WORKS_AT", "jd", "a2", "刘强东在京东工作。", 0.5, lang="zh", role="CEO")],
    )
    apply_delta(store, delta)
    new = store.fetch_relations([("liu", "WORKS_AT", "jd")])[("liu", "WORKS_AT", "jd")]
    assert len(new.evidence) == 2
    assert [ev.article for ev in new.evidence] == ["a1", "a2"]
    assert new.confidence > old.confidence
    assert new.confidence == pytest.approx(1 - 0.2 * 0.5)
    assert new.languages == ["en", "zh"] and new.articles == ["a1", "a2"]
    assert new.role == "founder"  # first role kept
    liu = store.fetch_entities(["liu"])["liu"]
    assert liu.aliases == ["刘强东", "Liu Qiangdong"] and liu.alias_langs == ["zh", "en"]
    # the stored scalar properties follow the evidence
    _, rows = store.run_read(
        "MATCH (a:Entity {id: 'liu'})-[r:WORKS_AT]->(b:Entity {id: 'jd'}) "
        "RETURN r.evidence_count, r.confidence, r.languages, r.articles")
    assert rows == [[2, pytest.approx(0.9), ["en", "zh"], ["a1", "a2"]]]


def test_symmetric_relation_is_stored_once(store: GraphStore) -> None:
    apply_delta(store, base_delta())
    # the same competition stated the other way round in a new article
    delta = GraphDelta(articles=[art("a3", "Alibaba and JD.com compete.")],
                       entities=[ent("jd", "JD.com", origin="kb"), ent("alibaba", "Alibaba", origin="kb")],
                       relations=[rel("jd", "COMPETES_WITH", "alibaba", "a3", "Alibaba and JD.com compete.")])
    assert delta.relations[0].key == ("alibaba", "COMPETES_WITH", "jd")
    apply_delta(store, delta)
    competes = [r for r in store.all_relations() if r.type == "COMPETES_WITH"]
    assert len(competes) == 1
    assert competes[0].articles == ["a1", "a3"]
    _, rows = store.run_read("MATCH (a:Entity)-[r:COMPETES_WITH]->(b:Entity) RETURN a.id, b.id")
    assert rows == [["alibaba", "jd"]]


def test_label_change_is_applied(store: GraphStore) -> None:
    apply_delta(store, GraphDelta(articles=[art("b1")], entities=[ent("taobao", "Taobao", label="Product")]))
    assert store.fetch_entities(["taobao"])["taobao"].label == "Product"
    # the curated knowledge base says it is a Platform: kb wins over a discovered label
    apply_delta(store, GraphDelta(articles=[art("b2")],
                                  entities=[ent("taobao", "Taobao", label="Platform", origin="kb")]))
    e = store.fetch_entities(["taobao"])["taobao"]
    assert e.label == "Platform" and e.origin == "kb"
    _, rows = store.run_read("MATCH (e:Entity {id: 'taobao'}) RETURN e.kind")
    assert rows == [["Platform"]]


def test_unicode_quotes_and_markup_round_trip(store: GraphStore) -> None:
    entities = [ent(f"e{i}", s, aliases=((s + " alias", "zh"),)) for i, s in enumerate(TRICKY)]
    relations = [rel(f"e{i}", "PARTNERS_WITH", f"e{i + 1}", "u1", TRICKY[i], start=i)
                 for i in range(len(TRICKY) - 1)]
    text = "\n".join(TRICKY)
    apply_delta(store, GraphDelta(articles=[art("u1", text, title=TRICKY[3], source=TRICKY[2])],
                                  entities=entities, relations=relations))
    got = {e.id: e for e in store.all_entities()}
    for i, s in enumerate(TRICKY):
        assert got[f"e{i}"].name == s
        assert got[f"e{i}"].aliases == [s + " alias"]
    sentences = sorted(ev.sentence for r in store.all_relations() for ev in r.evidence)
    assert sentences == sorted(TRICKY[:-1])
    a = store.get_article("u1")
    assert a is not None and a.text == text and a.title == TRICKY[3] and a.source == TRICKY[2]
    _, rows = store.run_read("MATCH (e:Entity) WHERE e.name = $n RETURN e.id", {"n": TRICKY[2]})
    assert rows == [["e2"]]


def test_run_read_returns_rows_and_columns(store: GraphStore) -> None:
    apply_delta(store, base_delta())
    cols, rows = store.run_read(
        "MATCH (e:Entity) WHERE e.kind = $kind RETURN e.id AS id, e.name AS name ORDER BY id",
        {"kind": "Company"})
    assert cols == ["id", "name"]
    assert rows == [["alibaba", "Alibaba"], ["jd", "JD.com"]]
    cols, rows = store.run_read("MATCH (a:Article) RETURN count(a) AS n")
    assert cols == ["n"] and rows == [[1]]


@pytest.mark.parametrize("query", [
    "CREATE (n:Entity {id: 'x'})",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Entity) SET n.name = 'x' RETURN n",
    "MERGE (n:Entity {id: 'x'}) RETURN n",
    "MATCH (n) RETURN n; MATCH (m) DELETE m",
    "MATCH (n:Entity) REMOVE n.name",
])
def test_run_read_rejects_writes(store: GraphStore, query: str) -> None:
    apply_delta(store, base_delta())
    before = snapshot(store)
    with pytest.raises(ReadOnlyViolation):
        store.run_read(query)
    assert snapshot(store) == before


def test_run_read_row_limit(store: GraphStore) -> None:
    cols, rows = store.run_read("UNWIND range(1, 5000) AS x RETURN x", row_limit=7)
    assert cols == ["x"] and rows == [[i] for i in range(1, 8)]
    _, rows = store.run_read("UNWIND range(1, 50) AS x RETURN x")
    assert len(rows) == 50


def test_clear_empties_the_store(store: GraphStore) -> None:
    apply_delta(store, base_delta())
    store.clear()
    assert store.all_entities() == [] and store.all_relations() == [] and store.all_articles() == []
    assert apply_delta(store, base_delta()).articles  # the article is new again


def deltas() -> list[GraphDelta]:
    """A few batches that exercise merging: shared entities, appended evidence, symmetric edges."""
    second = GraphDelta(
        articles=[art("a2", "京东和阿里巴巴竞争。", lang="zh")],
        entities=[ent("jd", "京东", aliases=(("京东集团", "zh"),)), ent("alibaba", "阿里巴巴"),
                  ent("pdd", "PDD Holdings", aliases=(("拼多多", "zh"),)),
                  ent("temu", "Temu", label="Platform")],
        relations=[rel("jd", "COMPETES_WITH", "alibaba", "a2", "京东和阿里巴巴竞争。", 0.6, lang="zh"),
                   rel("pdd", "OWNS", "temu", "a2", "拼多多拥有Temu。", 0.9, start=12, lang="zh"),
                   rel("temu", "COMPETES_WITH", "pdd", "a2", "Temu vs PDD", 0.3, start=30)],
    )
    third = GraphDelta(
        articles=[art("a3", "Tmall is a platform.")],
        entities=[ent("tmall", "Tmall", label="Platform", origin="kb", aliases=(("天猫", "zh"),))],
        relations=[rel("alibaba", "OWNS", "tmall", "a3", "Tmall belongs to Alibaba.", 0.7, start=5)],
    )
    return [base_delta(), second, third, base_delta()]


def test_same_inputs_give_equal_exports_across_stores(embedded_store: GraphStore,
                                                      neo4j_store: GraphStore) -> None:
    for d in deltas():
        apply_delta(embedded_store, d)
        apply_delta(neo4j_store, d)
    left, right = export_store(embedded_store), export_store(neo4j_store)
    assert len(left["nodes"]) == 6 and len(left["edges"]) == 5
    assert left == right
    assert embedded_store.all_articles() == neo4j_store.all_articles()


def random_deltas(seed: int, n_articles: int = 40) -> list[GraphDelta]:
    """Per-article deltas that overlap a lot: shared entities gaining aliases, keys and a curated
    origin over time, relations gaining evidence in other languages, articles sent twice."""
    import random

    rnd = random.Random(seed)
    labels = ["Company", "Platform", "Person"]
    ids = [f"x{i}" for i in range(12)]
    out: list[GraphDelta] = []
    for n in range(n_articles):
        aid = f"r{seed}-{n % (n_articles - 5)}"  # the last five re-send earlier articles
        lang = rnd.choice(["en", "zh", "de"])
        used = rnd.sample(ids, 4)
        entities = []
        for eid in used:
            k = rnd.randrange(3)
            entities.append(EntityRecord(
                id=eid, name=f"{eid} name {rnd.randrange(3)}", label=rnd.choice(labels),
                aliases=[f"{eid}-alias{j}" for j in rnd.sample(range(6), k)],
                alias_langs=[rnd.choice(["en", "zh"]) for _ in range(k)],
                keys=[f"{eid}k{rnd.randrange(4)}"], origin=rnd.choice(["text", "text", "kb"])))
        relations = []
        for j in range(3):
            s, t = rnd.sample(used, 2)
            rtype = rnd.choice(["COMPETES_WITH", "PARTNERS_WITH", "INVESTS_IN"])
            relations.append(rel(s, rtype, t, aid, f"{s} {rtype} {t} #{n}.{j}",
                                 rnd.choice([0.35, 0.15, 0.6, 0.45, 0.05]), start=j * 50, lang=lang,
                                 role=rnd.choice(["", "", "lead"])))
        out.append(GraphDelta(articles=[art(aid, f"text of {aid}", lang=lang)], entities=entities,
                              relations=relations))
    return out


STORED_REL = ("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS s, b.id AS t, r.confidence AS c, "
              "r.evidence_count AS n, r.articles AS arts, r.languages AS langs, r.role AS role")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_merges_give_equal_graphs_across_stores(seed: int, embedded_store: GraphStore,
                                                       neo4j_store: GraphStore) -> None:
    """Neo4j merges in Cypher, the embedded store in Python: the stored graphs must not differ,
    derived properties (confidence, counts, sorted articles/languages) included, whatever the
    batching and even when another store instance writes to the same database in between."""
    from neo4j_env import neo4j_settings

    from retailkg.graph.neo4j_store import Neo4jStore

    ds = random_deltas(seed)
    cut = len(ds) // 3
    for d in ds:
        apply_delta(embedded_store, d)
    apply_delta(neo4j_store, concat_deltas(ds[:cut]))
    other = Neo4jStore(**neo4j_settings())
    try:
        for d in ds[cut:2 * cut]:
            apply_delta(other, d)
    finally:
        other.close()
    for d in ds[2 * cut:]:
        apply_delta(neo4j_store, d)
    assert export_store(embedded_store) == export_store(neo4j_store)
    _, left = embedded_store.run_read(STORED_REL)
    _, right = neo4j_store.run_read(STORED_REL)
    assert sorted(left, key=repr) == sorted(right, key=repr)
    lookup = "MATCH (e:Entity) RETURN e.id AS id, e.lookup AS lookup, e.kind AS kind ORDER BY id"
    assert embedded_store.run_read(lookup) == neo4j_store.run_read(lookup)
    assert any(row[3] > 1 and len(row[5]) > 1 for row in left)  # evidence did merge across languages
