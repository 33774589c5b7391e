"""What the Neo4j server alone can write on this machine: relationships created by Cypher that
generates its own rows, so no client, no parameters and no network are involved.

    source scripts/ci-neo4j.sh && .venv/bin/python bench/neo4j_ceiling.py

20,000 nodes with a unique id (one constraint, no other index), then 100,000 new relationships
between distinct pairs, in 10 transactions of 10,000 (the transaction size of the load
benchmark), for three shapes of relationship: no property, one number, and the eleven
properties of retailkg's model (confidence, counts, role, languages, articles and one evidence
sentence as parallel lists, the sentence in Chinese as from an ingest). Each shape runs twice on
the same server and the second run counts (the first compiles and warms the page cache). This
bounds ``bench/neo4j_load.py``: a load that also sends its rows from Python and updates the
model's indexes cannot be faster. Appends to ``bench/results/neo4j_ceiling.json`` and writes the
"Neo4j write ceiling" section of docs/benchmarks.md. THE TARGET DATABASE IS CLEARED.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

import neo4j
from docsection import update_section  # bench/ is on sys.path when run as a script
from neo4j_load import CpuMeter

from retailkg.graph.neo4j_store import neo4j_config_from_env

RESULTS = Path(__file__).resolve().parent / "results" / "neo4j_ceiling.json"
PAIR = ("UNWIND range($lo, $hi) AS i "
        "MATCH (a:CeilingNode {id: 'n' + toString(i % $nodes)}) "
        "MATCH (b:CeilingNode {id: 'n' + toString((i * 7919 + 13 + i / $nodes) % $nodes)}) ")
SHAPES = {
    "no property": "MERGE (a)-[r:CEILING_REL]->(b)",
    "one number": "MERGE (a)-[r:CEILING_REL]->(b) ON CREATE SET r.confidence = 0.6",
    "the model's eleven properties": (
        "MERGE (a)-[r:CEILING_REL]->(b) ON CREATE SET r.confidence = 0.6, r.evidence_count = 1, "
        "r.role = '', r.languages = ['zh'], r.articles = ['art-' + toString(i / 10)], "
        "r.ev_article = ['art-' + toString(i / 10)], "
        "r.ev_sentence = ['公司' + toString(i % $nodes) + '与公司' + toString(i) + '签署了战略合作协议（第' "
        "+ toString(i / 10) + '篇）。'], r.ev_lang = ['zh'], r.ev_start = [i % 1000], "
        "r.ev_end = [i % 1000 + 30], r.ev_confidence = [0.6]"),
}


def run(driver: neo4j.Driver, database: str, query: str, **params: object) -> None:
    with driver.session(database=database) as session:
        session.run(query, params).consume()


def clear(driver: neo4j.Driver, database: str) -> None:
    run(driver, database, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=20_000)
    ap.add_argument("--relations", type=int, default=100_000)
    ap.add_argument("--per-tx", type=int, default=10_000)
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args()
    cfg = neo4j_config_from_env()
    driver = neo4j.GraphDatabase.driver(cfg["uri"], auth=(cfg["user"], cfg["password"]))
    db = cfg["database"]
    clear(driver, db)
    run(driver, db, "CREATE CONSTRAINT ceiling_id IF NOT EXISTS FOR (n:CeilingNode) REQUIRE n.id IS UNIQUE")
    run(driver, db, "UNWIND range(0, $n - 1) AS i CREATE (:CeilingNode {id: 'n' + toString(i)})", n=args.nodes)
    results = {}
    try:
        for name, merge in SHAPES.items():
            query = "CYPHER replan=skip " + PAIR + merge
            for _ in range(2):  # the second run counts
                run(driver, db, "MATCH (:CeilingNode)-[r:CEILING_REL]->() "
                                "CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS")
                with CpuMeter() as cpu:
                    t0 = time.perf_counter()
                    for lo in range(0, args.relations, args.per_tx):
                        run(driver, db, query, lo=lo, hi=min(lo + args.per_tx, args.relations) - 1, nodes=args.nodes)
                    seconds = time.perf_counter() - t0
            results[name] = {"seconds": round(seconds, 2), "rel_per_s": round(args.relations / seconds),
                             "server_cpu_s": round(cpu.server, 2)}
            print(f"{name:32} {seconds:6.2f} s  {args.relations / seconds:8,.0f} relations/s  "
                  f"server CPU {cpu.server:.1f} s")
    finally:
        clear(driver, db)
        run(driver, db, "DROP CONSTRAINT ceiling_id IF EXISTS")
        driver.close()
    record = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "python": platform.python_version(),
              "cpus": os.cpu_count(), "nodes": args.nodes, "relations": args.relations,
              "per_tx": args.per_tx, "shapes": results}
    if args.no_save:
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    runs = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    RESULTS.write_text(json.dumps([*runs, record], indent=2) + "\n")
    today = [r for r in [*runs, record] if r["when"][:10] == record["when"][:10]]

    def spread(name: str) -> str:
        rates = [r["shapes"][name]["rel_per_s"] for r in today if name in r["shapes"]]
        return f"{min(rates):,}–{max(rates):,} ({len(rates)} runs)"
    rows = "\n".join(f"| {name} | {r['seconds']:.2f} s | **{r['rel_per_s']:,}** | {r['server_cpu_s']:.1f} s | "
                     f"{spread(name)} |" for name, r in results.items())
    update_section("Neo4j write ceiling", f"""## Neo4j write ceiling

`source scripts/ci-neo4j.sh && .venv/bin/python bench/neo4j_ceiling.py` (clears the database it is
pointed at): the server alone creating {args.relations:,} relationships between distinct pairs of
{args.nodes:,} nodes, rows generated by the Cypher itself (no client, no parameters, no network), one
unique constraint and no other index, {args.relations // args.per_tx} transactions of {args.per_tx:,}; the second of two runs
per shape ({record['when'][:10]}, {record['cpus']} CPUs, the server of the load benchmark). Raw
results: `bench/results/neo4j_ceiling.json`.

| relationship shape | time | relations/s | server CPU | relations/s, every run that day |
| --- | --- | --- | --- | --- |
{rows}

This bounds the load benchmark above: the ingest path also builds and sends its rows
from Python on the same two cores, merges entities and articles, and updates the model's indexes.
""")


if __name__ == "__main__":
    main()
