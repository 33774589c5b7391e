"""The store contract that the embedded store and the Neo4j store both implement."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from retailkg.graph.records import ArticleRecord, EntityRecord, RelationRecord, RelKey

DEFAULT_ROW_LIMIT = 1000
DEFAULT_TIMEOUT_S = 10.0


class StoreError(RuntimeError):
    """A store failed in a way the user can act on (message says how)."""


class ReadOnlyViolation(StoreError):
    """A query tried to write or administer the database."""


@runtime_checkable
class GraphStore(Protocol):
    """Primitive operations; merging logic lives in ``retailkg.graph.merge``.

    Entity nodes carry ``id, name, kind, aliases, alias_langs, keys, origin``; relationships
    (one type per ontology relation) carry ``confidence, evidence_count, role, languages,
    articles`` and the evidence as parallel lists ``ev_article, ev_sentence, ev_lang, ev_start,
    ev_end, ev_confidence``; ``Article`` nodes carry the article text and metadata.
    """

    kind: str  # "embedded" or "neo4j"

    def existing_articles(self, ids: list[str]) -> set[str]:
        """Those of ``ids`` already stored."""

    def entity_index(self) -> list[EntityRecord]:
        """Every entity (for cross-article resolution)."""

    def fetch_entities(self, ids: list[str]) -> dict[str, EntityRecord]:
        """Stored entities by id."""

    def fetch_relations(self, keys: list[RelKey]) -> dict[RelKey, RelationRecord]:
        """Stored relations by (source, type, target)."""

    def write(
        self,
        articles: list[ArticleRecord],
        entities: list[EntityRecord],
        relations: list[RelationRecord],
    ) -> None:
        """Upsert these rows (whole values, already merged) in one transaction."""

    def merge_write(
        self,
        articles: list[ArticleRecord],
        entities: list[EntityRecord],
        relations: list[RelationRecord],
    ) -> None:
        """Merge these rows into what is stored, in one transaction (``graph.merge`` semantics).

        Aliases, alias languages and keys are unioned; a curated (``kb``) name and label win over
        discovered ones; a relation's evidence is appended unless its article is already among
        the relation's evidence (so re-sending an article changes nothing), the first role is kept,
        and confidence, counts, languages and articles are recomputed from the evidence.
        """

    def all_entities(self) -> list[EntityRecord]:
        """Every entity."""

    def all_relations(self) -> list[RelationRecord]:
        """Every relation with its evidence."""

    def get_article(self, article_id: str) -> ArticleRecord | None:
        """One article with its text."""

    def all_articles(self) -> list[ArticleRecord]:
        """Every article (text included)."""

    def graph_counts(self) -> tuple[int, int]:
        """How many entities and relations the graph holds."""

    def ranking_counts(self) -> tuple[int, int] | None:
        """The (entities, relations) counts the stored rankings were computed at, if any."""

    def write_rankings(self, rows: list[dict[str, Any]], counts: tuple[int, int]) -> None:
        """Store ``e.pagerank`` and ``e.degree`` from rows ``{id, pagerank, degree}`` and the
        counts they were computed at (``graph.rankings``), in one transaction."""

    def run_read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        row_limit: int = DEFAULT_ROW_LIMIT,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> tuple[list[str], list[list[Any]]]:
        """Run read-only Cypher; return column names and at most ``row_limit`` rows."""

    def clear(self) -> None:
        """Delete everything (used by sync and tests)."""

    def close(self) -> None:
        """Release the connection."""
