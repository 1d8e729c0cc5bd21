"""Reading: Training classes (培训班, 职工夜校): sessions, places, registration."""

from __future__ import annotations

from typing import Any

from ...model.records.training import Registration, Session, TrainingClass
from ...model.regions import RegionTable
from ...problems import Problems
from ..fields import Ctx, Field, day, list_of, mapping, text, when, whole, wrong
from .common import non_negative, read_placed_record, url


def _session_build(v: dict[str, Any], c: Ctx) -> Session | None:
    start, end = v["start"][0], v["end"][0]
    if end <= start:
        c.child("end").wrong(f"应晚于开始时间 {start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}")
        return None
    return Session(start, end, v.get("topic", ""), v.get("teacher", ""), c.line)


SESSION_FIELDS: dict[str, Field] = {
    "start": Field(when, required=True, label="开始时间", hint="北京时间"),
    "end": Field(when, required=True, label="结束时间", hint="北京时间，要晚于开始时间"),
    "topic": Field(text, label="内容"),
    "teacher": Field(text, label="授课人"),
}
_session = mapping(SESSION_FIELDS, _session_build)

REGISTRATION_FIELDS: dict[str, Field] = {
    "url": Field(url, label="报名网址", hint="以 https:// 开头"),
    "phone": Field(text, label="报名电话"),
    "deadline": Field(day, label="报名截止日期"),
}
_registration = mapping(
    REGISTRATION_FIELDS, lambda v, c: Registration(v.get("url", ""), v.get("phone", ""), v.get("deadline"))
)

FIELDS: dict[str, Field] = {
    "title": Field(text, required=True, label="班名"),
    "category": Field(text, required=True, label="类别", hint="如 茶艺、创新、直播销售；培训列表里未结束的班按类别分组"),
    "organizer": Field(text, required=True, label="主办单位"),
    "region": Field(text, label="地区"),
    "venue": Field(text, required=True, label="地点"),
    "address": Field(text, label="详细地址"),
    "fee": Field(non_negative, required=True, label="费用（元）", hint="0 显示为“免费”"),
    "capacity": Field(whole, required=True, label="名额", hint="大于 0 的整数"),
    "enrolled": Field(whole, label="已报名人数", hint="不超过名额；页面显示剩余名额"),
    "audience": Field(text, label="招收对象"),
    "registration": Field(_registration, label="报名方式"),
    "sessions": Field(list_of(_session, allow_single=False), required=True, label="课次", hint="至少一次课"),
    "description": Field(text, label="课程介绍", markdown=True),
}

def read_training(slug: str, data: Any, display: str, regions: RegionTable, problems: Problems) -> TrainingClass | None:
    before = len(problems)
    read = read_placed_record(data, display, FIELDS, regions, problems)
    if read is None:
        return None
    values, origin, region = read
    sessions = sorted(values["sessions"], key=lambda s: s.start)
    if not sessions:
        problems.add(display, origin.line("sessions"), wrong("sessions", "应至少有一次课", "（空）"))
    capacity, enrolled = values["capacity"], values.get("enrolled", 0)
    if capacity == 0:
        problems.add(display, origin.line("capacity"), wrong("capacity", "应为大于 0 的名额数", "0"))
    if enrolled > capacity:
        problems.add(
            display, origin.line("enrolled"), wrong("enrolled", f"应不超过名额 capacity {capacity}", str(enrolled))
        )
    if len(problems) != before:
        return None
    return TrainingClass(
        slug=slug,
        title=values["title"],
        category=values["category"],
        organizer=values["organizer"],
        region=region,
        venue=values["venue"],
        address=values.get("address", ""),
        fee=values["fee"],
        capacity=capacity,
        enrolled=enrolled,
        audience=values.get("audience", ""),
        registration=values.get("registration", Registration()),
        sessions=sessions,
        description=values.get("description", ""),
        origin=origin,
    )
