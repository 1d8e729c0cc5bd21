"""The desk's `config.yml`: one collection per record kind, every schema field in it.

Written as JSON (which is YAML): every value from our tables or the region list is escaped by `json.dumps`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..load.articles import ARTICLE_FIELDS
from ..load.fields import Field
from ..load.records import achievements, campaigns, training, workers
from ..model.regions import RegionTable
from .widgets import desk_field, region_options

LOCALE = "zh_Hans"
ACHIEVEMENTS_FORMAT = "gonghui-achievements"  # a top-level list of records: registered by desk.js
RECORD_FORMAT = "gonghui-yaml"  # YAML without the desk's own `_slug` key: registered by desk.js
BODY_HINT = "正文用 Markdown：## 小标题、**加粗**、列表、链接；不用再写标题"


@dataclass(frozen=True)
class DeskSettings:
    """From the plugin options: where the desk saves online, and the local server's port."""

    backend: str = "github"  # github | gitea
    repo: str = ""  # owner/name on the git host; '' = only local editing
    branch: str = "main"
    base_url: str = ""  # a self-hosted Gitea/Forgejo, e.g. https://git.example.org.cn
    app_id: str = ""  # the OAuth application's client ID on that host
    local_port: int = 8081  # decap-server on 127.0.0.1 (scripts/serve.sh starts it)


# (collection name, Chinese label, folder from the project root, field table, identifier field)
RECORD_KINDS: list[tuple[str, str, str, dict[str, Field], str]] = [
    ("campaigns", "专项行动", "data/campaigns", campaigns.FIELDS, "title"),
    ("training", "培训班", "data/training", training.FIELDS, "title"),
    ("workers", "劳模工匠", "data/workers", workers.FIELDS, "name"),
]


def region_list(table: RegionTable) -> list[tuple[str, str, str]]:
    """(value, name, parent name) per division: a repeated name (朝阳区) is saved as its code."""
    out = []
    for code, region in table.by_code.items():
        parent = table.by_code.get(region.parent_code or "")
        value = region.name if len(table.by_name.get(region.name, [])) == 1 else code
        out.append((value, region.name, parent.name if parent else ""))
    return out


def desk_config(settings: DeskSettings, regions: RegionTable, content_dir: str = "content") -> dict[str, Any]:
    options = region_options(region_list(regions))
    return {
        "locale": LOCALE,
        "backend": _backend(settings),
        "local_backend": {"url": f"http://127.0.0.1:{settings.local_port}/api/v1", "allowed_hosts": ["127.0.0.1", "localhost"]},
        "publish_mode": "simple",
        "media_folder": f"{content_dir}/assets/images",
        "public_folder": "/assets/images",
        "site_url": "/",
        "collections": [_news(options, content_dir)]
        + [_records(name, label, folder, table, ident, options) for name, label, folder, table, ident in RECORD_KINDS]
        + [_achievements(options)],
    }


def config_text(settings: DeskSettings, regions: RegionTable, content_dir: str = "content") -> str:
    return json.dumps(desk_config(settings, regions, content_dir), ensure_ascii=False, indent=1) + "\n"


def _backend(settings: DeskSettings) -> dict[str, Any]:
    backend: dict[str, Any] = {"name": settings.backend, "repo": settings.repo or "owner/site", "branch": settings.branch}
    if settings.base_url:
        backend["base_url"] = settings.base_url
        backend["api_root"] = settings.base_url.rstrip("/") + "/api/v1"
    if settings.app_id and settings.backend != "github":  # Gitea/Forgejo log in with PKCE: no server of ours
        backend["app_id"] = settings.app_id
        backend["auth_type"] = "pkce"
    return backend


def _news(options: list[dict[str, str]], content_dir: str) -> dict[str, Any]:
    fields = [desk_field(name, spec, options) for name, spec in ARTICLE_FIELDS.items()]
    fields.append({"name": "body", "label": "正文", "widget": "markdown", "required": True, "hint": BODY_HINT})
    return {
        "name": "news",
        "label": "新闻",
        "label_singular": "新闻稿",
        "folder": f"{content_dir}/news",
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        # Like `gonghui new article`: content/news/<year>/<pinyin slug>.md. desk.js fills `slug` from the title.
        "path": "{{year}}/{{slug}}",
        "slug": "{{fields.slug}}",
        "identifier_field": "title",
        "summary": "{{title}}（{{year}}-{{month}}-{{day}}）",
        "sortable_fields": ["date", "title"],
        "fields": fields,
    }


def _records(
    name: str, label: str, folder: str, table: dict[str, Field], ident: str, options: list[dict[str, str]]
) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "folder": folder,
        "create": True,
        "extension": "yml",
        "format": RECORD_FORMAT,
        "slug": "{{fields._slug}}",  # filled by desk.js: the pinyin `gonghui new` gives
        "identifier_field": ident,
        "fields": [desk_field(key, spec, options) for key, spec in table.items()],
    }


def _achievements(options: list[dict[str, str]]) -> dict[str, Any]:
    record = [desk_field(key, spec, options, source_of="news") for key, spec in achievements.FIELDS.items()]
    return {
        "name": "achievements",
        "label": "地区成果",
        "folder": "data/achievements",
        "create": True,
        "extension": "yml",
        "format": ACHIEVEMENTS_FORMAT,
        "slug": "{{fields._slug}}",
        "identifier_field": "_slug",
        "summary": "{{filename}}",  # the file has no title: its name (renhuai-2022) stands for it
        "fields": [{"name": "records", "label": "成果", "widget": "list", "fields": record,
                    "summary": "{{fields.metric}}：{{fields.value}}{{fields.unit}}（{{fields.date}}）",
                    "hint": "一个文件里可以有多条成果，每条对应一篇已发布文章里的数字"}],
    }
