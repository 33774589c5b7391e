"""The curated knowledge base of domain entities (data files in ``data/kb``), and its matcher.

Entities and aliases only: relations never come from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick
import yaml

from retailkg.graph.subgraph import norm_key

KB_DIR = Path(__file__).parent / "data" / "kb"
LABELS = ("Company", "Person", "Product", "Platform", "Event", "Organization")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def slug(name: str) -> str:
    """A readable, stable id from a name (letters of any script kept)."""
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-_") or "x"


@dataclass
class KBEntity:
    """One curated entity."""

    id: str
    name: str
    label: str
    aliases: dict[str, str] = field(default_factory=dict)  # surface form -> language/kind
    exact_case: set[str] = field(default_factory=set)


@dataclass
class KnowledgeBase:
    """All entities plus an Aho-Corasick automaton over their lower-cased aliases."""

    entities: dict[str, KBEntity]
    automaton: ahocorasick.Automaton
    by_key: dict[str, str]  # normalised alias -> entity id

    def match(self, text: str) -> list[tuple[int, int, str, str]]:
        """Non-overlapping ``(start, end, entity id, surface)`` matches, longest first."""
        low = _lower_same_length(text)
        found: list[tuple[int, int, str, str]] = []
        for end_idx, candidates in self.automaton.iter(low):
            for alias_low, ent_id, exact in candidates:
                start = end_idx - len(alias_low) + 1
                end = end_idx + 1
                surface = text[start:end]
                if not _accept(text, start, end, surface, alias_low, exact):
                    continue
                found.append((start, end, ent_id, surface))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        out: list[tuple[int, int, str, str]] = []
        taken = bytearray(len(text))  # characters already matched (linear, not quadratic)
        for m in sorted(found, key=lambda m: (-(m[1] - m[0]), m[0])):
            if 1 in taken[m[0]:m[1]]:
                continue
            taken[m[0]:m[1]] = b"\x01" * (m[1] - m[0])
            out.append(m)
        return sorted(out)


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() and not _CJK.match(ch)


def _accept(text: str, start: int, end: int, surface: str, alias_low: str, exact: str | None) -> bool:
    if exact is not None and surface != exact:
        return False
    first, last = surface[0], surface[-1]
    if _is_word_char(first) and start > 0 and _is_word_char(text[start - 1]):
        return False
    if _is_word_char(last) and end < len(text) and _is_word_char(text[end]):
        return False
    letters = [c for c in surface if c.isalpha()]
    if letters and not _CJK.search(surface) and len(letters) <= 3 and exact is None:
        # Short Latin aliases ("JD", "Mi", "NIO") only in upper or title case as written.
        if not (surface.isupper() or surface[0].isupper()):
            return False
    return True


def _traditional_variants(alias: str) -> list[str]:
    if not _CJK.search(alias):
        return []
    out = []
    for cfg in ("s2t", "s2tw", "s2hk"):
        conv = _converter(cfg)
        if conv is not None:
            v = conv.convert(alias)
            if v != alias:
                out.append(v)
    return sorted(set(out))


@lru_cache(maxsize=8)
def _converter(cfg: str):
    import opencc

    try:
        return opencc.OpenCC(cfg)
    except Exception:  # noqa: BLE001 - a missing conversion table only loses variants
        return None


def load_entities(kb_dir: Path = KB_DIR) -> dict[str, KBEntity]:
    """Read every ``*.yaml`` in the KB folder; later files never silently override earlier ones."""
    entities: dict[str, KBEntity] = {}
    for path in sorted(kb_dir.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            name = str(item["name"]).strip()
            label = item.get("label")
            if label not in LABELS:
                raise ValueError(f"{path.name}: {name}: unknown label {label!r}")
            ent_id = slug(name)
            if ent_id in entities:
                ent_id = f"{ent_id}-{label.lower()}"
            aliases: dict[str, str] = {name: "en"}
            for lang, forms in (item.get("aliases") or {}).items():
                for form in forms or []:
                    form = str(form).strip()
                    if form and form not in aliases:
                        aliases[form] = lang
            for form, lang in list(aliases.items()):
                if lang in ("zh", "zh_hant"):
                    for variant in _traditional_variants(form):
                        aliases.setdefault(variant, "zh_hant")
            exact = {str(x) for x in item.get("exact_case") or []}
            entities[ent_id] = KBEntity(ent_id, name, label, aliases, exact)
    return entities


@lru_cache(maxsize=1)
def load_kb(kb_dir: Path = KB_DIR) -> KnowledgeBase:
    """The knowledge base and its automaton (built once per process)."""
    entities = load_entities(kb_dir)
    auto = ahocorasick.Automaton()
    table: dict[str, list[tuple[str, str, str | None]]] = {}
    by_key: dict[str, str] = {}
    for ent in entities.values():
        for alias in ent.aliases:
            low = _lower_same_length(alias)
            if len(low) < 2:
                continue
            exact = alias if alias in ent.exact_case else None
            table.setdefault(low, []).append((low, ent.id, exact))
            by_key.setdefault(norm_key(alias), ent.id)
    for low, cands in table.items():
        auto.add_word(low, cands)
    auto.make_automaton()
    return KnowledgeBase(entities=entities, automaton=auto, by_key=by_key)
