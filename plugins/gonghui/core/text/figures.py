"""Figures shown the Chinese way: 2,305家, 10.19万人, 1.5亿元."""

from __future__ import annotations

from babel.numbers import format_compact_decimal, format_decimal

from .timeutil import ZH_CN

WAN = 10_000
YI = 100_000_000


def chinese_number(value: float | int, unit: str = "") -> str:
    """Below 100,000 exact with separators; above that in 万 or 亿, two decimals at most.

    A unit that already counts in 万 (万元, 万人) rolls over to 亿 from 10,000 万.
    """
    if unit.startswith("万") and abs(value) >= WAN:
        return _compact(value * WAN) + unit[1:]
    if abs(value) < 100_000:
        return format_decimal(value, locale=ZH_CN, decimal_quantization=False, group_separator=True) + unit
    return _compact(value) + unit


def _compact(value: float | int) -> str:
    return format_compact_decimal(value, locale=ZH_CN, fraction_digits=2)


def percent(part: float, whole: float) -> int:
    """Whole percent, rounded half up, for progress bars."""
    if whole <= 0:
        return 0
    return int(part * 100 / whole + 0.5)
