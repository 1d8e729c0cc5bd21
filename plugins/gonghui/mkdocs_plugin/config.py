"""The plugin's options for MkDocs: each one is `core.options`' definition, wrapped as a MkDocs option.

So MkDocs validates mkdocs.yml with the same types, bounds, defaults and messages as `gonghui check`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from ..core.options import OPTIONS, Option, OptionError, PluginOptions
from ..core.project import Project, public_paths


class CoreOption(c.BaseConfigOption[Any]):
    def __init__(self, option: Option[Any]) -> None:
        super().__init__()
        self.option = option
        self.default = option.default

    def run_validation(self, value: object) -> Any:
        try:
            return self.option.validate(value)
        except OptionError as exc:
            raise c.ValidationError(str(exc)) from None


class OptionsConfig(base.Config):
    def plugin_options(self) -> PluginOptions:
        return PluginOptions.from_values({name: self[name] for name in OPTIONS})


# One MkDocs option per entry of `core.options.OPTIONS`, so the list is written once.
GonghuiConfig: type[OptionsConfig] = type(
    "GonghuiConfig", (OptionsConfig,), {name: CoreOption(option) for name, option in OPTIONS.items()}
)


def project_from(config: MkDocsConfig, options: PluginOptions) -> Project:
    """The core's view of the project, from MkDocs' validated config."""
    return Project(
        root=Path(config.config_file_path).parent, docs_dir=Path(config.docs_dir), site_url=config.site_url or "",
        site_name=config.site_name, site_description=config.site_description or "",
        options=options, config_file=Path(config.config_file_path),
        public_paths=public_paths(
            {"logo": config.theme.get("logo"), "favicon": config.theme.get("favicon")},
            [str(item) for item in config.extra_css], [str(item) for item in config.extra_javascript],
        ),
        theme_dirs=tuple(Path(folder) for folder in config.theme.dirs),
    )
