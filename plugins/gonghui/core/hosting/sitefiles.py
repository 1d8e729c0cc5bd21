"""The built site as a deploy sees it: every file with its content hash, and the redirect pages' targets."""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path


class HostingError(Exception):
    """A deploy or server configuration that cannot go ahead; the message is for the operator (Chinese first)."""


@dataclass(frozen=True)
class SiteFile:
    key: str  # path inside the site, '/'-separated: 'news/2022/06/x/index.html'
    path: Path
    size: int
    md5: str  # hex; what S3-compatible stores report as the ETag of a single-part upload
    redirect: str | None = None  # for a redirect page: where its old URL now lives ('/news/…/' or 'https://…')


def site_files(site_dir: Path, redirects: dict[str, str] | None = None) -> list[SiteFile]:
    """Every file under `site_dir`, sorted by key; redirect pages carry their target.

    `redirects` maps old URLs ('/old/path/') to new ones, as `data/redirects.yml` declares them (after the check).
    """
    if not (site_dir / "index.html").is_file():
        raise HostingError(
            f"{site_dir} 不是构建好的网站：里面没有 index.html；请先运行 mkdocs build "
            "(not a built site: no index.html; run mkdocs build first)"
        )
    targets = {redirect_key(old): new for old, new in (redirects or {}).items()}
    files = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        key = path.relative_to(site_dir).as_posix()
        data = path.read_bytes()
        files.append(SiteFile(key, path, len(data), hashlib.md5(data, usedforsecurity=False).hexdigest(), targets.get(key)))
    return files


def redirect_key(old_url: str) -> str:
    """'/news/2022/06/old/' -> 'news/2022/06/old/index.html': where the build writes its redirect page."""
    return posixpath.join(old_url.strip("/"), "index.html") if old_url.strip("/") else "index.html"
