"""Merge a batch delta into what a store already holds, then write it in one transaction.

``merge_entity``/``merge_relation`` define the merge; Neo4j performs the same merge in Cypher
(``Neo4jStore.merge_write``), the embedded store reads, merges here and writes
(``merge_in_python``). The contract tests hold both to the same results.
"""

from __future__ import annotations

from retailkg.graph.records import (
    ArticleRecord,
    EntityRecord,
    GraphDelta,
    RelationRecord,
    RelKey,
)
from retailkg.graph.store import GraphStore


def merge_entity(old: EntityRecord, new: EntityRecord) -> EntityRecord:
    """Union of aliases and keys; the curated (kb) name and label win over discovered ones."""
    aliases, langs = list(old.aliases), list(old.alias_langs)
    seen = set(aliases)
    new_langs = list(new.alias_langs[:len(new.aliases)])
    new_langs += [""] * (len(new.aliases) - len(new_langs))
    for alias, lang in zip(new.aliases, new_langs):
        if alias not in seen:
            seen.add(alias)
            aliases.append(alias)
            langs.append(lang)
    keys = list(dict.fromkeys([*old.keys, *new.keys]))
    base = old if old.origin == "kb" or new.origin != "kb" else new
    return EntityRecord(id=old.id, name=base.name, label=base.label, aliases=aliases,
                        alias_langs=langs, keys=keys, origin=base.origin)


def merge_relation(old: RelationRecord, new: RelationRecord) -> RelationRecord:
    """Evidence union (a sentence counts once); the first role seen is kept."""
    evidence = list(old.evidence)
    seen = {ev.key() for ev in evidence}
    for ev in new.evidence:
        if ev.key() not in seen:
            seen.add(ev.key())
            evidence.append(ev)
    return RelationRecord(source=old.source, type=old.type, target=old.target,
                          evidence=evidence, role=old.role or new.role)


def merge_in_python(store: GraphStore, articles: list[ArticleRecord], entities: list[EntityRecord],
                    relations: list[RelationRecord]) -> None:
    """``merge_write`` for a store that cannot merge by itself: read, union here, write whole rows.

    Entities that the merge leaves unchanged are not rewritten.
    """
    stored_entities = store.fetch_entities([e.id for e in entities])
    changed = []
    for e in entities:
        old = stored_entities.get(e.id)
        merged = merge_entity(old, e) if old is not None else e
        if merged != old:
            changed.append(merged)
    stored_relations = store.fetch_relations([r.key for r in relations])
    merged_rels = [merge_relation(stored_relations[r.key], r) if r.key in stored_relations else r
                   for r in relations]
    store.write(articles, changed, merged_rels)


def apply_delta(store: GraphStore, delta: GraphDelta) -> GraphDelta:
    """Add the new articles of ``delta`` to the store in one transaction; return what was sent.

    Articles already stored (same content hash) are dropped with their evidence, so re-ingesting
    an article is a no-op. Rows naming the same entity or relation are merged here first; the
    store then unions them with what it holds (``GraphStore.merge_write``).
    """
    known = store.existing_articles([a.id for a in delta.articles])
    articles = [a for a in delta.articles if a.id not in known]
    if not articles:
        return GraphDelta()
    fresh = {a.id for a in articles}
    relations_in: dict[RelKey, RelationRecord] = {}
    for rel in delta.relations:
        evidence = [ev for ev in rel.evidence if ev.article in fresh]
        if not evidence:
            continue
        if len(evidence) < len(rel.evidence):
            rel = RelationRecord(rel.source, rel.type, rel.target, evidence, rel.role)
        key = rel.key
        relations_in[key] = merge_relation(relations_in[key], rel) if key in relations_in else rel
    entities_in: dict[str, EntityRecord] = {}
    for ent in delta.entities:
        old = entities_in.get(ent.id)
        if old is None:
            entities_in[ent.id] = ent
        elif old != ent:  # the same entity seen in several articles is usually the same record
            entities_in[ent.id] = merge_entity(old, ent)
    entities, relations = list(entities_in.values()), list(relations_in.values())
    store.merge_write(articles, entities, relations)
    return GraphDelta(articles=articles, entities=entities, relations=relations)
