"""Golden tests of the core pipeline, without MkDocs: each case is a small project in YAML, with the
problems `check_project` reports and the plan `plan_site` makes (every page and file, with its kind).

Set GONGHUI_UPDATE_GOLDEN=1 to rewrite the expected parts after a deliberate change; review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest
import yaml
from gonghui.core.generate.render import Renderer
from gonghui.core.options import PluginOptions
from gonghui.core.pipeline import check_project, plan_site
from gonghui.core.project import Project
from gonghui.core.text.timeutil import BEIJING

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.yml"))


def _write_project(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)


def _run(case: dict, root: Path) -> dict:
    _write_project(root, case["files"])
    options = PluginOptions.from_values(case.get("options", {}))
    project = Project(root, root / "content", "https://example.org/", "测试站", "", options)
    now = dt.datetime.fromisoformat(case["now"]).replace(tzinfo=BEIJING)
    result = check_project(project, now, preview=case.get("preview", False))
    out: dict = {
        "errors": [str(p) for p in result.problems.sorted()],
        "warnings": [str(p) for p in result.problems.sorted_warnings()],
        "notes": [str(p) for p in result.problems.sorted_notes()],
    }
    if result.checked is not None:
        plan = plan_site(result.checked)
        out["pages"] = [f"{p.kind.value} /{p.url} {p.title}" + (f" [{p.search_kind}]" if p.search_kind else "")
                        + (f" feed={p.feed.base or '/'}" if p.feed else "") for p in plan.pages]
        out["articles"] = [f"{p.kind.value} /{p.url} {p.article.title}" for p in plan.articles]
        out["files"] = [f"{f.kind.value} {f.path}" for f in plan.files]
        renderer = Renderer(result.checked.site, {"site_name": "测试站"})
        out["shown"] = {page.url: _shown(renderer.render(page.template, page.url, title=page.title, **page.context))
                        for page in plan.pages if page.url in case.get("show", [])}
    return out


def _shown(html: str) -> list[str]:
    """The page's text lines that carry figures or preview marks: enough to see what a reader gets."""
    import re
    text = re.sub(r"<[^>]+>", "\n", html)
    return [line.strip() for line in text.splitlines() if line.strip() and re.search(r"\d|预览", line)]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_plan(path: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    got = _run(case, tmp_path)
    if os.environ.get("GONGHUI_UPDATE_GOLDEN"):
        case["expect"] = got
        path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
        print(f"rewrote {path.name}", file=sys.stderr)
    assert got == case["expect"]


def test_golden_cases_exist() -> None:
    assert len(CASES) >= 3
