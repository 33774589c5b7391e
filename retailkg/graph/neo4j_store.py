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
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import neo4j
from neo4j import exceptions as nx
from neo4j import graph as ng

from retailkg.graph.ontology import load_ontology
from retailkg.graph.readonly import check_read_only
from retailkg.graph.reads import CypherReads
from retailkg.graph.records import ArticleRecord, EntityRecord, RelationRecord, RelKey
from retailkg.graph.schema import (
    ARTICLE_PROPS,
    ENTITY_PROPS,
    ENTITY_RETURN,
    EVIDENCE_LISTS,
    REL_RETURN,
    article_row,
    entity_from_row,
    entity_row,
    relation_from_row,
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
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
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

T = TypeVar("T")


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
    if not _IDENT.match(name):
        raise StoreError(f"Invalid label or relationship type: {name!r}")
    return f"`{name}`"


def _chunks(rows: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


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
        self.retries = max(int(retries), 0)
        self.backoff_s = backoff_s
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
    def existing_articles(self, ids: list[str]) -> set[str]:
        """Those of ``ids`` already stored."""
        if not ids:
            return set()
        rows = self._rows("MATCH (a:Article) WHERE a.id IN $ids RETURN a.id AS id", {"ids": list(ids)})
        return {r["id"] for r in rows}

    def entity_index(self) -> list[EntityRecord]:
        """Every entity (for cross-article resolution)."""
        return self.all_entities()

    def fetch_entities(self, ids: list[str]) -> dict[str, EntityRecord]:
        """Stored entities by id."""
        out: dict[str, EntityRecord] = {}
        for chunk in _chunks(list(ids), self.batch_size):
            rows = self._rows(f"MATCH (e:Entity) WHERE e.id IN $ids RETURN {ENTITY_RETURN}", {"ids": chunk})
            out.update({r["id"]: entity_from_row(r) for r in rows})
        return out

    def fetch_relations(self, keys: list[RelKey]) -> dict[RelKey, RelationRecord]:
        """Stored relations by (source, type, target)."""
        found: dict[RelKey, RelationRecord] = {}
        by_type: dict[str, list[dict[str, str]]] = {}
        for s, t, o in keys:
            by_type.setdefault(t, []).append({"s": s, "t": o})
        for rtype, pairs in by_type.items():
            q = (f"UNWIND $pairs AS p MATCH (a:Entity {{id: p.s}})-[r:{_ident(rtype)}]->"
                 f"(b:Entity {{id: p.t}}) RETURN {REL_RETURN}")
            for chunk in _chunks(pairs, self.batch_size):
                for row in self._rows(q, {"pairs": chunk}):
                    rel = relation_from_row(row["s"], rtype, row["t"], row)
                    found[rel.key] = rel
        return found

    def _statements(self, articles: list[ArticleRecord], entities: list[EntityRecord],
                    relations: list[RelationRecord]) -> list[tuple[str, list[dict[str, Any]]]]:
        """The (query, rows) pairs of one write, grouped by label and type."""
        stmts: list[tuple[str, list[dict[str, Any]]]] = []
        by_label: dict[str, list[dict[str, Any]]] = {}
        for e in entities:
            by_label.setdefault(e.label, []).append(entity_row(e))
        for label, rows in by_label.items():
            others = [x for x in self._labels if x != label]
            remove = (" REMOVE e:" + ":".join(f"`{x}`" for x in others)) if others else ""
            stmts.append((f"UNWIND $rows AS row MERGE (e:Entity {{id: row.id}}) SET {_ENTITY_SET}, "
                          f"e:{_ident(label)}{remove}", rows))
        by_type: dict[str, list[dict[str, Any]]] = {}
        for rel in relations:
            by_type.setdefault(rel.type, []).append(relation_row(rel))
        for rtype, rows in by_type.items():
            stmts.append((f"UNWIND $rows AS row MATCH (a:Entity {{id: row.s}}) "
                          f"MATCH (b:Entity {{id: row.t}}) MERGE (a)-[r:{_ident(rtype)}]->(b) "
                          f"SET {_REL_SET}", rows))
        if articles:
            stmts.append((f"UNWIND $rows AS row MERGE (a:Article {{id: row.id}}) SET {_ARTICLE_SET}",
                          [article_row(a) for a in articles]))
        return stmts

    def write(self, articles: list[ArticleRecord], entities: list[EntityRecord],
              relations: list[RelationRecord]) -> None:
        """Upsert whole rows in ONE explicit transaction (batched UNWIND … MERGE); rollback on failure."""
        if self.read_only:
            raise StoreError("The store is open read-only.")
        stmts = self._statements(articles, entities, relations)
        if not stmts:
            return

        def run() -> None:
            with self._session() as session:
                tx = session.begin_transaction()
                try:
                    for query, rows in stmts:
                        for chunk in _chunks(rows, self.batch_size):
                            tx.run(query, rows=chunk).consume()
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

    def run_read(self, query: str, params: dict[str, Any] | None = None, *,
                 row_limit: int = DEFAULT_ROW_LIMIT,
                 timeout_s: float = DEFAULT_TIMEOUT_S) -> tuple[list[str], list[list[Any]]]:
        """Read-only Cypher in a READ transaction; column names and at most ``row_limit`` rows."""
        text = check_read_only(query)
        limit = max(int(row_limit), 0)

        # ``neo4j.Query(text, timeout=…)`` is only accepted by auto-commit ``session.run``; inside a
        # managed READ transaction the server-side timeout is set with ``unit_of_work``.
        @neo4j.unit_of_work(timeout=timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
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
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS,
                                      fetch_size=min(max(limit + 1, 1), 1000)) as session:
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

    def clear(self) -> None:
        """Delete every node and relationship, 10,000 nodes per transaction."""
        if self.read_only:
            raise StoreError("The store is open read-only.")

        def run() -> None:
            with self._session() as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

        self._retry(run)

    def close(self) -> None:
        """Release the driver (connection pool)."""
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
