"""The `gonghui` command: editor tools next to `mkdocs build`.

    gonghui new article "标题" [--region 仁怀市] [--date 2022-06-24] [--slug x]
    gonghui new campaign|training|worker|achievement …
    gonghui check [--format text|github]
    gonghui deploy SITE_DIR s3://BUCKET[/PREFIX] [--endpoint URL] [--region R] [--dry-run]
    gonghui nginx-config [--root PATH] [--server-name NAME] [--listen ADDR:PORT]

Exit status: 0 done, 1 content problems or a file that would be overwritten,
2 bad arguments or an unusable mkdocs.yml. It never imports MkDocs, so
`check` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.project import ConfigError, load_project
from . import hosting
from .check import FORMATS, run_check
from .new import KINDS, run_new

__all__ = ["main"]

_NEW_HELP = {
    "article": ("新闻稿", "标题（主题）", "content/news/<年份>/<slug>.md"),
    "campaign": ("专项行动", "名称", "data/campaigns/<slug>.yml"),
    "training": ("培训班", "班名", "data/training/<slug>.yml"),
    "worker": ("劳模工匠", "姓名", "data/workers/<slug>.yml"),
    "achievement": ("地区成果", "文件名（如 仁怀2022 或 renhuai-2022）", "data/achievements/<slug>.yml，已有时在末尾追加示例"),
}
_DATE_HELP = {
    "article": "发布时间，如 2022-06-24 或 \"2022-06-24 08:30\"（北京时间）；默认今天",
    "campaign": "开始日期，默认今天（北京时间）",
    "training": "第一次课的日期，默认今天（北京时间）",
    "achievement": "数据截至日期，默认今天（北京时间）",
}


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings; subcommand parsers inherit this class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示帮助并退出")


def _config_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "-f", "--config", type=Path, default=default, metavar="mkdocs.yml",
        help="站点配置文件，默认当前文件夹的 mkdocs.yml",
    )


def _subcommand_config(parser: argparse.ArgumentParser) -> None:
    # `gonghui check -f x.yml` works too; SUPPRESS keeps the top-level value when not given here.
    _config_option(parser, argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gonghui",
        description="职工新闻网编辑工具：新建稿件和项目数据，检查全部内容；发布到对象存储，生成 nginx 配置。",
        epilog="退出码：0 成功；1 内容有问题、文件已存在，或发布失败；2 参数或 mkdocs.yml 有误。",
    )
    _config_option(parser, Path("mkdocs.yml"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    new = commands.add_parser("new", help="新建稿件或项目数据文件（不会覆盖已有文件）")
    _subcommand_config(new)
    kinds = new.add_subparsers(dest="kind", required=True, metavar="类型")
    for kind in KINDS:
        label, title_help, where = _NEW_HELP[kind]
        sub = kinds.add_parser(kind, help=f"{label} → {where}", description=f"新建{label}：{where}")
        _subcommand_config(sub)
        sub.add_argument("title", metavar="标题" if kind != "worker" else "姓名", help=title_help)
        sub.add_argument("--region", metavar="地区", help="地区：行政区划全称（如 仁怀市）或 6 位代码；会对照区划表检查")
        sub.add_argument("--slug", metavar="slug", help="文件名（网址的一段），拼音小写加连字符；默认由标题生成")
        if kind in _DATE_HELP:
            sub.add_argument("--date", metavar="日期", help=_DATE_HELP[kind])
        if kind == "achievement":
            sub.add_argument("--source", metavar="slug", help="出处文章的 slug（示例记录里预先填好）")

    check = commands.add_parser("check", help="检查全部文章和项目数据（不构建网站）")
    _subcommand_config(check)
    check.add_argument("--strict", action="store_true", help="有警告（如图片缺少替代文字）时也算失败，与 mkdocs build --strict 一致")
    check.add_argument(
        "--format", choices=FORMATS, default="text",
        help="输出格式：text 为“文件:行号: 问题”；github 为 GitHub Actions 注释，问题会标在拉取请求的对应行上",
    )
    hosting.add_commands(commands, _subcommand_config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help or a usage error: argparse has printed it; return, don't exit
        return exc.code if isinstance(exc.code, int) else 2
    try:
        project = load_project(args.config)
    except ConfigError as exc:
        print(f"错误 (error): {exc}", file=sys.stderr)
        return 2
    if args.command == "check":
        return run_check(project, args.format, strict=args.strict)
    if args.command in hosting.COMMANDS:
        return hosting.run(project, args)
    return run_new(project, args)
