"""Our copies of Material's templates cannot go stale unnoticed.

A file in plugins/gonghui/theme/ at the same path as one of Material's templates replaces it: each is a copy of
Material 9.8.1's file with a small change, and its upstream sha256 is recorded here. When Material's file
changes (an upgrade), the test fails: compare the new upstream file with ours, carry the change over, then
record the new hash. The same holds for the blocks of base.html that theme/main.html rewrites, and for the
exact toggle tags that core/generate/theme_markup.py rewrites after rendering. Every file of our theme is
listed, as an override or as our own, so a new override cannot slip in without a recorded hash.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from pathlib import Path

import material
from gonghui.core.generate import theme_markup

THEME = Path(__file__).resolve().parent.parent / "plugins" / "gonghui" / "theme"
MATERIAL = Path(material.__file__).resolve().parent / "templates"

# Material's templates that ours replace (same path): sha256 of Material 9.8.1's file, and why we replace it.
OVERRIDES = {
    "main.html": ("9948b55a7bc979c35825df99baba9e6971fca4eb298dea3cdde61e990a2de5e0",
                  "Material's only extends base.html; ours fills head metadata and the 字号 switch (blocks below)"),
    "partials/header.html": ("8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
                             "our search box in place of Material's search, which is not used"),
    "partials/language.html": ("3a44516f305006ac794f51a45ad7b532cf270916d8e92e8c42784e58b2eff0a3",
                               "the page language is zh-CN, not bare zh"),
    "partials/copyright.html": ("bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea",
                                "publisher and ICP 备案号 instead of the generator credit"),
    "partials/toc.html": ("fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
                          "for=\"__toc\" only where the nav writes that checkbox (valid HTML)"),
}
# Our own templates, which Material does not have.
# gonghui-placeholder.html: the empty template of article pages a render worker writes (mkdocs_plugin/parallel.py).
OURS = {"partials/gh-font-switch.html", "partials/gh-search-box.html", "gonghui-placeholder.html"}
# Blocks of base.html that theme/main.html rewrites from Material's markup: sha256 of Material 9.8.1's block.
REWRITTEN_BLOCKS = {
    "site_meta": ("e306b9472bf91403943802f57b9a77a72eabbd2612dfcf341a7c228d6aa8223f",
                  "the description from gh_head (one per page), every value escaped"),
    "htmltitle": ("8ebd0d3f80cb7be8baa6a77ed0759e9d08eba8a72047270089a452cd911f83ef",
                  "the title from gh_head's plain text, escaped"),
    "site_nav": ("08b0b8418133d46ea078a7737f096bed62048ed4be5f9c1ba790b3cd3f498cbc",
                 "the sidebar navigation rendered once for all pages outside it (mkdocs_plugin/shared_nav.py)"),
    "tabs": ("ff8fb6ff81cb80d6dc6200cd11821f59e7846229c34a1ffc6298f015b52df9a7",
             "the tabs rendered once for all pages outside the navigation (mkdocs_plugin/shared_nav.py)"),
}
# Blocks that theme/main.html only adds to: they keep Material's content through super().
EXTENDED_BLOCKS = {"extrahead", "content"}

_BLOCK_TAG = re.compile(r"{%-?\s*(block\s+(\w+)|endblock(?:\s+\w+)?)\s*-?%}")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def blocks(template: str) -> dict[str, str]:
    """Each block's source in a Jinja template, from its `{% block %}` tag through its `{% endblock %}`."""
    found: dict[str, str] = {}
    open_blocks: list[tuple[str, int]] = []
    for tag in _BLOCK_TAG.finditer(template):
        if tag.group(2):
            open_blocks.append((tag.group(2), tag.start()))
        else:
            name, start = open_blocks.pop()
            found[name] = template[start:tag.end()]
    assert not open_blocks, f"unclosed blocks: {open_blocks}"
    return found


def changed_upstream(what: str, recorded: str, actual: str) -> str:
    return (f"Material's {what} changed upstream (mkdocs-material {version('mkdocs-material')} installed; "
            f"recorded sha256 {recorded[:12]}…, now {actual[:12]}…): compare it with our override and carry "
            "the change over, then record the new hash in tests/test_theme_overrides.py")


def test_every_theme_file_is_a_recorded_override_or_ours():
    ours = {p.relative_to(THEME).as_posix() for p in THEME.rglob("*") if p.is_file() and not p.name.startswith(".")}
    same_path = {path for path in ours if (MATERIAL / path).is_file()}
    assert same_path == set(OVERRIDES), (
        f"overrides of Material's templates without a recorded hash: {sorted(same_path - set(OVERRIDES))}; "
        f"recorded but not overridden (or Material no longer has it): {sorted(set(OVERRIDES) - same_path)}")
    assert ours - same_path == OURS, (
        f"theme files neither overriding Material nor listed as ours: {sorted(ours - same_path - OURS)}; "
        f"listed as ours but missing (or now overriding Material's): {sorted(OURS - (ours - same_path))}")


def test_overridden_material_templates_are_unchanged_upstream():
    stale = []
    for path, (recorded, _why) in sorted(OVERRIDES.items()):
        actual = sha256((MATERIAL / path).read_text(encoding="utf-8"))
        if actual != recorded:
            stale.append(changed_upstream(path, recorded, actual))
    assert not stale, "\n".join(stale)


def test_rewritten_base_blocks_are_unchanged_upstream():
    ours = blocks((THEME / "main.html").read_text(encoding="utf-8"))
    assert set(ours) == set(REWRITTEN_BLOCKS) | EXTENDED_BLOCKS, (
        f"theme/main.html's blocks {sorted(ours)}: list each as rewritten (with the hash of Material's block) "
        "or extended in tests/test_theme_overrides.py")
    for name in EXTENDED_BLOCKS:
        assert "super()" in ours[name], f"block {name} no longer keeps Material's content: record it as rewritten"
    upstream = blocks((MATERIAL / "base.html").read_text(encoding="utf-8"))
    stale = [changed_upstream(f"base.html block {name}", recorded, sha256(upstream.get(name, "")))
             for name, (recorded, _why) in sorted(REWRITTEN_BLOCKS.items()) if sha256(upstream.get(name, "")) != recorded]
    assert not stale, "\n".join(stale)


def test_material_still_writes_the_toggles_theme_markup_rewrites():
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    for invalid, _valid in theme_markup.MATERIAL_TOGGLES:
        assert invalid in base, (
            f"Material's base.html no longer writes {invalid}: update core/generate/theme_markup.py "
            "(and gonghui.js's resetToggles) to what it writes now")
