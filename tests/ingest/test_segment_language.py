"""segment + language."""

from retailkg.ingest.clean import clean
from retailkg.ingest.document import Document
from retailkg.ingest.language import detect_language, language
from retailkg.ingest.segment import segment


def doc_of(raw: str) -> Document:
    return language(segment(clean(Document(raw=raw, path="a.txt"))))


def test_sentences_and_offsets():
    raw = "Xiaomi Corp. sells on Tmall. It also sells on JD.com! Does it? 小米很强。京东也很强！"
    d = doc_of(raw)
    sents = [d.text[s.start:s.end] for s in d.sentences]
    assert sents == ["Xiaomi Corp. sells on Tmall.", "It also sells on JD.com!", "Does it?",
                     "小米很强。", "京东也很强！"]


def test_language_per_paragraph():
    d = doc_of("Alibaba ha acquisito Ele.me nel 2018 per una cifra molto alta.\n\n"
               "阿里巴巴在2018年收购了饿了么。\n\nWalmart verkaufte Yihaodian im Jahr 2016 an JD.com.")
    assert d.paragraph_langs == ["it", "zh", "de"]
    assert {s.lang for s in d.sentences} == {"it", "zh", "de"}


def test_han_without_kana_is_chinese_and_kana_is_japanese():
    assert detect_language("腾讯投资了京东") == "zh"
    assert detect_language("ソニーは新しいカメラを発表した") == "ja"
