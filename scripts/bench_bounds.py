"""Time the pathological inputs of issue 13 against the plugin on PYTHONPATH (run it on old and new code).

    PYTHONPATH=plugins python scripts/bench_bounds.py [scale]

`scale` (default 1.0) shrinks the inputs, e.g. 0.25 for the unfixed code's quadratic cases.
"""

from __future__ import annotations

import sys
import time

import markdown
from gonghui.core.check.markup import find_unsafe
from gonghui.core.generate.sanitize import sanitize_html


def timed(label: str, work) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    try:
        outcome = work()
    except RecursionError:
        outcome = "RecursionError"
    print(f"{label:<40} {time.perf_counter() - start:8.3f} s  {str(outcome)[:70]}", flush=True)


def main() -> None:
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    video = "<video>\n" * int(35_000 * scale)
    timed(f"find_unsafe, {len(video) // 1000} KB of <video>", lambda: len(find_unsafe(video, [])))
    timed(f"sanitize_html, {len(video) // 1000} KB of <video>", lambda: len(sanitize_html(video)))
    try:
        from gonghui.core.check.limits import body_limit_problems
    except ImportError:
        return
    bodies = {
        "16 KB of [": "[" * 16_000,
        "10 KB nested *": "*a " * 1_700 + "b" + " c*" * 1_700,
        "500 nested <div markdown>": '<div markdown="1">\n\n' * 500 + "x\n\n" + "</div>\n\n" * 500,
        "300-level list": "".join("    " * i + "- a\n" for i in range(300)),
        "90 KB of unclosed <a": "<a " * 30_000,
    }
    for name, body in bodies.items():
        timed(f"body limits: {name}", lambda b=body: [f.message[:40] for f in body_limit_problems(b)])
    if "--markdown" in sys.argv:
        for name, body in bodies.items():
            md = markdown.Markdown(extensions=["toc", "attr_list", "md_in_html", "tables", "admonition"])
            timed(f"Python-Markdown: {name}", lambda b=body, m=md: len(m.convert(b)))


if __name__ == "__main__":
    main()
