"""The query catalogue: every file parses, headers are complete, bad names and params are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from retailkg.graph.readonly import check_read_only
from retailkg.queries import catalog
from retailkg.queries.catalog import (
    PARAM_TYPES,
    bind_params,
    get_query,
    list_queries,
    markdown,
    parse_query_file,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "queries.md"


def test_at_least_fifteen_queries_all_parse() -> None:
    files = sorted(catalog.QUERY_DIR.glob("*.cypher"))
    assert len(files) >= 15
    assert [q.name for q in list_queries()] == [f.stem for f in files]


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_header_complete(query: catalog.CannedQuery) -> None:
    assert query.title and query.description and query.example is not None
    for p in query.params:
        assert p.type in PARAM_TYPES and p.description, p
        assert isinstance(p.default, PARAM_TYPES[p.type])
    assert set(query.example) <= {p.name for p in query.params}
    if query.kind == "cypher":
        for text in (query.text_neo4j, query.text_embedded):
            assert "ORDER BY" in text, "results must come in a deterministic order"
            assert check_read_only(text)
            assert "// variant" not in text


def test_variants_split() -> None:
    q = get_query("shortest_path")
    assert "allShortestPaths" in q.text_neo4j and "ALL SHORTEST" not in q.text_neo4j
    assert "ALL SHORTEST" in q.text_embedded and "allShortestPaths" not in q.text_embedded
    assert q.text_for("embedded") == q.text_embedded and q.text_for("neo4j") == q.text_neo4j
    same = get_query("competitors")
    assert same.text_neo4j == same.text_embedded


def test_unknown_query() -> None:
    with pytest.raises(ValueError, match="Unknown query 'nope'.*competitors"):
        get_query("nope")


def test_params_coerced_and_checked() -> None:
    q = get_query("ownership_tree")
    assert bind_params(q, {"depth": "2"}) == {"entity": "Alibaba", "depth": 2}
    assert bind_params(q, None) == {"entity": "Alibaba", "depth": 3}
    assert bind_params(q, {"depth": 4.0})["depth"] == 4
    with pytest.raises(ValueError, match="no parameter 'depht'.*accepts: entity, depth"):
        bind_params(q, {"depht": 2})
    for bad in ("two", "1.5", 1.5, True, "1; DROP"):
        with pytest.raises(ValueError, match="'depth' must be int"):
            bind_params(q, {"depth": bad})
    # the derived key parameter is computed, never taken from the caller
    for derived in ("entity_key", "entity_ids"):
        with pytest.raises(ValueError, match=f"no parameter '{derived}'"):
            bind_params(q, {derived: ["alibaba"]})


def test_engine_params_add_normalised_keys() -> None:
    q = get_query("lookup")
    bound = bind_params(q, {"name": "  ＸＩＡＯＭＩ Corp. "})
    params = catalog.engine_params(q, bound, q.text_neo4j)
    assert params == {"name": "  ＸＩＡＯＭＩ Corp. ", "name_key": "xiaomicorp"}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """// name: {name}
// title: T
// description: D
// params: n:int=3 -- how many
// example: n=2
MATCH (e:Entity) RETURN e.id AS id ORDER BY id LIMIT $n
"""


def test_parse_errors(tmp_path: Path) -> None:
    ok = parse_query_file(_write(tmp_path, "good", GOOD.format(name="good")))
    assert ok.params == [catalog.QueryParam("n", "int", 3, "how many")] and ok.example == {"n": "2"}
    cases = {
        "noname": GOOD.replace("// name: {name}\n", ""),
        "other": GOOD.format(name="different"),
        "badtype": GOOD.replace("n:int=3", "n:bool=3"),
        "badex": GOOD.replace("example: n=2", "example: m=2"),
        "undeclared": GOOD.replace("$n", "$m"),
        "nodefault": GOOD.replace("n:int=3", "n:int="),
        "nobody": "\n".join(GOOD.splitlines()[:5]) + "\n",
        "unranged": GOOD.replace("RETURN e.id", "-[*1..$n]-() RETURN e.id"),
        "badrange": GOOD.replace("n:int=3", "n:int[4..6]=3"),
    }
    for name, text in cases.items():
        with pytest.raises(ValueError, match=f"{name if name != 'other' else 'other'}.cypher"):
            parse_query_file(_write(tmp_path, name, text.replace("{name}", name)))


def test_ranged_bounds_are_checked_and_written_into_the_pattern(tmp_path: Path) -> None:
    q = parse_query_file(_write(tmp_path, "hops", GOOD.format(name="hops").replace(
        "n:int=3", "n:int[1..4]=3").replace("RETURN e.id", "-[*1..$n]-(f) WHERE size($n) > 0 RETURN e.id")))
    assert (q.params[0].low, q.params[0].high) == (1, 4)
    for bad in (0, 5, "9"):
        with pytest.raises(ValueError, match="'n' must be between 1 and 4"):
            bind_params(q, {"n": bad})
    text = catalog.inline_bounds(q.text_neo4j, bind_params(q, {"n": "2"}))
    assert "-[*1..2]-(f)" in text and "size($n)" in text  # only the bound is written in
    assert catalog.inline_bounds("MATCH (a)-[e* SHORTEST 1..$n]-(b)", {"n": 3}) == "MATCH (a)-[e* SHORTEST 1..3]-(b)"
    neighbourhood = get_query("neighbourhood")
    assert neighbourhood.params[1].high == 3


def test_singleton_anchors_match_one_id_by_key() -> None:
    text = "MATCH (x:Entity) WHERE x.id IN $entity_ids AND y.id IN $other_ids RETURN x"
    values = {"entity_ids": ["xiaomi"], "other_ids": ["a", "b"]}
    one, scalars = catalog.singleton_anchors(text, values)
    assert one == "MATCH (x:Entity) WHERE x.id = $entity_ids_one AND y.id IN $other_ids RETURN x"
    assert scalars == {**values, "entity_ids_one": "xiaomi"}
    assert catalog.singleton_anchors(text, {"entity_ids": ["a", "b"], "other_ids": ["c", "d"]})[0] == text
    none = catalog.singleton_anchors(text, {"entity_ids": [], "other_ids": ["c", "d"]})[0]
    assert none == "MATCH (x:Entity) WHERE false AND y.id IN $other_ids RETURN x"


def test_docs_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == markdown(), (
        "docs/queries.md is stale: regenerate with "
        "python -c 'from retailkg.queries.catalog import markdown; print(markdown(), end=\"\")' > docs/queries.md")
    for q in list_queries():
        assert f"## {q.name}" in markdown()


STAGED = """// name: staged
// title: T
// description: D
// params: n:int=2 -- how many
// example: n=1
// let: top
MATCH (e:Entity) RETURN max(e.degree) - $n AS top
// let: half
RETURN $top / 2 AS half
// in:
MATCH (e:Entity) WHERE e.degree >= $half RETURN e.id AS id ORDER BY id LIMIT $row_limit
"""


def test_let_sections_parse_and_are_checked(tmp_path: Path) -> None:
    q = parse_query_file(_write(tmp_path, "staged", STAGED))
    stages, final = catalog.split_stages(q.text_embedded)
    assert [name for name, _ in stages] == ["top", "half"] and "$half" in final
    assert stages[1][1] == "RETURN $top / 2 AS half"
    for name, text in {"noin": STAGED.replace("// in:\n", ""),
                       "twice": STAGED.replace("// let: half", "// let: top"),
                       "inonly": GOOD.replace("MATCH", "// in:\nMATCH"),
                       "undeclared": STAGED.replace("$top / 2", "$nope / 2"),
                       "builtin": GOOD.replace("n:int=3", "row_limit:int=3")}.items():
        with pytest.raises(ValueError, match=f"{name}.cypher"):
            parse_query_file(_write(tmp_path, name, text.replace("name: staged", f"name: {name}")))


def test_let_values_become_literals() -> None:
    assert catalog.cypher_literal("x", 0.3) == "0.3" and catalog.cypher_literal("x", 7) == "7"
    assert catalog.cypher_literal("x", None) == "NULL" and catalog.cypher_literal("x", True) == "true"
    for bad in ("0.3 OR true", float("nan"), [1]):
        with pytest.raises(catalog.StoreError, match="must give a number"):
            catalog.cypher_literal("x", bad)


def test_lines_needing_a_missing_feature_are_left_out() -> None:
    text = "MATCH (a)\nWHERE a.low <= 1  // needs: bounds\nMATCH (a)-->(b) RETURN b // a comment"
    assert catalog.for_features(text, {"bounds"}) == "MATCH (a)\nWHERE a.low <= 1\nMATCH (a)-->(b) RETURN b // a comment"
    assert catalog.for_features(text, ()) == "MATCH (a)\nMATCH (a)-->(b) RETURN b // a comment"
