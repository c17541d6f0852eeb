"""Fonts for real column names: CJK glyphs through matplotlib's font fallback.

Yearbook columns are naturally named in Chinese; matplotlib's default DejaVu Sans has no CJK
glyphs and draws them as empty boxes. Where a CJK font is installed (Debian: the package
``fonts-noto-cjk``), it is added behind the default family in ``font.family``, so matplotlib
(3.6+) takes each glyph from the first family that has it. Written by hand because
matplotlib's font cache does not see fonts installed after it was built, and seaborn's theme
does not choose fonts by script.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

#: Han, kana, hangul and CJK punctuation / compatibility ranges
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
#: file-name stems of common CJK fonts, the Debian fonts-noto-cjk family first
_CJK_FILES = ("NotoSansCJK", "NotoSerifCJK", "SourceHanSans", "wqy-zenhei", "wqy-microhei", "DroidSansFallback")
INSTALL_HINT = "install a CJK font (Debian: apt-get install fonts-noto-cjk)"


def has_cjk(text: str) -> bool:
    """True when ``text`` contains a Chinese, Japanese or Korean character."""
    return bool(_CJK.search(text))


@cache
def cjk_family() -> str | None:
    """Family name of an installed CJK font, registered with matplotlib; None if there is none."""
    from matplotlib import font_manager

    for path in sorted(font_manager.findSystemFonts(), key=lambda p: _rank(Path(p).name)):
        if _rank(Path(path).name) == len(_CJK_FILES):
            break
        try:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):  # an unreadable font file: try the next
            continue
    return None


def _rank(filename: str) -> int:
    return next((i for i, stem in enumerate(_CJK_FILES) if filename.startswith(stem)), len(_CJK_FILES))


def use_cjk_fallback() -> str | None:
    """Put the installed CJK font (if any) behind the default sans-serif font; return its name."""
    import matplotlib as mpl

    family = cjk_family()
    if family is not None and family not in mpl.rcParams["font.family"]:
        # a second entry of font.family, not of font.sans-serif: matplotlib 3.11 falls back
        # across the families listed in font.family only
        mpl.rcParams["font.family"] = [*mpl.rcParams["font.family"], family]
    return family


def missing_font_warning(names: list[str]) -> str | None:
    """One line for the run's log when some name needs CJK glyphs and no CJK font exists."""
    cjk = [n for n in names if has_cjk(n)]
    if not cjk or cjk_family() is not None:
        return None
    return (f"warning: no CJK font is installed, so the names {', '.join(cjk)} will draw as empty boxes "
            f"in the figures; {INSTALL_HINT}")
