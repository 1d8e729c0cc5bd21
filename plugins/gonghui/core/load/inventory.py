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

from ..model.site import SiteSources
from ..problems import Problems

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
    ("a <script>", re.compile(r"<script\b", re.I)),
    ("an on… event attribute", re.compile(r"\son[a-z]+\s*=", re.I)),
    ("a <foreignObject>", re.compile(r"<foreignObject\b", re.I)),
    ("a javascript: address", re.compile(r"javascript:", re.I)),
    ("a reference to another host",
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
            self.refuse(path, "this folder link loops back to a folder already read; remove the link (符号链接形成循环)")
            return
        self.visited.add(real)
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            self.problems.add(self.sources.display(path), 0, f"cannot read the folder: {exc.strerror}")
            return
        for entry in entries:
            self.entry(Path(entry.path), f"{rel}{entry.name}", entry)

    def entry(self, path: Path, rel: str, entry: os.DirEntry[str]) -> None:
        if entry.is_symlink():
            target = os.path.realpath(path)
            if not os.path.exists(target):
                self.refuse(path, "a symbolic link to nothing; remove it (符号链接指向不存在的文件)")
                return
            if not _inside(target, self.roots):
                self.refuse(path, "a symbolic link to a file outside the content and data folders is refused; "
                                  "copy the file in instead (不读取项目以外的文件)")
                return
            if os.path.isdir(target):
                if _inside(os.path.realpath(path.parent), [target]):
                    self.refuse(path, "this folder link points at a folder that contains it (a loop); remove the link")
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
        walk.refuse(top, "the folder is a symbolic link to outside the project; it is not read (不读取项目以外的文件)")
    elif top.is_dir():
        walk.folder(top, "")
    return walk


def _svg_problem(path: Path) -> str | None:
    try:
        text = path.read_bytes()[: 2_000_000].decode("utf-8", errors="replace")
    except OSError:
        return "cannot read the file"
    for what, pattern in _SVG_DANGER:
        if pattern.search(text):
            return (f"the SVG contains {what}, which could run code or load from elsewhere in readers' browsers; "
                    "save it again as a plain SVG or a PNG (SVG 含脚本或外部引用)")
    return None


def _classify_content(rel: str, path: Path, allow_web: bool, extra: set[str]) -> tuple[Role | None, str]:
    """A content file's role, or None with why it is left out ('' = silently) or refused (an error text)."""
    name = posixpath.basename(rel)
    suffix = posixpath.splitext(name)[1]
    lower = suffix.lower()
    if any(part.startswith(".") for part in rel.split("/")) or name in SYSTEM_NAMES:
        return None, ""  # hidden and system files: MkDocs leaves them out too
    if _is_backup(name):
        return None, "note:a backup or temporary file; it is not published (备份文件，不发布)"
    if suffix == PAGE_SUFFIX:
        return (Role.ARTICLE if rel.startswith("news/") else Role.PAGE), ""
    if lower == PAGE_SUFFIX or lower in OTHER_MARKDOWN:
        return None, f"error:a Markdown file must end in lowercase .md to be checked and published; rename it to {rel[: -len(suffix)]}.md"
    if lower in WEB_FILES:
        if not allow_web:
            return None, ("error:HTML, JavaScript and CSS files are not published from the content folder (they could "
                          "run scripts on the site); remove it, or set the plugin option allow_web_files: true")
        if rel.startswith(RESERVED) or rel in RESERVED_FILES:
            return None, "error:this path belongs to the theme, the search or the plugin; a content file may not replace it"
        return Role.WEB, ""
    if lower in ASSETS or lower in extra or name in PLAIN_NAMES:
        if rel.startswith(RESERVED) or rel in RESERVED_FILES:
            return None, "error:this path belongs to the theme, the search or the plugin; a content file may not replace it"
        if lower == ".svg":
            danger = _svg_problem(path)
            if danger:
                return None, f"error:{danger}"
        return Role.ASSET, ""
    allowed = ", ".join(sorted(ext.lstrip(".") for ext in ASSETS | extra))
    return None, (f"error:files ending in {suffix or '(nothing)'} are not published; allowed are {allowed} "
                  "(add more with the plugin option asset_extensions)")


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
            problems.note(sources.display(path), 0, "a backup or temporary file; it is not read (备份文件，不读取)")
        else:
            problems.note(sources.display(path), 0, "not a YAML file (.yml); it is not read")
    return inventory
