"""File-name slugs for new files: short, readable pinyin like the sample site's.

Used by `gonghui new` and by the reference check, which says which file a name would get."""

from __future__ import annotations

import logging
import re

from .slugs import pinyin_slug

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # as load.fields.SLUG_RE (text may not import load)

MAX_SYLLABLES = 8
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "长孙", "夏侯", "司徒", "端木")


def _words(text: str) -> list[str]:
    """Chinese words (jieba segmentation); pinyin is joined per word."""
    import jieba  # imported here: only `new` needs it, and it loads a dictionary

    jieba.setLogLevel(logging.WARNING)
    return [w for w in jieba.lcut(text) if any(ch.isalnum() for ch in w)]


def title_slug(title: str, limit: int = MAX_SYLLABLES) -> str:
    """建会小分队登门… → jianhui-xiaofendui-dengmen: whole words, up to `limit` syllables.

    Returns '' when the title has nothing to spell (only punctuation).
    """
    if SLUG_RE.match(title.strip()):
        return title.strip()
    parts: list[str] = []
    used = 0
    for word in _words(title):
        syllables = pinyin_slug(word).split("-")
        if parts and used + len(syllables) > limit:
            break
        parts.append("".join(syllables[:limit]))
        used += len(syllables)
    return "-".join(p for p in parts if p)


def person_slug(name: str) -> str:
    """陈世元 → chen-shiyuan, 欧阳海 → ouyang-hai: surname, then the given name joined."""
    name = name.strip()
    if SLUG_RE.match(name):
        return name
    cjk = all("\u4e00" <= ch <= "\u9fff" for ch in name)
    if not cjk or not 2 <= len(name) <= 4:
        return title_slug(name)
    split = 2 if name.startswith(COMPOUND_SURNAMES) and len(name) > 2 else 1
    surname, given = name[:split], name[split:]
    return f"{pinyin_slug(surname, '')}-{pinyin_slug(given, '')}"
