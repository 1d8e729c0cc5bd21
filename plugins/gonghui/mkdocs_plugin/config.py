"""Typed options for the `gonghui` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class _AtLeastOne(c.Type[int]):
    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < 1:
            raise c.ValidationError(f"expected a whole number, at least 1; found {number}")
        return number


class GonghuiConfig(base.Config):
    data_dir = c.Type(str, default="data")
    """Folder of structured YAML (program records, regions), relative to mkdocs.yml."""

    page_size = c.Type(int, default=20)
    """Articles per listing page (/news/, month archives, tag pages)."""

    build_date = c.Optional(c.Type(str))
    """Pin the build date (2026-11-24); else SOURCE_DATE_EPOCH, else today in Beijing."""

    publisher = c.Type(str, default="")
    """Publisher's name for the footer, e.g. 某某市总工会."""

    icp = c.Optional(c.Type(str))
    """ICP 备案号 shown in the footer, linked to the MIIT filing site."""

    trusted_embed_hosts = c.ListOfItems(c.Type(str), default=[])
    """Hosts whose <iframe>/<video> embeds survive sanitizing, e.g. [player.bilibili.com]."""

    url_record = c.Type(str, default="published-urls.txt")
    """The committed record of published URLs, relative to mkdocs.yml; `mkdocs build` keeps it."""

    templates_dir = c.Optional(c.Type(str))
    """A folder of templates overriding gonghui's own (same file names)."""

    search_shard_pages = _AtLeastOne(default=2000)
    """Most pages per search-index shard: bounds Pagefind's memory (about 0.3 MB a page); more shards cost readers ~75 kB each."""
