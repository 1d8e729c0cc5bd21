"""The project decides what it reads: every file under `content/` and `data/`, classified by stated rules.

Nothing outside the content and data folders is ever read: a symbolic link (to a file or a folder) is
followed only when it resolves inside them, and a folder link that loops is refused. What MkDocs would
build as a page is checked as one: `.md` is the only page extension, and other Markdown extensions are
errors rather than pages published unchecked. Files that are published as they are (`assets`) must have
an allowed extension; HTML, JavaScript and CSS need the `allow_web_files` option and may never take the
place of a theme or plugin file; an SVG with scripts, event handlers or outside references is refused.
Backups (`x.md~`, `.bak`, `.swp` …) and system files are left out with a note.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..messages import define, say
from ..model.site import SiteSources
from ..problems import Problems

LINK_OUTSIDE = define("GH201", "符号链接指向内容和数据文件夹以外的文件，不读取、不发布；请把文件复制进来 "
                      "(symbolic link outside the project)",
                      "content/ 或 data/ 里的符号链接指向外面（如 /etc、.git）")
LINK_DANGLING = define("GH202", "符号链接指向不存在的文件；删掉这个链接 (dangling symbolic link)", "符号链接的目标不存在")
LINK_LOOP = define("GH203", "文件夹链接形成循环（指回自己或上级文件夹）；删掉这个链接 (symbolic link loop)", "文件夹链接指向包含它的文件夹")
FOLDER_OUTSIDE = define("GH204", "这个文件夹本身是指向项目以外的符号链接，不读取 (folder links outside the project)",
                        "content/ 或 data/ 整个是指向外面的链接")
FOLDER_UNREADABLE = define("GH205", "读不了这个文件夹：{why} (cannot read the folder)", "文件夹没有读取权限等")
FILE_UNREADABLE = define("GH206", "读不了这个文件 (cannot read the file)", "文件没有读取权限等")
NOT_MD = define("GH210", "Markdown 文件的扩展名必须是小写的 .md 才会被检查和发布；改名为 {name} (Markdown file must end in .md)",
                "文章或页面用了 .markdown、.mdown、.MD 等扩展名")
WEB_FILE = define("GH211", "内容文件夹里的 HTML、JavaScript、CSS 文件不发布（它们能在网站上运行脚本）；删掉它，或由管理员设置插件选项 "
                  "allow_web_files: true (web files are not published)", "content/ 里有 .html、.js、.css 文件")
RESERVED_PATH = define("GH212", "这个位置属于主题、搜索或插件，内容文件不能替换它；换个文件夹 (path owned by the theme)",
                       "文件放在 assets/javascripts/、pagefind/ 等保留位置")
UNSAFE_SVG = define("GH213", "这个 SVG 含有{what}，会在读者的浏览器里运行代码或从别处加载；请重新导出为普通 SVG 或 PNG (unsafe SVG)",
                    "SVG 图片里有脚本、事件属性或外部引用")
EXTENSION = define("GH214", "扩展名为 {ending} 的文件不发布；可以发布的是 {allowed}（管理员可用插件选项 asset_extensions 增加）"
                   " (file type not published)", "文件类型不在允许发布的清单里")
BACKUP = define("GH215", "备份或临时文件，不发布、不读取 (backup file left out)", "x.md~、.bak、.swp 之类的文件")
NOT_YAML = define("GH216", "不是 YAML 文件（.yml），不读取 (not a YAML file)", "data/ 里有别的文件")

PAGE_SUFFIX = ".md"
# What MkDocs (or an editor) may take for Markdown; only `.md` is read as a page here.
OTHER_MARKDOWN = {".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext"}
IMAGES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp"}
DOCUMENTS = {".pdf", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
             ".wps", ".et", ".dps", ".txt", ".csv", ".zip", ".rar", ".7z"}
MEDIA = {".mp3", ".m4a", ".aac", ".wav", ".ogg", ".mp4", ".m4v", ".webm", ".mov"}
WEB_FILES = {".html", ".htm", ".js", ".mjs", ".css", ".json", ".xml", ".map", ".woff", ".woff2", ".ttf"}
ASSETS = IMAGES | DOCUMENTS | MEDIA
PLAIN_NAMES = {"CNAME"}  # GitHub Pages' custom-domain file
BACKUP_SUFFIXES = {".bak", ".orig", ".rej", ".swp", ".swo", ".tmp", ".old"}
SYSTEM_NAMES = {"Thumbs.db", "desktop.ini", "Desktop.ini"}
DATA_SUFFIXES = {".yml", ".yaml"}
# Site paths our theme, plugin and search own: a file from content/ may never replace one of them.
RESERVED = ("assets/javascripts/", "assets/stylesheets/", "assets/gonghui/", "pagefind/", "api/", "search/")
RESERVED_FILES = {"404.html", "sitemap.xml", "sitemap.xml.gz", "robots.txt", "feed.xml", "atom.xml"}

_SVG_DANGER = [
    ("脚本 <script>", re.compile(r"<script\b", re.I)),
    ("事件属性 on…=", re.compile(r"\son[a-z]+\s*=", re.I)),
    ("<foreignObject>", re.compile(r"<foreignObject\b", re.I)),
    ("javascript: 地址", re.compile(r"javascript:", re.I)),
    ("指向其他网站的引用",
     re.compile(r"""(?:href|src)\s*=\s*["']\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)),
]


class Role(StrEnum):
    ARTICLE = "article"
    PAGE = "page"
    ASSET = "asset"  # published as it is, when a published page refers to it (or it is listed as public)
    WEB = "web"  # HTML, JS, CSS …, only with allow_web_files
    RECORD = "record"


@dataclass
class Inventory:
    content: dict[str, Role] = field(default_factory=dict)  # src_uri (relative to content/) -> role
    data: dict[str, Role] = field(default_factory=dict)  # path relative to data/ -> role
    ignored: set[str] = field(default_factory=set)  # content src_uris left out (backups, system files)
    unsafe: bool = False  # a link leads outside or loops: nothing more is read

    def of_role(self, role: Role) -> list[str]:
        return sorted(uri for uri, r in self.content.items() if r is role)


def _inside(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith(root + os.sep) for root in roots)


def _is_backup(name: str) -> bool:
    suffix = posixpath.splitext(name)[1].lower()
    return name.endswith("~") or suffix in BACKUP_SUFFIXES or (name.startswith("#") and name.endswith("#"))


@dataclass
class _Walk:
    sources: SiteSources
    problems: Problems
    roots: list[str]
    visited: set[str] = field(default_factory=set)
    files: list[tuple[Path, str]] = field(default_factory=list)  # (path, posix path relative to the walked top)
    unsafe: bool = False

    def refuse(self, path: Path, message: str) -> None:
        self.unsafe = True
        self.problems.add(self.sources.display(path), 0, message)

    def folder(self, path: Path, rel: str) -> None:
        real = os.path.realpath(path)
        if real in self.visited:
            self.refuse(path, say(LINK_LOOP))
            return
        self.visited.add(real)
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            self.problems.add(self.sources.display(path), 0, say(FOLDER_UNREADABLE, why=exc.strerror))
            return
        for entry in entries:
            self.entry(Path(entry.path), f"{rel}{entry.name}", entry)

    def entry(self, path: Path, rel: str, entry: os.DirEntry[str]) -> None:
        if entry.is_symlink():
            target = os.path.realpath(path)
            if not os.path.exists(target):
                self.refuse(path, say(LINK_DANGLING))
                return
            if not _inside(target, self.roots):
                self.refuse(path, say(LINK_OUTSIDE))
                return
            if os.path.isdir(target):
                if _inside(os.path.realpath(path.parent), [target]):
                    self.refuse(path, say(LINK_LOOP))
                    return
                self.folder(path, rel + "/")
                return
        if entry.is_dir(follow_symlinks=True):
            self.folder(path, rel + "/")
        elif entry.is_file(follow_symlinks=True):
            self.files.append((path, rel))


def _walk(top: Path, sources: SiteSources, problems: Problems) -> _Walk:
    roots = [os.path.realpath(sources.content_dir), os.path.realpath(sources.data_dir)]
    walk = _Walk(sources, problems, roots)
    if top.is_symlink() and not _inside(os.path.realpath(top), [os.path.realpath(sources.root)]):
        walk.refuse(top, say(FOLDER_OUTSIDE))
    elif top.is_dir():
        walk.folder(top, "")
    return walk


def _svg_problem(path: Path) -> str | None:
    try:
        text = path.read_bytes()[: 2_000_000].decode("utf-8", errors="replace")
    except OSError:
        return say(FILE_UNREADABLE)
    for what, pattern in _SVG_DANGER:
        if pattern.search(text):
            return say(UNSAFE_SVG, what=what)
    return None


def _classify_content(rel: str, path: Path, allow_web: bool, extra: set[str]) -> tuple[Role | None, str]:
    """A content file's role, or None with why it is left out ('' = silently) or refused (an error text)."""
    name = posixpath.basename(rel)
    suffix = posixpath.splitext(name)[1]
    lower = suffix.lower()
    if any(part.startswith(".") for part in rel.split("/")) or name in SYSTEM_NAMES:
        return None, ""  # hidden and system files: MkDocs leaves them out too
    if _is_backup(name):
        return None, "note:" + say(BACKUP)
    if suffix == PAGE_SUFFIX:
        return (Role.ARTICLE if rel.startswith("news/") else Role.PAGE), ""
    if lower == PAGE_SUFFIX or lower in OTHER_MARKDOWN:
        return None, "error:" + say(NOT_MD, name=posixpath.basename(rel[: -len(suffix)]) + ".md")
    if lower in WEB_FILES:
        if not allow_web:
            return None, "error:" + say(WEB_FILE)
        if rel.startswith(RESERVED) or rel in RESERVED_FILES:
            return None, "error:" + say(RESERVED_PATH)
        return Role.WEB, ""
    if lower in ASSETS or lower in extra or name in PLAIN_NAMES:
        if rel.startswith(RESERVED) or rel in RESERVED_FILES:
            return None, "error:" + say(RESERVED_PATH)
        if lower == ".svg":
            danger = _svg_problem(path)
            if danger:
                return None, f"error:{danger}"
        return Role.ASSET, ""
    allowed = ", ".join(sorted(ext.lstrip(".") for ext in ASSETS | extra))
    return None, "error:" + say(EXTENSION, ending=suffix or "（无）", allowed=allowed)


def take_inventory(
    sources: SiteSources, problems: Problems, *, allow_web_files: bool = False, asset_extensions: list[str] | None = None
) -> Inventory:
    """Walk content/ and data/ without leaving them; classify every file; refuse unsafe links and files."""
    extra = {("." + ext.lower().lstrip(".")) for ext in asset_extensions or []}
    inventory = Inventory()
    content = _walk(sources.content_dir, sources, problems)
    data = _walk(sources.data_dir, sources, problems)
    inventory.unsafe = content.unsafe or data.unsafe
    for path, rel in content.files:
        role, why = _classify_content(rel, path, allow_web_files, extra)
        if role is not None:
            inventory.content[rel] = role
            continue
        inventory.ignored.add(rel)
        kind, _, message = why.partition(":")
        if kind == "error":
            problems.add(sources.display(path), 0, message)
        elif kind == "note":
            problems.note(sources.display(path), 0, message)
    for path, rel in data.files:
        name = posixpath.basename(rel)
        if any(part.startswith(".") for part in rel.split("/")) or name in SYSTEM_NAMES:
            continue
        if posixpath.splitext(name)[1].lower() in DATA_SUFFIXES and not _is_backup(name):
            inventory.data[rel] = Role.RECORD
        elif _is_backup(name):
            problems.note(sources.display(path), 0, say(BACKUP))
        else:
            problems.note(sources.display(path), 0, say(NOT_YAML))
    return inventory
