"""Where a project's files are, read from mkdocs.yml without importing MkDocs.

MkDocs is slow to import and not needed to find three folders; `gonghui check`
must stay fast. We parse mkdocs.yml with PyYAML ourselves and read only what
we need: `docs_dir`, `site_url` and the `gonghui` plugin's options.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core.site import SiteSources

PLUGIN_NAME = "gonghui"


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
    config_file: Path
    root: Path
    docs_dir: Path
    data_dir: Path
    site_url: str
    build_date: str | None

    @property
    def sources(self) -> SiteSources:
        return SiteSources(self.root, self.docs_dir, self.data_dir)


def load_project(config_file: Path) -> Project:
    """Read mkdocs.yml; raises ConfigError with a bilingual message when it is unusable."""
    config_file = config_file.absolute()
    if not config_file.is_file():
        raise ConfigError(f"找不到配置文件 {config_file} (config file not found; use --config/-f to point at mkdocs.yml)")
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader)
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
    options = _plugin_options(data.get("plugins"), config_file)
    return Project(
        config_file=config_file,
        root=root,
        docs_dir=root / _text(data, "docs_dir", "docs", config_file),
        data_dir=root / _text(options, "data_dir", "data", config_file, f"plugins.{PLUGIN_NAME}."),
        site_url=_text(data, "site_url", "", config_file),
        build_date=_build_date(options.get("build_date"), config_file),
    )


def _text(data: dict[str, Any], key: str, default: str, config_file: Path, prefix: str = "") -> str:
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{config_file}: 设置 {prefix}{key} 应为文字 (setting '{prefix}{key}': expected text, got {value!r})")
    return value.strip()


def _build_date(value: Any, config_file: Path) -> str | None:
    if value is None:
        return None
    # An unquoted date is a date object here; MkDocs rejects it, but its meaning is clear.
    if isinstance(value, str) or hasattr(value, "isoformat"):
        return value if isinstance(value, str) else value.isoformat()
    raise ConfigError(f"{config_file}: build_date 应写成 \"2026-11-24\" (expected a quoted date, got {value!r})")


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
