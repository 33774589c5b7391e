"""Merge a batch delta into what a store already holds, then write it in one transaction.

Both stores share this logic, so they only need primitive reads and one atomic write.
"""

from __future__ import annotations

from retailkg.graph.records import EntityRecord, GraphDelta, RelationRecord
from retailkg.graph.store import GraphStore


def merge_entity(old: EntityRecord, new: EntityRecord) -> EntityRecord:
    """Union of aliases and keys; the curated (kb) name and label win over discovered ones."""
    aliases, langs = list(old.aliases), list(old.alias_langs)
    seen = set(aliases)
    for alias, lang in zip(new.aliases, new.alias_langs or [""] * len(new.aliases)):
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


def apply_delta(store: GraphStore, delta: GraphDelta) -> GraphDelta:
    """Write the part of ``delta`` that is new; return what was written.

    Articles already stored (same content hash) are skipped along with nothing else: the
    caller builds deltas per article, so re-ingesting an article is a no-op.
    """
    known = store.existing_articles([a.id for a in delta.articles])
    articles = [a for a in delta.articles if a.id not in known]
    if not articles:
        return GraphDelta()
    fresh = {a.id for a in articles}
    relations_in: dict = {}
    for rel in delta.relations:
        evidence = [ev for ev in rel.evidence if ev.article in fresh]
        if not evidence:
            continue
        rel = RelationRecord(rel.source, rel.type, rel.target, evidence, rel.role)
        relations_in[rel.key] = merge_relation(relations_in[rel.key], rel) if rel.key in relations_in else rel
    entities_in: dict[str, EntityRecord] = {}
    for ent in delta.entities:
        entities_in[ent.id] = merge_entity(entities_in[ent.id], ent) if ent.id in entities_in else ent

    stored_entities = store.fetch_entities(list(entities_in))
    entities = []
    for i, e in entities_in.items():
        if i not in stored_entities:
            entities.append(e)
            continue
        merged = merge_entity(stored_entities[i], e)
        if merged != stored_entities[i]:  # unchanged entities are not rewritten
            entities.append(merged)
    stored_relations = store.fetch_relations(list(relations_in))
    relations = [merge_relation(stored_relations[k], r) if k in stored_relations else r
                 for k, r in relations_in.items()]
    store.write(articles, entities, relations)
    return GraphDelta(articles=articles, entities=entities, relations=relations)
