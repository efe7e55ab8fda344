"""The text WebDriver gives of a page: Selenium's ``element.text``.

Scrapers that drive a browser keep ``driver.find_element(By.TAG_NAME, "body").text``.
WebDriver's "Get Element Text" runs Selenium's ``bot.dom.getVisibleText`` atom in
every browser; this is that algorithm for markup without style sheets, where an
element's display is its tag's default:

- a block element (paragraph, table row, division …) begins and ends a line,
  unless the line holds only white space;
- a table cell's text is followed by one space, unless its line is empty or
  already ends with one;
- runs of white space in text collapse to one space, a line break included;
  a no-break space is kept, and turned into a plain space at the very end, after
  each line is trimmed of every other white space (an ideographic space too).

So an empty cell that holds ``&nbsp;`` leaves two spaces, which
:mod:`retable.spaced_blanks` reads back. Browsers are not needed to train on this
layout; ``tests/documents/converted`` holds real Selenium output to check against.
"""

from __future__ import annotations

import re

import lxml.html

BLOCKS = frozenset(
    {
        *("html", "body", "div", "p", "pre", "blockquote", "center", "hr", "address"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "caption", "thead", "tbody", "tfoot", "tr"),
        *("article", "aside", "section", "header", "footer", "main", "nav", "figure"),
        *("form", "fieldset"),
    }
)
CELLS = frozenset({"td", "th"})
NOT_SHOWN = frozenset({"head", "script", "style", "title", "noscript", "template"})
_COLLAPSE = re.compile(r"[ \f\t\v\u2028\u2029]+")
# What a line is trimmed of: JavaScript's white space (\s), but for the no-break space.
_PLAIN_SPACE = " \t\n\r\f\v\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)


def element_text(markup: str) -> str:
    """The page's body text as WebDriver's element text gives it."""
    root = lxml.html.document_fromstring(markup)
    body = root.find("body")
    lines = [""]
    _append_element(root if body is None else body, lines)
    joined = "\n".join(line.strip(_PLAIN_SPACE) for line in lines)
    return joined.strip(_PLAIN_SPACE).replace("\u00a0", " ")


def _blank(line: str) -> bool:
    return not line.strip(_PLAIN_SPACE + "\u00a0")


def _tag(element) -> str:
    """The element's tag, lower case; "" for comments and processing instructions.
    Unknown elements, such as Word's ``<o:p>``, are inline."""
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _append_element(element, lines: list[str]) -> None:
    tag = _tag(element)
    if tag in NOT_SHOWN or not tag:
        return
    if tag == "br":
        lines.append("")
        return
    block = tag in BLOCKS
    if block and not _blank(lines[-1]):
        lines.append("")
    if element.text:
        _append_text(element.text, lines)
    for child in element:
        _append_element(child, lines)
        if child.tail:
            _append_text(child.tail, lines)
    if tag in CELLS and lines[-1] and not lines[-1].endswith(" "):
        lines[-1] += " "
    if block and not _blank(lines[-1]):
        lines.append("")


def _append_text(text: str, lines: list[str]) -> None:
    text = _COLLAPSE.sub(" ", text.replace("\r", " ").replace("\n", " "))
    if lines[-1].endswith(" ") and text.startswith(" "):
        text = text[1:]
    lines[-1] += text
