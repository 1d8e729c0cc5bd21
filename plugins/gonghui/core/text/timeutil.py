"""Beijing time: parsing editors' dates and showing them the Chinese way."""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date

from ..messages import define, say

BAD_BUILD_DATE = define("GH470", "构建日期 build_date 应写成 2022-06-24 这样的日期，写的是 {got} (build_date: expected a date)",
                        "mkdocs.yml 里 build_date 写的不是日期")
BAD_EPOCH = define("GH471", "环境变量 SOURCE_DATE_EPOCH 应为 1970 年以来的整秒数，写的是 {got} (SOURCE_DATE_EPOCH: expected whole seconds)",
                   "构建环境里 SOURCE_DATE_EPOCH 设错了（运维设置）")
BEIJING = ZoneInfo("Asia/Shanghai")
ZH_CN = Locale.parse("zh_CN")  # parsed once: Babel re-parses a locale string on every call


def parse_when(value: object) -> tuple[dt.datetime, bool] | None:
    """Parse `2022-06-24` or `2022-06-24 08:30` as Beijing time.

    Returns (aware datetime, has_time) or None when the text is not a date.
    """
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=BEIJING)
        return moment, True
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=BEIJING), False
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=BEIJING), False
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BEIJING)
    try:
        return moment.astimezone(BEIJING), True
    except OverflowError:  # 0001-01-01 00:00+09:00 is before year 1 in Beijing
        return None


def parse_day(value: object) -> dt.date | None:
    """Parse a plain date `2022-06-24`; None when it is not one."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
    except ValueError:
        return None


def beijing_day(value: dt.date | dt.datetime) -> dt.date:
    """The day a moment falls on in Beijing (a date stays as it is)."""
    return value.astimezone(BEIJING).date() if isinstance(value, dt.datetime) else value


def chinese_date(value: dt.date | dt.datetime) -> str:
    """2022年6月24日"""
    return _long_date(beijing_day(value))


@lru_cache(maxsize=8192)  # a site has a few thousand distinct dates; Babel's formatting is slow per call
def _long_date(day: dt.date) -> str:
    return format_date(day, format="long", locale=ZH_CN)


def chinese_datetime(value: dt.datetime) -> str:
    """2022年6月24日 08:30"""
    local = value.astimezone(BEIJING)
    return f"{chinese_date(local)} {local:%H:%M}"


def build_now(setting: str | None = None) -> dt.datetime:
    """The moment a build happens, in Beijing time.

    A `build_date` setting wins, then SOURCE_DATE_EPOCH (reproducible builds),
    then the clock. The same input and build date give the same site.
    """
    if setting:
        parsed = parse_when(setting)
        if parsed is None:
            raise ValueError(say(BAD_BUILD_DATE, got=repr(setting)))
        moment, has_time = parsed
        return moment if has_time else moment.replace(hour=23, minute=59, second=59)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=BEIJING)
        except ValueError:
            raise ValueError(say(BAD_EPOCH, got=repr(epoch))) from None
    return dt.datetime.now(tz=BEIJING).replace(microsecond=0)
