"""HTML pages: which parts of the page are read."""

from __future__ import annotations

from gold_compare import DOCUMENTS

import retable

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
