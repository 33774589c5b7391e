"""The document that flows through the pipeline steps."""

from __future__ import annotations

from dataclasses import dataclass, field

from retailkg.graph.records import EntityRecord, RelationRecord


@dataclass
class Sentence:
    """A sentence: offsets into ``Document.text`` and its paragraph's language."""

    start: int
    end: int
    lang: str
    paragraph: int


@dataclass
class Mention:
    """A span of text that names an entity (resolved to ``entity_id`` by ``resolve``)."""

    start: int
    end: int
    surface: str
    label: str
    key: str  # knowledge-base id ("kb:...") or normalised discovered name
    origin: str  # "kb" or "text"
    sentence: int = -1
    entity_id: str = ""
    role: str = ""  # a role title next to a person ("CEO", "创始人")
    name: str = ""  # for a short form of a discovered name: the full name it stands for
    maker: str = ""  # for a discovered model ("Xpeng G3"): the maker's entity id


@dataclass
class Document:
    """One article on its way through the pipeline."""

    raw: str
    path: str = ""
    title: str = ""
    url: str = ""
    date: str = ""
    source: str = ""
    lang_hint: str = ""
    is_html: bool = False
    text: str = ""
    removed: list[str] = field(default_factory=list)  # boilerplate paragraphs dropped
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    paragraph_langs: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    relations: list[RelationRecord] = field(default_factory=list)

    @property
    def lang(self) -> str:
        """The article's main language (most characters)."""
        weight: dict[str, int] = {}
        for (s, e), lang in zip(self.paragraphs, self.paragraph_langs):
            weight[lang] = weight.get(lang, 0) + (e - s)
        return max(weight, key=weight.get) if weight else (self.lang_hint or "")

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.text[s.start:s.end]
