"""End to end in headless Chromium: the real ``retailkg serve`` process, a real browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import artifacts_dir
from .graphdata import IMG, SCRIPT, Built

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = artifacts_dir() / "screenshots"

pytestmark = pytest.mark.browser


def require_chromium() -> None:
    """Skip (visibly) without Chromium, except on CI where a missing browser is a failure."""
    if Path(CHROMIUM).exists():
        return
    reason = f"{CHROMIUM} not found: apt-get install chromium (or scripts/system-deps)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(web_graph: Built) -> Iterator[str]:
    """``retailkg serve`` in a subprocess on a free localhost port; yields its base URL."""
    require_chromium()
    port = free_port()
    log = (artifacts_dir() / "serve.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "retailkg.cli.main", "serve", "--db", str(web_graph.path),
             "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(base + "/api/ontology", timeout=1).read()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("server did not start: " + log.read_text()) from None
                    time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """Everything the page reports that a test should not see: dialogs, errors, CSP violations."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.api_errors: list[str] = []
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, msg) -> None:  # type: ignore[no-untyped-def]
        # HTTP failures are tracked (with their URL) by _response instead
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            self.errors.append(f"console error: {msg.text}")

    def _response(self, resp) -> None:  # type: ignore[no-untyped-def]
        if resp.status >= 400:
            target = self.api_errors if "/api/" in resp.url else self.errors
            target.append(f"HTTP {resp.status} {resp.url}")

    def _dialog(self, dialog) -> None:  # type: ignore[no-untyped-def]
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check(self, api_errors: int = 0) -> None:
        """No dialog, no page/console error, no failed asset, exactly ``api_errors`` API errors."""
        assert self.dialogs == [], f"a dialog fired (script executed): {self.dialogs}"
        assert self.errors == [], self.errors
        assert len(self.api_errors) == api_errors, self.api_errors


@pytest.fixture()
def page(browser):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1500, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    pg.watch = Watch(pg)
    yield pg
    ctx.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def wait_js(page, expr: str, timeout_s: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    """Poll a JS expression until truthy (``wait_for_function`` needs eval, which the CSP forbids)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expr):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expr}")
        time.sleep(0.05)


def wait_stable(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the canvas has stabilised and physics is off."""
    wait_js(page, "!!(window.rkgExplorer && rkgExplorer.view.lastStable !== null)")


def canvas_point(page, x: float, y: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    box = page.locator("#graph canvas").bounding_box()
    return box["x"] + x, box["y"] + y


def node_point(page, node_id: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    pos = page.evaluate("(id) => rkgExplorer.view.domPosition(id)", node_id)
    assert pos, f"node {node_id} is not on the canvas"
    return canvas_point(page, pos["x"], pos["y"])


def edge_point(page, a: str, b: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """A point on the a–b edge that no node covers (asked of the network itself)."""
    found = page.evaluate("""([a, b]) => {
        const v = rkgExplorer.view; const pa = v.domPosition(a), pb = v.domPosition(b);
        const len = Math.hypot(pb.x - pa.x, pb.y - pa.y) || 1;
        const nx = -(pb.y - pa.y) / len, ny = (pb.x - pa.x) / len;  // unit normal (edges may curve)
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
          for (const d of [0, 4, -4, 8, -8, 12, -12, 16, -16, 20, -20, 25, -25, 30, -30]) {
            const p = {x: pa.x + (pb.x - pa.x) * t + nx * d, y: pa.y + (pb.y - pa.y) * t + ny * d};
            const edge = v.network.getEdgeAt(p);
            if (v.network.getNodeAt(p) === undefined && edge !== undefined) {
              const e = v.edges.get(edge);
              if ((e.source === a && e.target === b) || (e.source === b && e.target === a)) return p;
            }
          }
        }
        return null; }""", [a, b])
    assert found, f"no clickable point on the {a}–{b} edge"
    return canvas_point(page, found["x"], found["y"])


def view_ids(page) -> set[str]:  # type: ignore[no-untyped-def]
    return set(page.evaluate("rkgExplorer.view.nodes.getIds()"))


def test_strategist_walkthrough(server, page):
    """Search 小米 → Xiaomi; expand by double-click; evidence; highlighted sentence in the article."""
    page.goto(server + "/")
    page.fill("#search-input", "小米")
    hit = page.locator("#search-results li.hit").first
    hit.wait_for()
    assert hit.locator(".hit-name").inner_text() == "Xiaomi"
    assert "millet" in hit.inner_text() and "Company" in hit.inner_text()
    shot(page, "01-search-typeahead")
    hit.click()
    wait_stable(page)
    assert view_ids(page) == {"c-xiaomi", "p-jd", "h-leijun", "g-su7", "c-haier"}
    page.locator("#panel h2.entity-name", has_text="Xiaomi").wait_for()
    assert "小米集团" in page.locator("#panel .aliases-by-lang").inner_text()
    legend = page.locator("#legend").inner_text()
    assert "Company" in legend and "Platform" in legend
    shot(page, "02-xiaomi-neighbourhood")

    # expand JD.com: its other neighbours (Walmart, the 618 event …) join the view
    page.evaluate("rkgExplorer.view.lastStable = null")
    page.mouse.dblclick(*node_point(page, "p-jd"))
    wait_stable(page)
    assert {"c-walmart", "e-618", "c-evil"} <= view_ids(page)
    shot(page, "03-expanded-jd")

    # click the Xiaomi → JD.com edge on the canvas: its evidence appears
    page.mouse.click(*edge_point(page, "c-xiaomi", "p-jd"))
    title = page.locator("#panel h2.edge-title")
    title.wait_for()
    assert "Xiaomi" in title.inner_text() and "SELLS_ON" in title.inner_text()
    sentence = page.locator("#panel .ev blockquote").first
    assert sentence.inner_text() == "小米今天在京东开设了新的旗舰店。"
    assert sentence.get_attribute("lang") == "zh"
    page.locator("#panel button.show-article").first.click()
    mark = page.locator("#article-view mark#hl")
    mark.wait_for()
    assert mark.inner_text() == "小米今天在京东开设了新的旗舰店。"
    assert "雷军担任小米董事长" in page.locator("#article-view .article-text").inner_text()
    shot(page, "04-evidence-highlight")

    # filters: only SELLS_ON edges left after unticking the other relation types
    for box in page.locator('#rel-filter input[name="rel"]').all():
        if box.get_attribute("value") != "SELLS_ON" and box.is_checked():
            page.evaluate("rkgExplorer.view.lastStable = null")
            box.uncheck()
    wait_js(page, "rkgExplorer.view.edges.get().every(e => e.type === 'SELLS_ON')"
                  " && rkgExplorer.view.edges.length > 0")
    shot(page, "05-filter-sells-on")
    page.watch.check()


def test_query_gallery_runs_a_canned_query(server, page):
    page.goto(server + "/queries")
    card = page.locator("#q-competitors")
    card.wait_for()
    card.locator('input[name="entity"]').fill("小米")
    card.locator("button.run").click()
    page.locator("#qtable table").wait_for(state="attached")
    assert "Haier" in page.locator("#qtable").text_content()
    wait_js(page, "!document.getElementById('qgraph').hidden")
    assert page.locator("#qgraph canvas").count() == 1
    page.wait_for_timeout(500)
    shot(page, "06-gallery-graph")
    page.click("#show-table")
    assert page.locator("#qtable").is_visible()
    shot(page, "07-gallery-table")
    page.watch.check()


def test_console_rejects_writes(server, page):
    page.goto(server + "/console")
    page.fill("#cypher-input", "CREATE (n:Entity {id: 'intruder', name: 'x'}) RETURN n")
    page.click("#cypher-run")
    err = page.locator("#cypher-error")
    err.wait_for(state="visible")
    assert "Read-only" in err.inner_text() and "CREATE" in err.inner_text()
    shot(page, "08-console-write-rejected")
    page.fill("#cypher-input", "MATCH (e:Entity) WHERE e.id = 'intruder' RETURN count(e) AS n")
    page.click("#cypher-run")
    page.locator("#cypher-result table").wait_for()
    assert err.is_hidden()
    assert page.locator("#cypher-result td").inner_text() == "0"
    page.watch.check(api_errors=1)  # the rejected write


def test_xss_payloads_render_as_text(server, page):
    page.goto(server + "/")
    page.fill("#search-input", "onerror")
    hit = page.locator("#search-results li.hit").first
    try:
        hit.wait_for()
    finally:
        shot(page, "09a-xss-search")
    assert hit.locator(".hit-name").inner_text() == SCRIPT
    assert IMG in hit.inner_text()
    hit.click()
    wait_stable(page)
    page.locator("#panel h2.entity-name").wait_for()
    assert page.locator("#panel h2.entity-name").inner_text() == SCRIPT
    page.locator("#panel button.rel-item").first.click()
    page.locator("#panel .ev blockquote").first.wait_for()
    page.locator("#panel button.show-article").first.click()
    page.locator("#article-view mark#hl").wait_for()
    text = page.locator("#article-view .article-text").inner_text()
    assert SCRIPT in text and IMG in text
    assert page.locator("#article-view a", has_text="original").count() == 0  # javascript: URL dropped
    shot(page, "09-xss-as-text")
    page.goto(server + "/article/art-xss")
    assert SCRIPT in page.locator(".article-text").inner_text()
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], .article-text script').length") == 0
    page.watch.check()


def test_export_button_downloads_the_view(server, page):
    page.goto(server + "/?id=c-xiaomi")
    wait_stable(page)
    button = page.locator('#export-buttons button[data-format="json"]')
    with page.expect_download() as dl:
        button.click()
    path = dl.value.path()
    import json

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == view_ids(page)
    assert len(data["edges"]) == page.evaluate("rkgExplorer.view.edges.length")
    page.watch.check()
