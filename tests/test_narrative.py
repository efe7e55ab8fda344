"""The prose's figures, found, linked to cells and cross-checked, on the real reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import retable
from retable.checks import run_checks
from retable.crosscheck import NARRATIVE_DISAGREES, PARSE_DOUBT, cross_check
from retable.narrative import Figure, figures_in
from retable.types import Check, GridCell, Span

DOCS = Path(__file__).parent / "documents"
KEY = {"received", "processed", "granted", "review", "litigation", "carried_over"}
KEY |= {"carried_forward"}

# The key figures each report's prose states (read by hand), and the cells they are.
STATED = {
    "corpus/001_shanghai-govoffice-2019.html": {
        "received": 859,
        "processed": 805,
        "carried_over": 18,
        "review": 7,
        "litigation": 9,
    },
    "corpus/002_shuyang-county-gov-2025.md": {
        "received": 749,
        "processed": 718,
        "carried_forward": 31,
    },
    "corpus/003_shanghai-stcsm-2024.md": {
        "received": 34,
        "carried_over": 2,
        "granted": 9,
        "carried_forward": 1,
        "litigation": 0,
    },
    "corpus/004_shanghai-govoffice-2025.md": {
        "received": 1295,
        "processed": 1191,
        "carried_over": 189,
    },
    "corpus/006_pingtan-zone-2020.txt": {"received": 21},
    "corpus/007_pingtan-zone-2021.txt": {"received": 70, "processed": 69},
    "corpus/008_pingtan-zone-2022.txt": {"received": 75, "review": 2, "litigation": 1},
    "corpus/009_pingtan-zone-2023.txt": {
        "received": 81,
        "processed": 81,
        "review": 2,
        "litigation": 7,
    },
    "corpus/010_pingtan-zone-2024.txt": {"processed": 218},
    "corpus/011_pingtan-zone-2025.txt": {
        "received": 154,
        "processed": 148,
        "carried_forward": 6,
        "review": 36,
        "litigation": 9,
    },
    "corpus/012_shuyang-fgj-2023.html": {"received": 26},
    "seeds/000_70eac6e8a2e0d3d2.txt": {"received": 1},
}
SILENT = [
    "corpus/005_pingtan-zone-2019.txt",
    "seeds/001_19c900d0ac5df711.txt",
    "seeds/002_7eb68c448bcdd812.txt",
    "seeds/003_76f9b4547565cabc.txt",
    "seeds/004_6138bd5dad981167.txt",
]


@pytest.fixture(scope="module")
def reports() -> dict[str, retable.Report]:
    return {name: retable.parse(DOCS / name) for name in [*STATED, *SILENT]}


def _key_checks(report: retable.Report) -> dict[str, list[Check]]:
    out: dict[str, list[Check]] = {}
    for c in report.checks:
        concept = c.name.removeprefix("narrative.")
        if c.name.startswith("narrative.") and concept in KEY:
            out.setdefault(concept, []).append(c)
    return out


def test_key_figures_found_linked_and_agreeing(reports):
    found = 0
    for name, stated in STATED.items():
        checks = _key_checks(reports[name])
        got = {k: [c.lhs for c in cs if c.status == "pass"] for k, cs in checks.items()}
        if all(v in got.get(k, []) for k, v in stated.items()):
            found += 1
    assert found >= 0.9 * len(STATED)
    assert found == len(STATED)


def test_links_name_the_cells(reports):
    checks = _key_checks(reports["corpus/001_shanghai-govoffice-2019.html"])
    where = {k: cs[0].where for k, cs in checks.items()}
    assert where == {
        "received": "new_received.total",
        "processed": "total_processed.total",
        "carried_over": "carried_over.total",
        "review": "cases.review_total",
        "litigation": "cases.direct_suit_total+cases.suit_after_review_total",
    }
    # 749 received = 713 new + 36 carried over: the report counts both.
    checks = _key_checks(reports["corpus/002_shuyang-county-gov-2025.md"])
    assert checks["received"][0].where == "new_received.total+carried_over.total"


def test_reports_without_stated_figures_get_no_key_checks(reports):
    for name in SILENT:
        assert _key_checks(reports[name]) == {}


def test_clean_reports_disagree_only_where_the_table_is_uncertain(reports):
    failed = {
        (name, c.name, c.where, c.verdict)
        for name, r in reports.items()
        for c in r.checks
        if c.name.startswith("narrative.") and c.status == "fail"
    }
    assert failed == {
        # 规范性文件 77132470, fused and cut more than one way: 393 fits no cut.
        (
            "corpus/009_pingtan-zone-2023.txt",
            "narrative.normative_documents",
            "normative_documents.in_force",
            PARSE_DOUBT,
        ),
    }


def test_a_share_that_fits_no_base_is_warned_not_failed(reports):
    """001's prose: 258 granted or partly granted, 占33.9% — 32.0 % of the 805 processed,
    30.0 % of the 859 received; its other shares are of the 805."""
    report = reports["corpus/001_shanghai-govoffice-2019.html"]
    shares = [c for c in report.checks if c.name == "narrative.share"]
    assert [(c.lhs, c.where, c.status) for c in shares] == [
        (4.34, "total_processed.total", "pass"),
        (32.9, "total_processed.total", "pass"),
        (19.6, "total_processed.total", "pass"),
    ]
    (warning,) = [w for w in report.warnings if w.code == NARRATIVE_DISAGREES]
    assert warning.detail["check"] == "narrative.share" and warning.detail["text"] == 33.9


def test_shares_are_checked(reports):
    shares = [
        c for c in reports["corpus/009_pingtan-zone-2023.txt"].checks if c.name == "narrative.share"
    ]
    assert [(c.lhs, c.status) for c in shares] == [
        (51.85, "pass"),
        (6.17, "pass"),
        (38.27, "pass"),
        (1.23, "pass"),
        (2.47, "pass"),
    ]


def test_prose_that_disagrees_with_a_consistent_table_is_flagged():
    """The report's prose altered: 154 applications become 17; the table still adds up."""
    text = (DOCS / "corpus/011_pingtan-zone-2025.txt").read_text("utf-8")
    assert "共收到政府信息公开申请154件" in text
    report = retable.parse(text.replace("申请154件", "申请17件"), name="altered")
    assert report.values("requests")["new_received"]["total"] == 154
    (warning,) = [w for w in report.warnings if w.code == NARRATIVE_DISAGREES]
    assert (warning.table, warning.row, warning.column) == ("requests", "new_received", "total")
    assert warning.detail["text"] == 17 and warning.detail["table"] == 154
    (check,) = [c for c in report.checks if c.name == "narrative.received"]
    assert (check.status, check.verdict, check.lhs, check.rhs) == (
        "fail",
        NARRATIVE_DISAGREES,
        17,
        154,
    )


def _cell(row: str, column: str, value: int, raw: str | None = None) -> GridCell:
    return GridCell(
        "requests", row, column, value, raw if raw is not None else str(value), Span(1, 0, 1)
    )


def test_a_failing_identity_the_prose_fits_is_a_parse_doubt():
    """The table prints 95 received where its own balance and the prose say 17."""
    grid = {
        "new_received": {"total": _cell("new_received", "total", 95)},
        "carried_over": {"total": _cell("carried_over", "total", 0)},
        "total_processed": {"total": _cell("total_processed", "total", 17)},
        "carried_forward": {"total": _cell("carried_forward", "total", 0)},
    }
    checks = run_checks({"requests": grid}, "2021")
    balance = [c for c in checks if c.name == "requests.balance" and c.status != "skip"]
    assert [(c.where, c.status) for c in balance] == [("total", "fail")]
    (fig,) = figures_in("本年共收到政府信息公开申请17件。", [(1, i) for i in range(40)])
    result = cross_check([fig], {"requests": grid}, checks, "2021")
    (check,) = result.checks
    assert (check.status, check.verdict) == ("fail", PARSE_DOUBT)
    (warning,) = result.warnings
    assert warning.detail["identities_fixed"] == ["requests.balance@total"]
    assert result.doubted == {("requests", "new_received", "total")}


def test_agreement_confirms_the_cells():
    grid = {"new_received": {"total": _cell("new_received", "total", 17)}}
    fig = Figure(
        "received",
        17.0,
        "件",
        "收到申请17件",
        Span(1, 0, 3),
        ((("requests", "new_received", "total"),),),
    )
    result = cross_check([fig], {"requests": grid}, [], "2021")
    assert result.confirmed == {("requests", "new_received", "total")}
    assert [c.status for c in result.checks] == ["pass"]


def test_figures_carry_their_source_span():
    report_path = DOCS / "corpus/011_pingtan-zone-2025.txt"
    report = retable.parse(report_path)
    text = report_path.read_text("utf-8")
    (warning,) = [
        w
        for w in retable.parse(text.replace("申请154件", "申请17件"), name="x").warnings
        if w.code == NARRATIVE_DISAGREES
    ]
    start, end = warning.detail["start"], warning.detail["end"]
    assert text.replace("申请154件", "申请17件")[start:end] == "17件"
    assert report.checks_failed == 0


def test_parse_cross_checks_without_spacy():
    """The cross-check is pure Python: parse runs it with spaCy unimportable."""
    code = (
        "import sys; sys.modules['spacy'] = None\n"
        "import retable\n"
        f"r = retable.parse({str(DOCS / 'corpus/011_pingtan-zone-2025.txt')!r})\n"
        "print(sorted(c.name for c in r.checks if c.name.startswith('narrative.')))\n"
        "assert 'spacy' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "narrative.received" in out.stdout and "narrative.review" in out.stdout


# The outcomes of 四 each report's prose states (read by hand), as prose value and table value.
OUTCOMES = {
    # 该行政复议件未被复议审查机关纠错
    "corpus/003_shanghai-stcsm-2024.md": {"review_corrected": ("cases.review_corrected", 0)},
    # 全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形
    "corpus/004_shanghai-govoffice-2025.md": {
        "review_corrected": ("cases.review_corrected", 0),
        "litigation_corrected": (
            "cases.direct_suit_corrected+cases.suit_after_review_corrected",
            0,
        ),
    },
    # 共有行政诉讼案件1件、行政复议案件2件，均已结案
    "corpus/008_pingtan-zone-2022.txt": {
        "review_pending": ("cases.review_pending", 0),
        "litigation_pending": ("cases.direct_suit_pending+cases.suit_after_review_pending", 0),
    },
}


def test_outcomes_of_reviews_and_lawsuits_in_the_prose(reports):
    """001's 行政复议7件，诉讼9件，均获维持 says none was corrected, but its table leaves
    结果纠正 blank: nothing to check there (均获维持 says nothing of its 2 and 1 pending)."""
    for name in STATED:
        got = {
            c.name.removeprefix("narrative."): (c.where, c.lhs, c.rhs, c.status)
            for c in reports[name].checks
            if c.name.startswith("narrative.")
            and c.name.removeprefix("narrative.").startswith(("review_", "litigation_"))
        }
        want = {k: (where, v, v, "pass") for k, (where, v) in OUTCOMES.get(name, {}).items()}
        assert got == want, name


def test_an_outcome_swapped_in_the_table_is_flagged_by_the_prose():
    """003's 四 with 结果维持 1 and 结果纠正 0 swapped still adds up; its prose says the one
    review was not corrected."""
    text = (DOCS / "corpus/003_shanghai-stcsm-2024.md").read_text("utf-8")
    row = "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    assert text.count(row) == 1
    swapped = retable.parse(text.replace(row, "| 0 | 1 |" + row[9:]), name="swapped")
    assert swapped.values("review_litigation")["cases"]["review_corrected"] == 1
    assert not [
        c
        for c in swapped.checks
        if c.status == "fail"
        and c.table == "review_litigation"
        and not c.name.startswith("narrative.")
    ]
    (warning,) = [w for w in swapped.warnings if w.table == "review_litigation"]
    assert (warning.code, warning.column, warning.detail["text"], warning.detail["table"]) == (
        NARRATIVE_DISAGREES,
        "review_corrected",
        0,
        1,
    )


def _outcomes(sentence: str) -> list[tuple[str, float, str]]:
    return [
        (f.concept, f.value, "+".join(f"{c[2]}" for c in f.alternatives[0]))
        for f in figures_in(sentence, [(1, i) for i in range(len(sentence))])
    ]


def test_outcome_phrasings():
    assert _outcomes("行政复议3件，其中结果维持2件、尚未审结1件。") == [
        ("review", 3, "review_total"),
        ("review_upheld", 2, "review_upheld"),
        ("review_pending", 1, "review_pending"),
    ]
    assert _outcomes("被申请行政复议2件，被纠错1件。") == [
        ("review", 2, "review_total"),
        ("review_corrected", 1, "review_corrected"),
    ]
    assert _outcomes("发生行政诉讼2件，均予以维持。") == [
        ("litigation", 2, "direct_suit_total+suit_after_review_total"),
        ("litigation_corrected", 0, "direct_suit_corrected+suit_after_review_corrected"),
    ]
    assert _outcomes("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。") == [
        ("review_corrected", 0, "review_corrected"),
        ("litigation_corrected", 0, "direct_suit_corrected+suit_after_review_corrected"),
    ]
    # 均已办结 of applications, and 维持 without a review or lawsuit, are no outcome of 四
    assert _outcomes("收到申请5件，均已结案。") == [("received", 5, "total")]
    assert _outcomes("维持网站平稳运行3次。") == []
