"""Property lists shared by both stores, derived from the ontology."""

from __future__ import annotations

from typing import Any

from retailkg.graph.ontology import load_ontology
from retailkg.graph.records import ArticleRecord, EntityRecord, EvidenceRecord, RelationRecord

# The entity's own fields (read back into an ``EntityRecord``, exported) ...
ENTITY_FIELDS = ("id", "name", "kind", "aliases", "alias_langs", "keys", "origin")
# ... and properties derived from them, stored for the indexes only (never read back or exported):
# ``lookup`` is every key and alias between separators, "|k1|k2|alias|", so "is this text a key or
# an alias of e" becomes ``e.lookup CONTAINS '|' + text + '|'``, which a Neo4j TEXT index answers
# (Neo4j cannot index membership in a list). CONTAINS can over-match (text holding the
# separator), so readers re-check ``text IN e.keys`` / ``text IN e.aliases`` on the candidates.
ENTITY_DERIVED = ("lookup",)
# Every property a store writes on an entity.
ENTITY_PROPS = ENTITY_FIELDS + ENTITY_DERIVED
# Scores computed over the whole graph (``graph.rankings``): written by ``write_rankings`` only,
# never by an entity upsert (which leaves them as they are), never exported.
ENTITY_SCORES = ("pagerank", "degree")
# Cypher setting them from rows ``{id, pagerank, degree}``, and the meta node recording the entity and
# relation counts they were computed at (both stores run the same text).
SCORES_SET = ("UNWIND $rows AS row MATCH (e:Entity) WHERE e.id = row.id "
              "SET e.pagerank = row.pagerank, e.degree = row.degree")
RANKING_META_KEY = "pagerank"
RANKING_META_SET = (f"UNWIND $rows AS row MERGE (m:GraphMeta {{key: '{RANKING_META_KEY}'}}) "
                    "SET m.entities = row.entities, m.relations = row.relations")
RANKING_META_GET = (f"MATCH (m:GraphMeta {{key: '{RANKING_META_KEY}'}}) "
                    "RETURN m.entities AS entities, m.relations AS relations")
LOOKUP_SEP = "|"
ARTICLE_PROPS = ("id", "title", "url", "date", "source", "lang", "path", "text")
EVIDENCE_LISTS = ("ev_article", "ev_sentence", "ev_lang", "ev_start", "ev_end", "ev_confidence")

# RETURN clauses both stores (and graph/subgraph.py) read rows with: e = entity, a = article,
# a-[r]->b = relation.
ENTITY_RETURN = ", ".join(f"e.{k} AS {k}" for k in ENTITY_FIELDS)
ARTICLE_RETURN = ", ".join(f"a.{k} AS {k}" for k in ARTICLE_PROPS)
REL_COLUMNS = ("s", "t", "role", *EVIDENCE_LISTS)
REL_RETURN = "a.id AS s, b.id AS t, r.role AS role, " + ", ".join(f"r.{k} AS {k}" for k in EVIDENCE_LISTS)


def relation_types() -> list[str]:
    """The ontology's relation types (one relationship type / rel table each)."""
    return load_ontology().relation_names


def canonical_key(source: str, rtype: str, target: str) -> tuple[str, str, str]:
    """Symmetric relations are stored once, from the smaller id to the larger."""
    rt = load_ontology().relations.get(rtype)
    if rt is not None and rt.symmetric and target < source:
        source, target = target, source
    return (source, rtype, target)


def lookup_text(keys: list[str], aliases: list[str]) -> str:
    """The derived ``lookup`` property: each key and alias once, each between separators."""
    forms = list(dict.fromkeys([*keys, *aliases]))
    if not forms:
        return ""
    return LOOKUP_SEP + LOOKUP_SEP.join(forms) + LOOKUP_SEP


def lookup_pattern(text: str) -> str:
    """What ``lookup`` CONTAINS when ``text`` is one of its keys or aliases."""
    return LOOKUP_SEP + text + LOOKUP_SEP


def entity_row(e: EntityRecord) -> dict[str, Any]:
    """The properties a store writes for ``e``: ``ENTITY_PROPS``, derived ones included."""
    return {"id": e.id, "name": e.name, "kind": e.label, "aliases": list(e.aliases),
            "alias_langs": list(e.alias_langs), "keys": list(e.keys), "origin": e.origin,
            "lookup": lookup_text(list(e.keys), list(e.aliases))}


def entity_from_row(row: dict[str, Any]) -> EntityRecord:
    """The record of a row of ``ENTITY_RETURN`` (derived properties are ignored)."""
    return EntityRecord(id=row["id"], name=row["name"], label=row["kind"],
                        aliases=list(row.get("aliases") or []),
                        alias_langs=list(row.get("alias_langs") or []),
                        keys=list(row.get("keys") or []), origin=row.get("origin") or "text")


def relation_row(r: RelationRecord) -> dict[str, Any]:
    ev = r.evidence
    return {
        "s": r.source, "t": r.target, "confidence": r.confidence,
        "evidence_count": len(ev), "role": r.role or "",
        "languages": r.languages, "articles": r.articles,
        "ev_article": [e.article for e in ev], "ev_sentence": [e.sentence for e in ev],
        "ev_lang": [e.lang for e in ev], "ev_start": [int(e.start) for e in ev],
        "ev_end": [int(e.end) for e in ev], "ev_confidence": [float(e.confidence) for e in ev],
    }


def relation_from_row(source: str, rtype: str, target: str, row: dict[str, Any]) -> RelationRecord:
    lists = [row.get(k) or [] for k in EVIDENCE_LISTS]
    evidence = [EvidenceRecord(article=a, sentence=s, lang=lg, start=int(st), end=int(en),
                               confidence=float(c)) for a, s, lg, st, en, c in zip(*lists)]
    return RelationRecord(source=source, type=rtype, target=target, evidence=evidence,
                          role=row.get("role") or "")


def article_row(a: ArticleRecord) -> dict[str, Any]:
    return {k: getattr(a, k) or "" for k in ARTICLE_PROPS}


def article_from_row(row: dict[str, Any]) -> ArticleRecord:
    return ArticleRecord(**{k: row.get(k) or "" for k in ARTICLE_PROPS})
