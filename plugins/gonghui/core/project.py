"""A project: where its files are and its settings, read from mkdocs.yml without importing MkDocs.

The build makes a `Project` from MkDocs' own config (`mkdocs_plugin/`); `gonghui check` reads
mkdocs.yml here, with PyYAML, because MkDocs is slow to import and the check must stay fast. The
plugin's options are validated by the same definitions either way (`options.py`).
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model.site import SiteSources
from .options import PluginOptions, read_options

PLUGIN_NAME = "gonghui"
OPTION_PREFIX = f"plugins.{PLUGIN_NAME}."


class ConfigError(Exception):
    """mkdocs.yml is missing or unusable; the message is for the editor."""


class _ConfigLoader(yaml.SafeLoader):
    """Safe loading that tolerates MkDocs' tags (`!ENV`, `!!python/name:…`, `!relative`)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix_or_node: Any, node: Any = None) -> None:
    # Values behind custom tags (emoji functions, environment lookups) never matter
    # for the folders we look for, so they read as "not set".
    return None


_ConfigLoader.add_multi_constructor("!", _ignore_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_ConfigLoader.add_constructor(None, _ignore_tag)  # any other unknown tag


@dataclass(frozen=True)
class Project:
    root: Path  # the folder of mkdocs.yml
    docs_dir: Path
    site_url: str
    site_name: str
    site_description: str
    options: PluginOptions
    config_file: Path | None = None
    public_paths: tuple[str, ...] = ()  # content files the site's settings use (logo, favicon, extra CSS/JS)
    theme_dirs: tuple[Path, ...] = ()  # where the theme's templates are, in MkDocs' order; () when unknown

    @property
    def sources(self) -> SiteSources:
        return SiteSources(self.root, self.docs_dir, self.root / self.options.data_dir)

    @property
    def image_cache(self) -> Path:
        """Phone-sized copies of photos, kept between builds (`generate.responsive`); safe to delete any time."""
        return self.root / ".cache" / "gonghui" / "images"

    @property
    def page_cache(self) -> Path:
        """Rendered pages kept between builds (`output.page_cache`); safe to delete any time."""
        return self.root / ".cache" / "gonghui" / "pages"

    @property
    def reading_cache(self) -> Path:
        """Articles as last read and checked (`load.reading_cache`); safe to delete any time."""
        return self.root / ".cache" / "gonghui" / "articles.json.gz"

    @property
    def template_cache(self) -> Path:
        """Compiled Jinja templates, ours and the theme's (Jinja's own bytecode cache); safe to delete any time."""
        return self.root / ".cache" / "gonghui" / "templates"

    @property
    def feed_cache(self) -> Path:
        """RSS and Atom feeds kept between builds (`generate.feed_cache`); safe to delete any time."""
        return self.root / ".cache" / "gonghui" / "feeds"

    @property
    def search_cache(self) -> Path:
        """Search-index shards kept between builds (`output.shard_cache`); safe to delete any time."""
        return self.root / ".cache" / "gonghui" / "search"

    @property
    def url_record(self) -> Path:
        return self.root / self.options.url_record

    @property
    def redirects(self) -> Path:
        return self.root / self.options.data_dir / "redirects.yml"

    @property
    def templates_dir(self) -> Path | None:
        return self.root / self.options.templates_dir if self.options.templates_dir else None


def load_project(config_file: Path) -> Project:
    """Read mkdocs.yml; raises ConfigError with a bilingual message when it is unusable."""
    config_file = config_file.absolute()
    if not config_file.is_file():
        raise ConfigError(f"找不到配置文件 {config_file} (config file not found; use --config/-f to point at mkdocs.yml)")
    try:
        text = config_file.read_text(encoding="utf-8-sig")
        data = yaml.load(text, Loader=_ConfigLoader)
    except UnicodeDecodeError:
        raise ConfigError(f"{config_file}: 不是 UTF-8 文本 (the file is not UTF-8 text)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{config_file}{where}: YAML 写法错误 (YAML syntax error: {exc.problem})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config_file}: YAML 写法错误 (YAML error: {exc})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: 应为“键: 值”的设置 (expected a mapping of settings)")
    root = config_file.parent
    options, errors = read_options(_plugin_options(data.get("plugins"), config_file))
    if errors:
        lines = [f"{config_file.name}:{_line_of_key(text, key)}: {OPTION_PREFIX}{key}: {message}"
                 for key, message in errors.items()]
        raise ConfigError("\n".join(lines))
    return Project(
        root=root,
        docs_dir=root / _text(data, "docs_dir", "docs", config_file),
        site_url=_text(data, "site_url", "", config_file),
        site_name=_text(data, "site_name", "", config_file),
        site_description=_text(data, "site_description", "", config_file),
        options=options,
        config_file=config_file,
        public_paths=public_paths(data.get("theme"), data.get("extra_css"), data.get("extra_javascript")),
        theme_dirs=_theme_dirs(data.get("theme"), root),
    )


def _theme_dirs(theme: Any, root: Path) -> tuple[Path, ...]:
    """Material's template folders as MkDocs orders them: the site's custom_dir, ours, Material's own."""
    name = theme.get("name") if isinstance(theme, dict) else theme
    spec = importlib.util.find_spec("material") if name == "material" else None  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        return ()
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    ours = Path(__file__).resolve().parent.parent / "theme"
    folders = [root / custom] if isinstance(custom, str) else []
    return (*folders, ours, Path(spec.submodule_search_locations[0]) / "templates")


def public_paths(theme: Any, extra_css: Any, extra_javascript: Any) -> tuple[str, ...]:
    """Content files the site's settings use: the theme's logo and favicon, extra CSS and JavaScript."""
    found: list[Any] = []
    if isinstance(theme, dict):
        found += [theme.get("logo"), theme.get("favicon")]
    for listed in (extra_css, extra_javascript):
        if isinstance(listed, list):
            found += [item.get("path") if isinstance(item, dict) else item for item in listed]
    return tuple(str(item).lstrip("/") for item in found if isinstance(item, str) and "://" not in item)


def _line_of_key(text: str, key: str) -> int:
    """The line of a plugin option in mkdocs.yml (the first `key:` after the plugin's name)."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if PLUGIN_NAME in line), 0)
    pattern = re.compile(rf"^\s*(?:-\s*)?{re.escape(key)}\s*:")
    return next((n + 1 for n in range(start, len(lines)) if pattern.match(lines[n])), start + 1)


def _text(data: dict[str, Any], key: str, default: str, config_file: Path, prefix: str = "") -> str:
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{config_file}: 设置 {prefix}{key} 应为文字 (setting '{prefix}{key}': expected text, got {value!r})")
    return value.strip()


def _plugin_options(plugins: Any, config_file: Path) -> dict[str, Any]:
    """The `gonghui` plugin's options from a list (`- gonghui: {…}`) or mapping form."""
    entries: list[tuple[Any, Any]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, dict):
                entries.extend(item.items())
            else:
                entries.append((item, None))
    for name, options in entries:
        if name == PLUGIN_NAME:
            if options is None:
                return {}
            if not isinstance(options, dict):
                raise ConfigError(f"{config_file}: 插件 gonghui 的选项应为“键: 值” (plugin options: expected a mapping)")
            return options
    return {}
