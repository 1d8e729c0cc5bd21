"""The editing desk in the built site (admin/) and the preview server's answers to it.

The Decap CMS bundle is copied from node_modules/ (pinned in package-lock.json) into the site: no CDN.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core.desk.config import DeskSettings, config_text
from ..core.desk.local import PROBLEMS_PATH, SLUG_PATH, as_json, problems_answer, slug_answer
from ..core.messages import define, say
from ..core.model.regions import RegionTable
from ..core.options import PluginOptions
from ..core.project import Project

log = logging.getLogger("mkdocs.plugins.gonghui")

NO_BUNDLE = define("GH490", "这次构建没有编辑台 /admin/：mkdocs.yml 打开了 desk，但找不到 {path}；运行 bash scripts/setup.sh"
                   "（需要 npm）装好固定版本的 Decap CMS 后再构建，或在 mkdocs.yml 里删掉 desk: true (desk bundle missing)",
                   "mkdocs.yml 打开了 desk，但 node_modules 里没有 decap-cms（没装 npm，或没运行 setup.sh）")
OUR_FILES = ("index.html", "desk.js", "desk.css")


def settings(options: PluginOptions) -> DeskSettings:
    return DeskSettings(options.desk_backend, options.desk_repo, options.desk_branch, options.desk_base_url,
                        options.desk_app_id, options.desk_port)


def bundle_files(root: Path) -> Iterable[tuple[str, Path]]:
    """(site path, file) of the pinned Decap CMS and yaml bundles: the app, its lazy chunks and WebAssembly."""
    dist = root / "node_modules" / "decap-cms" / "dist"
    for path in sorted(dist.glob("*decap-cms.js")) + sorted(dist.glob("*.wasm")):
        yield f"admin/{path.name}", path
    yaml = root / "node_modules" / "yaml" / "browser" / "dist"
    for path in sorted(yaml.rglob("*.js")):
        yield f"admin/yaml/{path.relative_to(yaml).as_posix()}", path


def add_desk(files: Files, config: MkDocsConfig, project: Project, regions: RegionTable) -> None:
    """admin/: our page, script and config, then the bundle. Without the bundle, a warning and no desk:
    an editor's preview without npm still works (`--strict` builds, as CI's, stop at the warning)."""
    main = project.root / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
    if not main.is_file():
        log.warning(say(NO_BUNDLE, path=main))
        return
    for name in OUR_FILES:
        content = resources.files("gonghui").joinpath("assets", "desk", name).read_bytes()
        files.append(File.generated(config, f"admin/{name}", content=content))
    content_dir = Path(config.docs_dir).relative_to(project.root).as_posix()
    text = config_text(settings(project.options), regions, content_dir)
    files.append(File.generated(config, "admin/config.yml", content=text))
    for uri, path in bundle_files(project.root):
        files.append(File.generated(config, uri, abs_src_path=str(path)))


def serve_desk_api(server: Any, project: Callable[[], Project], site_dir: Path) -> None:
    """`mkdocs serve` also answers the desk: pinyin file names, and what `gonghui check` says now.

    The desk's own files are served from the last good build without waiting: MkDocs holds every request back
    while a rebuild has errors ("the server will appear stuck"), which is just when the editor needs the desk.
    """
    app = server.get_app()  # wsgiref's WSGIServer API, which MkDocs' LiveReloadServer is
    admin = (site_dir / "admin").resolve()

    def desk_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if path.endswith(SLUG_PATH):
            body, kind = as_json(slug_answer(environ.get("QUERY_STRING", ""))), JSON
        elif path.endswith(PROBLEMS_PATH):
            body, kind = as_json(problems_answer(project())), JSON
        elif (found := _desk_file(admin, path)) is not None:
            body, kind = found.read_bytes(), _type_of(found)
        else:
            return app(environ, start_response)
        start_response("200 OK", [("Content-Type", kind), ("Cache-Control", "no-store"),
                                  ("Content-Length", str(len(body)))])
        return [body]

    server.set_app(desk_app)


JSON = "application/json; charset=utf-8"


def _type_of(path: Path) -> str:
    if path.suffix == ".yml":  # Decap reads config.yml as YAML either way, but says so when the type is not YAML
        return "text/yaml; charset=utf-8"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _desk_file(admin: Path, path: str) -> Path | None:
    """The built desk file a request path names (`/admin/` is its index.html); None outside admin/."""
    prefix = "/admin/"
    if not path.startswith(prefix):
        return None
    found = (admin / (path[len(prefix):] or "index.html")).resolve()
    if not found.is_relative_to(admin) or not found.is_file():
        return None
    return found
