"""Material's page markup that no template block reaches, made valid HTML after the page is rendered.

Material 9.8.1's base.html writes its two state toggles, outside any block, as checkboxes with
`autocomplete="off"`, an attribute HTML allows on text-like inputs only (the Nu HTML Checker rejects it).
Material sets it so Firefox does not bring a checked drawer or search back on reload or "back"; gonghui.js
unchecks both on `pageshow` instead. The alternative, a copy of the whole base.html for two attributes, would
go stale with every Material release; these two exact tags cannot change unnoticed, since
tests/test_theme_overrides.py checks that base.html still writes them and tests/test_html_valid.py checks every page.
"""

from __future__ import annotations

# (what Material 9.8.1 writes, what we write instead); tests/test_theme_overrides.py checks base.html has the former.
MATERIAL_TOGGLES = tuple(
    (
        f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}" autocomplete="off">',
        f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}">',
    )
    for name in ("drawer", "search")
)


def valid_toggles(page_html: str) -> str:
    """`page_html` with Material's two toggles written without `autocomplete` (the first of each: they open <body>)."""
    for invalid, valid in MATERIAL_TOGGLES:
        page_html = page_html.replace(invalid, valid, 1)
    return page_html
