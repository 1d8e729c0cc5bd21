"""The results: ours/baseline ratios, the printed table, the JSON file, and the machine a run was on.

A result is the nested dict run_size fills, saved as it is (`--json`) and printed from the saved file
(`--report`), so printing reads it defensively: any step may have failed or been skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

from . import BUILD_MOMENT, QUERY, REPO


def dig(d: Any, *keys: str) -> Any:
    """d[key][key]…, or None where a level is missing or not a dict (a failed or skipped step)."""
    for key in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def ratios(result: dict[str, Any]) -> dict[str, float]:
    """Ours / baseline for each figure both sites have; a wall time only when both builds succeeded."""
    ours, base = result.get("ours") or {}, result.get("baseline") or {}
    out = {}
    for label, keys in (("cold_wall", ("cold", "wall")), ("cold_max_rss", ("cold", "max_rss_bytes")),
                        ("cold_tree_peak", ("cold", "tree_peak_bytes")), ("warm_edit_wall", ("warm_edit", "wall")),
                        ("warm_add_wall", ("warm_add", "wall")), ("output_bytes", ("output", "bytes")),
                        ("output_files", ("output", "files")), ("search_index_bytes", ("search", "index", "bytes")),
                        ("first_query_bytes", ("search", "first_query", "bytes"))):
        a, b = dig(ours, *keys), dig(base, *keys)
        if keys[-1] == "wall" and (dig(ours, keys[0], "rc") != 0 or dig(base, keys[0], "rc") != 0):
            continue
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
            out[label] = a / b
    return out


def machine_info() -> dict[str, Any]:
    """CPUs, memory, Python and the versions that shape the figures, and the commit measured."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions: dict[str, str | None] = {}
    for dist in ("mkdocs", "mkdocs-material", "pagefind", "pagefind_bin_extended", "playwright"):
        try:
            versions[dist] = version(dist)
        except Exception:  # noqa: BLE001 - a missing or odd distribution is just unknown
            versions[dist] = None
    commit: str | None = None
    try:  # read-only git: --no-optional-locks keeps `status` from rewriting the index
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=False).stdout.strip() or None
        changed = subprocess.run(["git", "--no-optional-locks", "-C", str(REPO), "status", "--porcelain",
                                  "--untracked-files=no"], capture_output=True, text=True, check=False).stdout
        if commit and changed.strip():
            commit += f" + uncommitted changes in {len(changed.splitlines())} files"
    except OSError:
        pass
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(), "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": model, "memory": mem, "python": platform.python_version(), "platform": platform.platform(),
        "versions": versions, "commit": commit,
    }


def fmt_s(value: Any) -> str:
    return f"{value:.2f} s" if isinstance(value, (int, float)) else "n/a"


def fmt_mb(value: Any) -> str:
    return f"{value / 1e6:.1f} MB" if isinstance(value, (int, float)) else "n/a"


def fmt_kb(value: Any) -> str:
    return f"{value / 1e3:,.0f} kB" if isinstance(value, (int, float)) else "n/a"


def print_report(machine: dict[str, Any], results: list[dict[str, Any]]) -> None:
    """The machine line, then per size a table of ours against the baseline and how each download was measured."""
    v = machine["versions"]
    print("\n" + "=" * 100)
    print(f"Machine: {machine['nproc']} CPUs ({machine['cpu_model']}), {machine['memory']} RAM; "
          f"Python {machine['python']}; MkDocs {v.get('mkdocs')}, Material {v.get('mkdocs-material')}, "
          f"Pagefind {v.get('pagefind')}; commit {machine['commit']}; {machine['date']}")
    for res in results:
        print_size(res)


def print_size(res: dict[str, Any]) -> None:
    ours, base = res.get("ours") or {}, res.get("baseline") or {}
    g = res["generation"]
    print(f"\nN = {res['n']} articles (avg {g['body_chars_avg']} chars; {g['campaigns']} campaigns, "
          f"{g['training']} training classes, {g['workers']} workers, {g['achievement_files']} achievement files)")
    for d, name in ((ours, "ours"), (base, "baseline")):
        err = dig(d, "cold", "error")
        if err:
            print(f"  {name}: {err}")
    # A build during which other processes used over 15% of its wall time in CPU: its wall time is suspect.
    noisy = [f"{name} {key} (other processes used {d[key]['others_cpu_s']:.1f} CPU-s during {d[key]['wall']:.1f} s)"
             for d, name in ((ours, "ours"), (base, "baseline")) for key in ("cold", "warm_edit", "warm_add")
             if isinstance(dig(d, key, "others_cpu_s"), (int, float)) and d[key]["others_cpu_s"] > 0.15 * d[key]["wall"]]
    rows = table_rows(ours, base, res.get("ratios") or {})
    header = ("metric", "ours", "baseline", "ours/base")
    widths = [max(len(r[i]) for r in [*rows, header]) for i in range(4)]
    print("  " + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  " + "  ".join("-" * w for w in widths))
    for r in rows:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    if noisy:
        print("  NOTE: the machine was busy, wall times are inflated (CPU times are the steadier figure): "
              + "; ".join(noisy))
    for d, name in ((dig(ours, "search", "first_query"), "ours"), (dig(base, "search", "first_query"), "baseline")):
        if d:
            kinds = ", ".join(f"{k} {v / 1e3:,.1f} kB" for k, v in d.get("by_kind", {}).items())
            print(f"  {name} first query: {d.get('method')}: {kinds}")


def table_rows(ours: dict[str, Any], base: dict[str, Any], ratio: dict[str, float]) -> list[tuple[str, str, str, str]]:
    """(metric, ours, baseline, ours/base) for one size; a metric neither site has is left out or says n/a."""
    rows: list[tuple[str, str, str, str]] = []

    def row(label: str, a: str, b: str, key: str | None = None) -> None:
        rows.append((label, a, b, f"{ratio[key]:.2f}×" if key and key in ratio else ""))

    row("cold build, wall", _wall(dig(ours, "cold")), _wall(dig(base, "cold")), "cold_wall")
    row("cold build, CPU user+sys", fmt_s(_cpu(dig(ours, "cold"))), fmt_s(_cpu(dig(base, "cold"))))
    row("peak RSS, largest process", fmt_mb(dig(ours, "cold", "max_rss_bytes")),
        fmt_mb(dig(base, "cold", "max_rss_bytes")), "cold_max_rss")
    by_prog = [", ".join(f"{k} {v / 1e6:.0f} MB" for k, v in sorted((dig(d, "cold", "peak_by_program") or {}).items(),
                                                                   key=lambda kv: -kv[1]) if v > 20e6) or "n/a"
               for d in (ours, base)]
    row("  peak RSS by program (sampled)", by_prog[0], by_prog[1])
    row("peak RSS, process tree (sampled)", fmt_mb(dig(ours, "cold", "tree_peak_bytes")),
        fmt_mb(dig(base, "cold", "tree_peak_bytes")), "cold_tree_peak")
    for key, label in (("warm_edit", "rebuild after editing 1 article"), ("warm_add", "rebuild after adding 1 article")):
        row(f"{label}, wall", _wall(dig(ours, key)), _wall(dig(base, key)), f"{key}_wall")
        row(f"{label}, CPU", fmt_s(_cpu(dig(ours, key))), fmt_s(_cpu(dig(base, key))))
    for mode in ("serve", "serve_dirty"):
        label = "mkdocs serve --dirty" if mode == "serve_dirty" else "mkdocs serve"
        a, b = dig(ours, mode), dig(base, mode)
        if a is None and b is None:
            continue
        row(f"{label}: first page served", _serve(a, "startup_s"), _serve(b, "startup_s"))
        row(f"{label}: edit → preview", _serve(a, "edit_to_preview_s"), _serve(b, "edit_to_preview_s"))
    t = dig(ours, "cold", "timings")
    wall = dig(ours, "cold", "wall")
    if isinstance(t, dict) and isinstance(t.get("own_seconds"), (int, float)) and wall:
        phases = sorted((t.get("phases") or {}).items(), key=lambda kv: -kv[1])
        top = ", ".join(f"{k} {s:.1f}" for k, s in phases[:4])
        row("our code, share of cold build", f"{100 * t['own_seconds'] / wall:.0f}% ({t['own_seconds']:.1f} s)", "")
        if top:
            row("  top phases (s)", top, "")
    elif ours:
        row("our code, share of cold build", "n/a", "")
    tw = dig(ours, "warm_edit", "timings")
    ww = dig(ours, "warm_edit", "wall")
    if isinstance(tw, dict) and isinstance(tw.get("own_seconds"), (int, float)) and ww:
        row("our code, share of edit rebuild", f"{100 * tw['own_seconds'] / ww:.0f}% ({tw['own_seconds']:.1f} s)", "")
    row("site/ size", _size(dig(ours, "output")), _size(dig(base, "output")), "output_bytes")
    row("search index size", _size(dig(ours, "search", "index")), _size(dig(base, "search", "index")),
        "search_index_bytes")
    fa, fb = dig(ours, "search", "first_query"), dig(base, "search", "first_query")
    row("first query download", fmt_kb(dig(fa, "bytes")), fmt_kb(dig(fb, "bytes")), "first_query_bytes")
    if (fa and fa.get("bytes_gzip")) or (fb and fb.get("bytes_gzip")):
        row("  gzip on the wire (est.)", fmt_kb(dig(fa, "bytes_gzip")), fmt_kb(dig(fb, "bytes_gzip")))
    if fa and fa.get("bytes_with_ui") is not None:
        row("  + Pagefind UI js/css (raw / gzip)",
            f"{fmt_kb(fa.get('bytes_with_ui'))} / {fmt_kb(fa.get('bytes_gzip_with_ui'))}", "")
    return rows


def _wall(d: Any) -> str:
    if not isinstance(d, dict):
        return "n/a"
    return fmt_s(d.get("wall")) if d.get("rc") == 0 else "FAILED (see log)"


def _cpu(d: Any) -> float | None:
    if isinstance(d, dict) and "user" in d:
        return d["user"] + d["sys"]
    return None


def _serve(d: Any, key: str) -> str:
    if not isinstance(d, dict):
        return "n/a"
    if key in d:
        return fmt_s(d[key])
    return "failed" if d.get("error") else "n/a"


def _size(d: Any) -> str:
    if not isinstance(d, dict):
        return "n/a"
    shards = f", {d['shards']} shards" if d.get("shards", 1) > 1 else ""
    return f"{d['bytes'] / 1e6:.1f} MB / {d['files']:,} files{shards}"


def write_json(path: str, machine: dict[str, Any], args: argparse.Namespace, results: list[dict[str, Any]]) -> None:
    """The whole run so far (rewritten after every step): machine, settings and every size's results."""
    payload = {
        "machine": machine,
        "settings": {"sizes": args.sizes, "only": args.only, "seed": args.seed, "serve": args.serve,
                     "build_date": BUILD_MOMENT.isoformat(), "query": QUERY},
        "results": results,
    }
    Path(path).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")

