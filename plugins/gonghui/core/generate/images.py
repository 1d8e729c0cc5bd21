"""Alt text for every image in an editor's page body.

Readers with screen readers hear the alt text; an image without one is announced
as a file name. Markdown's `![说明](photo.jpg)` gives alt; where an editor left it
empty, the image's caption stands in (a <figure>'s <figcaption>, else its title
attribute), else the page title. `check.markup` tells the editor which images lacked one.
"""

from __future__ import annotations

import re
from html import escape, unescape

IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT_RE = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
TITLE_RE = re.compile(r"""\stitle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
SRC_RE = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
FIGURE_RE = re.compile(r"<figure\b[^>]*>.*?</figure>", re.IGNORECASE | re.DOTALL)
CAPTION_RE = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL)
TAG_RE = re.compile(r"<[^>]+>")


def _attr(pattern: re.Pattern[str], tag: str) -> str | None:
    match = pattern.search(tag)
    if match is None:
        return None
    return unescape(next(g for g in match.groups() if g is not None))


def _text(html: str) -> str:
    return " ".join(unescape(TAG_RE.sub("", html)).split())


def fill_missing_alt(html: str, page_title: str) -> tuple[str, list[str]]:
    """Give every <img> a non-empty alt; return the new HTML and the src of each image that lacked one."""
    lacking: list[str] = []

    def fix(tag: str, caption: str) -> str:
        alt = _attr(ALT_RE, tag)
        if alt and alt.strip():
            return tag
        lacking.append(_attr(SRC_RE, tag) or "")
        text = caption or (_attr(TITLE_RE, tag) or "").strip() or f"{page_title}配图"
        without = ALT_RE.sub("", tag)
        return re.sub(r"^<img\b", f'<img alt="{escape(text)}"', without, count=1, flags=re.IGNORECASE)

    def fix_figure(match: re.Match[str]) -> str:
        block = match.group(0)
        caption_match = CAPTION_RE.search(block)
        caption = _text(caption_match.group(1)) if caption_match else ""
        return IMG_RE.sub(lambda m: fix(m.group(0), caption), block)

    # Images inside figures first (their caption is known), then the rest; fixed tags keep their alt.
    html = FIGURE_RE.sub(fix_figure, html)
    html = IMG_RE.sub(lambda m: fix(m.group(0), ""), html)
    return html, lacking
