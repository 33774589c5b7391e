"""Property tests: the ingest steps never raise on any input and keep their invariants."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, assume, example, given, settings, target
from hypothesis import strategies as st

from retailkg.graph.ontology import load_ontology
from retailkg.ingest.clean import clean
from retailkg.ingest.decode import DecodeError, decode_bytes
from retailkg.ingest.document import Document
from retailkg.ingest.kb import load_kb
from retailkg.ingest.language import language
from retailkg.ingest.pipeline import process
from retailkg.ingest.resolve import Resolver
from retailkg.ingest.segment import segment

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def _kb_names() -> list[str]:
    kb = load_kb()
    names = sorted({a for e in kb.entities.values() for a in e.aliases})
    return names[::max(1, len(names) // 400)]  # a spread of ~400 aliases in every script


PUNCT = st.sampled_from(list(".,;:!?。，、；：！？…—-–\"'“”‘’()（）「」《》[]\n\n\t \u3000\u200b\ufeff\r"))
WORDS = st.sampled_from([
    "said", "acquired", "invested in", "founded", "CEO", "chairman", "partnered with", "sells on",
    "收购", "投资", "创始人", "合作", "旗下", "董事长", "gegründet", "übernimmt", "a acquis", "ha comprato",
    "not", "denied", "否认", "Co., Ltd.", "Inc.", "Group", "Technology", "Mr.", "U.S.", "e.g.", "618",
])


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Unicode noise mixed with KB names, relation triggers, punctuation and CJK."""
    parts = draw(st.lists(st.one_of(
        st.text(max_size=30),
        st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=20),
        st.sampled_from(_kb_names()),
        WORDS,
        PUNCT,
    ), max_size=40))
    seps = draw(st.lists(st.sampled_from(["", " ", "\n", "\n\n", "。", ". "]), min_size=len(parts),
                         max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps))


@FAST
@given(st.binary(max_size=2000))
def test_decode_returns_text_or_decode_error(data: bytes) -> None:
    try:
        text, enc = decode_bytes(data)
    except DecodeError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and text.strip() and enc


@FAST
@given(st.text(max_size=500), st.sampled_from(["utf-8", "gb18030", "big5", "utf-16", "utf-8-sig"]))
def test_decode_roundtrips_what_it_can(text: str, enc: str) -> None:
    try:
        data = text.encode(enc)
    except UnicodeEncodeError:
        assume(False)
    try:
        out, _ = decode_bytes(data)
    except DecodeError:
        return
    if enc in ("utf-8", "utf-8-sig", "utf-16"):
        assert out.lstrip("\ufeff") == text.lstrip("\ufeff")


@FAST
@given(texts(), st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_clean_segment_language_never_raise(text: str, path: str) -> None:
    doc = language(segment(clean(Document(raw=text, path=path))))
    n = len(doc.text)
    last_end = 0
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= n
        assert s.start >= last_end, "sentences overlap or go backwards"
        last_end = s.end
        ps, pe = doc.paragraphs[s.paragraph]
        assert ps <= s.start and s.end <= pe
        assert doc.text[s.start:s.end].strip() == doc.text[s.start:s.end]
        assert s.lang
    for ps, pe in doc.paragraphs:
        assert 0 <= ps < pe <= n
    assert len(doc.paragraph_langs) == len(doc.paragraphs)


@SLOW
@given(texts(), st.sampled_from(["x.txt", "x.md"]))
@example("Tencent invested in JD.com in 2014. Pony Ma, the founder of Tencent, said so.", "x.txt")
@example("# 腾讯\n\n**腾讯**投资了京东。  马化腾是腾讯的创始人。\r\n> 京东与腾讯合作。", "x.md")
def test_process_never_raises_and_evidence_is_exact(text: str, path: str) -> None:
    onto = load_ontology()
    doc = clean(Document(raw=text, path=path))
    cleaned = doc.text
    delta = process(Document(raw=text, path=path), Resolver())
    labels = {e.id: e.label for e in delta.entities}
    ids = set(labels)
    for rel in delta.relations:
        assert rel.source in ids and rel.target in ids, rel.key
        assert onto.is_valid(rel.type, labels[rel.source], labels[rel.target]), rel.key
        assert rel.evidence
        for ev in rel.evidence:
            assert 0 <= ev.start < ev.end <= len(cleaned)
            assert ev.sentence == cleaned[ev.start:ev.end]
            assert 0 < ev.confidence <= 1
            assert ev.article == delta.articles[0].id
    assert delta.articles[0].text == cleaned
    target(float(len(delta.relations)), label="relations")  # steer towards texts with relations
