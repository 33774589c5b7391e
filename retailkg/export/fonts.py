"""Fonts: the East-Asian typeface written into slides and the CJK font matplotlib draws with."""

from __future__ import annotations

import glob
from functools import lru_cache

from retailkg.export.common import ExportError

# Written into every PPTX text run (``a:latin`` and ``a:ea``); PowerPoint and LibreOffice fall back
# to another installed CJK font if this one is missing.
SLIDE_LATIN_FONT = "Noto Sans"
SLIDE_EA_FONT = "Noto Sans CJK SC"

# Preferred families, best first; any family whose name contains "CJK" is accepted after these.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans SC",
                "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback",
                "AR PL UMing CN", "Noto Serif CJK SC")
FONT_GLOBS = ("/usr/share/fonts/**/*CJK*", "/usr/share/fonts/**/wqy*", "/usr/share/fonts/**/DroidSansFallback*",
              "/usr/local/share/fonts/**/*CJK*")
INSTALL_HINT = ("No CJK font found for PNG/SVG export (Chinese names would render as boxes). "
                "Install one, e.g. 'apt-get install fonts-noto-cjk', then retry.")

TEST_STRING = "小米阿里巴巴"


def _covers(path: str, text: str = TEST_STRING) -> bool:
    """True if the font file has glyphs for every character of ``text``."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(path)
        return all(font.get_char_index(ord(ch)) for ch in text)
    except (OSError, RuntimeError):
        return False


@lru_cache(maxsize=1)
def cjk_font_family() -> str:
    """Name of a matplotlib-usable font family with Chinese glyphs; ``ExportError`` if none."""
    from matplotlib import font_manager

    def candidates() -> list:
        entries = font_manager.fontManager.ttflist
        ranked = [e for fam in CJK_FAMILIES for e in entries if e.name == fam]
        ranked += [e for e in entries if "CJK" in e.name and e not in ranked]
        return ranked

    for entry in candidates():
        if _covers(entry.fname):
            return entry.name
    # The font cache may predate the font install: register font files found on disk.
    for pattern in FONT_GLOBS:
        for path in sorted(glob.glob(pattern, recursive=True)):
            if path.lower().endswith((".ttf", ".otf", ".ttc")) and _covers(path):
                font_manager.fontManager.addfont(path)
    for entry in candidates():
        if _covers(entry.fname):
            return entry.name
    raise ExportError(INSTALL_HINT)
