"""Site-relative URLs, so a built site works under any base path."""

from __future__ import annotations

import posixpath


def relative_url(target: str, current: str) -> str:
    """Link from the page at directory URL `current` to `target` (both site-relative).

    relative_url("news/2022/06/foo/", "news/page/2/") == "../../2022/06/foo/"
    """
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    base = current.strip("/") or "."
    is_dir = target.endswith("/") or target == ""
    rel = posixpath.relpath(target.strip("/") or ".", base)
    if is_dir:
        rel = "./" if rel == "." else rel + "/"
    return rel + anchor


def paginated_url(base: str, number: int) -> str:
    """Page 1 lives at the base URL, page n at base/page/n/."""
    return base if number == 1 else f"{base}page/{number}/"
