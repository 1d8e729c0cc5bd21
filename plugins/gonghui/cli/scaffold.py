"""Text of new files: every field filled in or shown as a commented example.

The templates live here as Python rather than as package files so the CLI
needs no package-data. Every value written is valid for its field, so a fresh
scaffold builds; tests prove it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..core.load.yamlsource import YamlError, load_yaml

TODO = "【待填写】"  # marks placeholder text; search for it before publishing


@dataclass(frozen=True)
class Fill:
    """What the editor told us: the title or name, a validated region, a date."""

    title: str
    slug: str
    day: dt.date
    time: str = ""  # "08:30" when a time of day was given
    region: str = ""  # as the editor wrote it, already checked against the region table
    source: str = ""  # achievements only: the article slug


def scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when our loader reads it back unchanged, else quoted."""
    try:
        data, _ = load_yaml(f"k: {value}  # c\n")
    except YamlError:
        data = None
    if isinstance(data, dict) and data.get("k") == value:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _region_line(fill: Fill, comment: str, indent: str = "") -> str:
    if fill.region:
        return f"{indent}region: {scalar(fill.region)}  # {comment}"
    return f"{indent}# region: 仁怀市  # {comment}（不写就删掉这一行；要写时去掉行首“# ”）"


def article(fill: Fill) -> str:
    when = f"{fill.day.isoformat()} {fill.time}".strip()
    return "\n".join(
        [
            "---",
            "# 新闻稿（由 gonghui new article 生成）。以“#”开头的行是注释，不会发布。",
            "# 可选字段：去掉行首的“# ”再改成真实内容；用不到的整行删掉。字段说明见 README“头信息字段一览”。",
            f"title: {scalar(fill.title)}  # 主题（主标题），必填；也是网页标题",
            "# kicker: 引题文字  # 引题：显示在主题上方",
            "# subtitle: 副题文字  # 副题：显示在主题下方",
            f"date: {when}  # 发布时间（北京时间），必填；网址的年月取自这里。晚于构建日期的稿件到时才发布",
            "# authors:  # 署名：每行一人，写姓名，或 {name: 姓名, role: 身份}",
            "#   - {name: 张三, role: 本报记者}",
            "#   - {name: 李四, role: 本报通讯员}",
            "# dateline: 本报讯  # 电头，如“本报广州6月23日电”",
            _region_line(fill, "地区：行政区划全称（如 仁怀市）或 6 位代码"),
            "# tags: [建会入会, 职工培训]  # 标签",
            "# campaigns: [renhuai-jianhui-xiaofendui-2022]  # 相关专项行动：data/campaigns/ 里的文件名",
            "# training: [huaibei-yexiao-chayi-2022]  # 相关培训班：data/training/ 里的文件名",
            "# workers: [li-jing]  # 相关劳模工匠：data/workers/ 里的文件名",
            "# summary: 一两句话的阅读提示。  # 阅读提示：标题下方的提示框，也是列表页摘要；不写时取正文第一段",
            "# image:  # 题图：src 必填，图片文件要放在 content/ 里",
            f"#   src: /assets/images/{fill.day.year}/{fill.slug}.jpg",
            "#   caption: 图片说明",
            "#   credit: 本报记者 某某 摄",
            "#   alt: 给读屏软件的文字",
            f"# slug: {fill.slug}  # 网址的最后一段；默认就是文件名，一般不用写",
            "draft: true  # 草稿：新建的稿件默认不发布，免得半成品上线。写完、审核后删掉这一行（或改成 false）才会发布",
            "---",
            "",
            f"{TODO}导语：第一段交代新闻要点。没有写 summary 时，列表页取这一段作摘要。不用再写标题，标题区由上面的头信息自动生成。",
            "",
            "## 小标题",
            "",
            f"{TODO}正文。",
            "",
        ]
    )


def _header(kind: str, command: str, url: str, readme: str) -> list[str]:
    return [
        f"# {kind}（由 gonghui new {command} 生成）。文件名就是 slug，页面网址 {url}。",
        "# 注意：项目数据没有草稿，这个文件一提交，下次构建就会发布。",
        f"# 先把所有“{TODO}”改成真实内容；用不到的可选字段整行（或整段）删掉。字段说明见 README“{readme}”。",
    ]


def campaign(fill: Fill) -> str:
    start = fill.day.isoformat()
    return "\n".join(
        [
            *_header("专项行动", "campaign", f"/campaigns/{fill.slug}/", "专项行动"),
            f"title: {scalar(fill.title)}  # 名称，必填",
            f"organizer: {TODO}主办单位  # 主办单位，必填，如“仁怀市总工会”",
            _region_line(fill, "地区：行政区划全称或 6 位代码"),
            f"start: {start}  # 开始日期，必填",
            f"end: {fill.day.year}-12-31  # 结束日期，不早于 start；长期开展的删掉这一行",
            f"summary: {TODO}一段简介，显示在页面上方和列表里。",
            "description: |  # 详细介绍，可以写 Markdown（列表、加粗、表格）",
            f"  {TODO}详细介绍。",
            f"tags: [{TODO}标签]  # 标签，如 [建会入会, 农民工权益]",
            "targets:  # 量化目标；没有就删掉整段",
            f"  - name: {TODO}指标名称  # 指标名，必填，如“新建工会”",
            "    unit: 家  # 单位，必填",
            "    target: 100  # 目标值，必填，大于 0",
            "    progress:  # 进度读数，日期在 start 到 end 之间；两次以上读数时画折线图",
            f"      - {{date: {start}, value: 0}}",
            "",
        ]
    )


def training(fill: Fill) -> str:
    day = fill.day.isoformat()
    return "\n".join(
        [
            *_header("培训班", "training", f"/training/{fill.slug}/", "培训班"),
            f"title: {scalar(fill.title)}  # 班名，必填",
            f"category: {TODO}类别  # 类别，必填，如 茶艺、创新、直播销售；培训列表按类别分组",
            f"organizer: {TODO}主办单位  # 主办单位，必填",
            _region_line(fill, "地区：行政区划全称或 6 位代码"),
            f"venue: {TODO}上课地点  # 地点，必填",
            f"address: {TODO}详细地址",
            "fee: 0  # 费用（元），必填；0 显示为“免费”",
            "capacity: 30  # 名额，必填，大于 0",
            "enrolled: 0  # 已报名人数，不超过名额；页面显示剩余名额",
            f"audience: {TODO}招收对象",
            "registration:  # 报名方式；不用的子项删掉",
            "  # url: https://zgh.example.gov.cn/baoming  # 报名网址，以 https:// 开头（有网址时去掉行首“# ”）",
            f"  phone: {TODO}报名电话",
            f"  deadline: {day}  # 报名截止日期；过了这天显示“报名截止”",
            "sessions:  # 课程安排，必填，至少一次课；北京时间，结束要晚于开始",
            f"  - start: {day} 19:00",
            f"    end: {day} 21:00",
            f"    topic: {TODO}第1次课内容",
            f"    teacher: {TODO}授课人",
            "description: |  # 课程介绍，可以写 Markdown",
            f"  {TODO}课程介绍。",
            "",
        ]
    )


def worker(fill: Fill) -> str:
    return "\n".join(
        [
            *_header("劳模工匠", "worker", f"/workers/{fill.slug}/", "劳模工匠"),
            f"name: {scalar(fill.title)}  # 姓名，必填",
            "honors:  # 荣誉，每项 title 称号、level 级别、year 年份；没有荣誉就删掉整段",
            "  # level 写 national（全国）、provincial（省部级）、municipal（市级）、county（县级）或 industry（行业）",
            f"  - {{title: {TODO}荣誉称号, level: municipal, year: {fill.day.year}}}",
            f"organization: {TODO}单位",
            f"position: {TODO}职务",
            _region_line(fill, "地区：行政区划全称或 6 位代码"),
            f"industry: {TODO}行业",
            f"# photo: /assets/images/workers/{fill.slug}.jpg  # 照片，从 content/ 算起；照片放好后去掉行首“# ”",
            "bio: |  # 事迹简介，可以写 Markdown",
            f"  {TODO}事迹简介。",
            "",
        ]
    )


def achievement(fill: Fill, appended: bool) -> str:
    """A commented example record: a figure must cite a published article, so it starts switched off."""
    region = scalar(fill.region) if fill.region else f"{TODO}地区"
    source = fill.source or "wen-zhang-slug"
    intro = (
        ["", "# 追加的示例记录（由 gonghui new achievement 生成）："]
        if appended
        else [
            "# 地区成果（由 gonghui new achievement 生成）。内容是列表，每项一个数字，必须注明出自哪篇已发布的文章。",
            "# 下面是一条示例记录，现在是注释，不会发布：去掉每行开头的“# ”并改成真实数据；可以复制多条。",
            "# 字段说明见 README“地区成果”。",
        ]
    )
    return "\n".join(
        [
            *intro,
            f"# - region: {region}  # 地区：行政区划全称或 6 位代码，必填",
            f"#   date: {fill.day.isoformat()}  # 数据截至日期，必填",
            f"#   metric: {TODO}指标  # 指标，必填，如“新增会员”",
            "#   value: 0  # 数值，必填；写原数，如 101900（网页显示为“10.19万”）",
            "#   unit: 人  # 单位，必填：人、家、万元……",
            f"#   source: {source}  # 出处，必填：一篇已发布文章的 slug（文件名）",
            f"#   note: {TODO}备注  # 备注，可不写",
            "",
        ]
    )
