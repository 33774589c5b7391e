"""PNG and SVG export: Chinese drawn with a CJK font, SVG text kept as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import pytest
from export_fixtures import XSS_NAME, have_cjk_font, require, synthetic
from PIL import Image, ImageStat

from retailkg.export import export_subgraph
from retailkg.export.fonts import _covers


@pytest.fixture(autouse=True)
def _font():
    require(have_cjk_font(), "no CJK font for matplotlib")


def test_png_is_not_blank(graph, tmp_path):
    path = export_subgraph(graph, "png", tmp_path / "g.png", title="小米")
    with Image.open(path) as img:
        assert img.format == "PNG" and img.width >= 1600
        assert ImageStat.Stat(img.convert("L")).var[0] > 100
        colours = {c for _, c in img.convert("RGB").getcolors(1 << 22)}
        assert (0x1F, 0x77, 0xB4) in colours  # a Company box


def test_svg_keeps_cjk_text_as_text(graph, tmp_path):
    path = export_subgraph(graph, "svg", tmp_path / "g.svg", title="测试标题")
    text = Path(path).read_text(encoding="utf-8")
    root = ET.fromstring(text)  # well-formed even with the markup-like name
    words = "".join(root.itertext())
    for name in ("小米", "阿里巴巴", "京东", "618购物节", "测试标题", XSS_NAME):
        assert name in words
    assert "CJK" in text  # the font family written for the text
    assert "<img src=x" not in text  # escaped in the XML


def test_chosen_font_has_the_glyphs_and_the_check_can_fail():
    from matplotlib import font_manager

    from retailkg.export.fonts import cjk_font_family

    family = cjk_font_family()
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert _covers(path, "小米阿里巴巴京东")
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    assert _covers(str(dejavu), "Xiaomi") and not _covers(str(dejavu), "小米")


def test_large_graph_image(tmp_path):
    path = export_subgraph(synthetic(250), "png", tmp_path / "big.png")
    with Image.open(path) as img:
        assert ImageStat.Stat(img.convert("L")).var[0] > 100
