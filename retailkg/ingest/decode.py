"""Bytes → text: detect the encoding, refuse binaries, turn HTML into article text."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BINARY_MAGIC = (
    (b"\x89PNG", "PNG image"), (b"PK\x03\x04", "ZIP archive"), (b"%PDF", "PDF document"),
    (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"), (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"), (b"Rar!", "RAR archive"), (b"7z\xbc\xaf", "7z archive"),
    (b"\xd0\xcf\x11\xe0", "Office document"), (b"SQLite format 3", "SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_HINT = re.compile(rb"<\s*(!doctype\s+html|html|body|article|div|p)[\s>]", re.IGNORECASE)


class DecodeError(ValueError):
    """The bytes are not readable text (the message says why)."""


def binary_kind(data: bytes) -> str | None:
    """A name for a recognised binary format, or None for text."""
    for magic, name in _BINARY_MAGIC:
        if data.startswith(magic):
            return name
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise ``DecodeError`` for binary or undecodable data."""
    if not data.strip():
        raise DecodeError("empty file")
    kind = binary_kind(data)
    if kind:
        raise DecodeError(f"binary file ({kind}), not an article")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {enc} despite its byte-order mark: {exc.reason}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data.count(b"\x00") > len(data) // 100:
        raise DecodeError("binary file (contains NUL bytes), not an article")
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise DecodeError("unknown text encoding (not UTF-8, GB18030, Big5, …)")
    enc = best.encoding
    if enc in ("gb2312", "gbk"):
        enc = "gb18030"  # superset: decodes every GBK byte sequence
    text = data.decode(enc, errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 20):
        raise DecodeError(f"mostly undecodable bytes (best guess {enc})")
    return text, enc


def looks_like_html(data: bytes | str) -> bool:
    """True if the content is an HTML page rather than plain text."""
    head = data[:4096] if isinstance(data, bytes) else data[:4096].encode("utf-8", "ignore")
    return bool(_HTML_HINT.search(head))


def html_to_text(html: str) -> tuple[str, str]:
    """Return ``(main text, title)`` of an HTML page with trafilatura; scripts and menus go."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True, deduplicate=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta and meta.title else "") or ""
    if not text.strip():
        from lxml import html as lxml_html  # trafilatura's own dependency

        try:
            tree = lxml_html.fromstring(html)
            for bad in tree.xpath("//script|//style|//noscript"):
                bad.drop_tree()
            text = "\n\n".join(p.strip() for p in tree.text_content().split("\n") if p.strip())
        except Exception:  # noqa: BLE001 - unparsable markup: keep nothing rather than crash
            text = ""
    return text, title
