"""`gonghui deploy` (object storage) and `gonghui nginx-config` (a federation's own server): issue 18.

Exit status: 0 done; 1 refused or failed (a bad target or value, data/redirects.yml with problems, the store or the
network): one message says why, never a traceback; 2 a usage error or an unusable mkdocs.yml (as every command).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from ..core.check.urls import read_redirects
from ..core.hosting.csp import inline_script_hashes, policy
from ..core.hosting.nginx import NginxSite, check_hosts, server_block
from ..core.hosting.sitefiles import HostingError
from ..core.problems import Problems
from ..core.project import Project

COMMANDS = ("deploy", "nginx-config")


def add_commands(commands: argparse._SubParsersAction, config_option: Callable[[argparse.ArgumentParser], None]) -> None:
    deploy = commands.add_parser("deploy", help="把构建好的网站增量上传到对象存储（阿里云 OSS、腾讯云 COS、MinIO 等 S3 兼容存储）",
                                 description="只上传内容有变化的文件，先传资源后传页面，最后删除网站里已没有的文件。"
                                 "密钥取自环境变量 AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY，不会显示。")
    config_option(deploy)
    deploy.add_argument("site_dir", type=Path, metavar="SITE_DIR", help="构建好的网站文件夹，一般是 site")
    deploy.add_argument("target", metavar="s3://BUCKET[/PREFIX]", help="存储桶，可带前缀（子文件夹）")
    deploy.add_argument("--endpoint", metavar="URL",
                        help="存储服务地址，如 https://s3.oss-cn-hangzhou.aliyuncs.com 或 https://cos.ap-guangzhou.myqcloud.com")
    deploy.add_argument("--region", metavar="R", help="地域，如 cn-hangzhou、ap-guangzhou；默认环境变量 AWS_DEFAULT_REGION")
    deploy.add_argument("--addressing", choices=("auto", "virtual", "path"), default="auto",
                        help="请求寻址方式：virtual 为 桶名.域名（OSS、COS 必须），path 为 域名/桶名（MinIO）；"
                        "auto 对 aliyuncs.com、myqcloud.com、myhuaweicloud.com 用 virtual，其他 --endpoint 用 path")
    deploy.add_argument("--dry-run", action="store_true", help="只列出将上传和删除的文件，不改动存储")
    deploy.add_argument("--force", action="store_true", help="全部重新上传（如改了响应头规则之后）")
    deploy.add_argument("--no-redirect-header", action="store_true",
                        help="不给跳转页设 x-amz-website-redirect-location（存储不支持该头时用；跳转页照样有效）")
    nginx = commands.add_parser("nginx-config", help="为自有 nginx 服务器输出网站的 server 配置块",
                                description="按 data/redirects.yml 生成 301 跳转，另含 404 页、字符集、缓存策略和安全响应头。"
                                "先构建网站：安全策略要用到页面里的内联脚本。")
    config_option(nginx)
    nginx.add_argument("--root", metavar="PATH", help="服务器上网站文件所在的绝对路径；默认本机构建出的 site 文件夹")
    nginx.add_argument("--server-name", default="_", metavar="NAME", help="域名，如 news.example.org.cn（默认 _：任意）")
    nginx.add_argument("--listen", default="80", metavar="ADDR:PORT", help="监听地址和端口，如 80 或 127.0.0.1:8080（默认 80）")
    nginx.add_argument("--site", type=Path, metavar="SITE_DIR", help="本机构建好的网站文件夹（默认 mkdocs.yml 旁的 site）")


def run(project: Project, args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        redirects, lines = _redirects(project)
        if args.command == "deploy":
            return _deploy(project, args, redirects, out, err)
        site_dir = (args.site or project.root / "site").absolute()
        if not (site_dir / "index.html").is_file():
            raise HostingError(f"{site_dir} 里没有构建好的网站：请先运行 mkdocs build，或用 --site 指明 (no built site)")
        csp = policy(inline_script_hashes(site_dir), check_hosts(project.options.trusted_embed_hosts),
                     check_hosts(project.options.trusted_image_hosts))
        owned = {old for old in redirects if _is_page(site_dir, old)}
        site = NginxSite(
            root=args.root or site_dir.as_posix(), server_name=args.server_name, listen=args.listen,
            redirects={old: new for old, new in redirects.items() if old not in owned}, redirect_lines=lines,
            redirects_file=_display(project, project.redirects), csp=csp,
        )
        out.write(server_block(site))
        return 0
    except HostingError as exc:
        print(f"错误 (error): {exc}", file=err)
        return 1
    except KeyboardInterrupt:
        print("已中断：已上传的文件保留，网站仍然完整；再运行一次即可完成 (interrupted; run again to finish)", file=err)
        return 130


def _display(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


def _redirects(project: Project) -> tuple[dict[str, str], dict[str, int]]:
    problems = Problems()
    display = _display(project, project.redirects)
    redirects, lines = read_redirects(project.redirects, display, problems)
    if problems:
        raise HostingError(problems.report() + "\n请先改正，再运行 gonghui check (fix data/redirects.yml first)")
    return redirects, lines


def _is_page(site_dir: Path, old: str) -> bool:
    """True when the built site has a real page (not a redirect page) at `old`: such a redirect is not served."""
    page = site_dir / old.strip("/") / "index.html"
    return page.is_file() and not is_redirect_page(page)


def is_redirect_page(page: Path) -> bool:
    head = page.read_bytes()[:2048]
    return b'http-equiv="refresh"' in head and b'name="robots" content="noindex"' in head


def _deploy(project: Project, args: argparse.Namespace, redirects: dict[str, str], out: TextIO, err: TextIO) -> int:
    from ..core.hosting.deploy import run_deploy, summary
    from ..core.hosting.s3 import S3Store, parse_target
    from ..core.hosting.sitefiles import site_files

    target = parse_target(args.target)
    site_dir = args.site_dir.absolute()
    files = site_files(site_dir, redirects)
    # A redirect header only on the build's own redirect pages, never on a real page that has the old URL.
    files = [f if f.redirect is None or is_redirect_page(f.path) else replace(f, redirect=None) for f in files]
    store = S3Store(target, endpoint=args.endpoint, region=args.region, addressing=args.addressing,
                    timeout=float(os.environ.get("GONGHUI_DEPLOY_TIMEOUT", "20")))
    outcome = run_deploy(store, files, redirect_prefix=target.website_root, dry_run=args.dry_run, force=args.force,
                         redirect_header=not args.no_redirect_header, progress=lambda text: print(text, file=err))
    for action in outcome.actions:
        print(action, file=out)
    print(summary(outcome), file=out)
    return 0
