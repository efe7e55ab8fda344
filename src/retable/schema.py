"""The canonical schema of the three standard tables, loaded from packaged JSON.

The schema is data (``schema/standard_tables.json``) so that a new form or an
extra alias is an edit to a file, not to code. This module only gives it types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .errors import SchemaError

FORMS = ("2021", "2019")
TABLES = ("active_disclosure", "requests", "review_litigation")


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    aliases: tuple[str, ...]
    forms: tuple[str, ...]
    group: str | None = None
    # A change on the year before, which may be negative (本年增/减).
    signed: bool = False
    # A count kept over the years (现行有效件数, 对外公开总数量, 上一年项目数量),
    # usually the largest of its row, where the others count one year's documents.
    cumulative: bool = False


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    aliases: tuple[str, ...]
    forms: tuple[str, ...]
    group: str | None = None
    columns_by_form: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Identity:
    """An arithmetic identity the report must satisfy: sum(lhs) == sum(rhs).

    ``axis="row"`` applies within every row (lhs/rhs are column keys);
    ``axis="column"`` applies within every column (lhs/rhs are row keys).
    """

    name: str
    table: str
    axis: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    forms: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class TableSpec:
    key: str
    label: str
    headings: tuple[str, ...]
    markers: tuple[str, ...]
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]
    groups: dict[str, str]
    # Per-spec cache of the per-form views below (the spec itself is immutable).
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def rows_for(self, form: str) -> tuple[RowSpec, ...]:
        memo = self.memo
        key = ("rows", form)
        if key not in memo:
            memo[key] = tuple(r for r in self.rows if form in r.forms)
        return memo[key]

    def columns_for(self, form: str) -> tuple[ColumnSpec, ...]:
        memo = self.memo
        key = ("columns", form)
        if key not in memo:
            memo[key] = tuple(c for c in self.columns if form in c.forms)
        return memo[key]

    def row_columns(self, row: RowSpec, form: str) -> tuple[str, ...]:
        """Column keys printed for ``row`` in ``form`` (all table columns by default)."""
        if row.columns_by_form:
            return row.columns_by_form.get(form, ())
        memo = self.memo
        key = ("column_keys", form)
        if key not in memo:
            memo[key] = tuple(c.key for c in self.columns_for(form))
        return memo[key]

    def row(self, key: str) -> RowSpec:
        for r in self.rows:
            if r.key == key:
                return r
        raise SchemaError(f"unknown row {key!r} in table {self.key!r}")

    def column(self, key: str) -> ColumnSpec:
        for c in self.columns:
            if c.key == key:
                return c
        raise SchemaError(f"unknown column {key!r} in table {self.key!r}")


@dataclass(frozen=True)
class Schema:
    version: str
    tables: dict[str, TableSpec]
    identities: tuple[Identity, ...]
    form_markers: dict[str, tuple[str, ...]]
    # The first year whose reports are written in each form (reports on 2019 and
    # 2020 use the 2019 form).
    form_first_years: dict[str, int] = field(default_factory=dict)

    def form_for_year(self, year: int) -> str:
        """The form reports on ``year`` are written in: the newest begun by then (the
        oldest for an earlier year, which none was made for)."""
        by_start = sorted((first, form) for form, first in self.form_first_years.items())
        begun = [form for first, form in by_start if first <= year]
        return begun[-1] if begun else by_start[0][1]

    def table(self, key: str) -> TableSpec:
        try:
            return self.tables[key]
        except KeyError:
            raise SchemaError(f"unknown table {key!r}; expected one of {TABLES}") from None

    def identities_for(self, table: str, form: str) -> tuple[Identity, ...]:
        return tuple(i for i in self.identities if i.table == table and form in i.forms)


def _column(d: dict) -> ColumnSpec:
    return ColumnSpec(
        d["key"],
        d["label"],
        tuple(d["aliases"]),
        tuple(d["forms"]),
        d.get("group"),
        bool(d.get("signed", False)),
        bool(d.get("cumulative", False)),
    )


def _row(d: dict) -> RowSpec:
    cols = {form: tuple(keys) for form, keys in d.get("columns", {}).items()}
    return RowSpec(
        d["key"], d["label"], tuple(d["aliases"]), tuple(d["forms"]), d.get("group"), cols
    )


@cache
def load_schema() -> Schema:
    """Load the packaged schema once per process."""
    text = resources.files("retable").joinpath("schema/standard_tables.json").read_text("utf-8")
    raw = json.loads(text)
    tables = {
        key: TableSpec(
            key=key,
            label=t["label"],
            headings=tuple(t["headings"]),
            markers=tuple(t["markers"]),
            rows=tuple(_row(r) for r in t["rows"]),
            columns=tuple(_column(c) for c in t["columns"]),
            groups=dict(t.get("groups", {})),
        )
        for key, t in raw["tables"].items()
    }
    identities = tuple(
        Identity(
            i["name"],
            i["table"],
            i["axis"],
            tuple(i["lhs"]),
            tuple(i["rhs"]),
            tuple(i["forms"]),
            i["description"],
        )
        for i in raw["identities"]
    )
    markers = {form: tuple(f["markers"]) for form, f in raw["forms"].items()}
    first_years = {form: int(f["first_report_year"]) for form, f in raw["forms"].items()}
    return Schema(raw["schema_version"], tables, identities, markers, first_years)
