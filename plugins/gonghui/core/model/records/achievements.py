"""Regional achievements: figures per region, each tied to the article reporting it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..article import Article
from ..regions import Region
from .origin import Origin


@dataclass
class Achievement:
    region: Region
    date: dt.date
    metric: str
    value: float
    unit: str
    source: str  # article slug
    note: str
    origin: Origin
    number: int = 0  # its place in the file, for messages ('record 3')
    article: Article | None = None  # the source article, once linked
    pending: str = ""  # why it is held back (source not yet published, dated later); shown only in a preview
