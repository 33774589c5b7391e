"""decode: encodings, binaries, HTML."""

import codecs

import pytest

from retailkg.ingest.decode import DecodeError, decode_bytes, html_to_text

TEXT = "小米集团在天猫开设旗舰店，雷军表示销量创新高。"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "gbk", "big5", "utf-16"])
def test_chinese_encodings_round_trip(encoding):
    text = TEXT if encoding != "big5" else "騰訊與阿里巴巴在電子商務領域競爭激烈，京東也不甘示弱。"
    data = text.encode(encoding)
    decoded, _ = decode_bytes(data * 3)
    assert text in decoded


def test_utf8_bom_is_removed():
    decoded, enc = decode_bytes(codecs.BOM_UTF8 + b"Xiaomi sells on Tmall.")
    assert decoded == "Xiaomi sells on Tmall."
    assert enc == "utf-8-sig"


@pytest.mark.parametrize("data,word", [
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
    (b"PK\x03\x04" + bytes(100), "ZIP"),
    (b"%PDF-1.7\n" + bytes(100), "PDF"),
    (b"", "empty"),
    (b"   \n\n", "empty"),
])
def test_binary_and_empty_are_refused_with_a_reason(data, word):
    with pytest.raises(DecodeError, match=word):
        decode_bytes(data)


def test_html_loses_scripts_and_keeps_the_article():
    html = ("<html><head><title>T</title><script>var evil = 'Baidu';</script><style>p{}</style></head>"
            "<body><nav>Home | News</nav><article><p>" + "Pinduoduo competes with Alibaba in e-commerce. " * 5
            + "</p></article><footer>Copyright</footer></body></html>")
    text, _title = html_to_text(html)
    assert "Pinduoduo competes with Alibaba" in text
    assert "evil" not in text
