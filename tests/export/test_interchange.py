"""GraphML, GEXF, neo4j-admin CSV and JSON, parsed back."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest
from export_fixtures import XSS_NAME

from retailkg.export import ExportError, export_subgraph
from retailkg.export.interchange import NODE_HEADER, REL_HEADER


def test_graphml_round_trip(graph, tmp_path):
    g = nx.read_graphml(export_subgraph(graph, "graphml", tmp_path / "g.graphml"))
    assert g.number_of_nodes() == len(graph["nodes"]) and g.number_of_edges() == len(graph["edges"])
    assert g.nodes["xiaomi"]["name"] == "小米" and "Xiaomi" in g.nodes["xiaomi"]["aliases"]
    assert g.nodes["xssorg"]["name"] == XSS_NAME
    types = sorted(d["type"] for _, _, d in g.edges(data=True))
    assert types == sorted(e["type"] for e in graph["edges"])
    ev = json.loads(next(d["evidence"] for _, t, d in g.edges(data=True) if t == "jd" and d["type"] == "SELLS_ON"))
    assert ev[0]["sentence"].startswith("测试句子")


def test_gexf_round_trip(graph, tmp_path):
    g = nx.read_gexf(export_subgraph(graph, "gexf", tmp_path / "g.gexf"))
    assert g.number_of_nodes() == len(graph["nodes"]) and g.number_of_edges() == len(graph["edges"])
    assert g.nodes["xiaomi"]["label"] == "小米" and g.nodes["xiaomi"]["kind"] == "Company"
    assert sorted(d["relation"] for _, _, d in g.edges(data=True)) == sorted(e["type"] for e in graph["edges"])


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("target", ["csvdir", "import.zip"])
def test_csv_neo4j_admin_layout(graph, tmp_path, target):
    out = export_subgraph(graph, "csv", tmp_path / target)
    if target.endswith(".zip"):
        with zipfile.ZipFile(out) as zf:
            assert sorted(zf.namelist()) == ["nodes.csv", "relationships.csv"]
            nodes, rels = (_read(zf.read(n).decode("utf-8")) for n in ("nodes.csv", "relationships.csv"))
    else:
        nodes, rels = (_read((out / n).read_text(encoding="utf-8")) for n in ("nodes.csv", "relationships.csv"))
    assert nodes[0][:4] == ["id:ID", "name", ":LABEL", "aliases:string[]"] and nodes[0] == NODE_HEADER
    assert rels[0][:5] == [":START_ID", ":END_ID", ":TYPE", "confidence:double", "evidence_count:int"]
    assert rels[0] == REL_HEADER
    assert len(nodes) - 1 == len(graph["nodes"]) and len(rels) - 1 == len(graph["edges"])
    row = {r[0]: r for r in nodes[1:]}["xiaomi"]
    assert row[1] == "小米" and row[2] == "Entity;Company" and row[3].split(";") == ["Xiaomi", "小米集团"]
    tm = next(r for r in rels[1:] if r[1] == "tmall" and r[2] == "SELLS_ON")
    assert int(tm[4]) == 1 and 0 < float(tm[3]) <= 1
    sentences = tm[REL_HEADER.index("ev_sentence:string[]")].split(";")
    assert len(sentences) == 1 and "；" in sentences[0]  # the array delimiter never appears inside a value


def test_json_is_the_node_link_dict(graph, tmp_path):
    out = json.loads(export_subgraph(graph, "json", tmp_path / "g.json").read_text(encoding="utf-8"))
    assert out == json.loads(json.dumps(graph))


def test_unknown_format(graph, tmp_path):
    with pytest.raises(ExportError, match="Unknown export format"):
        export_subgraph(graph, "docx", tmp_path / "g.docx")
