"""What the local preview server answers the desk (scripts/serve.sh): pinyin file names and our check's messages.

Only `mkdocs serve` answers these; a published site has no server, so the desk then works without them.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs

from ..pipeline import check_project
from ..project import Project
from ..text.naming import person_slug, title_slug
from ..text.timeutil import build_now

SLUG_PATH = "/admin/api/slug"
PROBLEMS_PATH = "/admin/api/problems"


def slug_answer(query: str) -> dict[str, str]:
    """{'slug': …} for ?title=…&kind=…: the pinyin file name `gonghui new` would give (a person's name for workers)."""
    params = parse_qs(query)
    title = (params.get("title") or [""])[0][:500]
    kind = (params.get("kind") or [""])[0]
    return {"slug": person_slug(title) if kind == "workers" else title_slug(title)}


def problems_answer(project: Project, now: dt.datetime | None = None) -> dict[str, list[str]]:
    """`gonghui check`'s errors and warnings, each one line as the editor reads it in the terminal."""
    result = check_project(project, now or build_now(project.options.build_date), preview=True)
    return {
        "errors": [str(problem) for problem in result.problems.sorted()],
        "warnings": [str(problem) for problem in result.problems.sorted_warnings()],
    }


def as_json(answer: object) -> bytes:
    return json.dumps(answer, ensure_ascii=False).encode("utf-8")
