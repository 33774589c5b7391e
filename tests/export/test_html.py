"""Standalone HTML: vis-network inlined, nothing remote, names escaped."""

from __future__ import annotations

import json
import re

from export_fixtures import XSS_NAME

from retailkg.export import export_subgraph


def _page(graph, articles, tmp_path) -> str:
    return export_subgraph(graph, "html", tmp_path / "g.html", title="小米 <b>graph</b>",
                           articles=articles).read_text(encoding="utf-8")


def test_no_remote_resources(graph, articles, tmp_path):
    page = _page(graph, articles, tmp_path)
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page, re.I)
    for tag in tags:
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", tag, re.I), tag
    assert "vis.Network" in page and "vis.DataSet" in page  # the library itself is inline
    assert len(page) > 300_000


def test_nodes_edges_and_escaping(graph, articles, tmp_path):
    page = _page(graph, articles, tmp_path)
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))
    assert {n["label"] for n in nodes} == {n["name"] for n in graph["nodes"]}
    assert len(edges) == len(graph["edges"])
    assert XSS_NAME not in page  # never raw markup
    assert "<b>graph</b>" not in page and "小米 &lt;b&gt;graph&lt;/b&gt;" in page
    assert "雷军谈618" in page and 'href="https://news.example.com/c"' in page  # sources list
