"""The Content-Security-Policy a built site's own pages satisfy: scripts only from the site itself, plus the exact
inline scripts the theme writes (by their SHA-256), and nothing from anywhere else."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_RUNS = ("", "text/javascript", "application/javascript", "module")


def inline_script_hashes(site_dir: Path) -> list[str]:
    """"'sha256-…'" for every distinct inline script that runs, over all HTML pages of the site, sorted."""
    found: set[str] = set()
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        for attrs, body in _SCRIPT.findall(text):
            if re.search(r"\bsrc\s*=", attrs, re.I):
                continue
            kind = _TYPE.search(attrs)
            if kind and kind.group(1).lower() not in _RUNS:
                continue  # data such as <script type="application/json"> never runs
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
            found.add(f"'sha256-{digest}'")
    return sorted(found)


def policy(script_hashes: Iterable[str], embed_hosts: Iterable[str] = (), image_hosts: Iterable[str] = ()) -> str:
    """The policy: the site's own origin only; frames and media also from the embed hosts mkdocs.yml trusts,
    images also from its trusted image hosts. Pagefind's search runs WebAssembly ('wasm-unsafe-eval')."""
    embeds = " ".join(f"https://{host}" for host in embed_hosts)
    images = " ".join(f"https://{host}" for host in image_hosts)
    directives = [
        "default-src 'self'",
        " ".join(["script-src 'self' 'wasm-unsafe-eval'", *script_hashes]),
        "style-src 'self' 'unsafe-inline'",  # style="" attributes of charts and bars
        f"img-src 'self' data: {images}".rstrip(),
        "font-src 'self'",
        "connect-src 'self'",
        f"media-src 'self' {embeds}".rstrip(),
        f"frame-src 'self' {embeds}".rstrip(),
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
    return "; ".join(directives)
