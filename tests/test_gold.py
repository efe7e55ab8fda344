"""Every gold cell of the seeds and the corpus, recovered exactly."""

from __future__ import annotations

import pytest
from gold_compare import (
    DOCUMENTS,
    GOLD,
    compare,
    document_for,
    excused_cells,
    gold_files,
    load_gold,
)

import retable

GOLD_FILES = gold_files()
# Real converter output of corpus documents: same gold as the page they came from.
CONVERTED = (
    # BeautifulSoup's get_text("\n"): one cell per line, empty cells as lines of &nbsp;.
    "001_shanghai-govoffice-2019.bs4-get_text.txt",
    # ... and of 012: a cell every seven lines, an empty one as a line of one space
    # (Word's <o:p> </o:p>), its spans' text on lines that follow each other (一 / 、本年…).
    "012_shuyang-fgj-2023.bs4-get_text.txt",
    "001_shanghai-govoffice-2019.html2text.md",
    "001_shanghai-govoffice-2019.w3m-boxes.txt",
    # Whitespace-aligned (w3m without borders): blank cells vanish, positions tell the column;
    # header groups repeat (结果维持 … 总计 three times) and header words wrap (商业 / 企业).
    "001_shanghai-govoffice-2019.w3m-aligned.txt",
    "012_shuyang-fgj-2023.w3m-aligned.txt",
    # trafilatura (markdown): a spanning cell is padded with empty cells between values.
    "001_shanghai-govoffice-2019.trafilatura.md",
    # Text of the page printed to PDF: Kangxi radicals for 一 二 人 (⼀ ⼆ ⼈), and an empty
    # cell's space glyph as a line holding a space (PyMuPDF) or a tab (pypdf).
    "001_shanghai-govoffice-2019.pdf-pymupdf.txt",
    "001_shanghai-govoffice-2019.pdf-pypdf.txt",
    # The page saved as Word, python-docx rows joined by tabs: a merged cell's text is
    # repeated once per grid column it spans (13 13 13 524 for three columns).
    "001_shanghai-govoffice-2019.docx-python-docx.txt",
    # Chromium's innerText (Playwright, Selenium): cells of paragraphs one per line with a
    # line holding a tab between them, empty ones as nothing between two such lines
    # (012) or as a no-break space between tabs (001).
    "001_shanghai-govoffice-2019.chromium-innertext.txt",
    "012_shuyang-fgj-2023.chromium-innertext.txt",
    # LibreOffice's text export: a paragraph or a cell per line, no blank line between
    # paragraphs, an empty cell as an empty line.
    "012_shuyang-fgj-2023.libreoffice-txt.txt",
    # pandas.read_html: a spanning cell written once per column and row it spans, an
    # empty one as NaN (to_string, to_markdown) or nothing (to_csv), and a header row
    # of column numbers 0 1 2 … where the table has no <th>.
    "012_shuyang-fgj-2023.pandas-csv.txt",
    "012_shuyang-fgj-2023.pandas-string.txt",
    "001_shanghai-govoffice-2019.pandas-markdown.txt",
    # ... with pandas' defaults: a row number first in every row, and the header row of
    # column numbers after an empty cell.
    "012_shuyang-fgj-2023.pandas-default-csv.txt",
    "001_shanghai-govoffice-2019.pandas-default-markdown.md",
    # ... and the page's tables alone, one CSV after another, with no heading at all.
    "001_shanghai-govoffice-2019.pandas-tables-csv.txt",
    # The npm package html-to-text and mammoth's raw text of the Word file: a cell per
    # paragraph, a blank line after each, and two more for an empty cell.
    "012_shuyang-fgj-2023.npm-html-to-text.txt",
    "012_shuyang-fgj-2023.docx-mammoth.txt",
    # pdfplumber's extract_tables of the PDF, each row a JSON list: "" an empty cell,
    # null a merged cell's further columns, "\n" a wrapped line.
    "001_shanghai-govoffice-2019.pdfplumber-tables-json.txt",
    # The page as a JSON list of document elements (type, id, text, metadata), a table
    # both as its text and as HTML, every Chinese character escaped.
    "012_shuyang-fgj-2023.elements-json.json",
    # The tables as a spreadsheet with merged cells, read back by pandas: a merged
    # cell's further columns are NaN, like the empty cells.
    "001_shanghai-govoffice-2019.xlsx-pandas-markdown.md",
    # pandoc's markdown: grid tables whose rows wrap over several lines between rules,
    # partial rules under merged cells, styled text as [79]{style="…"} spans that wrap
    # with their cell ([上一\ / 年项目数量]{…}), and ::: div fences (pandoc 3.9) ...
    "012_shuyang-fgj-2023.pandoc-markdown.md",
    # ... multiline tables of the same spans (pandoc 2.17) ...
    "012_shuyang-fgj-2023.pandoc2-markdown.md",
    # ... and gfm: pipe tables, and a table with merged cells as raw HTML among them.
    "001_shanghai-govoffice-2019.pandoc-gfm.md",
    # elinks in 60 columns: box-drawn rows wrapped over several lines, so that rules are
    # few among the lines, and rules beside the text of a merged cell (│ 三、 ├───┼───┤).
    "012_shuyang-fgj-2023.elinks-60.txt",
    # w3m in 50 columns: the review table's header one character per line, so only one
    # of its words is left after a heading that has 政府信息公开 after its numbering.
    "001_shanghai-govoffice-2019.w3m-50.txt",
    # Tags replaced by line breaks with a regular expression, character references left
    # in the text: an empty cell is a line holding &nbsp;.
    "001_shanghai-govoffice-2019.regex-tags-newline.txt",
    # Tags stripped from the page's pretty-printed HTML (a regular expression, or
    # get_text() with no separator): each cell's text between the lines its tags stood
    # on, an empty cell as three more lines (<td>, an empty paragraph, </td>).
    "012_shuyang-fgj-2023.regex-tags-removed.txt",
    "012_shuyang-fgj-2023.bs4-get_text-plain.txt",
    # docx2txt of the Word file: a blank line after each cell, two more per empty cell,
    # among header words and labels spaced otherwise.
    "012_shuyang-fgj-2023.docx-docx2txt.txt",
    # pandoc's reStructuredText: grid tables two characters a column, so no word of the
    # review table's header is whole (结果 / 维持), its heading in a line block (| 四、…),
    # and item numbers alone above their labels (1 / .属于 / 国家秘密).
    "001_shanghai-govoffice-2019.pandoc-rst.txt",
    # pandoc's AsciiDoc: a bar begins each cell (so "|1 | " ends in an empty one), a
    # table attribute line of numbers above it ([cols="16%,6%"]), cell spans before the
    # bars (.2+|), and rows set apart by blank lines and wrapped over several lines.
    "001_shanghai-govoffice-2019.pandoc-asciidoc.txt",
    # Selenium's element.text (WebDriver): a cell of paragraphs on a line of its own, an
    # empty cell that held &nbsp; as two spaces before the next line's text.
    "001_shanghai-govoffice-2019.selenium-text.txt",
    # DrissionPage's .text: a row's first cell on a line without a tab, each further
    # cell after a tab (on a line of its own where it holds paragraphs), an empty cell
    # that held &nbsp; as a tab and a space, the table's heading run into its last row.
    "001_shanghai-govoffice-2019.drission-text.txt",
    "012_shuyang-fgj-2023.drission-text.txt",
    # crawl4ai's markdown (a crawler for language models): pipe rows without a rule
    # under most of them, two spaces after each line (markdown's hard break).
    "001_shanghai-govoffice-2019.crawl4ai.md",
    # pdfplumber's layout text of the borderless landscape PDF: a character a column
    # whatever its width, and the stacked header 商 / 业 / 企 / 业 one character a line
    # with blank lines between.
    "012_shuyang-fgj-2023.weasyprint-borderless-landscape-pdfplumber-layout.txt",
    # ... and of the ruled portrait PDF: three headers run together over two lines
    # (社会公法律服其 / 益组织务机构他), so only the columns around them are found, and
    # each value stands at a found header's start.
    "012_shuyang-fgj-2023.weasyprint-ruled-pdfplumber-layout.txt",
)
# Converters that drop empty cells (every empty <td> of 012; some of 001's in lynx):
# what the text no longer says cannot be recovered, but nothing may be wrong either.
# Each entry: the cells that must still be recovered.
LOSSY = {
    # unstructured's partition_html, the elements' text joined by blank lines (what
    # LangChain's UnstructuredHTMLLoader keeps): each table on one line, its cells one
    # space apart, every empty cell gone.
    "001_shanghai-govoffice-2019.unstructured-text.txt": {
        "active_disclosure": "all",
        "requests": "total",
    },
    "012_shuyang-fgj-2023.unstructured-text.txt": {
        "active_disclosure": "all",
        "requests": "total",
        "review_litigation": "all",
    },
    # PyQuery's .text() (requests-html's .text too): one cell per line, every empty cell
    # gone, as html-text writes it.
    "001_shanghai-govoffice-2019.pyquery-text.txt": {
        "active_disclosure": "all",
        "requests": "total",
    },
    "012_shuyang-fgj-2023.pyquery-text.txt": {
        "active_disclosure": "all",
        "review_litigation": "all",
    },
    # Selenium's element.text: 012's empty cells hold a plain space (<o:p> </o:p>), which
    # leaves nothing behind, unlike &nbsp;.
    "012_shuyang-fgj-2023.selenium-text.txt": {
        "active_disclosure": "all",
        "requests": "total",
        "review_litigation": "all",
    },
    # lynx -dump: a blank line after each cell, one more per empty cell that held &nbsp;.
    "001_shanghai-govoffice-2019.lynx.txt": {"active_disclosure": "all", "requests": "all"},
    # html-text: every empty cell is gone; the 总计 column is found by arithmetic.
    "001_shanghai-govoffice-2019.html-text.txt": {"active_disclosure": "all", "requests": "total"},
    "012_shuyang-fgj-2023.lynx.txt": {
        "active_disclosure": "all",
        "requests": "total",
        "review_litigation": "all",
    },
    # PDF text: empty cells of plain spaces draw nothing, so nothing is left of them.
    "012_shuyang-fgj-2023.pdf-pdftotext-layout.txt": {
        "active_disclosure": "all",
        "requests": "total",
        "review_litigation": "all",
    },
    "012_shuyang-fgj-2023.pdf-pymupdf.txt": {
        "active_disclosure": "all",
        "requests": "total",
        "review_litigation": "all",
    },
    # pypdf's layout mode: columns aligned with spaces, an empty cell as a tab between
    # them, except at a row's end, where it is left out.
    "001_shanghai-govoffice-2019.pdf-pypdf-layout.txt": {
        "active_disclosure": "all",
        "requests": "total",
    },
    # pdfplumber's tables written as CSV: a cell with a line break is quoted over two
    # lines. A row the page break cut in two (5.要求行政机关确认 | 或重新出具…) loses
    # its values to the next page, where they stand under no label.
    "012_shuyang-fgj-2023.pdfplumber-tables-csv.txt": {
        "active_disclosure": "all",
        "review_litigation": "all",
    },
    # The Word file printed to PDF by LibreOffice, `pdftotext -layout`: narrow label
    # columns wrap every label, so most of table 三's words are broken and only its
    # heading, on a line of its own, says where it begins; rows whose label is lost
    # are reported not found.
    "012_shuyang-fgj-2023.docx-libreoffice-pdf-pdftotext-layout.txt": {
        "active_disclosure": "all",
        "review_litigation": "all",
    },
    # pymupdf4llm's markdown of the PDF: a line break inside a cell written <br>
    # (结果<br>维持), and page breaks that cut two rows from their values.
    "012_shuyang-fgj-2023.pdf-pymupdf4llm.md": {
        "active_disclosure": "all",
        "review_litigation": "all",
    },
    # LibreOffice's PDF of the page: the requests table runs off the page's right edge,
    # so only four of its seven columns are in the text. Cutting 821 into 8 | 2 | 1 would
    # fill the row; nothing confirms it, so the row is left empty and said so.
    "001_shanghai-govoffice-2019.libreoffice-pdf-pymupdf.txt": {
        "active_disclosure": "all",
        "review_litigation": "all",
    },
}
# PDF text in the converter's reading order (text blocks, not table rows): the values of
# several rows run together. Each entry: the tables that must be reported as scrambled.
SCRAMBLED = {
    # pdftotext without -layout: a block of labels, then a run of several rows' values.
    "012_shuyang-fgj-2023.pdf-pdftotext.txt": {"requests"},
    # pdfminer.six extract_text: the values of a table column by column.
    "012_shuyang-fgj-2023.pdf-pdfminer.txt": {"active_disclosure", "requests", "review_litigation"},
    "001_shanghai-govoffice-2019.pdf-pdfminer.txt": {"active_disclosure"},
    # pdfminer of the page printed landscape: the end of table 三 comes after heading 四.
    "001_shanghai-govoffice-2019.pdf-landscape-pdfminer.txt": {"active_disclosure"},
}
# Cells a lossy converter no longer shows were empty: retable derives them from the
# row's arithmetic, and must say so (value_recovered). (document, table, row, column): value
DERIVED = {
    ("001_shanghai-govoffice-2019.pdf-pypdf-layout.txt", "requests", "granted", "total"): 272,
}


@pytest.fixture(
    scope="module", params=GOLD_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in GOLD_FILES]
)
def case(request):
    gold = load_gold(request.param)
    return gold, retable.parse(document_for(gold))


def test_metadata(case):
    gold, report = case
    assert (report.form, report.year, report.agency) == (gold["form"], gold["year"], gold["agency"])


def test_every_cell(case):
    gold, report = case
    mismatches = compare(gold, {t: report.values(t) for t in report.tables})
    assert not mismatches, "\n".join(map(str, mismatches))


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["windows", "classic-mac"])
def test_every_cell_whatever_the_line_endings(ending):
    """Windows (CRLF) and classic Mac OS (a lone CR) line breaks read as line breaks."""
    for path in GOLD_FILES:
        gold = load_gold(path)
        source = document_for(gold)
        text = source.read_text("utf-8").replace("\n", ending)
        report = retable.parse(text.encode("utf-8"), name=source.name)
        mismatches = compare(gold, {t: report.values(t) for t in report.tables})
        assert not mismatches, (path.name, [str(m) for m in mismatches][:5])


def test_thousands_separators_in_fused_text_are_not_csv_commas():
    """A report flattened onto one line (no cell borders left) with 2,293 for 2293:
    the commas group digits, they do not separate comma-separated fields."""
    path = DOCUMENTS / "corpus" / "007_pingtan-zone-2021.txt"
    gold = load_gold(GOLD / "corpus" / "007_pingtan-zone-2021.json")
    text = path.read_text("utf-8")
    assert "行政许可2293" in text and "\n" not in text.strip()
    report = retable.parse(text.replace("行政许可2293", "行政许可2,293").encode(), name=path.name)
    assert not compare(gold, {t: report.values(t) for t in report.tables})


def test_fused_digits_cut_with_nothing_to_confirm_the_cut_are_warned():
    """Table 二 has no arithmetic: in a report flattened onto one line, 规章000 can only
    be 0 | 0 | 0, but 规章013 may as well be 0 | 13 and an empty cell. That cut is a
    guess: warned, and its cells' confidence lowered."""
    path = DOCUMENTS / "corpus" / "009_pingtan-zone-2023.txt"
    text = path.read_text("utf-8")
    assert "规章000" in text
    report = retable.parse(path)
    assert not [w for w in report.warnings if w.code == "digits_cut"]
    report = retable.parse(text.replace("规章000", "规章013").encode(), name=path.name)
    warned = {(w.table, w.row) for w in report.warnings if w.code == "digits_cut"}
    assert warned == {("active_disclosure", "regulations")}
    cut = [c for c in report.cells() if c.row == "regulations"]
    assert [c.value for c in cut] == [0, 1, 3]
    assert all(c.confidence <= 0.6 for c in cut)


def test_a_page_with_two_reports_reads_one_and_says_so():
    """Two reports one after the other (a page of several agencies' reports): the
    tables of one are read exactly, and each table is reported as repeated."""
    first, second = (
        DOCUMENTS / "corpus" / f"{stem}.md"
        for stem in ("003_shanghai-stcsm-2024", "004_shanghai-govoffice-2025")
    )
    for path in (first, second):
        alone = retable.parse(path)
        assert not [w for w in alone.warnings if w.code == "table_repeated"]
    text = first.read_text("utf-8") + "\n\n" + second.read_text("utf-8")
    report = retable.parse(text.encode("utf-8"), name="two.md")
    gold = load_gold(GOLD / "corpus" / "003_shanghai-stcsm-2024.json")
    assert not compare(gold, {t: report.values(t) for t in report.tables})
    repeated = {w.table for w in report.warnings if w.code == "table_repeated"}
    assert repeated == {"active_disclosure", "requests", "review_litigation"}


def test_excused_cells_are_flagged(case):
    """A cell the gold documents as undeterminable must come with a warning, never silently."""
    gold, report = case
    for table, row, _column in excused_cells(gold):
        codes = {w.code for w in report.warnings if w.table == table and w.row == row}
        assert codes & {"ambiguous_split", "value_unrecoverable"}, (table, row, codes)


def test_recovered_cells_are_flagged(case):
    gold, report = case
    for entry in gold.get("recovered", []):
        flagged = [
            w for w in report.warnings if w.code == "value_recovered" and w.row == entry["row"]
        ]
        assert flagged, entry


def test_checks_report_source_inconsistencies(case):
    """Checks fail exactly where the gold grid itself violates an identity."""
    gold, report = case
    from retable.checks import run_checks
    from retable.types import GridCell

    gold_grid = {
        t: {
            r: {c: GridCell(t, r, c, v, None, None) for c, v in cols.items()}
            for r, cols in rows.items()
        }
        for t, rows in gold["tables"].items()
    }
    expected = {
        (c.name, c.where) for c in run_checks(gold_grid, gold["form"]) if c.status == "fail"
    }
    # The identities only: the prose's cross-checks (narrative.*) are tested in test_narrative.
    got = {
        (c.name, c.where)
        for c in report.checks
        if c.status == "fail" and not c.name.startswith("narrative.")
    }
    if not excused_cells(gold):
        assert got == expected


def _parse_converted(name: str):
    """Gold grid, report and recovered values of one converted document: its gold
    is the corpus page's it was converted from (``001_….lynx.txt`` → ``001_…``)."""
    gold = load_gold(GOLD / "corpus" / f"{name.split('.')[0]}.json")
    report = retable.parse(DOCUMENTS / "converted" / name)
    return gold, report, {t: report.values(t) for t in report.tables}


@pytest.mark.parametrize("name", sorted(CONVERTED))
def test_converter_output(name):
    gold, _, got = _parse_converted(name)
    mismatches = compare(gold, got)
    assert not mismatches, "\n".join(map(str, mismatches))


def test_seed_002_total_is_reported_not_fixed():
    """Seed 002 prints （七）总计 0 although one request was handled: keep 0, fail the check."""
    report = retable.parse(DOCUMENTS / "seeds" / "002_7eb68c448bcdd812.txt")
    assert report.values("requests")["total_processed"]["natural_person"] == 0
    failed = {(c.name, c.where) for c in report.checks if c.status == "fail"}
    assert ("requests.processed_total", "natural_person") in failed


@pytest.mark.parametrize("name", sorted(LOSSY))
def test_converter_output_that_lost_empty_cells(name):
    """No value wrong, the named cells recovered, every cell left empty warned about."""
    required = LOSSY[name]
    gold, report, got = _parse_converted(name)
    derived = {key[1:]: value for key, value in DERIVED.items() if key[0] == name}
    recovered = {(w.table, w.row, w.column) for w in report.warnings if w.code == "value_recovered"}
    for (table, row, col), value in derived.items():
        assert got[table][row][col] == value and (table, row, col) in recovered
    wrong = [
        m
        for m in compare(gold, got)
        if m.got is not None and (m.table, m.row, m.column) not in derived
    ]
    assert not wrong, "\n".join(map(str, wrong))
    for table, columns in required.items():
        for row, cols in gold["tables"][table].items():
            for col, expected in cols.items():
                if (columns == "all" or col == columns) and (table, row, col) not in derived:
                    assert got[table][row][col] == expected, (table, row, col)
    warned = {
        (w.table, w.row)
        for w in report.warnings
        if w.code in ("value_unrecoverable", "blank_cell", "row_not_found")
    }
    for m in compare(gold, got):
        assert (m.table, m.row) in warned or (m.table, m.row, m.column) in derived, m


@pytest.mark.parametrize("name", sorted(SCRAMBLED))
def test_converter_output_that_ran_rows_together(name):
    """No value wrong: what cannot be told apart by row is left empty and said so."""
    scrambled = SCRAMBLED[name]
    gold, report, got = _parse_converted(name)
    wrong = [m for m in compare(gold, got) if m.got is not None]
    assert not wrong, "\n".join(map(str, wrong))
    assert {w.table for w in report.warnings if w.code == "reading_order"} == scrambled
    warned = {
        (w.table, w.row)
        for w in report.warnings
        if w.code in ("value_unrecoverable", "row_not_found")
    }
    for m in compare(gold, got):
        assert (m.table, m.row) in warned, m
