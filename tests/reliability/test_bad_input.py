"""Ingest a folder of bad files together with good ones through the real CLI.

Exit status 1, one clear message per bad file (or JSONL line), no traceback, and every good
article lands, legacy Chinese encodings decoded with their entities found.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from retailkg.graph.embedded import EmbeddedStore
from retailkg.graph.subgraph import norm_key
from retailkg.ingest.kb import load_kb
from retailkg.ingest.pipeline import process
from retailkg.ingest.readers import read_file
from retailkg.ingest.resolve import Resolver

from .conftest import BAD_DIR, DEMO_DIR, Generated, run_cli

JSONL = BAD_DIR / "mixed good and bad.jsonl"
# Committed bad files -> words their failure message must contain.
BAD_COMMITTED = {
    BAD_DIR / "empty.txt": "empty file",
    BAD_DIR / "blank lines only.txt": "empty file",
    BAD_DIR / "bom and separators only.txt": "empty file",  # found by test_properties
    BAD_DIR / "photo.txt": "PNG",
    BAD_DIR / "archive.md": "ZIP",
    BAD_DIR / "report.html": "PDF",
    BAD_DIR / "invalid_utf8.txt": "encoding",
    f"{JSONL}:2": "malformed JSON",
    f"{JSONL}:3": "malformed JSON",
    f"{JSONL}:4": '"text"',
    f"{JSONL}:5": '"text"',
    f"{JSONL}:6": '"text"',
    f"{JSONL}:7": '"text"',
}
GOOD_COMMITTED = [
    "zh_tencent_gbk.txt", "zh_jd_gb18030.txt", "zh_tencent_big5.txt", "en_tencent_utf16.txt",
    "mixed_utf8_gbk.txt", "alibaba with scripts.html", "京东 新闻 2024 (副本).txt",
    "mixed good and bad.jsonl:1", "mixed good and bad.jsonl:9",
]
GOOD_DEMO = ["en_xiaomi_tmall.txt", "zh_jd_618_gb18030.txt", "fr_temu_shein.html", "de_jd_walmart.txt"]
# Text each decoded article must contain (proves the decoding, not just that something landed).
DECODED = {
    "zh_tencent_gbk.txt": "腾讯控股周二宣布与京东集团扩大战略合作",
    "zh_jd_gb18030.txt": "京东集团在618购物节期间公布了新的销售纪录",
    "zh_tencent_big5.txt": "騰訊控股週二宣布與京東集團擴大合作",
    "en_tencent_utf16.txt": "Tencent and JD.com expand their retail partnership",
    "mixed_utf8_gbk.txt": "马化腾在深圳表示",
}
MIXED_SECOND = "刘强东说，京东物流在618期间的订单量创下新高"


@dataclass
class Run:
    rc: int
    stdout: str
    stderr: str
    db: Path
    generated: Generated
    good_dir: Path


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, generated_inputs: Generated) -> Run:
    base = tmp_path_factory.mktemp("bad_input")
    good_dir = base / "good"
    good_dir.mkdir()
    for name in GOOD_DEMO:
        shutil.copy(DEMO_DIR / name, good_dir / name)
    db = base / "db"
    proc = run_cli("ingest", str(BAD_DIR), str(generated_inputs.root), str(good_dir), "--db", str(db))
    return Run(proc.returncode, proc.stdout, proc.stderr, db, generated_inputs, good_dir)


def _failure_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("  ")]


def test_exit_status_and_no_traceback(run: Run) -> None:
    assert run.rc == 1, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert "could not be ingested" in run.stderr


def test_one_clear_message_per_bad_file(run: Run) -> None:
    expected = {str(k): v for k, v in BAD_COMMITTED.items()} | run.generated.bad
    lines = _failure_lines(run.stderr)
    for where, words in expected.items():
        mine = [line for line in lines if line.startswith(f"  {where}: ")]
        assert len(mine) == 1, f"{where}: expected one message, got {mine}\n{run.stderr}"
        assert words.lower() in mine[0].lower(), mine[0]
    assert len(lines) == len(expected), "unexpected failures:\n" + "\n".join(
        line for line in lines if not any(line.startswith(f"  {w}: ") for w in expected))


def test_every_good_article_lands(run: Run) -> None:
    store = EmbeddedStore(run.db, read_only=True)
    try:
        articles = {a.path: a for a in store.all_articles()}
    finally:
        store.close()
    expected = ({str(BAD_DIR / name) for name in GOOD_COMMITTED}
                | {str(run.good_dir / name) for name in GOOD_DEMO}
                | {str(p) for p in run.generated.good})
    missing = expected - set(articles)
    assert not missing, f"lost articles: {sorted(missing)}"
    # The demo's GB18030 file is one article, and the JSONL lines are two more, nothing else.
    assert set(articles) == expected
    for name, needle in DECODED.items():
        assert needle in articles[str(BAD_DIR / name)].text, name
    assert MIXED_SECOND in articles[str(BAD_DIR / "mixed_utf8_gbk.txt")].text
    for a in articles.values():
        assert "\ufffd" not in a.text, f"replacement characters in {a.path}"
    html = articles[str(BAD_DIR / "alibaba with scripts.html")].text
    assert "Hema supermarket chain" in html
    for leak in ("MUST_NOT_LEAK", "tracker", "font-family", "alert(", "display: none"):
        assert leak not in html
    one_line = next(a for p, a in articles.items() if p.endswith("one line 5MB.txt"))
    assert len(one_line.text.encode("utf-8")) > 4 * 2**20


def test_rerun_adds_nothing_and_still_reports(run: Run) -> None:
    proc = run_cli("ingest", str(BAD_DIR), str(run.generated.root), str(run.good_dir), "--db", str(run.db))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "Ingested 0 new article(s)" in proc.stdout
    assert len(_failure_lines(proc.stderr)) == len(_failure_lines(run.stderr))


def _entity_ids(path: Path) -> set[str]:
    docs, failures = read_file(path)
    assert not failures and len(docs) == 1, failures
    delta = process(docs[0], Resolver())
    return {e.id for e in delta.entities}


def _kb_id(surface: str) -> str | None:
    return load_kb().by_key.get(norm_key(surface))


@pytest.mark.parametrize("name,surfaces", [
    ("zh_tencent_gbk.txt", ["马化腾", "刘强东", "腾讯", "京东"]),
    ("zh_jd_gb18030.txt", ["马化腾", "刘强东", "京东"]),
    ("zh_tencent_big5.txt", ["馬化騰", "劉強東", "騰訊", "京東"]),
    ("en_tencent_utf16.txt", ["Pony Ma", "Richard Liu", "Tencent", "JD.com"]),
    ("mixed_utf8_gbk.txt", ["马化腾", "刘强东"]),
])
def test_legacy_encodings_decode_and_entities_are_found(name: str, surfaces: list[str]) -> None:
    found = _entity_ids(BAD_DIR / name)
    # People are curated in the KB; companies are checked whenever the KB knows them.
    assert {"pony-ma", "richard-liu"} & found, found
    for surface in surfaces:
        kb_id = _kb_id(surface)
        if surface in ("马化腾", "馬化騰", "Pony Ma", "刘强东", "劉強東", "Richard Liu"):
            assert kb_id is not None, f"KB lost {surface}"
        if kb_id is not None:
            assert kb_id in found, f"{surface} ({kb_id}) not found in {name}: {found}"
    # Traditional and simplified spellings resolve to the same node.
    if name == "zh_tencent_big5.txt":
        assert _kb_id("騰訊") == _kb_id("腾讯")
