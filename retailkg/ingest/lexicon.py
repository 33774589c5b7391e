"""Per-language lexicons (``data/lexicon/<lang>.yaml``): roles, negation, suffixes, triggers.

Adding a language means adding a file; English is the fallback for languages without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).parent / "data" / "lexicon"
FALLBACK = "en"


@dataclass
class Trigger:
    """One trigger pattern of a relation type (see the header of ``en.yaml``)."""

    relation: str
    between: re.Pattern
    direction: str  # ab, ba, sym or sale
    confidence: float
    before: re.Pattern | None = None
    after: re.Pattern | None = None
    third: re.Pattern | None = None
    target: str | None = None
    nearest: bool = False  # only the last member of a coordinated left group (relative clauses)


@dataclass
class Lexicon:
    """Everything language-specific the extraction needs."""

    lang: str
    roles: dict[str, re.Pattern]
    role_any: re.Pattern | None
    negation: re.Pattern | None
    company_suffix: re.Pattern | None
    stop_first: set[str] = field(default_factory=set)
    surnames: str = ""
    generic_words: set[str] = field(default_factory=set)
    triggers: list[Trigger] = field(default_factory=list)
    # Coordinators of this language beyond the engine's built-in ones (`coordination` in the file):
    # a gap joining two names ("Lazada en Shopee", "na Shopee e também no Mercado Livre") and a
    # conjunction that starts a second predicate with the same subject.
    coordination: re.Pattern | None = None
    conj_pred: re.Pattern | None = None

    def is_coordination(self, gap: str) -> bool:
        return self.coordination is not None and bool(self.coordination.match(gap))

    def role_of(self, text: str) -> str:
        """The canonical role ("founder", "CEO", …) named in ``text``, or ""."""
        for role, pattern in self.roles.items():
            if pattern.search(text):
                return role
        return ""


def _compile(p: str | None) -> re.Pattern | None:
    return re.compile(p, re.IGNORECASE) if p else None


def available_languages() -> list[str]:
    return sorted(p.stem for p in LEXICON_DIR.glob("*.yaml"))


@lru_cache(maxsize=32)
def load_lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang`` (falls back to English)."""
    path = LEXICON_DIR / f"{lang}.yaml"
    if not path.exists():
        path = LEXICON_DIR / f"{FALLBACK}.yaml"
        lang = FALLBACK
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    role_lists = data.get("roles") or {}
    all_roles = sorted({r for forms in role_lists.values() for r in forms}, key=len, reverse=True)
    role_union = "|".join(all_roles) if all_roles else "(?!x)x"
    roles = {name: re.compile(r"(?:^|\b|(?<=[\u4e00-\u9fff]))(?:" + "|".join(forms) + r")", re.IGNORECASE)
             for name, forms in role_lists.items()}
    # Named regex fragments ({ADV}, {APPO}, …) shared by the trigger patterns of one file.
    fragments = {f"{{{k}}}": str(v) for k, v in (data.get("fragments") or {}).items()}
    fragments["{ROLE}"] = role_union

    def fill(p: str | None) -> str | None:
        if not p:
            return p
        for key, value in fragments.items():
            p = p.replace(key, value)
        return p

    triggers: list[Trigger] = []
    for rel, entries in (data.get("relations") or {}).items():
        for e in entries or []:
            if float(e.get("conf", 0)) <= 0:
                continue

            triggers.append(Trigger(
                relation=rel, between=_compile(fill(e.get("between")) or "^.*$"),
                direction=e.get("dir", "ab"), confidence=float(e["conf"]),
                before=_compile(fill(e.get("before"))), after=_compile(fill(e.get("after"))),
                third=_compile(fill(e.get("third"))), target=e.get("target"),
                nearest=bool(e.get("nearest", False))))
    coord = data.get("coordination") or {}
    conj = "|".join(coord.get("conjunctions") or [])
    preps = "|".join(coord.get("prepositions") or [])
    also = "|".join(coord.get("also") or [])
    tail = (rf"(?:\s+(?:(?:{also})\s+)?(?:{preps}))?" if also else rf"(?:\s+(?:{preps}))?") if preps else ""
    neg = data.get("negation") or []
    suffixes = data.get("company_suffixes") or []
    return Lexicon(
        lang=lang, roles=roles,
        role_any=re.compile(role_union, re.IGNORECASE) if all_roles else None,
        negation=_compile("|".join(neg)) if neg else None,
        company_suffix=_compile("|".join(suffixes)) if suffixes else None,
        stop_first=set(data.get("stop_first") or []), surnames=str(data.get("surnames") or ""),
        generic_words=set(data.get("generic_words") or []),
        triggers=triggers,
        coordination=_compile(rf"^\s*,?\s*(?:{conj}){tail}\s*$") if conj else None,
        conj_pred=_compile(rf"(?:^|,|\s)(?:{conj})\s+(?=\S)") if conj else None)
