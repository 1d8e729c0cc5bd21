"""Program records: pages, statuses, rollups, cross-links, calendars and bad records."""

import datetime as dt

import icalendar
import pytest

CAMPAIGN = """\
title: “六个100”行动
organizer: 阜宁县总工会
region: 阜宁县
start: 2022-01-01
end: 2022-12-31
summary: 量化工会工作目标。
description: |
  细化为**18个子项目**。
tags: [职工之家]
targets:
  - name: 职工之家
    unit: 个
    target: 100
    progress:
      - {date: 2022-03-01, value: 20}
      - {date: 2022-06-01, value: 36}
  - name: 困难职工帮扶
    unit: 名
    target: 3
    progress:
      - {date: 2022-06-01, value: 2}
"""

CLASS = """\
title: 职工夜校茶艺班
category: 茶艺
organizer: 淮北市总工会
region: 淮北市
venue: 淮北市职工服务中心
address: 示例路1号
fee: 0
capacity: 30
enrolled: 12
audience: 全市职工
registration: {url: "https://example.org/baoming", phone: 0561-1234567, deadline: 2026-12-20}
sessions:
  - {start: "2027-01-05 19:00", end: "2027-01-05 21:00", topic: 茶艺基础, teacher: 王老师}
  - {start: "2027-01-12 19:00", end: "2027-01-12 21:00", topic: 冲泡技法, teacher: 王老师}
description: 课程介绍。
"""

WORKER = """\
name: 徐林收
honors:
  - {title: 全国劳动模范, level: national, year: 2020}
  - {title: 市级劳动模范, level: 市级, year: 2015}
organization: 丽珠源种植合作社
position: 党支部书记
region: 高密市
industry: 农业
bio: 带领村民发展特色种植。
"""

ACHIEVEMENTS = """\
- {region: 阜宁县, date: 2022-06-01, metric: 新增会员, value: 2000, unit: 人, source: funing-story}
- {region: 盐城市, date: 2022-06-01, metric: 新增会员, value: 101900, unit: 人, source: funing-story}
- {region: 阜宁县, date: 2022-06-01, metric: 投入资金, value: 15000, unit: 万元, source: funing-story}
- {region: 阜宁县, date: 2022-06-01, metric: 用工企业, value: 2305, unit: 家, source: funing-story, note: 示例}
"""


def write_programs(site) -> None:
    """One record of each kind (also used by test_search.py)."""
    site.write("data/campaigns/liuge-yibai.yml", CAMPAIGN)
    site.write("data/training/chayi-ban.yml", CLASS)
    site.write("data/workers/xu-linshou.yml", WORKER)
    site.write("data/achievements/funing.yml", ACHIEVEMENTS)


@pytest.fixture
def programs(site):
    write_programs(site)
    site.article("funing-story", title="阜宁六个100", region="阜宁县", campaigns=["liuge-yibai"],
                 training=["chayi-ban"], workers=["xu-linshou"], date="2022-06-21")
    return site


def test_campaign_page_progress_status_and_links(programs):
    result = programs.build()
    assert result.ok, result.log
    html = result.html("campaigns/liuge-yibai/")
    assert "已结束" in html  # build date 2026-11-24 is after the end
    assert "目标 100个" in html and "完成 36个" in html and ">36%</strong>" in html
    assert ">67%</strong>" in html  # 2 of 3, rounded
    assert "2022年1月1日至2022年12月31日" in html
    assert "<strong>18个子项目</strong>" in html
    assert 'href="../../news/2022/06/funing-story/"' in html
    assert "<svg" in html and "<table" in html
    assert 'href="../../regions/320923/">阜宁县</a>' in html


@pytest.mark.parametrize("build_date,status", [("2021-12-31", "未开始"), ("2022-06-30", "进行中"), ("2023-01-01", "已结束")])
def test_campaign_status_follows_build_date(programs, build_date, status):
    programs.plugin_options["build_date"] = build_date
    programs.article("funing-story", title="阜宁六个100", region="阜宁县", campaigns=["liuge-yibai"], date="2021-06-21")
    result = programs.build()
    assert result.ok, result.log
    assert '<span class="gh-status gh-status--' in result.html("campaigns/liuge-yibai/")
    assert f">{status}</span>" in result.html("campaigns/liuge-yibai/")


def test_article_lists_its_records_and_region(programs):
    html = programs.build().html("news/2022/06/funing-story/")
    assert 'href="../../../../campaigns/liuge-yibai/">“六个100”行动</a>' in html
    assert 'href="../../../../training/chayi-ban/">职工夜校茶艺班</a>' in html
    assert 'href="../../../../workers/xu-linshou/">徐林收</a>' in html
    assert 'href="../../../../regions/320923/">阜宁县</a>' in html


def test_training_page_status_places_fee_and_calendar(programs):
    result = programs.build()
    html = result.html("training/chayi-ban/")
    assert "报名中" in html and "免费" in html and "剩余<strong>18</strong>个" in html
    assert "2027年1月5日" in html and "19:00–21:00" in html and "茶艺基础" in html
    assert 'href="../chayi-ban.ics"' in html
    cal = icalendar.Calendar.from_ical((result.site_dir / "training/chayi-ban.ics").read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == 2
    assert [str(e["UID"]) for e in events] == ["chayi-ban-1@example.org", "chayi-ban-2@example.org"]
    start = events[0].decoded("DTSTART")
    assert start == dt.datetime(2027, 1, 5, 19, 0, tzinfo=start.tzinfo)
    assert str(events[0]["DTSTART"].params["TZID"]) == "Asia/Shanghai"
    assert start.utcoffset() == dt.timedelta(hours=8)
    assert str(events[0]["SUMMARY"]) == "职工夜校茶艺班：茶艺基础"
    assert "淮北市职工服务中心" in str(events[0]["LOCATION"])
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    feed = icalendar.Calendar.from_ical((result.site_dir / "training/calendar.ics").read_bytes())
    assert len(feed.walk("VEVENT")) == 2
    listing = result.html("training/")
    assert "茶艺" in listing and "职工夜校茶艺班" in listing
    assert "职工夜校茶艺班" in result.html("")  # home page shows the next classes


@pytest.mark.parametrize(
    "change,status",
    [({"enrolled": 30}, "已满"), ({"build_date": "2027-02-01"}, "已结束"), ({"build_date": "2026-12-25"}, "报名截止")],
)
def test_training_statuses(programs, change, status):
    if "enrolled" in change:
        programs.write("data/training/chayi-ban.yml", CLASS.replace("enrolled: 12", "enrolled: 30"))
    else:
        programs.plugin_options["build_date"] = change["build_date"]
    result = programs.build()
    assert result.ok, result.log
    assert f">{status}</span>" in result.html("training/chayi-ban/")


def test_past_sessions_leave_the_upcoming_feed(programs):
    programs.plugin_options["build_date"] = "2027-01-08"
    result = programs.build()
    feed = icalendar.Calendar.from_ical((result.site_dir / "training/calendar.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["职工夜校茶艺班：冲泡技法"]


def test_worker_page_and_directory(programs):
    result = programs.build()
    html = result.html("workers/xu-linshou/")
    assert html.index("2020年") < html.index("2015年")
    assert "全国劳动模范" in html and "省部级" not in html and ">全国<" in html and ">市级<" in html
    assert 'href="../../news/2022/06/funing-story/"' in html
    directory = result.html("workers/")
    assert "全国荣誉" in directory and 'data-region="370785"' in directory


def test_region_rollup_county_to_province(programs):
    result = programs.build()
    province = result.html("regions/320000/")  # 江苏省
    assert "“六个100”行动" in province and "阜宁六个100" in province
    county = result.html("regions/320923/")
    assert "2,000人" in county and "1.5亿元" in county and "2,305家" in county
    city = result.html("regions/320900/")  # 盐城市: its own figure and the county's
    assert "10.19万人" in city and "2,000人" in city
    assert "汇总" in city and "10.39万人" in city  # 101900 + 2000
    assert 'href="../../news/2022/06/funing-story/"' in city
    shandong = result.html("regions/370000/")
    assert "徐林收" in shandong
    assert not result.exists("regions/110000")  # 北京 has nothing
    index = result.html("regions/")
    assert "<svg" in index and 'href="../320000/"' not in index and 'href="320000/"' in index
    assert "江苏省" in index and "山东省" in index


BAD = [
    ("data/campaigns/zero.yml", CAMPAIGN.replace("target: 100", "target: 0"),
     "data/campaigns/zero.yml:13: GH301 字段 'targets[1].target'：应为大于 0 的数字，实际写的是 0 (wrong value)"),
    ("data/campaigns/late.yml", CAMPAIGN.replace("2022-06-01, value: 36", "2023-02-01, value: 36"),
     "data/campaigns/late.yml:16: GH331 字段 'targets[1].progress'：读数日期 2023-02-01 不在行动期间（2022-01-01 至 2022-12-31）内；"
     "改读数日期，或改 start/end (reading outside the campaign)"),
    ("data/campaigns/nostart.yml", CAMPAIGN.replace("start: 2022-01-01\n", ""),
     "data/campaigns/nostart.yml:1: GH303 缺少必填字段 'start' (is required but missing)"),
    ("data/training/backwards.yml", CLASS.replace('end: "2027-01-05 21:00"', 'end: "2027-01-05 18:00"'),
     "data/training/backwards.yml:13: GH301 字段 'sessions[1].end'：应晚于开始时间 2027-01-05 19:00，实际写的是 2027-01-05 18:00 "
     "(wrong value)"),
    ("data/training/nosessions.yml", CLASS.split("sessions:")[0],
     "data/training/nosessions.yml:1: GH303 缺少必填字段 'sessions' (is required but missing)"),
    ("data/workers/badlevel.yml", WORKER.replace("level: national", "level: 国家级"),
     "data/workers/badlevel.yml:3: GH301 字段 'honors[1].level'：应为以下之一：national（全国）"),
    ("data/achievements/bad.yml", "- {region: 阜宁县, date: 2022-06-01, metric: 会员, value: 很多, unit: 人, source: funing-story}\n",
     "data/achievements/bad.yml:1: GH301 第1条，字段 'value'：应为数字，实际写的是 '很多' (wrong value)"),
    ("data/achievements/nosource.yml", "- {region: 阜宁县, date: 2022-06-01, metric: 会员, value: 1, unit: 人, source: funing-stroy}\n",
     "data/achievements/nosource.yml:1: GH243 第1条，字段 'source'：没有 slug 为 'funing-stroy' 的文章 "
     "(did you mean 'funing-story'?)；出处要写已有文章的文件名 (no article has this slug)"),
    ("data/campaigns/Bad_Name.yml", CAMPAIGN, "data/campaigns/Bad_Name.yml:1: GH310 文件名 'Bad_Name' 不是英文 slug"),
    ("data/campaigns/liuge-yibai.yaml", CAMPAIGN, "data/campaigns/liuge-yibai.yml:1: GH312 slug 'liuge-yibai' 重复"),
]


@pytest.mark.parametrize("path,text,expected", BAD, ids=[b[0] for b in BAD])
def test_bad_records(programs, path, text, expected):
    programs.write(path, text)
    result = programs.build()
    assert not result.ok
    assert expected in result.log


def test_unknown_reference_suggests_close_slugs(programs):
    programs.article("other", campaigns=["liuge-yibay"])
    result = programs.build()
    assert "GH402 campaigns 里的 'liuge-yibay' 在 data/campaigns/ 里没有对应的记录（是不是 'liuge-yibai'？）" in result.log


def test_worker_directory_region_filter_is_wired(programs):
    result = programs.build()
    directory = result.html("workers/")
    assert 'data-gh-filter=".gh-worker"' not in directory  # one region only: no filter needed
    programs.write("data/workers/li-jing.yml", WORKER.replace("徐林收", "李静").replace("高密市", "仁怀市"))
    result = programs.build()
    directory = result.html("workers/")
    assert '<select id="gh-region-filter" data-gh-filter=".gh-worker">' in directory
    assert '<option value="520382">仁怀市</option>' in directory
    assert 'src="../assets/gonghui/gonghui.js"' in directory
    script = (result.site_dir / "assets/gonghui/gonghui.js").read_text(encoding="utf-8")
    assert "data-gh-filter" in script and "dataset.region" in script


def test_site_additions_to_the_region_table(programs):
    programs.write("data/regions.yml", "- {name: 阜宁经济开发区, id: funing-kaifaqu, parent: 阜宁县}\n")
    programs.write("data/campaigns/yuanqu.yml", CAMPAIGN.replace("region: 阜宁县", "region: 阜宁经济开发区"))
    result = programs.build()
    assert result.ok, result.log
    zone = result.html("regions/funing-kaifaqu/")
    assert "江苏省盐城市阜宁县阜宁经济开发区" in zone and "“六个100”行动" in zone
    assert 'href="../320923/">阜宁县</a>' in zone
    programs.write("data/regions.yml", "- {name: 某园区, id: moumou-yuanqu, parent: 朝阳区}\n")
    result = programs.build()
    assert "data/regions.yml:1: GH321 第1项补充，字段 'parent'：名称 '朝阳区' 有 2 个行政区划共用" in result.log
