"""Whole-text perturbations seen in scraped reports.

Traditional characters with converter pinyin (據(jù)), garbled section numbers
((3) for （三）) and page footers (— 4 —, or a bare 4) are properties of the pipeline that
produced a page, not of its table layout, so they apply after rendering.
"""

from __future__ import annotations

import random
import re
from functools import cache

# Characters a common simplified→traditional web converter annotates with pinyin.
PINYIN = {
    "據": "jù", "數": "shù", "業": "yè", "構": "gòu", "務": "wù", "轉": "zhuǎn", "結": "jié",
    "復": "fù", "規": "guī", "執": "zhí", "關": "guān", "現": "xiàn", "穩": "wěn", "權": "quán",
    "內": "nèi", "區": "qū", "鄉": "xiāng", "鎮": "zhèn", "發": "fā", "導": "dǎo", "細": "xì",
    "聯": "lián", "標": "biāo", "準": "zhǔn", "設": "shè", "員": "yuán", "題": "tí",
    "專": "zhuān", "應": "yīng", "統": "tǒng", "屬": "shǔ", "範": "fàn",
}  # fmt: skip
NUMERALS = "一二三四五六七八九十"
# A bare page number ("{n}") is what most PDF-to-text converters leave at a page break.
FOOTERS = ("— {n} —", "- {n} -", "—{n}—", "第{n}页", "{n}", "{n}")


@cache
def _converter():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str, rng: random.Random) -> str:
    """s2t conversion, then pinyin after a per-report subset of the annotated characters."""
    out = _converter().convert(text)
    chars = sorted(PINYIN)
    chosen = {c for c in chars if rng.random() < 0.7}
    if not chosen:
        return out
    pattern = re.compile("[" + "".join(sorted(chosen)) + "]")
    return pattern.sub(lambda m: f"{m.group(0)}({PINYIN[m.group(0)]})", out)


def garble_numbers(text: str, rng: random.Random) -> str:
    """（三） → (3) or （3）, as OCR and list auto-numbering do, on some occurrences."""
    style = rng.choice(("({n})", "（{n}）", "({n}) "))

    def sub(m: re.Match) -> str:
        if rng.random() < 0.5:
            return m.group(0)
        return style.format(n=NUMERALS.index(m.group(1)) + 1)

    return re.sub(r"（([一二三四五六七八九])）", sub, text)


def footer(n: int, rng: random.Random) -> str:
    return rng.choice(FOOTERS).format(n=n)


def insert_footers(lines: list[str], span: tuple[int, int], rng: random.Random, page: int) -> int:
    """Insert one or two page footers inside ``lines[span]``; returns how many were added."""
    start, end = span
    if end - start < 4:
        return 0
    count = 1 if rng.random() < 0.7 else 2
    spots = sorted(rng.sample(range(start + 2, end - 1), min(count, end - start - 3)), reverse=True)
    for k, at in enumerate(spots):
        blank = [""] if rng.random() < 0.5 else []
        lines[at:at] = [*blank, footer(page + len(spots) - k, rng), *blank]
    return len(spots)
