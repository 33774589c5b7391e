"""Articles area: the text of an article, with an evidence sentence highlighted."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, render_template, request
from flask.wrappers import Response

from retailkg.graph.records import ArticleRecord
from retailkg.web.context import api_error, store
from retailkg.web.graph import safe_url

bp = Blueprint("articles", __name__)


def article_json(a: ArticleRecord) -> dict[str, Any]:
    """Article metadata and text (the URL only if it is http/https)."""
    return {"id": a.id, "title": a.title, "url": safe_url(a.url), "date": a.date,
            "source": a.source, "lang": a.lang, "text": a.text, "length": len(a.text)}


def split_highlight(text: str, start: int | None, end: int | None) -> tuple[str, str, str]:
    """``(before, sentence, after)``; an invalid span highlights nothing."""
    if start is None or end is None or not (0 <= start < end <= len(text)):
        return text, "", ""
    return text[:start], text[start:end], text[end:]


def _span() -> tuple[int | None, int | None]:
    try:
        start = int(request.args["start"]) if request.args.get("start") else None
        end = int(request.args["end"]) if request.args.get("end") else None
    except ValueError:
        abort(400, description="start and end must be integers.")
    return start, end


@bp.get("/api/article/<path:article_id>")
def api_article(article_id: str) -> Response | tuple[Response, int]:
    """``{"id", "title", "url", "date", "source", "lang", "text", "length"}``."""
    with store() as s:
        art = s.get_article(article_id)
    if art is None:
        return api_error(404, f"No article with id {article_id!r}.")
    return jsonify(article_json(art))


@bp.get("/article/<path:article_id>")
def article_page(article_id: str) -> str:
    """Server-rendered article; ``?start=&end=`` highlights a sentence (autoescaped)."""
    start, end = _span()
    with store() as s:
        art = s.get_article(article_id)
    if art is None:
        abort(404)
    before, mark, after = split_highlight(art.text, start, end)
    return render_template("article.html", active="graph", a=article_json(art), before=before,
                           mark=mark, after=after)
