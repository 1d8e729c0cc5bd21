"""Figures wait for their story: nothing is published before the article it comes from, or before its date.

A newsroom files tomorrow's story and its figures today. An achievement whose `source` is a draft or a
scheduled article, an achievement dated after the build moment and a campaign reading dated after it are
left out of the site until they are due (the nightly build publishes them), and the build lists them as
notes. A preview (`serve`) shows them, marked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..load.site import Inputs
from ..model.article import Article
from ..model.news import is_published
from ..model.records.achievements import Achievement
from ..problems import Problems, suggest
from ..text.timeutil import BEIJING, chinese_date, chinese_datetime

HELD_BACK = "暂不发布，到期后的下一次构建自动出现 (held back until due)"


def _waiting_reason(article: Article) -> str:
    if article.draft:
        return f"出处文章 {article.src_uri} 还是草稿"
    return f"出处文章 {article.src_uri} 定时于{chinese_datetime(article.date)}发布"


def hold_back(inputs: Inputs, now: dt.datetime, preview: bool, problems: Problems) -> None:
    """Link each achievement to its source; leave out (or, in a preview, mark) what is not yet due."""
    today = now.astimezone(BEIJING).date()
    published: dict[str, Article] = {}
    waiting: dict[str, Article] = {}
    for article in inputs.articles.values():
        if not article.broken:
            (published if is_published(article, now) else waiting)[article.slug] = article
    kept: list[Achievement] = []
    for item in inputs.programs.achievements:
        where = (item.origin.path, item.origin.line("source"))
        record = f"record {item.number}, " if item.number else ""
        source = published.get(item.source)
        if source is None and item.source in waiting:
            source = waiting[item.source]
            item.pending = _waiting_reason(source)
        elif source is None:
            problems.add(*where, f"{record}field 'source': no published article has the slug {item.source!r}"
                         + suggest(item.source, published))
            continue
        elif item.date > today:
            item.pending = f"数据截至日期 {chinese_date(item.date)} 晚于构建日期"
            where = (item.origin.path, item.origin.line("date"))
        if item.pending:
            problems.note(*where, f"{record}地区成果“{item.metric}”：{item.pending}，{HELD_BACK}")
            if not preview:
                continue
        item.article = source
        kept.append(item)
    inputs.programs.achievements = kept
    for campaign in inputs.programs.campaigns.values():
        for number, target in enumerate(campaign.targets, start=1):
            due = []
            for reading in target.progress:
                if reading.date > today:
                    problems.note(campaign.origin.path, reading.line,
                                  f"field 'targets[{number}].progress': 读数日期 {chinese_date(reading.date)} "
                                  f"晚于构建日期，{HELD_BACK}")
                    if preview:
                        due.append(dataclasses.replace(reading, pending=True))
                else:
                    due.append(reading)
            target.progress = due
