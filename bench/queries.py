"""Latency of every canned query on a synthetic graph, on the embedded store and on Neo4j.

    python bench/queries.py [--sizes 10000:50000,100000:500000] [--runs 20] [--slow-runs 20]
                            [--stores embedded,neo4j] [--out bench/results/queries.json]

Records are generated directly (no ingest) and written with ``store.write`` in large batches.
Neo4j is the server named by ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD``; IT IS EMPTIED FIRST.
Each query runs ``--runs`` times with varied parameters (different entities each run) after one
warm-up run; p50/p95 are over those runs. ``markdown()`` renders the table that goes under
"## Canned queries" in docs/benchmarks.md (``write_doc_section`` replaces only that section).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from docsection import update_section  # noqa: E402  (bench/ is on sys.path when run as a script)

from retailkg.graph.ontology import load_ontology
from retailkg.graph.rankings import refresh_rankings
from retailkg.graph.records import ArticleRecord, EntityRecord, EvidenceRecord, RelationRecord
from retailkg.graph.schema import canonical_key
from retailkg.graph.store import GraphStore
from retailkg.graph.subgraph import norm_key
from retailkg.queries.catalog import CannedQuery, bound_params, list_queries, run_query

ROOT = Path(__file__).resolve().parents[1]
LABEL_SHARE = {"Company": 0.40, "Person": 0.20, "Product": 0.20, "Platform": 0.05, "Event": 0.05,
               "Organization": 0.10}
ZH = {"Company": "公司", "Person": "人物", "Product": "产品", "Platform": "平台", "Event": "活动",
      "Organization": "机构"}
TARGET_P95_MS = 50.0


def generate(n_entities: int, n_relations: int, seed: int = 7) -> tuple[
        list[ArticleRecord], list[EntityRecord], list[RelationRecord]]:
    """A random graph that follows the ontology, with skewed degrees (a few hubs)."""
    rnd = random.Random(seed)
    onto = load_ontology()
    by_label: dict[str, list[str]] = {lab: [] for lab in LABEL_SHARE}
    entities = []
    labels = list(LABEL_SHARE)
    weights = [LABEL_SHARE[lab] for lab in labels]
    for i in range(n_entities):
        label = rnd.choices(labels, weights)[0]
        eid = f"e{i:06d}"
        name = f"{label} {i}"
        aliases = [name, f"{ZH[label]}{i}", f"{label[:3]} Group {i}"]
        entities.append(EntityRecord(id=eid, name=name, label=label, aliases=aliases,
                                     alias_langs=["en", "zh", "en"],
                                     keys=list(dict.fromkeys(norm_key(a) for a in aliases)), origin="kb"))
        by_label[label].append(eid)
    n_articles = max(100, n_relations // 20)
    start = date(2015, 1, 1)
    articles = [ArticleRecord(id=f"a{i:06d}", text=f"Synthetic article {i}.", title=f"Article {i}",
                              date=(start + timedelta(days=rnd.randrange(3650))).isoformat(),
                              source="bench", lang=rnd.choice(["zh", "en", "de"]))
                for i in range(n_articles)]

    def pick(label_pool: tuple[str, ...]) -> str:
        label = rnd.choice([lab for lab in label_pool if by_label[lab]])
        pool = by_label[label]
        return pool[int(len(pool) * rnd.random() ** 2)]  # quadratic skew: low ids are hubs

    rtypes = list(onto.relations.values())
    relations: dict[tuple[str, str, str], RelationRecord] = {}
    while len(relations) < n_relations:
        rt = rnd.choice(rtypes)
        s, t = pick(rt.source), pick(rt.target)
        if s == t:
            continue
        key = canonical_key(s, rt.name, t)
        if key in relations:
            continue
        evidence = []
        for _ in range(rnd.choice((1, 1, 1, 2, 3))):
            art = articles[rnd.randrange(n_articles)]
            evidence.append(EvidenceRecord(art.id, f"{s} {rt.verb} {t}.", rnd.choice(["zh", "en", "de"]),
                                           rnd.randrange(1000), 0, round(rnd.uniform(0.3, 0.9), 2)))
        for ev in evidence:
            ev.end = ev.start + len(ev.sentence)
        role = rnd.choice(["CEO", "founder", "president", ""]) if rt.name == "WORKS_AT" else ""
        relations[key] = RelationRecord(key[0], rt.name, key[2], evidence, role)
    return articles, entities, list(relations.values())


def load(store: GraphStore, articles: list, entities: list, relations: list, batch: int) -> float:
    """Write everything with ``store.write`` in batches; return seconds."""
    t0 = time.perf_counter()
    store.write(articles, [], [])
    for i in range(0, len(entities), batch):
        store.write([], entities[i:i + batch], [])
    for i in range(0, len(relations), batch):
        store.write([], [], relations[i:i + batch])
    return time.perf_counter() - t0


def param_sets(entities: list[EntityRecord], relations: list[RelationRecord], runs: int,
               seed: int = 11) -> dict[str, list[dict[str, Any]]]:
    """``runs`` parameter sets per query, naming different (connected) entities each time."""
    rnd = random.Random(seed)
    by_id = {e.id: e for e in entities}
    by_type: dict[str, list[RelationRecord]] = {}
    for r in relations:
        by_type.setdefault(r.type, []).append(r)

    def form(eid: str) -> str:  # name, Chinese alias or lower-case alias, in turn
        e = by_id[eid]
        return rnd.choice([e.name, e.aliases[1], e.aliases[2].lower()])

    def ends(rtype: str, side: str) -> str:
        r = rnd.choice(by_type[rtype])
        return r.source if side == "s" else r.target

    labels = list(LABEL_SHARE)
    makers = {
        "lookup": lambda: {"name": form(rnd.choice(entities).id)},
        "competitors": lambda: {"entity": form(ends("COMPETES_WITH", rnd.choice("st")))},
        "partners": lambda: {"entity": form(ends("PARTNERS_WITH", rnd.choice("st")))},
        "platform_rivals": lambda: {"entity": form(ends("SELLS_ON", "s"))},
        "sells_on": lambda: {"entity": form(ends("SELLS_ON", "s"))},
        "platform_sellers": lambda: {"platform": form(ends("SELLS_ON", "t"))},
        "investors": lambda: {"entity": form(ends("INVESTS_IN", "t"))},
        "portfolio": lambda: {"entity": form(ends("INVESTS_IN", "s"))},
        "people": lambda: {"entity": form(ends("WORKS_AT", "t"))},
        "ownership_tree": lambda: {"entity": form(ends("OWNS", "s")), "depth": rnd.randint(1, 4)},
        "owners": lambda: {"entity": form(ends("OWNS", "t"))},
        "shortest_path": lambda: {"source": form(rnd.choice(relations).source),
                                  "target": form(rnd.choice(relations).target)},
        "neighbourhood": lambda: {"entity": form(rnd.choice(relations).source), "depth": rnd.randint(1, 3)},
        "event_participants": lambda: {"event": form(ends("PARTICIPATES_IN", "t"))},
        "most_connected": lambda: {"label": rnd.choice(labels), "n": rnd.choice([5, 10, 20])},
        "pagerank": lambda: {"label": rnd.choice(labels), "n": 10},
        "weak_edges": lambda: {"max_articles": 1},
        "multilingual_edges": lambda: {"min_languages": rnd.choice([2, 3])},
        "entities_by_label": lambda: {"label": rnd.choice(labels)},
        "edge_evidence": lambda: (lambda r: {"source": form(r.source), "target": form(r.target)})(
            rnd.choice(relations)),
        "deals_timeline": lambda: {"entity": form(ends(rnd.choice(["ACQUIRES", "INVESTS_IN"]), "s"))},
        "entity_articles": lambda: {"entity": form(rnd.choice(relations).source)},
    }
    return {name: [make() for _ in range(runs)] for name, make in makers.items()}


def warmup_sets(query: CannedQuery, store_kind: str, sets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One parameter set per distinct query text among ``sets``: a pattern bound written into the
    text (``[*1..$depth]``) makes one text, and so one plan to compile, per value."""
    bounds = sorted(set(bound_params(query.text_for(store_kind))))
    firsts: dict[tuple, dict[str, Any]] = {}
    for p in sets:
        firsts.setdefault(tuple(str(p.get(b)) for b in bounds), p)
    return list(firsts.values())


def warm_up(store: GraphStore, name: str, sets: list[dict[str, Any]], timeout_s: float) -> None:
    """Run ``name`` once per parameter set, untimed."""
    for p in sets:
        try:
            run_query(store, name, p, timeout_s=timeout_s)
        except Exception as exc:  # noqa: BLE001 - a timeout is a result worth reporting
            print(f"  {name}: warm-up failed: {exc}", file=sys.stderr)


def measure(store: GraphStore, params: dict[str, list[dict]], runs: int, slow_runs: int,
            timeout_s: float, only: set[str] | None = None,
            warm: dict[str, list[dict]] | None = None) -> dict[str, dict[str, Any]]:
    """p50/p95 in ms per query (``slow_runs`` for the whole-graph PageRank).

    ``warm``: parameter sets (naming other entities than ``params``) run untimed over every query
    before any is timed, as in a session already under way; then each query runs once per query
    text its timed runs will use (``warmup_sets``), so no timed run compiles a plan.
    """
    out = {}
    chosen = [q for q in list_queries() if not only or q.name in only]
    for q in chosen:
        warm_up(store, q.name, (warm or {}).get(q.name, [])[:runs], timeout_s)
    for q in chosen:
        sets = params[q.name][: slow_runs if q.kind == "python" else runs]
        warm_up(store, q.name, warmup_sets(q, store.kind, sets), timeout_s)
        times, rows, errors = [], [], 0
        for p in sets:
            t0 = time.perf_counter()
            try:
                _, result = run_query(store, q.name, p, timeout_s=timeout_s)
                rows.append(len(result))
            except Exception:  # noqa: BLE001
                errors += 1
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
        out[q.name] = {"runs": len(times), "p50_ms": round(statistics.median(times), 1),
                       "p95_ms": round(p95, 1), "mean_rows": round(statistics.mean(rows), 1) if rows else 0,
                       "errors": errors}
        print(f"  {store.kind:8} {q.name:20} p50 {out[q.name]['p50_ms']:9.1f} ms  "
              f"p95 {out[q.name]['p95_ms']:9.1f} ms  rows {out[q.name]['mean_rows']}"
              + (f"  errors {errors}" if errors else ""), file=sys.stderr)
    return out


def settle(store: GraphStore, seconds: float) -> None:
    """Neo4j after a load: wait for its indexes, resample the index statistics the load made stale
    and clear the plan cache (``db.prepareForReplanning``; the server would otherwise resample in
    the background during the runs and replan the queries then), then leave it idle for ``seconds`` to flush (community edition has no
    ``db.checkpoint()``), so the runs measure the queries and not the load's aftermath."""
    if store.kind != "neo4j":
        return
    import neo4j

    from retailkg.graph.neo4j_store import neo4j_config_from_env

    cfg = neo4j_config_from_env()
    with neo4j.GraphDatabase.driver(cfg["uri"], auth=(cfg["user"], cfg["password"])) as driver:
        with driver.session(database=cfg["database"]) as session:
            for stmt in ("CALL db.awaitIndexes(600)", "CALL db.prepareForReplanning(600000)"):
                session.run(stmt).consume()
    if seconds > 0:
        time.sleep(seconds)


def open_bench_store(kind: str, tmp: str) -> GraphStore:
    if kind == "embedded":
        from retailkg.graph.embedded import EmbeddedStore

        return EmbeddedStore(Path(tmp) / "graph")
    from retailkg.graph.factory import open_store

    return open_store("neo4j")


def markdown(results: dict[str, Any]) -> str:
    """One table per graph size: p50/p95 per query and store, ✗ where p95 misses the target."""
    lines = []
    for size in results["sizes"]:
        stores = list(size["stores"])
        lines += ["", f"{size['entities']:,} entities, {size['relations']:,} relations, "
                      f"{size['articles']:,} articles; load: " + ", ".join(
                          f"{k} {v['load_s']:.0f} s" for k, v in size["stores"].items())
                  + "; rankings refresh (PageRank stored, as after an ingest): " + ", ".join(
                      f"{k} {v.get('rankings_s', 0):.1f} s" for k, v in size["stores"].items()), "",
                  "| query | " + " | ".join(f"{s} p50 ms | {s} p95 ms" for s in stores) + " |",
                  "|---|" + "---|---|" * len(stores)]
        for name in size["stores"][stores[0]]["queries"]:
            cells = []
            for s in stores:
                q = size["stores"][s]["queries"].get(name, {})
                mark = "" if q.get("p95_ms", 1e9) <= TARGET_P95_MS else " ✗"
                cells += [f"{q.get('p50_ms', '')}", f"{q.get('p95_ms', '')}{mark}"]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines).strip() + "\n"


def write_doc_section(body: str) -> None:
    """Replace (or append) the "## Canned queries" section of docs/benchmarks.md."""
    update_section("Canned queries", f"## Canned queries\n\n{body.strip()}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000:500000",
                    help="comma-separated ENTITIES:RELATIONS graph sizes, e.g. 10000:50000,100000:500000")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--slow-runs", type=int, default=20, help="runs of the whole-graph PageRank")
    ap.add_argument("--stores", default="embedded,neo4j")
    ap.add_argument("--batch", type=int, default=50_000)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "queries.json")
    ap.add_argument("--settle", type=float, default=30.0,
                    help="seconds Neo4j is left idle after the load before the runs")
    ap.add_argument("--only", default="", help="comma-separated query names (default: all)")
    ap.add_argument("--embedded-db", type=Path, default=None,
                    help="keep the embedded graph in this directory and reuse it when it already holds "
                         "the graph of that size (for iterating on queries; the load is then not timed)")
    ap.add_argument("--no-warm-round", dest="warm_round", action="store_false",
                    help="skip the untimed round of every query (other entities) before the timed runs")
    ap.add_argument("--keep-neo4j", action="store_true",
                    help="reuse the Neo4j graph when it already holds the graph of that size, and leave "
                         "it there at the end (for iterating on queries)")
    args = ap.parse_args()
    only = {x for x in args.only.split(",") if x}
    results: dict[str, Any] = {"date": date.today().isoformat(), "python": platform.python_version(),
                               "machine": platform.machine(), "runs": args.runs,
                               "target_p95_ms": TARGET_P95_MS, "sizes": []}
    for spec in args.sizes.split(","):
        n_e, n_r = (int(x) for x in spec.split(":"))
        t0 = time.perf_counter()
        articles, entities, relations = generate(n_e, n_r)
        print(f"generated {n_e} entities, {n_r} relations in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr)
        params = param_sets(entities, relations, args.runs)
        warm = param_sets(entities, relations, args.runs, seed=12) if args.warm_round else None
        size: dict[str, Any] = {"entities": n_e, "relations": n_r, "articles": len(articles), "stores": {}}
        for kind in args.stores.split(","):
            with tempfile.TemporaryDirectory() as tmp:
                keep = args.embedded_db / f"{n_e}-{n_r}" if kind == "embedded" and args.embedded_db else None
                store = open_bench_store(kind, str(keep or tmp))
                try:
                    reuse = keep is not None or (kind == "neo4j" and args.keep_neo4j)
                    if reuse and store.graph_counts()[0] == n_e:
                        load_s = 0.0
                    else:
                        store.clear()
                        load_s = load(store, articles, entities, relations, args.batch)
                    print(f"{kind}: loaded in {load_s:.1f} s", file=sys.stderr)
                    t0 = time.perf_counter()
                    refresh_rankings(store)  # what ingest and sync do when they finish
                    rank_s = time.perf_counter() - t0
                    print(f"{kind}: rankings refreshed in {rank_s:.1f} s", file=sys.stderr)
                    settle(store, args.settle)
                    queries = measure(store, params, args.runs, args.slow_runs, args.timeout, only, warm)
                    size["stores"][kind] = {"load_s": round(load_s, 1), "rankings_s": round(rank_s, 1),
                                            "queries": queries}
                    if kind == "neo4j" and not args.keep_neo4j:
                        store.clear()
                finally:
                    store.close()
        results["sizes"].append(size)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    main()
