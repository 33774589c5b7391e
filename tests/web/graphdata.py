"""A small hand-written graph for the viewer tests (original text, XSS payloads included)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from retailkg.graph.embedded import EmbeddedStore
from retailkg.graph.merge import apply_delta
from retailkg.graph.records import ArticleRecord, EntityRecord, EvidenceRecord, GraphDelta, RelationRecord
from retailkg.graph.schema import canonical_key
from retailkg.graph.subgraph import norm_key

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

ENTITIES = {
    "c-xiaomi": ("Xiaomi", "Company", [("Xiaomi", "en"), ("小米", "zh"), ("millet", "en"),
                                        ("小米集团", "zh"), ("Xiaomi Corp", "en")], "kb"),
    "p-jd": ("JD.com", "Platform", [("JD.com", "en"), ("京东", "zh"), ("Jingdong", "en")], "kb"),
    "p-tmall": ("Tmall", "Platform", [("Tmall", "en"), ("天猫", "zh")], "kb"),
    "h-leijun": ("Lei Jun", "Person", [("Lei Jun", "en"), ("雷军", "zh")], "kb"),
    "g-su7": ("Xiaomi SU7", "Product", [("Xiaomi SU7", "en"), ("小米SU7", "zh")], "text"),
    "c-haier": ("Haier", "Company", [("Haier", "en"), ("海尔", "zh")], "kb"),
    "c-walmart": ("Walmart", "Company", [("Walmart", "en"), ("沃尔玛", "zh")], "kb"),
    "e-618": ("618 Shopping Festival", "Event", [("618 Shopping Festival", "en"), ("618购物节", "zh")], "kb"),
    "c-evil": (SCRIPT, "Company", [(SCRIPT, "en"), (IMG, "en")], "text"),
}

ARTICLES = {
    "art-zh": ("小米新品发布", "zh", "2024-06-01",
               "小米今天在京东开设了新的旗舰店。雷军担任小米董事长。小米生产小米SU7电动汽车。"
               "小米SU7同时在天猫上架销售。京东参加了618购物节。"),
    "art-en": ("Appliance makers compete", "en", "2024-05-20",
               "Analysts say Xiaomi competes with Haier in smart home appliances. "
               "Haier sells its fridges on JD.com as well. "
               "Walmart invested in JD.com years ago and still holds shares."),
    "art-xss": (f"Strange news {SCRIPT}", "en", "2024-04-01",
                f"Intro line. {SCRIPT} partners with JD.com on a pilot. "
                f"Observers wrote {IMG} in the comments."),
}

# (source, type, target, article, sentence, confidence, role)
RELATIONS = [
    ("c-xiaomi", "SELLS_ON", "p-jd", "art-zh", "小米今天在京东开设了新的旗舰店。", 0.8, ""),
    ("h-leijun", "WORKS_AT", "c-xiaomi", "art-zh", "雷军担任小米董事长。", 0.9, "董事长"),
    ("c-xiaomi", "PRODUCES", "g-su7", "art-zh", "小米生产小米SU7电动汽车。", 0.85, ""),
    ("g-su7", "SELLS_ON", "p-tmall", "art-zh", "小米SU7同时在天猫上架销售。", 0.7, ""),
    ("p-jd", "PARTICIPATES_IN", "e-618", "art-zh", "京东参加了618购物节。", 0.75, ""),
    ("c-xiaomi", "COMPETES_WITH", "c-haier", "art-en",
     "Analysts say Xiaomi competes with Haier in smart home appliances.", 0.7, ""),
    ("c-haier", "SELLS_ON", "p-jd", "art-en", "Haier sells its fridges on JD.com as well.", 0.6, ""),
    ("c-walmart", "INVESTS_IN", "p-jd", "art-en",
     "Walmart invested in JD.com years ago and still holds shares.", 0.8, ""),
    ("c-evil", "PARTNERS_WITH", "p-jd", "art-xss", f"{SCRIPT} partners with JD.com on a pilot.", 0.4, ""),
]


@dataclass
class Built:
    """Where the test graph lives and what it holds."""

    path: Path
    entities: int
    relations: int


def build_graph(path: Path) -> Built:
    """Write the test graph into a fresh embedded store at ``path`` through ``apply_delta``."""
    articles = [ArticleRecord(id=i, title=t, lang=lg, date=d, text=txt, source="fixture",
                              url="javascript:alert(1)" if i == "art-xss" else f"https://example.com/{i}")
                for i, (t, lg, d, txt) in ARTICLES.items()]
    entities = [EntityRecord(id=i, name=n, label=lb, aliases=[a for a, _ in al],
                             alias_langs=[lg for _, lg in al], keys=[norm_key(a) for a, _ in al], origin=o)
                for i, (n, lb, al, o) in ENTITIES.items()]
    relations = []
    for s, t, o, art, sentence, conf, role in RELATIONS:
        text = ARTICLES[art][3]
        start = text.index(sentence)
        ev = EvidenceRecord(article=art, sentence=sentence, lang=ARTICLES[art][1], start=start,
                            end=start + len(sentence), confidence=conf)
        s, t, o = canonical_key(s, t, o)  # symmetric types are stored smaller id first
        relations.append(RelationRecord(source=s, type=t, target=o, evidence=[ev], role=role))
    store = EmbeddedStore(path)
    try:
        apply_delta(store, GraphDelta(articles=articles, entities=entities, relations=relations))
    finally:
        store.close()
    return Built(path=path, entities=len(entities), relations=len(relations))
