"""The text DrissionPage gives of a page: an element's ``.text``.

DrissionPage, a browser and requests automation library much used to scrape
Chinese government sites, writes an element's text with a function of its own
(``get_ele_txt``), the same for a page it drove a browser to and one it only
downloaded. This is that function on lxml:

- an element begins a line unless it is inline (``span``, ``font``, ``a`` …,
  and the table cells ``td`` and ``th``);
- a table cell after another cell of its row is preceded by a tab, so a row's
  first cell is not (a cell that holds paragraphs puts them on lines of their
  own, each further cell's tab at the start of its first line);
- paragraphs, divisions, headings and list items end their line;
- text that is only spaces and line breaks is left out, other text has its line
  breaks turned into spaces and runs of spaces into one; a no-break space
  becomes a plain space at the very end, so an empty cell that held ``&nbsp;``
  is a tab and a space.
"""

from __future__ import annotations

import html
import itertools
import re

import lxml.html

INLINE = frozenset(
    {
        *("br", "sub", "sup", "em", "strong", "a", "font", "b", "span", "s", "i", "del"),
        *("ins", "img", "td", "th", "abbr", "bdi", "bdo", "cite", "code", "data", "dfn"),
        *("kbd", "mark", "q", "rp", "rt", "ruby", "samp", "small", "time", "u", "var"),
        *("wbr", "button", "slot", "content"),
    }
)
# The library's list joins "address" and "article" into one name by a missing comma,
# so neither ends its line.
ENDS_LINE = frozenset(
    {
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "li", "blockquote"),
        *("header", "footer", "addressarticle", "aside", "main", "nav", "section"),
        *("figcaption", "summary"),
    }
)
NO_TEXT = frozenset(
    {"script", "style", "video", "audio", "iframe", "embed", "noscript", "canvas", "template"}
)
CELLS = frozenset({"td", "th"})
_ONLY_BREAKS = re.compile(r"[ \n\t\r]")
_SPACE_RUN = re.compile(r" {2,}")
BREAK = True  # a <br>, kept apart from text until the pieces are joined


def element_text(markup: str) -> str:
    """The text of the page's top element as DrissionPage's ``.text`` gives it."""
    pieces = _pieces(lxml.html.fromstring(markup))
    if pieces and pieces[-1] == "\n":
        pieces.pop()
    text = _join(pieces).strip()
    return html.unescape(text).replace("\u00a0", " ") if text else text


def _tag(element) -> str:
    return element.tag if isinstance(element.tag, str) else ""


def _pieces(element, pre: bool = False) -> list:
    tag = _tag(element)
    if tag == "br":
        return [BREAK]
    pre = pre or tag == "pre"
    out: list = []
    if tag in NO_TEXT and not pre:
        return out
    previous = ""
    for node in element.xpath("./text() | *"):
        if isinstance(node, str):
            if pre:
                out.append(str(node))
            elif _ONLY_BREAKS.sub("", node):
                text = str(node).replace("\r\n", " ").replace("\n", " ")
                out.append(_SPACE_RUN.sub(" ", text))
            continue
        child = _tag(node)
        if child not in INLINE and out and out[-1] != "\n":
            out.append("\n")
        if child in CELLS and previous in CELLS:
            out.append("\t")
        out.extend(_pieces(node, pre))
        previous = child
    if tag in ENDS_LINE and out and out[-1] not in ("\n", BREAK):
        out.append("\n")
    return out


def _join(pieces: list) -> str:
    """Pieces to text: a break is a line break, and of two pieces that meet with a
    space each, one space goes."""
    if len(pieces) < 2:
        return "\n" if pieces == [BREAK] else "".join(pieces)
    out = []
    for a, b in itertools.pairwise(pieces):
        if a is BREAK:
            out.append("\n")
        elif b is BREAK:
            out.append(a)
        elif a.endswith(" ") and b.startswith(" "):
            out.append(a[:-1])
        else:
            out.append(a)
    out.append("\n" if pieces[-1] is BREAK else pieces[-1])
    return "".join(out)
