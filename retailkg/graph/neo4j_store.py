"""The production store: Neo4j 5 over Bolt with the official ``neo4j`` driver.

Model (same properties as the embedded store, see ``retailkg.graph.schema``):

* ``(:Entity:<Label> {id, name, kind, aliases, alias_langs, keys, origin})`` where ``<Label>`` is
  the ontology label (``kind`` holds it too);
* ``(:Article {id, title, url, date, source, lang, path, text})``;
* one relationship type per ontology relation with ``confidence, evidence_count, role, languages,
  articles`` and the evidence as parallel lists ``ev_article, ev_sentence, ev_lang, ev_start,
  ev_end, ev_confidence``.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import neo4j
from neo4j import exceptions as nx
from neo4j import graph as ng

from retailkg.graph.ontology import load_ontology
from retailkg.graph.readonly import check_read_only
from retailkg.graph.reads import IDENT, CypherReads
from retailkg.graph.records import ArticleRecord, EntityRecord, RelationRecord, chunks
from retailkg.graph.schema import (
    ARTICLE_PROPS,
    ENTITY_PROPS,
    EVIDENCE_LISTS,
    LOOKUP_SEP,
    RANKING_META_SET,
    SCORES_SET,
    article_row,
    entity_row,
    relation_row,
)
from retailkg.graph.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S, ReadOnlyViolation, StoreError

# The driver logs every retry as a warning; with no logging configured Python would print each
# to stderr. Errors reach the user once, as a StoreError with its message.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
DEFAULT_BATCH = 5000  # rows per UNWIND statement
MIN_BATCH = 1000
FULLTEXT_INDEX = "entity_names"

START_HELP = (
    "Start Neo4j with 'scripts/neo4j-local start' (no Docker needed) or 'docker compose up -d neo4j', "
    "then set NEO4J_URI (default bolt://127.0.0.1:7687), NEO4J_USER (neo4j), NEO4J_PASSWORD and "
    "NEO4J_DATABASE (neo4j), or pass --neo4j-uri/--neo4j-user/--neo4j-password."
)

_TRANSIENT = (nx.ServiceUnavailable, nx.SessionExpired, nx.TransientError)
_SCHEMA = (
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
    "CREATE CONSTRAINT article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE",
    "CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name)",
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliases] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
    # Alias / key resolution: ``e.lookup CONTAINS '|text|'`` (see schema.ENTITY_DERIVED).
    "CREATE TEXT INDEX entity_lookup IF NOT EXISTS FOR (e:Entity) ON (e.lookup)",
    # Entities of one label (entities_by_label, most_connected, event_participants).
    "CREATE INDEX entity_kind IF NOT EXISTS FOR (e:Entity) ON (e.kind)",
    # ... in name order (entities_by_label reads the first names of a label and stops).
    "CREATE INDEX entity_kind_name IF NOT EXISTS FOR (e:Entity) ON (e.kind, e.name)",
    # Stored rankings in score order (pagerank, most_connected; see graph.rankings).
    "CREATE INDEX entity_pagerank IF NOT EXISTS FOR (e:Entity) ON (e.pagerank)",
    "CREATE INDEX entity_degree IF NOT EXISTS FOR (e:Entity) ON (e.degree)",
    # Relations in confidence order, per type (weak_edges, multilingual_edges).
    *(f"CREATE INDEX rel_confidence_{t.lower()} IF NOT EXISTS FOR ()-[r:`{t}`]-() ON (r.confidence)"
      for t in load_ontology().relation_names),
)
# Properties are SET one by one (not ``SET e = row``): a map SET may touch ``id``, which makes the
# planner add an Eager barrier that buffers every row; named properties avoid it.
_ENTITY_SET = ", ".join(f"e.{k} = row.{k}" for k in ENTITY_PROPS if k != "id")
_ARTICLE_SET = ", ".join(f"a.{k} = row.{k}" for k in ARTICLE_PROPS if k != "id")
_REL_SET = ", ".join(f"r.{k} = row.{k}" for k in (
    "confidence", "evidence_count", "role", "languages", "articles", *EVIDENCE_LISTS))

# merge_write: the merge of ``graph.merge`` done by the server, so a batch needs no read first.
# A created entity takes the row as it is (and then matches the filter below with nothing to add);
# an existing one gains the aliases (with their languages) and keys it lacks, and a curated (kb) row replaces
# the name and label of a discovered one, and the derived ``lookup`` (schema.lookup_text) is
# rebuilt. Rows that would change nothing write nothing.
_ENTITY_MERGE = """UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
ON CREATE SET e:{label}, {create}
WITH e, row, e.origin <> 'kb' AND row.origin = 'kb' AS wins,
     [i IN range(0, size(row.aliases) - 1) WHERE NOT row.aliases[i] IN e.aliases] AS add,
     [k IN row.keys WHERE NOT k IN e.keys] AS new_keys
WHERE wins OR size(add) > 0 OR size(new_keys) > 0
SET e.aliases = e.aliases + [i IN add | row.aliases[i]],
    e.alias_langs = e.alias_langs + [i IN add | row.alias_langs[i]],
    e.keys = e.keys + new_keys,
    e.name = CASE WHEN wins THEN row.name ELSE e.name END,
    e.kind = CASE WHEN wins THEN row.kind ELSE e.kind END,
    e.origin = CASE WHEN wins THEN row.origin ELSE e.origin END
WITH e, row, wins, reduce(acc = [], x IN e.keys + e.aliases | CASE WHEN x IN acc THEN acc ELSE acc + x END)
     AS forms
SET e.lookup = CASE WHEN size(forms) = 0 THEN '' ELSE reduce(s = '{sep}', x IN forms | s + x + '{sep}') END
FOREACH (_ IN CASE WHEN wins THEN [1] ELSE [] END | SET e:{label}{remove})"""
# A created relationship takes the row as computed in Python (and then has nothing to add); an
# existing one appends the evidence of articles it does not cite yet (an article's evidence always arrives in one write, so this is
# what makes a re-sent article a no-op) and recomputes the derived properties like
# ``RelationRecord`` does (noisy-or confidence rounded half up, sorted distinct articles/languages).
_REL_MERGE = """UNWIND $rows AS row
MATCH (a:Entity {{id: row.s}})
MATCH (b:Entity {{id: row.t}})
MERGE (a)-[r:{rtype}]->(b)
ON CREATE SET {create}
WITH r, row, [i IN range(0, size(row.ev_article) - 1) WHERE NOT row.ev_article[i] IN r.ev_article] AS add
WHERE size(add) > 0
SET {appends},
    r.role = CASE WHEN r.role = '' THEN row.role ELSE r.role END
WITH r
SET r.evidence_count = size(r.ev_article),
    r.confidence = round(1.0 - reduce(m = 1.0, c IN r.ev_confidence | m * (1.0 - c)), 4),
    r.articles = COLLECT {{ UNWIND r.ev_article AS x RETURN DISTINCT x ORDER BY x }},
    r.languages = COLLECT {{ UNWIND r.ev_lang AS x RETURN DISTINCT x ORDER BY x }}"""
_REL_APPENDS = ",\n    ".join(f"r.{k} = r.{k} + [i IN add | row.{k}[i]]" for k in EVIDENCE_LISTS)

# Write statements reuse their cached plan however much the data has grown since it was made: a
# growing graph otherwise crosses the statistics-divergence threshold again and again during a
# load, and replanning cost ~40 % of the server's CPU in the load benchmark (docs/benchmarks.md).
# The plans are fixed by the schema (unique-constraint seeks, MERGE on both bound endpoints),
# not by the statistics, so a plan made on a small graph is the plan for a large one.
WRITE_PREFIX = "CYPHER replan=skip "

T = TypeVar("T")
R = TypeVar("R")

# Reads come back as ONE record holding the rows (``CALL () { query } … RETURN collect([…])``):
# the Python driver spends ~30 µs per record on this machine (a message and two socket reads
# each), so 1,000 rows cost 37 ms one by one and 3 ms packed. Only a query that is a plain
# MATCH/WITH/UNWIND/RETURN pipeline is packed (a procedure call or SHOW command cannot stand in a
# subquery); its columns come from an EXPLAIN, cached per text.
_PACKABLE = re.compile(r"^(?:\s*//[^\n]*\n)*\s*(?:MATCH|OPTIONAL\s+MATCH|WITH|UNWIND|RETURN)\b", re.IGNORECASE)
_PACKED_LIMIT = "retailkg_row_limit"


class _PackingFailed(Exception):
    """A read that EXPLAIN accepted failed inside the packing subquery."""


def neo4j_config_from_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """Connection settings from ``NEO4J_URI/USER/PASSWORD/DATABASE`` (with the defaults)."""
    env = os.environ if env is None else env
    return {
        "uri": env.get("NEO4J_URI") or DEFAULT_URI,
        "user": env.get("NEO4J_USER") or DEFAULT_USER,
        "password": env.get("NEO4J_PASSWORD", ""),
        "database": env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
    }


def _ident(name: str) -> str:
    """A label or relationship type, checked before it is put into Cypher text."""
    if not IDENT.match(name):
        raise StoreError(f"Invalid label or relationship type: {name!r}")
    return f"`{name}`"


def _group(records: list[R], key: Callable[[R], str]) -> dict[str, list[R]]:
    """Records grouped by label or relation type (each group is one Cypher statement)."""
    out: dict[str, list[R]] = {}
    for rec in records:
        out.setdefault(key(rec), []).append(rec)
    return out


class _Statement(NamedTuple):
    """One UNWIND statement and the records behind its rows (turned into rows chunk by chunk)."""

    query: str
    records: list[Any]
    to_row: Callable[[Any], dict[str, Any]]


def _merge_entity_row(e: EntityRecord) -> dict[str, Any]:
    """``entity_row`` with one language per alias (the Cypher merge indexes both lists alike)."""
    row = entity_row(e)
    langs = row["alias_langs"][:len(row["aliases"])]
    row["alias_langs"] = langs + [""] * (len(row["aliases"]) - len(langs))
    return row


@dataclass
class _Known:
    """What a store instance knows an entity holds: curated or not, aliases and keys (at least)."""

    kb: bool
    aliases: set[str]
    keys: set[str]


def to_plain(value: Any) -> Any:
    """Driver values as JSON-serialisable Python: nodes, relationships and paths become dicts."""
    if isinstance(value, ng.Node):
        out = {k: to_plain(v) for k, v in value.items()}
        out["_labels"] = sorted(value.labels)
        return out
    if isinstance(value, ng.Relationship):
        out = {k: to_plain(v) for k, v in value.items()}
        out["_type"] = value.type
        out["_start"] = _node_ref(value.start_node)
        out["_end"] = _node_ref(value.end_node)
        return out
    if isinstance(value, ng.Path):
        return {"nodes": [to_plain(n) for n in value.nodes],
                "relationships": [to_plain(r) for r in value.relationships]}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time Date/DateTime/Time/Duration
        return value.iso_format()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _node_ref(node: ng.Node | None) -> Any:
    if node is None:
        return None
    return node.get("id", node.element_id)


class Neo4jStore(CypherReads):
    """GraphStore on a Neo4j 5 server; every ``write()`` is one explicit transaction."""

    kind = "neo4j"

    def __init__(self, uri: str = DEFAULT_URI, user: str = DEFAULT_USER, password: str = "",
                 database: str = DEFAULT_DATABASE, *, read_only: bool = False,
                 batch_size: int = DEFAULT_BATCH, retries: int = 3, backoff_s: float = 0.25,
                 connection_timeout_s: float = 5.0):
        self.uri, self.user, self.database = uri, user, database or DEFAULT_DATABASE
        self.read_only = read_only
        self.batch_size = max(int(batch_size), MIN_BATCH)
        self.read_chunk = self.batch_size
        self.retries = max(int(retries), 0)
        self.backoff_s = backoff_s
        self._known: dict[str, _Known] = {}  # what this instance knows is stored (merge_write)
        self._columns: dict[str, list[str]] = {}  # read query text -> its columns (packed reads)
        self._unpackable: set[str] = set()  # read texts that failed as a subquery (streamed)
        labels = load_ontology().label_names
        self._labels = [_ident(label)[1:-1] for label in labels]
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri, auth=(user, password), connection_timeout=connection_timeout_s,
                max_transaction_retry_time=max(self.retries, 1) * 2.0, user_agent="retailkg",
                notifications_min_severity="OFF")
        except (ValueError, nx.ConfigurationError) as exc:
            raise StoreError(f"Invalid Neo4j URI {uri!r}: {exc}. {START_HELP}") from exc
        try:
            self._retry(self._driver.verify_connectivity)
            if not read_only:
                self._retry(self._ensure_schema)
        except BaseException:
            self._driver.close()
            raise

    # -- helpers -------------------------------------------------------------------------
    def _retry(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` with bounded exponential backoff on transient errors; map errors to StoreError."""
        attempt = 0
        while True:
            try:
                return fn()
            except nx.AuthError as exc:
                raise StoreError(
                    f"Neo4j at {self.uri} rejected the credentials of user '{self.user}': check "
                    "NEO4J_USER and NEO4J_PASSWORD (scripts/neo4j-local uses neo4j / retailkg-test "
                    "unless NEO4J_PASSWORD was set at its first start).") from exc
            except _TRANSIENT as exc:
                if attempt >= self.retries:
                    raise StoreError(
                        f"Cannot reach Neo4j at {self.uri} (database '{self.database}') after "
                        f"{attempt + 1} attempt(s): {type(exc).__name__}: {exc}. {START_HELP}") from exc
                time.sleep(self.backoff_s * (2 ** attempt))
                attempt += 1
            except nx.DriverError as exc:
                raise StoreError(f"Neo4j driver error talking to {self.uri}: {exc}. {START_HELP}") from exc

    def _session(self, access: str = neo4j.WRITE_ACCESS) -> neo4j.Session:
        return self._driver.session(database=self.database, default_access_mode=access)

    def _rows(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(query, params or {})]

        def run() -> list[dict[str, Any]]:
            with self._session(neo4j.READ_ACCESS) as session:
                return session.execute_read(work)

        return self._retry(run)

    def _ensure_schema(self) -> None:
        with self._session() as session:
            for stmt in _SCHEMA:
                session.run(stmt).consume()

    # -- contract ------------------------------------------------------------------------
    def _remove_others(self, label: str) -> str:
        """A REMOVE of every ontology label but ``label`` (an entity has one label)."""
        others = [x for x in self._labels if x != label]
        return (" REMOVE e:" + ":".join(f"`{x}`" for x in others)) if others else ""

    def _statements(self, articles: list[ArticleRecord], entities: list[EntityRecord],
                    relations: list[RelationRecord]) -> list[_Statement]:
        """The statements of a whole-row upsert, one per label and relation type."""
        stmts = [_Statement(f"UNWIND $rows AS row MERGE (e:Entity {{id: row.id}}) SET {_ENTITY_SET}, "
                            f"e:{_ident(label)}{self._remove_others(label)}", group, entity_row)
                 for label, group in _group(entities, lambda e: e.label).items()]
        stmts += [_Statement(f"UNWIND $rows AS row MATCH (a:Entity {{id: row.s}}) "
                             f"MATCH (b:Entity {{id: row.t}}) MERGE (a)-[r:{_ident(rtype)}]->(b) "
                             f"SET {_REL_SET}", group, relation_row)
                  for rtype, group in _group(relations, lambda r: r.type).items()]
        return stmts + self._article_statements(articles)

    def _article_statements(self, articles: list[ArticleRecord]) -> list[_Statement]:
        if not articles:
            return []
        return [_Statement(f"UNWIND $rows AS row MERGE (a:Article {{id: row.id}}) SET {_ARTICLE_SET}",
                           articles, article_row)]

    def _run_transaction(self, stmts: list[_Statement]) -> None:
        """Run the statements in ONE explicit transaction, ``batch_size`` rows per UNWIND.

        Results are consumed only at the end: Bolt pipelines the statements, so the rows of the
        next chunk are built and packed while the server still executes the previous one.
        """
        if not stmts:
            return

        def run() -> None:
            with self._session() as session:
                tx = session.begin_transaction()
                try:
                    pending = [tx.run(WRITE_PREFIX + st.query, rows=[st.to_row(rec) for rec in chunk])
                               for st in stmts for chunk in chunks(st.records, self.batch_size)]
                    for result in pending:
                        result.consume()
                    tx.commit()
                except BaseException:
                    if not tx.closed():
                        tx.rollback()
                    raise
                finally:
                    tx.close()

        try:
            self._retry(run)
        except nx.Neo4jError as exc:
            raise StoreError(f"Neo4j write failed and was rolled back: {exc}") from exc

    def write(self, articles: list[ArticleRecord], entities: list[EntityRecord],
              relations: list[RelationRecord]) -> None:
        """Upsert whole rows in ONE explicit transaction (batched UNWIND … MERGE); rollback on failure."""
        if self.read_only:
            raise StoreError("The store is open read-only.")
        self._run_transaction(self._statements(articles, entities, relations))
        for e in entities:
            self._known[e.id] = _Known(e.origin == "kb", set(e.aliases), set(e.keys))

    def merge_write(self, articles: list[ArticleRecord], entities: list[EntityRecord],
                    relations: list[RelationRecord]) -> None:
        """Merge rows into the graph in Cypher, in ONE transaction, with no read first.

        Entities this store instance already wrote with everything the row carries are not sent
        again: merges only ever add (aliases, keys, curated origin), so what was stored then is
        still a subset of what is stored now.
        """
        if self.read_only:
            raise StoreError("The store is open read-only.")
        todo = [e for e in entities if not self._subsumed(e)]
        stmts = [_Statement(_ENTITY_MERGE.format(label=_ident(label), remove=self._remove_others(label),
                                                 create=_ENTITY_SET, sep=LOOKUP_SEP),
                            group, _merge_entity_row)
                 for label, group in _group(todo, lambda e: e.label).items()]
        stmts += [_Statement(_REL_MERGE.format(rtype=_ident(rtype), create=_REL_SET, appends=_REL_APPENDS),
                             group, relation_row)
                  for rtype, group in _group(relations, lambda r: r.type).items()]
        self._run_transaction(stmts + self._article_statements(articles))
        for e in todo:
            known = self._known.get(e.id)
            if known is None:
                self._known[e.id] = _Known(e.origin == "kb", set(e.aliases), set(e.keys))
            else:
                known.kb = known.kb or e.origin == "kb"
                known.aliases.update(e.aliases)
                known.keys.update(e.keys)

    def _subsumed(self, e: EntityRecord) -> bool:
        known = self._known.get(e.id)
        return (known is not None and (known.kb or e.origin != "kb")
                and known.aliases.issuperset(e.aliases) and known.keys.issuperset(e.keys))

    def write_rankings(self, rows: list[dict[str, Any]], counts: tuple[int, int]) -> None:
        """Set every given entity's scores and the counts they belong to, in ONE transaction."""
        if self.read_only:
            raise StoreError("The store is open read-only.")
        meta = [{"entities": counts[0], "relations": counts[1]}]
        self._run_transaction([_Statement(SCORES_SET, rows, dict), _Statement(RANKING_META_SET, meta, dict)])

    def run_read(self, query: str, params: dict[str, Any] | None = None, *,
                 row_limit: int = DEFAULT_ROW_LIMIT,
                 timeout_s: float = DEFAULT_TIMEOUT_S) -> tuple[list[str], list[list[Any]]]:
        """Read-only Cypher in a READ transaction; column names and at most ``row_limit`` rows."""
        text = check_read_only(query)
        limit = max(int(row_limit), 0)

        packable = bool(_PACKABLE.match(text)) and _PACKED_LIMIT not in text and text not in self._unpackable

        # ``neo4j.Query(text, timeout=…)`` is only accepted by auto-commit ``session.run``; inside a
        # managed READ transaction the server-side timeout is set with ``unit_of_work``.
        @neo4j.unit_of_work(timeout=timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            if packable:
                return self._packed_read(tx, text, params or {}, limit)
            result = tx.run(text, params or {})
            cols = list(result.keys())
            rows: list[list[Any]] = []
            if limit:
                for record in result:
                    rows.append([to_plain(v) for v in record.values()])
                    if len(rows) >= limit:
                        break
            return cols, rows

        def run() -> tuple[list[str], list[list[Any]]]:
            nonlocal packable
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS,
                                      fetch_size=min(max(limit + 1, 1), 1000)) as session:
                try:
                    return session.execute_read(work)
                except _PackingFailed:  # the query reads, but not as a subquery: stream it
                    self._unpackable.add(text)
                    packable = False
                    return session.execute_read(work)

        try:
            return self._retry(run)
        except nx.Neo4jError as exc:
            code = exc.code or ""
            if "TransactionTimedOut" in code or "Terminated" in code or "timeout" in str(exc).lower():
                raise StoreError(f"Query stopped after the {timeout_s:g} s timeout.") from exc
            if "AccessMode" in code or "Forbidden" in code:
                raise ReadOnlyViolation(f"Read-only: the server refused a write: {exc.message}") from exc
            raise StoreError(f"Query failed: {exc.message or exc}") from exc

    def _packed_read(self, tx: neo4j.ManagedTransaction, text: str, params: dict[str, Any],
                     limit: int) -> tuple[list[str], list[list[Any]]]:
        """``text``'s first ``limit`` rows, fetched as one record (see ``_PACKABLE``)."""
        cols = self._columns.get(text)
        if cols is None:
            cols = list(tx.run("EXPLAIN " + text, params).keys())
            self._columns[text] = cols
        if not limit or not cols:
            return cols, []
        names = ", ".join("`" + c.replace("`", "``") + "`" for c in cols)
        packed = (f"CALL () {{\n{text}\n}}\nWITH {names} LIMIT ${_PACKED_LIMIT}\n"
                  f"RETURN collect([{names}]) AS rows")
        try:
            record = tx.run(packed, {**params, _PACKED_LIMIT: limit}).single()
        except (nx.CypherSyntaxError, nx.CypherTypeError) as exc:
            raise _PackingFailed(str(exc)) from exc
        if len(self._columns) > 1000:
            self._columns.clear()
        return cols, [[to_plain(v) for v in row] for row in (record["rows"] if record else [])]

    def clear(self) -> None:
        """Delete every node and relationship, 10,000 nodes per transaction."""
        if self.read_only:
            raise StoreError("The store is open read-only.")

        def run() -> None:
            with self._session() as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

        self._known.clear()
        self._retry(run)

    def close(self) -> None:
        """Release the driver (connection pool)."""
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
