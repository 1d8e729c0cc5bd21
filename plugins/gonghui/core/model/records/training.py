"""Training classes (培训班, 职工夜校): sessions, places, registration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from ..article import Article, first_paragraph
from ..regions import Region
from .origin import Origin


@dataclass(frozen=True)
class Session:
    start: dt.datetime
    end: dt.datetime
    topic: str
    teacher: str
    line: int = 0


@dataclass(frozen=True)
class Registration:
    url: str = ""
    phone: str = ""
    deadline: dt.date | None = None


@dataclass
class TrainingClass:
    slug: str
    title: str
    category: str
    organizer: str
    region: Region | None
    venue: str
    address: str
    fee: float
    capacity: int
    enrolled: int
    audience: str
    registration: Registration
    sessions: list[Session]
    description: str
    origin: Origin
    articles: list[Article] = field(default_factory=list)

    kind_label: ClassVar[str] = "培训班"

    @property
    def lede(self) -> str:
        return first_paragraph(self.description)

    @property
    def url(self) -> str:
        return f"training/{self.slug}/"

    @property
    def ics_url(self) -> str:
        return f"training/{self.slug}.ics"

    @property
    def first_start(self) -> dt.datetime:
        return self.sessions[0].start

    @property
    def last_end(self) -> dt.datetime:
        return max(s.end for s in self.sessions)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.enrolled, 0)

    @property
    def fee_text(self) -> str:
        if self.fee == 0:
            return "免费"
        amount = int(self.fee) if float(self.fee).is_integer() else self.fee
        return f"{amount}元"

    def status(self, now: dt.datetime) -> str:
        if now > self.last_end:
            return "已结束"
        if self.enrolled >= self.capacity:
            return "已满"
        if self.registration.deadline is not None and now.date() > self.registration.deadline:
            return "报名截止"
        return "报名中"

    def is_upcoming(self, now: dt.datetime) -> bool:
        return now <= self.last_end
