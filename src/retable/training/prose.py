"""Report prose around the tables: title, introduction, sections, closing.

The parser has to find the tables inside pages of running text that repeat
table words (主动公开, 依申请公开, 行政复议) and numbers; the prose here does
the same so synthetic reports are as noisy to locate as real ones.
"""

from __future__ import annotations

import random

_PLACES = (
    "柳州市",
    "韶关市",
    "沭阳县",
    "平潭综合实验区",
    "苏州市吴中区",
    "南宁市青秀区",
    "宜昌市",
    "金华市婺城区",
    "绵阳市",
    "泉州市丰泽区",
    "桂林市临桂区",
    "洛阳市",
    "常州市武进区",
    "赣州市",
    "遵义市汇川区",
    "德州市",
    "湘潭县",
    "大理市",
    "上饶市广丰区",
    "呼和浩特市",
)
_BODIES = (
    "人民政府办公室",
    "发展和改革局",
    "教育局",
    "科学技术局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电旅游局",
    "卫生健康委员会",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "城市管理局",
    "人民政府",
    "政务服务管理办公室",
    "退役军人事务局",
    "林业局",
)
_TOWNS = ("柳园口乡人民政府", "城关镇人民政府", "新华街道办事处", "东城街道办事处")


def random_agency(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return rng.choice(_PLACES).rstrip("市县区") + rng.choice(("县", "区")) + rng.choice(_TOWNS)
    return rng.choice(_PLACES) + rng.choice(_BODIES)


def title(rng: random.Random, agency: str, year: int) -> list[str]:
    """Title lines: agency first (most reports) or year first, sometimes on two lines."""
    kind = rng.choice(("agency", "agency", "agency", "year", "two"))
    report = rng.choice(
        ("政府信息公开工作年度报告", "政府信息公开工作年度报告", "年度政府信息公开工作报告")
    )
    if kind == "year":
        return [f"{year}年{agency}{report}"]
    if report.startswith("年度"):
        report = "政府信息公开工作年度报告"
    if kind == "two":
        return [agency, f"{year}年{report}"]
    return [f"{agency}{year}年{report}"]


_INTRO = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{doc}要求编制。"
    "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
    "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
    "本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    "本报告电子版可在{agency}门户网站下载。如对本报告有疑问，请与{agency}办公室联系。"
)
_DOCS = {
    "2021": "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作"
    "年度报告格式〉的通知》（国办公开办函〔2021〕30号）",
    "2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
    "（国办公开办函〔2019〕60号）",
}
_OVERVIEW = (
    (
        "（一）主动公开",
        "{year}年，{short}坚持以公开为常态、不公开为例外，全年主动公开政府信息{n1}条，"
        "其中政策文件{n2}件，政策解读{n3}篇，工作动态{n4}条。",
    ),
    (
        "（二）依申请公开",
        "{year}年，{short}共收到政府信息公开申请{req}件，均在法定期限内予以答复{none_lost}。",
    ),
    (
        "（三）政府信息管理",
        "严格落实公开前保密审查制度，执行“先审后发”程序，明确公开属性，全年未发生泄密事件。",
    ),
    (
        "（四）政府信息公开平台建设",
        "持续优化门户网站政府信息公开专栏，及时更新规章、"
        "行政规范性文件和行政许可、行政处罚等栏目，提升平台服务能力。",
    ),
    (
        "（五）监督保障",
        "成立政务公开工作领导小组，配备{staff}名工作人员，将政务公开纳入年度绩效考核，"
        "定期开展自查整改。",
    ),
)
_PROBLEMS = (
    "（一）存在的主要问题。部分科室政府信息公开意识有待加强，公开内容的及时性和全面性仍需提高；"
    "政策解读形式较为单一。",
    "（二）改进措施。一是加强业务培训，提升工作人员业务能力；二是完善信息发布审核机制，"
    "确保公开信息准确及时；三是丰富政策解读形式，增强解读实效。",
)
_OTHER = (
    "{year}年度，本机关未收取信息处理费。",
    "本年度无其他需要报告的事项。",
    "无。",
    "{year}年，本机关未发出收费通知，未收取信息处理费。",
)


def short_name(agency: str) -> str:
    return "我" + agency[-1] if agency[-1] in "局委办区县乡镇" else "本机关"


def intro(rng: random.Random, agency: str, year: int, form: str) -> str:
    return _INTRO.format(doc=_DOCS[form], year=year, agency=agency)


def overview(
    rng: random.Random, agency: str, year: int, requests: int, corrected: int = 0
) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs of 一、总体情况; a random subset, always in order. The
    prose says no review or lawsuit was lost only where the table's 结果纠正 are all 0
    (``corrected`` is their sum), as a real report's prose agrees with its table."""
    n2 = rng.randint(0, 40)
    fields = {
        "year": year,
        "short": short_name(agency),
        "n1": rng.randint(20, 20000),
        "n2": n2,
        "n3": rng.randint(0, n2 + 3),
        "n4": rng.randint(5, 800),
        "req": requests,
        "staff": rng.randint(1, 4),
        "none_lost": "" if corrected else "，未发生因依申请公开引起的行政复议或行政诉讼败诉情况",
    }
    keep = [p for i, p in enumerate(_OVERVIEW) if i < 2 or rng.random() < 0.7]
    return [(h, body.format(**fields)) for h, body in keep]


def problems(rng: random.Random) -> list[str]:
    return list(_PROBLEMS) if rng.random() < 0.8 else [_PROBLEMS[0]]


def other_matters(rng: random.Random, year: int) -> str:
    return rng.choice(_OTHER).format(year=year)


def signature(rng: random.Random, agency: str, year: int) -> list[str]:
    if rng.random() < 0.5:
        return []
    return [agency, f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]
