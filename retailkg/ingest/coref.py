"""Anaphora: "the company" / "该公司" / "das Unternehmen" stand for the last entity of that label.

Runs after ``resolve`` so that these phrases never become aliases; the mentions it adds only feed
relation extraction. Lists of phrases are data (``data/anaphora.yaml``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from retailkg.ingest.document import Document, Mention

DATA = Path(__file__).parent / "data" / "anaphora.yaml"
MAX_SENTENCES_BACK = 2


@lru_cache(maxsize=1)
def _patterns() -> dict[str, dict[str, re.Pattern]]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    return {label: {lang: re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)
                    for lang, pats in by_lang.items()}
            for label, by_lang in data.items()}


def coref(doc: Document) -> Document:
    """Add a mention for each anaphoric phrase whose antecedent is recent and unambiguous."""
    patterns = _patterns()
    taken = [(m.start, m.end) for m in doc.mentions]
    added: list[Mention] = []
    ordered = sorted(doc.mentions, key=lambda m: m.start)
    for i, sent in enumerate(doc.sentences):
        text = doc.text[sent.start:sent.end]
        for label, by_lang in patterns.items():
            pat = by_lang.get(sent.lang) or by_lang.get("en")
            if pat is None:
                continue
            for m in pat.finditer(text):
                start, end = sent.start + m.start(), sent.start + m.end()
                if any(not (end <= s or start >= e) for s, e in taken):
                    continue
                antecedent = None
                for prev in reversed(ordered):
                    if prev.start >= start:
                        continue
                    if prev.sentence < i - MAX_SENTENCES_BACK:
                        break
                    if prev.label == label:
                        antecedent = prev
                        break
                if antecedent is None:
                    continue
                added.append(Mention(start=start, end=end, surface=doc.text[start:end], label=label,
                                     key=antecedent.key, origin="coref", sentence=i,
                                     entity_id=antecedent.entity_id))
                taken.append((start, end))
    doc.mentions = sorted(doc.mentions + added, key=lambda m: m.start)
    return doc
