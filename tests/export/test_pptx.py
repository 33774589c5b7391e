"""PPTX export read back with python-pptx, and rendered by LibreOffice."""

from __future__ import annotations

import subprocess
from itertools import combinations
from pathlib import Path

import pytest
from export_fixtures import ARTICLES, XSS_NAME, have_soffice, require, synthetic
from PIL import Image, ImageStat
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from retailkg.export import export_subgraph
from retailkg.export.common import label_display, layout_boxes, overlaps
from retailkg.export.fonts import SLIDE_EA_FONT
from retailkg.export.slides import MAX_SLIDE_NODES


def _node_shapes(slide) -> dict[str, object]:
    return {s.name.split(":", 1)[1]: s for s in slide.shapes if s.name.startswith("node:")}


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def _glue(cxn) -> tuple[str, str]:
    nv = cxn._element.find(qn("p:nvCxnSpPr")).find(qn("p:cNvCxnSpPr"))
    return nv.find(qn("a:stCxn")).get("id"), nv.find(qn("a:endCxn")).get("id")


@pytest.fixture(scope="module")
def deck(graph, articles, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pptx") / "fixture.pptx"
    out = export_subgraph(graph, "pptx", path, title="小米 and partners", articles=articles)
    assert out == path and path.stat().st_size > 10_000
    return path


def test_slide_is_16_9_with_a_shape_per_node(deck, graph):
    prs = Presentation(str(deck))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    nodes = _node_shapes(prs.slides[0])
    assert set(nodes) == {n["id"] for n in graph["nodes"]}
    by_id = {n["id"]: n for n in graph["nodes"]}
    for nid, shp in nodes.items():
        assert shp.text_frame.text == by_id[nid]["name"]
    # ellipses for labels the ontology draws as ellipses, rounded rectangles otherwise
    prst = {nid: s._element.spPr.find(qn("a:prstGeom")).get("prst") for nid, s in nodes.items()}
    assert prst["leijun"] == "ellipse" and prst["xiaomi"] == "roundRect"


def test_connectors_are_glued_to_the_edge_endpoints(deck, graph):
    slide = Presentation(str(deck)).slides[0]
    nodes = _node_shapes(slide)
    id_of = {str(s.shape_id): nid for nid, s in nodes.items()}
    cxns = [s for s in slide.shapes if s.name.startswith("edge:")]
    glued = set()
    for c in cxns:
        st, en = _glue(c)
        _, rtype, _ = c.name[5:].split("|")
        glued.add((id_of[st], rtype, id_of[en]))
        # the drawn ends sit on the boundary of the glued shapes
        for (x, y), shp in (((c.begin_x, c.begin_y), nodes[id_of[st]]), ((c.end_x, c.end_y), nodes[id_of[en]])):
            tol = Emu(5000)
            inside = shp.left - tol <= x <= shp.left + shp.width + tol and shp.top - tol <= y <= shp.top + shp.height + tol
            on_edge = min(abs(x - shp.left), abs(x - shp.left - shp.width), abs(y - shp.top),
                          abs(y - shp.top - shp.height)) <= tol
            assert inside and on_edge
    assert glued == {(e["source"], e["type"], e["target"]) for e in graph["edges"]}
    # directed relations get an arrowhead, symmetric ones do not
    heads = {c.name.split("|")[1]: c._element.spPr.find(qn("a:ln")).find(qn("a:tailEnd")) is not None for c in cxns}
    assert heads["SELLS_ON"] and not heads["COMPETES_WITH"]


def test_texts_legend_footnotes_and_fonts(deck, graph):
    slide = Presentation(str(deck)).slides[0]
    texts = "\n".join(_texts(slide))
    assert "小米 and partners" in texts and "阿里巴巴" in texts and "618购物节" in texts and XSS_NAME in texts
    assert "sells on" in texts and "works at (CEO)" in texts
    legend = {s.name.split(":", 1)[1]: s.text_frame.text for s in slide.shapes if s.name.startswith("legend:")}
    assert legend == {lab: label_display(lab) for lab in {n["label"] for n in graph["nodes"]}}
    notes = "\n".join(s.text_frame.text for s in slide.shapes if s.name.startswith("footnotes"))
    for i in range(1, len(ARTICLES) + 1):
        assert f"[{i}]" in notes
    assert f"[{len(ARTICLES) + 1}]" not in notes
    for title, url, _date, source in ARTICLES.values():
        assert title in notes and source in notes and url in notes
    assert "showing" not in texts.lower()
    # every run carries the East-Asian typeface
    runs = [r for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs]
    assert runs
    for r in runs:
        ea = r._r.find(qn("a:rPr")).find(qn("a:ea"))
        assert ea is not None and ea.get("typeface") == SLIDE_EA_FONT


def test_evidence_slide_table(deck, graph):
    prs = Presentation(str(deck))
    assert len(prs.slides) == 2
    table = next(s for s in prs.slides[1].shapes if s.has_table).table
    assert [c.text for c in table.rows[0].cells] == ["Source", "Type", "Target", "Sentence", "Lang", "Article"]
    rows = [[c.text for c in r.cells] for r in list(table.rows)[1:]]
    assert len(rows) == sum(len(e["evidence"]) for e in graph["edges"])
    assert ["雷军" in r[3] for r in rows].count(True) == 1
    assert any(r[1] == "SELLS_ON" and r[0] == "小米" and r[2] == "京东" and r[4] == "zh" for r in rows)
    ea = [r._r.find(qn("a:rPr")).find(qn("a:ea")) for row in table.rows for c in row.cells
          for p in c.text_frame.paragraphs for r in p.runs]
    assert ea and all(e is not None for e in ea)


def test_no_evidence_slide(graph, articles, tmp_path):
    path = export_subgraph(graph, "pptx", tmp_path / "one.pptx", articles=articles, evidence_slide=False)
    assert len(Presentation(str(path)).slides) == 1


def _rects(slide) -> dict[str, tuple[float, float, float, float]]:
    return {nid: (s.left + s.width / 2, s.top + s.height / 2, s.width, s.height) for nid, s in _node_shapes(slide).items()}


def test_sixty_nodes_do_not_overlap(tmp_path):
    data = synthetic(60)
    prs = Presentation(str(export_subgraph(data, "pptx", tmp_path / "sixty.pptx")))
    slide = prs.slides[0]
    rects = _rects(slide)
    assert len(rects) == 60
    for (a, (ax, ay, aw, ah)), (b, (bx, by, bw, bh)) in combinations(rects.items(), 2):
        assert abs(ax - bx) >= (aw + bw) / 2 or abs(ay - by) >= (ah + bh) / 2, (a, b)
    for x, y, w, h in rects.values():
        assert 0 <= x - w / 2 and x + w / 2 <= prs.slide_width and 0 <= y - h / 2 and y + h / 2 <= prs.slide_height
    assert not any(s.name == "note" for s in slide.shapes)


def test_layout_separates_a_crowded_star():
    ids = [f"s{i}" for i in range(45)]
    edges = [{"source": "s0", "target": i} for i in ids[1:]]
    boxes = {i: (1.1, 0.3) for i in ids}
    pos = layout_boxes(ids, edges, boxes, (0, 0, 10, 4.6), gap=0.05)
    assert overlaps(pos, boxes) == []
    # and the overlap check itself catches overlaps
    assert overlaps({"a": (0, 0), "b": (0.5, 0.1)}, {"a": (1, 0.3), "b": (1, 0.3)}) == [("a", "b")]


def test_large_graph_keeps_the_most_central_and_says_so(tmp_path):
    data = synthetic(143)
    prs = Presentation(str(export_subgraph(data, "pptx", tmp_path / "big.pptx", evidence_slide=False)))
    slide = prs.slides[0]
    nodes = _node_shapes(slide)
    assert len(nodes) == MAX_SLIDE_NODES
    assert {"n000", "n001", "n002"} <= set(nodes)  # the hubs
    note = next(s.text_frame.text for s in slide.shapes if s.name == "note")
    assert f"Showing {MAX_SLIDE_NODES} of 143 nodes" in note


def test_libreoffice_renders_the_slide(deck, tmp_path):
    soffice = have_soffice()
    require(soffice is not None, "LibreOffice (soffice) is not installed")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "png",
                    "--outdir", str(tmp_path), str(deck)], check=True, timeout=180, capture_output=True)
    png = tmp_path / (deck.stem + ".png")
    assert png.exists()
    with Image.open(png) as img:
        grey = img.convert("L")
        assert grey.width >= 800 and grey.width / grey.height == pytest.approx(16 / 9, rel=0.02)
        stat = ImageStat.Stat(grey)
        assert stat.var[0] > 200  # not a blank page
        # the node colours are on the page
        colours = {c for _, c in img.convert("RGB").getcolors(1 << 20)}
        assert (0x1F, 0x77, 0xB4) in colours
