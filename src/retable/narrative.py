"""Figures the prose states: a second, independent reading of the tables' key numbers.

Every report says its key figures twice: 一、总体情况 writes "共受理政府信息公开申请859件 …
予以公开258件，占33.9% … 行政复议7件、行政诉讼9件", and the tables print them. This module
finds those statements in the text outside the located tables and says which cell (or sum
of cells) each one describes; :mod:`crosscheck` then compares them with the grid.

Why plain regular expressions here and spaCy only around them: ``retable.parse`` must run
without spaCy (it is an optional extra), and the statements are short, fixed phrasings — a
number, a unit (件, 次, 条, 项, 起, 万元) and, just before it, the words that say what it
counts. What a phrase counts is decided by :func:`classify`, shared by both paths: the pure
finder here (:func:`find_figures`, which ``parse`` uses) and the spaCy component
(:mod:`spacy_narrative`), whose ``Matcher`` patterns find the same number-and-unit spans
on a ``Doc`` and hand each to :func:`classify`. Phrases no rule names (``不掌握相关政府信息
12件``) are matched to the schema's row labels by :mod:`match`'s fuzzy matcher.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from .match import best, match_row
from .schema import load_schema
from .types import Document, Region, Span

# A number and its unit; a percentage announced by 占 (a share of the figure before it).
FIGURE = re.compile(
    r"(?<![\d.．])(?P<num>\d{1,3}(?:[,，]\d{3})+|\d+)(?:[.．](?P<dec>\d+))?\s*"
    r"(?P<unit>万元|件|次|条|项|起)"
)
PERCENT = re.compile(r"占(?:比)?(?:为|达)?\s*(?P<num>\d+(?:[.．]\d+)?)\s*[%％]")
_SENTENCE = re.compile(r"[^。！？!?\n]+")
_ENDS_SENTENCE = re.compile(r"[。！？!?：:；;]\s*$")
CONTEXT = 40  # characters before a number in which its subject is looked for

Cells = tuple[tuple[str, str, str], ...]  # (table, row, column) cells whose values add up


@dataclass(frozen=True)
class Figure:
    """One figure stated in the prose, and what it counts.

    ``alternatives`` lists the cells (or sums of cells) the statement can mean, most
    likely first: "受理申请749件" is the new applications or, as some reports count them,
    new plus carried over. ``base`` is set for a percentage: the figure it is a share of.
    """

    concept: str
    value: float
    unit: str
    text: str  # the sentence, as printed
    span: Span
    alternatives: tuple[Cells, ...]
    base: Figure | None = None

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


# Concepts, each a subject pattern that must end close before the number. Earlier rules
# win when two end at the same place; otherwise the subject nearest the number wins.
RULES: tuple[tuple[str, str], ...] = (
    (
        "carried_forward",
        r"(?:结转|转)(?:至|到|入)?(?:下一?年度?|下年度?|次年|20\d\d年度?)"
        r"(?:继续)?(?:办理)?(?:答复)?的?(?:有|共)?",
    ),
    ("carried_over", r"(?:上一?年度?|20\d\d年度?)结转(?:的|申请|政府信息公开申请)*"),
    ("outcome_pending", r"尚未审结|未审结|尚未结案|尚在审理中?|正在审理中?"),
    ("outcome_other", r"其他结果"),
    ("outcome_corrected", r"(?:结果)?被?(?:纠错|纠正|撤销|确认违法)的?|败诉"),
    ("outcome_upheld", r"(?:结果)?(?:被|获|予以)?维持(?:原?(?:行政行为|决定|答复))?的?"),
    ("review_and_litigation", r"行政复议[、和及与]行政诉讼(?:案件)?"),
    ("review", r"(?:行政)?复议(?:案件|申请)?"),
    ("litigation", r"(?:行政)?诉讼(?:案件)?"),
    ("granted_or_partial", r"(?:予以|同意)公开(?:及|和|、|或)部分公开(?:答复)?"),
    ("partially_granted", r"部分公开(?:答复)?"),
    ("denied", r"不予公开(?:答复)?"),
    ("granted", r"(?:予以|同意|准予)公开(?:答复)?"),
    ("unable", r"无法提供(?:答复)?的?"),
    ("rejected", r"不予处理"),
    ("other_handling", r"其他处理"),
    ("natural_person", r"自然人(?:提出的?)?(?:申请)?"),
    ("legal_person", r"法人(?:或|和|及)?其他组织(?:提出的?)?(?:申请)?"),
    ("commercial_enterprise", r"商业企业(?:申请)?"),
    (
        "received",
        r"(?:受理|收到|接收|接到|新收|申请总数|申请数量)(?:[^，,；。]{0,30}?申请)?(?:共计|共|合计)?",
    ),
    ("processed", r"(?:办结|答复|办理|处理)(?:[^，,、；。]{0,12}?申请)?(?:共计|共|合计)?"),
    ("regulations", r"规章(?!文件|制度|类)"),
    ("normative_documents", r"规范性文件"),
    ("licensing", r"行政许可(?:事项|决定|案件)?"),
    ("penalty", r"行政处罚(?:事项|决定|案件)?"),
    ("coercion", r"行政强制(?:事项|决定|案件)?"),
    ("fees", r"行政事业性收费(?:金额)?"),
)
_RULES = tuple((name, re.compile(pattern)) for name, pattern in RULES)
_ANY_RULE = re.compile("|".join(f"(?:{pattern})" for _, pattern in RULES))
# Words after which a number is no longer the table's figure ("较去年回落", "同比增长").
_NOT_A_TOTAL = re.compile(r"(?:较|同比|比上年|比去年|增长|下降|减少|增加|回落|上升)\s*$")
# A number followed by these counts something else (pages, websites, trainings).
_UNITS = {
    "received": {"件", "条", "次"},
    "processed": {"件", "条", "次"},
    "carried_over": {"件", "条"},
    "carried_forward": {"件", "条"},
    "granted": {"件", "条"},
    "granted_or_partial": {"件", "条"},
    "unable": {"件", "条"},
    "rejected": {"件", "条"},
    "other_handling": {"件", "条"},
    "commercial_enterprise": {"件", "条"},
    "partially_granted": {"件", "条"},
    "denied": {"件", "条"},
    "natural_person": {"件", "条"},
    "legal_person": {"件", "条"},
    "review": {"件", "起", "次"},
    "litigation": {"件", "起", "次"},
    "review_and_litigation": {"件", "起", "次"},
    "outcome_upheld": {"件", "起", "次"},
    "outcome_corrected": {"件", "起", "次"},
    "outcome_other": {"件", "起", "次"},
    "outcome_pending": {"件", "起", "次"},
    "regulations": {"件", "条", "项"},
    "normative_documents": {"件", "条", "项"},
    "licensing": {"件", "次", "项", "条"},
    "penalty": {"件", "次", "项", "条"},
    "coercion": {"件", "次", "项", "条"},
    "fees": {"万元"},
    "row": {"件", "条"},
}
# Words as plain as 收到, 办理 or 自然人 count applications only where the sentence speaks of
# them; 予以公开, 不予公开, 无法提供 and 不予处理 with a count are the table's own words.
_ABOUT_REQUESTS = re.compile(r"申请|依申请")
_REQUEST_CONCEPTS = {
    "received",
    "processed",
    "carried_over",
    "carried_forward",
    "natural_person",
    "legal_person",
    "commercial_enterprise",
    "row",
}
# 维持, 纠正, 尚未审结 count cases only in a sentence about reviews or lawsuits.
_ABOUT_CASES = re.compile(r"复议|诉讼")
FUZZY_ACCEPT = 0.86
_ACTIVE_CONCEPTS = {"regulations", "normative_documents", "licensing", "penalty", "coercion"}
# "行政许可类信息69条", "规章、规范性文件等112件", "部门规范性文件": items published about
# a subject, or another body's documents, not the counts 二、主动公开 tabulates.
_NOT_THE_TABLE = re.compile(r"类|信息|栏目|等|部门|查询|库")


def sentences(text: str) -> list[tuple[int, str]]:
    """``(start, sentence)`` of each sentence (up to 。！？ or a line break)."""
    return [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text)]


def classify(sentence: str, start: int, end: int, unit: str) -> tuple[str, str | None, str] | None:
    """What the number at ``sentence[start:end]`` counts: ``(concept, row key, words)``.

    ``words`` are the words read before the number; None when it counts nothing tabulated.

    Only the words between the previous figure (or ``CONTEXT`` characters) and the
    number are read, so "行政复议7件、行政诉讼9件" gives each number its own subject.
    """
    before = sentence[max(0, start - CONTEXT) : start]
    previous = list(FIGURE.finditer(before)) + list(PERCENT.finditer(before))
    if previous:
        before = before[max(m.end() for m in previous) :]
    if _NOT_A_TOTAL.search(before):
        return None
    found: tuple[int, int, str, int] | None = None
    for order, (name, rule) in enumerate(_RULES if _ANY_RULE.search(before) else ()):
        for m in rule.finditer(before):
            gap = len(before) - m.end()
            if gap > 12:
                continue
            key = (gap, order, name, m.start())
            if found is None or key < found:
                found = key
    concept: str | None = found[2] if found else None
    if (
        found
        and concept in _ACTIVE_CONCEPTS
        and _NOT_THE_TABLE.search(before[max(0, found[3] - 2) :])
    ):
        return None
    row: str | None = None
    if concept is None and _ABOUT_REQUESTS.search(sentence):  # rows of 三 count applications
        row = fuzzy_row(before)
        concept = "row" if row else None
    if concept is None or unit not in _UNITS[concept]:
        return None
    if concept in _REQUEST_CONCEPTS and not _ABOUT_REQUESTS.search(sentence):
        return None
    if concept.startswith("outcome_") and not _ABOUT_CASES.search(sentence):
        return None
    return concept, row, before


def fuzzy_row(words: str) -> str | None:
    """A requests row whose label the words end with (``不掌握相关政府信息``), or None."""
    words = re.sub(r"^[，,、：:；\s]*(?:其中|含)?", "", words).strip("，,、：: ")
    if len(words) < 4:
        return None
    key, score = best(match_row(words[-20:], "requests", "2021"))
    return key if score >= FUZZY_ACCEPT else None


def _number(m: re.Match) -> float:
    whole = re.sub(r"[,，]", "", m.group("num")).replace("．", ".")
    dec = m.groupdict().get("dec")
    return float(f"{whole}.{dec}") if dec else float(whole)


class Mention(NamedTuple):
    """A number and its unit in a sentence (``unit`` is ``%`` for a share)."""

    start: int
    end: int
    number_end: int
    value: float
    unit: str


def mentions(sentence: str) -> list[Mention]:
    """The numbers with a unit, and the shares, of one sentence, in order."""
    out = [
        Mention(m.start(), m.end(), m.start("num") + len(m.group("num")), _number(m), m["unit"])
        for m in FIGURE.finditer(sentence)
    ]
    out += [
        Mention(m.start(), m.end(), m.end(), _number(m), "%") for m in PERCENT.finditer(sentence)
    ]
    return sorted(out)


def figures_of(
    sentence: str, found: list[Mention], span_of: Callable[[int, int], Span]
) -> list[Figure]:
    """The figures among one sentence's mentions: each classified by the words before it,
    a share tied to the figure before it. ``span_of(start, end)`` places a mention in the
    source."""
    out: list[Figure] = []
    last: Figure | None = None
    for m in found:
        span = span_of(m.start, m.end)
        if m.unit == "%":
            if last is not None:
                out.append(Figure("share", m.value, "%", sentence, span, last.alternatives, last))
            continue
        got = classify(sentence, m.start, m.number_end, m.unit)
        if got is None:
            last = None
            continue
        concept, row, words = got
        if concept.startswith("outcome_"):
            group = _group_of(sentence, out, words)
            if group is None:
                last = None
                continue
            outcome = concept.removeprefix("outcome_")
            cells = _outcome_cells(group, outcome)
            last = Figure(f"{group}_{outcome}", m.value, m.unit, sentence, span, cells)
        else:
            cells = _cells_for(concept, row, words)
            last = Figure(concept, m.value, m.unit, sentence, span, cells)
        out.append(last)
    return out + outcome_statements(sentence, out, span_of)


# Outcomes of 四 the prose states without a count: none corrected (未被复议机关纠错,
# 零败诉, 未发生…被行政复议纠错或行政诉讼败诉), all upheld (均获维持) or all closed (均已结案).
_NEGATION = r"(?:未被|未发生|未出现|未有|没有被?|均未|无(?!法)|零)"
_NEGATED = re.compile(_NEGATION + r"[^，,；;。]{0,30}")
_CORRECTED = re.compile(r"纠错|纠正|撤销|败诉")
_ALL_UPHELD = re.compile(r"(?:均|全部|都)(?:获|被|予以|得到|已|为)?(?:依法)?维持")
_ALL_CLOSED = re.compile(r"(?:均|全部|都)(?:已|已经)?(?:依法)?(?:结案|审结)")
_OUTCOME_WORDS = re.compile(r"纠错|纠正|撤销|败诉|维持|结案|审结")
_GROUPS = {"review": "review", "litigation": "litigation"}


def _group_of(sentence: str, before: list[Figure], words: str) -> str | None:
    """Whether an outcome counts reviews or lawsuits: the nearest group named in the words
    before it, else the last review or lawsuit count of the sentence, else the one group the
    sentence speaks of (None when it cannot be told)."""
    named = [(m.end(), m.group(0)) for m in re.finditer(r"复议|诉讼", words)]
    if named:
        return "review" if max(named)[1] == "复议" else "litigation"
    for fig in reversed(before):
        if fig.concept in _GROUPS:
            return _GROUPS[fig.concept]
    review, lawsuit = "复议" in sentence, "诉讼" in sentence
    if review != lawsuit:
        return "review" if review else "litigation"
    return None


def _outcome_cells(group: str, outcome: str) -> tuple[Cells, ...]:
    """The cells of one outcome of 四: 行政复议's, or both kinds of lawsuit added up (or,
    as some reports count lawsuits, those brought directly)."""
    rl = "review_litigation"
    if group == "review":
        return (((rl, "cases", f"review_{outcome}"),),)
    direct = ((rl, "cases", f"direct_suit_{outcome}"),)
    return ((*direct, (rl, "cases", f"suit_after_review_{outcome}")), direct)


def outcome_statements(
    sentence: str, figures: list[Figure], span_of: Callable[[int, int], Span]
) -> list[Figure]:
    """Outcomes of 四 a sentence states without counting them, as figures of 0 cases: none
    corrected, none corrected where all were upheld (均获维持 also says of cases still
    pending, so it says nothing of 尚未审结), none pending where all are closed.

    均… speaks of the review and lawsuit counts before it in the sentence; a negated
    纠错 of the group named closest before it (败诉 is a lawsuit's)."""
    if not _OUTCOME_WORDS.search(sentence) or not _ABOUT_CASES.search(sentence):
        return []
    out: list[Figure] = []
    seen: set[tuple[str, str]] = set()

    def add(group: str, outcome: str, start: int, end: int) -> None:
        if (group, outcome) in seen:
            return
        seen.add((group, outcome))
        cells = _outcome_cells(group, outcome)
        out.append(Figure(f"{group}_{outcome}", 0.0, "件", sentence, span_of(start, end), cells))

    for negated in _NEGATED.finditer(sentence):
        for m in _CORRECTED.finditer(sentence, negated.start(), negated.end()):
            group = (
                "litigation"
                if m.group(0) == "败诉"
                else _group_of(sentence, [], sentence[negated.start() : m.start()])
                or _group_of(sentence, [], sentence[: m.start()][-CONTEXT:])
            )
            if group is not None:
                add(group, "corrected", negated.start(), m.end())
    for pattern, outcome in ((_ALL_UPHELD, "corrected"), (_ALL_CLOSED, "pending")):
        for m in pattern.finditer(sentence):
            at = span_of(m.start(), m.end()).start
            counted = [
                f for f in figures if f.concept in _GROUPS and f.value > 0 and f.span.start < at
            ]
            for group in dict.fromkeys(_GROUPS[f.concept] for f in counted):
                add(group, outcome, m.start(), m.end())
    return out


def figures_in(text: str, where: Sequence[tuple[int, int]] | Places) -> list[Figure]:
    """The figures of one block of prose; ``where[i]`` is the source line and offset of
    ``text[i]``."""
    out: list[Figure] = []
    for s_start, sentence in sentences(text):

        def span_of(start: int, end: int, _s: int = s_start) -> Span:
            first, last = where[_s + start], where[_s + end - 1]
            return Span(first[0], first[1], last[1] + 1)

        out.extend(figures_of(sentence, mentions(sentence), span_of))
    return out


def _cells_for(concept: str, row: str | None, words: str) -> tuple[Cells, ...]:
    """The cells a concept can mean, in both forms (those a form lacks are skipped later).

    Applicant counts ("其中自然人741件") are of the new applications or, when the report
    counts received as new plus carried over, of both; ``words`` (the text before the
    number) say which column of 二、主动公开 a document count is (制发, 现行有效, 废止).
    """
    r = "requests"
    ad = "active_disclosure"
    if concept == "row" and row:
        return (((r, row, "total"),),)
    if concept in ("regulations", "normative_documents"):
        key = concept
        cols: tuple[str, ...]
        if re.search(r"现行有效|有效", words):
            cols = ("in_force", "total_published")
        elif "废止" in words:
            cols = ("repealed",)
        elif re.search(r"制发|制定|新制作|出台|印发", words):
            cols = ("issued", "new_made", "new_published")
        else:
            cols = ("issued", "in_force", "new_made", "new_published", "total_published")
        return tuple(((ad, key, c),) for c in cols)
    if concept in ("licensing", "penalty", "coercion"):
        key = {
            "licensing": "administrative_licensing",
            "penalty": "administrative_penalty",
            "coercion": "administrative_coercion",
        }[concept]
        return (((ad, key, "decisions"),),)
    return _concept_cells()[concept]


@cache
def _concept_cells() -> dict[str, tuple[Cells, ...]]:
    """The cells of the concepts whose words do not change them (built once)."""
    r = "requests"
    rl = "review_litigation"
    ad = "active_disclosure"
    orgs = (
        "commercial_enterprise",
        "research_institution",
        "social_welfare_org",
        "legal_service_org",
        "other_org",
    )
    review = ((rl, "cases", "review_total"),)
    direct = ((rl, "cases", "direct_suit_total"),)
    after = ((rl, "cases", "suit_after_review_total"),)
    new = ((r, "new_received", "total"),)
    carried = ((r, "carried_over", "total"),)
    processed = ((r, "total_processed", "total"),)
    return {
        "received": (new, new + carried),
        "processed": (processed, new + carried, new),
        "carried_over": (carried,),
        "carried_forward": (((r, "carried_forward", "total"),),),
        "granted": (((r, "granted", "total"),),),
        "granted_or_partial": (((r, "granted", "total"), (r, "partially_granted", "total")),),
        "unable": (tuple((r, k, "total") for k in _rows_starting("unable_")),),
        "rejected": (tuple((r, k, "total") for k in _rows_starting("rejected_")),),
        "other_handling": (tuple((r, k, "total") for k in _rows_starting("other")),),
        "commercial_enterprise": _applicants(("commercial_enterprise",)),
        "partially_granted": (((r, "partially_granted", "total"),),),
        "denied": (tuple((r, k, "total") for k in _rows_starting("denied_")),),
        "natural_person": _applicants(("natural_person",)),
        "legal_person": _applicants(orgs),
        "review": (review,),
        "litigation": (direct + after, direct),
        "review_and_litigation": (review + direct + after,),
        "fees": (((ad, "administrative_fees", "fee_amount"),),),
    }


def _applicants(columns: tuple[str, ...]) -> tuple[Cells, ...]:
    new = tuple(("requests", "new_received", c) for c in columns)
    return (new, new + tuple(("requests", "carried_over", c) for c in columns))


@cache
def _rows_starting(prefix: str) -> tuple[str, ...]:
    """Requests rows of one group (``denied_``, ``unable_``, ``rejected_``, ``other``)."""
    rows = load_schema().table("requests").rows
    return tuple(r.key for r in rows if r.key.startswith(prefix))


def prose_pieces(doc: Document, regions: dict[str, Region]) -> list[tuple[int, str, int]]:
    """``(line index, text, first character)`` of the text outside every located table."""
    inside: set[int] = set()  # lines a table covers whole
    cuts: dict[int, list[tuple[int, int]]] = {}  # lines a table begins or ends on
    for r in regions.values():
        (sl, sc), (el, ec) = r.start, r.end
        inside.update(range(sl + 1, el))
        cuts.setdefault(sl, []).append((sc, ec if el == sl else 1 << 62))
        if el != sl:
            cuts.setdefault(el, []).append((0, ec))
    out = []
    for i, line in enumerate(doc.lines):
        if i in inside or line.cells is not None or not line.text.strip():
            continue
        pieces = [(0, len(line.text))]
        for lo, hi in cuts.get(i, ()):
            pieces = [
                part
                for a, b in pieces
                for part in ((a, min(b, lo)), (max(a, hi), b))
                if part[1] > part[0]
            ]
        for a, b in pieces:
            out.append((i, line.text[a:b], a))
    return out


def join_lines(pieces: Iterable[tuple[int, str, int]]) -> list[tuple[str, list[int]]]:
    """Blocks of text from ``(line index, text, position of its first character)`` pieces:
    a line a converter cut inside a sentence is joined to the next one again. Each block
    comes with the positions of its pieces' first characters (see :func:`positions`)."""
    blocks: list[tuple[str, list[int]]] = []
    parts: list[str] = []
    marks: list[int] = []  # per piece: its position, then its length (flattened)
    previous = -2
    for i, piece, start in pieces:
        text = piece.strip()
        if not text:
            continue
        lead = len(piece) - len(piece.lstrip())
        if not (i == previous + 1 and parts and not _ENDS_SENTENCE.search(parts[-1])):
            if parts:
                blocks.append(("".join(parts), marks))
            parts, marks = [], []
        parts.append(text)
        marks += [start + lead, len(text)]
        previous = i
    if parts:
        blocks.append(("".join(parts), marks))
    return blocks


def positions(marks: list[int]) -> list[int]:
    """The position of every character of a block from :func:`join_lines`' marks."""
    out: list[int] = []
    for k in range(0, len(marks), 2):
        out.extend(range(marks[k], marks[k] + marks[k + 1]))
    return out


class Places:
    """The source ``(line, offset)`` of a block's characters, worked out when asked (a
    figure needs two; a block can be a whole one-line report)."""

    def __init__(self, doc: Document, pieces: list, starts: list[int], marks: list[int]) -> None:
        self.doc = doc
        self.pieces = pieces
        self.starts = starts
        self.marks = marks
        self.block_starts: list[int] = []
        k = 0
        for j in range(0, len(marks), 2):
            self.block_starts.append(k)
            k += marks[j + 1]

    def __getitem__(self, k: int) -> tuple[int, int]:
        j = bisect_right(self.block_starts, k) - 1
        g = self.marks[2 * j] + k - self.block_starts[j]
        n = bisect_right(self.starts, g) - 1
        i, _, first = self.pieces[n]
        line = self.doc.lines[i]
        offsets = line.offsets or [0]
        return line.number, offsets[min(first + g - self.starts[n], len(offsets) - 1)]


def prose_blocks(doc: Document, regions: dict[str, Region]) -> list[tuple[str, Places]]:
    """The prose outside the tables as joined blocks that state a figure, with the source
    ``(line, offset)`` of each character."""
    pieces = prose_pieces(doc, regions)
    starts, k = [], 0
    for _, piece, _ in pieces:
        starts.append(k)
        k += len(piece)
    numbered = ((i, piece, start) for (i, piece, _), start in zip(pieces, starts, strict=True))
    return [
        (text, Places(doc, pieces, starts, marks))
        for text, marks in join_lines(numbered)
        if FIGURE.search(text) or (_OUTCOME_WORDS.search(text) and _ABOUT_CASES.search(text))
    ]


def find_figures(doc: Document, regions: dict[str, Region]) -> list[Figure]:
    """Every figure the prose outside the tables states, with the cells it describes."""
    out: list[Figure] = []
    for text, where in prose_blocks(doc, regions):
        out.extend(figures_in(text, where))
    return out
