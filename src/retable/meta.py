"""Report metadata: which form, which year, which agency.

The title is the best source but is often missing, split over two lines or
garbled; the signature block, the ``(以下简称…)`` introduction and the
statistics period are the fall-backs, in that order.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice

from .schema import load_schema
from .types import Document

_TITLE_AGENCY_FIRST = re.compile(
    r"^(?P<agency>[\u3400-\u9fff（）()]{2,40}?)(?:关于)?(?P<year>20\d{2})年度?(?:政府信息公开|政务公开|信息公开)"
)
_TITLE_YEAR_FIRST = re.compile(
    r"^(?P<year>20\d{2})年度?(?P<agency>[\u3400-\u9fff（）()]{2,40}?)(?:政府信息公开|政务公开|信息公开)(?:工作)?年度?报告"
)
_TITLE_YEAR = re.compile(r"(20\d{2})年度?[^。；]{0,40}?(?:政府信息公开|信息公开)(?:工作)?年度?报告")
_PERIOD = re.compile(
    r"(?:统计期限|统计时限|统计周期|数据统计|统计数据时限|所列数据)[^。]{0,20}?(20\d{2})年\s*1\s*月\s*1\s*日"
)
_YEAR = re.compile(r"(20\d{2})\s*年")
_DATE_LINE = re.compile(r"^\s*(?:20\d{2}|二[〇零○]..)\s*年\s*\d{0,2}\s*月?\s*\d{0,2}\s*日?\s*$")
_AGENCY_SUFFIX = (
    "人民政府办公室",
    "人民政府办公厅",
    "人民政府",
    "办公室",
    "办公厅",
    "委员会",
    "管理委员会",
    "管委会",
    "局",
    "厅",
    "委",
    "署",
    "院",
    "中心",
    "政府",
    "综合实验区",
    "街道办事处",
    "办事处",
    "乡",
    "镇",
    "街道",
    "区",
    "县",
    "市",
    "所",
    "站",
    "会",
    "处",
    "队",
    "部",
)
_NAME = re.compile(r"^[\u3400-\u9fff（）()]{3,40}$")
_ABBREVIATED = re.compile(r"([\u3400-\u9fff]{3,40}?)[（(]以下简称")
_OPENING = re.compile(
    r"20\d{2}年(?:度)?[，,]\s*(?P<agency>[\u3400-\u9fff]{2,24}?(?:综合实验区|人民政府办公室|人民政府|委员会|管委会|局|办公室))"
    r"(?:坚持|认真|深入|紧紧|紧扣|围绕|按照|全面|持续|严格|积极|不断|以|在|高度|始终|扎实|聚焦|进一步)"
)
_STOP_PREFIX = (
    "根据",
    "按照",
    "依据",
    "要求",
    "现将",
    "现向社会公布",
    "由",
    "本报告由",
    "经",
    "我",
)


def _compact(text: str) -> str:
    """``text`` without its whitespace: ``str.split`` cuts at exactly the characters
    ``\\s`` matches (every code point agrees), several times faster than a substitution."""
    return "".join(text.split())


def detect_form(doc_text: str, year: int | None = None) -> tuple[str, dict[str, int]]:
    """The form whose distinctive vocabulary the document uses most; on a tie (a
    text browser in narrow columns breaks every word of the header over lines), the
    form in force in the report's year (the oldest form for a year before any),
    else the newest form."""
    schema = load_schema()
    compact = _compact(doc_text)
    scores = {
        form: sum(1 for m in markers if m in compact)
        for form, markers in schema.form_markers.items()
    }
    tied = [form for form, score in scores.items() if score == max(scores.values())]
    if len(tied) > 1 and year is not None and (in_force := schema.form_for_year(year)) in tied:
        return in_force, scores
    return max(tied, key=schema.form_first_years.__getitem__), scores


def _head(doc: Document, n: int = 4) -> str:
    """The first ``n`` lines with text, joined (only they are read: not every line)."""
    stripped = (line.text.strip().lstrip("#").strip() for line in doc.lines if line.text.strip())
    lines = list(islice((ln for ln in stripped if ln not in ("正文",)), n))
    head = "".join(_compact(ln) for ln in lines if len(ln) < 80)
    return head or _compact(lines[0])[:120] if lines else head


def detect_year(doc: Document) -> int | None:
    head = _head(doc)
    m = _TITLE_YEAR.search(head)
    if m:
        return int(m.group(1))
    text = doc.text[:20000]
    m = _PERIOD.search(_compact(text))
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in _YEAR.findall(text[:5000]) if 2000 <= int(y) <= 2100)
    if years:
        return years.most_common(1)[0][0]
    return None


def _clean_agency(name: str) -> str | None:
    name = name.strip("：:，,。 ")
    for prefix in _STOP_PREFIX:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    if not (3 <= len(name) <= 40) or not name.endswith(_AGENCY_SUFFIX):
        return None
    return name


def detect_agency(doc: Document) -> str | None:
    head = _head(doc)
    for pattern in (_TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST):
        m = pattern.search(head)
        if m:
            name = _clean_agency(m.group("agency"))
            if name:
                return name
    signed = _signature(doc)
    if signed:
        return signed
    m = _ABBREVIATED.search(_compact(doc.text[:5000]))
    if m:
        name = re.split(r"[，,。；、》]", m.group(1))[-1]
        name = _clean_agency(name)
        if name:
            return name
    m = _OPENING.search(_compact(doc.text[:20000]))
    if m:
        name = _clean_agency(m.group("agency"))
        if name:
            return name
    return _frequent_name(doc.text[:30000])


def _signature(doc: Document) -> str | None:
    """An agency name on its own line just above a date line, near the end."""
    # The last 12 lines with text, read from the end (not every line of the report).
    last = islice((t for t in (line.text.strip() for line in reversed(doc.lines)) if t), 12)
    tail = list(last)[::-1]
    for i in range(len(tail) - 1, 0, -1):
        if _DATE_LINE.match(tail[i].replace("?", "")) or re.match(
            r"^\s*20\d{2}年\d{1,2}月\d{1,2}日", tail[i]
        ):
            for cand in (tail[i - 1], tail[i - 2] if i >= 2 else ""):
                cand = _compact(cand).strip("?")
                if _NAME.match(cand):
                    name = _clean_agency(cand)
                    if name:
                        return name
    return None


def _frequent_name(text: str) -> str | None:
    """The most repeated full administrative name, for reports with no title."""
    compact = _compact(text)
    counts: Counter[str] = Counter()
    for suffix in ("综合实验区", "人民政府办公室", "人民政府", "管理委员会", "管委会"):
        for m in re.finditer(suffix, compact):
            for length in range(2, 9):
                start = m.start() - length
                if start < 0:
                    break
                counts[compact[start : m.end()]] += 1
    if not counts:
        return None
    # Extend the most frequent short name while the longer form is (nearly) as frequent.
    best: tuple[int, str] | None = None
    # First-seen order, not set order: ties must not depend on the hash seed.
    suffixes = dict.fromkeys(name[-3:] for name in counts)
    for suffix in suffixes:
        items = [(name, n) for name, n in counts.items() if name.endswith(suffix)]
        shortest = min(len(name) for name, _ in items)
        chosen, top = max(
            ((name, n) for name, n in items if len(name) == shortest), key=lambda t: t[1]
        )
        while True:
            longer = [
                (name, n)
                for name, n in items
                if len(name) == len(chosen) + 1 and name.endswith(chosen) and n >= 0.8 * top
            ]
            if not longer:
                break
            chosen = max(longer, key=lambda t: t[1])[0]
        if top >= 3 and re.match(r"^[\u3400-\u9fff]+$", chosen) and (best is None or top > best[0]):
            best = (top, chosen)
    return best[1] if best else None
