"""Every page of the sample site is valid HTML to the Nu HTML Checker (vnu), and every stylesheet valid CSS.

vnu.jar is npm's `vnu-jar` (pinned in package-lock.json, installed by scripts/setup.sh) and runs on Java 17+
(scripts/test.sh installs Debian's `default-jre-headless` when `java` is missing). Without either the test fails
and says how to get it; it is never skipped. One vnu run checks the whole site (a JVM start is most of the time).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from browser_support import PHONE, REPO, build_copied_site, copy_sample_project, launched_chromium, serve
from gonghui.core.generate.theme_markup import valid_toggles

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The sample site declares no redirects; these two (to a page of the site, to another host) add their pages.
REDIRECTS = {
    "news/2021/01/old-story/index.html": "/news/2022/06/dalian-yiliao-huzhu-shengji/",
    "old/elsewhere/index.html": "https://www.acftu.org/",
}
ARTICLE = "news/2022/06/renhuai-jianhui-xiaofendui/"
# An editor's page in the nav with a table of contents: Material writes the `__toc` checkbox only for such a page.
NAV_PAGE = "about.md", "# 关于本站\n\n本站简介。\n\n## 联系我们\n\n电话。\n\n## 投稿\n\n邮箱。\n"


def vnu_missing() -> str | None:
    """Why vnu cannot run here, or None."""
    if shutil.which("java") is None:
        return ("java not found: the Nu HTML Checker needs Java 17+. Install Debian's default-jre-headless "
                "(scripts/test.sh does when run as root with apt-get).")
    if not VNU_JAR.is_file():
        return (f"{VNU_JAR.relative_to(REPO)} not found: run scripts/setup.sh, which installs the pinned npm "
                "package vnu-jar with `npm ci` (needs Node.js and npm).")
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("vnu-site")
    copy_sample_project(root)
    lines = [f"'/{old.removesuffix('index.html')}': '{new}'" for old, new in REDIRECTS.items()]
    (root / "data" / "redirects.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "content" / NAV_PAGE[0]).write_text(NAV_PAGE[1], encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nnav:\n" in text, "mkdocs.yml no longer has a nav"
    config.write_text(text.replace("\nnav:\n", f"\nnav:\n  - 关于: {NAV_PAGE[0]}\n"), encoding="utf-8")
    return build_copied_site(root)


def run_vnu(site: Path) -> tuple[set[Path], list[dict]]:
    """Check every .html and .css file under `site` in one run: the files vnu checked, and its error messages."""
    missing = vnu_missing()
    if missing:
        pytest.fail(missing, pytrace=False)
    command = ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--skip-non-html",
               "--also-check-css", "--verbose", str(site)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    # Exit 1 means errors were found; the JSON report is on stderr, --verbose names each checked file on stdout.
    if run.returncode not in (0, 1):
        pytest.fail(f"vnu failed (exit {run.returncode}):\n{run.stderr[-3000:]}", pytrace=False)
    try:
        messages = json.loads(run.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu printed no JSON report:\n{run.stderr[-3000:]}", pytrace=False)
    return {Path(line).resolve() for line in run.stdout.splitlines() if line.strip()}, messages


def describe(message: dict, site: Path) -> str:
    """file:line:column: message, with the file relative to the site."""
    where = message.get("url", "").removeprefix("file:")
    if where.startswith(str(site.resolve())):
        where = Path(where).resolve().relative_to(site.resolve()).as_posix()
    return f"{where}:{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}: {message.get('message')}"


def test_every_page_and_stylesheet_is_valid(site):
    pages = {p.resolve() for p in site.rglob("*.html")}
    stylesheets = {p.resolve() for p in site.rglob("*.css")}
    # The redirect pages and 404.html are built, so they are among the pages checked.
    for old, new in REDIRECTS.items():
        assert 'http-equiv="refresh"' in (site / old).read_text(encoding="utf-8"), f"no redirect page at {old} → {new}"
    assert (site / "404.html").is_file() and (site / ARTICLE / "index.html").is_file()
    # In the nav, the 目录 title still opens and closes the table of contents in the phone drawer.
    nav_page = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert '<label class="md-nav__title" for="__toc">' in nav_page, "about/: the 目录 title no longer names __toc"
    assert len(pages) > 50 and stylesheets, "the sample site was expected to have dozens of pages"

    checked, messages = run_vnu(site)

    assert checked == pages | stylesheets, (
        f"vnu checked {len(checked)} files, the site has {len(pages)} pages and {len(stylesheets)} stylesheets; "
        f"not checked: {sorted(p.relative_to(site.resolve()).as_posix() for p in (pages | stylesheets) - checked)}")
    assert not messages, f"{len(messages)} errors from the Nu HTML Checker:\n" + "\n".join(
        sorted(describe(m, site) for m in messages))


def test_material_toggles_lose_only_their_autocomplete():
    # The exact tags Material 9.8.1's base.html writes (pinned by tests/test_theme_overrides.py).
    page = ('<body><input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
            '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">'
            '<input type="text" class="md-search__input" autocomplete="off"></body>')
    assert valid_toggles(page) == (
        '<body><input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">'
        '<input type="text" class="md-search__input" autocomplete="off"></body>')


def test_drawer_closed_on_back_and_from_the_page_cache(site):
    """What Material's autocomplete="off" did, gonghui.js does: no drawer left open on coming back to a page."""
    checked = "document.getElementById('__drawer').checked"
    pageshow = "persisted => window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted}))"
    with serve(site) as base, launched_chromium() as browser:
        page = browser.new_context(**PHONE).new_page()
        page.goto(base + ARTICLE)
        page.click("label.md-header__button[for=__drawer]")
        assert page.evaluate(checked) is True, "the menu button did not open the drawer"
        page.evaluate(pageshow, False)
        assert page.evaluate(checked) is True, "a plain visit closed the drawer the reader had opened"
        # A page from the back/forward cache comes back as it was left, then gets `pageshow` with persisted set.
        page.evaluate(pageshow, True)
        assert page.evaluate(checked) is False, "drawer still open when the page came back from the cache"
        page.click("label.md-header__button[for=__drawer]")
        page.goto(base + "news/")
        page.go_back()  # Chromium restores the checkbox as it was (not from the cache: a new load)
        page.wait_for_load_state("load")
        assert page.evaluate(checked) is False, "drawer open again after going back to the page"
