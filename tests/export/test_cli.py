"""``retailkg export`` end to end through click, on a real embedded store."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from pptx import Presentation

from retailkg.cli.main import cli
from retailkg.graph.embedded import EmbeddedStore
from retailkg.graph.nodelink import export_store


def _run(*args: str):
    return CliRunner().invoke(cli, ["export", *args], catch_exceptions=False)


def test_whole_graph_json_is_export_store(store_dir, tmp_path):
    out = tmp_path / "all.json"
    res = _run("--db", str(store_dir), "--format", "json", "-o", str(out))
    assert res.exit_code == 0, res.output
    store = EmbeddedStore(store_dir, read_only=True)
    try:
        expected = json.loads(json.dumps(export_store(store)))
    finally:
        store.close()
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got == expected
    assert {"id", "name", "label", "aliases"} <= set(got["nodes"][0])
    assert {"source", "target", "type", "confidence", "evidence"} <= set(got["edges"][0])


@pytest.mark.parametrize("center", ["小米", "Xiaomi", "xiaomi"])
def test_center_json(store_dir, tmp_path, center):
    out = tmp_path / "c.json"
    res = _run("--db", str(store_dir), "--format", "json", "--center", center, "--depth", "1", "-o", str(out))
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    ids = {n["id"] for n in data["nodes"]}
    assert ids == {"xiaomi", "jd", "tmall", "redmi", "leijun", "e618", "xssorg"}  # not alibaba (2 hops)
    assert data["graph"]["center"] == ["xiaomi"]
    res = _run("--db", str(store_dir), "--format", "json", "--center", center, "--depth", "2", "-o", str(out))
    assert "alibaba" in {n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]}


def test_center_pptx_with_title_and_footnotes(store_dir, tmp_path):
    out = tmp_path / "x.pptx"
    res = _run("--db", str(store_dir), "--format", "pptx", "--center", "小米", "-o", str(out), "--no-evidence-slide")
    assert res.exit_code == 0, res.output
    prs = Presentation(str(out))
    assert len(prs.slides) == 1
    texts = "\n".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "小米: 1-hop neighbourhood" in texts and "Example News" in texts and "雷军谈618" in texts


def test_errors_are_clean(store_dir, tmp_path):
    res = _run("--db", str(store_dir), "--format", "json", "--center", "Nonexistent Corp", "-o", str(tmp_path / "n.json"))
    assert res.exit_code != 0 and "No entity matches 'Nonexistent Corp'" in res.output
    res = _run("--db", str(store_dir), "--param", "a=b", "-o", str(tmp_path / "n.json"))
    assert res.exit_code != 0 and "--param needs --query" in res.output
    res = _run("--db", str(tmp_path / "missing"), "-o", str(tmp_path / "n.json"))
    assert res.exit_code != 0 and "No graph at" in res.output


def test_query_export(store_dir, tmp_path):
    pytest.importorskip("retailkg.queries.catalog")
    out = tmp_path / "q.graphml"
    res = _run("--db", str(store_dir), "--format", "graphml", "--query", "neighbourhood", "--param", "entity=小米",
               "--param", "depth=1", "-o", str(out))
    assert res.exit_code == 0, res.output
    import networkx as nx

    g = nx.read_graphml(out)
    assert {"jd", "tmall", "leijun"} <= set(g.nodes)
    res = _run("--db", str(store_dir), "--query", "no_such_query", "-o", str(tmp_path / "n.json"))
    assert res.exit_code != 0 and "no_such_query" in res.output
