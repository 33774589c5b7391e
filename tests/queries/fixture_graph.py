"""A small but rich fixture graph of Chinese tech retail for the query tests.

The facts are written for these tests (not taken from the corpus). The graph goes in through
``merge.apply_delta``, one delta per article, as the ingest pipeline would write it.
"""

from __future__ import annotations

from retailkg.graph.merge import apply_delta
from retailkg.graph.records import ArticleRecord, EntityRecord, EvidenceRecord, GraphDelta, RelationRecord
from retailkg.graph.schema import canonical_key
from retailkg.graph.store import GraphStore
from retailkg.graph.subgraph import norm_key

# id: (label, name, [(alias, lang), ...])
ENTITIES: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "xiaomi": ("Company", "Xiaomi", [("小米", "zh"), ("millet", "en"), ("小米集团", "zh"),
                                     ("Xiaomi Corp.", "en"), ("Xiaomi Technologie", "de")]),
    "huawei": ("Company", "Huawei", [("华为", "zh"), ("華為", "zh")]),
    "apple": ("Company", "Apple", [("苹果", "zh"), ("Apple Inc.", "en")]),
    "oppo": ("Company", "OPPO", [("欧珀", "zh")]),
    "vivo": ("Company", "vivo", [("维沃", "zh")]),
    "alibaba": ("Company", "Alibaba Group", [("阿里巴巴", "zh"), ("Alibaba", "en"), ("阿里", "zh")]),
    "ant_group": ("Company", "Ant Group", [("蚂蚁集团", "zh"), ("Ant Financial", "en")]),
    "jd": ("Company", "JD.com", [("京东", "zh"), ("Jingdong", "en")]),
    "tencent": ("Company", "Tencent", [("腾讯", "zh")]),
    "pdd_holdings": ("Company", "PDD Holdings", [("拼多多控股", "zh")]),
    "meituan": ("Company", "Meituan", [("美团", "zh")]),
    "bytedance": ("Company", "ByteDance", [("字节跳动", "zh")]),
    "mobike": ("Company", "Mobike", [("摩拜单车", "zh")]),
    "alipay": ("Platform", "Alipay", [("支付宝", "zh")]),
    "tmall": ("Platform", "Tmall", [("天猫", "zh"), ("T-Mall", "en")]),
    "taobao": ("Platform", "Taobao", [("淘宝", "zh")]),
    "jd_mall": ("Platform", "JD Mall", [("京东商城", "zh")]),
    "pinduoduo": ("Platform", "Pinduoduo", [("拼多多", "zh")]),
    "douyin": ("Platform", "Douyin", [("抖音", "zh")]),
    "eleme": ("Platform", "Ele.me", [("饿了么", "zh")]),
    "xiaomi_14": ("Product", "Xiaomi 14", [("小米14", "zh")]),
    "mate_60": ("Product", "Mate 60", [("华为Mate 60", "zh")]),
    "iphone_15": ("Product", "iPhone 15", [("苹果15", "zh")]),
    "lei_jun": ("Person", "Lei Jun", [("雷军", "zh")]),
    "lu_weibing": ("Person", "Lu Weibing", [("卢伟冰", "zh")]),
    "ren_zhengfei": ("Person", "Ren Zhengfei", [("任正非", "zh")]),
    "eddie_wu": ("Person", "Eddie Wu", [("吴泳铭", "zh")]),
    "double_11": ("Event", "Singles' Day", [("双十一", "zh"), ("Double 11", "en"), ("双11", "zh")]),
    "fest_618": ("Event", "618 Shopping Festival", [("618购物节", "zh"), ("618", "en")]),
    "hillhouse": ("Organization", "Hillhouse Capital", [("高瓴资本", "zh")]),
    "sequoia_china": ("Organization", "HongShan", [("红杉中国", "zh"), ("Sequoia China", "en")]),
    "samr": ("Organization", "SAMR", [("国家市场监督管理总局", "zh")]),
}

# article id: (date, lang, title)
ARTICLES: dict[str, tuple[str, str, str]] = {
    "art01": ("2023-10-30", "zh", "手机厂商备战双十一"),
    "art02": ("2023-11-02", "en", "Smartphone makers square off before Singles' Day"),
    "art03": ("2023-09-05", "en", "Huawei returns with a new flagship"),
    "art04": ("2022-06-10", "zh", "国产手机品牌线上渠道调查"),
    "art05": ("2021-06-18", "zh", "京东618：战略合作与品牌专场"),
    "art06": ("2022-11-12", "en", "Tmall wraps up another Singles' Day"),
    "art07": ("2020-08-20", "zh", "拼多多的股东与品牌"),
    "art08": ("2020-10-26", "en", "Ant Group and its parent ahead of the listing"),
    "art09": ("2018-04-02", "zh", "阿里巴巴全资收购饿了么"),
    "art10": ("2019-03-14", "de", "ByteDance und seine Geldgeber"),
    "art11": ("2014-03-10", "en", "Tencent takes a stake in JD.com"),
    "art12": ("2018-04-04", "zh", "美团收购摩拜单车"),
}

# (source, type, target, [(article, lang)], role)
RELATIONS: list[tuple[str, str, str, list[tuple[str, str]], str]] = [
    ("xiaomi", "COMPETES_WITH", "huawei", [("art01", "zh"), ("art02", "en")], ""),
    ("xiaomi", "COMPETES_WITH", "apple", [("art02", "en")], ""),
    ("huawei", "COMPETES_WITH", "apple", [("art03", "en")], ""),
    ("oppo", "COMPETES_WITH", "vivo", [("art04", "zh")], ""),
    ("oppo", "COMPETES_WITH", "xiaomi", [("art04", "zh")], ""),
    ("xiaomi_14", "COMPETES_WITH", "iphone_15", [("art02", "en")], ""),
    ("mate_60", "COMPETES_WITH", "iphone_15", [("art03", "en")], ""),
    ("xiaomi", "SELLS_ON", "tmall", [("art01", "zh"), ("art04", "zh")], ""),
    ("xiaomi", "SELLS_ON", "jd_mall", [("art05", "zh")], ""),
    ("huawei", "SELLS_ON", "jd_mall", [("art03", "en")], ""),
    ("oppo", "SELLS_ON", "tmall", [("art04", "zh")], ""),
    ("vivo", "SELLS_ON", "tmall", [("art04", "zh")], ""),
    ("apple", "SELLS_ON", "tmall", [("art06", "en")], ""),
    ("apple", "SELLS_ON", "pinduoduo", [("art07", "zh")], ""),
    ("apple", "SELLS_ON", "jd_mall", [("art05", "zh")], ""),
    ("xiaomi_14", "SELLS_ON", "douyin", [("art01", "zh")], ""),
    ("alibaba", "OWNS", "ant_group", [("art08", "en")], ""),
    ("ant_group", "OWNS", "alipay", [("art08", "en"), ("art09", "zh")], ""),
    ("alibaba", "OWNS", "tmall", [("art06", "en"), ("art08", "en")], ""),
    ("alibaba", "OWNS", "taobao", [("art09", "zh")], ""),
    ("alibaba", "OWNS", "eleme", [("art09", "zh")], ""),
    ("jd", "OWNS", "jd_mall", [("art05", "zh")], ""),
    ("pdd_holdings", "OWNS", "pinduoduo", [("art07", "zh")], ""),
    ("bytedance", "OWNS", "douyin", [("art10", "de")], ""),
    ("meituan", "OWNS", "mobike", [("art12", "zh")], ""),
    ("tencent", "INVESTS_IN", "jd", [("art05", "zh"), ("art11", "en")], ""),
    ("tencent", "INVESTS_IN", "pdd_holdings", [("art07", "zh")], ""),
    ("tencent", "INVESTS_IN", "meituan", [("art12", "zh")], ""),
    ("hillhouse", "INVESTS_IN", "jd", [("art11", "en")], ""),
    ("sequoia_china", "INVESTS_IN", "pdd_holdings", [("art07", "zh")], ""),
    ("sequoia_china", "INVESTS_IN", "bytedance", [("art10", "de")], ""),
    ("lei_jun", "INVESTS_IN", "xiaomi", [("art01", "zh")], ""),
    ("alibaba", "ACQUIRES", "eleme", [("art09", "zh")], ""),
    ("meituan", "ACQUIRES", "mobike", [("art12", "zh")], ""),
    ("tencent", "ACQUIRES", "jd_mall", [("art11", "en")], ""),
    ("xiaomi", "PRODUCES", "xiaomi_14", [("art01", "zh"), ("art02", "en")], ""),
    ("huawei", "PRODUCES", "mate_60", [("art03", "en")], ""),
    ("apple", "PRODUCES", "iphone_15", [("art02", "en")], ""),
    ("xiaomi", "PARTNERS_WITH", "jd", [("art05", "zh")], ""),
    ("tencent", "PARTNERS_WITH", "meituan", [("art12", "zh")], ""),
    ("tencent", "PARTNERS_WITH", "jd", [("art11", "en"), ("art05", "zh")], ""),
    ("lei_jun", "WORKS_AT", "xiaomi", [("art01", "zh"), ("art02", "en")], "founder and CEO"),
    ("lu_weibing", "WORKS_AT", "xiaomi", [("art01", "zh")], "president"),
    ("ren_zhengfei", "WORKS_AT", "huawei", [("art03", "en")], "founder"),
    ("eddie_wu", "WORKS_AT", "alibaba", [("art06", "en")], "CEO"),
    ("tmall", "PARTICIPATES_IN", "double_11", [("art06", "en"), ("art01", "zh")], ""),
    ("alibaba", "PARTICIPATES_IN", "double_11", [("art06", "en")], ""),
    ("xiaomi", "PARTICIPATES_IN", "double_11", [("art01", "zh")], ""),
    ("jd", "PARTICIPATES_IN", "fest_618", [("art05", "zh")], ""),
    ("jd_mall", "PARTICIPATES_IN", "fest_618", [("art05", "zh")], ""),
    ("xiaomi", "PARTICIPATES_IN", "fest_618", [("art05", "zh")], ""),
    ("samr", "PARTICIPATES_IN", "double_11", [("art06", "en")], ""),
]


def entity(eid: str) -> EntityRecord:
    label, name, aliases = ENTITIES[eid]
    forms = [(name, "en")] + aliases
    return EntityRecord(id=eid, name=name, label=label, aliases=[a for a, _ in forms],
                        alias_langs=[lg for _, lg in forms],
                        keys=list(dict.fromkeys(norm_key(a) for a, _ in forms)), origin="kb")


def sentence(source: str, rtype: str, target: str, lang: str) -> str:
    s, t = ENTITIES[source][1], ENTITIES[target][1]
    if lang == "zh":
        s, t = ENTITIES[source][2][0][0], ENTITIES[target][2][0][0]
        return f"{s}与{t}：{rtype.lower()}。"
    if lang == "de":
        return f"Laut Bericht gilt {s} {rtype.lower()} {t}."
    return f"Reportedly {s} {rtype.lower().replace('_', ' ')} {t}."


def fixture_deltas() -> list[GraphDelta]:
    """One delta per article: the article, its entities and the relations it states."""
    deltas = []
    for aid, (date, lang, title) in ARTICLES.items():
        relations, ids, offset = [], set(), 0
        sentences = []
        for source, rtype, target, evidence, role in RELATIONS:
            for art, ev_lang in evidence:
                if art != aid:
                    continue
                text = sentence(source, rtype, target, ev_lang)
                sentences.append(text)
                s, _, t = canonical_key(source, rtype, target)
                relations.append(RelationRecord(s, rtype, t, [EvidenceRecord(
                    aid, text, ev_lang, offset, offset + len(text), 0.6 if ev_lang == "zh" else 0.5)], role))
                offset += len(text) + 1
                ids.update((source, target))
        body = " ".join(sentences)
        article = ArticleRecord(id=aid, text=f"{title}\n\n{body}", title=title, url=f"https://example.test/{aid}",
                                date=date, source="fixture", lang=lang, path=f"fixture/{aid}.txt")
        deltas.append(GraphDelta([article], [entity(i) for i in sorted(ids)], relations))
    # an entity no article relates (still found by lookup and label queries)
    deltas.append(GraphDelta([ArticleRecord(id="art00", text="SAMR", title="SAMR notice", date="2024-01-01",
                                            source="fixture", lang="en")], [entity("samr")], []))
    return deltas


def load_fixture(store: GraphStore) -> GraphStore:
    store.clear()
    for delta in fixture_deltas():
        apply_delta(store, delta)
    return store
