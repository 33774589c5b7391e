"""Standalone interactive HTML (pyvis / vis-network) that works offline.

vis-network's JS and CSS are inlined (``cdn_resources="in_line"``) and the template's remote
Bootstrap tags are removed, so the file loads nothing from the network. Names are passed to
vis-network as JSON (escaped by the template's ``tojson``) and tooltips are plain text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from pyvis.network import Network

from retailkg.export.common import (
    article_citation,
    article_numbers,
    is_symmetric,
    label_colour,
    label_display,
    label_shape,
    labels_present,
    node_names,
    relation_verb,
    safe_url,
    shorten,
    sorted_edges,
    text_on,
)

_REMOTE_TAG = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*/?>", re.I | re.S)
_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.I)


def strip_remote(page: str) -> str:
    """Remove ``<script src=http…>`` and ``<link href=http…>`` tags."""
    return _REMOTE_TAG.sub("", page)


def _tooltip(node: dict[str, Any]) -> str:
    aliases = ", ".join(node.get("aliases") or [])
    text = f"{node.get('name', '')} ({label_display(node.get('label', ''))})"
    return text + (f"\nAliases: {shorten(aliases, 300)}" if aliases else "")


def _edge_tooltip(e: dict[str, Any], names: dict[str, str]) -> str:
    lines = [f"{names[e['source']]} {e['type']} {names[e['target']]} "
             f"(confidence {float(e.get('confidence') or 0):.2f})"]
    for ev in (e.get("evidence") or [])[:3]:
        lines.append(f"• {shorten(ev.get('sentence', ''), 200)} [{ev.get('lang', '')}]")
    return "\n".join(lines)


def _sources_html(edges: list[dict[str, Any]], articles: dict[str, dict] | None) -> str:
    items = []
    for art, num in article_numbers(edges).items():
        meta = (articles or {}).get(art) or {}
        text = html.escape(f"[{num}] {article_citation(art, {art: {**meta, 'url': ''}})}")
        url = safe_url(str(meta.get("url") or ""))
        link = f' <a href="{html.escape(url)}" rel="noopener noreferrer">{html.escape(url)}</a>' if url else ""
        items.append(f"<li>{text}{link}</li>")
    if not items:
        return ""
    return '<details class="rk-sources"><summary>Sources</summary><ol>' + "".join(items) + "</ol></details>"


def render_html(data: dict[str, Any], *, title: str = "", articles: dict[str, dict] | None = None) -> str:
    """The HTML page as a string."""
    names = node_names(data["nodes"])
    ids = set(names)
    edges = sorted_edges([e for e in data["edges"] if e["source"] in ids and e["target"] in ids], names)
    net = Network(height="85vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    centers = set((data.get("graph") or {}).get("center", []))
    for node in data["nodes"]:
        colour = label_colour(node.get("label", ""))
        r, g, b = text_on(colour)
        net.add_node(node["id"], label=shorten(names[node["id"]], 40), title=_tooltip(node),
                     color={"background": colour, "border": "#111111" if node["id"] in centers else colour},
                     borderWidth=3 if node["id"] in centers else 1,
                     shape="ellipse" if label_shape(node.get("label", "")) == "ellipse" else "box",
                     font={"color": f"rgb({r},{g},{b})", "face": "Noto Sans CJK SC, sans-serif"},
                     group=node.get("label", ""))
    for e in edges:
        net.add_edge(e["source"], e["target"], label=relation_verb(e["type"]), title=_edge_tooltip(e, names),
                     arrows="" if is_symmetric(e["type"]) else "to", color="#8a8a8a",
                     width=1 + 2 * float(e.get("confidence") or 0), font={"size": 10, "color": "#555555"})
    net.set_options('{"physics": {"barnesHut": {"springLength": 140}, "stabilization": {"iterations": 300}},'
                    ' "interaction": {"hover": true, "navigationButtons": false}}')
    page = strip_remote(net.generate_html(notebook=False))
    legend = " ".join(
        f'<span class="rk-key" style="background:{label_colour(lab)};color:rgb{text_on(label_colour(lab))}">'
        f"{html.escape(label_display(lab))}</span>" for lab in labels_present(data["nodes"]))
    header = (
        '<style>body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:8px}'
        ".rk-key{display:inline-block;padding:2px 8px;margin:2px;border-radius:6px;font-size:13px}"
        ".rk-sources{font-size:12px;margin-top:8px}</style>"
        f'<h1 class="rk-title" style="font-size:20px">{html.escape(title or "retailkg subgraph")}</h1>'
        f'<div class="rk-legend">{legend} · {len(data["nodes"])} entities, {len(edges)} relations</div>')
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    page = _HEADING.sub(lambda _m: header, page, count=1)
    page = _HEADING.sub("", page)
    return page.replace("</body>", _sources_html(edges, articles) + "\n</body>", 1)


def write_html(data: dict[str, Any], path: Path, *, title: str = "",
               articles: dict[str, dict] | None = None) -> Path:
    """Write the standalone page (UTF-8)."""
    path.write_text(render_html(data, title=title, articles=articles), encoding="utf-8")
    return path
