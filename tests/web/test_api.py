"""The viewer's JSON API and HTML views against a real embedded store (Flask test client)."""

from __future__ import annotations

import json

import pytest

from retailkg.graph.ontology import load_ontology

from .graphdata import ARTICLES, IMG, RELATIONS, SCRIPT

RAW_PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<script>alert")


# -- search ---------------------------------------------------------------------------------
@pytest.mark.parametrize("q", ["小米", "millet", "Xiaomi", "xiaomi", "小米集团", "ＸＩＡＯＭＩ"])
def test_search_finds_xiaomi_by_any_alias(client, q):
    res = client.get("/api/search", query_string={"q": q})
    assert res.status_code == 200
    hits = res.get_json()["results"]
    assert hits and hits[0]["id"] == "c-xiaomi", hits
    assert hits[0]["label"] == "Company"
    assert "小米" in hits[0]["aliases"] and "millet" in hits[0]["aliases"]


def test_search_empty_and_too_long(client):
    assert client.get("/api/search?q=").get_json()["results"] == []
    res = client.get("/api/search", query_string={"q": "x" * 500})
    assert res.status_code == 400 and "longer" in res.get_json()["error"]
    assert client.get("/api/search?q=a&limit=zz").status_code == 400


def test_search_matches_payload_alias_as_plain_text(client):
    hits = client.get("/api/search", query_string={"q": "onerror"}).get_json()["results"]
    assert [h["id"] for h in hits] == ["c-evil"]
    assert hits[0]["name"] == SCRIPT and IMG in hits[0]["aliases"]


# -- ontology, entity, neighbourhood, edge ------------------------------------------------
def test_ontology_comes_from_the_file(client):
    data = client.get("/api/ontology").get_json()
    onto = load_ontology()
    assert [lb["name"] for lb in data["labels"]] == onto.label_names
    assert {lb["name"]: lb["colour"] for lb in data["labels"]} == {n: onto.colour(n) for n in onto.label_names}
    assert [r["name"] for r in data["relations"]] == onto.relation_names


def test_entity_details_group_aliases_by_language(client):
    e = client.get("/api/entity/c-xiaomi").get_json()
    assert e["name"] == "Xiaomi" and e["label"] == "Company"
    assert e["degree"] == 4
    assert e["aliases_by_lang"]["zh"] == ["小米", "小米集团"]
    assert set(e["aliases_by_lang"]["en"]) == {"Xiaomi", "millet", "Xiaomi Corp"}
    by_type = {r["type"]: r for r in e["relations"]}
    assert by_type["WORKS_AT"]["direction"] == "in" and by_type["WORKS_AT"]["other"]["name"] == "Lei Jun"
    assert by_type["WORKS_AT"]["verb"] == "people"
    assert client.get("/api/entity/nope").status_code == 404


def _ids(data):
    return {n["id"] for n in data["nodes"]}


def test_neighbourhood_depths(client):
    d1 = client.get("/api/neighbourhood?id=c-xiaomi&depth=1").get_json()
    assert _ids(d1) == {"c-xiaomi", "p-jd", "h-leijun", "g-su7", "c-haier"}
    assert all("evidence" not in e and e["evidence_count"] == 1 for e in d1["edges"])
    d2 = client.get("/api/neighbourhood?id=c-xiaomi&depth=2").get_json()
    assert {"c-walmart", "e-618", "p-tmall", "c-evil"} <= _ids(d2)
    assert d2["graph"]["depth"] == 2 and d2["graph"]["truncated"] is False
    full = client.get("/api/neighbourhood?id=c-xiaomi&depth=1&evidence=1").get_json()
    assert all(len(e["evidence"]) == 1 for e in full["edges"])


def test_neighbourhood_filters(client):
    base = "/api/neighbourhood?id=c-xiaomi&depth=2"
    by_rel = client.get(base + "&rel=SELLS_ON").get_json()
    assert {e["type"] for e in by_rel["edges"]} == {"SELLS_ON"}
    by_label = client.get(base + "&label=Platform").get_json()
    assert {n["label"] for n in by_label["nodes"]} == {"Company", "Platform"}  # centre stays
    assert _ids(by_label) == {"c-xiaomi", "p-jd"}
    by_lang = client.get(base + "&lang=en").get_json()
    assert all("en" in e["languages"] for e in by_lang["edges"]) and by_lang["edges"]
    by_article = client.get(base + "&article=art-zh").get_json()
    assert {a for e in by_article["edges"] for a in e["articles"]} == {"art-zh"}
    by_conf = client.get(base + "&min_confidence=0.75").get_json()
    assert by_conf["edges"] and all(e["confidence"] >= 0.75 for e in by_conf["edges"])
    capped = client.get(base + "&max_nodes=3").get_json()
    assert len(capped["nodes"]) <= 3 and capped["graph"]["truncated"] is True


@pytest.mark.parametrize("query,status", [
    ("", 400), ("?id=c-xiaomi&depth=x", 400), ("?id=c-xiaomi&rel=LIKES", 400), ("?id=ghost", 404),
    ("?id=c-xiaomi&min_confidence=nan", 400),
])
def test_neighbourhood_bad_requests(client, query, status):
    res = client.get("/api/neighbourhood" + query)
    assert res.status_code == status and res.is_json and res.get_json()["error"]


def test_edge_evidence_offsets_point_into_the_article(client):
    res = client.get("/api/edge?source=c-xiaomi&type=SELLS_ON&target=p-jd").get_json()
    assert res["source_name"] == "Xiaomi" and res["target_name"] == "JD.com"
    ev = res["evidence"][0]
    text = client.get(f"/api/article/{ev['article']}").get_json()["text"]
    assert text[ev["start"]:ev["end"]] == ev["sentence"] == "小米今天在京东开设了新的旗舰店。"
    assert res["article_meta"]["art-zh"]["title"] == "小米新品发布"


def test_symmetric_edge_found_either_way(client):
    a = client.get("/api/edge?source=c-haier&type=COMPETES_WITH&target=c-xiaomi")
    b = client.get("/api/edge?source=c-xiaomi&type=COMPETES_WITH&target=c-haier")
    assert a.status_code == b.status_code == 200
    assert a.get_json()["evidence"] == b.get_json()["evidence"]
    assert client.get("/api/edge?source=c-xiaomi&type=OWNS&target=c-haier").status_code == 404
    assert client.get("/api/edge?source=c-xiaomi&type=BOGUS&target=c-haier").status_code == 400


def test_article_api_drops_javascript_urls(client):
    a = client.get("/api/article/art-xss").get_json()
    assert a["url"] == "" and SCRIPT in a["text"]
    assert client.get("/api/article/art-en").get_json()["url"] == "https://example.com/art-en"
    assert client.get("/api/article/missing").status_code == 404


# -- HTML views escape everything -----------------------------------------------------------
def _assert_no_raw_payload(html: str) -> None:
    for raw in RAW_PAYLOADS:
        assert raw not in html, raw


def test_article_page_escapes_and_highlights(client):
    text = ARTICLES["art-xss"][3]
    sentence = f"{SCRIPT} partners with JD.com on a pilot."
    start = text.index(sentence)
    res = client.get(f"/article/art-xss?start={start}&end={start + len(sentence)}")
    html = res.get_data(as_text=True)
    assert res.status_code == 200
    _assert_no_raw_payload(html)
    assert '<mark id="hl">&lt;script&gt;alert(1)&lt;/script&gt; partners with JD.com on a pilot.</mark>' in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:" not in html
    assert client.get("/article/art-xss?start=a").status_code == 400


def test_entity_and_search_pages_escape(client):
    for url in ("/entity/c-evil", "/search?q=onerror", "/entity/p-jd"):
        res = client.get(url)
        assert res.status_code == 200, url
        html = res.get_data(as_text=True)
        _assert_no_raw_payload(html)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert client.get("/entity/ghost").status_code == 404


def test_pages_load_only_local_scripts_and_no_inline_code(client):
    for url in ("/", "/queries", "/console", "/article/art-zh"):
        html = client.get(url).get_data(as_text=True)
        if not url.startswith("/article/"):  # an article page links to its original URL
            assert "http://" not in html and "https://" not in html, url
        assert "<script>" not in html and " style=" not in html and "onclick" not in html, url
        assert '<script src="/static/' in html


# -- security headers, limits, errors -----------------------------------------------------
def test_security_headers(client):
    for url in ("/", "/api/search?q=a", "/static/js/common.js", "/nope"):
        res = client.get(url)
        csp = res.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert res.headers["X-Content-Type-Options"] == "nosniff"
        assert res.headers["Referrer-Policy"] == "no-referrer"


def test_oversized_request_is_413_json(client):
    big = json.dumps({"query": "MATCH (n) RETURN n", "pad": "x" * (2 * 1024 * 1024)})
    res = client.post("/api/cypher", data=big, content_type="application/json")
    assert res.status_code == 413 and res.is_json
    assert "too large" in res.get_json()["error"]


def test_errors_are_json(client):
    res = client.get("/api/does-not-exist")
    assert res.status_code == 404 and res.get_json() == {"error": "Not found.", "status": 404}
    res = client.get("/api/cypher")
    assert res.status_code == 405 and res.is_json


def test_debug_is_off(app):
    assert app.debug is False


# -- console ---------------------------------------------------------------------------------
@pytest.mark.parametrize("query", [
    "CREATE (n:Entity {id: 'x'})",
    "MATCH (n:Entity) SET n.name = 'x'",
    "MATCH (n:Entity) DETACH DELETE n",
    "MATCH (n) RETURN n; MATCH (m) DELETE m",
    "merge (n:Entity {id: 'y'}) return n",
])
def test_cypher_writes_rejected(client, query):
    res = client.post("/api/cypher", json={"query": query})
    assert res.status_code == 400
    body = res.get_json()
    assert body["kind"] == "read_only" and ("Read-only" in body["error"] or "one statement" in body["error"])
    names = client.post("/api/cypher", json={"query": "MATCH (e:Entity) RETURN count(e)"}).get_json()
    assert names["rows"] == [[9]]  # nothing was written


def test_cypher_read_with_row_limit(client):
    res = client.post("/api/cypher", json={"query": "MATCH (e:Entity) RETURN e.name AS name ORDER BY name"})
    body = res.get_json()
    assert res.status_code == 200 and body["columns"] == ["name"] and len(body["rows"]) == 9
    node = client.post("/api/cypher", json={"query": "MATCH (e:Entity {id: 'c-evil'}) RETURN e"}).get_json()
    assert node["rows"][0][0]["name"] == SCRIPT
    unrolled = client.post("/api/cypher", json={"query": "UNWIND range(1, 500) AS i RETURN i"}).get_json()
    assert len(unrolled["rows"]) == 50 and unrolled["truncated"] is True


def test_cypher_bad_input(client):
    assert client.post("/api/cypher", data="not json", content_type="application/json").status_code == 400
    bad = client.post("/api/cypher", json={"query": "MATCH (n RETURN n"})
    assert bad.status_code == 400 and bad.get_json()["kind"] == "query"


# -- gallery ---------------------------------------------------------------------------------
def test_gallery_lists_every_canned_query(client):
    catalog = pytest.importorskip("retailkg.queries.catalog")
    data = client.get("/api/queries").get_json()
    assert data["available"] is True
    assert [q["name"] for q in data["queries"]] == [q.name for q in catalog.list_queries()]
    for q in data["queries"]:
        assert q["title"] and all({"name", "type", "default", "description"} <= set(p) for p in q["params"])


def test_gallery_runs_a_query_as_graph_and_table(client):
    pytest.importorskip("retailkg.queries.catalog")
    res = client.post("/api/queries/competitors", json={"params": {"entity": "小米"}})
    body = res.get_json()
    assert res.status_code == 200, body
    assert body["rows"] and "Haier" in json.dumps(body["rows"])
    assert body["graph"] and {"c-xiaomi", "c-haier"} <= {n["id"] for n in body["graph"]["nodes"]}
    assert client.post("/api/queries/no_such_query", json={}).status_code == 404
    bad = client.post("/api/queries/most_connected", json={"params": {"n": "many"}})
    assert bad.status_code == 400 and bad.is_json


# -- export ----------------------------------------------------------------------------------
VIEW = {"nodes": ["c-xiaomi", "p-jd", "c-evil"],
        "edges": [{"source": "c-xiaomi", "type": "SELLS_ON", "target": "p-jd"},
                  {"source": "p-jd", "type": "PARTNERS_WITH", "target": "c-evil"}]}


def test_export_json_rebuilds_the_view_from_the_store(client):
    res = client.post("/api/export", json={"format": "json", **VIEW})
    assert res.status_code == 200 and "attachment" in res.headers["Content-Disposition"]
    data = json.loads(res.data)
    assert {n["id"] for n in data["nodes"]} == set(VIEW["nodes"])
    assert {(e["source"], e["type"], e["target"]) for e in data["edges"]} == {
        ("c-xiaomi", "SELLS_ON", "p-jd"), ("c-evil", "PARTNERS_WITH", "p-jd")}
    assert all(e["evidence"] for e in data["edges"])


def test_export_formats_and_bad_requests(client):
    formats = client.get("/api/export/formats").get_json()["formats"]
    assert formats[0] == "json"
    assert client.post("/api/export", json={"format": "exe", **VIEW}).status_code == 400
    assert client.post("/api/export", json={"format": "json", "nodes": "x"}).status_code == 400
    bad_edge = {"format": "json", "nodes": [], "edges": [{"source": "a", "type": "HATES", "target": "b"}]}
    assert client.post("/api/export", json=bad_edge).status_code == 400


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "svg", "html"])
def test_export_other_formats_when_available(client, fmt):
    if fmt not in client.get("/api/export/formats").get_json()["formats"]:
        pytest.skip(f"retailkg.export does not offer {fmt}")
    res = client.post("/api/export", json={"format": fmt, **VIEW})
    assert res.status_code == 200, res.get_data(as_text=True)[:300]
    assert res.data and res.headers["Content-Disposition"].endswith(f".{fmt}")


def test_fixture_relations_all_present(client):
    edges = client.post("/api/cypher", json={
        "query": "MATCH (a:Entity)-[r]->(b:Entity) RETURN count(r)"}).get_json()["rows"][0][0]
    assert edges == len(RELATIONS)
