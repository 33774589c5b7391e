"""Neo4j load benchmark: a synthetic graph through ``apply_delta`` (``merge_write``: the merge runs in
Cypher), a no-op re-apply, and raw ``write()`` of whole rows.

    source scripts/ci-neo4j.sh && .venv/bin/python bench/neo4j_load.py [--relations 100000]

Appends one JSON record to ``bench/results/neo4j_load.json`` and prints a Markdown summary.
The target database is CLEARED first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from datetime import UTC, datetime
from pathlib import Path

from retailkg.graph.merge import apply_delta
from retailkg.graph.neo4j_store import DEFAULT_BATCH, Neo4jStore, neo4j_config_from_env
from retailkg.graph.ontology import load_ontology
from retailkg.graph.records import (
    ArticleRecord,
    EntityRecord,
    EvidenceRecord,
    GraphDelta,
    RelationRecord,
    concat_deltas,
)
from retailkg.graph.schema import canonical_key

RESULTS = Path(__file__).resolve().parent / "results" / "neo4j_load.json"


def server_pid() -> int | None:
    """Pid of a Neo4j server running on this machine (``scripts/neo4j-local``), if there is one."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if b"CommunityEntryPoint" in cmd or b"EnterpriseEntryPoint" in cmd:
            return int(proc.name)
    return None


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds used so far by process ``pid`` (0.0 when unknown)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU time of this process (client, driver threads included) and of the local server."""

    def __init__(self) -> None:
        self.pid = server_pid()
        self.client = self.server = 0.0

    def __enter__(self) -> CpuMeter:
        self._c0, self._s0 = time.process_time(), cpu_seconds(self.pid)
        return self

    def __exit__(self, *exc: object) -> None:
        self.client = time.process_time() - self._c0
        self.server = cpu_seconds(self.pid) - self._s0

    def bound(self, relations: int) -> int | None:
        """Relations/s if client and server CPU were spread perfectly over every core."""
        if self.pid is None or not self.client + self.server:
            return None
        return round(relations / ((self.client + self.server) / (os.cpu_count() or 1)))


def synthetic(n_entities: int, n_relations: int, rels_per_article: int, seed: int = 7
              ) -> tuple[list[EntityRecord], list[GraphDelta]]:
    """Entities spread over the labels; relations over the nine types, one evidence sentence each."""
    rng = random.Random(seed)
    onto = load_ontology()
    labels = onto.label_names
    entities = []
    by_label: dict[str, list[str]] = {lb: [] for lb in labels}
    for i in range(n_entities):
        label = labels[i % len(labels)]
        eid = f"{label.lower()}-{i:06d}"
        entities.append(EntityRecord(id=eid, name=f"{label} {i} 公司{i}", label=label,
                                     aliases=[f"别名{i}", f"Alias {i}"], alias_langs=["zh", "en"],
                                     keys=[f"{label.lower()} {i}"], origin="text"))
        by_label[label].append(eid)
    ents = {e.id: e for e in entities}
    types = list(onto.relations.values())
    deltas: list[GraphDelta] = []
    made = 0
    art = 0
    while made < n_relations:
        aid = f"art-{art:07d}"
        rels: list[RelationRecord] = []
        for j in range(min(rels_per_article, n_relations - made)):
            rt = types[(made + j) % len(types)]
            s = rng.choice(by_label[rng.choice(rt.source)])
            t = rng.choice(by_label[rng.choice(rt.target)])
            if s == t:
                t = rng.choice(by_label[rt.target[0]])
            s, _, t = canonical_key(s, rt.name, t)
            sentence = f"{ents[s].name} {rt.verb} {ents[t].name}（第{art}篇第{j}句）。"
            rels.append(RelationRecord(s, rt.name, t, role="CEO" if rt.name == "WORKS_AT" else "",
                                       evidence=[EvidenceRecord(aid, sentence, "zh", j * 40,
                                                                j * 40 + len(sentence), 0.6)]))
        made += len(rels)
        ids = sorted({r.source for r in rels} | {r.target for r in rels})
        deltas.append(GraphDelta(
            articles=[ArticleRecord(id=aid, text=" ".join(r.evidence[0].sentence for r in rels),
                                    title=f"Synthetic {art}", lang="zh", source="bench")],
            entities=[ents[i] for i in ids], relations=rels))
        art += 1
    return entities, deltas


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--entities", type=int, default=20_000)
    ap.add_argument("--relations", type=int, default=100_000)
    ap.add_argument("--rels-per-article", type=int, default=10)
    ap.add_argument("--articles-per-batch", type=int, default=1000,
                    help="articles per apply_delta call (one transaction each)")
    ap.add_argument("--unwind", type=int, default=DEFAULT_BATCH, help="rows per UNWIND statement")
    ap.add_argument("--warmup", type=int, default=20_000,
                    help="relations loaded and cleared first, so a just-started server has compiled "
                         "its query plans and JIT-compiled code (0: measure cold)")
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args()

    cfg = neo4j_config_from_env()
    store = Neo4jStore(**cfg, batch_size=args.unwind)
    t0 = time.perf_counter()
    entities, deltas = synthetic(args.entities, args.relations, args.rels_per_article)
    gen_s = time.perf_counter() - t0
    batches = [concat_deltas(deltas[i:i + args.articles_per_batch])
               for i in range(0, len(deltas), args.articles_per_batch)]
    store.clear()
    warm_s = 0.0
    if args.warmup:
        _, warm = synthetic(args.entities, args.warmup, args.rels_per_article, seed=11)
        t0 = time.perf_counter()
        for i in range(0, len(warm), args.articles_per_batch):
            apply_delta(store, concat_deltas(warm[i:i + args.articles_per_batch]))
        warm_s = time.perf_counter() - t0
        store.clear()

    t0 = time.perf_counter()
    with CpuMeter() as load_cpu:
        for b in batches:
            apply_delta(store, b)
    load_s = time.perf_counter() - t0
    _, rows = store.run_read("MATCH ()-[r]->() RETURN count(r)")
    stored_rels = int(rows[0][0])
    _, rows = store.run_read("MATCH (e:Entity) RETURN count(e)")
    stored_ents = int(rows[0][0])

    t0 = time.perf_counter()
    for b in batches:
        apply_delta(store, b)
    reapply_s = time.perf_counter() - t0
    _, rows = store.run_read("MATCH ()-[r]->() RETURN count(r)")
    assert int(rows[0][0]) == stored_rels, "re-apply changed the graph"

    # raw write() throughput: the merged rows, written again from an empty database
    all_rels = store.all_relations()
    all_ents = store.all_entities()
    store.clear()
    t0 = time.perf_counter()
    store.write([], all_ents, [])
    ent_write_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    step = 20_000
    with CpuMeter() as write_cpu:
        for i in range(0, len(all_rels), step):
            store.write([], [], all_rels[i:i + step])
    rel_write_s = time.perf_counter() - t0
    store.close()

    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": platform.node(), "python": platform.python_version(), "cpus": os.cpu_count(),
        "loadavg_1m": round(os.getloadavg()[0], 1),
        "entities": stored_ents, "relations_in": args.relations, "relations_stored": stored_rels,
        "articles": len(deltas), "apply_batches": len(batches), "unwind_rows": store.batch_size,
        "generate_s": round(gen_s, 2), "warmup_relations": args.warmup, "warmup_s": round(warm_s, 2),
        "apply_delta_s": round(load_s, 2), "apply_delta_rel_per_s": round(args.relations / load_s),
        "reapply_s": round(reapply_s, 2),
        "write_entities_s": round(ent_write_s, 2), "write_relations_s": round(rel_write_s, 2),
        "write_rel_per_s": round(len(all_rels) / rel_write_s),
        "apply_delta_cpu_s": {"client": round(load_cpu.client, 2), "server": round(load_cpu.server, 2)},
        "apply_delta_cpu_bound_rel_per_s": load_cpu.bound(args.relations),
        "write_cpu_s": {"client": round(write_cpu.client, 2), "server": round(write_cpu.server, 2)},
        "write_cpu_bound_rel_per_s": write_cpu.bound(len(all_rels)),
    }
    if not args.no_save:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        runs = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
        runs.append(record)
        RESULTS.write_text(json.dumps(runs, indent=2) + "\n")
    print(f"""
| Neo4j load ({record['when']}) | value |
| --- | --- |
| entities / relations (stored) / articles | {stored_ents:,} / {stored_rels:,} / {len(deltas):,} |
| `apply_delta` load ({len(batches)} batches of {args.articles_per_batch} articles) | \
{load_s:.1f} s, **{record['apply_delta_rel_per_s']:,} relations/s** |
| re-apply unchanged (all articles known → no-op) | {reapply_s:.2f} s |
| `write()` only: {len(all_ents):,} entities | {ent_write_s:.2f} s |
| `write()` only: {len(all_rels):,} relations (20k per call) | {rel_write_s:.1f} s, \
**{record['write_rel_per_s']:,} relations/s** |
| CPU, `apply_delta` load: client / server (bound if spread over every core) | \
{load_cpu.client:.1f} s / {load_cpu.server:.1f} s ({record['apply_delta_cpu_bound_rel_per_s']} relations/s) |
| CPU, `write()` relations: client / server (bound) | \
{write_cpu.client:.1f} s / {write_cpu.server:.1f} s ({record['write_cpu_bound_rel_per_s']} relations/s) |
| warm-up load first ({args.warmup:,} relations, then cleared) | {warm_s:.1f} s |
| machine load (1-min load average, {record['cpus']} CPUs) | {record['loadavg_1m']} |
""")


if __name__ == "__main__":
    main()
