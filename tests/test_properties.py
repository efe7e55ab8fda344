"""Property tests: normalisation keeps what matters; parsing fails only the documented way."""

from __future__ import annotations

import random
import re

from gold_compare import compare
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import retable
from retable.errors import RetableError
from retable.normalise import normalise, normalise_plain

DIGITS = re.compile(r"[0-9０-９]")
# Ideographs, and the radicals and compatibility ideographs normalisation maps to them.
CJK = re.compile(r"[\u2e80-\u2fdf\u4e00-\u9fff\uf900-\ufaff]")
# Text shaped like scraped reports: CJK, digits (ASCII and full-width), odd spaces,
# zero-width characters, controls, brackets, pinyin-like syllables.
ALPHABET = st.sampled_from(
    [
        *"总计自然人申请予以公开（一）(二)0123456789０１２３４５ \t\n|—/.,-",
        *("\u00a0", "\u3000", "\u200b", "\ufeff", "\x00", "\x07", "\r", "jù", "(jù)", "萬"),
    ]
)
REPORTISH = st.lists(ALPHABET, max_size=200).map("".join)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _number_count(text: str) -> int:
    return len(re.findall(r"\d+", text))


@FAST
@given(REPORTISH | st.text(max_size=200))
def test_normalise_is_idempotent(text):
    once = normalise_plain(text)
    assert normalise_plain(once) == once


@FAST
@given(REPORTISH | st.text(max_size=200))
def test_normalise_keeps_digits_and_numbers(text):
    out = normalise_plain(text)
    before = [chr(ord(c) - 0xFEE0) if c > "9" else c for c in DIGITS.findall(text)]
    assert DIGITS.findall(out) == before
    assert _number_count(out) == _number_count(text.translate(_FULLWIDTH))


_FULLWIDTH = {0xFF10 + i: str(i) for i in range(10)}


@FAST
@given(REPORTISH | st.text(max_size=200))
def test_normalise_keeps_cjk_and_offsets(text):
    out, offsets = normalise(text)
    assert len(CJK.findall(out)) == len(CJK.findall(text))
    assert len(offsets) == len(out)
    assert offsets == sorted(offsets) and all(0 <= o < len(text) for o in offsets)


@settings(max_examples=300, deadline=None)
@given(st.one_of(REPORTISH | st.text(max_size=400), st.binary(max_size=400)))
def test_parse_raises_only_documented_errors(source):
    """Text (report-like or arbitrary) and raw bytes, about half each."""
    try:
        retable.parse(source)
    except RetableError as exc:
        assert exc.code != "internal", exc


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    layout=st.sampled_from(["html", "pipe", "tab", "markdown", "one-per-line", "blank-line"]),
)
def test_valid_rendering_round_trips(seed, layout):
    """A clean rendering of a random, arithmetically valid grid comes back cell for cell."""
    from retable.training.synth import synthesize

    rendered, gold = synthesize(random.Random(seed), layout, blanks=False, perturb=False)
    report = retable.parse(rendered.text)
    assert not compare(gold, {t: report.values(t) for t in report.tables})
    assert report.checks_failed == 0
