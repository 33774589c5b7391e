"""The embedded store's confidence bounds per entity (``out_conf_low``/``out_conf_high``): they
always bound the outgoing relations' confidences, whatever the write path, and older graphs get
them on a read-write open; opened read-only, the queries that use them run without."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_embedded_forms import _old_graph
from test_store_contract import random_deltas

from retailkg.graph.embedded import CONFIDENCE_BOUNDS, EmbeddedStore
from retailkg.graph.merge import apply_delta
from retailkg.graph.records import EntityRecord, EvidenceRecord, RelationRecord
from retailkg.queries.catalog import run_query

BOUNDS = ("MATCH (a:Entity) OPTIONAL MATCH (a)-[r]->(:Entity) "
          "RETURN a.id AS id, a.out_conf_low AS low, a.out_conf_high AS high, "
          "min(r.confidence) AS lo, max(r.confidence) AS hi")


def check_bounds(store: EmbeddedStore, exact: bool) -> int:
    """Assert the bounds hold for every entity; return how many entities have outgoing relations."""
    _, rows = store.run_read(BOUNDS, row_limit=1 << 30)
    with_out = 0
    for eid, low, high, lo, hi in rows:
        if lo is None:
            continue
        with_out += 1
        assert low is not None and high is not None, eid
        assert low <= lo and high >= hi, (eid, low, lo, high, hi)
        if exact:
            assert (low, high) == (lo, hi), eid
    return with_out


def relation(s: str, t: str, conf: float, article: str = "a1") -> RelationRecord:
    return RelationRecord(s, "INVESTS_IN", t, [EvidenceRecord(article, f"{s} invests in {t}.", "en", 0, 10, conf)])


@pytest.mark.parametrize("seed", [1, 2])
def test_merges_keep_the_bounds(seed: int, embedded_store: EmbeddedStore) -> None:
    for delta in random_deltas(seed):  # evidence appended over time: confidences only grow
        apply_delta(embedded_store, delta)
    assert check_bounds(embedded_store, exact=False) > 5
    assert CONFIDENCE_BOUNDS in embedded_store.features


def test_both_write_paths_widen_the_bounds(embedded_store: EmbeddedStore) -> None:
    n = 2500  # more than COPY_MIN_ROWS: the COPY path, then the SET path
    entities = [EntityRecord(id=f"e{i:05d}", name=f"E {i}", label="Company") for i in range(n)]
    embedded_store.write([], entities, [relation(f"e{i:05d}", f"e{(i + 1) % n:05d}", 0.3 + (i % 7) / 10)
                                        for i in range(n)])
    assert check_bounds(embedded_store, exact=True) == n
    # a whole-row rewrite that lowers one confidence and raises another: still bounds
    embedded_store.write([], [], [relation("e00000", "e00001", 0.05), relation("e00001", "e00002", 0.99)])
    assert check_bounds(embedded_store, exact=False) == n
    _, rows = embedded_store.run_read("MATCH (a:Entity) WHERE a.id IN ['e00000', 'e00001'] "
                                      "RETURN a.id, a.out_conf_low, a.out_conf_high ORDER BY a.id")
    assert rows == [["e00000", 0.05, 0.3], ["e00001", 0.4, 0.99]]


def test_an_older_graph_gets_bounds_on_write_open_and_runs_without_them_read_only(tmp_path: Path) -> None:
    path = tmp_path / "old"
    _old_graph(path)
    ro = EmbeddedStore(path, read_only=True)
    try:
        assert ro.features == frozenset()
        assert run_query(ro, "weak_edges", {})[1] == []  # the bound line is left out, not an error
    finally:
        ro.close()
    rw = EmbeddedStore(path)
    try:
        rw.write([], [EntityRecord(id="tmall", name="Tmall", label="Platform")], [relation("jd", "tmall", 0.4)])
        assert CONFIDENCE_BOUNDS in rw.features and check_bounds(rw, exact=True) == 1
        rows = run_query(rw, "weak_edges", {})[1]
        assert [(r[0], r[3], r[5]) for r in rows] == [("jd", "tmall", 0.4)]
    finally:
        rw.close()
