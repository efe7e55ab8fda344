"""HTML pages: which parts of the page are read."""

from __future__ import annotations

import pytest
from gold_compare import DOCUMENTS

import retable
from retable.inputs.document import build_document

PAGE = DOCUMENTS / "corpus" / "012_shuyang-fgj-2023.html"


def test_the_page_title_names_the_agency_when_the_body_does_not():
    body = PAGE.read_text()
    start = body.index("二、主动公开政府信息情况")
    page = (
        "<html><head><title>沭阳县发展和改革局2023年政府信息公开年度报告</title></head>"
        f"<body><p>本报告统计期限为2023年1月1日至12月31日。</p><p>{body[start:]}</body></html>"
    )
    report = retable.parse(page.encode())
    assert (report.agency, report.year) == ("沭阳县发展和改革局", 2023)


# pandoc's gfm: a table with merged cells as raw HTML, the rest as markdown.
EMBEDDING = """**二、主动公开政府信息情况**

| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|----------|--------------|--------------|--------------|
| 规章     | 0            | 0            | 3            |
| 规范性文件 | 12         | 1            | 40           |

**四、政府信息公开行政复议、行政诉讼情况**

<table>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>5</td><td> </td><td> </td><td>2</td><td>7</td></tr>
</table>

五、存在的主要问题及改进情况
"""


def test_text_that_embeds_an_html_table_keeps_its_own_lines():
    doc = build_document("x.md", EMBEDDING, "utf-8")
    texts = [line.text for line in doc.lines]
    assert "| 规章     | 0            | 0            | 3            |" in texts
    rows = [line for line in doc.lines if line.cells is not None]
    assert [c.text for c in rows[2].cells] == ["5", "", "", "2", "7"]
    # every position is one of the whole text: line numbers, offsets, cell spans
    five = rows[2].cells[0].span
    assert EMBEDDING.splitlines()[five.line - 1].startswith("<tr><td>5</td>")
    assert EMBEDDING[five.start : five.start + 3] == "<td"
    rule = next(line for line in doc.lines if "规章" in line.text)
    assert EMBEDDING[rule.offsets[2] : rule.offsets[2] + 2] == "规章"
    values = retable.parse(EMBEDDING).values("active_disclosure")
    assert values["normative_documents"] == {"issued": 12, "repealed": 1, "in_force": 40}


def test_a_page_with_markup_around_its_tables_is_read_as_html():
    page = "<html><body><p>一</p><p>二</p><div>三</div>" + EMBEDDING + "</body></html>"
    assert build_document("x.html", page, "utf-8").kind == "html"
    assert build_document("x.md", EMBEDDING, "utf-8").kind == "text"
    # a page laid out in a table: the first </table> is its inner table's
    layout = f"<html><body><table><tr><td>\n{EMBEDDING}\n</td></tr>\n</table>\n</body></html>"
    assert build_document("x.html", layout, "utf-8").kind == "html"


def _framed(body: str) -> str:
    """A page laid out with tables, as many older government sites are: a header
    row, a navigation column beside the article, a footer; the report's own tables
    inside the article's cell."""
    return (
        "<html><head><meta charset='utf-8'></head><body>"
        "<table width='100%'><tr><td class='top'>首页 | 政务公开 | 政府信息公开年报</td></tr>"
        "<tr><td><table><tr><td width='200'>栏目导航<br>法定主动公开内容<br>年度报告</td>"
        f"<td>{body}</td></tr></table></td></tr>"
        "<tr><td>主办单位：某市人民政府办公室 网站标识码 3200000000</td></tr>"
        "</table></body></html>"
    )


@pytest.mark.parametrize("name", ["001_shanghai-govoffice-2019", "012_shuyang-fgj-2023"])
def test_tables_inside_a_page_laid_out_with_tables_are_read(name):
    from gold_compare import GOLD, compare, load_gold

    page = (DOCUMENTS / "corpus" / f"{name}.html").read_text("utf-8")
    body = page.split("<body", 1)[-1].split(">", 1)[-1].rsplit("</body>", 1)[0]
    report = retable.parse(_framed(body).encode("utf-8"))
    gold = load_gold(GOLD / "corpus" / f"{name}.json")
    assert not compare(gold, {t: report.values(t) for t in report.tables})
    assert not [w for w in report.warnings if w.table]
