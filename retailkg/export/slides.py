"""PPTX export: an editable 16:9 slide of the subgraph, with legend, footnotes and evidence table.

Nodes are native auto-shapes coloured by ontology label, relations are connectors glued to them
(``begin_connect``/``end_connect``), so moving a node in PowerPoint drags its relations along.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from retailkg.export.common import (
    article_citation,
    article_numbers,
    hex_to_rgb,
    is_symmetric,
    label_colour,
    label_display,
    label_shape,
    labels_present,
    layout_boxes,
    node_names,
    ref_marks,
    relation_verb,
    shorten,
    sorted_edges,
    text_on,
    text_width_units,
    trim,
)
from retailkg.export.fonts import SLIDE_EA_FONT, SLIDE_LATIN_FONT

MAX_SLIDE_NODES = 60
SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
GRAPH_AREA = (0.35, 1.1, 10.65, 5.65)  # x0, y0, x1, y1 in inches
LEGEND_X, LEGEND_W = 10.9, 2.1
FOOTNOTE_Y, FOOTNOTE_LINES = 5.8, 8
EVIDENCE_ROWS_PER_SLIDE = 9
MAX_EVIDENCE_ROWS = 90
SOURCES_PER_SLIDE = 28

# Connection-site indices of the preset geometries (DrawingML presetShapeDefinitions).
CXN_SITES = {
    "roundrect": {"top": 0, "left": 1, "bottom": 2, "right": 3},
    "ellipse": {"top": 0, "left": 2, "bottom": 4, "right": 6},
}
SHAPES = {"roundrect": MSO_SHAPE.ROUNDED_RECTANGLE, "ellipse": MSO_SHAPE.OVAL}
GREY = RGBColor(0x59, 0x59, 0x59)


def _node_style(n: int) -> tuple[float, float, float]:
    """Font size (pt), one-line height and maximum width (inches) for ``n`` nodes on a slide."""
    if n <= 15:
        return 12.0, 0.46, 1.9
    if n <= 35:
        return 10.0, 0.38, 1.5
    return 8.0, 0.3, 1.12


def node_box(name: str, n: int) -> tuple[float, float, int]:
    """Width, height (inches) and line count of a node showing ``name``."""
    pt, h, max_w = _node_style(n)
    text_w = text_width_units(name) * pt / 72 + 0.22
    lines = max(1, min(3, math.ceil(text_w / max_w)))
    width = min(max_w, max(0.75 if n <= 35 else 0.6, text_w))
    return width, h + (lines - 1) * pt * 1.25 / 72, lines


def set_run_fonts(run: Any, size: float | None = None, bold: bool | None = None,
                  colour: tuple[int, int, int] | None = None) -> None:
    """Latin and East-Asian typefaces (so Chinese renders), plus optional size, weight, colour."""
    font = run.font
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if colour is not None:
        font.color.rgb = RGBColor(*colour)
    apply_ea_font(run._r)


def apply_ea_font(r_el: Any) -> None:
    """Write ``a:latin`` and ``a:ea`` into a run's ``a:rPr`` (schema order kept)."""
    rpr = r_el.get_or_add_rPr()
    for tag in ("a:latin", "a:ea", "a:cs"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    successors = {qn(t) for t in ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")}
    anchor = next((child for child in rpr if child.tag in successors), None)
    for tag, face in (("a:latin", SLIDE_LATIN_FONT), ("a:ea", SLIDE_EA_FONT), ("a:cs", SLIDE_LATIN_FONT)):
        el = etree.SubElement(rpr, qn(tag))
        el.set("typeface", face)
        if anchor is not None:
            anchor.addprevious(el)
    rpr.set("altLang", "zh-CN")


def _all_runs(shapes: Any):
    for shape in shapes:
        if shape.has_text_frame:
            for p in shape.text_frame.paragraphs:
                yield from p.runs
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    for p in cell.text_frame.paragraphs:
                        yield from p.runs


def _textbox(slide: Any, x: float, y: float, w: float, h: float, lines: list[str], *, size: float,
             name: str, bold: bool = False, colour: tuple[int, int, int] = (0x26, 0x26, 0x26),
             align: Any = PP_ALIGN.LEFT) -> Any:
    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    box.name = name
    tf = box.text_frame
    tf.word_wrap = True
    for m in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, m, Inches(0.02))
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        run = p.add_run()
        run.text = line
        set_run_fonts(run, size, bold, colour)
    return box


def _side(dx: float, dy: float, w: float, h: float) -> str:
    """Which side of a w×h box faces the direction (dx, dy) (slide y grows downwards)."""
    if abs(dx) * h >= abs(dy) * w:
        return "right" if dx >= 0 else "left"
    return "bottom" if dy >= 0 else "top"


def _site_point(shape: Any, side: str) -> tuple[int, int]:
    x, y, w, h = shape.left, shape.top, shape.width, shape.height
    return {"top": (x + w // 2, y), "left": (x, y + h // 2), "bottom": (x + w // 2, y + h),
            "right": (x + w, y + h // 2)}[side]


def _arrow(connector: Any) -> None:
    """Triangle head at the connector's end (the relation's target)."""
    ln = connector.line._get_or_add_ln()
    tail = etree.SubElement(ln, qn("a:tailEnd"))
    tail.set("type", "triangle")
    tail.set("w", "med")
    tail.set("len", "med")


def _graph_slide(prs: Any, data: dict[str, Any], title: str,
                 articles: dict[str, dict] | None) -> tuple[dict[str, int], Any]:
    """The main slide; returns the footnote numbers of the articles cited and the trim result."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    cut = trim(data, MAX_SLIDE_NODES)
    names = node_names(cut.nodes)
    edges = sorted_edges(cut.edges, names)
    numbers = article_numbers(edges)
    n = len(cut.nodes)

    _textbox(slide, 0.35, 0.18, 10.4, 0.55, [shorten(title or "retailkg subgraph", 90)], size=24,
             bold=True, name="title")
    sub = (f"{len(cut.nodes)} entities, {len(edges)} relations, {len(numbers)} source articles · "
           f"retailkg, {date.today().isoformat()}")
    _textbox(slide, 0.35, 0.72, 10.4, 0.28, [sub], size=10, name="subtitle", colour=(0x59, 0x59, 0x59))
    if cut.note:
        _textbox(slide, 0.35, 0.96, 10.4, 0.24, [cut.note], size=9, name="note", bold=True,
                 colour=(0xB0, 0x1E, 0x1E))

    # nodes
    boxes, lines = {}, {}
    for node in cut.nodes:
        w, h, k = node_box(names[node["id"]], n)
        if label_shape(node.get("label", "")) == "ellipse":  # an ellipse's text area is narrower
            w *= 1.3
        boxes[node["id"]], lines[node["id"]] = (w, h), k
    pos = layout_boxes([nd["id"] for nd in cut.nodes], edges, boxes, GRAPH_AREA)
    pt = _node_style(n)[0]
    shapes: dict[str, Any] = {}
    for node in cut.nodes:
        nid = node["id"]
        (w, h), (cx, cy) = boxes[nid], pos[nid]
        geometry = label_shape(node.get("label", ""))
        shp = slide.shapes.add_shape(SHAPES.get(geometry, MSO_SHAPE.ROUNDED_RECTANGLE), Inches(cx - w / 2),
                                     Inches(cy - h / 2), Inches(w), Inches(h))
        shp.name = f"node:{nid}"
        colour = label_colour(node.get("label", ""))
        shp.fill.solid()
        shp.fill.fore_color.rgb = RGBColor(*hex_to_rgb(colour))
        shp.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        shp.line.width = Pt(0.75)
        if nid in cut.centers:
            shp.line.color.rgb = RGBColor(0x11, 0x11, 0x11)
            shp.line.width = Pt(2.25)
        tf = shp.text_frame
        tf.word_wrap = True
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        for m in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(tf, m, Inches(0.03))
        p = tf.paragraphs[0]
        p.alignment = PP_ALIGN.CENTER
        run = p.add_run()
        run.text = shorten(names[nid], 48)
        set_run_fonts(run, pt, False, text_on(colour))
        shapes[nid] = shp

    # relations: connectors glued to the node shapes, one label per node pair
    first_node_el = next(iter(shapes.values()))._element if shapes else None
    pair_labels: dict[tuple[str, str], list[str]] = {}
    pair_refs: dict[tuple[str, str], list[int]] = {}
    for e in edges:
        s, t = e["source"], e["target"]
        a, b = shapes[s], shapes[t]
        (sx, sy), (tx, ty) = pos[s], pos[t]
        s_side = _side(tx - sx, ty - sy, *boxes[s])
        t_side = _side(sx - tx, sy - ty, *boxes[t])
        p0, p1 = _site_point(a, s_side), _site_point(b, t_side)
        cxn = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(p0[0]), Emu(p0[1]), Emu(p1[0]), Emu(p1[1]))
        _glue(cxn, a, s_side, begin=True)
        _glue(cxn, b, t_side, begin=False)
        # python-pptx places ends by its 4-site rectangle table; put them on the true sites
        cxn.begin_x, cxn.begin_y = p0
        cxn.end_x, cxn.end_y = p1
        cxn.name = f"edge:{s}|{e['type']}|{t}"
        cxn.line.color.rgb = RGBColor(0x80, 0x80, 0x80)
        cxn.line.width = Pt(1.0 + 1.5 * float(e.get("confidence") or 0.0))
        if not is_symmetric(e["type"]):
            _arrow(cxn)
        if first_node_el is not None:  # connectors drawn behind the nodes
            first_node_el.addprevious(cxn._element)
        key = (min(s, t), max(s, t))
        verb = relation_verb(e["type"])
        if e.get("role"):
            verb += f" ({e['role']})"
        pair_labels.setdefault(key, []).append(verb)
        pair_refs.setdefault(key, []).extend(numbers[a_] for a_ in e.get("articles") or [] if a_ in numbers)
    lab_pt = max(6.0, pt - 2)
    for (s, t), verbs in pair_labels.items():
        (sx, sy), (tx, ty) = pos[s], pos[t]
        text = "; ".join(dict.fromkeys(verbs)) + " " + ref_marks(pair_refs[(s, t)])
        w = min(1.8, text_width_units(text) * lab_pt / 72 + 0.1)
        lab = _textbox(slide, (sx + tx) / 2 - w / 2, (sy + ty) / 2 - 0.09, w, 0.18, [text.strip()],
                       size=lab_pt, name=f"edge-label:{s}|{t}", colour=(0x40, 0x40, 0x40), align=PP_ALIGN.CENTER)
        lab.text_frame.word_wrap = False

    # legend: the labels present, in ontology order
    _textbox(slide, LEGEND_X, GRAPH_AREA[1], LEGEND_W, 0.3, ["Legend"], size=12, bold=True, name="legend")
    y = GRAPH_AREA[1] + 0.38
    for label in labels_present(cut.nodes):
        colour = label_colour(label)
        key = slide.shapes.add_shape(SHAPES.get(label_shape(label), MSO_SHAPE.ROUNDED_RECTANGLE),
                                     Inches(LEGEND_X), Inches(y), Inches(0.38), Inches(0.22))
        key.name = f"legend-key:{label}"
        key.fill.solid()
        key.fill.fore_color.rgb = RGBColor(*hex_to_rgb(colour))
        key.line.fill.background()
        _textbox(slide, LEGEND_X + 0.48, y - 0.02, LEGEND_W - 0.5, 0.26, [label_display(label)], size=10,
                 name=f"legend:{label}")
        y += 0.32
    _textbox(slide, LEGEND_X, y + 0.1, LEGEND_W, 0.5,
             ["→ directed relation", "[n] source article (below)"], size=8, name="legend-notes",
             colour=(0x59, 0x59, 0x59))

    # footnotes: numbered articles behind the edges shown
    cites = [f"[{num}] {article_citation(art, articles)}" for art, num in numbers.items()]
    per_slide = 2 * FOOTNOTE_LINES
    shown = cites[:per_slide] if len(cites) <= per_slide else cites[: per_slide - 1]
    if len(cites) > len(shown):
        shown.append(f"… {len(cites) - len(shown)} more sources on the following 'Sources' slide(s).")
    if shown:
        half = math.ceil(len(shown) / 2) if len(shown) > FOOTNOTE_LINES // 2 else len(shown)
        cols = [shown[:half], shown[half:]]
        for i, col in enumerate(cols):
            if col:
                _textbox(slide, 0.35 + i * 6.4, FOOTNOTE_Y, 6.25, 1.55, [shorten(c, 150) for c in col], size=7,
                         name=f"footnotes-{i + 1}", colour=(0x40, 0x40, 0x40))
    for start in range(len(shown) - (1 if len(cites) > len(shown) else 0), len(cites), SOURCES_PER_SLIDE):
        extra = prs.slides.add_slide(prs.slide_layouts[6])
        _textbox(extra, 0.35, 0.2, 12.6, 0.5, ["Sources (continued)"], size=20, bold=True, name="title")
        _textbox(extra, 0.35, 0.85, 12.6, 6.4, [shorten(c, 190) for c in cites[start:start + SOURCES_PER_SLIDE]],
                 size=9, name="sources")
    return numbers, cut


def _glue(cxn: Any, shape: Any, side: str, *, begin: bool) -> None:
    """Glue one end of ``cxn`` to the connection site of ``shape`` on ``side``.

    ``begin_connect``/``end_connect`` only know the four sites of a rectangle, so glue with
    site 0 and then write the geometry's real site index (an ellipse has eight).
    """
    idx = CXN_SITES.get(_geom(shape), CXN_SITES["roundrect"])[side]
    (cxn.begin_connect if begin else cxn.end_connect)(shape, 0)
    nv = cxn._element.find(qn("p:nvCxnSpPr")).find(qn("p:cNvCxnSpPr"))
    nv.find(qn("a:stCxn" if begin else "a:endCxn")).set("idx", str(idx))


def _geom(shape: Any) -> str:
    """``ellipse`` or ``roundrect`` from the shape's preset geometry."""
    prst = shape._element.spPr.find(qn("a:prstGeom"))
    return "ellipse" if prst is not None and prst.get("prst") == "ellipse" else "roundrect"


def _evidence_slides(prs: Any, data: dict[str, Any], cut: Any, numbers: dict[str, int],
                     articles: dict[str, dict] | None) -> None:
    """Evidence table: one row per sentence behind the relations shown."""
    names = node_names(cut.nodes)
    rows = []
    for e in sorted_edges(cut.edges, names):
        for ev in e.get("evidence") or []:
            meta = (articles or {}).get(ev["article"]) or {}
            art = f"[{numbers.get(ev['article'], '?')}] " + shorten(str(meta.get("title") or ev["article"][:12]), 40)
            rows.append([names[e["source"]], e["type"], names[e["target"]], shorten(ev.get("sentence", ""), 220),
                         ev.get("lang", ""), art])
    if not rows:
        return
    total = len(rows)
    rows = rows[:MAX_EVIDENCE_ROWS]
    header = ["Source", "Type", "Target", "Sentence", "Lang", "Article"]
    widths = [1.5, 1.35, 1.5, 6.1, 0.55, 1.6]
    pages = math.ceil(len(rows) / EVIDENCE_ROWS_PER_SLIDE)
    for page in range(pages):
        chunk = rows[page * EVIDENCE_ROWS_PER_SLIDE:(page + 1) * EVIDENCE_ROWS_PER_SLIDE]
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        head = "Evidence" + (f" ({page + 1}/{pages})" if pages > 1 else "")
        _textbox(slide, 0.35, 0.2, 12.6, 0.5, [head], size=20, bold=True, name="title")
        if total > len(rows):
            _textbox(slide, 0.35, 0.7, 12.6, 0.25, [f"Showing {len(rows)} of {total} evidence sentences."],
                     size=9, name="note", colour=(0xB0, 0x1E, 0x1E))
        frame = slide.shapes.add_table(len(chunk) + 1, len(header), Inches(0.35), Inches(1.0),
                                       Inches(sum(widths)), Inches(0.3 * (len(chunk) + 1)))
        frame.name = "evidence-table"
        table = frame.table
        for j, w in enumerate(widths):
            table.columns[j].width = Inches(w)
        for i, row in enumerate([header, *chunk]):
            for j, value in enumerate(row):
                cell = table.cell(i, j)
                cell.text = str(value)
                for p in cell.text_frame.paragraphs:
                    for run in p.runs:
                        set_run_fonts(run, 9 if i == 0 else 8, i == 0)


def write_pptx(data: dict[str, Any], path: Path, *, title: str = "", articles: dict[str, dict] | None = None,
               evidence_slide: bool = True) -> Path:
    """Write the subgraph as a 16:9 deck: graph slide, sources overflow, evidence table."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    numbers, cut = _graph_slide(prs, data, title, articles)
    if evidence_slide:
        _evidence_slides(prs, data, cut, numbers, articles)
    for slide in prs.slides:  # every run, tables included, gets the East-Asian typeface
        for run in _all_runs(slide.shapes):
            apply_ea_font(run._r)
    prs.save(str(path))
    return path
