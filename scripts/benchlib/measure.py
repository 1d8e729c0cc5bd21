"""Measuring builds and previews: wall time, CPU and peak memory of a process tree; `mkdocs serve` edit → page.

A build runs as the child of a fresh intermediate process (scripts/bench.py --_measure), so that process's
RUSAGE_CHILDREN is the build's alone: the benchmark's own memory never counts, and nor do earlier builds.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from . import BUILD_MOMENT
from .generate import SiteSpec

# The entry point that runs measure_child when given --_measure (see timed_build).
ENTRY = Path(__file__).resolve().parent.parent / "bench.py"


# --------------------------------------------------------------------------------------------
# Measuring one process: wall time and peak memory, from a fresh intermediate process
# --------------------------------------------------------------------------------------------


def _tree_rss(pid: int, page: int, peaks: dict[str, int]) -> int:
    """RSS of a process and all its descendants now; keeps each program's (comm name's) peak in `peaks`."""
    total, stack = 0, [pid]
    seen: set[int] = set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as f:
                rss = int(f.read().split()[1]) * page
            with open(f"/proc/{p}/comm") as f:
                name = f.read().strip()
            total += rss
            peaks[name] = max(peaks.get(name, 0), rss)
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    stack.extend(int(x) for x in f.read().split())
        except (OSError, ValueError):
            pass
    return total


def cpu_busy_seconds() -> float | None:
    """CPU time all processes of the machine have used since boot (from /proc/stat)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(max_wait: float) -> float:
    """Wait (up to max_wait s) until other processes use under a quarter of one CPU; returns seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < max_wait:
        before = cpu_busy_seconds()
        time.sleep(1.0)
        after = cpu_busy_seconds()
        if before is None or after is None or after - before < 0.25:
            break
    return time.perf_counter() - started


def measure_child(spec_json: str) -> None:
    """Internal (--_measure): run one command, print wall time and peak RSS as JSON."""
    spec = json.loads(spec_json)
    page = os.sysconf("SC_PAGE_SIZE")
    busy_before = cpu_busy_seconds()
    with open(spec["log"], "wb") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(spec["cmd"], cwd=spec["cwd"], env=spec["env"], stdout=log, stderr=subprocess.STDOUT)

        def on_term(signum: int, frame: FrameType | None) -> None:
            proc.terminate()
            proc.wait()
            sys.exit(143)

        signal.signal(signal.SIGTERM, on_term)
        peak_tree = 0
        peaks: dict[str, int] = {}
        while proc.poll() is None:
            peak_tree = max(peak_tree, _tree_rss(proc.pid, page, peaks))
            time.sleep(0.05)
        wall = time.perf_counter() - started
    busy_after = cpu_busy_seconds()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = usage.ru_utime + usage.ru_stime
    others = None if busy_before is None or busy_after is None else max(0.0, busy_after - busy_before - own)
    print(json.dumps({
        "rc": proc.returncode, "wall": wall, "max_rss_bytes": usage.ru_maxrss * 1024,
        "tree_peak_bytes": peak_tree, "peak_by_program": peaks, "user": usage.ru_utime, "sys": usage.ru_stime,
        "others_cpu_s": others,  # CPU other processes used meanwhile (sampler included): noise indicator
    }))


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every build and server: a fixed build date and hash seed, so runs can be compared."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["SOURCE_DATE_EPOCH"] = str(int(BUILD_MOMENT.timestamp()))
    env["PYTHONHASHSEED"] = "0"
    env.pop("GONGHUI_TIMINGS", None)
    env.update(extra or {})
    return env


def timed_build(site: Path, label: str, logs: Path, timings: bool, quiet_wait: float,
                cmd: list[str] | None = None) -> dict[str, Any]:
    """`mkdocs build` (or `cmd`) in a child of a fresh intermediate process; adds own-code timings when written."""
    waited = wait_for_quiet(quiet_wait)
    log = logs / f"{label}.log"
    timings_path = logs / f"{label}.timings.json"
    timings_path.unlink(missing_ok=True)
    extra = {"GONGHUI_TIMINGS": str(timings_path)} if timings else {}
    cmd = cmd or [sys.executable, "-m", "mkdocs", "build"]
    spec = {"cmd": cmd, "cwd": str(site), "env": child_env(extra), "log": str(log)}
    measurer = subprocess.Popen([sys.executable, str(ENTRY), "--_measure", json.dumps(spec)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = measurer.communicate()
    except BaseException:
        measurer.terminate()  # it stops its mkdocs child first
        measurer.wait(timeout=30)
        raise
    try:
        result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"rc": -1, "error": f"measuring process failed: {stderr.strip()[-2000:]}"}
    result["log"] = str(log)
    result["waited_for_quiet_s"] = round(waited, 1)
    if result["rc"] != 0:
        result["error"] = f"{' '.join(Path(c).name for c in cmd[:4])} failed; last lines:\n" + tail(log, 25)
    if timings:
        if timings_path.is_file():
            try:
                result["timings"] = json.loads(timings_path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                result["timings"] = None
                result["timings_error"] = str(exc)
        else:
            result["timings"] = None
    return result


def tail(path: Path, lines: int) -> str:
    """The last lines of a log, for an error message; empty when it cannot be read."""
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --------------------------------------------------------------------------------------------
# Edits and `mkdocs serve`
# --------------------------------------------------------------------------------------------


def append_paragraph(path: Path, marker: str) -> None:
    """The edit of an editor: one paragraph more at the end, with a marker to find it by."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n本段为基准测试修改：{marker}。\n", encoding="utf-8")


def new_article(site: Path, spec: SiteSpec, n: int, k: int = 0,
                front_hook: Callable[[str], str] | None = None) -> Path:
    """A copy of article k under a new name, title and date (the last generated day); `front_hook` adapts the front
    matter to a site (Hugo's date format)."""
    _rel, front, body, _ = spec.articles[k % len(spec.articles)]
    suffix = "" if k == 0 else f"-{k}"
    path = site / "content" / "news" / "2026" / f"bench-xinzeng-wenzhang-{n}{suffix}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    title = "基准测试新增文章：职工服务再升级" + (f"（{k}）" if k else "")
    front = "\n".join(
        f"title: \"{title}\"" if line.startswith("title:")
        else "date: 2026-06-29 20:00" if line.startswith("date:") else line
        for line in front.splitlines()
    )
    if front_hook:
        front = front_hook(front)
    path.write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
    return path


def free_port() -> int:
    """A port nothing listens on now (the OS picks it), for one `mkdocs serve`."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 120) -> tuple[int, str]:
    """(HTTP status, body); status 0 when nothing answered yet (the server may still be starting)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError, TimeoutError):
        return 0, ""


def measure_serve(site: Path, article: Path, url_path: str, dirty: bool, logs: Path, label: str,
                  timeout: float, quiet_wait: float) -> dict[str, Any]:
    """Start `mkdocs serve`, wait for the page, append a marker to the article, poll until the page shows it."""
    wait_for_quiet(quiet_wait)
    port = free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]  # live reload on, as editors use it
    if dirty:
        cmd.append("--dirty")
    log_path = logs / f"{label}.log"
    original = article.read_text(encoding="utf-8")
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=site, env=child_env(), stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}{url_path}"
    result: dict[str, Any] = {"dirty": dirty}
    try:
        deadline = started + timeout
        while True:
            if proc.poll() is not None:
                result["error"] = "mkdocs serve exited; last lines:\n" + tail(log_path, 25)
                return result
            status, _ = fetch(url, timeout=timeout)
            if status == 200:
                break
            if time.perf_counter() > deadline:
                result["error"] = f"not served within {timeout:.0f} s"
                return result
            time.sleep(0.2)
        result["startup_s"] = time.perf_counter() - started
        time.sleep(1.5)  # let the file watcher take its first snapshot
        marker = f"BENCHMARK{uuid.uuid4().hex[:12].upper()}"
        edited = original.rstrip("\n") + f"\n\n实时预览标记：{marker}。\n"
        t0 = time.perf_counter()
        article.write_text(edited, encoding="utf-8")
        while True:
            _status, body = fetch(url, timeout=timeout)
            if marker in body:
                result["edit_to_preview_s"] = time.perf_counter() - t0
                break
            if proc.poll() is not None:
                result["error"] = "mkdocs serve exited after the edit; last lines:\n" + tail(log_path, 25)
                break
            if time.perf_counter() - t0 > timeout:
                result["error"] = f"marker not seen within {timeout:.0f} s"
                break
            time.sleep(0.05)
        return result
    finally:
        stop(proc)
        article.write_text(original, encoding="utf-8")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as an editor stops `mkdocs serve`; killed when it takes longer than 20 s."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()



def folder_size(path: Path) -> tuple[int, int]:
    """(bytes, files) below `path`; links count as themselves."""
    total = count = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
                count += 1
            except OSError:
                pass
    return total, count
