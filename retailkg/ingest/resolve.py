"""Resolve mentions to one node per real-world entity, across articles, languages and scripts."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from retailkg.graph.records import EntityRecord
from retailkg.graph.subgraph import norm_key
from retailkg.ingest.document import Document
from retailkg.ingest.kb import KnowledgeBase, load_kb, slug

_HAN = re.compile(r"[\u4e00-\u9fff]")
_SUFFIX_WORDS = re.compile(
    r"[\s,]+(?:co\.?,?\s*ltd\.?|co\.|ltd\.?|limited|inc\.?|corp\.?|corporation|group|holdings?|llc|plc|ag|gmbh|"
    r"s\.p\.a\.?|spa|se|s\.a\.?|sa|ab|n\.v\.)$", re.IGNORECASE)
FUZZY_THRESHOLD = 93


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (other scripts unchanged)."""
    return _t2s().convert(text) if _HAN.search(text) else text


def name_keys(name: str, label: str) -> list[str]:
    """Resolution keys of a name: normalised, without legal suffix, person names in both orders."""
    base = to_simplified(name.strip())
    keys = [norm_key(base)]
    stripped = base
    while True:
        new = _SUFFIX_WORDS.sub("", stripped)
        if new == stripped:
            break
        stripped = new
    if stripped != base and len(norm_key(stripped)) >= 3:
        keys.append(norm_key(stripped))
    if label == "Person" and not _HAN.search(base):
        parts = base.split()
        if len(parts) == 2:
            keys.append(norm_key(f"{parts[1]} {parts[0]}"))
    return [k for k in dict.fromkeys(keys) if k]


@lru_cache(maxsize=4096)
def _kb_keys(ent_id: str) -> tuple[str, ...]:
    """Resolution keys of a curated entity's aliases (computed once)."""
    return tuple(dict.fromkeys(k for k in (norm_key(a) for a in load_kb().entities[ent_id].aliases) if k))


class Resolver:
    """Maps names to entity ids; knows the knowledge base and what the store already holds."""

    def __init__(self, existing: list[EntityRecord] | None = None, kb: KnowledgeBase | None = None):
        self.kb = kb or load_kb()
        self.by_key: dict[str, str] = dict(self.kb.by_key)
        for k, ent_id in list(self.by_key.items()):
            self.by_key.setdefault(norm_key(to_simplified(k)), ent_id)
        self.labels: dict[str, str] = {e.id: e.label for e in self.kb.entities.values()}
        self.names: dict[str, str] = {e.id: e.name for e in self.kb.entities.values()}
        self._fuzzy: dict[str, list[tuple[str, str]]] = {}  # label -> [(key, id)] of discovered entities
        for e in existing or []:
            self.labels.setdefault(e.id, e.label)
            self.names.setdefault(e.id, e.name)
            for k in e.keys:
                self.by_key.setdefault(k, e.id)
            if e.origin != "kb":
                self._fuzzy.setdefault(e.label, []).extend((k, e.id) for k in e.keys)

    def resolve(self, name: str, label: str) -> tuple[str, list[str], bool]:
        """Return ``(entity id, keys, is_new)`` for a discovered name."""
        keys = name_keys(name, label)
        for k in keys:
            if k in self.by_key:
                return self.by_key[k], keys, False
        candidates = self._fuzzy.get(label, [])
        if candidates and len(keys[0]) >= 6:
            best = process.extractOne(keys[0], [c[0] for c in candidates], scorer=fuzz.ratio,
                                      score_cutoff=FUZZY_THRESHOLD)
            if best is not None:
                ent_id = candidates[best[2]][1]
                self.register(ent_id, keys, label, name)
                return ent_id, keys, False
        ent_id = slug(to_simplified(name))
        while ent_id in self.labels and self.labels[ent_id] != label:
            ent_id += "-" + label.lower()
        self.register(ent_id, keys, label, name)
        return ent_id, keys, True

    def register(self, ent_id: str, keys: list[str], label: str, name: str) -> None:
        self.labels.setdefault(ent_id, label)
        self.names.setdefault(ent_id, name)
        for k in keys:
            self.by_key.setdefault(k, ent_id)
        self._fuzzy.setdefault(label, []).extend((k, ent_id) for k in keys)


def resolve(doc: Document, resolver: Resolver) -> Document:
    """Set ``entity_id`` on every mention and build ``doc.entities``."""
    kb = resolver.kb
    entities: dict[str, EntityRecord] = {}
    for m in doc.mentions:
        lang = doc.sentences[m.sentence].lang if m.sentence >= 0 else doc.lang
        if m.origin == "kb":
            ent = kb.entities[m.key]
            m.entity_id = ent.id
            rec = entities.get(ent.id)
            if rec is None:
                aliases = list(ent.aliases)
                langs = [ent.aliases[a] for a in aliases]
                keys = list(_kb_keys(ent.id))
                rec = EntityRecord(id=ent.id, name=ent.name, label=ent.label, aliases=aliases,
                                   alias_langs=langs, keys=keys, origin="kb")
                entities[ent.id] = rec
            if m.surface not in rec.aliases:
                rec.aliases.append(m.surface)
                rec.alias_langs.append(lang)
            continue
        if m.maker and m.maker not in entities and m.maker in kb.entities:
            maker = kb.entities[m.maker]
            entities[maker.id] = EntityRecord(
                id=maker.id, name=maker.name, label=maker.label, aliases=list(maker.aliases),
                alias_langs=list(maker.aliases.values()), keys=[norm_key(a) for a in maker.aliases], origin="kb")
        ent_id, keys, _new = resolver.resolve(m.name or m.surface, m.label)
        m.entity_id = ent_id
        m.label = resolver.labels.get(ent_id, m.label)
        rec = entities.get(ent_id)
        if rec is None:
            kb_ent = kb.entities.get(ent_id)
            if kb_ent is not None:  # a discovered form of a curated entity
                rec = EntityRecord(id=ent_id, name=kb_ent.name, label=kb_ent.label,
                                   aliases=list(kb_ent.aliases), alias_langs=list(kb_ent.aliases.values()),
                                   keys=[norm_key(a) for a in kb_ent.aliases], origin="kb")
            else:
                rec = EntityRecord(id=ent_id, name=resolver.names.get(ent_id, m.surface), label=m.label,
                                   aliases=[], alias_langs=[], keys=[], origin="text")
            entities[ent_id] = rec
        if m.surface not in rec.aliases:
            rec.aliases.append(m.surface)
            rec.alias_langs.append(lang)
        rec.keys = list(dict.fromkeys([*rec.keys, *keys]))
    doc.entities = entities
    return doc
