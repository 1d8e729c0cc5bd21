"""The committed record of every URL the site has published (`published-urls.txt`)."""

from __future__ import annotations

from pathlib import Path

RECORD_HEADER = "# URLs this site has published. Kept by the build; commit it. Removing a line un-publishes nothing.\n"


def read_record(path: Path) -> dict[str, int]:
    """The recorded URLs, each with its line in the file (for messages)."""
    if not path.is_file():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip(): number for number, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")}


def render_record(urls: set[str]) -> str:
    return RECORD_HEADER + "".join(f"{url}\n" for url in sorted(urls))


def write_record(path: Path, urls: set[str]) -> None:
    """Rewrite the record only when it changed (it is committed; an unchanged file keeps git quiet)."""
    text = render_record(urls)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
