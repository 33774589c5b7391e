"""clean: boilerplate paragraphs go, content stays."""

from retailkg.ingest.clean import clean
from retailkg.ingest.document import Document

BODY = ("JD.com reported strong sales during the 618 festival this year, and its founder said the "
        "logistics network handled record volumes without delays across the country.")


def run(raw: str, path: str = "a.txt") -> Document:
    return clean(Document(raw=raw, path=path))


def test_metadata_navigation_and_disclaimers_removed():
    raw = "\n".join([
        "Source: Example Wire", "Author: Someone", "责任编辑：张三", BODY,
        "<<: Previous story about Lenovo", "Next: Haier opens a store",
        "This article does not represent the views of this site.",
        "免责声明：本文不代表本站观点。",
    ])
    doc = run(raw)
    assert doc.text == BODY
    assert len(doc.removed) == 7


def test_related_list_after_header_is_removed_but_long_content_after_it_stays():
    long_par = "Meanwhile " + BODY + " " + BODY
    raw = "\n".join([BODY, "Related articles", "Lenovo launches a phone", "Teaser about Haier...", long_par])
    doc = run(raw)
    assert "Lenovo" not in doc.text and "Haier" not in doc.text
    assert long_par in doc.text


def test_markdown_markup_is_stripped():
    doc = run("# Title about Xiaomi\n\n**Xiaomi** sells on [Tmall](https://tmall.com).", "a.md")
    assert "Xiaomi sells on Tmall." in doc.text
    assert "#" not in doc.text and "](" not in doc.text


def test_content_is_never_lost():
    pars = [BODY, "小米在天猫开设了官方旗舰店，销量领先。", "Xiaomi ha venduto 1 milione di telefoni su Tmall."]
    assert run("\n\n".join(pars)).text == "\n\n".join(pars)
