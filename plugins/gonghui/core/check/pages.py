"""Editors' own pages: a `template:` in their front matter must name a template the theme has.

MkDocs would otherwise stop with a Jinja traceback (`TemplateNotFound`) while writing the page.
"""

from __future__ import annotations

from pathlib import Path

from ..load.yamlsource import YamlError, read_front_matter
from ..messages import define, say
from ..model.site import SiteSources
from ..problems import Problems

TEMPLATE_NAME = define("GH230", "字段 'template'：应写模板文件名，如 main.html，实际写的是 {name} (template: expected a file name)",
                       "页面头信息的 template 不是文件名")
TEMPLATE_MISSING = define("GH231", "字段 'template'：主题里没有模板 {name}；删掉这一行，或把模板放进主题的 custom_dir "
                          "(template not found)", "页面头信息的 template 指向不存在的模板")


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
            problems.add(sources.display(path), line, say(TEMPLATE_NAME, name=repr(name)))
        elif not any((folder / name).is_file() for folder in theme_dirs):
            problems.add(sources.display(path), line, say(TEMPLATE_MISSING, name=name))
