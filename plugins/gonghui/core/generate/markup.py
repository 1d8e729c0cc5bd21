"""Markdown in YAML fields (description, bio) rendered to HTML."""

from __future__ import annotations

import markdown
from markupsafe import Markup

from .sanitize import sanitize_html

_EXTENSIONS = ["tables", "attr_list", "sane_lists"]


def render_markdown(text: str) -> Markup:
    """Render an editor's Markdown field; raw HTML in it is escaped, not passed through."""
    md = markdown.Markdown(extensions=_EXTENSIONS)
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return Markup(sanitize_html(md.convert(text)))
