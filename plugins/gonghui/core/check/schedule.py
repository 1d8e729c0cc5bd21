"""Figures wait for their story: nothing is published before the article it comes from, or before its date.

A newsroom files tomorrow's story and its figures today. An achievement whose `source` is a draft or a
scheduled article, an achievement dated after the build moment and a campaign reading dated after it are
left out of the site until they are due (the nightly build publishes them), and the build lists them as
notes. A preview (`serve`) shows them, marked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..load.fields import record_prefix
from ..load.site import Inputs
from ..messages import define, say
from ..model.article import Article
from ..model.news import is_published
from ..model.records.achievements import Achievement
from ..problems import Problems, suggest
from ..text.timeutil import BEIJING, chinese_date, chinese_datetime

SOURCE_DRAFT = define("GH240", "{record}地区成果“{metric}”：出处文章 {source} 还是草稿，这条数字暂不发布；文章发布后的下一次构建"
                      "自动出现 (held back: its source is a draft)", "成果数字引用的文章还是草稿")
SOURCE_SCHEDULED = define("GH241", "{record}地区成果“{metric}”：出处文章 {source} 定时于{when}发布，这条数字到时随文章一起出现 "
                          "(held back until its source is published)", "成果数字引用的文章是定时发布")
FIGURE_LATER = define("GH242", "{record}地区成果“{metric}”：数据截至日期 {date} 晚于构建日期，暂不发布，到期后的下一次构建自动出现 "
                      "(held back until due)", "成果数字的日期晚于构建日期")
NO_SOURCE = define("GH243", "{record}字段 'source'：没有 slug 为 {slug!r} 的文章{hint}；出处要写已有文章的文件名 "
                   "(no article has this slug)", "成果数字的出处 slug 写错，或文章不存在")
READING_LATER = define("GH244", "字段 'targets[{number}].progress'：读数日期 {date} 晚于构建日期，暂不发布，到期后的下一次构建自动出现 "
                       "(reading held back until due)", "专项行动的进度读数日期晚于构建日期")


def _waiting_reason(article: Article) -> str:
    """Why a figure waits, as the preview's mark says it."""
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
        record = record_prefix(f"第{item.number}条" if item.number else "")
        source = published.get(item.source)
        message = ""
        if source is None and item.source in waiting:
            source = waiting[item.source]
            item.pending = _waiting_reason(source)
            message = (say(SOURCE_DRAFT, record=record, metric=item.metric, source=source.src_uri) if source.draft else
                       say(SOURCE_SCHEDULED, record=record, metric=item.metric, source=source.src_uri,
                           when=chinese_datetime(source.date)))
        elif source is None:
            problems.add(*where, say(NO_SOURCE, record=record, slug=item.source, hint=suggest(item.source, published)))
            continue
        elif item.date > today:
            item.pending = f"数据截至日期 {chinese_date(item.date)} 晚于构建日期"
            where = (item.origin.path, item.origin.line("date"))
            message = say(FIGURE_LATER, record=record, metric=item.metric, date=chinese_date(item.date))
        if item.pending:
            problems.note(*where, message)
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
                                  say(READING_LATER, number=number, date=chinese_date(reading.date)))
                    if preview:
                        due.append(dataclasses.replace(reading, pending=True))
                else:
                    due.append(reading)
            target.progress = due
