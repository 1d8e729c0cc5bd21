"""The `gonghui` plugin's options in mkdocs.yml: one typed definition each, with bounds and defaults.

MkDocs validates them through `mkdocs_plugin/config.py`, which wraps these definitions; `gonghui check`
validates them through `project.py`. Both give the same message for the same mistake.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .messages import define, say
from .problems import hint
from .text.timeutil import parse_when

T = TypeVar("T")

EXPECT_TEXT = define("GH460", "这个选项应为文字，写的是 {got} (expected text)", "mkdocs.yml 里 gonghui 的选项应为文字")
EXPECT_WHOLE = define("GH461", "这个选项应为不小于 {minimum} 的整数，写的是 {got} (expected a whole number, at least {minimum})",
                      "选项应为整数（如 page_size）")
EXPECT_FLAG = define("GH462", "这个选项只能写 true 或 false，写的是 {got} (expected true or false)", "选项应为 true 或 false")
EXPECT_LIST = define("GH463", "这个选项应为文字的列表，如 [player.bilibili.com]，写的是 {got} (expected a list of text)",
                     "选项应为列表（如 trusted_embed_hosts）")
EXPECT_DATE = define("GH464", "这个选项应为日期，如 \"2026-11-24\" 或 \"2026-11-24 08:00\"，写的是 {got} (expected a date)",
                     "build_date 写的不是日期")
UNKNOWN_OPTION = define("GH465", "没有这个选项{hint}；可用的选项：{known} (unknown option)", "gonghui 没有这个选项（多半是拼错了）")


class OptionError(ValueError):
    """An option's value is unusable; the message says what was expected and what was found."""


def _shown(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Option(Generic[T]):
    """One plugin option: its default and how a value from mkdocs.yml is checked."""

    default: T
    help: str

    def validate(self, value: object) -> T:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Option[str]):
    def validate(self, value: object) -> str:
        if not isinstance(value, str):
            raise OptionError(say(EXPECT_TEXT, got=_shown(value)))
        return value


@dataclass(frozen=True)
class OptionalText(Option["str | None"]):
    def validate(self, value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise OptionError(say(EXPECT_TEXT, got=_shown(value)))
        return value


@dataclass(frozen=True)
class Whole(Option[int]):
    minimum: int = 1

    def validate(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise OptionError(say(EXPECT_WHOLE, minimum=self.minimum, got=_shown(value)))
        if value < self.minimum:
            raise OptionError(say(EXPECT_WHOLE, minimum=self.minimum, got=value))
        return value


@dataclass(frozen=True)
class Flag(Option[bool]):
    def validate(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise OptionError(say(EXPECT_FLAG, got=_shown(value)))
        return value


@dataclass(frozen=True)
class TextList(Option[list[str]]):
    def validate(self, value: object) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise OptionError(say(EXPECT_LIST, got=_shown(value)))
        return list(value)


@dataclass(frozen=True)
class BuildDate(Option["str | None"]):
    """A date or a moment; quoted or not (YAML reads an unquoted one as a date, which means the same)."""

    def validate(self, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            value = value.strftime("%Y-%m-%d %H:%M:%S")
        elif isinstance(value, dt.date):
            value = value.isoformat()
        if not isinstance(value, str) or parse_when(value) is None:
            raise OptionError(say(EXPECT_DATE, got=_shown(value)))
        return value


OPTIONS: dict[str, Option[Any]] = {
    "data_dir": Text("data", "Folder of structured YAML (program records, regions), relative to mkdocs.yml."),
    "page_size": Whole(20, "Articles per listing page (/news/, month archives, tag pages).", minimum=1),
    "build_date": BuildDate(None, "Pin the build date (2026-11-24); else SOURCE_DATE_EPOCH, else today in Beijing."),
    "publisher": Text("", "Publisher's name for the footer, e.g. 某某市总工会."),
    "icp": OptionalText(None, "ICP 备案号 shown in the footer, linked to the MIIT filing site."),
    "trusted_embed_hosts": TextList([], "Hosts whose <iframe>/<video> embeds survive sanitizing."),
    "trusted_image_hosts": TextList([], "Hosts whose images may be shown; images from any other host are removed."),
    "url_record": Text("published-urls.txt", "The committed record of published URLs, relative to mkdocs.yml."),
    "templates_dir": OptionalText(None, "A folder of templates overriding gonghui's own (same file names)."),
    "allow_web_files": Flag(False, "Publish HTML, JavaScript and CSS files from content/ (they can run scripts on the site)."),
    "asset_extensions": TextList([], "More file endings content/ may publish, besides images, documents and media."),
    "public_files": TextList([], "Files of content/ published even when no page refers to them (patterns like assets/public/*)."),
    "search_shard_pages": Whole(
        2000, "Most pages per search-index shard, and of the shards indexed at once: bounds Pagefind's memory "
        "(about 0.75 MB a page).", minimum=1
    ),
    "render_workers": Whole(
        0, "Processes rendering article pages in `mkdocs build`: 0 = one per CPU core but one (kept for search), 1 = none.",
        minimum=0,
    ),
    "build_cache": Flag(
        True, "Keep rendered pages in .cache/gonghui/pages/ and copy unchanged ones in the next `mkdocs build`."
    ),
    "precompress": Flag(False, "Write name.gz beside every text file of the built site, for nginx's gzip_static."),
    "desk": Flag(False, "Publish the editing desk (Decap CMS) at /admin/, its config generated from the record schemas."),
    "desk_backend": Text("github", "Where the desk saves online: github, or gitea (also Forgejo)."),
    "desk_repo": Text("", "owner/name of the site's repository on that host; empty = local editing only."),
    "desk_branch": Text("main", "The branch the desk commits to."),
    "desk_base_url": Text("", "A self-hosted Gitea/Forgejo's address, e.g. https://git.example.org.cn."),
    "desk_app_id": Text("", "Gitea/Forgejo: client ID of the OAuth2 application the online desk logs in with (PKCE)."),
    "desk_port": Whole(8081, "Port of the local desk server (decap-server on 127.0.0.1) that scripts/serve.sh starts.", minimum=1),
}


@dataclass(frozen=True)
class PluginOptions:
    """The validated options; every field is named like its key in mkdocs.yml (defaults are in OPTIONS)."""

    data_dir: str
    page_size: int
    build_date: str | None
    publisher: str
    icp: str | None
    trusted_embed_hosts: list[str]
    trusted_image_hosts: list[str]
    url_record: str
    templates_dir: str | None
    allow_web_files: bool
    asset_extensions: list[str]
    public_files: list[str]
    search_shard_pages: int
    render_workers: int
    build_cache: bool
    precompress: bool
    desk: bool
    desk_backend: str
    desk_repo: str
    desk_branch: str
    desk_base_url: str
    desk_app_id: str
    desk_port: int

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> PluginOptions:
        """Options from validated values; a key not given takes its default."""
        return cls(**{name: copy.copy(values.get(name, option.default)) for name, option in OPTIONS.items()})


def read_options(raw: Mapping[str, Any]) -> tuple[PluginOptions, dict[str, str]]:
    """Validate options as written in mkdocs.yml: the options (defaults where wrong), and a message per bad key."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in raw.items():
        option = OPTIONS.get(str(key))
        if option is None:
            errors[str(key)] = say(UNKNOWN_OPTION, hint=hint(str(key), OPTIONS), known=", ".join(OPTIONS))
            continue
        try:
            values[str(key)] = option.validate(value)
        except OptionError as exc:
            errors[str(key)] = str(exc)
    return PluginOptions.from_values(values), errors
