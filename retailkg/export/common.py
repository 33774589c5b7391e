"""Helpers every export format shares: colours, centrality trimming, layout, article numbering."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from retailkg.graph.ontology import load_ontology


class ExportError(RuntimeError):
    """An export cannot be produced as asked (the message says why and what to do)."""


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """``#1f77b4`` → (31, 119, 180)."""
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def label_colour(label: str) -> str:
    """The ontology colour of a label (grey for labels the ontology does not know)."""
    return load_ontology().colour(label)


def label_display(label: str) -> str:
    """The ontology display name of a label."""
    return str(load_ontology().labels.get(label, {}).get("display", label))


def label_shape(label: str) -> str:
    """``ellipse`` or ``roundrect``: the optional ``shape`` key of the label in the ontology."""
    return str(load_ontology().labels.get(label, {}).get("shape", "roundrect"))


def text_on(colour: str) -> tuple[int, int, int]:
    """Black or white, whichever reads better on ``colour``."""
    r, g, b = hex_to_rgb(colour)
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return (0, 0, 0) if lum > 150 else (255, 255, 255)


def relation_verb(rtype: str) -> str:
    """The ontology verb of a relation type (the type itself for unknown types)."""
    rt = load_ontology().relations.get(rtype)
    return rt.verb if rt else rtype


def is_symmetric(rtype: str) -> bool:
    rt = load_ontology().relations.get(rtype)
    return bool(rt and rt.symmetric)


def labels_present(nodes: list[dict[str, Any]]) -> list[str]:
    """Labels used by ``nodes``, in ontology order (unknown labels last, sorted)."""
    used = {n.get("label", "") for n in nodes}
    known = [lab for lab in load_ontology().label_names if lab in used]
    return known + sorted(used - set(known))


def text_width_units(text: str) -> float:
    """Approximate rendered width in ems: wide (CJK) characters 1, others ~0.55."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.56 for ch in text)


def shorten(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_url(url: str) -> str:
    """``url`` if it is http(s), else empty (never a ``javascript:`` link)."""
    return url if re.match(r"^https?://", url or "", re.I) else ""


# -- trimming ---------------------------------------------------------------------------------

@dataclass
class Trimmed:
    """A subgraph cut down to its most central nodes, with what was left out."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    total_nodes: int
    total_edges: int
    centers: list[str] = field(default_factory=list)

    @property
    def dropped_nodes(self) -> int:
        return self.total_nodes - len(self.nodes)

    @property
    def note(self) -> str:
        """``showing 60 of 143 nodes …`` when something was left out, else empty."""
        if not self.dropped_nodes:
            return ""
        return (f"Showing {len(self.nodes)} of {self.total_nodes} nodes (the most connected) and "
                f"{len(self.edges)} of {self.total_edges} relations; {self.dropped_nodes} nodes left out.")


def centrality(data: dict[str, Any]) -> dict[str, float]:
    """Degree in the subgraph (number of relations), ties broken by summed confidence."""
    score = {n["id"]: 0.0 for n in data["nodes"]}
    for e in data["edges"]:
        for end in (e["source"], e["target"]):
            if end in score:
                score[end] += 1.0 + 1e-3 * float(e.get("confidence") or 0.0)
    return score


def trim(data: dict[str, Any], max_nodes: int) -> Trimmed:
    """Keep the centre nodes and then the most central others, up to ``max_nodes``."""
    nodes, edges = list(data["nodes"]), list(data["edges"])
    ids = {n["id"] for n in nodes}
    edges = [e for e in edges if e["source"] in ids and e["target"] in ids]
    centers = [c for c in (data.get("graph") or {}).get("center", []) if c in ids]
    if len(nodes) > max_nodes:
        score = centrality({"nodes": nodes, "edges": edges})
        ranked = sorted(nodes, key=lambda n: (n["id"] not in centers, -score[n["id"]], n.get("name", ""),
                                              n["id"]))
        keep = {n["id"] for n in ranked[:max_nodes]}
        kept_nodes = [n for n in nodes if n["id"] in keep]
        kept_edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    else:
        kept_nodes, kept_edges = nodes, edges
    return Trimmed(kept_nodes, kept_edges, len(nodes), len(edges), centers)


# -- layout -----------------------------------------------------------------------------------

Box = tuple[float, float]  # width, height


def initial_positions(ids: list[str], edges: list[dict[str, Any]], seed: int = 7) -> dict[str, np.ndarray]:
    """Force-directed positions in [-1, 1]² (deterministic for a given graph)."""
    g = nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from((e["source"], e["target"]) for e in edges if e["source"] != e["target"])
    if len(ids) == 1:
        return {ids[0]: np.zeros(2)}
    if len(ids) == 2:
        return {ids[0]: np.array([-1.0, 0.0]), ids[1]: np.array([1.0, 0.0])}
    init = nx.circular_layout(g)  # deterministic start, then springs
    k = 1.6 / math.sqrt(len(ids))
    return nx.spring_layout(g, pos=init, k=k, iterations=200, seed=seed)


def overlaps(pos: dict[str, tuple[float, float]], boxes: dict[str, Box], gap: float = 0.0) -> list[tuple]:
    """Pairs of ids whose boxes (centred at ``pos``) overlap, with ``gap`` as the minimum clearance."""
    ids = list(pos)
    out = []
    for i, a in enumerate(ids):
        ax, ay = pos[a]
        aw, ah = boxes[a]
        for b in ids[i + 1:]:
            bx, by = pos[b]
            bw, bh = boxes[b]
            if abs(ax - bx) < (aw + bw) / 2 + gap and abs(ay - by) < (ah + bh) / 2 + gap:
                out.append((a, b))
    return out


def _separate(xy: np.ndarray, wh: np.ndarray, area: tuple[float, float, float, float], gap: float,
              iterations: int) -> bool:
    """Push overlapping boxes apart in place (along the axis of least overlap); True when none overlap."""
    x0, y0, x1, y1 = area
    n = len(xy)
    half = wh / 2
    for _ in range(iterations):
        dx = xy[None, :, 0] - xy[:, None, 0]
        dy = xy[None, :, 1] - xy[:, None, 1]
        ox = (half[:, None, 0] + half[None, :, 0] + gap) - np.abs(dx)
        oy = (half[:, None, 1] + half[None, :, 1] + gap) - np.abs(dy)
        hit = (ox > 1e-9) & (oy > 1e-9)
        np.fill_diagonal(hit, False)
        if not hit.any():
            return True
        along_x = ox < oy
        # deterministic tie-break for coincident centres: order by index
        idx = np.arange(n)
        sx = np.where(dx != 0, np.sign(dx), np.where(idx[None, :] > idx[:, None], 1.0, -1.0))
        sy = np.where(dy != 0, np.sign(dy), np.where(idx[None, :] > idx[:, None], 1.0, -1.0))
        push_x = np.where(hit & along_x, ox * sx, 0.0) * 0.5
        push_y = np.where(hit & ~along_x, oy * sy, 0.0) * 0.5
        # node i moves away from j: subtract the push it gives to j
        xy[:, 0] -= push_x.sum(axis=1) * 0.6
        xy[:, 1] -= push_y.sum(axis=1) * 0.6
        xy[:, 0] = np.clip(xy[:, 0], x0 + half[:, 0], x1 - half[:, 0])
        xy[:, 1] = np.clip(xy[:, 1], y0 + half[:, 1], y1 - half[:, 1])
    return False


def _spiral(step: float, radius: float) -> np.ndarray:
    """Offsets on a square lattice within ``radius``, nearest first (0, 0 included)."""
    k = int(radius / step) + 1
    g = np.arange(-k, k + 1) * step
    off = np.array(np.meshgrid(g, g)).reshape(2, -1).T
    d = np.hypot(off[:, 0], off[:, 1] * 1.6)  # prefer sideways moves: boxes are wide
    keep = d <= radius * 1.6
    return off[keep][np.argsort(d[keep], kind="stable")]


def _place_greedy(xy: np.ndarray, wh: np.ndarray, area: tuple[float, float, float, float], gap: float,
                  order: np.ndarray) -> bool:
    """Place boxes one by one (in ``order``) at the free spot nearest their position; in place."""
    x0, y0, x1, y1 = area
    step = max(0.02, float(wh[:, 1].min()) / 3)
    offsets = _spiral(step, max(x1 - x0, y1 - y0))
    placed: list[int] = []
    for i in order:
        w, h = wh[i]
        found = None
        for start in range(0, len(offsets), 2000):  # nearest offsets first, in batches
            batch = xy[i] + offsets[start:start + 2000]
            inside = ((batch[:, 0] - w / 2 >= x0 - 1e-9) & (batch[:, 0] + w / 2 <= x1 + 1e-9)
                      & (batch[:, 1] - h / 2 >= y0 - 1e-9) & (batch[:, 1] + h / 2 <= y1 + 1e-9))
            batch = batch[inside]
            if not len(batch):
                continue
            if not placed:
                found = batch[0]
                break
            p, pw = xy[placed], wh[placed]
            clash = ((np.abs(batch[:, None, 0] - p[None, :, 0]) < (w + pw[None, :, 0]) / 2 + gap)
                     & (np.abs(batch[:, None, 1] - p[None, :, 1]) < (h + pw[None, :, 1]) / 2 + gap)).any(axis=1)
            free = np.flatnonzero(~clash)
            if len(free):
                found = batch[free[0]]
                break
        if found is None:
            return False
        xy[i] = found
        placed.append(int(i))
    return True


def _grid(xy: np.ndarray, wh: np.ndarray, area: tuple[float, float, float, float], gap: float) -> np.ndarray:
    """Fallback: snap every box to its nearest free cell of a grid of the largest box size."""
    x0, y0, x1, y1 = area
    cw, ch = wh[:, 0].max() + gap, wh[:, 1].max() + gap
    cols, rows = max(1, int((x1 - x0) // cw)), max(1, int((y1 - y0) // ch))
    if cols * rows < len(xy):
        raise ExportError(f"{len(xy)} boxes do not fit the drawing area; use fewer nodes.")
    cw, ch = (x1 - x0) / cols, (y1 - y0) / rows
    cells = np.array([(x0 + (c + 0.5) * cw, y0 + (r + 0.5) * ch) for r in range(rows) for c in range(cols)])
    free = np.ones(len(cells), dtype=bool)
    out = np.zeros_like(xy)
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    for i in np.argsort(np.linalg.norm(xy - centre, axis=1)):
        d = np.linalg.norm(cells - xy[i], axis=1)
        d[~free] = np.inf
        j = int(np.argmin(d))
        free[j] = False
        out[i] = cells[j]
    return out


def layout_boxes(ids: list[str], edges: list[dict[str, Any]], boxes: dict[str, Box],
                 area: tuple[float, float, float, float], gap: float = 0.06) -> dict[str, tuple[float, float]]:
    """Centres for boxes of the given sizes inside ``area`` (x0, y0, x1, y1): no two boxes overlap.

    Spring layout scaled to the area, then an overlap-removal pass; if that does not settle, a
    grid snap that cannot overlap.
    """
    if not ids:
        return {}
    x0, y0, x1, y1 = area
    raw = initial_positions(ids, edges)
    pts = np.array([raw[i] for i in ids], dtype=float)
    wh = np.array([boxes[i] for i in ids], dtype=float)
    # robust bounds: a far-off stray node should not squeeze everything else into a corner
    q = 4 if len(ids) >= 20 else 0
    lo, hi = np.percentile(pts, q, axis=0), np.percentile(pts, 100 - q, axis=0)
    pts = np.clip(pts, lo, hi)
    span = np.where(hi - lo > 1e-9, hi - lo, 1.0)
    mw, mh = wh[:, 0].max() / 2, wh[:, 1].max() / 2
    inner = np.array([x0 + mw, y0 + mh]), np.array([x1 - mw, y1 - mh])
    size = np.maximum(inner[1] - inner[0], 0.0)
    xy = inner[0] + (pts - lo) / span * size
    if len(ids) == 1:
        xy[0] = [(x0 + x1) / 2, (y0 + y1) / 2]
    if not _separate(xy, wh, area, gap, iterations=150):
        # hubs first (most edges), each at the free spot nearest where the springs put it
        deg = {i: 0 for i in ids}
        for e in edges:
            for end in (e["source"], e["target"]):
                if end in deg:
                    deg[end] += 1
        order = np.array(sorted(range(len(ids)), key=lambda k: (-deg[ids[k]], k)))
        start = xy.copy()
        if not _place_greedy(xy, wh, area, gap, order):
            xy = _grid(start, wh, area, gap)
    return {i: (float(xy[k, 0]), float(xy[k, 1])) for k, i in enumerate(ids)}


# -- articles ---------------------------------------------------------------------------------

def article_numbers(edges: list[dict[str, Any]]) -> dict[str, int]:
    """Footnote number per article id, in order of first citation by ``edges``."""
    out: dict[str, int] = {}
    for e in edges:
        for art in e.get("articles") or sorted({ev["article"] for ev in e.get("evidence", [])}):
            if art not in out:
                out[art] = len(out) + 1
    return out


def article_citation(art_id: str, articles: dict[str, dict] | None) -> str:
    """``Title — Source, date. URL`` (or the article id when nothing else is known)."""
    meta = (articles or {}).get(art_id) or {}
    title = shorten(str(meta.get("title") or "").lstrip("# "), 110) or f"Article {art_id[:12]}"
    bits = [str(meta.get(k) or "") for k in ("source", "date")]
    where = ", ".join(b for b in bits if b)
    url = str(meta.get("url") or "")
    text = title + (f" — {where}" if where else "")
    return text + (f". {url}" if url else "")


def ref_marks(nums: list[int]) -> str:
    """``[1,2,5]`` (at most four numbers, then ``+N``)."""
    nums = sorted(set(nums))
    if not nums:
        return ""
    shown = ",".join(str(n) for n in nums[:4])
    more = f",+{len(nums) - 4}" if len(nums) > 4 else ""
    return f"[{shown}{more}]"


def node_names(nodes: list[dict[str, Any]]) -> dict[str, str]:
    return {n["id"]: str(n.get("name") or n["id"]) for n in nodes}


def sorted_edges(edges: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """Edges by confidence (highest first), then by names — the order footnotes are numbered in."""
    return sorted(edges, key=lambda e: (-float(e.get("confidence") or 0.0), names.get(e["source"], ""),
                                        e["type"], names.get(e["target"], "")))
