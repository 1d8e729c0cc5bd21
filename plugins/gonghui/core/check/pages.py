"""Editors' own pages: a `template:` in their front matter must name a template the theme has.

MkDocs would otherwise stop with a Jinja traceback (`TemplateNotFound`) while writing the page.
"""

from __future__ import annotations

from pathlib import Path

from ..load.yamlsource import YamlError, read_front_matter
from ..model.site import SiteSources
from ..problems import Problems


def check_page_templates(sources: SiteSources, pages: list[Path], theme_dirs: tuple[Path, ...], problems: Problems) -> None:
    if not theme_dirs:
        return  # a theme we cannot see into (not Material): MkDocs checks it
    for path in pages:
        try:
            front = read_front_matter(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, YamlError):
            continue  # MkDocs reports an unreadable page or front matter itself
        data = front.data
        if not isinstance(data, dict) or "template" not in data:
            continue
        name = data["template"]
        line = data.line_of("template") if hasattr(data, "line_of") else 1
        if not isinstance(name, str) or not name.strip() or ".." in name or name.startswith("/"):
            problems.add(sources.display(path), line, f"field 'template': expected a template file name like main.html, got {name!r}")
        elif not any((folder / name).is_file() for folder in theme_dirs):
            problems.add(sources.display(path), line, f"field 'template': the theme has no template {name!r}; "
                                                      "remove the line, or put the file in the theme's custom_dir")
