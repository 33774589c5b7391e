"""Plain records exchanged between the pipeline and the stores."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

RelKey = tuple[str, str, str]  # (source id, relation type, target id)
T = TypeVar("T")


def chunks(rows: list[T], size: int) -> Iterator[list[T]]:
    """``rows`` in consecutive slices of at most ``size``."""
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def round_half_up(value: float, digits: int) -> float:
    """Round the shortest decimal form of ``value`` half up, as Cypher's ``round(x, digits)`` does.

    Python's ``round`` rounds the binary value half-even (``round(2.675, 2) == 2.67``); Neo4j
    gives 2.68. Both stores must store the same confidence, whichever side computed it.
    """
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


@dataclass
class EntityRecord:
    """One node: a real-world entity with every surface form seen or known."""

    id: str
    name: str
    label: str
    aliases: list[str] = field(default_factory=list)
    alias_langs: list[str] = field(default_factory=list)  # parallel to ``aliases``
    keys: list[str] = field(default_factory=list)  # normalised forms used for resolution
    origin: str = "text"  # "kb" (curated knowledge base) or "text" (discovered)


@dataclass
class EvidenceRecord:
    """A sentence that states a relation, with its place in the article."""

    article: str
    sentence: str
    lang: str
    start: int
    end: int
    confidence: float

    def key(self) -> tuple[str, int, int]:
        return (self.article, self.start, self.end)


@dataclass
class RelationRecord:
    """A typed edge and the evidence behind it."""

    source: str
    type: str
    target: str
    evidence: list[EvidenceRecord] = field(default_factory=list)
    role: str = ""

    @property
    def key(self) -> RelKey:
        return (self.source, self.type, self.target)

    @property
    def confidence(self) -> float:
        """Noisy-or of the evidence confidences: more independent sentences, more trust."""
        miss = 1.0
        for ev in self.evidence:
            miss *= 1.0 - ev.confidence
        return round_half_up(1.0 - miss, 4)

    @property
    def languages(self) -> list[str]:
        return sorted({ev.lang for ev in self.evidence})

    @property
    def articles(self) -> list[str]:
        return sorted({ev.article for ev in self.evidence})


@dataclass
class ArticleRecord:
    """An ingested article; ``id`` is the hash of its content."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    date: str = ""
    source: str = ""
    lang: str = ""
    path: str = ""


@dataclass
class GraphDelta:
    """What a batch of articles adds to the graph."""

    articles: list[ArticleRecord] = field(default_factory=list)
    entities: list[EntityRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)


def concat_deltas(deltas: list[GraphDelta]) -> GraphDelta:
    """Several per-article deltas as one batch (rows are merged later, by ``apply_delta``)."""
    out = GraphDelta()
    for d in deltas:
        out.articles += d.articles
        out.entities += d.entities
        out.relations += d.relations
    return out
