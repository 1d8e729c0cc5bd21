"""`gonghui deploy` against a real S3 server (moto, on 127.0.0.1): the sample site built for real, deployed,
redeployed unchanged, after an edit, after a removal; headers, redirects and every failure an operator can meet."""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from browser_support import build_copied_site, copy_sample_project
from gonghui.core.hosting.deploy import run_deploy
from gonghui.core.hosting.policy import YEAR, cache_control, content_type
from gonghui.core.hosting.s3 import S3Store, parse_target
from gonghui.core.hosting.sitefiles import HostingError, site_files
from hosting_support import DEPLOY_SUMMARY, S3Server, free_port

OLD = "/news/2022/06/old-chayi/"
NEW = "/news/2022/06/huaibei-zhigong-yexiao-chayi/"
OUTSIDE = "https://www.acftu.org/"
REDIRECTS = f"{OLD}: {NEW}\n/news/2022/06/to-federation/: {OUTSIDE}\n"
EDITED = "content/news/2022/huaibei-zhigong-yexiao-chayi.md"
REMOVED = "content/news/2022/hefei-ditie-wuhaoxian-laodong-jingsai.md"
REMOVED_URL = "/news/2022/06/hefei-ditie-wuhaoxian-laodong-jingsai/"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The sample site with two redirects (one inside the site, one out), built."""
    root = tmp_path_factory.mktemp("deploy-site")
    copy_sample_project(root)
    (root / "data" / "redirects.yml").write_text(REDIRECTS, encoding="utf-8")
    build_copied_site(root)
    return root


def hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.md5(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()}


def stored(s3: S3Server, bucket: str, prefix: str = "") -> dict[str, str]:
    found = {}
    for page in s3.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            found[item["Key"][len(prefix):]] = item["ETag"].strip('"')
    return found


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any AWS setting of the machine, and no instance-metadata lookups."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_EC2_METADATA_DISABLED="true", AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
               GONGHUI_DEPLOY_TIMEOUT="3", **extra)
    return env


def deploy(root: Path, target: str, endpoint: str, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gonghui.cli", "-f", str(root / "mkdocs.yml"), "deploy", str(root / "site"), target,
         "--endpoint", endpoint, *extra],
        capture_output=True, text=True, env=env, timeout=300,
    )


def counts(run: subprocess.CompletedProcess) -> tuple[int, int, int]:
    assert run.returncode == 0, run.stdout + run.stderr
    match = DEPLOY_SUMMARY.search(run.stdout)
    assert match, run.stdout
    return int(match[1]), int(match[3]), int(match[4])


def planned(run: subprocess.CompletedProcess) -> tuple[set[str], set[str]]:
    """The files a --dry-run lists as to upload and to delete."""
    assert run.returncode == 0, run.stdout + run.stderr
    ups = {line.split(" ", 2)[2] for line in run.stdout.splitlines() if line.startswith("上传 (upload) ")}
    downs = {line.split(" ", 2)[2] for line in run.stdout.splitlines() if line.startswith("删除 (delete) ")}
    return ups, downs


def test_deploys_are_incremental_edits_upload_only_what_changed_and_removals_are_deleted(project, s3):
    s3.client().create_bucket(Bucket="cycle")
    env = clean_env(**s3.keys.env())
    site = project / "site"
    first = hashes(site)

    # First deploy: everything, and the store then holds exactly the site, byte for byte (ETag = MD5).
    assert counts(deploy(project, "s3://cycle", s3.endpoint, env)) == (len(first), 0, 0)
    assert stored(s3, "cycle") == first

    # Unchanged: nothing goes up.
    assert counts(deploy(project, "s3://cycle", s3.endpoint, env)) == (0, len(first), 0)

    # One article edited: exactly the files whose bytes changed (the page, its search records) go up.
    path = project / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\n补记：结业式上，学员们为工友们沏了一壶新茶。\n", encoding="utf-8")
    build_copied_site(project)
    second = hashes(site)
    changed = {key for key, digest in second.items() if first.get(key) != digest}
    gone = set(first) - set(second)
    assert "news/2022/06/huaibei-zhigong-yexiao-chayi/index.html" in changed
    assert ups_and_downs(project, s3, env) == (changed, gone)
    assert counts(deploy(project, "s3://cycle", s3.endpoint, env)) == (len(changed), len(second) - len(changed), len(gone))
    assert stored(s3, "cycle") == second

    # One article removed (and taken out of published-urls.txt on purpose): its page is deleted from the store.
    (project / REMOVED).unlink()
    record = project / "published-urls.txt"
    record.write_text(record.read_text(encoding="utf-8").replace(REMOVED_URL + "\n", ""), encoding="utf-8")
    build_copied_site(project)
    third = hashes(site)
    gone = set(second) - set(third)
    assert REMOVED_URL.strip("/") + "/index.html" in gone
    changed = {key for key, digest in third.items() if second.get(key) != digest}
    assert ups_and_downs(project, s3, env) == (changed, gone)
    assert counts(deploy(project, "s3://cycle", s3.endpoint, env)) == (len(changed), len(third) - len(changed), len(gone))
    assert stored(s3, "cycle") == third


def ups_and_downs(project: Path, s3: S3Server, env: dict[str, str]) -> tuple[set[str], set[str]]:
    before = stored(s3, "cycle")
    result = planned(deploy(project, "s3://cycle", s3.endpoint, env, "--dry-run"))
    assert stored(s3, "cycle") == before, "--dry-run changed the store"
    return result


def test_every_file_has_its_type_charset_and_cache_policy(project, s3):
    s3.client().create_bucket(Bucket="headers")
    assert deploy(project, "s3://headers", s3.endpoint, clean_env(**s3.keys.env())).returncode == 0
    client = s3.client()
    keys = sorted(stored(s3, "headers"))
    for key in keys:
        head = client.head_object(Bucket="headers", Key=key)
        assert (head["ContentType"], head["CacheControl"]) == (content_type(key), cache_control(key)), key
    expected = {
        "index.html": ("text/html; charset=utf-8", "no-cache"),
        "feed.xml": ("application/rss+xml; charset=utf-8", "no-cache"),
        "atom.xml": ("application/atom+xml; charset=utf-8", "no-cache"),
        "sitemap.xml": ("application/xml; charset=utf-8", "no-cache"),
        "training/calendar.ics": ("text/calendar; charset=utf-8", "no-cache"),
        "api/programs.json": ("application/json; charset=utf-8", "no-cache"),
        "assets/gonghui/gonghui.js": ("text/javascript; charset=utf-8", "no-cache"),
        "assets/gonghui/gonghui.css": ("text/css; charset=utf-8", "no-cache"),
    }
    for key, (kind, cache) in expected.items():
        head = client.head_object(Bucket="headers", Key=key)
        assert (head["ContentType"], head["CacheControl"]) == (kind, cache), key
    year = [k for k in keys if re.search(r"assets/stylesheets/main\.[0-9a-f]{8}\.min\.css$", k) or k.endswith(".pf_fragment")]
    assert len(year) > 5
    for key in year:
        assert client.head_object(Bucket="headers", Key=key)["CacheControl"] == YEAR, key


def test_redirects_are_real_redirects_and_the_page_stays_for_other_stores(project, s3):
    s3.client().create_bucket(Bucket="moved")
    env = clean_env(**s3.keys.env())
    assert deploy(project, "s3://moved/zhigong/", s3.endpoint, env).returncode == 0
    client = s3.client()
    head = client.head_object(Bucket="moved", Key="zhigong" + OLD + "index.html")
    assert head["WebsiteRedirectLocation"] == "/zhigong" + NEW, "the site lives under the prefix on the website"
    body = client.get_object(Bucket="moved", Key="zhigong" + OLD + "index.html")["Body"].read().decode("utf-8")
    assert 'http-equiv="refresh"' in body and "huaibei-zhigong-yexiao-chayi" in body
    outside = client.head_object(Bucket="moved", Key="zhigong/news/2022/06/to-federation/index.html")
    assert outside["WebsiteRedirectLocation"] == OUTSIDE
    assert "WebsiteRedirectLocation" not in client.head_object(Bucket="moved", Key="zhigong" + NEW + "index.html")
    assert not [k for k in stored(s3, "moved") if not k.startswith("zhigong/")], "nothing outside the prefix"

    # A store that refuses the header: the redirect pages go up without it.
    client.create_bucket(Bucket="moved-plain")
    assert deploy(project, "s3://moved-plain", s3.endpoint, env, "--no-redirect-header").returncode == 0
    assert "WebsiteRedirectLocation" not in client.head_object(Bucket="moved-plain", Key=OLD.lstrip("/") + "index.html")


def test_deletes_stay_inside_the_prefix(project, s3):
    client = s3.client()
    client.create_bucket(Bucket="shared")
    client.put_object(Bucket="shared", Key="other/keep.txt", Body=b"another site's file")
    client.put_object(Bucket="shared", Key="site/stale.html", Body=b"left from an old build")
    assert counts(deploy(project, "s3://shared/site", s3.endpoint, clean_env(**s3.keys.env())))[2] == 1
    keys = stored(s3, "shared")
    assert "other/keep.txt" in keys and "site/stale.html" not in keys


def assert_failed_cleanly(run: subprocess.CompletedProcess, expected: str, *secrets: str) -> None:
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert expected in run.stderr, output
    assert "Traceback" not in output
    for secret in secrets:
        assert secret not in output, "a credential was printed"


def test_bad_credentials_are_named_without_printing_them(project, s3):
    s3.client().create_bucket(Bucket="guarded")
    wrong_secret = "Wr0ngSecretNeverToBePrinted/abc"
    env = clean_env(AWS_ACCESS_KEY_ID=s3.keys.access_key, AWS_SECRET_ACCESS_KEY=wrong_secret)
    run = deploy(project, "s3://guarded", s3.endpoint, env)
    assert_failed_cleanly(run, "访问密钥无效", wrong_secret, s3.keys.secret_key)
    unknown = clean_env(AWS_ACCESS_KEY_ID="AKIAUNKNOWNKEY000000", AWS_SECRET_ACCESS_KEY=wrong_secret)
    assert_failed_cleanly(deploy(project, "s3://guarded", s3.endpoint, unknown), "访问密钥无效", wrong_secret)
    assert_failed_cleanly(deploy(project, "s3://guarded", s3.endpoint, clean_env()), "没有找到存储的访问密钥")


def test_a_key_without_permission_is_told_apart(project, s3):
    s3.client().create_bucket(Bucket="locked")
    run = deploy(project, "s3://locked", s3.endpoint, clean_env(**s3.denied.env()))
    assert_failed_cleanly(run, "没有权限", s3.denied.secret_key)


def test_missing_bucket_and_unreachable_store(project, s3):
    env = clean_env(**s3.keys.env())
    assert_failed_cleanly(deploy(project, "s3://no-such-bucket", s3.endpoint, env), "存储桶 no-such-bucket 不存在", s3.keys.secret_key)
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    assert_failed_cleanly(deploy(project, "s3://cycle", closed, env), "连不上存储服务", s3.keys.secret_key)


@pytest.mark.parametrize("target,expected", [
    ("oss://bucket", "s3://存储桶名"),
    ("s3://Bad_Bucket", "存储桶名 'Bad_Bucket' 不合规"),
    ("s3://bucket/../up", "前缀"),
])
def test_bad_targets_are_explained(project, target, expected):
    run = deploy(project, target, "http://127.0.0.1:9", clean_env())
    assert_failed_cleanly(run, expected)


def test_a_folder_that_is_not_a_built_site_is_refused(project, tmp_path):
    (tmp_path / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "site").mkdir()
    run = deploy(tmp_path, "s3://anything", "http://127.0.0.1:9", clean_env())
    assert_failed_cleanly(run, "不是构建好的网站")


# ----------------------------------------------------------------------------------- order and interruption


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory) -> tuple[Path, Path]:
    """The sample site built twice: as it is, then with one article edited and another removed."""
    root = tmp_path_factory.mktemp("two-versions")
    copy_sample_project(root)
    first = build_copied_site(root).rename(root / "site-v1")
    path = root / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\n补记：茶艺班第二期报名已满。\n", encoding="utf-8")
    (root / REMOVED).unlink()
    record = root / "published-urls.txt"
    record.write_text(record.read_text(encoding="utf-8").replace(REMOVED_URL + "\n", ""), encoding="utf-8")
    return first, build_copied_site(root)


class Recording:
    """A store that records what happens to it, and can fail after some uploads as a network would."""

    def __init__(self, store, fail_after: int | None = None) -> None:
        self.store, self.fail_after = store, fail_after
        self.events: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def list(self):
        return self.store.list()

    def put(self, upload) -> None:
        with self.lock:
            if self.fail_after is not None and len(self.events) >= self.fail_after:
                raise HostingError("连不上存储服务（测试里的断网）")
        self.store.put(upload)
        with self.lock:
            self.events.append(("put", upload.file.key))

    def delete(self, keys) -> None:
        self.store.delete(keys)
        with self.lock:
            self.events.extend(("delete", key) for key in keys)


REF = re.compile(r'(?:href|src)="([^"#?]+)')


def references(key: str, html: str, known: set[str]) -> set[str]:
    """The site files a page points at (links to pages count as their index.html)."""
    found = set()
    for ref in REF.findall(html):
        if re.match(r"^[a-z]+:|^//", ref):
            continue
        path = ref.lstrip("/") if ref.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(key), ref))
        if ref.endswith("/") or path in (".", ""):
            path = posixpath.join("" if path in (".", "") else path, "index.html")
        if path in known:
            found.add(path)
    return found


def store_for(s3: S3Server, bucket: str, monkeypatch) -> S3Store:
    for name, value in clean_env(**s3.keys.env()).items():
        monkeypatch.setenv(name, value)
    s3.client().create_bucket(Bucket=bucket)
    return S3Store(parse_target(f"s3://{bucket}"), endpoint=s3.endpoint)


def test_assets_go_up_before_the_pages_that_use_them_and_deletes_come_last(two_versions, s3, monkeypatch):
    v1, _ = two_versions
    store = Recording(store_for(s3, "ordered", monkeypatch))
    s3.client().put_object(Bucket="ordered", Key="stale/index.html", Body=b"old")
    run_deploy(store, site_files(v1), workers=4)
    puts = [key for kind, key in store.events if kind == "put"]
    assert store.events[-1] == ("delete", "stale/index.html") and len(puts) == len(store.events) - 1
    position = {key: i for i, key in enumerate(puts)}
    assert puts[-1] == "index.html", "the home page goes up last"
    known = set(position)
    checked = 0
    for key in puts:
        if key.endswith(".html"):
            for ref in references(key, (v1 / key).read_text(encoding="utf-8"), known):
                if not ref.endswith(".html"):
                    assert position[ref] < position[key], f"{key} went up before {ref}"
                    checked += 1
    assert checked > 500
    entries = [position[k] for k in puts if k.endswith("pagefind-entry.json")]
    chunks = [position[k] for k in puts if ".pf_" in k]
    assert entries and chunks and max(chunks) < min(entries), "the search index files before its entry points"


def test_an_interrupted_deploy_leaves_a_consistent_site_and_the_next_one_completes_it(two_versions, s3, monkeypatch):
    v1, v2 = two_versions
    store = store_for(s3, "halfway", monkeypatch)
    run_deploy(store, site_files(v1))
    new = hashes(v2)
    changed = [key for key, digest in new.items() if hashes(v1).get(key) != digest]
    assert len(changed) > 10
    for fail_after in (len(changed) // 3, 2 * len(changed) // 3):
        broken = Recording(store, fail_after=fail_after)
        with pytest.raises(HostingError):
            run_deploy(broken, site_files(v2), workers=1)
        assert not [e for e in broken.events if e[0] == "delete"], "nothing is deleted before every upload is done"
        assert_consistent(s3, "halfway", v1, v2)
    outcome = run_deploy(store, site_files(v2))
    assert outcome.uploaded < len(changed), "the next deploy only finishes what was left"
    assert stored(s3, "halfway") == new


def assert_consistent(s3: S3Server, bucket: str, *versions: Path) -> None:
    """Every stored page finds every file it points at in the store, and so do the search entry points."""
    client = s3.client()
    keys = set(stored(s3, bucket))
    everything = set().union(*(hashes(v) for v in versions))
    for key in sorted(k for k in keys if k.endswith(".html")):
        html = client.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")
        missing = {ref for ref in references(key, html, everything) if not ref.endswith(".html")} - keys
        assert not missing, f"{key} points at files not in the store: {sorted(missing)[:5]}"
    for key in sorted(k for k in keys if k.endswith("pagefind-entry.json")):
        entry = json.loads(client.get_object(Bucket=bucket, Key=key)["Body"].read())
        folder = posixpath.dirname(key)
        for language in entry["languages"].values():
            meta = posixpath.join(folder, f"pagefind.{language['hash']}.pf_meta")
            assert meta in keys, f"{key} names {meta}, which is not in the store"
