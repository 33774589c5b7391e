"""The embedded store: LadybugDB (in-process Cypher, file-backed, crash-safe WAL)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import ladybug

from retailkg.graph.merge import merge_in_python
from retailkg.graph.readonly import check_read_only
from retailkg.graph.reads import CypherReads
from retailkg.graph.records import ArticleRecord, EntityRecord, RelationRecord, RelKey
from retailkg.graph.schema import (
    ENTITY_RETURN,
    REL_RETURN,
    article_row,
    entity_from_row,
    entity_row,
    relation_from_row,
    relation_row,
    relation_types,
)
from retailkg.graph.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S, StoreError

DEFAULT_DB_DIR = "retailkg-data"
log = logging.getLogger(__name__)

_ENTITY_DDL = (
    "CREATE NODE TABLE IF NOT EXISTS Entity(id STRING, name STRING, kind STRING, "
    "aliases STRING[], alias_langs STRING[], keys STRING[], origin STRING, lookup STRING, "
    "PRIMARY KEY(id))"
)
_ARTICLE_DDL = (
    "CREATE NODE TABLE IF NOT EXISTS Article(id STRING, title STRING, url STRING, date STRING, "
    "source STRING, lang STRING, path STRING, text STRING, PRIMARY KEY(id))"
)
_REL_DDL = (
    "CREATE REL TABLE IF NOT EXISTS {t}(FROM Entity TO Entity, confidence DOUBLE, "
    "evidence_count INT64, role STRING, languages STRING[], articles STRING[], "
    "ev_article STRING[], ev_sentence STRING[], ev_lang STRING[], ev_start INT64[], "
    "ev_end INT64[], ev_confidence DOUBLE[])"
)


def _open_database(db_file: Path, read_only: bool) -> ladybug.Database:
    """Open the database; if its write-ahead log ends in a torn record, replay what precedes it.

    A process killed while appending to the log (``kill -9``, power loss) can leave a partial last
    record. LadybugDB refuses to open such a file by default; the records before it are whole
    (a transaction is durable once its commit record is synced), so they are replayed and the
    torn tail — the transaction that was being written, never committed — is dropped, with a
    warning. Articles in it are simply not stored and are ingested by the next run.
    """
    try:
        return ladybug.Database(str(db_file), read_only=read_only)
    except RuntimeError as exc:
        wal = db_file.with_name(db_file.name + ".wal")
        if "wal" not in str(exc).lower() or not wal.exists():
            raise
        log.warning("The embedded graph's write-ahead log %s ends in an incomplete record (%s); "
                    "replaying the complete transactions before it.", wal, exc)
        return ladybug.Database(str(db_file), read_only=read_only, throw_on_wal_replay_failure=False)


def default_db_dir() -> str:
    """``$RETAILKG_DB`` or ``./retailkg-data``."""
    return os.environ.get("RETAILKG_DB", DEFAULT_DB_DIR)


class EmbeddedStore(CypherReads):
    """GraphStore on LadybugDB. ``path`` is a directory; the database lives inside it."""

    kind = "embedded"

    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False):
        self.path = Path(path or default_db_dir())
        db_file = self.path / "graph.lbug"
        self.read_only = read_only
        if read_only and not db_file.exists():
            raise StoreError(f"No graph at {self.path}: run 'retailkg ingest PATH --db {self.path}' first.")
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            self._db = _open_database(db_file, read_only)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            raise StoreError(f"Cannot open the embedded graph at {self.path}: {exc}") from exc
        if not read_only:
            self._ensure_schema()

    # -- helpers -------------------------------------------------------------------------
    def _rows(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        result = self._conn.execute(query, params or {})
        cols = result.get_column_names()
        rows = []
        while result.has_next():
            rows.append(dict(zip(cols, result.get_next())))
        return rows

    def _ensure_schema(self) -> None:
        self._conn.execute(_ENTITY_DDL)
        self._conn.execute(_ARTICLE_DDL)
        for t in relation_types():
            self._conn.execute(_REL_DDL.format(t=t))

    # -- contract ------------------------------------------------------------------------
    def existing_articles(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        rows = self._rows("MATCH (a:Article) WHERE a.id IN $ids RETURN a.id AS id", {"ids": ids})
        return {r["id"] for r in rows}

    def entity_index(self) -> list[EntityRecord]:
        return self.all_entities()

    def fetch_entities(self, ids: list[str]) -> dict[str, EntityRecord]:
        if not ids:
            return {}
        rows = self._rows(
            f"MATCH (e:Entity) WHERE e.id IN $ids RETURN {ENTITY_RETURN}",
            {"ids": ids})
        return {r["id"]: entity_from_row(r) for r in rows}

    def fetch_relations(self, keys: list[RelKey]) -> dict[RelKey, RelationRecord]:
        found: dict[RelKey, RelationRecord] = {}
        by_type: dict[str, list[dict[str, str]]] = {}
        for s, t, o in keys:
            by_type.setdefault(t, []).append({"s": s, "t": o})
        for rtype, pairs in by_type.items():
            rows = self._rows(
                f"UNWIND $pairs AS p MATCH (a:Entity {{id: p.s}})-[r:{rtype}]->(b:Entity {{id: p.t}}) "
                f"RETURN {REL_RETURN}", {"pairs": pairs})
            for row in rows:
                rel = relation_from_row(row["s"], rtype, row["t"], row)
                found[rel.key] = rel
        return found

    def write(self, articles: list[ArticleRecord], entities: list[EntityRecord],
              relations: list[RelationRecord]) -> None:
        if self.read_only:
            raise StoreError("The store is open read-only.")
        self._conn.execute("BEGIN TRANSACTION")
        try:
            if entities:
                self._conn.execute(
                    "UNWIND $rows AS row MERGE (e:Entity {id: row.id}) SET e.name = row.name, "
                    "e.kind = row.kind, e.aliases = row.aliases, e.alias_langs = row.alias_langs, "
                    "e.keys = row.keys, e.origin = row.origin",
                    {"rows": [entity_row(e) for e in entities]})
            by_type: dict[str, list[dict[str, Any]]] = {}
            for rel in relations:
                by_type.setdefault(rel.type, []).append(relation_row(rel))
            for rtype, rows in by_type.items():
                self._conn.execute(
                    f"UNWIND $rows AS row MATCH (a:Entity {{id: row.s}}), (b:Entity {{id: row.t}}) "
                    f"MERGE (a)-[r:{rtype}]->(b) SET r.confidence = row.confidence, "
                    "r.evidence_count = row.evidence_count, r.role = row.role, "
                    "r.languages = row.languages, r.articles = row.articles, "
                    "r.ev_article = row.ev_article, r.ev_sentence = row.ev_sentence, "
                    "r.ev_lang = row.ev_lang, r.ev_start = row.ev_start, r.ev_end = row.ev_end, "
                    "r.ev_confidence = row.ev_confidence", {"rows": rows})
            if articles:
                self._conn.execute(
                    "UNWIND $rows AS row MERGE (a:Article {id: row.id}) SET a.title = row.title, "
                    "a.url = row.url, a.date = row.date, a.source = row.source, a.lang = row.lang, "
                    "a.path = row.path, a.text = row.text",
                    {"rows": [article_row(a) for a in articles]})
            self._conn.execute("COMMIT")
        except Exception:
            self._conn.execute("ROLLBACK")
            raise

    def merge_write(self, articles: list[ArticleRecord], entities: list[EntityRecord],
                    relations: list[RelationRecord]) -> None:
        """Merge into what is stored: read, union in Python (``graph.merge``), write one transaction."""
        merge_in_python(self, articles, entities, relations)

    def run_read(self, query: str, params: dict[str, Any] | None = None, *,
                 row_limit: int = DEFAULT_ROW_LIMIT,
                 timeout_s: float = DEFAULT_TIMEOUT_S) -> tuple[list[str], list[list[Any]]]:
        query = check_read_only(query)
        self._conn.set_query_timeout(int(timeout_s * 1000))
        try:
            result = self._conn.execute(query, params or {})
            cols = result.get_column_names()
            rows = []
            while result.has_next() and len(rows) < row_limit:
                rows.append(result.get_next())
            return cols, rows
        except RuntimeError as exc:
            msg = str(exc)
            if "interrupt" in msg.lower() or "timeout" in msg.lower():
                raise StoreError(f"Query stopped after the {timeout_s:g} s timeout.") from exc
            raise StoreError(f"Query failed: {msg}") from exc
        finally:
            self._conn.set_query_timeout(0)

    def clear(self) -> None:
        for rtype in relation_types():
            self._conn.execute(f"MATCH ()-[r:{rtype}]->() DELETE r")
        self._conn.execute("MATCH (e:Entity) DELETE e")
        self._conn.execute("MATCH (a:Article) DELETE a")

    def close(self) -> None:
        self._conn.close()
        self._db.close()
