"""The viewer against hostile data and requests: XSS payloads stored in the graph are escaped in
every HTML view and served as JSON (never HTML) by the API; oversized bodies get 413; the server
never runs in debug mode and binds 127.0.0.1 unless told otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from retailkg.graph.embedded import EmbeddedStore
from retailkg.graph.records import ArticleRecord, EntityRecord, EvidenceRecord, RelationRecord

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    "\"><svg onload=alert('xss-3')>",
    "</textarea><iframe src=javascript:alert('xss-4')>",
]
EVIL_NAME = f"Evil {PAYLOADS[0]} Corp"
EVIL_PERSON = f"Mallory {PAYLOADS[1]}"


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("evil") / "db"
    store = EmbeddedStore(db)
    text = f"{EVIL_PERSON} founded {EVIL_NAME}. {PAYLOADS[2]} and {PAYLOADS[3]} were in the text."
    sent = text[:text.index(".") + 1]
    store.write(
        [ArticleRecord(id="evil-article", text=text, title=f"Title {PAYLOADS[3]}", url="javascript:alert(1)",
                       source=PAYLOADS[2], lang="en", path="evil.txt")],
        [EntityRecord("evil-corp", EVIL_NAME, "Company", [EVIL_NAME, PAYLOADS[2]], ["en", "en"],
                      ["evilcorp"], "text"),
         EntityRecord("mallory", EVIL_PERSON, "Person", [EVIL_PERSON], ["en"], ["mallory"], "text")],
        [RelationRecord("mallory", "WORKS_AT", "evil-corp",
                        [EvidenceRecord("evil-article", sent, "en", 0, len(sent), 0.7)], role=PAYLOADS[1])],
    )
    store.close()
    return db


@pytest.fixture(scope="module")
def client(evil_db: Path) -> Iterator:
    from retailkg.web import create_app

    app = create_app({"DB": str(evil_db), "ROW_LIMIT": 50, "TIMEOUT_S": 5.0, "DEBUG": True})
    yield app.test_client()
    app.extensions["retailkg"].close()


HTML_PAGES = [
    "/", "/entity/evil-corp", "/entity/mallory", "/article/evil-article", "/queries", "/console",
    "/search?q=" + quote(PAYLOADS[0]), "/search?q=Evil", "/entity/" + quote(PAYLOADS[1]),
]
API_GETS = [
    "/api/entity/evil-corp", "/api/entity/mallory", "/api/article/evil-article",
    "/api/neighbourhood?id=evil-corp&evidence=1", "/api/search?q=" + quote(PAYLOADS[0]),
    "/api/search?q=Evil", "/api/edge?source=mallory&type=WORKS_AT&target=evil-corp",
]


def _raw_payload_in(body: str) -> list[str]:
    return [p for p in PAYLOADS if p in body]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_html_views_escape_payloads(client, path: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(path)
    assert resp.status_code in (200, 404), (path, resp.status_code)
    body = resp.get_data(as_text=True)
    assert not _raw_payload_in(body), f"{path} serves raw markup"
    assert "Traceback" not in body
    assert "script-src 'self'" in resp.headers.get("Content-Security-Policy", "")
    if path in ("/entity/evil-corp", "/article/evil-article"):  # the data is shown, escaped
        assert resp.status_code == 200 and "&lt;" in body, body[:2000]


@pytest.mark.parametrize("path", API_GETS)
def test_json_api_serves_payloads_as_inert_json(client, path: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(path)
    assert resp.status_code in (200, 404), (path, resp.status_code)
    assert resp.mimetype == "application/json", (path, resp.mimetype)
    assert resp.headers.get("X-Content-Type-Options") == "nosniff"
    assert resp.get_json() is not None


def test_evil_data_reaches_the_api_intact(client) -> None:  # type: ignore[no-untyped-def]
    """Escaping must not lose data: the JSON carries the exact stored strings."""
    resp = client.get("/api/article/evil-article")
    assert resp.status_code == 200
    assert PAYLOADS[3] in resp.get_data(as_text=True).replace("\\u003c", "<").replace("\\u003e", ">") \
        or PAYLOADS[3] in str(resp.get_json())


def test_cypher_results_with_payloads_are_json(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/api/cypher", json={"query": "MATCH (e:Entity) RETURN e.name AS name"})
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    assert EVIL_NAME in [r[0] for r in resp.get_json()["rows"]]


@pytest.mark.parametrize("path", ["/api/cypher", "/api/export", "/api/queries/lookup"])
def test_oversized_requests_are_refused(client, path: str) -> None:  # type: ignore[no-untyped-def]
    body = '{"query": "MATCH (n) RETURN n", "pad": "' + "x" * (2 * 1024 * 1024) + '"}'
    resp = client.post(path, data=body, content_type="application/json")
    assert resp.status_code == 413, (path, resp.status_code)
    assert resp.mimetype == "application/json"


def test_never_debug(client) -> None:  # type: ignore[no-untyped-def]
    assert client.application.debug is False  # even though the config asked for DEBUG
    resp = client.get("/api/entity/" + quote("<>'\"") + "?x=%ff%fe")
    assert "Werkzeug Debugger" not in resp.get_data(as_text=True)


def test_serve_defaults_to_loopback() -> None:
    from retailkg.cli.serve_cmd import command

    params = {p.name: p for p in command.params}
    assert params["host"].default == "127.0.0.1"
    assert "debug" not in params
