"""The embedded store: LadybugDB (in-process Cypher, file-backed, crash-safe WAL)."""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ladybug

from retailkg.graph.merge import merge_in_python
from retailkg.graph.readonly import check_read_only
from retailkg.graph.reads import CypherReads
from retailkg.graph.records import ArticleRecord, EntityRecord, RelationRecord, chunks
from retailkg.graph.schema import (
    ENTITY_SCORES,
    RANKING_META_SET,
    SCORES_SET,
    article_row,
    entity_row,
    relation_row,
    relation_types,
)
from retailkg.graph.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S, StoreError

DEFAULT_DB_DIR = "retailkg-data"
log = logging.getLogger(__name__)
# Below this many rows ``MERGE … SET`` is cheaper than ``COPY`` (whose commit writes whole pages):
# an ingest batch of 128 articles stays on ``SET``, bulk loads and syncs use ``COPY``.
COPY_MIN_ROWS = 2000

_ENTITY_DDL = (
    "CREATE NODE TABLE IF NOT EXISTS Entity(id STRING, name STRING, kind STRING, "
    "aliases STRING[], alias_langs STRING[], keys STRING[], origin STRING, lookup STRING, "
    "pagerank DOUBLE, degree INT64, out_conf_low DOUBLE, out_conf_high DOUBLE, PRIMARY KEY(id))"
)
_ARTICLE_DDL = (
    "CREATE NODE TABLE IF NOT EXISTS Article(id STRING, title STRING, url STRING, date STRING, "
    "source STRING, lang STRING, path STRING, text STRING, PRIMARY KEY(id))"
)
# Every name, alias and key of an entity, with the ids of the entities that bear it: names are
# resolved by primary-key lookups here (a scan of the entity table costs ~40 ms at 100k entities).
# Forms are only ever added; a form an entity no longer bears is filtered out when resolving.
_FORM_DDL = "CREATE NODE TABLE IF NOT EXISTS EntityForm(form STRING, ids STRING[], PRIMARY KEY(form))"
# When the stored rankings were computed (``graph.rankings``): one row, schema.RANKING_META_KEY.
_META_DDL = "CREATE NODE TABLE IF NOT EXISTS GraphMeta(key STRING, entities INT64, relations INT64, PRIMARY KEY(key))"
_SCORE_TYPES = {"pagerank": "DOUBLE", "degree": "INT64"}  # schema.ENTITY_SCORES
# Confidence bounds of each entity's outgoing relations, an index the embedded store keeps because
# LadybugDB has none on relationship properties: ``out_conf_low`` is at most the lowest confidence
# of the entity's outgoing relations, ``out_conf_high`` at least the highest (NULL: none yet).
# ``write()`` only ever widens them with the confidences it writes, so they stay bounds whatever
# a relation's confidence becomes; ``weak_edges`` and ``multilingual_edges`` read them to skip the
# entities that cannot hold an answer (a scan of 500k relations becomes one of a few thousand).
_BOUND_TYPES = {"out_conf_low": "DOUBLE", "out_conf_high": "DOUBLE"}
CONFIDENCE_BOUNDS = "confidence_bounds"  # the feature a query line may need (``// needs:``)
# Columns no entity row carries (copied as NULL, left alone by SET).
_DERIVED_COLUMNS = (*ENTITY_SCORES, *_BOUND_TYPES)
_BOUNDS_FROM_RELATIONS = ("MATCH (a:Entity)-[r]->(:Entity) WITH a, min(r.confidence) AS lo, max(r.confidence) AS hi "
                          "SET a.out_conf_low = lo, a.out_conf_high = hi")
_WIDEN_BOUNDS = ("UNWIND $rows AS row MATCH (e:Entity) WHERE e.id = row.id "
                 "SET e.out_conf_low = CASE WHEN e.out_conf_low IS NULL OR row.lo < e.out_conf_low "
                 "THEN row.lo ELSE e.out_conf_low END, "
                 "e.out_conf_high = CASE WHEN e.out_conf_high IS NULL OR row.hi > e.out_conf_high "
                 "THEN row.hi ELSE e.out_conf_high END")
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


_NODE_ENDS: tuple[str, ...] = ()
_REL_ENDS = ("s", "t")  # relation_row names the endpoints' ids ``s`` and ``t``


@dataclass(frozen=True)
class _Column:
    name: str
    type: str  # LadybugDB type as the DDL declares it, e.g. "STRING[]"
    primary: bool = False


def default_db_dir() -> str:
    """``$RETAILKG_DB`` or ``./retailkg-data``."""
    return os.environ.get("RETAILKG_DB", DEFAULT_DB_DIR)


def table_columns(conn: ladybug.Connection, table: str) -> list[_Column]:
    """A node or rel table's property columns, in DDL order, read from the catalog."""
    result = conn.execute(f"CALL table_info('{table}') RETURN *")
    cols = []
    while result.has_next():
        row = result.get_next()  # property id, name, type, default, primary key (node) | direction (rel)
        cols.append(_Column(name=row[1], type=row[2], primary=row[4] is True))
    return cols


def names_in(columns: list[_Column]) -> list[str]:
    """The columns' names, in order."""
    return [c.name for c in columns]


def primary_key(columns: list[_Column]) -> str:
    """The name of the primary-key column of a node table."""
    return next(c.name for c in columns if c.primary)


def copy_rows(conn: ladybug.Connection, table: str, columns: list[_Column], rows: list[dict[str, Any]],
              ends: tuple[str, ...]) -> bool:
    """``COPY table`` from ``rows`` (row dicts from ``schema.*_row``), passed as query parameters.

    No file is written, so any string (commas, quotes, brackets, newlines, CJK) lands unchanged.
    Every table column must be a key of the rows, and vice versa: the DDL and ``schema.py`` must
    agree. A rel table's rows also carry their endpoints' primary keys under ``ends``, which
    ``COPY`` takes first. Derived columns (scores, confidence bounds) the rows lack are copied as
    NULL: only ``write_rankings`` and the relation writes set them. Returns False, copying nothing, when a column's values give LadybugDB
    no type to read them with (only ``None`` and empty lists, mixed), or when there are fewer
    than ``COPY_MIN_ROWS`` rows: write those rows with ``SET``.
    """
    if len(rows) < COPY_MIN_ROWS:
        return False
    names = [n for n in names_in(columns) if n in rows[0] or n not in _DERIVED_COLUMNS]
    if set(names) != set(rows[0]) - set(ends):
        raise StoreError(f"The {table} table's columns {sorted(names)} do not match the row properties "
                         f"{sorted(set(rows[0]) - set(ends))}: align the DDL in embedded.py with schema.py.")
    # One list parameter per column, read by position: ladybug converts a few flat lists about
    # five times faster than one list of row maps.
    params: dict[str, Any] = {"n": len(rows)}
    values = []
    for i, (name, type_) in enumerate([*((e, "STRING") for e in ends), *((c.name, c.type) for c in columns)]):
        if name not in names and name not in ends:
            values.append(f"CAST(NULL AS {type_})")
            continue
        column = [r[name] for r in rows]
        expr = _column_expr(f"c{i}", column, type_)
        if expr is None:
            return False
        if f"$c{i}[" in expr:
            params[f"c{i}"] = column
        values.append(expr)
    query = f"COPY {table} FROM (UNWIND range(1, $n) AS i RETURN {', '.join(values)})"
    # A fresh prepared statement for every COPY: ladybug 0.22's execute(str) caches prepared
    # statements by query text, and executing a cached COPY statement a second time crashes the
    # process (SIGSEGV). prepare() is deprecated in favour of execute(str), hence the filter.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        statement = conn.prepare(query, params)
    conn.execute(statement, params)
    return True


def _column_expr(param: str, values: list[Any], type_: str) -> str | None:
    """How COPY reads one column: from the parameter, or as a typed constant when the values
    give the parameter no type (all ``None`` or all empty lists); None when neither works."""
    if any(any(x is not None for x in v) if isinstance(v, list) else v is not None for v in values):
        return f"CAST(${param}[i] AS {type_})"
    if all(v is None for v in values):
        return f"CAST(NULL AS {type_})"
    if all(v == [] for v in values):
        return f"CAST([] AS {type_})"
    return None


class EmbeddedStore(CypherReads):
    """GraphStore on LadybugDB. ``path`` is a directory; the database lives inside it."""

    kind = "embedded"

    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False):
        self.path = Path(path or default_db_dir())
        db_file = self.path / "graph.lbug"
        self.read_only = read_only
        self._column_cache: dict[str, list[_Column]] = {}
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
        self._forms_ready = self._has_forms()
        # What the canned queries may use (``// needs:``): an older graph opened read-only lacks the bounds.
        self.features = frozenset({CONFIDENCE_BOUNDS}) if self._has_columns("Entity", _BOUND_TYPES) else frozenset()

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
        self._conn.execute(_FORM_DDL)
        self._conn.execute(_META_DDL)
        for t in relation_types():
            self._conn.execute(_REL_DDL.format(t=t))
        self._migrate()

    def _migrate(self) -> None:
        """Bring a graph written by an older version up to date: the ``lookup`` column, the forms."""
        added = set()
        for name, type_ in (("lookup", "STRING"), *_SCORE_TYPES.items(), *_BOUND_TYPES.items()):
            if name not in names_in(self._columns("Entity")):
                self._conn.execute(f"ALTER TABLE Entity ADD {name} {type_}")
                self._column_cache.clear()
                added.add(name)
        if added & set(_BOUND_TYPES):
            self._conn.execute(_BOUNDS_FROM_RELATIONS)
        if self._count("Entity") and not self._count("EntityForm"):
            self.write([], self.all_entities(), [])  # rewrites lookup and indexes the forms

    def _count(self, table: str) -> int:
        return int(self._rows(f"MATCH (n:{table}) RETURN count(n) AS n")[0]["n"])

    def _index_forms(self, entities: list[EntityRecord]) -> None:
        """Add the entities' names, aliases and keys to ``EntityForm`` (inside write's transaction)."""
        forms: dict[str, set[str]] = {}
        for e in entities:
            for form in (e.name, *e.aliases, *e.keys):
                if form:
                    forms.setdefault(form, set()).add(e.id)
        if not forms:
            return
        stored = self._rows("UNWIND $forms AS f MATCH (x:EntityForm {form: f}) RETURN x.form AS form, x.ids AS ids",
                            {"forms": list(forms)})
        known = {r["form"]: set(r["ids"]) for r in stored}
        rows = [{"form": f, "ids": sorted(ids | known.get(f, set()))}
                for f, ids in forms.items() if not ids <= known.get(f, set())]
        if rows:
            self._upsert_nodes("EntityForm", rows)

    def _form_candidates(self, text: str, key: str) -> tuple[list[str], list[str]] | None:
        """Entities bearing ``text`` by primary-key lookups in ``EntityForm``, each re-checked: those
        named ``text``, and those with it as an alias or ``key`` among their keys (a stale form, of
        an entity renamed since, is filtered out here). None without a form index."""
        if not self._forms_ready:
            return None
        candidates: set[str] = set()
        for form in {text, key}:
            for row in self._rows("MATCH (x:EntityForm {form: $f}) RETURN x.ids AS ids", {"f": form}):
                candidates.update(row["ids"])
        named, other = [], []
        for cid in sorted(candidates):
            for e in self._rows("MATCH (e:Entity {id: $c}) RETURN e.name AS name, e.aliases AS aliases, "
                                "e.keys AS keys", {"c": cid}):
                if e["name"] == text:
                    named.append(cid)
                elif text in (e["aliases"] or []) or key in (e["keys"] or []):
                    other.append(cid)
        return named, other

    def _is_id(self, text: str) -> bool:
        return bool(self._rows("MATCH (e:Entity {id: $q}) RETURN e.id AS id", {"q": text}))

    def resolve_name(self, text: str, key: str) -> list[str] | None:
        """Ids ``text`` names, by primary-key lookups: its id, else entities named ``text``, else
        those with ``text`` as an alias or ``key`` among their keys (``queries.catalog`` ranks
        the same way on Neo4j). ``None`` when the graph has no form index (an older read-only graph)."""
        if not self._forms_ready:
            return None
        if self._is_id(text):
            return [text]
        named, other = self._form_candidates(text, key) or ([], [])
        return named or other

    def name_matches(self, text: str, key: str) -> list[str] | None:
        """Ids of every entity known by ``text`` (its id, name or alias, or ``key`` among its keys),
        by primary-key lookups; ``None`` without a form index."""
        found = self._form_candidates(text, key)
        if found is None:
            return None
        ids = set(found[0]) | set(found[1])
        if self._is_id(text):
            ids.add(text)
        return sorted(ids)

    def _has_columns(self, table: str, names: Any) -> bool:
        try:
            return set(names) <= set(names_in(self._columns(table)))
        except RuntimeError:  # no such table (a read-only graph from before it)
            return False

    def _has_forms(self) -> bool:
        """Whether names can be resolved through ``EntityForm`` (older graphs lack the table)."""
        try:
            return not self._count("Entity") or bool(self._count("EntityForm"))
        except RuntimeError:  # no such table: a graph from before the form index, opened read-only
            return False

    def _columns(self, table: str) -> list[_Column]:
        """The table's property columns in DDL order (cached: the DDL does not change while open)."""
        if table not in self._column_cache:
            self._column_cache[table] = table_columns(self._conn, table)
        return self._column_cache[table]

    def _rollback(self) -> None:
        """Roll back the open transaction, if LadybugDB has not already done so on the error."""
        try:
            self._conn.execute("ROLLBACK")
        except RuntimeError as exc:
            if "no active transaction" not in str(exc).lower():
                raise

    # -- bulk upsert (inside write's transaction) -----------------------------------------------
    def _upsert_nodes(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Copy the rows whose key is not stored yet; ``SET`` every property of the others."""
        columns = self._columns(table)
        key = primary_key(columns)
        rows = list({r[key]: r for r in rows}.values())  # one row per key, the last wins
        stored = self._stored_node_keys(table, key, [r[key] for r in rows])
        new = [r for r in rows if r[key] not in stored]
        old = [r for r in rows if r[key] in stored]
        if new and not copy_rows(self._conn, table, columns, new, _NODE_ENDS):
            old = rows
        if old:
            props = ", ".join(f"n.{k} = row.{k}" for k in old[0] if k != key)
            self._conn.execute(
                f"UNWIND $rows AS row MERGE (n:{table} {{{key}: row.{key}}}) SET {props}", {"rows": old})

    def _upsert_relations(self, rtype: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Replace the batch's edges: delete the stored ones, then copy every row.

        Each row holds every property (whole, merged values), so deleting and copying an edge
        stores what ``SET`` of every property would, and it is far faster in LadybugDB than
        ``MERGE … SET`` on edges. Rows whose endpoint is not stored are skipped, as ``MATCH …
        MERGE`` always did.
        """
        rows = list({(r["s"], r["t"]): r for r in rows}.values())  # one row per edge, the last wins
        ends = self._stored_node_keys("Entity", "id", list({e for r in rows for e in (r["s"], r["t"])}))
        rows = [r for r in rows if r["s"] in ends and r["t"] in ends]
        if not rows:
            return []
        if len(rows) >= COPY_MIN_ROWS:
            self._conn.execute(
                f"UNWIND range(1, size($s)) AS i MATCH (a:Entity {{id: $s[i]}})-[r:{rtype}]->(b:Entity) "
                "WHERE b.id = $t[i] DELETE r", {"s": [r["s"] for r in rows], "t": [r["t"] for r in rows]})
        if len(rows) < COPY_MIN_ROWS or not copy_rows(self._conn, rtype, self._columns(rtype), rows, _REL_ENDS):
            props = ", ".join(f"r.{k} = row.{k}" for k in rows[0] if k not in _REL_ENDS)
            self._conn.execute(
                f"UNWIND $rows AS row MATCH (a:Entity {{id: row.s}}), (b:Entity {{id: row.t}}) "
                f"MERGE (a)-[r:{rtype}]->(b) SET {props}", {"rows": rows})
        return rows

    def _widen_bounds(self, rows: list[dict[str, Any]]) -> None:
        """Widen the written relations' sources' confidence bounds (``_BOUND_TYPES``) to cover them."""
        bounds: dict[str, list[float]] = {}
        for r in rows:
            lo_hi = bounds.setdefault(r["s"], [r["confidence"], r["confidence"]])
            lo_hi[0], lo_hi[1] = min(lo_hi[0], r["confidence"]), max(lo_hi[1], r["confidence"])
        for chunk in chunks([{"id": k, "lo": v[0], "hi": v[1]} for k, v in bounds.items()], 20_000):
            self._conn.execute(_WIDEN_BOUNDS, {"rows": chunk})

    def _stored_node_keys(self, table: str, key: str, keys: list[str]) -> set[str]:
        """Those of ``keys`` that are stored in ``table`` (primary-key lookups)."""
        if not keys:
            return set()
        rows = self._rows(f"UNWIND $keys AS k MATCH (n:{table} {{{key}: k}}) RETURN n.{key} AS k",
                          {"keys": keys})
        return {r["k"] for r in rows}

    # -- contract ------------------------------------------------------------------------
    def write(self, articles: list[ArticleRecord], entities: list[EntityRecord],
              relations: list[RelationRecord]) -> None:
        """Upsert whole rows in one transaction: new rows by ``COPY``, stored ones by ``SET``.

        A failure rolls the whole transaction back, the ``COPY`` statements included.
        """
        if self.read_only:
            raise StoreError("The store is open read-only.")
        self._conn.execute("BEGIN TRANSACTION")
        try:
            if entities:
                self._upsert_nodes("Entity", [entity_row(e) for e in entities])
                self._index_forms(entities)
            by_type: dict[str, list[dict[str, Any]]] = {}
            for rel in relations:
                by_type.setdefault(rel.type, []).append(relation_row(rel))
            written = [row for rtype, rows in by_type.items() for row in self._upsert_relations(rtype, rows)]
            if written:
                self._widen_bounds(written)
            if articles:
                self._upsert_nodes("Article", [article_row(a) for a in articles])
            self._conn.execute("COMMIT")
        except Exception:
            self._rollback()
            raise

    def merge_write(self, articles: list[ArticleRecord], entities: list[EntityRecord],
                    relations: list[RelationRecord]) -> None:
        """Merge into what is stored: read, union in Python (``graph.merge``), write one transaction."""
        merge_in_python(self, articles, entities, relations)

    def ranking_counts(self) -> tuple[int, int] | None:
        """As ``CypherReads.ranking_counts``; None for an older graph without the meta table."""
        try:
            return super().ranking_counts()
        except RuntimeError:
            return None

    def write_rankings(self, rows: list[dict[str, Any]], counts: tuple[int, int]) -> None:
        """Set every given entity's scores and the counts they belong to, in one transaction."""
        if self.read_only:
            raise StoreError("The store is open read-only.")
        self._conn.execute("BEGIN TRANSACTION")
        try:
            # Rows of maps matched by ``WHERE e.id = row.id``: ~30 µs a row at 100k entities,
            # where indexing column lists (``$ids[i]``) is about a hundred times slower.
            for chunk in chunks(rows, 20_000):
                self._conn.execute(SCORES_SET, {"rows": chunk})
            self._conn.execute(RANKING_META_SET, {"rows": [{"entities": counts[0], "relations": counts[1]}]})
            self._conn.execute("COMMIT")
        except Exception:
            self._rollback()
            raise

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
        self._conn.execute("MATCH (f:EntityForm) DELETE f")
        self._conn.execute("MATCH (a:Article) DELETE a")
        self._conn.execute("MATCH (m:GraphMeta) DELETE m")

    def close(self) -> None:
        self._conn.close()
        self._db.close()
