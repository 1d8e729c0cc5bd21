"""Atomic, reproducible output: a failed or interrupted build never half-writes the site."""

import filecmp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))


def test_failed_strict_build_keeps_previous_site(site):
    site.article("good", title="好稿")
    assert site.build(strict=True).ok
    before = (site.root / "site" / "index.html").read_bytes()
    site.write("content/news/2022/warn.md", "---\ntitle: 链接坏了\ndate: 2022-06-01\n---\n[坏链接](missing.md)\n")
    result = site.build(strict=True)
    assert not result.ok and "strict" in result.log
    assert (site.root / "site" / "index.html").read_bytes() == before
    assert not (site.root / "site" / "news/2022/06/warn").exists()
    assert leftovers(site.root) == []


def test_successful_build_replaces_stale_files(site):
    site.article("one")
    site.build()
    stale = site.root / "site" / "stale.html"
    stale.write_text("old", encoding="utf-8")
    assert site.build().ok
    assert not stale.exists()
    assert leftovers(site.root) == []


def _default_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def test_interrupted_build_leaves_no_partial_site(site):
    # Enough articles that the build takes seconds, so the signal lands mid-build on any machine.
    for n in range(1500):
        site.article(f"a{n:04d}", date=f"2022-06-{n % 28 + 1:02d}", body="## 小标题\n\n" + "正文内容。" * 200)
    site.config()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for signum in (signal.SIGTERM, signal.SIGINT):
        # Default signal handling in the child, whatever this test process inherited or set
        # (an ignored SIGINT is inherited across exec, and Python then never raises KeyboardInterrupt).
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=site.root, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=_default_signals)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not leftovers(site.root):
            time.sleep(0.05)  # wait until the build has started writing
        assert leftovers(site.root), "the build never started"
        time.sleep(0.2)
        proc.send_signal(signum)
        proc.wait(timeout=120)
        assert proc.returncode != 0
        assert leftovers(site.root) == [], f"temporary folder left after signal {signum}"
        assert not (site.root / "site").exists(), "no partial site may appear"


def test_same_input_and_build_date_give_identical_output(site, tmp_path_factory):
    site.write("data/training/ban.yml", "title: 班\ncategory: 茶艺\norganizer: 总工会\nvenue: 中心\nfee: 0\ncapacity: 5\n"
               "sessions:\n  - {start: '2027-01-05 19:00', end: '2027-01-05 21:00'}\n")
    for n in range(5):
        site.article(f"r{n}", date=f"2022-06-0{n + 1}", tags=["建会入会"], region="仁怀市")
    first = site.build()
    assert first.ok, first.log
    copy = tmp_path_factory.mktemp("first") / "site"
    os.rename(first.site_dir, copy)
    second = site.build()
    assert second.ok
    compare = filecmp.dircmp(copy, second.site_dir)

    def differences(cmp: filecmp.dircmp) -> list[str]:
        found = cmp.left_only + cmp.right_only + cmp.funny_files
        found += [f for f in cmp.common_files if (Path(cmp.left) / f).read_bytes() != (Path(cmp.right) / f).read_bytes()]
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert differences(compare) == []
