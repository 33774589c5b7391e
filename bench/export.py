"""Time to export a 200-node subgraph in every format (median of a few runs, warm caches).

    python bench/export.py [-n 200] [--repeat 3] [--out bench/results/export.json]

Writes the JSON result and the "## Export" section of docs/benchmarks.md (other sections kept).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

from docsection import update_section  # noqa: E402  (bench/ is on sys.path when run as a script)

from retailkg.export import FORMATS, ExportError, export_subgraph
from retailkg.graph.nodelink import node_link
from retailkg.graph.ontology import load_ontology
from retailkg.graph.records import EntityRecord, EvidenceRecord, RelationRecord

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"


def synthetic(n: int, seed: int = 11) -> tuple[dict, dict[str, dict]]:
    """A scale-free-ish subgraph of ``n`` entities (mixed Chinese/Latin names) and its articles."""
    rnd = random.Random(seed)
    onto = load_ontology()
    labels = onto.label_names
    ents = [EntityRecord(id=f"e{i:04d}", name=(f"企业{i}号" if i % 2 else f"Company {i}"), label=labels[i % len(labels)],
                         aliases=[f"Alias {i}", f"别名{i}"], alias_langs=["en", "zh"]) for i in range(n)]
    rels: dict = {}
    weights = [1.0] * n
    for i in range(1, n):
        for j in set(rnd.choices(range(i), weights=weights[:i], k=2)):
            rtype = rnd.choice(onto.relation_names)
            ev = [EvidenceRecord(f"art{rnd.randrange(120):03d}", f"Benchmark sentence {i}-{j}; 第{k}句。", "en",
                                 0, 30, 0.6) for k in range(rnd.choice([1, 1, 2, 3]))]
            rec = RelationRecord(ents[i].id, rtype, ents[j].id, ev)
            rels[rec.key] = rec
            weights[i] += 1
            weights[j] += 1
    articles = {f"art{k:03d}": {"title": f"新闻 {k}: benchmark article", "url": f"https://example.com/{k}",
                                "date": "2024-06-01", "source": "Bench Wire"} for k in range(120)}
    return node_link(ents, list(rels.values())), articles


def run(n: int, repeat: int) -> dict:
    data, articles = synthetic(n)
    out: dict = {"nodes": len(data["nodes"]), "edges": len(data["edges"]),
                 "evidence": sum(len(e["evidence"]) for e in data["edges"]), "seconds": {}, "bytes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            target = Path(tmp) / f"bench.{'zip' if fmt == 'csv' else fmt}"
            times = []
            try:
                for _ in range(repeat + 1):  # first run warms imports and font caches
                    t0 = time.perf_counter()
                    export_subgraph(data, fmt, target, title="Benchmark 基准", articles=articles)
                    times.append(time.perf_counter() - t0)
            except ExportError as exc:
                out["seconds"][fmt] = None
                out.setdefault("errors", {})[fmt] = str(exc)
                continue
            out["seconds"][fmt] = round(statistics.median(times[1:]), 3)
            out["bytes"][fmt] = target.stat().st_size
    out.update({"repeat": repeat, "python": platform.python_version(), "machine": platform.machine(),
                "date": time.strftime("%Y-%m-%d")})
    return out


def markdown(result: dict) -> str:
    lines = ["## Export", "",
             f"`python bench/export.py` — a synthetic subgraph of {result['nodes']} entities, {result['edges']} "
             f"relations and {result['evidence']} evidence sentences exported to every format; median of "
             f"{result['repeat']} warm runs ({result['date']}, Python {result['python']}, {result['machine']}). "
             "PPTX draws the 60 most connected nodes, PNG/SVG up to 200.", "",
             "| format | seconds | size (KB) |", "|---|---|---|"]
    for fmt, secs in result["seconds"].items():
        size = result["bytes"].get(fmt)
        lines.append(f"| {fmt} | {'n/a' if secs is None else secs} | {'' if size is None else round(size / 1024)} |")
    return "\n".join(lines) + "\n"


def update_doc(section: str) -> None:
    """Replace (or append) the ``## Export`` section of docs/benchmarks.md."""
    update_section("Export", section)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "export.json"))
    args = ap.parse_args()
    result = run(args.n, args.repeat)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    section = markdown(result)
    update_doc(section)
    print(section)


if __name__ == "__main__":
    main()
