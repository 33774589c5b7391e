"""Entity resolution through the derived ``lookup`` property, and the bounded whole-graph queries.

Each store gets its own small graph here (not the shared fixture): aliases chosen to break a
careless ``CONTAINS '|text|'`` match, and a relation whose evidence grows article by article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from retailkg.graph.embedded import EmbeddedStore
from retailkg.graph.merge import apply_delta
from retailkg.graph.nodelink import export_store
from retailkg.graph.ontology import load_ontology
from retailkg.graph.records import ArticleRecord, EntityRecord, EvidenceRecord, GraphDelta, RelationRecord
from retailkg.graph.schema import ENTITY_PROPS, ENTITY_RETURN, entity_row, lookup_text
from retailkg.graph.store import GraphStore
from retailkg.graph.subgraph import norm_key
from retailkg.queries.catalog import get_query, resolve_entities, run_query

from .conftest import _neo4j_settings

# id: (label, name, aliases)
ENTITIES = {
    "pipe": ("Company", "Pipe Works", ["A|B", "管道公司"]),
    "ent_a": ("Company", "Alpha", ["A"]),
    "ent_b": ("Company", "Beta", ["B", "贝塔"]),
    "xiao": ("Company", "Xiao Corp", ["小米集团", "XIAO Corp.", "Ｘｉａｏ"]),
    "ant_co": ("Company", "Ant", ["蚂蚁"]),
    "ant_fin": ("Company", "Ant Financial", ["ANT", "蚂蚁金服"]),
    "tmall": ("Platform", "Tmall", ["天猫"]),
}


def _entity(eid: str) -> EntityRecord:
    label, name, aliases = ENTITIES[eid]
    forms = [name, *aliases]
    return EntityRecord(id=eid, name=name, label=label, aliases=forms, alias_langs=["en"] * len(forms),
                        keys=list(dict.fromkeys(k for k in map(norm_key, forms) if k)), origin="kb")


def _delta(aid: str, date: str, lang: str, relations: list[tuple[str, str, str]]) -> GraphDelta:
    article = ArticleRecord(id=aid, text=f"Article {aid}.", title=aid, date=date, source="test", lang=lang)
    rels = [RelationRecord(s, t, o, [EvidenceRecord(aid, f"{s} {t} {o}", lang, 0, 9, conf)])
            for (s, t, o), conf in zip(relations, (0.4, 0.7, 0.9))]
    ids = sorted({x for s, _, o in relations for x in (s, o)})
    return GraphDelta([article], [_entity(i) for i in ids], rels)


def _load(store: GraphStore) -> GraphStore:
    store.clear()
    apply_delta(store, GraphDelta([ArticleRecord(id="a0", text="x", title="a0", date="2024-01-01",
                                                 source="test", lang="en")],
                                  [_entity(e) for e in ENTITIES], []))
    apply_delta(store, _delta("a1", "2024-02-01", "zh", [("xiao", "SELLS_ON", "tmall"),
                                                         ("pipe", "SELLS_ON", "tmall"),
                                                         ("ant_co", "SELLS_ON", "tmall")]))
    return store


@pytest.fixture(scope="module")
def rembedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("resolve"))
    yield _load(store)
    store.close()


@pytest.fixture(scope="module")
def rneo4j() -> Iterator[GraphStore]:
    from retailkg.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(**_neo4j_settings())
    yield _load(store)
    try:
        store.clear()
    finally:
        store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def rstore(request: pytest.FixtureRequest) -> GraphStore:
    return request.getfixturevalue("rembedded" if request.param == "embedded" else "rneo4j")


CASES = [
    ("管道公司", ["pipe"]),          # Chinese alias
    ("xiao corp", ["xiao"]),         # case-folded Latin (normalised key)
    ("XIAO CORP.", ["xiao"]),
    ("Ｘｉａｏ", ["xiao"]),           # full-width alias, exact
    ("xiao", ["xiao"]),              # its NFKC key
    ("A|B", ["pipe"]),               # an alias holding the separator
    ("B|管道公司", []),               # spans two of pipe's lookup entries: not a name of anything
    ("A", ["ent_a"]),
    ("B", ["ent_b"]),
    ("|", []),
    ("Ant", ["ant_co"]),             # an exact name wins over another entity's alias
    ("ant", ["ant_co", "ant_fin"]),  # no exact name or alias: every entity with the key
    ("蚂蚁金服", ["ant_fin"]),
    ("ant_fin", ["ant_fin"]),        # an id
    ("nothing like it", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_resolve(rstore: GraphStore, text: str, expected: list[str]) -> None:
    assert resolve_entities(rstore, text) == expected


@pytest.mark.parametrize("text,expected", CASES)
def test_lookup_query(rstore: GraphStore, text: str, expected: list[str]) -> None:
    """``lookup`` lists every entity known by the text (id, name, key or alias), not only the best."""
    _, rows = run_query(rstore, "lookup", {"name": text})
    found = [r[0] for r in rows]
    assert set(expected) <= set(found)
    if text == "Ant":
        assert found == ["ant_co", "ant_fin"]  # name of one, alias (key) of the other
    elif expected == []:
        assert found == []


def test_lookup_text_and_no_leak(rembedded: GraphStore) -> None:
    e = _entity("pipe")
    assert entity_row(e)["lookup"] == lookup_text(e.keys, e.aliases)
    assert "|管道公司|" in entity_row(e)["lookup"] and "|A|B|" in entity_row(e)["lookup"]
    assert "lookup" in ENTITY_PROPS and "lookup" not in ENTITY_RETURN
    nodes = export_store(rembedded)["nodes"]
    assert nodes and all("lookup" not in n for n in nodes)


def test_evidence_gaining_a_language_and_an_article(rstore: GraphStore) -> None:
    """A second article (another language) moves a relation from weak to multilingual."""
    def weak() -> set[tuple[str, str]]:
        _, rows = run_query(rstore, "weak_edges", {"max_articles": 1})
        return {(r[0], r[3]) for r in rows}

    def multi() -> list[tuple[str, str, list[str]]]:
        _, rows = run_query(rstore, "multilingual_edges", {"min_languages": 2})
        return [(r[0], r[3], r[5]) for r in rows]

    _load(rstore)
    assert ("xiao", "tmall") in weak() and multi() == []
    apply_delta(rstore, _delta("a2", "2024-03-01", "en", [("xiao", "SELLS_ON", "tmall")]))
    assert ("xiao", "tmall") not in weak()
    assert multi() == [("xiao", "tmall", ["en", "zh"])]
    assert weak() == {("pipe", "tmall"), ("ant_co", "tmall")}


def test_weak_edges_limit_keeps_the_least_trusted(rstore: GraphStore) -> None:
    _load(rstore)
    _, rows = run_query(rstore, "weak_edges", {"max_articles": 1, "limit": 2})
    assert [(r[0], r[5]) for r in rows] == [("xiao", 0.4), ("pipe", 0.7)]
    _, rows = run_query(rstore, "multilingual_edges", {"min_languages": 1, "limit": 1})
    assert [(r[0], r[7]) for r in rows] == [("ant_co", 0.9)]


@pytest.mark.parametrize("name", ["weak_edges", "multilingual_edges"])
def test_per_type_queries_cover_every_relation_type(name: str) -> None:
    """The Neo4j text has one branch per relation type: a new type must get one too."""
    text = get_query(name).text_for("neo4j")
    assert set(re.findall(r"\[r:(\w+)\]", text)) == set(load_ontology().relation_names)


@pytest.mark.neo4j
def test_neo4j_resolution_uses_indexes(rneo4j: GraphStore) -> None:
    """The alias/key branch is a TEXT index lookup, not a label scan."""
    from retailkg.queries.catalog import RESOLVE_INDEXED

    plan = rneo4j._driver.execute_query("EXPLAIN " + RESOLVE_INDEXED,  # noqa: SLF001
                                        {"q": "x", "k": "x", "q_pattern": "|x|", "k_pattern": "|x|"},
                                        database_=rneo4j.database).summary.plan
    ops = _operators(plan)
    assert not any("LabelScan" in op or "AllNodesScan" in op for op in ops), ops
    assert any("NodeIndexContainsScan" in op for op in ops), ops


def _operators(plan: dict) -> list[str]:
    return [plan["operatorType"]] + [op for child in plan.get("children", []) for op in _operators(child)]


@pytest.mark.neo4j
def test_neo4j_entities_without_lookup_still_resolve(rneo4j: GraphStore) -> None:
    """An entity written before ``lookup`` existed is found by the scan until it is rewritten."""
    import retailkg.queries.catalog as catalog

    _load(rneo4j)
    rneo4j._driver.execute_query("MATCH (e:Entity {id: 'ent_b'}) REMOVE e.lookup",  # noqa: SLF001
                                 database_=rneo4j.database)
    catalog._lookup_complete.pop(rneo4j, None)
    try:
        assert resolve_entities(rneo4j, "贝塔") == ["ent_b"]
        assert resolve_entities(rneo4j, "nothing like it") == []
        assert rneo4j not in catalog._lookup_complete
    finally:
        _load(rneo4j)
    assert resolve_entities(rneo4j, "nothing like it") == []
    assert catalog._lookup_complete.get(rneo4j) is True
