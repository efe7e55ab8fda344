"""HTML rendering of a report and the converters scrapers run on HTML.

Real pages are CMS rich text or Word exports: ``<p>`` paragraphs, tables with
rowspan/colspan, values wrapped in ``<p align="center">`` or ``<span>``.
The converter layouts (bs4 get_text, html2text, w3m, tags stripped from
pretty-printed HTML, Selenium's element text, DrissionPage's ``.text``) are what a
scraper stores when it keeps text instead of markup; the libraries of the first
three are optional.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess

from . import drission, webdriver
from .cells import Ctx, cell_text
from .tables import Table

CONVERTERS = ("bs4-get-text", "html2text", "w3m", "tags-stripped", "webdriver", "drissionpage")
_TABLE_TAG = re.compile(r"(</?(?:table|tbody|tr|td)\b[^>]*>)")
_TAG = re.compile(r"<[^>]+>")


class ConverterMissing(RuntimeError):
    """A converter layout was asked for but its library or binary is not installed."""


def _cell(text: str, ctx: Ctx, word: bool) -> str:
    body = "<br/>".join(html.escape(t) for t in text.split("\n")) or "&nbsp;"
    if word:
        return f'<p align="center"><span style="font-size:12px">{body}</span></p>'
    return body


def table_html(table: Table, ctx: Ctx, word: bool) -> str:
    rows = []
    for row in table:
        tds = []
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            text = cell_text(cell, ctx, "\n")
            tds.append(f"<td{attrs}>{_cell(text, ctx, word)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    border = ' border="1" cellspacing="0"' if word else ' border="1"'
    return f"<table{border}><tbody>" + "".join(rows) + "</tbody></table>"


def paragraph(text: str, kind: str) -> str:
    escaped = html.escape(text)
    if kind == "title":
        return f'<p style="text-align:center;font-weight:bold">{escaped}</p>'
    if kind == "heading":
        return f"<p><strong>{escaped}</strong></p>"
    return f"<p>{escaped}</p>"


def convert(markup: str, layout: str) -> str:
    """Run one converter over the page; raises :class:`ConverterMissing` when unavailable."""
    if layout == "bs4-get-text":
        try:
            from bs4 import BeautifulSoup
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ConverterMissing(
                "bs4-get-text needs beautifulsoup4 (pip install '.[train]')"
            ) from exc
        return BeautifulSoup(markup, "html.parser").get_text("\n")
    if layout == "html2text":
        try:
            import html2text
        except ImportError as exc:  # pragma: no cover
            raise ConverterMissing(
                "html2text layout needs html2text (pip install '.[train]')"
            ) from exc
        conv = html2text.HTML2Text()
        conv.body_width = 0
        return conv.handle(markup)
    if layout == "tags-stripped":
        return _TAG.sub("", pretty_print(markup))
    if layout == "webdriver":
        return webdriver.element_text(markup)
    if layout == "drissionpage":
        return drission.element_text(markup)
    if layout == "w3m":
        binary = shutil.which("w3m")
        if binary is None:
            raise ConverterMissing("w3m layout needs the w3m binary on PATH")
        done = subprocess.run(
            [binary, "-dump", "-T", "text/html", "-cols", "200", "-I", "UTF-8", "-O", "UTF-8"],
            input=markup.encode("utf-8"),
            capture_output=True,
            check=True,
            timeout=30,
        )
        return done.stdout.decode("utf-8")
    raise ValueError(f"unknown converter layout {layout!r}")


def pretty_print(markup: str) -> str:
    """The page as a CMS or Word writes it: each table tag on a line of its own,
    indented by depth, and each cell's content on a line between its tags. What an
    empty cell holds (``&nbsp;``, Word's ``<o:p> </o:p>`` space, or nothing) and
    the indentation vary with the page, as they do between real sites."""
    variant = len(markup) % 6
    empty, indent = ("&nbsp;", " ", "")[variant % 3], "  " * (variant // 3)
    lines: list[str] = []
    depth = 0
    for i, piece in enumerate(_TABLE_TAG.split(markup)):
        if i % 2:  # a tag
            closing = piece.startswith("</")
            depth -= closing
            lines.append(indent * depth + piece)
            depth += not closing
        elif depth:
            content = piece.replace("&nbsp;", empty)
            if content:
                lines.append(indent * depth + content)
        else:
            lines.append(piece)
    return "\n".join(lines)


def available(layout: str) -> bool:
    """Whether a converter layout can run here (used to skip, never to fail)."""
    if layout == "w3m":
        return shutil.which("w3m") is not None
    module = {"bs4-get-text": "bs4", "html2text": "html2text"}.get(layout)
    if module is None:
        return True
    try:
        __import__(module)
    except ImportError:
        return False
    return True
