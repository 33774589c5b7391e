"""Canned analyst queries: one ``.cypher`` file each, run the same way on both stores.

A file starts with a header of ``// key: value`` lines (name, title, description, one
``params`` line per parameter as ``name:type=default -- description``, example, and
optionally ``kind: python``), then the Cypher both engines share. Where the dialects differ
(``type(r)`` vs ``label(r)``, 0- vs 1-based lists, shortest-path syntax, ordered ``collect``),
a line ``// variant: embedded`` starts the text the embedded store runs instead.

Every string parameter ``p`` can also be used as ``$p_key``, its normalised resolution key
(``graph.subgraph.norm_key``), and as ``$p_ids``, the ids of the entities it names: the entity
with that exact id or name if there is one, else those with it as an alias or ``p_key`` among
their keys (``resolve_entities``: index lookups on Neo4j, see ``schema.ENTITY_DERIVED``). Resolving
first and matching ``x.id IN ids`` also keeps LadybugDB's planner starting recursive patterns
from the named entity instead of from every node. ``$p_matches`` is the wider set ``lookup`` lists:
every entity with ``p`` as its id, name or alias, or ``p_key`` among its keys. ``$row_limit`` is the
most rows the caller will read, for a text that can stop early (a sort inside the query).

A text may compute values before it runs (``// let: NAME`` sections, then ``// in:``): each
section returns one number, written into the rest of the text where ``$NAME`` stands (a literal
bound lets LadybugDB skip storage it would otherwise scan; see ``run_stages``).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from retailkg.graph.rankings import ranking_rows, rankings_fresh
from retailkg.graph.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S, GraphStore, StoreError
from retailkg.queries.neighbourhood import neighbourhood_rows
from retailkg.queries.ownership import ownership_tree_rows
from retailkg.queries.paths import shortest_path_rows

QUERY_DIR = Path(__file__).resolve().parent
HEADER_KEYS = ("name", "title", "description", "params", "example")
PARAM_TYPES: dict[str, type] = {"str": str, "int": int, "float": float}
VARIANT_MARKER = re.compile(r"^//\s*variant:\s*embedded\s*$", re.MULTILINE)
_HEADER_LINE = re.compile(r"^//\s*([a-z_]+):\s?(.*)$")
_PARAM_SPEC = re.compile(r"^(?P<name>[a-z][a-z0-9_]*):(?P<type>str|int|float)"
                         r"(?:\[(?P<low>\d+)\.\.(?P<high>\d+)\])?=(?P<default>.*?)"
                         r"(?:\s+--\s+(?P<desc>.*))?$")
_PARAM_REF = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# A parameter as the upper bound of a variable-length pattern (``[*1..$depth]``, ``SHORTEST 1..$depth``):
# Cypher takes no parameter there (neither engine does), so the catalogue writes the bound-checked
# integer into the text before it runs. Only ranged int parameters may stand there.
_BOUND_REF = re.compile(r"(?<=\.\.)\$([A-Za-z_][A-Za-z0-9_]*)\b")
NONE_MARKERS = ("", "-", "(none)", "(defaults)")
BUILTIN_PARAMS = ("row_limit",)  # supplied by the catalogue, never declared or passed by callers
DERIVED_SUFFIXES = ("key", "ids", "matches")  # ``$p_key``, ``$p_ids``, ``$p_matches`` of a str parameter
_LET = re.compile(r"^//\s*let:\s*([a-z][a-z0-9_]*)\s*$", re.MULTILINE)
_IN = re.compile(r"^//\s*in:\s*$", re.MULTILINE)
# A line ending in ``// needs: FEATURE`` is left out on a store that lacks the feature
# (``store.features``, e.g. an older embedded graph opened read-only has no confidence bounds).
_NEEDS = re.compile(r"^(?P<line>.*?)\s*//\s*needs:\s*(?P<feature>[a-z_]+)\s*$")
_TRAILING_LIMIT = re.compile(r"\bLIMIT\s+(?:\$[A-Za-z_][A-Za-z0-9_]*|\d+)\s*$", re.IGNORECASE)

ParamValue = str | int | float


class QueryParam(NamedTuple):
    """One parameter: ``name``, ``type`` (str/int/float), ``default`` (typed), ``description``,
    and for an int the inclusive range it must lie in (``low``/``high``, declared ``int[1..3]``)."""

    name: str
    type: str
    default: ParamValue
    description: str
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class CannedQuery:
    """A named query with its parameters and the Cypher for each store."""

    name: str
    title: str
    description: str
    params: list[QueryParam]
    text_neo4j: str
    text_embedded: str
    example: dict[str, str] = field(default_factory=dict)
    kind: str = "cypher"  # "cypher" or "python" (computed in this module)
    path: str = ""
    embedded: str = "cypher"  # "python": the embedded store runs ``EMBEDDED_QUERIES[name]`` instead
    embedded_note: str = ""  # how, from the header line ``// embedded: python -- how``

    def text_for(self, store_kind: str) -> str:
        """The Cypher the store of this kind runs."""
        return self.text_embedded if store_kind == "embedded" else self.text_neo4j

    def example_args(self) -> str:
        """The example as command-line ``--param`` flags."""
        return " ".join(f"--param {_shell_quote(f'{k}={v}')}" for k, v in self.example.items())


def _shell_quote(text: str) -> str:
    return text if re.fullmatch(r"[\w.=,:/+-]+", text) else "'" + text.replace("'", "'\\''") + "'"


def _coerce(name: str, ptype: str, value: Any) -> ParamValue:
    """``value`` as the parameter's type; a ``ValueError`` names the parameter otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"Parameter '{name}' must be {ptype}, not a boolean.")
    try:
        if ptype == "str":
            if not isinstance(value, (str, int, float)):
                raise TypeError
            return str(value)
        if ptype == "int":
            if isinstance(value, float) and not value.is_integer():
                raise TypeError
            return int(value) if not isinstance(value, str) else int(value.strip())
        if ptype == "float":
            out = float(value)
            if out != out or out in (float("inf"), float("-inf")):
                raise TypeError
            return out
    except (TypeError, ValueError):
        pass
    raise ValueError(f"Parameter '{name}' must be {ptype}, got {value!r}.")


def parse_query_file(path: Path) -> CannedQuery:
    """Read one ``.cypher`` file; a ``ValueError`` names the file and what is wrong."""
    raw = path.read_text(encoding="utf-8")
    lines = raw.splitlines()
    header: dict[str, str] = {}
    param_lines: list[str] = []
    body_start = len(lines)
    for i, line in enumerate(lines):
        m = _HEADER_LINE.match(line.strip())
        if not m or m.group(1) in ("variant", "let"):
            body_start = i
            break
        key, value = m.group(1), m.group(2).strip()
        if key == "params":
            param_lines.append(value)
        elif key in header:
            raise ValueError(f"{path.name}: header '{key}' given twice.")
        else:
            header[key] = value
    if param_lines:
        header["params"] = "; ".join(param_lines)
    missing = [k for k in HEADER_KEYS if not header.get(k)]
    if missing:
        raise ValueError(f"{path.name}: header lacks {', '.join(missing)}.")
    if header["name"] != path.stem:
        raise ValueError(f"{path.name}: name '{header['name']}' differs from the file name.")
    params: list[QueryParam] = []
    for spec in param_lines:
        if spec in NONE_MARKERS:
            continue
        m = _PARAM_SPEC.match(spec)
        if not m:
            raise ValueError(f"{path.name}: bad params line '{spec}' (want name:type=default -- text).")
        default = _coerce(m["name"], m["type"], m["default"]) if m["default"] or m["type"] == "str" else None
        if default is None:
            raise ValueError(f"{path.name}: parameter '{m['name']}' needs a default.")
        low, high = (int(m["low"]), int(m["high"])) if m["low"] is not None else (None, None)
        if low is not None and (m["type"] != "int" or not low <= default <= high):
            raise ValueError(f"{path.name}: parameter '{m['name']}': a range needs an int with its default inside.")
        params.append(QueryParam(m["name"], m["type"], default, (m["desc"] or "").strip(), low, high))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise ValueError(f"{path.name}: a parameter is declared twice.")
    if set(names) & set(BUILTIN_PARAMS):
        raise ValueError(f"{path.name}: {', '.join(BUILTIN_PARAMS)} is supplied by the catalogue, not declared.")
    example: dict[str, str] = {}
    if header["example"] not in NONE_MARKERS:
        for item in header["example"].split(";"):
            key, sep, value = item.strip().partition("=")
            if not sep or key not in names:
                raise ValueError(f"{path.name}: example '{item.strip()}' names no declared parameter.")
            example[key] = value
    kind = header.get("kind", "cypher")
    if kind not in ("cypher", "python"):
        raise ValueError(f"{path.name}: kind must be cypher or python, not '{kind}'.")
    embedded, _, embedded_note = (x.strip() for x in header.get("embedded", "cypher").partition(" -- "))
    if embedded not in ("cypher", "python") or (embedded == "python" and header["name"] not in EMBEDDED_QUERIES):
        raise ValueError(f"{path.name}: embedded must be cypher, or python with a function for it.")
    body = "\n".join(lines[body_start:])
    parts = VARIANT_MARKER.split(body, maxsplit=1)
    text_neo4j = parts[0].strip()
    text_embedded = parts[1].strip() if len(parts) > 1 else text_neo4j
    if kind == "cypher" and (not text_neo4j or not text_embedded):
        raise ValueError(f"{path.name}: no Cypher after the header.")
    if text_neo4j:
        for text in (text_neo4j, text_embedded):
            derived = {f"{n}_{suffix}" for n in names for suffix in DERIVED_SUFFIXES}
            try:
                lets = [name for name, _ in split_stages(text)[0]]
            except ValueError as exc:
                raise ValueError(f"{path.name}: {exc}") from None
            unknown = set(_PARAM_REF.findall(text)) - set(names) - derived - set(lets) - set(BUILTIN_PARAMS)
            if unknown:
                raise ValueError(f"{path.name}: the Cypher uses undeclared ${', $'.join(sorted(unknown))}.")
            ranged = {p.name for p in params if p.low is not None}
            unbounded = set(bound_params(text)) - ranged
            if unbounded:
                raise ValueError(f"{path.name}: ${', $'.join(sorted(unbounded))} bounds a pattern: declare it "
                                 "as int[low..high].")
    if kind == "python" and header["name"] not in PYTHON_QUERIES:
        raise ValueError(f"{path.name}: no Python function for query '{header['name']}'.")
    return CannedQuery(name=header["name"], title=header["title"], description=header["description"],
                       params=params, text_neo4j=text_neo4j, text_embedded=text_embedded,
                       example=example, kind=kind, path=str(path), embedded=embedded,
                       embedded_note=embedded_note)


@lru_cache(maxsize=1)
def _load() -> dict[str, CannedQuery]:
    queries = [parse_query_file(p) for p in sorted(QUERY_DIR.glob("*.cypher"))]
    return {q.name: q for q in queries}


def list_queries() -> list[CannedQuery]:
    """Every canned query, by name."""
    return list(_load().values())


def get_query(name: str) -> CannedQuery:
    """The query called ``name``; ``ValueError`` listing the known names otherwise."""
    try:
        return _load()[name]
    except KeyError:
        raise ValueError(f"Unknown query '{name}'. Known queries: {', '.join(_load())}.") from None


def bind_params(query: CannedQuery, params: dict[str, ParamValue] | None) -> dict[str, ParamValue]:
    """Defaults overlaid with ``params``, each coerced to its declared type."""
    declared = {p.name: p for p in query.params}
    given = dict(params or {})
    unknown = sorted(set(given) - set(declared))
    if unknown:
        accepted = ", ".join(declared) or "none"
        raise ValueError(f"Query '{query.name}' has no parameter {', '.join(map(repr, unknown))}; "
                         f"it accepts: {accepted}.")
    bound: dict[str, ParamValue] = {}
    for p in query.params:
        value = given.get(p.name)
        bound[p.name] = p.default if value is None else _coerce(p.name, p.type, value)
        if p.low is not None and not p.low <= bound[p.name] <= p.high:
            raise ValueError(f"Parameter '{p.name}' must be between {p.low} and {p.high}, got {bound[p.name]}.")
    return bound


# LadybugDB scans the entity table for ``x.id IN $ids`` (and for ``x.id = $ids[1]``: an element
# of a list parameter is not a key), but looks the primary key up for ``x.id = $id`` with a scalar
# parameter: 0.3 ms against 20 ms at 100k entities, and a variable-length search then starts from
# the one node. So on the embedded store every one-element id list is matched that way (the same
# rows): at 100k entities / 500k relations most entity queries went from 15-20 ms to 1-3 ms.
_ANCHOR_IN = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\.id IN \$([A-Za-z_][A-Za-z0-9_]*_(?:ids|matches))\b")


def singleton_anchors(text: str, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """``text`` with ``v.id IN $p_ids`` (or ``$p_matches``) as ``v.id = $p_ids_one`` where the list
    holds one id (as ``false`` where it is empty), and ``values`` with that scalar added (embedded store: the same rows, found by
    primary key instead of a scan)."""
    scalars: dict[str, Any] = {}

    def one(m: re.Match) -> str:
        ids = values.get(m.group(2))
        if ids == []:
            return "false"  # nothing to find: no scan (``v.id IN []`` is false for every v)
        if not (isinstance(ids, list) and len(ids) == 1):
            return m.group(0)
        scalars[f"{m.group(2)}_one"] = ids[0]
        return f"{m.group(1)}.id = ${m.group(2)}_one"
    return _ANCHOR_IN.sub(one, text), {**values, **scalars}


def bound_params(text: str) -> list[str]:
    """The parameters ``text`` uses as pattern bounds (``..$p``), in order of appearance."""
    return _BOUND_REF.findall(text)


def inline_bounds(text: str, bound: dict[str, ParamValue]) -> str:
    """``text`` with every pattern bound ``..$p`` replaced by the (checked, ranged) integer ``p``."""
    return _BOUND_REF.sub(lambda m: str(int(bound[m.group(1)])), text)


def split_stages(text: str) -> tuple[list[tuple[str, str]], str]:
    """``// let: NAME`` sections (name, Cypher) and the text after ``// in:``; ``([], text)`` without.

    What precedes the first ``let`` (comments) is dropped; a ``ValueError`` says what is malformed.
    """
    lets = list(_LET.finditer(text))
    ins = list(_IN.finditer(text))
    if not lets:
        if ins:
            raise ValueError("'// in:' without a '// let:' before it.")
        return [], text
    if len(ins) != 1 or ins[0].start() < lets[-1].start():
        raise ValueError("the '// let:' sections must be followed by one '// in:' line and the query.")
    stages = []
    for i, m in enumerate(lets):
        end = lets[i + 1].start() if i + 1 < len(lets) else ins[0].start()
        stages.append((m.group(1), text[m.end():end].strip()))
    if len({name for name, _ in stages}) != len(stages):
        raise ValueError("a '// let:' name is given twice.")
    return stages, text[ins[0].end():].strip()


def cypher_literal(name: str, value: Any) -> str:
    """A ``let`` value as Cypher text: only numbers, booleans and null are written into a query."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        return repr(value)
    raise StoreError(f"'// let: {name}' must give a number, got {value!r}.")


def run_stages(store: GraphStore, text: str, values: dict[str, Any], *, row_limit: int,
               timeout_s: float) -> tuple[list[str], list[list]]:
    """Run ``text``: each ``let`` section first (its one value becomes a literal in the rest), then
    the query after ``// in:``, ending in ``LIMIT $row_limit`` unless it ends in a LIMIT already.

    A literal rather than a parameter, because LadybugDB prunes its column scans with literal
    bounds only (``weak_edges``: 45 ms with ``r.confidence <= 0.3``, 120 ms with ``<= $cutoff``).
    """
    stages, final = split_stages(text)
    values = {**values, "row_limit": max(int(row_limit), 0)}
    for i, (name, stage) in enumerate(stages):
        used = set(_PARAM_REF.findall(stage))
        _, rows = store.run_read(stage, {k: v for k, v in values.items() if k in used}, row_limit=1,
                                 timeout_s=timeout_s)
        literal = cypher_literal(name, rows[0][0] if rows and rows[0] else None)
        ref = re.compile(rf"\${re.escape(name)}\b")
        stages[i + 1:] = [(n, ref.sub(literal, st)) for n, st in stages[i + 1:]]
        final = ref.sub(literal, final)
    if not _TRAILING_LIMIT.search(final):
        # The caller reads row_limit rows: a sort can stop there (a top-k, or Neo4j's partial
        # sort of a breadth-first search), instead of ordering every row first.
        final += "\nLIMIT $row_limit"
    used = set(_PARAM_REF.findall(final))
    columns, rows = store.run_read(final, {k: v for k, v in values.items() if k in used},
                                   row_limit=row_limit, timeout_s=timeout_s)
    return list(columns), [list(r) for r in rows]


RESOLVE_EXACT = (
    "MATCH (e:Entity {id: $q}) RETURN e.id AS id",
    "MATCH (e:Entity {name: $q}) RETURN e.id AS id ORDER BY id",
)
# The embedded store scans its (columnar) entity table for a key or alias.
RESOLVE_TEXT = (
    "WITH $q AS q, $k AS k MATCH (e:Entity) "
    "WHERE e.id = q OR k IN e.keys OR e.name = q OR any(a IN e.aliases WHERE a = q) "
    "RETURN e.id AS id ORDER BY id"
)
# Neo4j: one round trip, every branch an index lookup (id constraint, name index, and the TEXT
# index on the derived ``lookup`` property for keys and aliases; see schema.ENTITY_DERIVED).
# ``rank`` says which branch matched: the lowest rank present wins, as in the embedded steps.
RESOLVE_INDEXED = (
    "MATCH (e:Entity {id: $q}) RETURN 0 AS rank, e.id AS id "
    "UNION MATCH (e:Entity {name: $q}) RETURN 1 AS rank, e.id AS id "
    "UNION MATCH (e:Entity) WHERE e.lookup CONTAINS $q_pattern AND $q IN e.aliases "
    "RETURN 2 AS rank, e.id AS id "
    "UNION MATCH (e:Entity) WHERE e.lookup CONTAINS $k_pattern AND $k IN e.keys "
    "RETURN 2 AS rank, e.id AS id"
)
INDEXED_LOOKUP_STORES = ("neo4j",)
# Entities written before ``lookup`` existed lack it; until they are rewritten (any upsert sets
# it, e.g. ``retailkg sync``) an empty indexed answer is confirmed by the scan.
LOOKUP_MISSING = "MATCH (e:Entity) WHERE e.lookup IS NULL RETURN e.id AS id LIMIT 1"
_lookup_complete: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def resolve_entities(store: GraphStore, text: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> list[str]:
    """Ids of the entities ``text`` names, the same way on both stores.

    An exact id, then an exact name, wins; otherwise every entity with ``text`` as an alias or
    its normalised key among its keys. On Neo4j all of it is one query of index lookups
    (``RESOLVE_INDEXED``); the embedded store looks the text up in its form table
    (``EmbeddedStore.resolve_name``), or runs the exact lookups and scans its entities when an
    older graph has none.
    """
    return _entities_named(store, text, every=False, timeout_s=timeout_s)


def match_entities(store: GraphStore, text: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> list[str]:
    """Ids of every entity known by ``text``: as its id, name or alias, or its normalised key
    among its keys (``resolve_entities`` keeps only the best of these; ``lookup`` lists them all)."""
    return _entities_named(store, text, every=True, timeout_s=timeout_s)


def _entities_named(store: GraphStore, text: str, *, every: bool, timeout_s: float) -> list[str]:
    """``match_entities`` (``every``) or ``resolve_entities``: by the embedded form table, by
    Neo4j's indexes (``rank`` tells the best match), or by the exact lookups and a scan."""
    from retailkg.graph.schema import lookup_pattern
    from retailkg.graph.subgraph import norm_key

    if not text.strip():
        return []
    key = norm_key(text)
    by_forms = getattr(store, "name_matches" if every else "resolve_name", None)  # embedded form index
    if by_forms is not None:
        found = by_forms(text, key)
        if found is not None:
            return found[:1000]
    if store.kind in INDEXED_LOOKUP_STORES and (not every or _lookup_is_complete(store, timeout_s)):
        params = {"q": text, "k": key, "q_pattern": lookup_pattern(text), "k_pattern": lookup_pattern(key)}
        _, rows = store.run_read(RESOLVE_INDEXED, params, row_limit=10_000, timeout_s=timeout_s)
        if rows or every:
            best = min((r[0] for r in rows), default=0)
            return sorted({r[1] for r in rows if every or r[0] == best})[:1000]
        if _lookup_is_complete(store, timeout_s):
            return []
    for exact in () if every else RESOLVE_EXACT:
        _, rows = store.run_read(exact, {"q": text}, row_limit=1000, timeout_s=timeout_s)
        if rows:
            return [r[0] for r in rows]
    _, rows = store.run_read(RESOLVE_TEXT, {"q": text, "k": key}, row_limit=1000, timeout_s=timeout_s)
    return [r[0] for r in rows]


def _lookup_is_complete(store: GraphStore, timeout_s: float) -> bool:
    """Whether every entity has the derived ``lookup`` (remembered once true: writes set it)."""
    if _lookup_complete.get(store):
        return True
    _, rows = store.run_read(LOOKUP_MISSING, row_limit=1, timeout_s=timeout_s)
    if rows:
        return False
    _lookup_complete[store] = True
    return True


def engine_params(query: CannedQuery, bound: dict[str, ParamValue], text: str,
                  store: GraphStore | None = None, *,
                  timeout_s: float = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
    """The parameters ``text`` refers to, with the ``_key``, ``_ids`` and ``_matches`` forms it uses
    added (``run_stages`` adds ``row_limit``)."""
    from retailkg.graph.subgraph import norm_key

    used = set(_PARAM_REF.findall(text))
    values: dict[str, Any] = {k: v for k, v in bound.items() if k in used}
    for p in query.params:
        if p.type != "str":
            continue
        if f"{p.name}_key" in used:
            values[f"{p.name}_key"] = norm_key(str(bound[p.name]))
        if f"{p.name}_ids" in used:
            if store is None:
                raise ValueError(f"Resolving ${p.name}_ids needs a store.")
            values[f"{p.name}_ids"] = resolve_entities(store, str(bound[p.name]), timeout_s=timeout_s)
        if f"{p.name}_matches" in used:
            if store is None:
                raise ValueError(f"Resolving ${p.name}_matches needs a store.")
            values[f"{p.name}_matches"] = match_entities(store, str(bound[p.name]), timeout_s=timeout_s)
    return values


def run_query(store: GraphStore, name: str, params: dict[str, ParamValue] | None = None, *,
              row_limit: int = DEFAULT_ROW_LIMIT,
              timeout_s: float = DEFAULT_TIMEOUT_S) -> tuple[list[str], list[list]]:
    """Run a canned query read-only on ``store``; return column names and ordered rows."""
    query = get_query(name)
    bound = bind_params(query, params)
    if query.kind == "python":
        return PYTHON_QUERIES[query.name](store, bound, row_limit=row_limit, timeout_s=timeout_s)
    if store.kind == "embedded" and query.embedded == "python":
        return EMBEDDED_QUERIES[query.name](store, query, bound, row_limit=row_limit, timeout_s=timeout_s)
    return run_cypher(store, query, bound, row_limit=row_limit, timeout_s=timeout_s)


def for_features(text: str, features: Any) -> str:
    """``text`` without the lines that need a feature not in ``features`` (``// needs: …`` dropped)."""
    lines = []
    for line in text.splitlines():
        m = _NEEDS.match(line)
        if m is None:
            lines.append(line)
        elif m["feature"] in features:
            lines.append(m["line"])
    return "\n".join(lines)


def run_cypher(store: GraphStore, query: CannedQuery, bound: dict[str, ParamValue], *,
               row_limit: int = DEFAULT_ROW_LIMIT, timeout_s: float = DEFAULT_TIMEOUT_S,
               values: dict[str, Any] | None = None) -> tuple[list[str], list[list]]:
    """Run the query's Cypher for this store with bound parameters (resolved, anchored, staged);
    ``values``: the engine parameters when already resolved."""
    text = for_features(inline_bounds(query.text_for(store.kind), bound), getattr(store, "features", ()))
    if values is None:
        values = engine_params(query, bound, text, store, timeout_s=timeout_s)
    if store.kind == "embedded":
        text, values = singleton_anchors(text, values)
    return run_stages(store, text, values, row_limit=row_limit, timeout_s=timeout_s)


# -- queries computed in Python -------------------------------------------------------------

def _stored_ranking_rows(name: str, columns: list[str], row_of: Callable[[list], list | None], score: int,
                         store: GraphStore, params: dict[str, ParamValue], *, row_limit: int,
                         timeout_s: float) -> tuple[list[str], list[list]]:
    """A ranking by a score stored on the entities (``graph.rankings``), identical on both stores.

    Reads the scores (computed at the end of every ingest and sync) with the query file's Cypher
    when they are current; otherwise (the graph changed since, e.g. written by another tool)
    computes them now from the entities and relation endpoints, the same figures, without storing
    them (readers never write). ``row_of`` turns a computed ``[id, name, kind, pagerank, degree]``
    into the query's row (None: left out); the rows are ordered by column ``score``, highest
    first, then by id, as the file's ``ORDER BY``.
    """
    label = str(params.get("label", ""))
    n = max(0, int(params.get("n", 10)))
    if rankings_fresh(store):
        text = get_query(name).text_for(store.kind)
        cols, rows = store.run_read(text, {"label": label, "n": n}, row_limit=row_limit, timeout_s=timeout_s)
        return list(cols), [list(r) for r in rows]
    rows = [row for r in ranking_rows(store, timeout_s)
            if (not label or r[2] == label) and (row := row_of(r)) is not None]
    rows.sort(key=lambda r: (-r[score], r[0]))
    return columns, rows[:min(n, row_limit)]


def pagerank_rows(store: GraphStore, params: dict[str, ParamValue], *, row_limit: int,
                  timeout_s: float) -> tuple[list[str], list[list]]:
    """PageRank over the whole graph, with each entity's relation count (``_stored_ranking_rows``).

    Neo4j GDS is not used even where installed: its projections are not read-only and its
    figures differ from networkx in the last digits, which would break store parity.
    """
    return _stored_ranking_rows("pagerank", ["entity_id", "name", "kind", "pagerank", "degree"],
                                list, 3, store, params,
                                row_limit=row_limit, timeout_s=timeout_s)


def most_connected_rows(store: GraphStore, params: dict[str, ParamValue], *, row_limit: int,
                        timeout_s: float) -> tuple[list[str], list[list]]:
    """Entities by relation count (``_stored_ranking_rows``), those with none left out."""
    return _stored_ranking_rows("most_connected", ["entity_id", "name", "kind", "degree"],
                                lambda r: [r[0], r[1], r[2], r[4]] if r[4] > 0 else None, 3, store, params,
                                row_limit=row_limit, timeout_s=timeout_s)


PythonQuery = Callable[..., tuple[list[str], list[list]]]
PYTHON_QUERIES: dict[str, PythonQuery] = {"pagerank": pagerank_rows, "most_connected": most_connected_rows}


# Queries the embedded store runs in Python over Cypher reads (``// embedded: python``).
EMBEDDED_QUERIES: dict[str, Callable[..., tuple[list[str], list[list]]]] = {
    "shortest_path": shortest_path_rows, "neighbourhood": neighbourhood_rows,
    "ownership_tree": ownership_tree_rows}


# -- results as graphs ----------------------------------------------------------------------

def _id_columns(columns: list[str]) -> list[int]:
    return [i for i, c in enumerate(columns) if c == "id" or c.endswith("_id") or c.endswith("_ids")]


def result_to_graph(store: GraphStore, columns: list[str], rows: list[list]) -> dict[str, Any] | None:
    """The entities a result names (columns ``*_id``/``*_ids``) and the relations among them.

    Returns a node-link dict for the viewer and the slide export, or ``None`` when the
    result names no stored entity (e.g. a count).
    """
    from retailkg.graph.nodelink import node_link
    from retailkg.graph.subgraph import edges_touching

    ids: set[str] = set()
    for i in _id_columns(list(columns)):
        for row in rows:
            value = row[i]
            values = value if isinstance(value, (list, tuple)) else [value]
            ids.update(v for v in values if isinstance(v, str) and v)
    if not ids:
        return None
    entities = store.fetch_entities(sorted(ids))
    if not entities:
        return None
    relations = [r for r in edges_touching(store, sorted(entities))
                 if r.source in entities and r.target in entities]
    return node_link(list(entities.values()), relations)


# -- the catalogue as Markdown --------------------------------------------------------------

def markdown() -> str:
    """``docs/queries.md``: the catalogue, generated from the query headers."""
    out = [
        "# Canned queries",
        "",
        "<!-- Generated by retailkg.queries.catalog.markdown(); edit the .cypher headers instead. -->",
        "",
        "Run one with `retailkg query NAME --param key=value …` (`--store neo4j` for Neo4j, "
        "`--format table|json|csv`), list them with `retailkg query --list`. Entities are named "
        "by name, alias in any script, or id: `小米`, `millet` and `Xiaomi` find the same node.",
        "Each query lives in `retailkg/queries/NAME.cypher`; a `// variant: embedded` section holds "
        "the LadybugDB dialect where it differs from Neo4j's.",
        "",
        "| Query | Title | Parameters |",
        "|---|---|---|",
    ]
    for q in list_queries():
        params = ", ".join(f"`{p.name}`" for p in q.params) or "—"
        out.append(f"| [`{q.name}`](#{q.name}) | {q.title} | {params} |")
    for q in list_queries():
        out += ["", f"## {q.name}", "", f"**{q.title}.** {q.description}", ""]
        if q.params:
            out += ["| Parameter | Type | Default | Meaning |", "|---|---|---|---|"]
            for p in q.params:
                default = f"`{p.default}`" if p.default != "" else "(empty)"
                ptype = p.type if p.low is None else f"{p.type} ({p.low}–{p.high})"
                out.append(f"| `{p.name}` | {ptype} | {default} | {p.description} |")
            out.append("")
        example = q.example_args()
        out += ["```", f"retailkg query {q.name}{' ' + example if example else ''}", "```"]
        if q.kind == "python":
            out += ["", "Reads the scores stored on the entities at the end of each ingest and sync (computed in "
                        "Python: numpy, networkx's PageRank definition, relation counts) with the Cypher of its "
                        "file while they are current, and computes them on the fly otherwise."]
        elif q.embedded == "python":
            out += ["", f"The embedded store runs it in Python: {q.embedded_note}."]
        elif q.text_embedded != q.text_neo4j:
            out += ["", "Has an embedded-store variant."]
    return "\n".join(out) + "\n"
