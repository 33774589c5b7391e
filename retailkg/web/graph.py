"""Graph area: the explorer page, entity pages, ontology, entity details, neighbourhoods, edges."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.wrappers import Response

from retailkg.graph.nodelink import edge_dict, node_dict
from retailkg.graph.ontology import load_ontology
from retailkg.graph.records import EntityRecord, RelationRecord
from retailkg.graph.schema import canonical_key
from retailkg.graph.store import GraphStore
from retailkg.graph.subgraph import edges_touching, neighbourhood
from retailkg.web.context import api_error, float_arg, int_arg, list_arg, store

bp = Blueprint("graph", __name__)


# -- pages -------------------------------------------------------------------------------
@bp.get("/")
def index() -> str:
    """The explorer: search, canvas, filters, side panel."""
    return render_template("index.html", active="graph")


@bp.get("/entity/<path:entity_id>")
def entity_page(entity_id: str) -> str:
    """A server-rendered entity page (works without JavaScript)."""
    with store() as s:
        detail = entity_detail(s, entity_id, with_evidence=True)
    if detail is None:
        abort(404)
    return render_template("entity.html", active="graph", e=detail)


# -- API ---------------------------------------------------------------------------------
@bp.get("/api/ontology")
def api_ontology() -> Response:
    """Labels with colours and relation types, straight from ``ontology.yaml``."""
    return jsonify(ontology_json())


@bp.get("/api/entity/<path:entity_id>")
def api_entity(entity_id: str) -> Response | tuple[Response, int]:
    """One entity: aliases grouped by language, label, degree and its relations (no sentences)."""
    with store() as s:
        detail = entity_detail(s, entity_id, with_evidence=False)
    if detail is None:
        return api_error(404, f"No entity with id {entity_id!r}.")
    return jsonify(detail)


@bp.get("/api/neighbourhood")
def api_neighbourhood() -> Response | tuple[Response, int]:
    """Node-link subgraph around ``id`` (repeatable) with the viewer's filters applied.

    Query: ``id``, ``depth`` (1–3), ``max_nodes``, ``min_confidence``, ``rel``, ``label``,
    ``lang``, ``article`` (each repeatable or comma-separated), ``evidence`` (1 to include the
    sentences; by default only ``evidence_count`` is sent).
    """
    ids = list_arg(request.args.getlist("id"))
    if not ids:
        return api_error(400, "Give at least one entity id: /api/neighbourhood?id=…")
    cap = int(current_app.config["MAX_NODES"])
    try:
        depth = int_arg(request.args.get("depth"), 1, 1, 3)
        max_nodes = int_arg(request.args.get("max_nodes"), cap, 1, cap)
        min_conf = float_arg(request.args.get("min_confidence"), 0.0, 0.0, 1.0)
    except ValueError:
        return api_error(400, "depth and max_nodes must be integers, min_confidence a number.")
    onto = load_ontology()
    rels = set(list_arg(request.args.getlist("rel")))
    unknown = rels - set(onto.relation_names)
    if unknown:
        return api_error(400, f"Unknown relation type(s): {', '.join(sorted(unknown))}.")
    labels = set(list_arg(request.args.getlist("label")))
    langs = set(list_arg(request.args.getlist("lang")))
    articles = set(list_arg(request.args.getlist("article")))
    with store() as s:
        found = s.fetch_entities(ids)
        if not found:
            return api_error(404, "None of the given entity ids exists.")
        data = neighbourhood(s, list(found), depth, max_nodes=max_nodes, min_confidence=min_conf,
                             relation_filter=rels or None)
    data = filter_graph(data, centres=set(found), labels=labels, langs=langs, articles=articles)
    data["graph"] = {"centres": sorted(found), "depth": depth, "max_nodes": max_nodes,
                     "truncated": len(data["nodes"]) >= max_nodes}
    if request.args.get("evidence") != "1":
        for e in data["edges"]:
            e["evidence_count"] = len(e.pop("evidence"))
    return jsonify(data)


@bp.get("/api/edge")
def api_edge() -> Response | tuple[Response, int]:
    """One relation with every evidence sentence and the metadata of its articles."""
    src, rtype, tgt = (request.args.get(k, "") for k in ("source", "type", "target"))
    if not (src and rtype and tgt):
        return api_error(400, "Give source, type and target.")
    rt = load_ontology().relations.get(rtype)
    if rt is None:
        return api_error(400, f"Unknown relation type {rtype!r}.")
    key = canonical_key(src, rtype, tgt)
    keys = [key, (key[2], rtype, key[0])] if rt.symmetric else [key]  # either order, if symmetric
    with store() as s:
        found = s.fetch_relations(keys)
        rel = next((found[k] for k in keys if k in found), None)
        if rel is None:
            return api_error(404, "No such relation.")
        ents = s.fetch_entities([rel.source, rel.target])
        arts = {a: s.get_article(a) for a in rel.articles}
    out = edge_dict(rel)
    out["evidence_count"] = len(rel.evidence)
    out["source_name"] = ents[rel.source].name if rel.source in ents else rel.source
    out["target_name"] = ents[rel.target].name if rel.target in ents else rel.target
    out["article_meta"] = {a: _article_meta(rec) for a, rec in arts.items() if rec is not None}
    return jsonify(out)


# -- helpers -----------------------------------------------------------------------------
def ontology_json() -> dict[str, Any]:
    """The ontology as the viewer needs it (legend colours, filter lists, verbs)."""
    onto = load_ontology()
    return {
        "labels": [{"name": n, "display": spec.get("display", n), "colour": onto.colour(n)}
                   for n, spec in onto.labels.items()],
        "relations": [{"name": r.name, "verb": r.verb, "reverse_verb": r.reverse_verb,
                       "symmetric": r.symmetric, "source": list(r.source), "target": list(r.target),
                       "caption": r.caption} for r in onto.relations.values()],
    }


def _article_meta(rec: Any) -> dict[str, Any]:
    return {"id": rec.id, "title": rec.title, "date": rec.date, "source": rec.source,
            "lang": rec.lang, "url": safe_url(rec.url)}


def safe_url(url: str) -> str:
    """The URL if it is http(s), else empty (no ``javascript:`` links)."""
    return url if url.lower().startswith(("http://", "https://")) else ""


def aliases_by_lang(e: EntityRecord) -> dict[str, list[str]]:
    """Aliases grouped by language code ("" → "und")."""
    groups: dict[str, list[str]] = defaultdict(list)
    langs = list(e.alias_langs) + [""] * (len(e.aliases) - len(e.alias_langs))
    for alias, lang in zip(e.aliases, langs):
        if alias not in groups[lang or "und"]:
            groups[lang or "und"].append(alias)
    return dict(sorted(groups.items()))


def entity_detail(s: GraphStore, entity_id: str, *, with_evidence: bool) -> dict[str, Any] | None:
    """Node dict plus ``aliases_by_lang``, ``degree``, ``colour`` and ``relations``."""
    ent = s.fetch_entities([entity_id]).get(entity_id)
    if ent is None:
        return None
    rels: list[RelationRecord] = sorted(edges_touching(s, [entity_id]), key=lambda r: r.key)
    others = s.fetch_entities(sorted({r.source for r in rels} | {r.target for r in rels}))
    onto = load_ontology()
    out = node_dict(ent, len(rels))
    out["aliases_by_lang"] = aliases_by_lang(ent)
    out["colour"] = onto.colour(ent.label)
    items = []
    for r in rels:
        outgoing = r.source == entity_id
        other = others.get(r.target if outgoing else r.source)
        rt = onto.relations.get(r.type)
        verb = (rt.verb if outgoing or rt.symmetric else rt.reverse_verb) if rt else r.type
        item: dict[str, Any] = {
            "source": r.source, "type": r.type, "target": r.target, "direction":
            "out" if outgoing else "in", "verb": verb, "confidence": r.confidence,
            "role": r.role, "languages": r.languages, "articles": r.articles,
            "evidence_count": len(r.evidence),
            "other": {"id": other.id, "name": other.name, "label": other.label} if other else None,
        }
        if with_evidence:
            item["evidence"] = edge_dict(r)["evidence"]
        items.append(item)
    out["relations"] = items
    return out


def filter_graph(data: dict[str, Any], *, centres: set[str], labels: set[str], langs: set[str],
                 articles: set[str]) -> dict[str, Any]:
    """Keep edges in the chosen languages/articles between nodes of the chosen labels.

    Empty filter sets mean "all". Centre nodes always stay; other nodes stay only while an edge
    still reaches them. Degrees are recounted within the result.
    """
    if not (labels or langs or articles):
        return data
    keep = {n["id"] for n in data["nodes"] if not labels or n["label"] in labels} | centres
    edges = [e for e in data["edges"]
             if e["source"] in keep and e["target"] in keep
             and (not langs or langs & set(e["languages"]))
             and (not articles or articles & set(e["articles"]))]
    degree: dict[str, int] = defaultdict(int)
    for e in edges:
        degree[e["source"]] += 1
        degree[e["target"]] += 1
    nodes = [dict(n, degree=degree.get(n["id"], 0)) for n in data["nodes"]
             if n["id"] in centres or n["id"] in degree]
    return {**data, "nodes": nodes, "edges": edges}
