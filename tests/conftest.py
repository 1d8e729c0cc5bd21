"""Fixture sites: small real projects in tmp_path, built with MkDocs."""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
import tempfile
import textwrap
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from gonghui.core.output.search_text import readable
from hosting_support import S3Server, moto_server

REPO = Path(__file__).resolve().parent.parent
BUILD_DATE = "2026-11-24"


@dataclass
class Result:
    ok: bool
    log: str
    site_dir: Path

    def html(self, url: str) -> str:
        """The HTML of the page at a directory URL like 'news/2022/06/foo/'."""
        path = self.site_dir / url / "index.html" if not url.endswith(".html") else self.site_dir / url
        return path.read_text(encoding="utf-8")

    def exists(self, url: str) -> bool:
        return (self.site_dir / url / "index.html").is_file()

    def all_text(self) -> dict[str, str]:
        out = {}
        for path in self.site_dir.rglob("*"):
            if path.is_file() and path.suffix in {".html", ".xml", ".json", ".js", ".css", ".ics", ".txt"}:
                out[path.relative_to(self.site_dir).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
        return out

    def search_texts(self) -> dict[str, str]:
        """Pagefind's index files, decompressed (they are gzip inside), as text to grep; a page's record
        also holds its text read back from the stored tokens (`text`), so that Chinese can be grepped."""
        out = {}
        for path in (self.site_dir / "pagefind").rglob("*.pf_*"):
            text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            if text.startswith("pagefind_dcd{"):  # a page's record: its text is stored cut into tokens; add it read back
                fragment = json.loads(text[len("pagefind_dcd"):])
                fragment["text"] = readable(fragment["content"])
                text = "pagefind_dcd" + json.dumps(fragment, ensure_ascii=False)
            out[path.relative_to(self.site_dir).as_posix()] = text
        return out

    def search_fragments(self) -> list[dict]:
        """The per-page records of the search index: url, content (stored tokens), text (read back), meta."""
        fragments = []
        for text in self.search_texts().values():
            if text.startswith("pagefind_dcd{"):
                fragments.append(json.loads(text[len("pagefind_dcd"):]))
        return fragments


@dataclass
class Captured:
    text: str = ""


@contextmanager
def stderr_captured() -> Iterator[Captured]:
    """Standard error into a file while the block runs, at the descriptor (so child processes' too).

    Under pytest's own capture, and with `-s`, fd 2 and `sys.stderr` are put back afterwards.
    """
    captured = Captured()
    with tempfile.TemporaryFile() as sink:
        sys.stderr.flush()
        saved_fd, saved_stream = os.dup(2), sys.stderr
        os.dup2(sink.fileno(), 2)
        stream = sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)
        try:
            yield captured
        finally:
            stream.close()  # flushes; fd 2 stays open
            sys.stderr = saved_stream
            os.dup2(saved_fd, 2)
            os.close(saved_fd)
            sink.seek(0)
            captured.text = sink.read().decode("utf-8", errors="replace")
            if sys.exc_info()[0] is not None:  # the build raised: pass on what it printed, for the report
                sys.stderr.write(captured.text)


@dataclass
class SiteFactory:
    root: Path
    plugin_options: dict = field(default_factory=lambda: {"build_date": BUILD_DATE, "page_size": 3})
    nav: list | None = None
    other_plugins: list = field(default_factory=list)  # listed before gonghui in mkdocs.yml

    def article(self, name: str, year: int = 2022, body: str = "正文第一段。", **front) -> Path:
        front.setdefault("title", f"标题{name}")
        front.setdefault("date", f"{year}-06-24")
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"
        return self.write(f"content/news/{year}/{name}.md", text)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def config(self) -> Path:
        config = {
            "site_name": "测试站",
            "site_url": "https://example.org/",
            "docs_dir": "content",
            "theme": {"name": "material", "language": "zh", "font": False},
            "plugins": [*self.other_plugins, {"gonghui": self.plugin_options}],
        }
        if self.nav is not None:
            config["nav"] = self.nav
        path = self.root / "mkdocs.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        (self.root / "content").mkdir(exist_ok=True)
        return path

    def build(self, strict: bool = False) -> Result:
        """Build in-process as `mkdocs build` does; `log` is what an editor would see on the terminal.

        - Every `mkdocs.*` log record at INFO or above, formatted in full: a record logged with
          exception or stack info (`log.exception`, `exc_info=`, `stack_info=`) brings its traceback.
        - Anything written to standard error meanwhile, by this process or a process it starts (the
          search feeder, Pagefind), is added at the end after `STDERR:`.
        - MkDocs' `Abort` (our problem report, strict-mode warnings) makes `ok` False; its message
          ends the log after `ABORT:`.
        - Any other exception is not caught: it fails the test, as `mkdocs build` would end with a
          traceback. An exception in another thread during the build is recorded in the log with
          its traceback and then raised here once the build is over.

        So `"Traceback" not in result.log` fails whenever a traceback was logged or printed.
        """
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort

        config_file = self.config()
        records: list[str] = []
        thread_errors: list[BaseException] = []
        formatter = logging.Formatter("%(levelname)s: %(message)s")

        class Capture(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                records.append(formatter.format(record))  # with record.exc_info / exc_text / stack_info

        def thread_hook(args: threading.ExceptHookArgs) -> None:
            if args.exc_type is SystemExit:
                return
            name = args.thread.name if args.thread else "?"
            records.append(f"EXCEPTION in thread {name}:\n"
                           + "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))
            thread_errors.append(args.exc_value)

        handler = Capture(level=logging.INFO)
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        old_level = logger.level
        logger.setLevel(logging.INFO)
        old_hook, threading.excepthook = threading.excepthook, thread_hook
        ok = True
        try:
            with stderr_captured() as stderr:
                cfg = load_config(str(config_file), strict=strict)
                cfg.plugins.on_startup(command="build", dirty=False)
                try:
                    build(cfg)
                except Abort as exc:
                    records.append(f"ABORT: {exc}")
                    ok = False
                finally:
                    cfg.plugins.on_shutdown()
        finally:
            threading.excepthook = old_hook
            logger.removeHandler(handler)
            logger.setLevel(old_level)
        if stderr.text:
            records.append(f"STDERR: {stderr.text}")
        if thread_errors:
            raise RuntimeError("a thread raised during the build:\n" + "\n".join(records)) from thread_errors[0]
        return Result(ok, "\n".join(records), self.root / "site")

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        """Run the real `mkdocs` command, as an editor or CI would."""
        self.config()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )


@pytest.fixture
def site(tmp_path: Path) -> SiteFactory:
    return SiteFactory(tmp_path)


# Browser tests: each module builds its own `site_dir`; these serve it and start Chromium once per module.
@pytest.fixture(scope="module")
def base(site_dir: Path) -> Iterator[str]:
    from browser_support import serve

    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from browser_support import launched_chromium

    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """A local S3 server (moto) for a module's deploys, started and stopped by the tests."""
    with moto_server(tmp_path_factory.mktemp("moto")) as server:
        yield server
