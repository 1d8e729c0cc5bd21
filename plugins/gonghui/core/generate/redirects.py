"""Redirect pages: a small HTML page at each old URL that sends readers (and search engines) on."""

from __future__ import annotations

import html

from ..text.urls import relative_url
from .pages import FileKind, GeneratedFile


def redirect_files(redirects: dict[str, str]) -> list[GeneratedFile]:
    """A small HTML page at each old URL that sends readers (and search engines) on."""
    files = []
    for old, new in sorted(redirects.items()):
        target = new if new.startswith(("http://", "https://")) else relative_url(new.lstrip("/"), old.lstrip("/"))
        safe = html.escape(target, quote=True)
        page = (
            '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<title>页面已迁移</title><meta http-equiv="refresh" content="0; url={safe}">'
            f'<link rel="canonical" href="{safe}"><meta name="robots" content="noindex"></head>'
            f'<body><p>本页已迁移至 <a href="{safe}">{safe}</a>。</p></body></html>\n'
        )
        files.append(GeneratedFile(old.strip("/") + "/index.html", page.encode("utf-8"), FileKind.REDIRECT))
    return files
