"""The embedded store resolves names through its form table, and upgrades older graphs."""

from __future__ import annotations

from pathlib import Path

import ladybug

from retailkg.graph.embedded import EmbeddedStore
from retailkg.graph.records import EntityRecord
from retailkg.graph.schema import relation_types
from retailkg.graph.subgraph import norm_key
from retailkg.queries.catalog import resolve_entities


def ent(eid: str, name: str, aliases: list[str], origin: str = "text", label: str = "Company") -> EntityRecord:
    return EntityRecord(id=eid, name=name, label=label, aliases=aliases, alias_langs=["zh"] * len(aliases),
                        keys=[norm_key(name)], origin=origin)


def test_forms_rank_id_then_name_then_alias(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "g")
    try:
        store.write([], [ent("xiaomi", "Xiaomi", ["小米", "millet"]), ent("redmi", "Redmi", ["Xiaomi"]),
                         ent("mi-store", "Mi Store", ["小米"])], [])
        assert store.resolve_name("xiaomi", "xiaomi") == ["xiaomi"]  # an id wins
        assert store.resolve_name("Xiaomi", "xiaomi") == ["xiaomi"]  # a name beats redmi's alias
        assert store.resolve_name("小米", norm_key("小米")) == ["mi-store", "xiaomi"]  # both bear it
        assert store.resolve_name("MILLET", "millet") == []  # case-folded keys, not aliases
        assert resolve_entities(store, "millet") == ["xiaomi"]
        # a curated row renames the entity: the old name stays in the form table but no longer matches
        store.write([], [ent("redmi", "Redmi Phones", ["Xiaomi"], origin="kb")], [])
        assert store.resolve_name("Redmi", "redmi") == []
        assert store.resolve_name("Redmi Phones", "redmiphones") == ["redmi"]
        store.clear()
        assert store.resolve_name("Xiaomi", "xiaomi") == []
    finally:
        store.close()


def _old_graph(path: Path) -> None:
    """A graph as retailkg wrote it before ``lookup`` and ``EntityForm`` existed."""
    path.mkdir()
    db = ladybug.Database(str(path / "graph.lbug"))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Entity(id STRING, name STRING, kind STRING, aliases STRING[], "
                 "alias_langs STRING[], keys STRING[], origin STRING, PRIMARY KEY(id))")
    conn.execute("CREATE NODE TABLE Article(id STRING, title STRING, url STRING, date STRING, "
                 "source STRING, lang STRING, path STRING, text STRING, PRIMARY KEY(id))")
    for t in relation_types():
        conn.execute(f"CREATE REL TABLE {t}(FROM Entity TO Entity, confidence DOUBLE, evidence_count INT64, "
                     "role STRING, languages STRING[], articles STRING[], ev_article STRING[], "
                     "ev_sentence STRING[], ev_lang STRING[], ev_start INT64[], ev_end INT64[], "
                     "ev_confidence DOUBLE[])")
    conn.execute("CREATE (:Entity {id: 'jd', name: 'JD.com', kind: 'Company', aliases: ['京东'], "
                 "alias_langs: ['zh'], keys: ['jdcom'], origin: 'kb'})")
    conn.close()
    db.close()


def test_an_older_graph_is_read_by_scan_and_upgraded_on_write_open(tmp_path: Path) -> None:
    path = tmp_path / "old"
    _old_graph(path)
    ro = EmbeddedStore(path, read_only=True)
    try:
        assert ro.resolve_name("京东", norm_key("京东")) is None  # no form table: the catalog scans
        assert resolve_entities(ro, "京东") == ["jd"]
    finally:
        ro.close()
    rw = EmbeddedStore(path)  # a read-write open adds the lookup column and indexes the forms
    try:
        assert rw.resolve_name("京东", norm_key("京东")) == ["jd"]
        _, rows = rw.run_read("MATCH (e:Entity {id: 'jd'}) RETURN e.lookup")
        assert rows == [["|jdcom|京东|"]]
        assert rw.fetch_entities(["jd"])["jd"].aliases == ["京东"]
    finally:
        rw.close()
