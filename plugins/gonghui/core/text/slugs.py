"""ASCII slugs from Chinese text: pinyin for URLs, tags and heading anchors."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from slugify import slugify


@lru_cache(maxsize=4096)
def pinyin_slug(text: str, separator: str = "-") -> str:
    """仁怀市 建会 → renhuai-shi-jianhui: pinyin per word-ish unit, ASCII only.

    pypinyin handles polyphones by phrase (重庆 → chongqing); python-slugify
    folds the rest (Latin letters, digits, punctuation) to ASCII.
    """
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="default", v_to_u=False)
    return slugify(" ".join(syllables), separator=separator) or "x"


def heading_slug(value: str, separator: str = "-") -> str:
    """Markdown `toc` slugify hook: real, readable anchors for Chinese headings.

    Without it Python-Markdown reduces a Chinese heading to '' and numbers it
    `_1`, `_2`; here 进驻工作薄弱区域 becomes #jin-zhu-gong-zuo-bo-ruo-qu-yu.
    """
    return pinyin_slug(value, separator)
