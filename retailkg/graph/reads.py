"""Whole-graph reads written once in the Cypher both stores share."""

from __future__ import annotations

from typing import Any

from retailkg.graph.records import ArticleRecord, EntityRecord, RelationRecord
from retailkg.graph.schema import (
    ARTICLE_RETURN,
    ENTITY_RETURN,
    REL_RETURN,
    article_from_row,
    entity_from_row,
    relation_from_row,
    relation_types,
)


class CypherReads:
    """Mixin for a store that can run a read query and return rows as dicts (``_rows``)."""

    def _rows(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def all_entities(self) -> list[EntityRecord]:
        """Every entity, by id."""
        rows = self._rows(f"MATCH (e:Entity) RETURN {ENTITY_RETURN} ORDER BY e.id")
        return [entity_from_row(r) for r in rows]

    def all_relations(self) -> list[RelationRecord]:
        """Every relation with its evidence, by key."""
        out = []
        for rtype in relation_types():
            for row in self._rows(f"MATCH (a:Entity)-[r:{rtype}]->(b:Entity) RETURN {REL_RETURN}"):
                out.append(relation_from_row(row["s"], rtype, row["t"], row))
        return sorted(out, key=lambda r: r.key)

    def get_article(self, article_id: str) -> ArticleRecord | None:
        """One article with its text."""
        rows = self._rows(f"MATCH (a:Article {{id: $id}}) RETURN {ARTICLE_RETURN}", {"id": article_id})
        return article_from_row(rows[0]) if rows else None

    def all_articles(self) -> list[ArticleRecord]:
        """Every article (text included), by id."""
        rows = self._rows(f"MATCH (a:Article) RETURN {ARTICLE_RETURN} ORDER BY a.id")
        return [article_from_row(r) for r in rows]
