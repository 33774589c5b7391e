"""English and Chinese trigger patterns, on sentences written for these tests."""

import pytest

from retailkg.ingest.document import Document
from retailkg.ingest.pipeline import process
from retailkg.ingest.resolve import Resolver

CASES = [
    ("Alibaba Group Holding Ltd. agreed to buy Sun Art Retail Group for $3.6 billion.",
     {("alibaba", "ACQUIRES", "sun-art-retail")}),
    ("JD.com, backed by Tencent Holdings, plans to spin off its logistics unit.",
     {("tencent", "INVESTS_IN", "jd-com")}),
    ("Meituan, the food delivery giant backed by Tencent, reported a profit.",
     {("tencent", "INVESTS_IN", "meituan")}),
    ("Xiaomi CEO Lei Jun said the company would spend heavily on chips.", {("lei-jun", "WORKS_AT", "xiaomi")}),
    ("Tencent-backed Pinduoduo reported strong growth.", {("tencent", "INVESTS_IN", "pinduoduo")}),
    ("Alibaba-owned Ele.me cut prices.", {("alibaba", "OWNS", "ele-me")}),
    ("Ant Group, an affiliate of Alibaba, halted its listing.", {("alibaba", "OWNS", "ant-group")}),
    ("Temu, the shopping app owned by PDD Holdings, expanded into Europe.", {("pinduoduo", "OWNS", "temu")}),
    ("Geely Automobile bought a 9.7% stake in Daimler in 2018.", {("geely", "INVESTS_IN", "daimler")}),
    ("Lenovo acquired IBM's PC business in 2005.", set()),
    ("Kuaishou and ByteDance's Douyin fight for shoppers.", {("bytedance", "OWNS", "douyin")}),
    ("Jack Ma, who co-founded Alibaba in 1999, stepped back in 2019.", {("jack-ma", "WORKS_AT", "alibaba")}),
    ("Pony Ma, Tencent's chairman, spoke at the event.", {("pony-ma", "WORKS_AT", "tencent")}),
    ("Haier announced a partnership with JD.com to sell appliances online.", {("haier", "PARTNERS_WITH", "jd-com")}),
    ("NIO has not partnered with Xiaomi, a spokesperson said.", set()),
    ("JD.com denied reports that it would acquire Vipshop.", set()),
    ("Xiaomi sells its phones through Lazada in Southeast Asia.", {("xiaomi", "SELLS_ON", "lazada")}),
    ("Xpeng, in which Volkswagen invested $700 million, will build two models.",
     {("volkswagen", "INVESTS_IN", "xpeng")}),
    ("OpenAI confirmed the model. Sam Altman, CEO of the company, said it needs more money from its "
     "long-term partner Microsoft.", {("sam-altman", "WORKS_AT", "openai"), ("microsoft", "PARTNERS_WITH", "openai")}),
    ("NEVS, a Swedish carmaker controlled by Evergrande, acquired Saab in 2012.",
     {("evergrande-group", "OWNS", "nevs"), ("nevs", "ACQUIRES", "saab-automobile")}),
    ("Walmart sold Yihaodian to JD.com in 2016.", {("jd-com", "ACQUIRES", "yihaodian")}),
    ("阿里巴巴集团旗下的菜鸟网络宣布与顺丰合作。",
     {("alibaba", "OWNS", "cainiao"), ("cainiao", "PARTNERS_WITH", "sf-express")}),
    ("小米董事长雷军出席了世界互联网大会。",
     {("lei-jun", "WORKS_AT", "xiaomi"), ("lei-jun", "PARTICIPATES_IN", "world-internet-conference")}),
    ("比亚迪超越特斯拉，成为全球最大的新能源汽车制造商。", {("byd", "COMPETES_WITH", "tesla")}),
    ("沃尔玛将1号店出售给京东。", {("jd-com", "ACQUIRES", "yihaodian")}),
    ("京东由刘强东于1998年在北京创立。", {("richard-liu", "WORKS_AT", "jd-com")}),
    ("长城汽车随即否认了与小米合作造车的传闻。", set()),
    ("雷军是小米的创始人，现任小米集团董事长兼首席执行官。", {("lei-jun", "WORKS_AT", "xiaomi")}),
    ("腾讯是拼多多的第二大股东。", {("tencent", "INVESTS_IN", "pinduoduo")}),
    ("字节跳动旗下的抖音电商发展迅速。", {("bytedance", "OWNS", "douyin-e-commerce")}),
    ("比亚迪与丰田成立了合资公司。", {("byd", "PARTNERS_WITH", "toyota")}),
    ("拼多多旗下跨境电商平台Temu进入欧洲市场。", {("pinduoduo", "OWNS", "temu")}),
    ("腾讯投资的蔚来汽车发布新车。", {("tencent", "INVESTS_IN", "nio")}),
    ("网易并未投资小红书，相关报道不实。", set()),
    ("王传福担任比亚迪董事长兼总裁。", {("wang-chuanfu", "WORKS_AT", "byd")}),
    ("Xiaomi sold 2 million phones on Tmall during Double 11.",
     {("xiaomi", "SELLS_ON", "tmall"), ("xiaomi", "PARTICIPATES_IN", "double-11"),
      ("tmall", "PARTICIPATES_IN", "double-11")}),
    ("Compared with rivals such as Huawei, Xiaomi cut prices.", {("huawei", "COMPETES_WITH", "xiaomi")}),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_sentence(text, expected):
    delta = process(Document(raw=text, path="t.txt"), Resolver())
    found = {(r.source, r.type, r.target) for r in delta.relations}
    assert found == expected


def test_role_is_recorded():
    delta = process(Document(raw="Lei Jun, founder of Xiaomi, spoke.", path="t.txt"), Resolver())
    assert [r.role for r in delta.relations if r.type == "WORKS_AT"] == ["founder"]
