"""The results: ratios (ours/baseline, issue 17's against Hugo and our cold build), the printed table, our code's
growth between sizes, the JSON file, and the machine a run was on.

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
from .hugo import hugo_available


def dig(d: Any, *keys: str) -> Any:
    """d[key][key]…, or None where a level is missing or not a dict (a failed or skipped step)."""
    for key in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def ratios(result: dict[str, Any]) -> dict[str, float]:
    """Ours / baseline for each figure both sites have (a wall time only when both builds succeeded), and issue 17's
    ratios: ours cold / Hugo cold, ours warm (+20 articles, 1 edited) / Hugo cold and / ours cold."""
    ours, base, hugo = result.get("ours") or {}, result.get("baseline") or {}, result.get("hugo") or {}
    out = {}
    for label, keys in (("cold_wall", ("cold", "wall")), ("cold_max_rss", ("cold", "max_rss_bytes")),
                        ("cold_tree_peak", ("cold", "tree_peak_bytes")), ("warm_20_wall", ("warm_20", "wall")),
                        ("warm_edit_wall", ("warm_edit", "wall")),
                        ("warm_add_wall", ("warm_add", "wall")), ("output_bytes", ("output", "bytes")),
                        ("output_files", ("output", "files")), ("search_index_bytes", ("search", "index", "bytes")),
                        ("first_query_bytes", ("search", "first_query", "bytes"))):
        a, b = dig(ours, *keys), dig(base, *keys)
        if keys[-1] == "wall" and (dig(ours, keys[0], "rc") != 0 or dig(base, keys[0], "rc") != 0):
            continue
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
            out[label] = a / b
    for label, (d1, k1), (d2, k2) in (("cold_vs_hugo_cold", (ours, "cold"), (hugo, "cold")),
                                      ("warm_20_vs_hugo_cold", (ours, "warm_20"), (hugo, "cold")),
                                      ("warm_20_vs_cold", (ours, "warm_20"), (ours, "cold")),
                                      ("hugo_warm_20_vs_hugo_cold", (hugo, "warm_20"), (hugo, "cold"))):
        a, b = _ok_wall(dig(d1, k1)), _ok_wall(dig(d2, k2))
        if a is not None and b:
            out[label] = a / b
    a, b = dig(ours, "cold", "tree_peak_bytes"), dig(hugo, "cold", "tree_peak_bytes")
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
        out["cold_tree_peak_vs_hugo"] = a / b
    return out


def _ok_wall(d: Any) -> float | None:
    """The wall time of a build that succeeded, else None."""
    if isinstance(d, dict) and d.get("rc") == 0 and isinstance(d.get("wall"), (int, float)):
        return float(d["wall"])
    return None


# Issue 17's targets: (ratio key, what it compares, the limit it must stay at or under, a note).
TARGETS = (
    ("cold_wall", "ours cold / plain MkDocs + Material cold", 0.5, "target ≤ 0.50× at 10,000 articles, aim 0.35×"),
    ("cold_vs_hugo_cold", "ours cold / Hugo cold", None, "no target: for scale"),
    ("warm_20_vs_hugo_cold", "ours warm (+20, 1 edited) / Hugo cold", 1.0, "target < 1: faster than Hugo cold"),
    ("warm_20_vs_cold", "ours warm (+20, 1 edited) / ours cold", 0.15, "target ≤ 0.15× of our cold build"),
)


def own_code_scaling(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Our code's seconds (GONGHUI_TIMINGS, cold build) per size and per 1,000 articles, and between consecutive
    sizes the time ratio against the article ratio: linear within issue 17's bound when time ratio ≤ 1.1 × article
    ratio (2× articles → ≤ 2.2× time)."""
    points = [(r["n"], t["own_seconds"]) for r in sorted(results, key=lambda r: r["n"])
              if isinstance(t := dig(r, "ours", "cold", "timings"), dict)
              and isinstance(t.get("own_seconds"), (int, float)) and t["own_seconds"] > 0]
    out: list[dict[str, Any]] = []
    for i, (n, own) in enumerate(points):
        row: dict[str, Any] = {"n": n, "own_s": own, "per_1000_s": own * 1000 / n}
        if i:
            n0, own0 = points[i - 1]
            row.update(from_n=n0, articles_x=n / n0, time_x=own / own0, growth_per_article=(own / own0) / (n / n0))
        out.append(row)
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
    hugo_path, hugo_version = hugo_available()
    versions["hugo"] = hugo_version if hugo_path else None
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
          f"Pagefind {v.get('pagefind')}; Hugo: {v.get('hugo') or 'none'}; commit {machine['commit']}; {machine['date']}")
    for res in results:
        print_size(res)
    scaling = own_code_scaling(results)
    if scaling:
        print("\nOur code (GONGHUI_TIMINGS, cold build) per 1,000 articles — linear when the time grows at most 1.1× as "
              "fast as the articles (2× articles → ≤ 2.2×):")
        for p in scaling:
            step = (f"; from {p['from_n']:,}: {p['articles_x']:.1f}× articles → {p['time_x']:.2f}× time "
                    f"(per article {p['growth_per_article']:.2f}×, {'within' if p['growth_per_article'] <= 1.1 else 'OVER'}"
                    " 1.1)") if "from_n" in p else ""
            print(f"  N = {p['n']:,}: {p['own_s']:.1f} s, {p['per_1000_s']:.2f} s per 1,000 articles{step}")


SITES = ("ours", "baseline", "hugo")
BUILDS = ("cold", "warm_20", "warm_edit", "warm_add")


def print_size(res: dict[str, Any]) -> None:
    ours, base, hugo = (res.get(name) or {} for name in SITES)
    g = res["generation"]
    print(f"\nN = {res['n']} articles (avg {g['body_chars_avg']} chars; {g['campaigns']} campaigns, "
          f"{g['training']} training classes, {g['workers']} workers, {g['achievement_files']} achievement files)")
    if hugo.get("skipped"):
        print(f"  hugo: {hugo['skipped']}")
    for d, name in ((ours, "ours"), (base, "baseline"), (hugo, "hugo")):
        for key in BUILDS:
            err = dig(d, key, "error")
            if err:
                print(f"  {name} {key}: {err}")
    # A build during which other processes used over 15% of its wall time in CPU: its wall time is suspect.
    noisy = [f"{name} {key} (other processes used {d[key]['others_cpu_s']:.1f} CPU-s during {d[key]['wall']:.1f} s)"
             for d, name in ((ours, "ours"), (base, "baseline"), (hugo, "hugo")) for key in BUILDS
             if isinstance(dig(d, key, "others_cpu_s"), (int, float)) and d[key]["others_cpu_s"] > 0.15 * d[key]["wall"]]
    rows = table_rows(ours, base, hugo, res.get("ratios") or {})
    header = ("metric", "ours", "baseline", "hugo", "ours/base")
    widths = [max(len(r[i]) for r in [*rows, header]) for i in range(len(header))]
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
    ratio = res.get("ratios") or {}
    print("  Issue 17 targets:")
    for key, label, limit, note in TARGETS:
        if key not in ratio:
            print(f"    {label}: n/a ({note})")
            continue
        verdict = "" if limit is None else (" — met" if ratio[key] <= limit else " — NOT met")
        print(f"    {label}: {ratio[key]:.2f}× ({note}){verdict}")


Row = tuple[str, str, str, str, str]


def table_rows(ours: dict[str, Any], base: dict[str, Any], hugo: dict[str, Any], ratio: dict[str, float]) -> list[Row]:
    """(metric, ours, baseline, hugo, ours/base) for one size; a metric no site has is left out or says n/a."""
    rows: list[Row] = []

    def row(label: str, a: str, b: str, h: str = "", key: str | None = None) -> None:
        rows.append((label, a, b, h, f"{ratio[key]:.2f}×" if key and key in ratio else ""))

    row("cold build, wall", _wall(dig(ours, "cold")), _wall(dig(base, "cold")), _wall(dig(hugo, "cold")), "cold_wall")
    row("cold build, CPU user+sys", fmt_s(_cpu(dig(ours, "cold"))), fmt_s(_cpu(dig(base, "cold"))),
        fmt_s(_cpu(dig(hugo, "cold"))))
    row("warm: +20 articles, 1 edited, wall", _wall(dig(ours, "warm_20")), _wall(dig(base, "warm_20")),
        _wall(dig(hugo, "warm_20")), "warm_20_wall")
    row("warm: +20 articles, 1 edited, CPU", fmt_s(_cpu(dig(ours, "warm_20"))), fmt_s(_cpu(dig(base, "warm_20"))),
        fmt_s(_cpu(dig(hugo, "warm_20"))))
    row("peak RSS, largest process", fmt_mb(dig(ours, "cold", "max_rss_bytes")),
        fmt_mb(dig(base, "cold", "max_rss_bytes")), fmt_mb(dig(hugo, "cold", "max_rss_bytes")), "cold_max_rss")
    by_prog = [", ".join(f"{k} {v / 1e6:.0f} MB" for k, v in sorted((dig(d, "cold", "peak_by_program") or {}).items(),
                                                                   key=lambda kv: -kv[1]) if v > 20e6) or "n/a"
               for d in (ours, base, hugo)]
    row("  peak RSS by program (sampled)", by_prog[0], by_prog[1], by_prog[2])
    peaks = [fmt_mb(dig(d, "cold", "tree_peak_bytes")) for d in (ours, base, hugo)]
    row("peak RSS, all processes (sampled), cold", peaks[0], peaks[1], peaks[2], "cold_tree_peak")
    for key, label in (("warm_20", "+20/1 edited"), ("warm_edit", "edit rebuild"), ("warm_add", "add rebuild")):
        if any(dig(d, key, "tree_peak_bytes") is not None for d in (ours, base, hugo)):
            row(f"peak RSS, all processes, {label}", *(fmt_mb(dig(d, key, "tree_peak_bytes")) for d in (ours, base, hugo)))
    for key, label in (("warm_edit", "rebuild after editing 1 article"), ("warm_add", "rebuild after adding 1 article")):
        row(f"{label}, wall", _wall(dig(ours, key)), _wall(dig(base, key)), "", f"{key}_wall")
        row(f"{label}, CPU", fmt_s(_cpu(dig(ours, key))), fmt_s(_cpu(dig(base, key))))
    for mode in ("serve", "serve_dirty"):
        label = "mkdocs serve --dirty" if mode == "serve_dirty" else "mkdocs serve"
        a, b = dig(ours, mode), dig(base, mode)
        if a is None and b is None:
            continue
        row(f"{label}: first page served", _serve(a, "startup_s"), _serve(b, "startup_s"))
        row(f"{label}: edit → preview", _serve(a, "edit_to_preview_s"), _serve(b, "edit_to_preview_s"))
    for key, label in (("cold", "cold build"), ("warm_20", "warm +20/1 edited"), ("warm_edit", "edit rebuild")):
        t, wall = dig(ours, key, "timings"), _ok_wall(dig(ours, key))
        if isinstance(t, dict) and isinstance(t.get("own_seconds"), (int, float)) and wall:
            row(f"our code, share of {label}", f"{100 * t['own_seconds'] / wall:.0f}% ({t['own_seconds']:.1f} s)", "")
            phases = sorted((t.get("phases") or {}).items(), key=lambda kv: -kv[1])
            if key == "cold" and phases:
                row("  top phases (s)", ", ".join(f"{k} {s:.1f}" for k, s in phases[:4]), "")
        elif key == "cold" and ours:
            row("our code, share of cold build", "n/a", "")
    row("site/ size (Hugo: public/)", _size(dig(ours, "output")), _size(dig(base, "output")), _size(dig(hugo, "output")),
        "output_bytes")
    row("search index size", _size(dig(ours, "search", "index")), _size(dig(base, "search", "index")),
        "none" if hugo.get("cold") else "", "search_index_bytes")
    fa, fb = dig(ours, "search", "first_query"), dig(base, "search", "first_query")
    row("first query download", fmt_kb(dig(fa, "bytes")), fmt_kb(dig(fb, "bytes")), "", "first_query_bytes")
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
        "settings": {"sizes": args.sizes, "only": args.only, "skip_baseline": args.skip_baseline,
                     "skip_hugo": args.skip_hugo, "skip_rebuilds": args.skip_rebuilds, "seed": args.seed, "serve": args.serve,
                     "build_date": BUILD_MOMENT.isoformat(), "query": QUERY},
        "results": results,
    }
    Path(path).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")

