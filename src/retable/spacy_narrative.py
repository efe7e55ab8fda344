"""The spaCy component of the prose's figures: ``nlp.add_pipe("retable_narrative")``.

``Matcher`` patterns find every number with its unit (件, 次, 条, 项, 起, 万元) and every
share (占33.9%) on the ``Doc``'s tokens; :func:`narrative.figures_of` then says what each
counts and which cells it describes, exactly as ``retable.parse`` does without spaCy (see
:mod:`narrative` for why the rules live there). The figures are set as spans in
``doc.spans["retable_figures"]`` (labelled with their concept) and as
:class:`narrative.Figure` values on ``doc._.retable_figures``; when the ``retable``
component ran first, ``doc._.retable_crosscheck`` holds their checks against its report.

A blank Chinese pipeline needs no word segmenter for this: the patterns work on single
characters, so ``spacy.blank("zh")`` with spaCy's default ``char`` segmenter (no jieba, no
pkuseg, nothing downloaded) is enough.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from .crosscheck import cross_check
from .narrative import Figure, Mention, figures_of, join_lines, positions, sentences
from .types import Span

SPANS_KEY = "retable_figures"
UNITS = ["件", "次", "条", "项", "起"]
Pattern = list[dict[str, Any]]
_NUMBER: Pattern = [
    {"IS_DIGIT": True, "OP": "+"},
    {"ORTH": {"IN": [",", "，"]}, "OP": "?"},
    {"IS_DIGIT": True, "OP": "*"},
]
_DECIMAL: Pattern = [{"ORTH": {"IN": [".", "．"]}}, {"IS_DIGIT": True, "OP": "+"}]
_GAP: Pattern = [{"IS_SPACE": True, "OP": "?"}]

for _name in ("retable_figures", "retable_crosscheck"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def patterns() -> dict[str, list[Pattern]]:
    """Matcher patterns: a count with its unit, an amount in 万元, a share after 占."""
    share_head: Pattern = [{"ORTH": "占"}, {"ORTH": {"IN": ["比"]}, "OP": "?"}]
    share_head += [{"ORTH": {"IN": ["为", "达"]}, "OP": "?"}, *_GAP]
    percent: Pattern = [{"ORTH": {"IN": ["%", "％"]}}]
    return {
        "COUNT": [[*_NUMBER, *_GAP, {"ORTH": {"IN": UNITS}}]],
        "AMOUNT": [
            [*_NUMBER, *_GAP, {"ORTH": "万"}, {"ORTH": "元"}],
            [*_NUMBER, *_DECIMAL, *_GAP, {"ORTH": "万"}, {"ORTH": "元"}],
        ],
        "SHARE": [
            [*share_head, {"IS_DIGIT": True, "OP": "+"}, *_GAP, *percent],
            [*share_head, {"IS_DIGIT": True, "OP": "+"}, *_DECIMAL, *_GAP, *percent],
        ],
    }


def _lines(text: str) -> Iterator[tuple[int, str, int]]:
    start = 0
    for i, line in enumerate(text.split("\n")):
        yield i, line, start
        start += len(line) + 1


def _mention(
    doc: Doc, label: str, span: SpacySpan, position: dict[int, int], offset: int
) -> Mention | None:
    """The matched span as a :class:`Mention` of the sentence starting at block ``offset``
    (``position`` maps a character of the Doc to its place in the block)."""
    if span.start > 0 and (doc[span.start - 1].is_digit or doc[span.start - 1].text in ".．"):
        return None  # the tail of a longer number
    digits = [t for t in span if t.is_digit or t.text in ".．"]
    text = "".join(t.text for t in digits).replace("．", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    unit = {"COUNT": span[-1].text, "AMOUNT": "万元", "SHARE": "%"}[label]
    end = position.get(span.end_char - 1)
    number_end = position.get(digits[-1].idx)
    if end is None or number_end is None:
        return None  # the span runs across a line break
    start = position[span.start_char]
    return Mention(start - offset, end + 1 - offset, number_end + 1 - offset, value, unit)


class NarrativeComponent:
    """Finds the figures of a ``Doc`` (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "retable_narrative") -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        for label, pats in patterns().items():
            self.matcher.add(label, pats, greedy="LONGEST")

    def figures(self, doc: Doc) -> list[tuple[Figure, SpacySpan]]:
        """The figures with the spans they were read from, in document order."""
        starts = {}
        for key, s, e in self.matcher(doc):
            span = doc[s:e]
            starts[span.start_char] = (span, doc.vocab.strings[key])
        out = []
        for text, marks in join_lines(_lines(doc.text)):
            where = positions(marks)
            position = {char: k for k, char in enumerate(where)}
            for s_start, sentence in sentences(text):
                found, spans = [], {}
                for k in range(s_start, s_start + len(sentence)):
                    if where[k] not in starts:
                        continue
                    span, label = starts[where[k]]
                    m = _mention(doc, label, span, position, s_start)
                    if m is not None:
                        found.append(m)
                        spans[m.start] = span

                def span_of(start: int, end: int, _s: int = s_start, _w: list = where) -> Span:
                    first, last = _w[_s + start], _w[_s + end - 1]
                    return Span(doc.text.count("\n", 0, first) + 1, first, last + 1)

                for fig in figures_of(sentence, sorted(found), span_of):
                    located = spans.get(position[fig.span.start] - s_start)
                    if located is None:  # an outcome stated without a count (均已结案)
                        located = doc.char_span(
                            fig.span.start, fig.span.end, alignment_mode="expand"
                        )
                    if located is not None:
                        out.append((fig, located))
        return out

    def __call__(self, doc: Doc) -> Doc:
        pairs = self.figures(doc)
        doc.spans[SPANS_KEY] = [
            SpacySpan(doc, sp.start, sp.end, label=fig.concept) for fig, sp in pairs
        ]
        doc._.retable_figures = [fig for fig, _ in pairs]
        report = doc._.get("retable") if Doc.has_extension("retable") else None
        doc._.retable_crosscheck = (
            cross_check(doc._.retable_figures, report.tables, report.checks, report.form)
            if report is not None
            else None
        )
        return doc


@Language.factory(
    "retable_narrative",
    assigns=["doc.spans", "doc._.retable_figures", "doc._.retable_crosscheck"],
)
def make_narrative(nlp: Language, name: str) -> NarrativeComponent:
    """Factory registered with spaCy through the ``spacy_factories`` entry point."""
    return NarrativeComponent(nlp, name)
