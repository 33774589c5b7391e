"""mentions + resolve: KB matching rules, discovery, one node across scripts."""

from retailkg.ingest.document import Document
from retailkg.ingest.pipeline import STEPS
from retailkg.ingest.resolve import Resolver, name_keys, resolve


def run(raw: str, resolver: Resolver | None = None) -> Document:
    doc = Document(raw=raw, path="a.txt")
    for step in STEPS:
        doc = step(doc)
    return resolve(doc, resolver or Resolver())


def ids(doc: Document) -> list[str]:
    return [m.entity_id for m in doc.mentions]


def test_scripts_and_renderings_resolve_to_one_node():
    d = run("小米 and Xiaomi and millet and 小米集團 all name one company.")
    assert set(ids(d)) == {"xiaomi"}


def test_word_boundaries_and_case_rules():
    d = run("The jdx team and the word mission do not name companies. JD.com does.")
    assert ids(d) == ["jd-com"]


def test_company_discovered_by_suffix_and_short_form_resolves():
    d = run("Zhiyuan Photonics Technology Co., Ltd. signed a deal. Later Zhiyuan grew fast.")
    found = {m.surface: m.entity_id for m in d.mentions}
    assert found["Zhiyuan"] == found["Zhiyuan Photonics Technology Co., Ltd."]
    assert d.entities[found["Zhiyuan"]].label == "Company"


def test_person_discovered_next_to_role_title():
    d = run("Huawei chairman Wenbo Qiaoxin spoke at the event.")
    assert any(m.label == "Person" and m.surface == "Wenbo Qiaoxin" for m in d.mentions)


def test_parent_and_subsidiary_stay_apart():
    d = run("Alibaba and Alibaba Cloud and Ant Group are three entities.")
    assert len(set(ids(d))) == 3


def test_person_name_order_variants():
    assert set(name_keys("Lei Jun", "Person")) == {"leijun", "junlei"}


def test_cross_article_resolution_through_the_store_index():
    r = Resolver()
    first = run("Qiantang Robotics Technology Co., Ltd. opened a plant.", r)
    second = run("Qiantang Robotics Technology Co. Ltd. hired staff.", r)
    assert set(ids(first)) == set(ids(second))


def test_chinese_company_discovered_by_suffix_and_generic_ones_ignored():
    d = run("北京车易得新能源科技有限公司的创始人表示，这家科技公司与其他互联网公司合作。")
    names = {m.surface for m in d.mentions if m.label == "Company"}
    assert names == {"北京车易得新能源科技有限公司"}


def test_name_followed_by_an_organisation_word_is_no_person():
    d = run("Fu Qiang, deputy director of the National Supercomputing Wuxi Center, spoke.")
    assert not any(m.label == "Person" and "Wuxi" in m.surface for m in d.mentions)
