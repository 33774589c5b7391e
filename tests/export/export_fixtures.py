"""Fixtures for the export tests: a small bilingual graph in a real embedded store, big synthetic graphs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from retailkg.graph.embedded import EmbeddedStore
from retailkg.graph.merge import apply_delta
from retailkg.graph.nodelink import export_store, node_link
from retailkg.graph.records import ArticleRecord, EntityRecord, EvidenceRecord, GraphDelta, RelationRecord
from retailkg.graph.schema import canonical_key
from retailkg.graph.subgraph import norm_key

XSS_NAME = "<img src=x onerror=alert(1)>"

# (id, name, label, aliases with languages)
ENTITIES = [
    ("xiaomi", "小米", "Company", [("Xiaomi", "en"), ("小米集团", "zh")]),
    ("alibaba", "阿里巴巴", "Company", [("Alibaba", "en")]),
    ("jd", "京东", "Platform", [("JD.com", "en")]),
    ("tmall", "Tmall", "Platform", [("天猫", "zh")]),
    ("leijun", "Lei Jun", "Person", [("雷军", "zh")]),
    ("redmi", "Redmi Note 13", "Product", []),
    ("e618", "618购物节", "Event", [("618 shopping festival", "en")]),
    ("xssorg", XSS_NAME, "Organization", []),
]

# (article, source, type, target, sentence, lang, role) — written for these tests
FACTS = [
    ("art-a", "xiaomi", "SELLS_ON", "jd", "测试句子：小米手机在京东开售。", "zh", ""),
    ("art-a", "xiaomi", "SELLS_ON", "tmall", "Fixture line: the handset also lists on Tmall; stock is thin.", "en", ""),
    ("art-b", "alibaba", "OWNS", "tmall", "Fixture line: Alibaba runs the Tmall marketplace.", "en", ""),
    ("art-b", "xiaomi", "PRODUCES", "redmi", "Fixture line: the Redmi Note 13 comes from Xiaomi.", "en", ""),
    ("art-c", "leijun", "WORKS_AT", "xiaomi", "测试句子：雷军是小米的掌门人。", "zh", "CEO"),
    ("art-c", "xiaomi", "PARTICIPATES_IN", "e618", "测试句子：小米参加618购物节。", "zh", ""),
    ("art-c", "xssorg", "PARTNERS_WITH", "xiaomi", "Fixture line: a test partner named with markup.", "en", ""),
    ("art-a", "jd", "COMPETES_WITH", "tmall", "Fixture line: JD.com and Tmall fight for shoppers.", "en", ""),
]

ARTICLES = {
    "art-a": ("小米新机开售", "https://news.example.com/a", "2024-06-01", "Example News"),
    "art-b": ("Alibaba and its marketplaces", "https://news.example.com/b", "2024-06-02", "Example Wire"),
    "art-c": ("雷军谈618", "https://news.example.com/c", "2024-06-03", "示例日报"),
}


def fixture_delta() -> GraphDelta:
    """Articles, entities and relations of the fixture graph."""
    arts = [ArticleRecord(id=a, text=f"{t}\n(test article body)", title=t, url=u, date=d, source=s, lang="zh")
            for a, (t, u, d, s) in ARTICLES.items()]
    ents = []
    for eid, name, label, aliases in ENTITIES:
        names = [name] + [a for a, _ in aliases]
        ents.append(EntityRecord(id=eid, name=name, label=label, aliases=names,
                                 alias_langs=["zh" if any("\u4e00" <= c <= "\u9fff" for c in name) else "en"]
                                 + [lg for _, lg in aliases],
                                 keys=[norm_key(n) for n in names], origin="kb"))
    rels = []
    for i, (art, s, rtype, t, sentence, lang, role) in enumerate(FACTS):
        s2, _, t2 = canonical_key(s, rtype, t)
        rels.append(RelationRecord(s2, rtype, t2, [EvidenceRecord(art, sentence, lang, 10 * i, 10 * i + len(sentence),
                                                                   0.8)], role))
    return GraphDelta(articles=arts, entities=ents, relations=rels)


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the fixture graph (closed; open it read-only)."""
    path = tmp_path_factory.mktemp("exportdb") / "db"
    store = EmbeddedStore(path)
    apply_delta(store, fixture_delta())
    store.close()
    return path


@pytest.fixture(scope="session")
def graph(store_dir: Path) -> dict[str, Any]:
    """The whole fixture store as node-link JSON (re-read from disk)."""
    store = EmbeddedStore(store_dir, read_only=True)
    try:
        return export_store(store)
    finally:
        store.close()


@pytest.fixture(scope="session")
def articles() -> dict[str, dict]:
    return {a: {"title": t, "url": u, "date": d, "source": s} for a, (t, u, d, s) in ARTICLES.items()}


def synthetic(n: int, hubs: int = 3) -> dict[str, Any]:
    """``n`` nodes: a few hubs with many spokes plus a chain (crowded around the hubs)."""
    from retailkg.graph.ontology import load_ontology

    labels = load_ontology().label_names
    ents = [EntityRecord(id=f"n{i:03d}", name=("公司" if i % 3 == 0 else "Node ") + str(i), label=labels[i % len(labels)],
                         aliases=[], alias_langs=[]) for i in range(n)]
    rels = []
    for i in range(hubs, n):
        rels.append(RelationRecord(f"n{i % hubs:03d}", "PARTNERS_WITH", f"n{i:03d}",
                                   [EvidenceRecord(f"syn{i % 7}", f"synthetic {i}", "en", 0, 5, 0.6)]))
        if i + 1 < n and i % 4 == 0:
            rels.append(RelationRecord(f"n{i:03d}", "INVESTS_IN", f"n{i + 1:03d}",
                                       [EvidenceRecord(f"syn{i % 5}", f"synthetic {i}+", "en", 0, 5, 0.5)]))
    return node_link(ents, rels)


def require(ok: bool, what: str) -> None:
    """Skip with a visible reason when a system dependency is missing; fail instead when CI=true."""
    if ok:
        return
    message = f"{what} (install: apt-get install -y fonts-noto-cjk libreoffice-impress)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {message}")
    pytest.skip(message)


def have_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def have_cjk_font() -> bool:
    from retailkg.export.common import ExportError
    from retailkg.export.fonts import cjk_font_family

    try:
        cjk_font_family()
    except ExportError:
        return False
    return True
