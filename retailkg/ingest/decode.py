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
    text, enc = _decode(data)
    if not text.strip():  # a byte-order mark alone, or separators that only str.strip() knows
        raise DecodeError("empty file")
    return text, enc


def _decode(data: bytes) -> tuple[str, str]:
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
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    enc = _legacy_encoding(data)  # GBK and GB2312 become GB18030, their superset
    if enc is None:
        raise DecodeError("unknown text encoding (not UTF-8, GB18030, Big5, …)")
    text = data.decode(enc, errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 20):
        raise DecodeError(f"mostly undecodable bytes (best guess {enc})")
    return text, enc


def _legacy_encoding(data: bytes) -> str | None:
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return None
    return "gb18030" if best.encoding in ("gb2312", "gbk") else best.encoding


def _decode_mixed(data: bytes) -> tuple[str, str] | None:
    """A file pasted together from UTF-8 and legacy-encoded (GBK, Big5, …) lines.

    Used only when some line is non-ASCII UTF-8: each UTF-8 line stays UTF-8 and the other
    lines are decoded, strictly, with the encoding detected on them alone.
    """
    lines = data.splitlines(keepends=True)
    utf8_non_ascii = False
    bad: list[int] = []
    out: list[str | None] = []
    for i, line in enumerate(lines):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(i)
            out.append(None)
            continue
        utf8_non_ascii = utf8_non_ascii or not line.isascii()
        out.append(text)
    if not utf8_non_ascii or not bad:
        return None
    rest = b"".join(lines[i] for i in bad)
    for enc in dict.fromkeys([_legacy_encoding(rest), "gb18030", "big5"]):
        if enc is None:
            continue
        try:
            for i in bad:
                out[i] = lines[i].decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        return "".join(t or "" for t in out), f"utf-8+{enc}"
    return None


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
