"""The built sample site in Debian's Chromium, served by Debian's nginx with the configuration `gonghui nginx-config`
prints (issue 18): no request leaves the site, its Content-Security-Policy blocks nothing the site does, search
works, and an old URL from data/redirects.yml answers 301 and lands on the article."""

from __future__ import annotations

import re

import pytest
from browser_support import DESKTOP, PHONE, Guard, launched_chromium
from nginx_site import NEW, OLD, Served, served_site

# The page reports every Content-Security-Policy violation to the console, where the guard collects errors.
REPORT_CSP = """document.addEventListener('securitypolicyviolation', e =>
    console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + e.sourceFile));"""
PAGES = ["", "news/", NEW.lstrip("/"), "campaigns/", "training/", "workers/chen-shiyuan/", "regions/520382/",
         "search/?q=%E8%8C%B6%E8%89%BA", "news/2099/no-such-page/"]


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Served:
    with served_site(tmp_path_factory.mktemp("nginx-browser")) as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as browser:
        yield browser


def open_page(browser, served: Served, device: dict, guards: list[Guard]):
    context = browser.new_context(**device, locale="zh-CN", timezone_id="Asia/Shanghai", service_workers="block")
    context.set_default_timeout(15_000)
    context.add_init_script(REPORT_CSP)
    guard = Guard(served.base)
    guard.attach(context)
    guards.append(guard)
    return context, context.new_page()


def console_errors_but_404(guard: Guard) -> list[str]:
    """The guard's problems, less the browser's own note that the 404 page answered 404."""
    return [p for p in guard.problems() if "status of 404" not in p]


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_load_under_the_security_policy_with_no_outside_request(browser, served, device):
    guards: list[Guard] = []
    context, page = open_page(browser, served, device, guards)
    try:
        for path in PAGES:
            response = page.goto(served.base + path, wait_until="load")
            assert response is not None and response.status == (404 if "no-such" in path else 200), path
            assert response.headers["content-security-policy"].startswith("default-src 'self'")
            page.wait_for_timeout(300)  # late scripts (search, font switch) run
        page.goto(served.base + "search/?q=%E8%8C%B6%E8%89%BA")
        page.wait_for_selector(".gh-result__title a", timeout=15_000)  # Pagefind's WebAssembly ran under the policy
    finally:
        context.close()
    problems = console_errors_but_404(guards[0])
    assert not problems, "\n".join(problems)


def test_search_from_the_header_finds_the_article(browser, served):
    guards: list[Guard] = []
    context, page = open_page(browser, served, DESKTOP, guards)
    try:
        page.goto(served.base, wait_until="load")
        box = page.locator("header form.gh-search-form input[name='q']")
        box.click()
        box.press_sequentially("茶艺")
        box.press("Enter")
        page.wait_for_url(re.compile(re.escape(served.base) + r"search/\?"))
        page.wait_for_selector(".gh-result__title a", timeout=15_000)
        hrefs = page.eval_on_selector_all(".gh-result__title a", "els => els.map(a => new URL(a.href).pathname)")
    finally:
        context.close()
    assert NEW in hrefs, hrefs
    assert not guards[0].problems(), "\n".join(guards[0].problems())


def test_an_old_url_answers_301_and_lands_on_the_article(browser, served):
    guards: list[Guard] = []
    context, page = open_page(browser, served, PHONE, guards)
    try:
        response = page.goto(served.base + OLD.lstrip("/"), wait_until="load")
        assert response is not None and response.status == 200
        first = response.request.redirected_from
        assert first is not None and first.url == served.base + OLD.lstrip("/")
        assert first.response().status == 301, "a real HTTP redirect, not the meta-refresh page"
        assert page.url == served.base + NEW.lstrip("/")
        assert "茶艺" in page.locator("h1").first.inner_text()
    finally:
        context.close()
    assert not guards[0].problems(), "\n".join(guards[0].problems())
