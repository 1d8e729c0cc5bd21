"""`gonghui check`: the build's own check (`core.pipeline.check_project`), without building the site."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from ..core.model.site import SiteModel
from ..core.pipeline import check_project
from ..core.problems import Problem, Problems
from ..core.project import Project
from ..core.text.paths import OutputPathError
from ..core.text.timeutil import build_now

FORMATS = ("text", "github")


def run_check(project: Project, fmt: str, out: TextIO | None = None, err: TextIO | None = None, strict: bool = False) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        now = build_now(project.options.build_date)
    except ValueError as exc:
        print(f"错误：构建日期设置有误 (error in the build date setting): {exc}", file=err)
        return 2
    try:
        result = check_project(project, now)
    except OutputPathError as exc:
        print(f"错误：输出路径越界 (error: output outside the site folder): {exc}", file=err)
        return 1
    problems = result.problems
    if fmt == "github":
        for level, items in (("error", problems.sorted()), ("warning", problems.sorted_warnings()),
                             ("notice", problems.sorted_notes())):
            for problem in items:
                print(github_annotation(problem, project.root, level), file=out)
    else:
        print(text_report(problems), file=out)
    if result.checked is None:
        if fmt == "github":
            print(f"发现 {len(problems)} 处内容问题 ({len(problems)} problem(s) in content)", file=err)
        return 1
    if strict and problems.warnings:
        print(f"有 {len(problems.sorted_warnings())} 条警告，--strict 时算作失败 (warnings fail with --strict)", file=err)
        return 1
    print(summary(result.checked.site), file=out)
    return 0


def text_report(problems: Problems) -> str:
    """Errors, then warnings, then notes: one `file:line: message` a line, as the build prints them."""
    lines = [problems.report()] if problems else []
    warnings, notes = problems.sorted_warnings(), problems.sorted_notes()
    if warnings:
        lines.append(f"警告 {len(warnings)} 条 ({len(warnings)} warning(s)):")
        lines.extend(str(p) for p in warnings)
    if notes:
        lines.append(f"提示 {len(notes)} 条 ({len(notes)} note(s)):")
        lines.extend(str(p) for p in notes)
    return "\n".join(lines)


def summary(site: SiteModel) -> str:
    programs = site.programs
    hidden = f"（其中 {len(site.hidden)} 篇是草稿或未到发布时间）" if site.hidden else ""
    return (
        f"检查通过：文章 {len(site.all_articles)} 篇{hidden}，专项行动 {len(programs.campaigns)} 项，"
        f"培训班 {len(programs.training)} 个，劳模工匠 {len(programs.workers)} 人，"
        f"地区成果 {len(programs.achievements)} 条 (OK: no problems)"
    )


def github_annotation(problem: Problem, root: Path, level: str = "error") -> str:
    """A workflow command GitHub shows on the pull request's changed line."""
    path = _workspace_path(problem.path, root)
    line = max(problem.line, 1)  # whole-file problems point at the first line
    return f"::{level} file={escape_property(path)},line={line}::{escape_data(problem.message)}"


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
