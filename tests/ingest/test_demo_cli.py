"""The README's main job end to end: `retailkg ingest data/demo` and `retailkg export --format json`."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from retailkg.cli.main import cli
from retailkg.graph.embedded import EmbeddedStore

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"

# Facts the English and Chinese demo articles state (data/demo-facts.md); the German, Italian,
# French and Spanish ones are checked in test_relations_multilingual.py.
EXPECTED = [
    ("lei-jun", "WORKS_AT", "xiaomi"), ("xiaomi", "SELLS_ON", "tmall"), ("xiaomi", "SELLS_ON", "jd-com"),
    ("xiaomi", "PRODUCES", "xiaomi-su7"), ("xiaomi", "PRODUCES", "redmi"),
    ("xiaomi", "PARTICIPATES_IN", "double-11"), ("alibaba", "OWNS", "tmall"), ("alibaba", "OWNS", "taobao"),
    ("tencent", "INVESTS_IN", "jd-com"), ("tencent", "INVESTS_IN", "pinduoduo"), ("tencent", "OWNS", "wechat"),
    ("ant-group", "OWNS", "alipay"), ("alipay", "COMPETES_WITH", "wechat-pay"),
    ("jd-com", "ACQUIRES", "yihaodian"), ("jd-com", "PARTICIPATES_IN", "618-shopping-festival"),
    ("richard-liu", "WORKS_AT", "jd-com"), ("bytedance", "OWNS", "douyin"),
    ("douyin", "COMPETES_WITH", "kuaishou"), ("alibaba", "ACQUIRES", "ele-me"),
    ("wang-xing", "WORKS_AT", "meituan"), ("geely", "OWNS", "volvo-cars"), ("tencent", "INVESTS_IN", "nio"),
]
# Negated, denied or reversed statements in the demo articles.
FORBIDDEN = [
    ("tencent", "INVESTS_IN", "alibaba"), ("great-wall-motor", "PARTNERS_WITH", "xiaomi"),
    ("walmart", "ACQUIRES", "yihaodian"), ("yihaodian", "ACQUIRES", "jd-com"), ("ford", "ACQUIRES", "volvo-cars"),
]
BOILERPLATE_ONLY = {"lenovo", "baidu", "baidu-ai-cloud", "netease", "trip-com-group", "bilibili", "iqiyi",
                    "li-auto", "xpeng", "dji", "inditex", "xiaohongshu", "zalando", "vinted", "haier"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(DEMO), "--db", str(tmp / "db")])
    out = tmp / "graph.json"
    exported = runner.invoke(cli, ["export", "--db", str(tmp / "db"), "--format", "json", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    return tmp, first, json.loads(out.read_text(encoding="utf-8"))


def keys(graph):
    return {(e["source"], e["type"], e["target"]) for e in graph["edges"]}


def sym(k):
    s, t, o = k
    return {k, (o, t, s)} if t in ("COMPETES_WITH", "PARTNERS_WITH") else {k}


def test_summary_and_exit_status(demo):
    _, first, _ = demo
    assert first.exit_code == 0, first.output
    assert "Ingested 12 new article(s) from 11 file(s)" in first.output
    assert "Entities:" in first.output and "Relations:" in first.output and "MB/s" in first.output


def test_expected_facts_are_extracted(demo):
    found = keys(demo[2])
    missing = [k for k in EXPECTED if not sym(k) & found]
    assert not missing


def test_negated_and_reversed_statements_assert_nothing(demo):
    found = keys(demo[2])
    assert not [k for k in FORBIDDEN if sym(k) & found]


def test_boilerplate_names_are_not_nodes(demo):
    ids = {n["id"] for n in demo[2]["nodes"]}
    assert not ids & BOILERPLATE_ONLY


def test_one_node_across_languages_and_scripts(demo):
    xiaomi = [n for n in demo[2]["nodes"] if n["id"] == "xiaomi"]
    assert len(xiaomi) == 1
    assert {"小米", "millet"} <= set(xiaomi[0]["aliases"])
    works = [e for e in demo[2]["edges"] if (e["source"], e["type"], e["target"]) == ("lei-jun", "WORKS_AT", "xiaomi")]
    assert {"en", "zh"} <= set(works[0]["languages"])


def test_every_evidence_sentence_is_in_its_article(demo):
    tmp, _, graph = demo
    store = EmbeddedStore(tmp / "db", read_only=True)
    try:
        for edge in graph["edges"]:
            assert edge["evidence"] and 0 < edge["confidence"] <= 1
            for ev in edge["evidence"]:
                text = store.get_article(ev["article"]).text
                assert text[ev["start"]:ev["end"]] == ev["sentence"]
    finally:
        store.close()


def test_reingest_changes_nothing(demo):
    tmp, _, graph = demo
    runner = CliRunner()
    again = runner.invoke(cli, ["ingest", str(DEMO), "--db", str(tmp / "db")])
    assert again.exit_code == 0
    assert "Ingested 0 new article(s)" in again.output
    out = tmp / "again.json"
    runner.invoke(cli, ["export", "--db", str(tmp / "db"), "--format", "json", "-o", str(out)])
    assert json.loads(out.read_text(encoding="utf-8")) == graph


def test_ingest_leaves_current_rankings(demo):
    from retailkg.graph.rankings import rankings_fresh
    from retailkg.queries.catalog import run_query

    tmp, _, graph = demo
    store = EmbeddedStore(tmp / "db", read_only=True)
    try:
        assert rankings_fresh(store)
        _, rows = store.run_read("MATCH (e:Entity) WHERE e.pagerank IS NULL RETURN count(e)")
        assert rows[0][0] == 0
        top = run_query(store, "pagerank", {"label": "", "n": 3})[1]
        degree = {n["id"]: n["degree"] for n in graph["nodes"]}
        assert len(top) == 3 and all(r[4] == degree[r[0]] for r in top)  # stored degree = exported degree
    finally:
        store.close()


def test_bad_file_is_reported_and_the_rest_lands(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Tencent invested in JD.com in 2014.", encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"%PDF-1.7\n" + bytes(64))
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "db")])
    assert result.exit_code == 1
    assert "bad.txt: binary file (PDF document)" in result.output
    assert "Ingested 1 new article(s)" in result.output
