"""`gonghui check`: validate all content and data without building the site."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from ..core.problems import ContentError, Problem
from ..core.site import SiteModel, load_site
from ..core.timeutil import build_now
from .project import Project

FORMATS = ("text", "github")


def run_check(project: Project, fmt: str, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        now = build_now(project.build_date)
    except ValueError as exc:
        print(f"错误：构建日期设置有误 (error in the build date setting): {exc}", file=err)
        return 2
    try:
        site = load_site(project.sources, now)
    except ContentError as exc:
        problems = exc.problems.sorted()
        if fmt == "github":
            for problem in problems:
                print(github_annotation(problem, project.root), file=out)
            print(f"发现 {len(problems)} 处内容问题 ({len(problems)} problem(s) in content)", file=err)
        else:
            print(exc.problems.report(), file=out)
        return 1
    print(summary(site), file=out)
    return 0


def summary(site: SiteModel) -> str:
    programs = site.programs
    hidden = f"（其中 {len(site.hidden)} 篇是草稿或未到发布时间）" if site.hidden else ""
    return (
        f"检查通过：文章 {len(site.all_articles)} 篇{hidden}，专项行动 {len(programs.campaigns)} 项，"
        f"培训班 {len(programs.training)} 个，劳模工匠 {len(programs.workers)} 人，"
        f"地区成果 {len(programs.achievements)} 条 (OK: no problems)"
    )


def github_annotation(problem: Problem, root: Path) -> str:
    """A workflow command GitHub shows on the pull request's changed line."""
    path = _workspace_path(problem.path, root)
    line = max(problem.line, 1)  # whole-file problems point at the first line
    return f"::error file={escape_property(path)},line={line}::{escape_data(problem.message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _workspace_path(display: str, root: Path) -> str:
    """Annotations need paths from the repository root; mkdocs.yml may live in a subfolder."""
    base = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
    try:
        return (root / display).resolve().relative_to(base).as_posix()
    except ValueError:
        return display
