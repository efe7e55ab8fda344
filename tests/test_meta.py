"""Which form a report uses, and what the schema says about its forms and columns."""

from __future__ import annotations

from dataclasses import replace

from retable.meta import detect_form
from retable.schema import load_schema


def test_the_form_whose_vocabulary_the_report_uses():
    assert detect_form("信息内容 本年制发件数 本年废止件数 现行有效件数")[0] == "2021"
    assert detect_form("信息内容 本年新制作数量 本年新公开数量 对外公开总数量")[0] == "2019"
    # Item (九), centralised procurement, is only in the 2019 form's table.
    assert detect_form("│第二十条第（九）项│\n│信息│采 │")[0] == "2019"


def test_a_tie_goes_to_the_form_of_the_reports_year():
    # w3m in narrow columns: every header word broken over lines, no marker whole.
    broken = "│信息│本 │本年│对外│\n│内容│年 │新公│公开│\n│    │新 │开数│总数│"
    assert detect_form(broken, 2020) == ("2019", {"2021": 0, "2019": 0})
    assert detect_form(broken, 2021)[0] == "2021"
    assert detect_form(broken)[0] == "2021"
    # The vocabulary outweighs the year: a late report in the old form.
    assert detect_form("本年新制作数量 本年新公开数量", 2023)[0] == "2019"
    # A report on a year before the standard forms is closest to the oldest.
    assert detect_form(broken, 2017)[0] == "2019"


def test_the_years_of_the_forms_come_from_the_schema():
    schema = load_schema()
    assert schema.form_first_years == {"2021": 2021, "2019": 2019}
    assert [schema.form_for_year(y) for y in (2018, 2019, 2020, 2021, 2026)] == [
        "2019",
        "2019",
        "2019",
        "2021",
        "2021",
    ]
    # A further form is one more entry: the newest begun by the report's year.
    later = replace(schema, form_first_years={**schema.form_first_years, "2027": 2027})
    assert [later.form_for_year(y) for y in (2026, 2027, 2030)] == ["2021", "2027", "2027"]


def test_the_schema_marks_signed_and_cumulative_columns():
    table = load_schema().table("active_disclosure")
    assert [c.key for c in table.columns if c.signed] == ["change"]
    cumulative = [c.key for c in table.columns if c.cumulative]
    assert cumulative == ["in_force", "total_published", "previous_count"]
