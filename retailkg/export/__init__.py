"""Export a subgraph (node-link dict) to slides, images, HTML and interchange formats.

    from retailkg.export import export_subgraph
    export_subgraph(data, "pptx", "xiaomi.pptx", title="Xiaomi", articles={...})
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from retailkg.export.common import ExportError

# format → (module, what it writes)
FORMATS: dict[str, str] = {
    "json": "node-link JSON (networkx; what the scorer reads)",
    "pptx": "editable 16:9 PowerPoint slide (+ evidence table)",
    "png": "image (matplotlib, CJK font)",
    "svg": "vector image with text as text",
    "html": "standalone interactive page (vis-network inlined, works offline)",
    "graphml": "GraphML (yEd, Gephi, Cytoscape)",
    "gexf": "GEXF (Gephi)",
    "csv": "neo4j-admin import CSVs (directory, or .zip)",
}

__all__ = ["FORMATS", "ExportError", "export_subgraph"]


def export_subgraph(data: dict[str, Any], fmt: str, path: str | Path, *, title: str = "",
                    articles: dict[str, dict] | None = None, evidence_slide: bool = True) -> Path:
    """Write the node-link subgraph ``data`` as ``fmt`` to ``path``; return the path written.

    ``articles`` maps article id → {title, url, date, source}, used for footnotes and sources.
    ``ExportError`` if the format is unknown or cannot be produced here (e.g. no CJK font).
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format '{fmt}': choose one of {', '.join(FORMATS)}.")
    path = Path(path)
    if fmt != "csv" or path.suffix.lower() == ".zip":
        path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        from retailkg.export.interchange import write_json

        return write_json(data, path)
    if fmt == "pptx":
        from retailkg.export.slides import write_pptx

        return write_pptx(data, path, title=title, articles=articles, evidence_slide=evidence_slide)
    if fmt in ("png", "svg"):
        from retailkg.export.images import write_image

        return write_image(data, fmt, path, title=title)
    if fmt == "html":
        from retailkg.export.html import write_html

        return write_html(data, path, title=title, articles=articles)
    from retailkg.export import interchange

    writer = {"graphml": interchange.write_graphml, "gexf": interchange.write_gexf, "csv": interchange.write_csv}
    return writer[fmt](data, path)
