"""Split the cleaned text into paragraphs and sentences, keeping character offsets."""

from __future__ import annotations

import re

from retailkg.ingest.document import Document, Sentence

# Chinese full stops end a sentence wherever they are; a Latin full stop only before a space
# and something that can start a sentence, and not after a common abbreviation.
_END = re.compile(
    r"[。！？；!?]+[\"”’」』）)]*"
    r"|\.+[\"”’」』)]*(?=\s+[\"“‘(«¿¡]?[A-ZÀ-ÝĀ-ſ0-9\u4e00-\u9fff])"
    r"|[;]\s+(?=[A-Z])"
)
_ABBREV = re.compile(
    r"(?:\b(?:Co|Ltd|Inc|Corp|Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|No|Nr|vs|etc|ca|approx|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|e\.g|i\.e|z\.B|bzw|ggf|Sig|Dott|M|Mme|Sr|Sra)"
    r"|\b[A-Z])\.$"
)
MAX_SENTENCE = 1000


def _sentence_spans(text: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if text[m.start()] == "." and _ABBREV.search(text[max(0, m.start() - 8):m.start() + 1]):
            continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        while e - s > MAX_SENTENCE:  # run-on text without punctuation: cut at a space
            cut = text.rfind(" ", s, s + MAX_SENTENCE)
            cut = cut if cut > s else s + MAX_SENTENCE
            out.append((offset + s, offset + cut))
            s = cut + 1 if text[cut:cut + 1] == " " else cut
        if e > s:
            out.append((offset + s, offset + e))
    return out


def segment(doc: Document) -> Document:
    """Fill ``doc.paragraphs`` and ``doc.sentences`` (language is set later by ``language``)."""
    doc.paragraphs, doc.sentences = [], []
    pos = 0
    for _i, par in enumerate(doc.text.split("\n\n")):
        start = pos
        end = start + len(par)
        pos = end + 2
        if not par.strip():
            continue
        doc.paragraphs.append((start, end))
        for s, e in _sentence_spans(par, start):
            doc.sentences.append(Sentence(start=s, end=e, lang="", paragraph=len(doc.paragraphs) - 1))
    return doc
