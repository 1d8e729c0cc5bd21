#!/usr/bin/env python3
"""Issue 6 benchmark: our build (gonghui plugin) against plain MkDocs + Material.

For each size N it generates a deterministic synthetic site of N Chinese news
articles (plus program data in proportion), builds it with our mkdocs.yml
("ours") and with plain MkDocs + Material and its default `search` plugin
("baseline"), and reports: cold build time and peak memory, warm rebuilds after
editing and after adding one article, edit-to-preview time in `mkdocs serve`
(plain and --dirty), our code's share of the build (GONGHUI_TIMINGS), output
size, search index size and the bytes a reader downloads for a first query.

Run it with the project's venv (it imports the plugin's region table and uses
Playwright, when present, to measure search downloads in Chromium):

    NO_MKDOCS_2_WARNING=1 .venv/bin/python scripts/bench.py --sizes 200
    .venv/bin/python scripts/bench.py                      # 1000,5000,10000
    .venv/bin/python scripts/bench.py --sizes 1000 --json bench.json --keep /tmp/bench

Standard library only, plus what the venv already has (PyYAML, pypinyin,
playwright); each is optional and the script says when it does without.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import random
import resource
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 20240601
# Build date for every build (SOURCE_DATE_EPOCH): 2026-06-30 12:00 Beijing time.
BUILD_MOMENT = dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2026, 6, 29)
QUERY = "工会"

# --------------------------------------------------------------------------------------------
# Word pools for the synthetic Chinese text
# --------------------------------------------------------------------------------------------

SAMPLE_REGIONS = ["大连市", "阜宁县", "高密市", "合肥市", "淮北市", "青铜峡市", "仁怀市", "陕西省", "英德市"]
# Used only when the plugin's region table cannot be imported (all resolve to one division).
FALLBACK_REGIONS = SAMPLE_REGIONS + [
    "苏州市", "杭州市", "宁波市", "温州市", "无锡市", "常州市", "徐州市", "洛阳市", "襄阳市", "宜昌市",
    "株洲市", "湘潭市", "柳州市", "桂林市", "绵阳市", "宜宾市", "遵义市", "曲靖市", "包头市", "鄂尔多斯市",
    "大庆市", "吉林市", "鞍山市", "唐山市", "保定市", "邯郸市", "临沂市", "潍坊市", "烟台市", "泉州市",
]

# (Chinese, pinyin slug) — programs, campaigns and titles are built from these.
PROGRAMS = [
    ("劳动和技能竞赛", "laodong-jineng-jingsai"), ("职工技能培训", "zhigong-jineng-peixun"),
    ("困难职工帮扶", "kunnan-zhigong-bangfu"), ("金秋助学", "jinqiu-zhuxue"), ("夏送清凉", "xia-song-qingliang"),
    ("冬送温暖", "dong-song-wennuan"), ("职工医疗互助", "zhigong-yiliao-huzhu"),
    ("户外劳动者驿站建设", "huwai-laodongzhe-yizhan"), ("工资集体协商", "gongzi-jiti-xieshang"),
    ("安全生产月", "anquan-shengchan-yue"), ("女职工关爱行动", "nvzhigong-guanai"),
    ("职工疗休养", "zhigong-liaoxiuyang"), ("职工书屋建设", "zhigong-shuwu"), ("职工夜校", "zhigong-yexiao"),
    ("法律援助", "falv-yuanzhu"), ("根治欠薪", "genzhi-qianxin"), ("新就业形态劳动者入会", "xin-jiuye-xingtai-ruhui"),
    ("建会入会集中行动", "jianhui-ruhui"), ("劳模创新工作室创建", "laomo-chuangxin-gongzuoshi"),
    ("工匠人才培养", "gongjiang-rencai"), ("职工文体活动", "zhigong-wenti"), ("职工心理健康服务", "xinli-jiankang"),
    ("暑期托管服务", "shuqi-tuoguan"), ("春送岗位", "chun-song-gangwei"), ("安康杯竞赛", "ankangbei"),
]
WORKERS = [
    "一线职工", "农民工", "快递员", "外卖送餐员", "货车司机", "网约车司机", "环卫工人", "建筑工人", "女职工", "青年职工",
    "困难职工", "技术工人", "产业工人", "新就业形态劳动者", "退休职工", "家政服务员", "护理员", "保安员", "电力职工",
    "铁路职工", "纺织女工", "矿山职工", "乡村教师", "医护人员", "公交司机", "港口装卸工", "餐饮从业人员",
]
ORG_SUFFIX = ["总工会", "总工会", "总工会", "总工会职工服务中心", "总工会困难职工帮扶中心", "产业工会", "总工会法律服务站"]
ACTIONS = ["开展", "启动", "推进", "举办", "组织", "深化", "落实", "部署", "实施", "推出"]
INDUSTRIES = [
    "机械制造", "纺织服装", "电子信息", "白酒酿造", "港口物流", "煤炭开采", "建筑施工", "城市环卫", "快递物流", "餐饮服务",
    "化工", "钢铁冶炼", "汽车零部件", "食品加工", "电力供应", "轨道交通", "医药制造", "家居建材", "现代农业", "新能源",
]
COMPANY = ["集团有限公司", "股份有限公司", "有限责任公司", "实业公司", "科技有限公司", "制造有限公司", "物流有限公司"]
SKILLS = [
    "焊接", "数控加工", "电工", "茶艺", "面点制作", "直播营销", "叉车驾驶", "养老护理", "育婴", "汽车维修", "钳工",
    "砌筑", "家政服务", "电子商务", "无人机操作", "工业机器人运维", "物流管理", "中式烹调", "插花", "书法",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华玉兰志强海燕红梅春梅文斌晓东立新振华宏伟国强小红丽华德明永刚云飞金凤淑珍"
ROLES = ["工会主席", "一线职工", "车间主任", "工会干部", "职工代表", "劳动模范", "技术骨干", "班组长", "工会副主席", "项目经理"]
QUOTES = [
    "以前有事不知道找谁，现在有了工会，心里踏实多了",
    "课程是我们自己点的，学起来特别有劲头",
    "工会把服务送到了家门口，我们干活更有干劲了",
    "比赛不仅比出了技能，也比出了团队的精气神",
    "这笔互助金解了我家的燃眉之急",
    "跑了一天单，能在驿站喝口热水、充个电，感觉很温暖",
    "工资协商谈下来了，大家的心气更足了",
    "我们要把职工的事当成自己的事来办",
    "学到的新技术马上就能用到生产线上",
    "希望更多的新就业形态劳动者加入工会",
    "孩子在托管班有人照看，我们上班也安心",
    "师傅手把手地教，我进步很快",
]
HEADINGS = [
    "职工需求在哪里，服务就跟到哪里", "{program}见实效", "从“要我学”到“我要学”", "让{worker}有“家”可归",
    "{skill}比武赛出好成绩", "数字背后的温度", "把实事办到职工心坎上", "精准帮扶不落一人", "搭平台 育人才",
    "建会入会迈出新步伐", "织密服务网络", "{worker}权益有保障", "以赛促学 以学促干", "工会牵线 企业受益",
    "下一步怎么干", "经验做法", "创新机制破难题", "“娘家人”送来及时雨", "小驿站 大温暖", "培训走进车间",
    "让技能人才有奔头", "一张清单管到底", "{region}的探索", "多方联动形成合力", "服务延伸到“神经末梢”",
    "协商谈出好结果", "劳模精神薪火相传", "夜校开出新课堂", "基层工会活起来", "算好职工“幸福账”",
]
SENTENCES = [
    "{org}围绕{program}，{action}了一系列活动，累计服务{worker}{n}人次。",
    "据了解，今年以来，{org}共{action}{program}活动{small}场，覆盖企业{n}家，惠及职工{big}人次。",
    "“{quote}。”{unit}{role}{person}说。",
    "{person}是{unit}的一名{worker}，参加工作已经{small}年。",
    "为解决{worker}“急难愁盼”问题，{org}联合人社、卫健等部门，推出了{small}项务实举措。",
    "{month}月{day}日，{region}{program}推进会召开，{small}家企业代表交流了经验做法。",
    "截至目前，全市已建成{worker}服务站点{n}个，其中{small}个实现了全天候开放。",
    "活动期间，{org}共发放慰问金{money}，走访慰问{worker}{n}户。",
    "{org}负责人介绍，下一步将把{program}与{program2}结合起来，持续扩大覆盖面。",
    "参加培训的{worker}中，有{pct}%取得了{skill}职业技能等级证书。",
    "在{unit}，工会每月组织一次{skill}技能比武，优胜者可获得{money}奖励。",
    "针对{worker}流动性强、入会难的特点，{org}推行“扫码入会”，{small}天内新发展会员{n}名。",
    "{region}各级工会把{program}作为“一把手”工程，层层压实责任。",
    "今年，{org}投入专项资金{money}，用于{program}和{program2}。",
    "职工可通过“{short}职工之家”小程序报名，课程全部免费。",
    "“{quote}，”{person}笑着说，“{quote2}。”",
    "记者在现场看到，{small}名{worker}正在老师指导下学习{skill}。",
    "与去年同期相比，参与{program}的企业增加了{pct}%，职工满意度达到{pct2}%。",
    "{unit}工会主席{person}告诉记者，企业{small}年来没有发生一起劳动争议案件。",
    "据统计，{region}已有{n}家企业开展了{program}，签订集体合同{small}份。",
    "{org}还组建了由{small}名劳模工匠组成的宣讲团，深入{n}家企业开展宣讲。",
    "活动得到了{worker}的积极响应，报名人数超过{big}人。",
    "每逢节假日，{org}都会组织志愿者走进{unit}，为{worker}送去慰问品。",
    "如今，{program}已经成为{region}工会工作的一张“名片”。",
    "{person}带领的班组先后完成技术革新{small}项，为企业节约成本{money}。",
    "工会还为{worker}建立了电子档案，做到底数清、情况明。",
    "通过“线上点单、线下配单”，{org}累计开设{skill}等课程{small}门。",
    "{month}月以来，{region}持续高温，{org}为{n}个户外作业点送去防暑降温物品。",
    "今年的{program}共设置{small}个比赛项目，吸引了{n}家单位的{big}名职工参赛。",
    "{org}把法律服务延伸到园区，全年为职工挽回经济损失{money}。",
    "不少{worker}表示，工会的帮助让他们感受到了“娘家人”的温暖。",
    "在{org}的推动下，{unit}成立了工会，{n}名职工第一时间加入。",
    "按照计划，{program}将持续到年底，重点覆盖{worker}和{worker2}。",
    "工会在{unit}建起了职工书屋，藏书{big}册，每月举办读书分享会。",
    "经过{small}轮协商，{unit}职工月平均工资提高了{pct}%。",
    "{org}与{small}所职业院校签订合作协议，共同培养{skill}技能人才。",
]
LIST_ITEMS = [
    "{worker}可免费参加{skill}培训并获得证书",
    "服务站点提供饮水、充电、休息、应急药箱等服务",
    "每年为困难职工发放帮扶资金{money}",
    "建立{worker}入会“绿色通道”，随到随办",
    "组织劳模工匠进车间开展技术攻关{small}项",
    "开展职工健康体检，覆盖职工{big}人次",
    "将{program}纳入基层工会年度考核",
    "在{unit}设立职工法律服务点",
    "推行工资集体协商“一企一策”",
    "设立劳模创新工作室{small}个",
    "开设{skill}、{skill2}等兴趣课程",
    "为{worker}购买意外伤害保险",
]
TITLE_TEMPLATES = [
    "{short}{program}惠及{big}名职工", "{short}：{worker}有了“暖心驿站”", "{region}工会{action}{program}",
    "{short}{skill}技能大赛落幕", "{program}让{worker}更安心", "{short}{n}家企业完成工资集体协商",
    "{short}总工会为{worker}办实事", "{region}：{program}跑出“加速度”", "{short}职工夜校开出{skill}课",
    "{short}新建{small}个户外劳动者服务站点", "{worker}入会有了“直通车”", "{short}劳模工匠进企业宣讲",
    "{short}{program}发放资金{money}", "“娘家人”送来{program}", "{short}：{program}扎实推进",
]
KICKERS = ["聚焦{worker}急难愁盼", "{program}系列报道", "职工身边事", "工会服务在基层", "践行为职工服务宗旨"]
SUBTITLES = ["累计服务职工{big}人次", "{small}项举措回应职工关切", "覆盖企业{n}家", "全年投入资金{money}"]
AUTHORS = ["本报记者", "本报通讯员", "本报记者", "本报见习记者"]
BASE_TAGS = (
    "医疗互助 困难职工帮扶 职工夜校 职工培训 职工文化 劳动竞赛 新就业形态 建会入会 劳模工匠 产业工人 集体协商 安全生产 "
    "女职工权益 职工疗休养 夏送清凉 冬送温暖 金秋助学 户外劳动者驿站 职工书屋 法律援助 欠薪治理 工资协商 技能提升 "
    "职业技能竞赛 劳模创新工作室 工匠精神 职工之家 心理健康 婚恋交友 暑期托管 职工维权 劳动关系 和谐企业 民主管理 "
    "厂务公开 职代会 工会改革 基层工会 乡镇工会 园区工会 货车司机 快递员 外卖骑手 网约车司机 家政服务 农民工 青年职工 "
    "退休职工 一线职工 环卫工人 建筑工人 医护人员 乡村教师 工会经费 普惠服务 职工福利 消费帮扶 乡村振兴 数字工会 网上工会 "
    "劳动保护 职业病防治 高温作业 节日慰问 春送岗位 就业服务 创业扶持 技术创新 合理化建议 五小活动 师带徒 首席技师 大国工匠 "
    "五一劳动奖章 工人先锋号 巾帼建功 安康杯 职工运动会 读书活动 文艺演出 志愿服务"
).split()
TAG_GROUPS = ["快递员", "外卖骑手", "货车司机", "环卫工人", "建筑工人", "女职工", "青年职工", "农民工", "产业工人",
              "退休职工", "困难职工", "技术工人", "护理员", "保安员", "港口职工"]
TAG_THEMES = ["权益保障", "技能培训", "入会", "关爱", "帮扶", "疗休养", "健康体检", "法律服务", "子女助学", "安全教育"]
PROGRAM_NAMES = [name for name, _slug in PROGRAMS]
HONORS = [("全国劳动模范", "national"), ("全国五一劳动奖章", "national"), ("省劳动模范", "provincial"),
          ("省五一劳动奖章", "provincial"), ("市劳动模范", "municipal"), ("市级工匠", "municipal"),
          ("县级先进工作者", "county"), ("行业技术能手", "industry")]
TRAINING_CATEGORIES = ["技能", "兴趣", "创新", "安全", "法律"]
METRICS = [("服务职工", "人次"), ("新建工会", "家"), ("发展会员", "人"), ("发放帮扶资金", "万元"),
           ("签订集体合同", "份"), ("建成服务站点", "个"), ("开展技能培训", "期")]


class Writer:
    """Fills the templates above; each {slot} is drawn afresh (parsed templates are cached)."""

    _compiled: dict[str, list[tuple[str, str | None]]] = {}

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        rnd = self.rnd = rng.random

        def pick(seq: list[str]):
            size = len(seq)
            return lambda region, short: seq[int(rnd() * size)]

        def num(lo: int, hi: int):
            return lambda region, short: str(lo + int(rnd() * (hi - lo + 1)))

        self.gen = {
            "program": pick(PROGRAM_NAMES), "worker": pick(WORKERS), "skill": pick(SKILLS), "quote": pick(QUOTES),
            "action": pick(ACTIONS), "role": pick(ROLES), "pct": num(5, 98), "n": num(12, 900), "small": num(2, 30),
            "big": num(1000, 98000), "month": num(1, 12), "day": num(1, 28),
            "money": lambda region, short: f"{5 + int(rnd() * 976)}万元",
            "org": lambda region, short: region + ORG_SUFFIX[int(rnd() * len(ORG_SUFFIX))],
            "unit": lambda region, short: (short + INDUSTRIES[int(rnd() * len(INDUSTRIES))][:2]
                                           + COMPANY[int(rnd() * len(COMPANY))]),
            "person": lambda region, short: self.person(),
            "region": lambda region, short: region, "short": lambda region, short: short,
        }

    def person(self) -> str:
        rnd = self.rnd
        given = GIVEN[int(rnd() * len(GIVEN))]
        if rnd() >= 0.3:
            given += GIVEN[int(rnd() * len(GIVEN))]
        return SURNAMES[int(rnd() * len(SURNAMES))] + given

    def fill(self, template: str, region: str, short: str) -> str:
        parts = self._compiled.get(template)
        if parts is None:
            parts = self._compiled[template] = [
                (literal, name.rstrip("0123456789") if name else None)
                for literal, name, _spec, _conv in string.Formatter().parse(template)
            ]
        gen, out = self.gen, []
        for literal, name in parts:
            out.append(literal)
            if name:
                out.append(gen[name](region, short))
        return "".join(out)

    def any(self, pool: list[str], region: str, short: str, count: int = 1) -> str:
        rnd = self.rnd
        return "".join(self.fill(pool[int(rnd() * len(pool))], region, short) for _ in range(count))


def short_name(region: str) -> str:
    for suffix in ("自治县", "自治州", "地区", "市", "县", "区", "旗", "盟", "省"):
        if region.endswith(suffix) and len(region) > len(suffix) + 1:
            return region[: -len(suffix)]
    return region


# --------------------------------------------------------------------------------------------
# Regions, pinyin, tags
# --------------------------------------------------------------------------------------------


def pick_regions(count: int = 300) -> tuple[list[str], str]:
    """Real division names that resolve to exactly one division in the plugin's table."""
    try:
        from gonghui.core.regions import official_table

        table = official_table()
    except Exception as exc:  # noqa: BLE001 - any import problem: fall back to a fixed list
        return list(FALLBACK_REGIONS), f"fixed list ({exc.__class__.__name__} importing the region table)"
    unique = sorted(
        (regions[0].code, name)
        for name, regions in table.by_name.items()
        if len(regions) == 1 and regions[0].level in (2, 3) and len(name) >= 2
    )
    chosen = [name for name in SAMPLE_REGIONS if len(table.by_name.get(name, [])) == 1]
    rest = [name for _code, name in unique if name not in chosen]
    chosen += random.Random(7).sample(rest, count - len(chosen))
    return chosen, "gonghui.core.regions.official_table (unique names, prefecture and county level)"


class Pinyin:
    def __init__(self) -> None:
        try:
            from pypinyin import lazy_pinyin

            self._lazy = lazy_pinyin
        except ImportError:
            self._lazy = None
        self._cache: dict[str, str] = {}

    def __call__(self, text: str, fallback: str) -> str:
        if text not in self._cache:
            out = ""
            if self._lazy is not None:
                out = "-".join(p for p in self._lazy(text) if p.isascii() and p.isalnum()).lower()
            self._cache[text] = out or fallback
        return self._cache[text]


def tag_pool(size: int = 200) -> list[str]:
    tags = list(dict.fromkeys(BASE_TAGS))
    combos = [g + t for g in TAG_GROUPS for t in TAG_THEMES]
    random.Random(11).shuffle(combos)
    for tag in combos:
        if len(tags) >= size:
            break
        if tag not in tags:
            tags.append(tag)
    return tags


def zipf_weights(count: int, s: float = 0.9) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(count)]


def q(value: str) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted strings."""
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------------------------
# Site generation
# --------------------------------------------------------------------------------------------


def article_body(w: Writer, region: str, short: str, day: dt.date, target: int, with_table: bool) -> str:
    rnd = w.rnd

    def between(lo: int, hi: int) -> int:
        return lo + int(rnd() * (hi - lo + 1))

    def paragraph(lo: int = 2, hi: int = 5) -> str:
        return w.any(SENTENCES, region, short, between(lo, hi))

    parts = [f"{day.month}月{day.day}日，记者从{region}总工会获悉，" + paragraph(2, 4)]
    size = len(parts[0])
    headings = w.rng.sample(HEADINGS, len(HEADINGS))
    table_done = not with_table
    while size < target:
        heading = w.fill(headings.pop(), region, short) if headings else f"其他情况{size}"
        section = [f"## {heading}", paragraph()]
        roll = rnd()
        if roll < 0.35:
            items = [w.any(LIST_ITEMS, region, short) for _ in range(between(3, 6))]
            section.append("\n".join(f"- {item}；" for item in items[:-1]) + f"\n- {items[-1]}。")
        elif not table_done and roll < 0.6:
            table_done = True
            rows = w.rng.sample(PROGRAM_NAMES, between(3, 7))
            lines = ["| 项目 | 开展场次 | 服务职工（人次） | 投入资金（万元） |", "| --- | ---: | ---: | ---: |"]
            lines += [f"| {name} | {between(2, 300)} | {between(100, 90000)} | {between(1, 900)} |" for name in rows]
            section.append("\n".join(lines))
        if rnd() < 0.6:
            section.append(paragraph(1, 4))
        parts.extend(section)
        size += sum(len(s) for s in section)
    return "\n\n".join(parts) + "\n"


class SiteSpec:
    """Everything generated for one size, kept in memory so ours and the baseline get the same articles."""

    def __init__(self) -> None:
        self.articles: list[tuple[str, str, str, str]] = []  # (rel path, front matter, body, url path ours)
        self.baseline_urls: list[str] = []
        self.data_files: list[tuple[str, str]] = []
        self.counts: dict[str, int] = {}
        self.chars = 0


def random_day(rng: random.Random, lo: dt.date = FIRST_DAY, hi: dt.date = LAST_DAY) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def generate(n: int, seed: int, regions: list[str], pinyin: Pinyin) -> SiteSpec:
    rng = random.Random(f"{seed}-{n}")
    w = Writer(rng)
    spec = SiteSpec()
    tags = tag_pool()
    tag_w = zipf_weights(len(tags), 1.0)
    region_w = zipf_weights(len(regions), 0.8)
    region_slug = {r: pinyin(short_name(r), f"r{i}") for i, r in enumerate(regions)}

    n_campaigns, n_training, n_workers = max(1, n // 200), max(1, n // 100), max(1, n // 50)

    # -- program records --------------------------------------------------------------------
    campaigns = []
    for i in range(n_campaigns):
        region = rng.choices(regions, region_w)[0]
        name, pslug = rng.choice(PROGRAMS)
        slug = f"{region_slug[region]}-{pslug}-{i + 1}"
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
        lines.append(f"tags: [{', '.join(q(t) for t in rng.choices(tags, tag_w, k=2))}]")
        lines.append("targets:")
        for metric, unit in rng.sample(METRICS, rng.randint(1, 3)):
            target = rng.randint(50, 50000)
            lines += [f"  - name: {q(metric)}", f"    unit: {q(unit)}", f"    target: {target}", "    progress:"]
            days = sorted({random_day(rng, start, max(start, last)) for _ in range(rng.randint(1, 4))})
            for k, d in enumerate(days, start=1):
                lines.append(f"      - {{date: {d.isoformat()}, value: {int(target * k / (len(days) + 1))}}}")
        spec.data_files.append((f"data/campaigns/{slug}.yml", "\n".join(lines) + "\n"))
        campaigns.append(slug)

    training = []
    for i in range(n_training):
        region = rng.choices(regions, region_w)[0]
        skill = rng.choice(SKILLS)
        slug = f"{region_slug[region]}-peixun-{i + 1}"
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
            d = first + dt.timedelta(days=7 * k)
            hour = rng.choice([8, 9, 14, 19])
            lines += [
                f"  - start: {d.isoformat()} {hour:02d}:30",
                f"    end: {d.isoformat()} {hour + 2:02d}:30",
                f"    topic: {q(skill + '实操第' + str(k + 1) + '讲')}",
                f"    teacher: {q(w.person() + '老师')}",
            ]
        lines.append(f"description: {q(w.any(SENTENCES, region, short_name(region)))}")
        spec.data_files.append((f"data/training/{slug}.yml", "\n".join(lines) + "\n"))
        training.append(slug)

    workers = []
    for i in range(n_workers):
        region = rng.choices(regions, region_w)[0]
        name = w.person()
        slug = f"{pinyin(name, 'gongren')}-{i + 1}"
        honors = rng.sample(HONORS, rng.randint(0, 3))
        industry = rng.choice(INDUSTRIES)
        lines = [
            f"name: {q(name)}",
            "honors: [" + ", ".join(f"{{title: {q(t)}, level: {lv}, year: {rng.randint(1995, 2025)}}}" for t, lv in honors) + "]",
            f"organization: {q(short_name(region) + industry[:2] + rng.choice(COMPANY))}",
            f"position: {q(rng.choice(ROLES))}",
            f"region: {q(region)}",
            f"industry: {q(industry)}",
            "bio: |",
            "  " + w.any(SENTENCES, region, short_name(region), 3),
            "",
            "  " + w.any(SENTENCES, region, short_name(region), 2),
        ]
        spec.data_files.append((f"data/workers/{slug}.yml", "\n".join(lines) + "\n"))
        workers.append(slug)

    # -- articles ---------------------------------------------------------------------------
    by_region: dict[str, list[tuple[str, dt.date]]] = {}
    for i in range(n):
        region = rng.choices(regions, region_w)[0]
        short = short_name(region)
        day = random_day(rng)
        _pname, pslug = rng.choice(PROGRAMS)
        slug = f"{region_slug[region]}-{pslug}-{i + 1:05d}"
        title = w.any(TITLE_TEMPLATES, region, short)
        has_time = rng.random() < 0.8
        when = f"{day.isoformat()} {rng.randint(7, 21):02d}:{rng.choice(['00', '15', '30', '45'])}" if has_time else day.isoformat()
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
        fm.append(f"tags: [{', '.join(q(t) for t in dict.fromkeys(rng.choices(tags, tag_w, k=rng.randint(1, 4))))}]")
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
        by_region.setdefault(region, []).append((slug, day))

    # -- achievements: one file per region that has articles --------------------------------
    for k, region in enumerate(regions):
        sources = by_region.get(region)
        if not sources:
            continue
        lines = []
        for _ in range(rng.randint(1, 3)):
            slug, day = rng.choice(sources)
            metric, unit = rng.choice(METRICS)
            lines.append(
                f"- {{region: {q(region)}, date: {day.isoformat()}, metric: {q(metric)}, "
                f"value: {rng.randint(10, 90000)}, unit: {q(unit)}, source: {slug}}}"
            )
        spec.data_files.append((f"data/achievements/{region_slug[region]}-{k}.yml", "\n".join(lines) + "\n"))
    spec.counts = {
        "articles": n, "campaigns": n_campaigns, "training": n_training, "workers": n_workers,
        "achievement_files": sum(1 for p, _ in spec.data_files if p.startswith("data/achievements/")),
        "regions_used": len(by_region),
    }
    return spec


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

        Loose.add_multi_constructor("", lambda loader, suffix, node: None)
        config = yaml.load(text, Loader=Loose) or {}
    except Exception:  # noqa: BLE001 - no PyYAML or odd YAML: nothing extra to copy
        return
    extra: list[str] = []
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        extra.append(theme["custom_dir"])
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("gonghui"), dict):
            if isinstance(plugin["gonghui"].get("templates_dir"), str):
                extra.append(plugin["gonghui"]["templates_dir"])
    for rel in extra:
        if (REPO / rel).is_dir() and not (dest / rel).exists():
            shutil.copytree(REPO / rel, dest / rel)


def write_site(spec: SiteSpec, root: Path) -> tuple[Path, Path]:
    ours, base = root / "ours", root / "baseline"
    for site in (ours, base):
        if site.exists():
            shutil.rmtree(site)
        images = site / "content" / "assets" / "images" / "bench"
        images.mkdir(parents=True)
        (images / "bench-a.svg").write_text(SVG.format("#a3141c"), encoding="utf-8")
        (images / "bench-b.svg").write_text(SVG.format("#0b4f9c"), encoding="utf-8")
    copy_repo_config(ours)
    (base / "mkdocs.yml").write_text(BASELINE_YML, encoding="utf-8")
    (base / "content" / "index.md").write_text("# 职工新闻网\n\n基准站点：同一批文章，不用 gonghui 插件。\n", encoding="utf-8")
    made: set[Path] = set()
    for rel, front, body, _url in spec.articles:
        text = f"---\n{front}\n---\n\n{body}"
        for site in (ours, base):
            path = site / "content" / rel
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_text(text, encoding="utf-8")
    for rel, text in spec.data_files:
        path = ours / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")
    return ours, base


# --------------------------------------------------------------------------------------------
# Measuring one process: wall time and peak memory, from a fresh intermediate process
# --------------------------------------------------------------------------------------------


def _tree_rss(pid: int, page: int, peaks: dict[str, int]) -> int:
    """RSS of a process and all its descendants now; keeps each program's (comm name's) peak in `peaks`."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as f:
                rss = int(f.read().split()[1]) * page
            with open(f"/proc/{p}/comm") as f:
                name = f.read().strip()
            total += rss
            peaks[name] = max(peaks.get(name, 0), rss)
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    stack.extend(int(x) for x in f.read().split())
        except (OSError, ValueError):
            pass
    return total


def cpu_busy_seconds() -> float | None:
    """CPU time all processes of the machine have used since boot (from /proc/stat)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(max_wait: float) -> float:
    """Wait (up to max_wait s) until other processes use under a quarter of one CPU; returns seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < max_wait:
        before = cpu_busy_seconds()
        time.sleep(1.0)
        after = cpu_busy_seconds()
        if before is None or after is None or after - before < 0.25:
            break
    return time.perf_counter() - started


def measure_child(spec_json: str) -> None:
    """Internal (--_measure): run one command, print wall time and peak RSS as JSON."""
    spec = json.loads(spec_json)
    page = os.sysconf("SC_PAGE_SIZE")
    busy_before = cpu_busy_seconds()
    with open(spec["log"], "wb") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(spec["cmd"], cwd=spec["cwd"], env=spec["env"], stdout=log, stderr=subprocess.STDOUT)

        def on_term(signum, frame) -> None:
            proc.terminate()
            proc.wait()
            sys.exit(143)

        signal.signal(signal.SIGTERM, on_term)
        peak_tree, peaks = 0, {}
        while proc.poll() is None:
            peak_tree = max(peak_tree, _tree_rss(proc.pid, page, peaks))
            time.sleep(0.05)
        wall = time.perf_counter() - started
    busy_after = cpu_busy_seconds()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = usage.ru_utime + usage.ru_stime
    others = None if busy_before is None or busy_after is None else max(0.0, busy_after - busy_before - own)
    print(json.dumps({
        "rc": proc.returncode, "wall": wall, "max_rss_bytes": usage.ru_maxrss * 1024,
        "tree_peak_bytes": peak_tree, "peak_by_program": peaks, "user": usage.ru_utime, "sys": usage.ru_stime,
        "others_cpu_s": others,  # CPU other processes used meanwhile (sampler included): noise indicator
    }))


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["SOURCE_DATE_EPOCH"] = str(int(BUILD_MOMENT.timestamp()))
    env["PYTHONHASHSEED"] = "0"
    env.pop("GONGHUI_TIMINGS", None)
    env.update(extra or {})
    return env


QUIET_WAIT = 30.0


def timed_build(site: Path, label: str, logs: Path, timings: bool) -> dict:
    """`mkdocs build` in a child of a fresh intermediate process; adds own-code timings when written."""
    waited = wait_for_quiet(QUIET_WAIT)
    log = logs / f"{label}.log"
    timings_path = logs / f"{label}.timings.json"
    timings_path.unlink(missing_ok=True)
    extra = {"GONGHUI_TIMINGS": str(timings_path)} if timings else {}
    spec = {"cmd": [sys.executable, "-m", "mkdocs", "build"], "cwd": str(site), "env": child_env(extra), "log": str(log)}
    measurer = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--_measure", json.dumps(spec)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = measurer.communicate()
    except BaseException:
        measurer.terminate()  # it stops its mkdocs child first
        measurer.wait(timeout=30)
        raise
    try:
        result = json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"rc": -1, "error": f"measuring process failed: {stderr.strip()[-2000:]}"}
    result["log"] = str(log)
    result["waited_for_quiet_s"] = round(waited, 1)
    if result["rc"] != 0:
        result["error"] = "mkdocs build failed; last lines:\n" + tail(log, 25)
    if timings:
        if timings_path.is_file():
            try:
                result["timings"] = json.loads(timings_path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                result["timings"] = None
                result["timings_error"] = str(exc)
        else:
            result["timings"] = None
    return result


def tail(path: Path, lines: int) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --------------------------------------------------------------------------------------------
# Edits and `mkdocs serve`
# --------------------------------------------------------------------------------------------


def append_paragraph(path: Path, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n本段为基准测试修改：{marker}。\n", encoding="utf-8")


def new_article(site: Path, spec: SiteSpec, n: int) -> Path:
    rel, front, body, _ = spec.articles[0]
    path = site / "content" / "news" / "2026" / f"bench-xinzeng-wenzhang-{n}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = "\n".join(
        "title: \"基准测试新增文章：职工服务再升级\"" if line.startswith("title:")
        else "date: 2026-06-29 20:00" if line.startswith("date:") else line
        for line in front.splitlines()
    )
    path.write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 120) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError, TimeoutError):
        return 0, ""


def measure_serve(site: Path, article: Path, url_path: str, dirty: bool, logs: Path, label: str,
                  timeout: float) -> dict:
    wait_for_quiet(QUIET_WAIT)
    port = free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]  # live reload on, as editors use it
    if dirty:
        cmd.append("--dirty")
    log_path = logs / f"{label}.log"
    original = article.read_text(encoding="utf-8")
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=site, env=child_env(), stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}{url_path}"
    result: dict = {"dirty": dirty}
    try:
        deadline = started + timeout
        while True:
            if proc.poll() is not None:
                result["error"] = "mkdocs serve exited; last lines:\n" + tail(log_path, 25)
                return result
            status, _ = fetch(url, timeout=timeout)
            if status == 200:
                break
            if time.perf_counter() > deadline:
                result["error"] = f"not served within {timeout:.0f} s"
                return result
            time.sleep(0.2)
        result["startup_s"] = time.perf_counter() - started
        time.sleep(1.5)  # let the file watcher take its first snapshot
        marker = f"BENCHMARK{uuid.uuid4().hex[:12].upper()}"
        edited = original.rstrip("\n") + f"\n\n实时预览标记：{marker}。\n"
        t0 = time.perf_counter()
        article.write_text(edited, encoding="utf-8")
        while True:
            _status, body = fetch(url, timeout=timeout)
            if marker in body:
                result["edit_to_preview_s"] = time.perf_counter() - t0
                break
            if proc.poll() is not None:
                result["error"] = "mkdocs serve exited after the edit; last lines:\n" + tail(log_path, 25)
                break
            if time.perf_counter() - t0 > timeout:
                result["error"] = f"marker not seen within {timeout:.0f} s"
                break
            time.sleep(0.05)
        return result
    finally:
        stop(proc)
        article.write_text(original, encoding="utf-8")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --------------------------------------------------------------------------------------------
# Sizes and search downloads
# --------------------------------------------------------------------------------------------


def folder_size(path: Path) -> tuple[int, int]:
    total = count = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
                count += 1
            except OSError:
                pass
    return total, count


def gz_size(path: Path) -> int:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind's chunks are gzip already
        return len(data)
    return min(len(data), len(gzip.compress(data, 6)))


class _Handler(http.server.SimpleHTTPRequestHandler):
    harness = b""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.split("?", 1)[0] == "/__bench_search__.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.harness)))
            self.end_headers()
            self.wfile.write(self.harness)
            return
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


HARNESS = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bench</title></head>
<body><p>Pagefind harness</p></body></html>"""

HARNESS_JS = """async (query) => {
  const pf = await import('/pagefind/pagefind.js');
  if (pf.init) await pf.init();
  const search = await pf.search(query);
  const data = await Promise.all(search.results.slice(0, 5).map(r => r.data()));
  return {results: search.results.length, first: data.map(d => d.url)};
}"""


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(_Handler, directory=str(folder))
    _Handler.harness = HARNESS.encode("utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def classify(name: str) -> str:
    if name.endswith(".pf_index"):
        return "index"
    if name.endswith(".pf_fragment"):
        return "fragment"
    if name.endswith(".pf_meta"):
        return "meta"
    if name.endswith(".pf_filter"):
        return "filter"
    if name.startswith("wasm."):
        return "wasm"
    if name in ("pagefind-entry.json", "gonghui-shards.json"):
        return "entry"
    if name in ("pagefind.js", "pagefind-worker.js"):
        return name
    if name.startswith("pagefind-ui") or name.startswith("pagefind-component-ui"):
        return "ui"
    return "other"


def browser_available() -> tuple[bool, str]:
    if not Path("/usr/bin/chromium").exists():
        return False, "no /usr/bin/chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return False, f"playwright not importable ({exc})"
    return True, ""


def pagefind_downloads_browser(site_dir: Path) -> dict:
    """Load /search/?q=工会 in Chromium; sum /pagefind/ responses. Falls back to a pagefind.js harness page."""
    from playwright.sync_api import sync_playwright

    server, port = serve_folder(site_dir)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            try:
                fetched: list[str] = []
                how = ""
                if (site_dir / "search" / "index.html").is_file():
                    fetched = _record_pagefind(browser, f"{base}/search/?q={urllib.request.quote(QUERY)}", None)
                    how = "exact: Chromium loading /search/?q=工会"
                if not any(path.endswith(".pf_index") for path in fetched):
                    why = ("the search page ran no query" if fetched or how
                           else "no /search/ page")
                    fetched = _record_pagefind(browser, f"{base}/__bench_search__.html", QUERY)
                    how = f"exact: Chromium, pagefind.js API search + 5 result fragments on a harness page ({why})"
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return summarize_downloads(site_dir, fetched, how)


def _record_pagefind(browser, url: str, harness_query: str | None) -> list[str]:
    context = browser.new_context()
    page = context.new_page()
    seen: list[str] = []
    last = [time.perf_counter()]

    def on_response(response) -> None:
        path = urllib.request.urlparse(response.url).path
        if path.startswith("/pagefind/") and response.status == 200:
            seen.append(urllib.request.unquote(path))
            last[0] = time.perf_counter()

    page.on("response", on_response)
    try:
        page.goto(url, wait_until="networkidle", timeout=60_000)
        if harness_query is not None:
            page.evaluate(HARNESS_JS, harness_query)
        started = time.perf_counter()
        while time.perf_counter() - last[0] < 2.0 and time.perf_counter() - started < 30:
            page.wait_for_timeout(250)
    finally:
        context.close()
    return list(dict.fromkeys(seen))


def summarize_downloads(site_dir: Path, paths: list[str], how: str) -> dict:
    by_kind: dict[str, int] = {}
    total = total_gz = ui_gz = 0
    files = []
    for path in paths:
        file = site_dir / path.lstrip("/")
        if not file.is_file():
            continue
        size = file.stat().st_size
        kind = classify(file.name)
        by_kind[kind] = by_kind.get(kind, 0) + size
        files.append({"path": path, "bytes": size, "kind": kind})
        total += size
        zipped = gz_size(file)
        total_gz += zipped
        if kind == "ui":
            ui_gz += zipped
    return {"method": how, "bytes": total - by_kind.get("ui", 0), "bytes_gzip": total_gz - ui_gz,
            "bytes_with_ui": total, "bytes_gzip_with_ui": total_gz, "by_kind": by_kind, "files": files}


def pagefind_downloads_estimate(site_dir: Path, why: str) -> dict:
    """pagefind.js (+ worker) + entry + wasm + meta of the main language + the largest index chunk + 5 average fragments."""
    bundle = site_dir / "pagefind"
    entry_path = bundle / "pagefind-entry.json"
    parts: dict[str, int] = {}
    for script in ("pagefind.js", "pagefind-worker.js"):  # Pagefind 1.5 searches in a web worker
        if (bundle / script).is_file():
            parts[script] = (bundle / script).stat().st_size
    wasm = meta = None
    if entry_path.is_file():
        parts["entry"] = entry_path.stat().st_size
        try:
            languages = json.loads(entry_path.read_text(encoding="utf-8")).get("languages", {})
            lang, info = max(languages.items(), key=lambda kv: kv[1].get("page_count", 0))
            wasm = bundle / f"wasm.{info.get('wasm') or 'unknown'}.pagefind"
            meta = bundle / f"pagefind.{info['hash']}.pf_meta"
        except (ValueError, KeyError, json.JSONDecodeError):
            pass
    for key, path, pattern in (("wasm", wasm, "wasm.*.pagefind"), ("meta", meta, "pagefind.*.pf_meta")):
        if path is None or not path.is_file():
            found = sorted(bundle.glob(pattern), key=lambda p: p.stat().st_size, reverse=True)
            path = found[0] if found else None
        if path is not None:
            parts[key] = path.stat().st_size
    chunks = [p.stat().st_size for p in (bundle / "index").glob("*.pf_index")]
    fragments = [p.stat().st_size for p in (bundle / "fragment").glob("*.pf_fragment")]
    if chunks:
        parts["index (largest chunk)"] = max(chunks)
    if fragments:
        parts["fragment (5 × average)"] = int(5 * sum(fragments) / len(fragments))
    return {"method": f"APPROXIMATION ({why}): pagefind.js (+ pagefind-worker.js) + entry + wasm + meta + largest index chunk + 5 average fragments",
            "bytes": sum(parts.values()), "by_kind": parts}


def search_report(site_dir: Path, ours: bool, use_browser: tuple[bool, str]) -> dict:
    out: dict = {}
    bundle = site_dir / "pagefind"
    lunr_index = site_dir / "search" / "search_index.json"
    workers = [p for p in (site_dir / "assets" / "javascripts" / "workers").glob("search.*.js")
               if not p.name.endswith(".map")]
    if ours and bundle.is_dir():
        size, count = folder_size(bundle)
        shards = len(list(bundle.rglob("pagefind-entry.json")))
        out["index"] = {"what": f"site/pagefind/ ({shards} shard{'s' if shards != 1 else ''})", "bytes": size,
                        "files": count, "shards": shards}
        ok, why = use_browser
        if ok:
            try:
                out["first_query"] = pagefind_downloads_browser(site_dir)
            except Exception as exc:  # noqa: BLE001 - a browser failure must not stop the benchmark
                out["first_query"] = pagefind_downloads_estimate(site_dir, f"browser failed: {exc}")
        else:
            out["first_query"] = pagefind_downloads_estimate(site_dir, why)
    elif lunr_index.is_file():
        size = lunr_index.stat().st_size
        what = "site/search/search_index.json" + ("" if not ours else " (Material lunr; no site/pagefind/ yet)")
        out["index"] = {"what": what, "bytes": size, "files": 1}
        files = [lunr_index] + workers
        out["first_query"] = {
            "method": "search_index.json + Material's search worker JS" + (" (lunr; no Pagefind yet)" if ours else ""),
            "bytes": sum(p.stat().st_size for p in files),
            "bytes_gzip": sum(gz_size(p) for p in files),
            "by_kind": {p.name: p.stat().st_size for p in files},
        }
    else:
        out["index"] = None
        out["first_query"] = None
    return out


# --------------------------------------------------------------------------------------------
# One size, both sites
# --------------------------------------------------------------------------------------------


def run_size(result: dict, args: argparse.Namespace, root: Path, regions: list[str], pinyin: Pinyin,
             browser: tuple[bool, str], checkpoint) -> None:
    """Measure one size; fills `result` as it goes (calling `checkpoint` after each step)."""
    n = result["n"]
    t0 = time.perf_counter()
    spec = generate(n, args.seed, regions, pinyin)
    t1 = time.perf_counter()
    size_root = root / f"n{n}"
    ours, base = write_site(spec, size_root)
    t2 = time.perf_counter()
    result["generation"] = {
        **spec.counts, "body_chars_avg": round(spec.chars / max(n, 1)), "generate_s": round(t1 - t0, 2),
        "write_s": round(t2 - t1, 2), "folder": str(size_root),
    }
    print(f"\n== N={n}: generated {n} articles ({spec.counts['campaigns']} campaigns, {spec.counts['training']} "
          f"training classes, {spec.counts['workers']} workers, {spec.counts['achievement_files']} achievement files; "
          f"avg {result['generation']['body_chars_avg']} chars) in {t1 - t0:.1f} s + {t2 - t1:.1f} s writing "
          f"(both sites) → {size_root}", flush=True)
    logs = size_root / "logs"
    logs.mkdir(exist_ok=True)
    edit_index = n // 2
    rel, _front, _body, ours_url = spec.articles[edit_index]
    base_url = spec.baseline_urls[edit_index]

    for name, site, url in (("ours", ours, ours_url), ("baseline", base, base_url)):
        if args.only and args.only != name:
            continue
        is_ours = name == "ours"
        r: dict = {}
        result[name] = r
        progress(f"{name}: cold build")
        r["cold"] = timed_build(site, f"{name}-cold", logs, timings=is_ours)
        checkpoint()
        if r["cold"]["rc"] != 0:
            print(r["cold"].get("error", ""), file=sys.stderr)
            continue
        progress(f"{name}: cold build {r['cold']['wall']:.1f} s; sizes and search downloads")
        size, count = folder_size(site / "site")
        r["output"] = {"bytes": size, "files": count}
        r["search"] = search_report(site / "site", is_ours, browser)
        article = site / "content" / rel
        original = article.read_text(encoding="utf-8")
        append_paragraph(article, f"WARM{n}")
        progress(f"{name}: warm build after editing one article")
        r["warm_edit"] = timed_build(site, f"{name}-warm-edit", logs, timings=is_ours)
        checkpoint()
        record = site / "published-urls.txt"  # ours keeps it; the added article must not stay in it
        record_before = record.read_bytes() if record.is_file() else None
        added = new_article(site, spec, n)
        progress(f"{name}: warm build after adding one article")
        r["warm_add"] = timed_build(site, f"{name}-warm-add", logs, timings=is_ours)
        article.write_text(original, encoding="utf-8")
        added.unlink()
        if record_before is not None:
            record.write_bytes(record_before)
        checkpoint()
        if args.serve == "none" or (args.serve == "ours" and not is_ours):
            continue
        for dirty in (False, True):
            mode = "serve --dirty" if dirty else "serve"
            progress(f"{name}: {mode}: start, edit, wait for the marker")
            r[mode.replace(" --", "_")] = measure_serve(
                site, article, url, dirty, logs, f"{name}-{mode.replace(' --', '-')}", args.serve_timeout)
            checkpoint()
    result["ratios"] = ratios(result)
    if not args.keep:
        shutil.rmtree(size_root, ignore_errors=True)


def progress(text: str) -> None:
    print(f"   [{time.strftime('%H:%M:%S')}] {text}", flush=True)


def ratios(result: dict) -> dict:
    ours, base = result.get("ours") or {}, result.get("baseline") or {}
    out = {}

    def get(d: dict, *keys):
        for key in keys:
            if not isinstance(d, dict) or key not in d:
                return None
            d = d[key]
        return d

    for label, keys in (("cold_wall", ("cold", "wall")), ("cold_max_rss", ("cold", "max_rss_bytes")),
                        ("cold_tree_peak", ("cold", "tree_peak_bytes")), ("warm_edit_wall", ("warm_edit", "wall")),
                        ("warm_add_wall", ("warm_add", "wall")), ("output_bytes", ("output", "bytes")),
                        ("output_files", ("output", "files")), ("search_index_bytes", ("search", "index", "bytes")),
                        ("first_query_bytes", ("search", "first_query", "bytes"))):
        a, b = get(ours, *keys), get(base, *keys)
        if keys[-1] == "wall" and (get(ours, keys[0], "rc") != 0 or get(base, keys[0], "rc") != 0):
            continue
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
            out[label] = a / b
    return out


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def machine_info() -> dict:
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
    versions = {}
    for dist in ("mkdocs", "mkdocs-material", "pagefind", "pagefind_bin_extended", "playwright"):
        try:
            from importlib.metadata import version

            versions[dist] = version(dist)
        except Exception:  # noqa: BLE001
            versions[dist] = None
    commit = None
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


def fmt_s(value) -> str:
    return f"{value:.2f} s" if isinstance(value, (int, float)) else "n/a"


def fmt_mb(value) -> str:
    return f"{value / 1e6:.1f} MB" if isinstance(value, (int, float)) else "n/a"


def fmt_kb(value) -> str:
    return f"{value / 1e3:,.0f} kB" if isinstance(value, (int, float)) else "n/a"


def print_report(machine: dict, results: list[dict]) -> None:
    v = machine["versions"]
    print("\n" + "=" * 100)
    print(f"Machine: {machine['nproc']} CPUs ({machine['cpu_model']}), {machine['memory']} RAM; "
          f"Python {machine['python']}; MkDocs {v.get('mkdocs')}, Material {v.get('mkdocs-material')}, "
          f"Pagefind {v.get('pagefind')}; commit {machine['commit']}; {machine['date']}")
    for res in results:
        ours, base, ratio = res.get("ours") or {}, res.get("baseline") or {}, res.get("ratios") or {}
        g = res["generation"]
        print(f"\nN = {res['n']} articles (avg {g['body_chars_avg']} chars; {g['campaigns']} campaigns, "
              f"{g['training']} training classes, {g['workers']} workers, {g['achievement_files']} achievement files)")
        rows: list[tuple[str, str, str, str]] = []

        def row(label: str, a: str, b: str, key: str | None = None) -> None:
            rows.append((label, a, b, f"{ratio[key]:.2f}×" if key and key in ratio else ""))

        def g2(d: dict, *keys):
            for key in keys:
                if not isinstance(d, dict):
                    return None
                d = d.get(key)
            return d

        for d, name in ((ours, "ours"), (base, "baseline")):
            err = g2(d, "cold", "error")
            if err:
                print(f"  {name}: {err}")
        noisy = [f"{name} {key} (other processes used {d[key]['others_cpu_s']:.1f} CPU-s during {d[key]['wall']:.1f} s)"
                 for d, name in ((ours, "ours"), (base, "baseline")) for key in ("cold", "warm_edit", "warm_add")
                 if isinstance(g2(d, key, "others_cpu_s"), (int, float)) and d[key]["others_cpu_s"] > 0.15 * d[key]["wall"]]
        row("cold build, wall", _wall(g2(ours, "cold")), _wall(g2(base, "cold")), "cold_wall")
        row("cold build, CPU user+sys", fmt_s(_cpu(g2(ours, "cold"))), fmt_s(_cpu(g2(base, "cold"))))
        row("peak RSS, largest process", fmt_mb(g2(ours, "cold", "max_rss_bytes")),
            fmt_mb(g2(base, "cold", "max_rss_bytes")), "cold_max_rss")
        by_prog = [", ".join(f"{k} {v / 1e6:.0f} MB" for k, v in sorted((g2(d, "cold", "peak_by_program") or {}).items(),
                                                                       key=lambda kv: -kv[1]) if v > 20e6) or "n/a"
                   for d in (ours, base)]
        row("  peak RSS by program (sampled)", by_prog[0], by_prog[1])
        row("peak RSS, process tree (sampled)", fmt_mb(g2(ours, "cold", "tree_peak_bytes")),
            fmt_mb(g2(base, "cold", "tree_peak_bytes")), "cold_tree_peak")
        for key, label in (("warm_edit", "rebuild after editing 1 article"), ("warm_add", "rebuild after adding 1 article")):
            row(f"{label}, wall", _wall(g2(ours, key)), _wall(g2(base, key)), f"{key}_wall")
            row(f"{label}, CPU", fmt_s(_cpu(g2(ours, key))), fmt_s(_cpu(g2(base, key))))
        for mode in ("serve", "serve_dirty"):
            label = "mkdocs serve --dirty" if mode == "serve_dirty" else "mkdocs serve"
            a, b = g2(ours, mode), g2(base, mode)
            if a is None and b is None:
                continue
            row(f"{label}: first page served", _serve(a, "startup_s"), _serve(b, "startup_s"))
            row(f"{label}: edit → preview", _serve(a, "edit_to_preview_s"), _serve(b, "edit_to_preview_s"))
        t = g2(ours, "cold", "timings")
        wall = g2(ours, "cold", "wall")
        if isinstance(t, dict) and isinstance(t.get("own_seconds"), (int, float)) and wall:
            phases = sorted((t.get("phases") or {}).items(), key=lambda kv: -kv[1])
            top = ", ".join(f"{k} {s:.1f}" for k, s in phases[:4])
            row("our code, share of cold build", f"{100 * t['own_seconds'] / wall:.0f}% ({t['own_seconds']:.1f} s)", "")
            if top:
                row("  top phases (s)", top, "")
        elif ours:
            row("our code, share of cold build", "n/a", "")
        tw = g2(ours, "warm_edit", "timings")
        ww = g2(ours, "warm_edit", "wall")
        if isinstance(tw, dict) and isinstance(tw.get("own_seconds"), (int, float)) and ww:
            row("our code, share of edit rebuild", f"{100 * tw['own_seconds'] / ww:.0f}% ({tw['own_seconds']:.1f} s)", "")
        row("site/ size", _size(g2(ours, "output")), _size(g2(base, "output")), "output_bytes")
        row("search index size", _size(g2(ours, "search", "index")), _size(g2(base, "search", "index")),
            "search_index_bytes")
        fa, fb = g2(ours, "search", "first_query"), g2(base, "search", "first_query")
        row("first query download", fmt_kb(g2(fa, "bytes")), fmt_kb(g2(fb, "bytes")), "first_query_bytes")
        if (fa and fa.get("bytes_gzip")) or (fb and fb.get("bytes_gzip")):
            row("  gzip on the wire (est.)", fmt_kb(g2(fa, "bytes_gzip")), fmt_kb(g2(fb, "bytes_gzip")))
        if fa and fa.get("bytes_with_ui") is not None:
            row("  + Pagefind UI js/css (raw / gzip)",
                f"{fmt_kb(fa.get('bytes_with_ui'))} / {fmt_kb(fa.get('bytes_gzip_with_ui'))}", "")
        widths = [max(len(r[i]) for r in rows + [("metric", "ours", "baseline", "ours/base")]) for i in range(4)]
        header = ("metric", "ours", "baseline", "ours/base")
        print("  " + "  ".join(h.ljust(w) for h, w in zip(header, widths)))
        print("  " + "  ".join("-" * w for w in widths))
        for r in rows:
            print("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)))
        if noisy:
            print("  NOTE: the machine was busy, wall times are inflated (CPU times are the steadier figure): "
                  + "; ".join(noisy))
        for d, name in ((fa, "ours"), (fb, "baseline")):
            if d:
                kinds = ", ".join(f"{k} {v / 1e3:,.1f} kB" for k, v in d.get("by_kind", {}).items())
                print(f"  {name} first query: {d.get('method')}: {kinds}")


def _wall(d) -> str:
    if not isinstance(d, dict):
        return "n/a"
    return fmt_s(d.get("wall")) if d.get("rc") == 0 else "FAILED (see log)"


def _cpu(d) -> float | None:
    if isinstance(d, dict) and "user" in d:
        return d["user"] + d["sys"]
    return None


def _serve(d, key: str) -> str:
    if not isinstance(d, dict):
        return "n/a"
    if key in d:
        return fmt_s(d[key])
    return "failed" if d.get("error") else "n/a"


def _size(d) -> str:
    if not isinstance(d, dict):
        return "n/a"
    shards = f", {d['shards']} shards" if d.get("shards", 1) > 1 else ""
    return f"{d['bytes'] / 1e6:.1f} MB / {d['files']:,} files{shards}"


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_measure"]:
        measure_child(argv[1])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000", help="comma-separated article counts (default: %(default)s)")
    parser.add_argument("--only", choices=("ours", "baseline"), help="build only one of the two sites")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep the sites (default: a temp folder, removed)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (default: %(default)s)")
    parser.add_argument("--serve", choices=("ours", "both", "none"), default="ours",
                        help="measure edit-to-preview in mkdocs serve for ours (default), both sites, or none")
    parser.add_argument("--quiet-wait", type=float, default=30,
                        help="before each build, wait up to this many seconds for other processes to go quiet (default: %(default)s)")
    parser.add_argument("--serve-timeout", type=float, default=900, help="seconds to wait in mkdocs serve (default: %(default)s)")
    parser.add_argument("--report", metavar="FILE", help="only print the table of a JSON file an earlier run wrote")
    args = parser.parse_args(argv)
    if args.report:
        saved = json.loads(Path(args.report).read_text(encoding="utf-8"))
        print_report(saved["machine"], saved["results"])
        return 0
    global QUIET_WAIT
    QUIET_WAIT = max(0.0, args.quiet_wait)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if any(n < 10 for n in sizes):
        parser.error("each size must be at least 10 articles")

    machine = machine_info()
    root = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="gonghui-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    regions, region_source = pick_regions()
    pinyin = Pinyin()
    browser = browser_available()
    print(f"Regions: {len(regions)} from {region_source}; browser: {'Chromium + Playwright' if browser[0] else browser[1]}")
    print(f"Sites in {root}{'' if args.keep else ' (removed afterwards; --keep DIR keeps them)'}")
    results: list[dict] = []

    def checkpoint() -> None:  # after every measurement: an interrupted run keeps what it measured
        if args.json:
            write_json(args.json, machine, args, results)

    def on_term(signum, frame) -> None:
        raise KeyboardInterrupt  # run the clean-up below (stops any mkdocs serve) and report what we have

    signal.signal(signal.SIGTERM, on_term)
    interrupted = False
    try:
        for n in sizes:
            result: dict = {"n": n}
            results.append(result)
            run_size(result, args, root, regions, pinyin, browser, checkpoint)
            checkpoint()
    except KeyboardInterrupt:
        interrupted = True
        print("\nInterrupted: reporting what was measured so far.", file=sys.stderr)
        for result in results:
            result["ratios"] = ratios(result)
        checkpoint()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print_report(machine, [r for r in results if "generation" in r])
    if args.json:
        write_json(args.json, machine, args, results)
        print(f"\nJSON written to {args.json}")
    return 130 if interrupted else 0


def write_json(path: str, machine: dict, args: argparse.Namespace, results: list[dict]) -> None:
    payload = {
        "machine": machine,
        "settings": {"sizes": args.sizes, "only": args.only, "seed": args.seed, "serve": args.serve,
                     "build_date": BUILD_MOMENT.isoformat(), "query": QUERY},
        "results": results,
    }
    Path(path).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
