"""The synthetic Chinese text: word pools, the template Writer, article bodies, regions, pinyin and tags.

Everything here draws from one `random.Random` in a fixed order, so the same seed gives the same site byte for
byte: reorder no draw (and no pool entry) without expecting every generated file to change.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Callable
from typing import Any, ClassVar

# A slot filler gets the article's region and its short name (most slots ignore both).
Slot = Callable[[str, str], str]

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
BASE_TAGS = [
    "医疗互助", "困难职工帮扶", "职工夜校", "职工培训", "职工文化", "劳动竞赛", "新就业形态", "建会入会", "劳模工匠", "产业工人", "集体协商", "安全生产", "女职工权益",
    "职工疗休养", "夏送清凉", "冬送温暖", "金秋助学", "户外劳动者驿站", "职工书屋", "法律援助", "欠薪治理", "工资协商", "技能提升", "职业技能竞赛", "劳模创新工作室", "工匠精神",
    "职工之家", "心理健康", "婚恋交友", "暑期托管", "职工维权", "劳动关系", "和谐企业", "民主管理", "厂务公开", "职代会", "工会改革", "基层工会", "乡镇工会", "园区工会",
    "货车司机", "快递员", "外卖骑手", "网约车司机", "家政服务", "农民工", "青年职工", "退休职工", "一线职工", "环卫工人", "建筑工人", "医护人员", "乡村教师", "工会经费",
    "普惠服务", "职工福利", "消费帮扶", "乡村振兴", "数字工会", "网上工会", "劳动保护", "职业病防治", "高温作业", "节日慰问", "春送岗位", "就业服务", "创业扶持", "技术创新",
    "合理化建议", "五小活动", "师带徒", "首席技师", "大国工匠", "五一劳动奖章", "工人先锋号", "巾帼建功", "安康杯", "职工运动会", "读书活动", "文艺演出", "志愿服务",
]
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

    _compiled: ClassVar[dict[str, list[tuple[str, str | None]]]] = {}

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        rnd = self.rnd = rng.random

        def pick(seq: list[str]) -> Slot:
            size = len(seq)
            return lambda region, short: seq[int(rnd() * size)]

        def num(lo: int, hi: int) -> Slot:
            return lambda region, short: str(lo + int(rnd() * (hi - lo + 1)))

        self.gen: dict[str, Slot] = {
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
        gen, out = self.gen, []  # locals: this runs for every sentence
        for literal, name in parts:
            out.append(literal)
            if name:
                out.append(gen[name](region, short))
        return "".join(out)

    def any(self, pool: list[str], region: str, short: str, count: int = 1) -> str:
        rnd = self.rnd
        return "".join(self.fill(pool[int(rnd() * len(pool))], region, short) for _ in range(count))


def short_name(region: str) -> str:
    """合肥市 → 合肥 (as a local paper writes it); a name that would be left with one character stays whole."""
    for suffix in ("自治县", "自治州", "地区", "市", "县", "区", "旗", "盟", "省"):
        if region.endswith(suffix) and len(region) > len(suffix) + 1:
            return region[: -len(suffix)]
    return region


def article_body(w: Writer, region: str, short: str, day: dt.date, target: int, with_table: bool) -> str:
    """About `target` characters: a dated lead, then sections with lists and at most one table."""
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


# --------------------------------------------------------------------------------------------
# Regions, pinyin, tags
# --------------------------------------------------------------------------------------------


def pick_regions(count: int = 300) -> tuple[list[str], str]:
    """Real division names that resolve to exactly one division in the plugin's table."""
    try:
        from gonghui.core.model.regions import official_table

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
    return chosen, "gonghui.core.model.regions.official_table (unique names, prefecture and county level)"


class Pinyin:
    """Slugs from Chinese names; without pypinyin every name gets its fallback (the site still builds)."""

    def __init__(self) -> None:
        self._lazy: Any = None
        try:
            from pypinyin import lazy_pinyin

            self._lazy = lazy_pinyin
        except ImportError:
            pass
        self._cache: dict[str, str] = {}

    def __call__(self, text: str, fallback: str) -> str:
        if text not in self._cache:
            out = ""
            if self._lazy is not None:
                out = "-".join(p for p in self._lazy(text) if p.isascii() and p.isalnum()).lower()
            self._cache[text] = out or fallback
        return self._cache[text]


def tag_pool(size: int = 200) -> list[str]:
    """`size` tags: the base list, then group + theme combinations in a fixed (seeded) order."""
    tags = list(dict.fromkeys(BASE_TAGS))
    combos = [g + t for g in TAG_GROUPS for t in TAG_THEMES]
    random.Random(11).shuffle(combos)
    for tag in combos:
        if len(tags) >= size:
            break
        if tag not in tags:
            tags.append(tag)
    return tags
