"""Remove web boilerplate from article text, paragraph by paragraph (rules are data)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from retailkg.ingest.document import Document

DATA = Path(__file__).parent / "data" / "boilerplate.yaml"
SHORT = 160  # characters: a metadata line or a list entry is shorter than this
TEASER = re.compile(r"(\.\.\.|…)\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_PREFIX = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s+|[-*+]\s+(?=\S))")
_MD_EMPH = re.compile(r"(\*\*|__|\*|`)")
_INLINE_HEADER = re.compile(r"^(.{3,60}?)\s*[:：]\s*\S")
_URL_ONLY = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _rules() -> dict[str, re.Pattern]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return {k: re.compile("|".join(f"(?:{p})" for p in v), re.IGNORECASE) for k, v in data.items()}


def strip_markdown(line: str) -> str:
    """Markdown markup off one line (headings, quotes, bullets, links, emphasis)."""
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_PREFIX.sub("", line)
    return _MD_EMPH.sub("", line)


def boilerplate_reason(par: str, rules: dict[str, re.Pattern] | None = None) -> str | None:
    """Why a paragraph is boilerplate on its own, or None if it may be content."""
    r = rules or _rules()
    if _URL_ONLY.match(par):
        return "link"
    if len(par) < 600 and r["disclaimers"].search(par):
        return "disclaimer"
    if len(par) < 400 and par.count("|") + par.count("｜") >= 3:
        return "navigation"  # "Home | News | Tech | …" or a share bar
    if len(par) < SHORT:
        if r["metadata_prefixes"].match(par):
            return "metadata"
        if r["navigation"].match(par):
            return "navigation"
        if TEASER.search(par):
            return "teaser"
    if len(par) < 600 and r["author_bio"].match(par):
        return "author bio"
    return None


def split_paragraphs(text: str) -> list[str]:
    """Non-empty lines, stripped (a scraped article puts one paragraph per line)."""
    return [p.strip() for p in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if p.strip()]


def clean(doc: Document) -> Document:
    """Drop boilerplate paragraphs; ``doc.text`` is the kept paragraphs joined by blank lines."""
    rules = _rules()
    is_md = doc.path.lower().endswith((".md", ".markdown"))
    pars = split_paragraphs(doc.raw)
    if is_md:
        pars = [strip_markdown(p) for p in pars]
        pars = [p for p in pars if p.strip() and not re.fullmatch(r"[-*_=\s]{3,}", p)]
    kept: list[str] = []
    in_related = False
    for par in pars:
        inline = _INLINE_HEADER.match(par)
        if inline and len(par) < 400 and rules["related_headers"].search(inline.group(1)):
            doc.removed.append(par)  # "Related articles: A | B | C" on one line
            continue
        if len(par) < 80 and rules["related_headers"].search(par):
            in_related = True
            doc.removed.append(par)
            continue
        if in_related:
            if len(par) < 300 or boilerplate_reason(par, rules):
                doc.removed.append(par)
                continue
            in_related = False
        if boilerplate_reason(par, rules):
            doc.removed.append(par)
            continue
        kept.append(par)
    doc.text = "\n\n".join(kept)
    return doc
