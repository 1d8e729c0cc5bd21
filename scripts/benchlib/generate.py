"""The deterministic synthetic site: program records, articles and achievements for N articles, written twice.

One `random.Random` seeded with "{seed}-{n}" feeds every draw in a fixed order (records, then articles, then
achievements), so a size's site is the same byte for byte on every run and both builds get the same articles.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import REPO
from .words import (
    AUTHORS,
    COMPANY,
    HONORS,
    INDUSTRIES,
    KICKERS,
    METRICS,
    PROGRAMS,
    ROLES,
    SENTENCES,
    SKILLS,
    SUBTITLES,
    TITLE_TEMPLATES,
    TRAINING_CATEGORIES,
    WORKERS,
    Pinyin,
    Writer,
    article_body,
    short_name,
    tag_pool,
)

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2026, 6, 29)


def zipf_weights(count: int, s: float = 0.9) -> list[float]:
    """Rank i weighs 1/(i+1)^s: a few regions and tags get most articles, as in real news."""
    return [1.0 / (i + 1) ** s for i in range(count)]


def q(value: str) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted strings."""
    return json.dumps(value, ensure_ascii=False)


def random_day(rng: random.Random, lo: dt.date = FIRST_DAY, hi: dt.date = LAST_DAY) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


# --------------------------------------------------------------------------------------------
# Site generation
# --------------------------------------------------------------------------------------------


class SiteSpec:
    """Everything generated for one size, kept in memory so ours and the baseline get the same articles."""

    def __init__(self) -> None:
        self.articles: list[tuple[str, str, str, str]] = []  # (rel path, front matter, body, url path ours)
        self.baseline_urls: list[str] = []
        self.data_files: list[tuple[str, str]] = []
        self.counts: dict[str, int] = {}
        self.chars = 0


@dataclass
class Draws:
    """The one random stream of a size (and its Writer) with the weighted regions and tags every record draws."""

    rng: random.Random
    w: Writer
    regions: list[str]
    region_w: list[float]
    region_slug: dict[str, str]
    tags: list[str]
    tag_w: list[float]
    days: tuple[dt.date, dt.date] = (FIRST_DAY, LAST_DAY)  # articles' dates (tests: one year, one search shard)

    def region(self) -> str:
        return self.rng.choices(self.regions, self.region_w)[0]


def campaign(d: Draws, i: int) -> tuple[str, str]:
    """(slug, YAML) of campaign i: a program in a region with 1-3 targets and their progress."""
    rng, w = d.rng, d.w
    region = d.region()
    name, pslug = rng.choice(PROGRAMS)
    slug = f"{d.region_slug[region]}-{pslug}-{i + 1}"
    start = random_day(rng, FIRST_DAY, dt.date(2026, 3, 1))
    end = start + dt.timedelta(days=rng.randint(60, 900)) if rng.random() < 0.7 else None
    last = min(end or LAST_DAY, LAST_DAY)
    lines = [
        f"title: {q(f'{region}{name}专项行动')}",
        f"organizer: {q(region + '总工会')}",
        f"region: {q(region)}",
        f"start: {start.isoformat()}",
    ]
    if end:
        lines.append(f"end: {end.isoformat()}")
    short = short_name(region)
    lines.append(f"summary: {q(w.any(SENTENCES, region, short))}")
    lines.append("description: |")
    for _ in range(2):
        lines.append("  " + w.any(SENTENCES, region, short, 3))
        lines.append("")
    lines.append(f"tags: [{', '.join(q(t) for t in rng.choices(d.tags, d.tag_w, k=2))}]")
    lines.append("targets:")
    for metric, unit in rng.sample(METRICS, rng.randint(1, 3)):
        target = rng.randint(50, 50000)
        lines += [f"  - name: {q(metric)}", f"    unit: {q(unit)}", f"    target: {target}", "    progress:"]
        days = sorted({random_day(rng, start, max(start, last)) for _ in range(rng.randint(1, 4))})
        for k, day in enumerate(days, start=1):
            lines.append(f"      - {{date: {day.isoformat()}, value: {int(target * k / (len(days) + 1))}}}")
    return slug, "\n".join(lines) + "\n"


def training_class(d: Draws, i: int) -> tuple[str, str]:
    """(slug, YAML) of training class i: 1-5 weekly sessions of one skill."""
    rng, w = d.rng, d.w
    region = d.region()
    skill = rng.choice(SKILLS)
    slug = f"{d.region_slug[region]}-peixun-{i + 1}"
    first = random_day(rng, FIRST_DAY, dt.date(2027, 6, 30))
    capacity = rng.randint(20, 200)
    lines = [
        f"title: {q(f'{region}职工{skill}培训班（第{rng.randint(1, 9)}期）')}",
        f"category: {rng.choice(TRAINING_CATEGORIES)}",
        f"organizer: {q(region + '总工会')}",
        f"region: {q(region)}",
        f"venue: {q(region + '职工服务中心')}",
        f"address: {q(region + '人民路' + str(rng.randint(1, 300)) + '号')}",
        f"fee: {rng.choice([0, 0, 0, 50, 100])}",
        f"capacity: {capacity}",
        f"enrolled: {rng.randint(0, capacity)}",
        f"audience: {q(rng.choice(WORKERS))}",
        "registration:",
        f"  url: https://zgh.example.cn/peixun/{slug}",
        f"  phone: 0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}",
        f"  deadline: {(first - dt.timedelta(days=rng.randint(3, 20))).isoformat()}",
        "sessions:",
    ]
    for k in range(rng.randint(1, 5)):
        day = first + dt.timedelta(days=7 * k)
        hour = rng.choice([8, 9, 14, 19])
        lines += [
            f"  - start: {day.isoformat()} {hour:02d}:30",
            f"    end: {day.isoformat()} {hour + 2:02d}:30",
            f"    topic: {q(skill + '实操第' + str(k + 1) + '讲')}",
            f"    teacher: {q(w.person() + '老师')}",
        ]
    lines.append(f"description: {q(w.any(SENTENCES, region, short_name(region)))}")
    return slug, "\n".join(lines) + "\n"


def model_worker(d: Draws, i: int, pinyin: Pinyin) -> tuple[str, str]:
    """(slug, YAML) of worker i: a person with 0-3 honors and a two-paragraph bio."""
    rng, w = d.rng, d.w
    region = d.region()
    name = w.person()
    slug = f"{pinyin(name, 'gongren')}-{i + 1}"
    honors = rng.sample(HONORS, rng.randint(0, 3))
    industry = rng.choice(INDUSTRIES)
    lines = [
        f"name: {q(name)}",
        "honors: [" + ", ".join(f"{{title: {q(t)}, level: {lv}, year: {rng.randint(1995, 2025)}}}"
                                for t, lv in honors) + "]",
        f"organization: {q(short_name(region) + industry[:2] + rng.choice(COMPANY))}",
        f"position: {q(rng.choice(ROLES))}",
        f"region: {q(region)}",
        f"industry: {q(industry)}",
        "bio: |",
        "  " + w.any(SENTENCES, region, short_name(region), 3),
        "",
        "  " + w.any(SENTENCES, region, short_name(region), 2),
    ]
    return slug, "\n".join(lines) + "\n"


def add_article(spec: SiteSpec, d: Draws, i: int, campaigns: list[str], training: list[str],
                workers: list[str]) -> tuple[str, str, dt.date]:
    """Adds article i to `spec` (front matter with some links to the records, body); returns (region, slug, day)."""
    rng, w = d.rng, d.w
    region = d.region()
    short = short_name(region)
    day = random_day(rng, *d.days)
    _pname, pslug = rng.choice(PROGRAMS)
    slug = f"{d.region_slug[region]}-{pslug}-{i + 1:05d}"
    title = w.any(TITLE_TEMPLATES, region, short)
    has_time = rng.random() < 0.8
    when = (f"{day.isoformat()} {rng.randint(7, 21):02d}:{rng.choice(['00', '15', '30', '45'])}" if has_time
            else day.isoformat())
    fm = [f"title: {q(title)}"]
    if rng.random() < 0.4:
        fm.append(f"kicker: {q(w.any(KICKERS, region, short))}")
    if rng.random() < 0.2:
        fm.append(f"subtitle: {q(w.any(SUBTITLES, region, short))}")
    fm.append(f"date: {when}")
    fm.append("authors:")
    for _ in range(rng.randint(1, 2)):
        fm.append(f"  - {{name: {q(w.person())}, role: {q(rng.choice(AUTHORS))}}}")
    fm.append(f"dateline: {q('本报讯' if rng.random() < 0.5 else f'本报{short}{day.month}月{day.day}日电')}")
    fm.append(f"region: {q(region)}")
    fm.append(f"tags: [{', '.join(q(t) for t in dict.fromkeys(rng.choices(d.tags, d.tag_w, k=rng.randint(1, 4))))}]")
    if rng.random() < 0.3:
        fm.append(f"summary: {q(w.any(SENTENCES, region, short))}")
    if rng.random() < 0.3:
        fm.append(f"campaigns: [{rng.choices(campaigns, zipf_weights(len(campaigns)))[0]}]")
    if rng.random() < 0.15:
        fm.append(f"training: [{rng.choice(training)}]")
    if rng.random() < 0.15:
        fm.append(f"workers: [{rng.choice(workers)}]")
    if rng.random() < 0.05:
        img = rng.choice(["bench-a.svg", "bench-b.svg"])
        fm += ["image:", f"  src: /assets/images/bench/{img}", f"  caption: {q(w.any(SENTENCES, region, short))}"]
    body = article_body(w, region, short, day, rng.randint(800, 2500), with_table=rng.random() < 0.25)
    spec.chars += len(body)
    rel = f"news/{day.year}/{slug}.md"
    spec.articles.append((rel, "\n".join(fm), body, f"/news/{day.year}/{day.month:02d}/{slug}/"))
    spec.baseline_urls.append(f"/news/{day.year}/{slug}/")
    return region, slug, day


def achievements(d: Draws, region: str, sources: list[tuple[str, dt.date]]) -> str:
    """YAML of 1-3 figures a region reported, each citing one of its articles."""
    rng = d.rng
    lines: list[str] = []
    for _ in range(rng.randint(1, 3)):
        slug, day = rng.choice(sources)
        metric, unit = rng.choice(METRICS)
        lines.append(
            f"- {{region: {q(region)}, date: {day.isoformat()}, metric: {q(metric)}, "
            f"value: {rng.randint(10, 90000)}, unit: {q(unit)}, source: {slug}}}"
        )
    return "\n".join(lines) + "\n"


def generate(n: int, seed: int, regions: list[str], pinyin: Pinyin,
             days: tuple[dt.date, dt.date] = (FIRST_DAY, LAST_DAY)) -> SiteSpec:
    """N articles with one campaign per 200, one training class per 100, one worker per 50, achievements per region;
    the articles dated between `days`."""
    rng = random.Random(f"{seed}-{n}")
    tags = tag_pool()
    d = Draws(rng=rng, w=Writer(rng), regions=regions, region_w=zipf_weights(len(regions), 0.8),
              region_slug={r: pinyin(short_name(r), f"r{i}") for i, r in enumerate(regions)},
              tags=tags, tag_w=zipf_weights(len(tags), 1.0), days=days)
    spec = SiteSpec()
    n_campaigns, n_training, n_workers = max(1, n // 200), max(1, n // 100), max(1, n // 50)

    # Program records first: articles link to their slugs.
    campaigns = [campaign(d, i) for i in range(n_campaigns)]
    training = [training_class(d, i) for i in range(n_training)]
    workers = [model_worker(d, i, pinyin) for i in range(n_workers)]
    for folder, records in (("campaigns", campaigns), ("training", training), ("workers", workers)):
        spec.data_files += [(f"data/{folder}/{slug}.yml", text) for slug, text in records]

    by_region: dict[str, list[tuple[str, dt.date]]] = {}
    links = ([slug for slug, _ in campaigns], [slug for slug, _ in training], [slug for slug, _ in workers])
    for i in range(n):
        region, slug, day = add_article(spec, d, i, *links)
        by_region.setdefault(region, []).append((slug, day))

    # Achievements: one file per region that has articles.
    for k, region in enumerate(regions):
        sources = by_region.get(region)
        if sources:
            text = achievements(d, region, sources)
            spec.data_files.append((f"data/achievements/{d.region_slug[region]}-{k}.yml", text))
    spec.counts = {
        "articles": n, "campaigns": n_campaigns, "training": n_training, "workers": n_workers,
        "achievement_files": sum(1 for p, _ in spec.data_files if p.startswith("data/achievements/")),
        "regions_used": len(by_region),
    }
    return spec


# --------------------------------------------------------------------------------------------
# Writing both sites
# --------------------------------------------------------------------------------------------

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400">'
       '<rect width="640" height="400" fill="{}"/><text x="40" y="210" font-size="48" fill="#fff">基准测试图片</text></svg>\n')

BASELINE_YML = """site_name: 职工新闻网（基准）
site_url: https://news.example.org.cn/
docs_dir: content
theme:
  name: material
  language: zh
plugins:
  - search
not_in_nav: |
  /news/**
nav:
  - 首页: index.md
"""


def copy_repo_config(dest: Path) -> None:
    """Our mkdocs.yml as it is in the repo (it already has site_url), plus folders it points to."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if "site_url:" not in text:
        text = "site_url: https://news.example.org.cn/\n" + text
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
    try:
        import yaml

        class Loose(yaml.SafeLoader):
            pass

        # Tags such as !!python/name (Material's emoji settings) would stop SafeLoader: they load as None,
        # only the folder names matter here.
        Loose.add_multi_constructor("", lambda loader, suffix, node: None)
        config = yaml.load(text, Loader=Loose) or {}
    except Exception:  # noqa: BLE001 - no PyYAML or odd YAML: nothing extra to copy
        return
    extra: list[str] = []
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        extra.append(theme["custom_dir"])
    for plugin in config.get("plugins") or []:
        ours = plugin.get("gonghui") if isinstance(plugin, dict) else None
        if isinstance(ours, dict) and isinstance(ours.get("templates_dir"), str):
            extra.append(ours["templates_dir"])
    for rel in extra:
        if (REPO / rel).is_dir() and not (dest / rel).exists():
            shutil.copytree(REPO / rel, dest / rel)


def write_site(spec: SiteSpec, root: Path, baseline: bool = True) -> tuple[Path, Path | None]:
    """root/ours (our mkdocs.yml, articles and data) and root/baseline (the same articles, plain Material), unless
    `baseline` is false (then None: --skip-baseline saves the disk of a 100,000-article run)."""
    ours, base = root / "ours", root / "baseline"
    sites = (ours, base) if baseline else (ours,)
    for site in sites:
        if site.exists():
            shutil.rmtree(site)
        images = site / "content" / "assets" / "images" / "bench"
        images.mkdir(parents=True)
        (images / "bench-a.svg").write_text(SVG.format("#a3141c"), encoding="utf-8")
        (images / "bench-b.svg").write_text(SVG.format("#0b4f9c"), encoding="utf-8")
    copy_repo_config(ours)
    if baseline:
        (base / "mkdocs.yml").write_text(BASELINE_YML, encoding="utf-8")
        (base / "content" / "index.md").write_text("# 职工新闻网\n\n基准站点：同一批文章，不用 gonghui 插件。\n",
                                                   encoding="utf-8")
    made: set[Path] = set()  # folders already made: mkdir once per folder, not once per file

    def write(path: Path, text: str) -> None:
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")

    for rel, front, body, _url in spec.articles:
        text = f"---\n{front}\n---\n\n{body}"
        for site in sites:
            write(site / "content" / rel, text)
    for rel, text in spec.data_files:
        write(ours / rel, text)
    return ours, base if baseline else None
