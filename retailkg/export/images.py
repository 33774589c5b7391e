"""PNG and SVG export: the subgraph drawn server-side with matplotlib, Chinese in a CJK font.

SVG keeps text as text (``svg.fonttype: none``), so names stay searchable and editable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Patch

from retailkg.export.common import (
    is_symmetric,
    label_colour,
    label_display,
    labels_present,
    layout_boxes,
    node_names,
    relation_verb,
    shorten,
    text_on,
    text_width_units,
    trim,
)
from retailkg.export.fonts import cjk_font_family

MAX_IMAGE_NODES = 200
FIG_W, FIG_H, DPI = 16.0, 9.0, 150
AREA = (0.3, 0.6, 15.7, 8.05)  # inches, y downwards


def _area(n: int) -> tuple[float, float, float, float]:
    """The drawing area, shrunk around its centre for small graphs (no nodes flung to corners)."""
    frac = min(1.0, 0.45 + n / 40)
    x0, y0, x1, y1 = AREA
    cx, cy, hw, hh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2 * frac, (y1 - y0) / 2 * frac
    return cx - hw, cy - hh, cx + hw, cy + hh


def _font_pt(n: int) -> float:
    return 11.0 if n <= 15 else 9.0 if n <= 40 else 7.0 if n <= 90 else 5.5


def _rgb01(colour: tuple[int, int, int]) -> tuple[float, float, float]:
    return colour[0] / 255, colour[1] / 255, colour[2] / 255


def draw(data: dict[str, Any], title: str = "") -> Figure:
    """A matplotlib figure of the subgraph (most central ``MAX_IMAGE_NODES`` nodes)."""
    family = cjk_font_family()
    cut = trim(data, MAX_IMAGE_NODES)
    names = node_names(cut.nodes)
    n = len(cut.nodes)
    pt = _font_pt(n)
    boxes = {}
    for node in cut.nodes:
        label = shorten(names[node["id"]], 30)
        boxes[node["id"]] = (text_width_units(label) * pt / 72 + 0.14, pt * 1.35 / 72 + 0.08)
    pos = layout_boxes([nd["id"] for nd in cut.nodes], cut.edges, boxes, _area(n), gap=0.03)

    fig = Figure(figsize=(FIG_W, FIG_H), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, FIG_W)
    ax.set_ylim(FIG_H, 0)  # y downwards like the slide
    ax.axis("off")
    fontkw = {"fontfamily": [family, "DejaVu Sans"]}
    heading = shorten(title or "retailkg subgraph", 100)
    ax.text(0.3, 0.12, heading, fontsize=16, fontweight="bold", va="top", ha="left", **fontkw)
    sub = f"{n} entities, {len(cut.edges)} relations" + (f" — {cut.note}" if cut.note else "")
    ax.text(15.7, 0.16, sub, fontsize=8, va="top", ha="right", color="#8b1a1a" if cut.note else "#555555",
            **fontkw)

    pair_labels: dict[tuple[str, str], list[str]] = {}
    for e in cut.edges:
        s, t = e["source"], e["target"]
        arrow = FancyArrowPatch(pos[s], pos[t], arrowstyle="-" if is_symmetric(e["type"]) else "-|>",
                                mutation_scale=8, color="#8a8a8a", linewidth=0.6 + float(e.get("confidence") or 0),
                                shrinkA=boxes[s][1] * 36, shrinkB=boxes[t][1] * 36, zorder=1)
        ax.add_patch(arrow)
        pair_labels.setdefault((min(s, t), max(s, t)), []).append(relation_verb(e["type"]))
    if len(cut.edges) <= 150:
        for (s, t), verbs in pair_labels.items():
            (sx, sy), (tx, ty) = pos[s], pos[t]
            ax.text((sx + tx) / 2, (sy + ty) / 2, "; ".join(dict.fromkeys(verbs)), fontsize=max(4.5, pt - 2.5),
                    color="#404040", ha="center", va="center", zorder=2, **fontkw)
    for node in cut.nodes:
        nid = node["id"]
        colour = label_colour(node.get("label", ""))
        x, y = pos[nid]
        edge = "#111111" if nid in cut.centers else "white"
        ax.text(x, y, shorten(names[nid], 30), fontsize=pt, ha="center", va="center", zorder=3,
                color=_rgb01(text_on(colour)),
                bbox={"boxstyle": "round,pad=0.3", "fc": colour, "ec": edge, "lw": 1.5}, **fontkw)
    handles = [Patch(facecolor=label_colour(lab), label=label_display(lab)) for lab in labels_present(cut.nodes)]
    if handles:
        ax.legend(handles=handles, loc="lower right", fontsize=8, frameon=False, ncol=len(handles),
                  prop={"family": [family, "DejaVu Sans"], "size": 8})
    return fig


def write_image(data: dict[str, Any], fmt: str, path: Path, *, title: str = "") -> Path:
    """Write ``png`` or ``svg``; ``ExportError`` if no CJK font is installed."""
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "retailkg"}):
        fig = draw(data, title)
        fig.savefig(str(path), format=fmt, dpi=DPI, facecolor="white")
    return path
